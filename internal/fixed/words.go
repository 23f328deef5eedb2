package fixed

import "math/bits"

// u128 is an unsigned 128-bit integer. Signed 128-bit raw values are stored
// in the same layout as two's complement.
type u128 struct{ hi, lo uint64 }

var (
	u128Max    = u128{^uint64(0), ^uint64(0)}
	i128Max    = u128{1<<63 - 1, ^uint64(0)}
	i128MinMag = u128{1 << 63, 0} // |i128::MIN| as a magnitude
)

func (a u128) isZero() bool { return a.hi|a.lo == 0 }
func (a u128) neg() bool    { return int64(a.hi) < 0 }
func (a u128) cmp(b u128) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

func (a u128) add(b u128) (u128, bool) {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}, c != 0
}

func (a u128) sub(b u128) (u128, bool) {
	lo, br := bits.Sub64(a.lo, b.lo, 0)
	hi, br := bits.Sub64(a.hi, b.hi, br)
	return u128{hi, lo}, br != 0
}

// negate returns the two's complement negation (wrapping).
func (a u128) negate() u128 {
	r, _ := u128{}.sub(a)
	return r
}

// abs returns the magnitude of a two's complement value.
func (a u128) abs() u128 {
	if a.neg() {
		return a.negate()
	}
	return a
}

func (a u128) bitLen() int {
	if a.hi != 0 {
		return 128 - bits.LeadingZeros64(a.hi)
	}
	return 64 - bits.LeadingZeros64(a.lo)
}

func (a u128) shl(n uint) u128 {
	switch {
	case n == 0:
		return a
	case n >= 128:
		return u128{}
	case n >= 64:
		return u128{a.lo << (n - 64), 0}
	}
	return u128{a.hi<<n | a.lo>>(64-n), a.lo << n}
}

func (a u128) shr(n uint) u128 {
	switch {
	case n == 0:
		return a
	case n >= 128:
		return u128{}
	case n >= 64:
		return u128{0, a.hi >> (n - 64)}
	}
	return u128{a.hi >> n, a.lo>>n | a.hi<<(64-n)}
}

// u256 is an unsigned 256-bit integer as four little-endian 64-bit words.
type u256 [4]uint64

// mul128 returns the full 256-bit product a*b.
func mul128(a, b u128) u256 {
	var r u256
	h0, l0 := bits.Mul64(a.lo, b.lo)
	h1, l1 := bits.Mul64(a.lo, b.hi)
	h2, l2 := bits.Mul64(a.hi, b.lo)
	h3, l3 := bits.Mul64(a.hi, b.hi)
	r[0] = l0
	var c uint64
	r[1], c = bits.Add64(h0, l1, 0)
	r[2], c = bits.Add64(h1, l3, c)
	r[3] = h3 + c
	r[1], c = bits.Add64(r[1], l2, 0)
	r[2], c = bits.Add64(r[2], h2, c)
	r[3] += c
	return r
}

// shr256 shifts x right by n (n < 256).
func shr256(x u256, n uint) u256 {
	w, b := n/64, n%64
	var r u256
	for i := 0; i+int(w) < 4; i++ {
		r[i] = x[i+int(w)] >> b
		if b != 0 && i+int(w)+1 < 4 {
			r[i] |= x[i+int(w)+1] << (64 - b)
		}
	}
	return r
}

// lowBitsNonZero reports whether any of the lowest n bits of x are set.
func lowBitsNonZero(x u256, n uint) bool {
	for i := 0; i < 4 && n > 0; i++ {
		if n >= 64 {
			if x[i] != 0 {
				return true
			}
			n -= 64
			continue
		}
		return x[i]&(1<<n-1) != 0
	}
	return false
}

// fits128 reports whether x < 2^128 and returns its low 128 bits.
func (x u256) low128() (u128, bool) {
	return u128{x[1], x[0]}, x[2]|x[3] == 0
}

// shl128to256 returns a << n as a 256-bit value (n < 128).
func shl128to256(a u128, n uint) u256 {
	x := u256{a.lo, a.hi, 0, 0}
	w, b := n/64, n%64
	var r u256
	for i := 3; i >= int(w); i-- {
		r[i] = x[i-int(w)] << b
		if b != 0 && i-int(w)-1 >= 0 {
			r[i] |= x[i-int(w)-1] >> (64 - b)
		}
	}
	return r
}

// div256by128 returns floor(n/d) for d != 0.
func div256by128(n u256, d u128) u256 {
	var q u256
	if d.hi == 0 {
		var r uint64
		for i := 3; i >= 0; i-- {
			q[i], r = bits.Div64(r, n[i], d.lo)
		}
		return q
	}
	// Knuth, TAOCP vol. 2, 4.3.1, algorithm D with a two-word divisor.
	s := uint(bits.LeadingZeros64(d.hi))
	v1, v0 := d.hi, d.lo
	if s != 0 {
		v1 = d.hi<<s | d.lo>>(64-s)
		v0 = d.lo << s
	}
	var u [5]uint64
	if s == 0 {
		u[4] = 0
		u[3], u[2], u[1], u[0] = n[3], n[2], n[1], n[0]
	} else {
		u[4] = n[3] >> (64 - s)
		u[3] = n[3]<<s | n[2]>>(64-s)
		u[2] = n[2]<<s | n[1]>>(64-s)
		u[1] = n[1]<<s | n[0]>>(64-s)
		u[0] = n[0] << s
	}
	for j := 2; j >= 0; j-- {
		qhat := ^uint64(0)
		ujn := u[j+2]
		if ujn != v1 {
			var rhat uint64
			qhat, rhat = bits.Div64(ujn, u[j+1], v1)
			x1, x2 := bits.Mul64(qhat, v0)
			for x1 > rhat || (x1 == rhat && x2 > u[j]) {
				qhat--
				prev := rhat
				rhat += v1
				if rhat < prev {
					break
				}
				x1, x2 = bits.Mul64(qhat, v0)
			}
		}
		// u[j..j+2] -= qhat * (v1:v0)
		ph0, pl0 := bits.Mul64(qhat, v0)
		ph1, pl1 := bits.Mul64(qhat, v1)
		p0 := pl0
		p1, c := bits.Add64(pl1, ph0, 0)
		p2 := ph1 + c
		var br uint64
		u[j], br = bits.Sub64(u[j], p0, 0)
		u[j+1], br = bits.Sub64(u[j+1], p1, br)
		u[j+2], br = bits.Sub64(u[j+2], p2, br)
		if br != 0 {
			qhat--
			var c uint64
			u[j], c = bits.Add64(u[j], v0, 0)
			u[j+1], c = bits.Add64(u[j+1], v1, c)
			u[j+2] += c
		}
		q[j] = qhat
	}
	return q
}
