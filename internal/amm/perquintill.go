package amm

import (
	"math/big"
	"math/bits"
)

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
	n := new(big.Int).Lsh(new(big.Int).SetUint64(pHi), 64)
	n.Or(n, new(big.Int).SetUint64(pLo))
	n.Mul(n, new(big.Int).SetUint64(uint64(PerquintillOne)))
	d := new(big.Int).Lsh(new(big.Int).SetUint64(qHi), 64)
	d.Or(d, new(big.Int).SetUint64(qLo))
	n.Quo(n, d)
	return Perquintill(n.Uint64())
}
