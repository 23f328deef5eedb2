package amm

import (
	"math/big"
	"math/bits"
	"sync"
)

// q128 is a fraction in [0, 1) with 128 bits: value = (hi·2^64 + lo) / 2^128.
type q128 struct{ hi, lo uint64 }

func (a q128) isZero() bool { return a.hi|a.lo == 0 }

func (a q128) less(b q128) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }

func (a q128) add(b q128) (q128, uint64) {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c := bits.Add64(a.hi, b.hi, c)
	return q128{hi, lo}, c
}

func (a q128) sub(b q128) (q128, uint64) {
	lo, br := bits.Sub64(a.lo, b.lo, 0)
	hi, br := bits.Sub64(a.hi, b.hi, br)
	return q128{hi, lo}, br
}

// mulHi returns ⌊a·b⌋ of two fractions (the top 128 bits of the product).
func mulHi(a, b q128) q128 {
	hh1, hh0 := bits.Mul64(a.hi, b.hi)
	hl1, hl0 := bits.Mul64(a.hi, b.lo)
	lh1, lh0 := bits.Mul64(a.lo, b.hi)
	ll1, _ := bits.Mul64(a.lo, b.lo)
	// Column 1 (weight 2^64 below the result): hh0 + hl1 + lh1 go to the
	// result's low word; hl0 + lh0 + ll1 carry into it.
	_, c := bits.Add64(hl0, lh0, 0)
	t := c
	_, c = bits.Add64(hl0+lh0, ll1, 0)
	t += c
	lo, c := bits.Add64(hh0, hl1, 0)
	hi := hh1 + c
	lo, c = bits.Add64(lo, lh1, 0)
	hi += c
	lo, c = bits.Add64(lo, t, 0)
	hi += c
	return q128{hi, lo}
}

// divSmall returns ⌊a/d⌋ for d > 0.
func (a q128) divSmall(d uint64) q128 {
	q1, r := bits.Div64(0, a.hi, d)
	q0, _ := bits.Div64(r, a.lo, d)
	return q128{q1, q0}
}

// Tables of the fast evaluation, computed once on first use with math/big
// at 320 bits and rounded to nearest at 128 bits (see tables_test.go).
var (
	fastTablesOnce sync.Once
	lnTable        [256]q128 // ln(1 + j/256)
	expTable       [45]q128  // e^(j/64) − 1; e^(44/64) < 2
	ln2Q           q128      // ln 2
)

const tableBits = 320

func initFastTables() {
	one := new(big.Int).Lsh(big.NewInt(1), tableBits)
	for j := range lnTable {
		lnTable[j] = roundQ128(bigLnRatio(int64(256+j), 256))
	}
	ln2Q = roundQ128(bigLnRatio(2, 1))
	for j := range expTable {
		e := bigExpRatio(int64(j), 64)
		expTable[j] = roundQ128(e.Sub(e, one))
	}
}

// bigLnRatio returns ln(a/b)·2^tableBits (a ≥ b > 0, a/b ≤ 2) by the series
// ln(a/b) = 2·atanh(z), z = (a−b)/(a+b), each term floored.
func bigLnRatio(a, b int64) *big.Int {
	z := new(big.Int).Lsh(big.NewInt(a-b), tableBits)
	z.Quo(z, big.NewInt(a+b))
	one := new(big.Int).Lsh(big.NewInt(1), tableBits)
	z2 := new(big.Int).Mul(z, z)
	z2.Quo(z2, one)
	sum := new(big.Int).Set(z)
	p := new(big.Int).Set(z)
	for k := int64(3); ; k += 2 {
		p.Mul(p, z2).Quo(p, one)
		t := new(big.Int).Quo(p, big.NewInt(k))
		if t.Sign() == 0 {
			break
		}
		sum.Add(sum, t)
	}
	return sum.Lsh(sum, 1)
}

// bigExpRatio returns e^(a/b)·2^tableBits (0 ≤ a/b < 1) by its Taylor series.
func bigExpRatio(a, b int64) *big.Int {
	one := new(big.Int).Lsh(big.NewInt(1), tableBits)
	sum := new(big.Int).Set(one)
	t := new(big.Int).Set(one)
	for n := int64(1); ; n++ {
		t.Mul(t, big.NewInt(a)).Quo(t, big.NewInt(b*n))
		if t.Sign() == 0 {
			break
		}
		sum.Add(sum, t)
	}
	return sum
}

// roundQ128 rounds v/2^tableBits (in [0, 1)) to the nearest q128.
func roundQ128(v *big.Int) q128 {
	r := new(big.Int).Rsh(v, tableBits-128-1)
	r.Add(r, big.NewInt(1)).Rsh(r, 1)
	lo := new(big.Int).And(r, new(big.Int).SetUint64(^uint64(0))).Uint64()
	hi := r.Rsh(r, 64).Uint64()
	return q128{hi, lo}
}
