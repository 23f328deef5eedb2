package yuma

import (
	"math/bits"

	"github.com/taokit/taokit/internal/fixed"
)

// divisor divides many I32F32 numerators by one divisor exactly as
// I32F32.SafeDiv does, but with a precomputed reciprocal (Möller and
// Granlund, "Improved division by invariant integers", 2011, algorithm 4)
// instead of a hardware 128-by-64 division per entry. Normalization divides
// every matrix entry by its row or column sum, so this is the epoch's
// hottest arithmetic.
type divisor struct {
	d     fixed.I32F32 // the divisor as given
	dn    uint64       // |d| shifted left until its top bit is set
	v     uint64       // ⌊(2^128−1)/dn⌋ − 2^64
	shift uint8        // leading zeros of |d|
	pow   uint64       // 2^shift (0 for d ≤ 0): a·pow is a << shift without a shift by CL
}

// newDivisor prepares division by d (d may be anything; 0 divides to 0).
func newDivisor(d fixed.I32F32) divisor {
	if d <= 0 {
		return divisor{d: d}
	}
	s := uint(bits.LeadingZeros64(uint64(d)))
	dn := uint64(d) << s
	v, _ := bits.Div64(^dn, ^uint64(0), dn)
	return divisor{d: d, dn: dn, v: v, shift: uint8(s), pow: 1 << s}
}

// div returns a.SafeDiv(d): ⌊a·2^32/d⌋, or 0 for d = 0 or on overflow.
func (q *divisor) div(a fixed.I32F32) fixed.I32F32 {
	if q.dn == 0 || a < 0 || a > q.d {
		return a.SafeDiv(q.d) // rare: not the 0 ≤ a ≤ d the fast path needs
	}
	return fixed.I32F32(q.fracQuo(uint64(a)))
}

// fracQuo returns ⌊a·2^32/d⌋ for 0 ≤ a ≤ d (so the quotient is ≤ 2^32).
// Branch-free and small enough to inline into the hot loops.
func (q *divisor) fracQuo(a uint64) uint64 {
	// The numerator a·2^32·2^shift as a 128-bit (u1, u0): a ≤ d, so
	// a·2^shift ≤ dn fits in 64 bits, and u1 < dn as the algorithm needs.
	an := a << (q.shift & 63) // shift ≤ 63: a plain shift
	u1, u0 := an>>32, an<<32
	qh, ql := bits.Mul64(q.v, u1)
	var c uint64
	ql, c = bits.Add64(ql, u0, 0)
	qh, _ = bits.Add64(qh, u1, c)
	qh++
	r := u0 - qh*q.dn
	// if r > ql { qh--; r += dn }; if r >= dn { qh++ }
	_, b := bits.Sub64(ql, r, 0)
	qh -= b
	r += q.dn & -b
	_, b = bits.Sub64(r, q.dn, 0)
	return qh + 1 - b
}

// divSlice sets dst[i] = q.div(src[i]) for every i (dst may be src), with
// fracQuo written out: the compiler inlines neither div nor fracQuo.
func (q *divisor) divSlice(dst, src []fixed.I32F32) {
	dst = dst[:len(src)]
	if q.dn == 0 {
		for i, a := range src {
			dst[i] = a.SafeDiv(q.d)
		}
		return
	}
	u := newUnitDiv(q) // in [0, d] its quotients are divisor's
	for i, a := range src {
		if a < 0 || a > q.d {
			dst[i] = a.SafeDiv(q.d)
			continue
		}
		dst[i] = fixed.I32F32(u.quo(uint64(a)))
	}
}
