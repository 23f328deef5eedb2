package sharepool

import (
	"math"
	"math/bits"
)

// Native fast paths. Normalised mantissas are at most 10^21 < 2^70, so every
// SafeFloat operation's result mantissa fits in 128 bits and only the
// product of two mantissas needs 256 bits; the division of that product by a
// normalised mantissa (≥ 10^20 > 2^64) is Knuth's algorithm D on 64-bit
// digits. Inputs that are not normalised (never written by this package)
// take the math/big path, which is the reference the fuzz test checks.

type u128 struct{ hi, lo uint64 }

var (
	u128Max21 = u128{54, 3875820019684212736} // 10^21
	u128Min20 = u128{5, 7766279631452241920}  // 10^20
	pow10u64  [20]uint64                      // 10^0 … 10^19
)

func init() {
	p := uint64(1)
	for i := range pow10u64 {
		pow10u64[i] = p
		p *= 10
	}
}

func (a u128) less(b u128) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }
func (a u128) isZero() bool     { return a.hi|a.lo == 0 }

// mulSmall returns a·m and whether it overflowed 128 bits.
func (a u128) mulSmall(m uint64) (u128, bool) {
	hh, hl := bits.Mul64(a.hi, m)
	lh, ll := bits.Mul64(a.lo, m)
	hi, c := bits.Add64(hl, lh, 0)
	return u128{hi, ll}, hh != 0 || c != 0
}

// divSmall returns ⌊a/d⌋ for d > 0.
func (a u128) divSmall(d uint64) u128 {
	qh, r := a.hi/d, a.hi%d
	ql, _ := bits.Div64(r, a.lo, d)
	return u128{qh, ql}
}

// divPow10 returns ⌊a/10^k⌋ for k ≤ 22 (10^22 for larger k: capPow10).
func (a u128) divPow10(k uint64) u128 {
	if k > uint64(MaxExp)+1 {
		k = uint64(MaxExp) + 1
	}
	for k > 19 {
		a = a.divSmall(pow10u64[19])
		k -= 19
	}
	return a.divSmall(pow10u64[k])
}

// normalize128 is normalize for a 128-bit mantissa.
func normalize128(m u128, e int64) (Float, bool) {
	if m.isZero() {
		return Float{}, true
	}
	for u128Max21.less(m) {
		if e == math.MaxInt64 {
			return Float{}, false
		}
		m = m.divSmall(10)
		e++
	}
	// Scale up in steps of 10^10 while all ten single steps would happen
	// (m·10^10 ≤ 10^20 ⇔ m ≤ 10^10).
	for m.hi == 0 && m.lo <= pow10u64[10] && e >= math.MinInt64+10 {
		m, _ = m.mulSmall(pow10u64[10])
		e -= 10
	}
	for !u128Min20.less(m) {
		if e == math.MinInt64 {
			return Float{}, false
		}
		m, _ = m.mulSmall(10)
		e--
	}
	return Float{hi: m.hi, lo: m.lo, exp: e}, true
}

func (f Float) u() u128 { return u128{f.hi, f.lo} }

// normalised reports a mantissa in (10^20, 10^21] (the invariant of every
// non-zero Float this package produces).
func (f Float) normalised() bool { return u128Min20.less(f.u()) && !u128Max21.less(f.u()) }

// mulDivFast returns ⌊a·b/c⌋ when c ≥ 2^64 and the quotient fits 128 bits.
func mulDivFast(a, b, c u128) (u128, bool) {
	if c.hi == 0 {
		return u128{}, false
	}
	// u = a·b as four little-endian words.
	var u [5]uint64
	h0, l0 := bits.Mul64(a.lo, b.lo)
	h1, l1 := bits.Mul64(a.lo, b.hi)
	h2, l2 := bits.Mul64(a.hi, b.lo)
	h3, l3 := bits.Mul64(a.hi, b.hi)
	u[0] = l0
	var c1, c2 uint64
	u[1], c1 = bits.Add64(h0, l1, 0)
	u[1], c2 = bits.Add64(u[1], l2, 0)
	u[2], c1 = bits.Add64(h1, h2, c1)
	u[2], c2 = bits.Add64(u[2], l3, c2)
	u[3] = h3 + c1 + c2
	// Normalise the divisor's top bit (x>>64 is 0 in Go when s = 0).
	s := uint(bits.LeadingZeros64(c.hi))
	d := [2]uint64{c.lo << s, c.hi<<s | c.lo>>(64-s)}
	u[4] = u[3] >> (64 - s)
	for i := 3; i > 0; i-- {
		u[i] = u[i]<<s | u[i-1]>>(64-s)
	}
	u[0] <<= s
	var q [3]uint64
	for j := 2; j >= 0; j-- {
		u2, u1, u0 := u[j+2], u[j+1], u[j]
		var qhat uint64
		if u2 >= d[1] {
			qhat = math.MaxUint64
		} else {
			var rhat uint64
			qhat, rhat = bits.Div64(u2, u1, d[1])
			ph, pl := bits.Mul64(qhat, d[0])
			if ph > rhat || ph == rhat && pl > u0 {
				qhat--
			}
		}
		// u[j:j+3] −= qhat·d.
		var borrow uint64
		for i := 0; i < 2; i++ {
			t, b1 := bits.Sub64(u[j+i], borrow, 0)
			ph, pl := bits.Mul64(d[i], qhat)
			t, b2 := bits.Sub64(t, pl, 0)
			u[j+i] = t
			borrow = ph + b1 + b2
		}
		top := u[j+2]
		u[j+2] = top - borrow
		if top < borrow {
			// Subtracted one divisor too many: add it back.
			qhat--
			var carry uint64
			for i := 0; i < 2; i++ {
				u[j+i], carry = bits.Add64(u[j+i], d[i], carry)
			}
			u[j+2] += carry
		}
		q[j] = qhat
	}
	if q[2] != 0 {
		return u128{}, false
	}
	return u128{q[1], q[0]}, true
}
