package amm

import "github.com/taokit/taokit/internal/fixed"

// balancer is the weighted pool's math for one weight (SW/balancer.rs),
// parameterised by the pow_ratio_scaled evaluation so that the fast path and
// the step-for-step reference can be run side by side.
type balancer struct {
	quote Perquintill
	pow   powFunc
}

func (b balancer) base() Perquintill { return PerquintillOne.SatSub(b.quote) }

// expScaled is Balancer::exp_scaled(x, dx ≥ 0, baseQuote): the U64F64 value
// of (x/(x+dx))^(w1/w2) when baseQuote, else ^(w2/w1), clamped to ≤ 1.
func (b balancer) expScaled(x, dx uint64, baseQuote bool) fixed.U64F64 {
	xdx := satAdd(x, dx)
	if xdx == 0 {
		return fxZero
	}
	en, ed := uint64(b.base()), uint64(b.quote)
	if !baseQuote {
		en, ed = ed, en
	}
	v, class := b.pow(u128{0, x}, u128{0, xdx}, en, ed, precisionSwap)
	if class != powFits {
		return fxZero
	}
	r := fixed.U64F64Quotient(v, powScale)
	if fxOne.Less(r) {
		return fxOne
	}
	return r
}

// alphaOut is the buy's convert_deltas: ⌊x·(1 − (y/(y+Δy))^(w2/w1))⌋.
func (b balancer) alphaOut(x, y, dy uint64) uint64 {
	e := b.expScaled(y, dy, false)
	return fxOne.SatSub(e).MulU64Floor(x)
}

// taoOut is the sell's convert_deltas: ⌊y·(1 − (x/(x+Δx))^(w1/w2))⌋.
func (b balancer) taoOut(x, y, dx uint64) uint64 {
	e := b.expScaled(x, dx, true)
	return fxOne.SatSub(e).MulU64Floor(y)
}

// deltaIn is calculate_quote_delta_in (num = target, den = current, exponent
// w1) and calculate_base_delta_in (num = current, den = target, exponent w2):
// ⌊reserve·((num/den)^w − 1)⌋ with pow at precision 1024.
func (b balancer) deltaIn(num, den fixed.U64F64, w Perquintill, reserve uint64) uint64 {
	nh, nl := num.Bits()
	dh, dl := den.Bits()
	if dh|dl == 0 {
		return 0 // pow_ratio_scaled returns None
	}
	v, class := b.pow(u128{nh, nl}, u128{dh, dl}, uint64(w), uint64(PerquintillOne), precisionDelta)
	var e fixed.U64F64
	switch class {
	case powFits:
		e = fixed.U64F64FromU64(v)
	case powAbove:
		e = fixed.U64F64FromU64(^uint64(0))
	}
	scale := fixed.U64F64FromU64(powScale)
	return fixed.U64F64FromU64(reserve).SatMul(e.SafeDiv(scale).SatSub(fxOne)).ToU64()
}

// quoteDeltaIn is the TAO needed to move the price up from cur to target.
func (b balancer) quoteDeltaIn(cur, target fixed.U64F64, taoReserve uint64) uint64 {
	return b.deltaIn(target, cur, b.base(), taoReserve)
}

// baseDeltaIn is the alpha needed to move the price down from cur to target.
func (b balancer) baseDeltaIn(cur, target fixed.U64F64, alphaReserve uint64) uint64 {
	return b.deltaIn(cur, target, b.quote, alphaReserve)
}

func satAdd(a, b uint64) uint64 {
	if s := a + b; s >= a {
		return s
	}
	return ^uint64(0)
}

func satSub(a, b uint64) uint64 {
	if a < b {
		return 0
	}
	return a - b
}

func satMul(a, b uint64) uint64 {
	if a != 0 && b > ^uint64(0)/a {
		return ^uint64(0)
	}
	return a * b
}
