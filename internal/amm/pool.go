package amm

import "fmt"

// Mechanism is SubnetMechanism: how a subnet prices its alpha.
type Mechanism uint16

const (
	// Stable is mechanism 0: root and stable subnets trade 1:1 with no fee.
	Stable Mechanism = 0
	// Dynamic is mechanism 1: trades go through the pool.
	Dynamic Mechanism = 1
)

// CurveKind selects the pool formula of a dynamic subnet.
type CurveKind uint8

const (
	// CurveBalancer is the current weighted pool (dtao.md §3.1–§3.6).
	CurveBalancer CurveKind = iota
	// CurveConstantProduct is the constant-product pool of dTAO's launch
	// (dtao.md §3.9 item 1).
	CurveConstantProduct
)

// String returns "balancer" or "constant_product".
func (c CurveKind) String() string {
	switch c {
	case CurveBalancer:
		return "balancer"
	case CurveConstantProduct:
		return "constant_product"
	}
	return fmt.Sprintf("curve(%d)", uint8(c))
}

// Chain constants and defaults (dtao.md §3.1, §3.4).
const (
	// DefaultFeeRate is FeeRate's default, out of 65 535 (≈ 0.05%).
	DefaultFeeRate uint16 = 33
	// MaxFeeRate is the runtime's SwapMaxFeeRate (≈ 15.26%).
	MaxFeeRate uint16 = 10_000
	// DefaultMinimumReserve is the runtime's SwapMinimumReserve in RAO.
	DefaultMinimumReserve uint64 = 1_000_000
	// MaxInputReserveMultiplier caps a swap's net input at this multiple of
	// the input-side reserve.
	MaxInputReserveMultiplier uint64 = 1_000
	// MaxPriceRAO is the default limit of a buy, in RAO per alpha.
	MaxPriceRAO uint64 = 1_000_000_000_000_000
	// MinPriceRAO is the default limit of a sell, in RAO per alpha.
	MinPriceRAO uint64 = 1_000
	// ConstantProductMinLiquidity is v2.0.0's DefaultMinimumPoolLiquidity in RAO.
	ConstantProductMinLiquidity uint64 = 10_000_000
)

// Pool is one subnet's pool: the reserves pallet-subtensor keeps
// (SubnetTAO, SubnetAlphaIn) and the swap pallet's state for the subnet
// (SwapBalancer, FeeRate, PalSwapInitialized). It is a plain value: every
// operation returns the new pool and leaves its receiver unchanged.
type Pool struct {
	// TAO is SubnetTAO, the TAO reserve (y), in RAO.
	TAO uint64
	// Alpha is SubnetAlphaIn, the alpha reserve (x), in RAO.
	Alpha uint64
	// QuoteWeight is the TAO weight w2 in Perquintill parts (SwapBalancer).
	QuoteWeight Perquintill
	// FeeRate is the swap fee out of 65 535.
	FeeRate uint16
	// MinimumReserve is the smallest output reserve a swap may start from.
	MinimumReserve uint64
	// Mechanism is SubnetMechanism.
	Mechanism Mechanism
	// Initialized is PalSwapInitialized. The first swap of an uninitialised
	// pool sets the weight to ½ (dtao.md §3.4 step 4).
	Initialized bool
	// Curve selects the pool formula of a dynamic subnet.
	Curve CurveKind
}

// NewPool returns a dynamic balancer pool with the runtime defaults: weight
// ½, fee 33/65535, minimum reserve 1 000 000 RAO, initialised.
func NewPool(tao, alpha uint64) Pool {
	return Pool{
		TAO:            tao,
		Alpha:          alpha,
		QuoteWeight:    HalfWeight,
		FeeRate:        DefaultFeeRate,
		MinimumReserve: DefaultMinimumReserve,
		Mechanism:      Dynamic,
		Initialized:    true,
		Curve:          CurveBalancer,
	}
}

// BaseWeight returns w1 = 1 − w2 (the alpha weight).
func (p Pool) BaseWeight() Perquintill { return PerquintillOne.SatSub(p.QuoteWeight) }

// Validate checks what the chain itself guarantees about stored state: a
// known mechanism and curve, a fee rate within the chain's maximum, and a
// weight within [0.01, 0.99] for an initialised balancer pool.
func (p Pool) Validate() error {
	if p.Mechanism != Stable && p.Mechanism != Dynamic {
		return fmt.Errorf("mechanism %d: %w", p.Mechanism, ErrMechanismDoesNotExist)
	}
	if p.Curve != CurveBalancer && p.Curve != CurveConstantProduct {
		return fmt.Errorf("unknown curve %d", p.Curve)
	}
	if p.FeeRate > MaxFeeRate {
		return fmt.Errorf("fee rate %d above %d: %w", p.FeeRate, MaxFeeRate, ErrFeeRateTooHigh)
	}
	if p.Initialized && p.Curve == CurveBalancer && !weightInRange(p.QuoteWeight) {
		return fmt.Errorf("quote weight %d: %w", p.QuoteWeight, ErrInvalidWeight)
	}
	return nil
}
