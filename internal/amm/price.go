package amm

import "github.com/taokit/taokit/internal/fixed"

var (
	fxOne         = fixed.U64F64FromU64(1)
	fxZero        = fixed.U64F64{}
	maxPriceFixed = fixed.U64F64Quotient(MaxPriceRAO, 1_000_000_000)
	minPriceFixed = fixed.U64F64Quotient(MinPriceRAO, 1_000_000_000)
)

// balancerPrice is Balancer::calculate_price(x, y) = (w1/w2)·(y/x) in U64F64,
// each quotient a safe_div (0 on a zero divisor or overflow).
func balancerPrice(quote Perquintill, x, y uint64) fixed.U64F64 {
	return priceWithRatio(weightRatio(quote), x, y)
}

// weightRatio is w1.safe_div(w2) in U64F64 (exactly 1 at weight ½).
func weightRatio(quote Perquintill) fixed.U64F64 {
	if quote == HalfWeight {
		return fxOne
	}
	return fixed.U64F64Quotient(uint64(PerquintillOne.SatSub(quote)), uint64(quote))
}

// priceWithRatio is calculate_price with the weight ratio precomputed.
func priceWithRatio(ratio fixed.U64F64, x, y uint64) fixed.U64F64 {
	if ratio == fxOne {
		return fixed.U64F64Quotient(y, x) // 1·q = q exactly
	}
	return ratio.SatMulU(fixed.U64F64Quotient(y, x))
}

// Price is the pool's current price in TAO per alpha as U64F64 (the swap
// pallet's current_price, dtao.md §3.2): 1 for a stable subnet, 0 for an
// empty alpha reserve, else the curve's price.
func (p Pool) Price() fixed.U64F64 {
	if p.Mechanism != Dynamic {
		return fxOne
	}
	if p.Alpha == 0 {
		return fxZero
	}
	if p.Curve == CurveConstantProduct {
		return constantProductPrice(p.TAO, p.Alpha)
	}
	return balancerPrice(p.QuoteWeight, p.Alpha, p.TAO)
}

// LimitPrice converts a limit in RAO per alpha to the U64F64 price the swap
// compares against: U64F64(limit)/10^9.
func LimitPrice(limitRAO uint64) fixed.U64F64 {
	switch limitRAO {
	case MaxPriceRAO:
		return maxPriceFixed
	case MinPriceRAO:
		return minPriceFixed
	}
	return fixed.U64F64Quotient(limitRAO, 1_000_000_000)
}

// FeeAmount is calculate_fee_amount: ⌊amount·(rate/65535)⌋ with the rate a
// U64F64 quotient; 0 when fees are dropped or the subnet is not dynamic.
func (p Pool) FeeAmount(amount uint64, dropFees bool) uint64 {
	if dropFees || p.Mechanism != Dynamic {
		return 0
	}
	return feeAmount(amount, p.FeeRate)
}

func feeAmount(amount uint64, rate uint16) uint64 {
	return fixed.U64F64Quotient(uint64(rate), 65535).MulU64Floor(amount)
}

// partialFee is the fee recomputed on the executed part of a partial fill:
// ⌊Δ·(r/(65535−r))⌋ (swap_step.rs::determine_action).
func partialFee(delta uint64, rate uint16, dropFees bool) uint64 {
	r := fixed.U64F64FromU64(uint64(rate))
	if dropFees {
		r = fxZero
	}
	q := r.SafeDiv(fixed.U64F64FromU64(65535).SatSub(r))
	return q.MulU64Floor(delta)
}
