package amm

import "math/bits"

// Perquintill is sp_arithmetic's Perquintill: parts per 10^18.
type Perquintill uint64

// Perquintill constants of the balancer (SW/balancer.rs).
const (
	// PerquintillOne is 1.0 (ACCURACY).
	PerquintillOne Perquintill = 1_000_000_000_000_000_000
	// HalfWeight is the default weight ½.
	HalfWeight Perquintill = PerquintillOne / 2
	// MinWeight is MIN_WEIGHT, 0.01: both weights must stay at or above it.
	MinWeight Perquintill = PerquintillOne / 100
)

// SatSub is saturating subtraction.
func (p Perquintill) SatSub(q Perquintill) Perquintill {
	if q > p {
		return 0
	}
	return p - q
}

// weightInRange is Balancer::check_constraints: both weights ≥ MIN_WEIGHT.
func weightInRange(quote Perquintill) bool {
	return quote >= MinWeight && PerquintillOne.SatSub(quote) >= MinWeight
}

// PerquintillFromRational is Perquintill::from_rational(p, q): ⌊p/q·10^18⌋,
// saturating at one when p ≥ q, and one when q = 0.
func PerquintillFromRational(pHi, pLo, qHi, qLo uint64) Perquintill {
	if qHi|qLo == 0 || pHi > qHi || (pHi == qHi && pLo >= qLo) {
		return PerquintillOne
	}
	if pHi == 0 && qHi == 0 {
		hi, lo := bits.Mul64(pLo, uint64(PerquintillOne))
		// p < q, so p·10^18/q < 10^18 and hi < q: Div64 cannot overflow.
		quo, _ := bits.Div64(hi, lo, qLo)
		return Perquintill(quo)
	}
	return Perquintill(div192by128(pHi, pLo, uint64(PerquintillOne), qHi, qLo))
}

// div192by128 returns ⌊(p·m)/q⌋ for 128-bit p < q with qHi ≠ 0 and
// m < 2⁶⁴ (the quotient is then below m): Knuth's algorithm D with one
// quotient limb. q is shifted until its top bit is set; the estimate from
// the two top limbs of the shifted dividend over the top limb of q is at
// most 2 too large and is corrected against the full product.
func div192by128(pHi, pLo, m, qHi, qLo uint64) uint64 {
	// n = p·m, 192 bits.
	h0, n0 := bits.Mul64(pLo, m)
	h1, l1 := bits.Mul64(pHi, m)
	n1, c := bits.Add64(l1, h0, 0)
	n2 := h1 + c
	// Normalise.
	s := uint(bits.LeadingZeros64(qHi))
	dHi, dLo := qHi, qLo
	if s > 0 {
		dHi, dLo = qHi<<s|qLo>>(64-s), qLo<<s
		n2, n1, n0 = n2<<s|n1>>(64-s), n1<<s|n0>>(64-s), n0<<s
	}
	// n < d·2⁶⁴ (p < q, m < 2⁶⁴), so n2 ≤ dHi; clamp the estimate when equal.
	qhat := ^uint64(0)
	if n2 < dHi {
		qhat, _ = bits.Div64(n2, n1, dHi)
	}
	for {
		// t = qhat·d, 192 bits; done when t ≤ n.
		a1, t0 := bits.Mul64(qhat, dLo)
		b2, b1 := bits.Mul64(qhat, dHi)
		t1, c := bits.Add64(b1, a1, 0)
		t2 := b2 + c
		if t2 < n2 || t2 == n2 && (t1 < n1 || t1 == n1 && t0 <= n0) {
			return qhat
		}
		qhat--
	}
}
