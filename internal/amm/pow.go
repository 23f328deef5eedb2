package amm

import "math/big"

// powScale is the scale every balancer call of pow_ratio_scaled uses (ACCURACY).
const powScale uint64 = 1_000_000_000_000_000_000

// Precisions the balancer passes to pow_ratio_scaled.
const (
	precisionSwap  = 256  // exp_scaled
	precisionDelta = 1024 // calculate_quote_delta_in / calculate_base_delta_in
)

// powClass says how a pow_ratio_scaled result relates to u64, which is all
// the balancer looks at: to_u64() either fits, or fails because the result
// is above u64::MAX or negative.
type powClass uint8

const (
	powFits powClass = iota
	powAbove
	powNegative
)

// u128 is an unsigned 128-bit integer (balancer inputs are u64 reserves or
// U64F64 price bits).
type u128 struct{ hi, lo uint64 }

func (a u128) isZero() bool { return a.hi|a.lo == 0 }

func (a u128) big() *big.Int {
	v := new(big.Int).SetUint64(a.hi)
	v.Lsh(v, 64)
	return v.Or(v, new(big.Int).SetUint64(a.lo))
}

// powFunc evaluates pow_ratio_scaled(bn, bd, en, ed, precision, 10^18) and
// classifies the result. bd and ed are never zero at the call sites.
type powFunc func(bn, bd u128, en, ed uint64, precision uint32) (uint64, powClass)

// powRef is the balancer's view of the step-for-step reference port.
func powRef(bn, bd u128, en, ed uint64, precision uint32) (uint64, powClass) {
	r, ok := PowRatioScaledRef(bn.big(), bd.big(), new(big.Int).SetUint64(en),
		new(big.Int).SetUint64(ed), precision, new(big.Int).SetUint64(powScale))
	if !ok {
		// Unreachable from the balancer (denominators are non-zero); the
		// callers treat None like a failed conversion.
		return 0, powNegative
	}
	return classifyBig(r)
}

func classifyBig(r *big.Int) (uint64, powClass) {
	switch {
	case r.Sign() < 0:
		return 0, powNegative
	case r.IsUint64():
		return r.Uint64(), powFits
	}
	return 0, powAbove
}
