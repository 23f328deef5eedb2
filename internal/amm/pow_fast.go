package amm

import (
	"math/bits"
	"sync/atomic"
)

// The fast evaluation of pow_ratio_scaled.
//
// powFast returns exactly what powRef returns. It computes an approximation
// A of the true value T = 10^18·(bn/bd)^(en/ed) in 128-bit fixed point
// (table-reduced ln and exp series, see lnParts and expScaledQ) together with
// a bound δ ≥ |A − T| + |R − T|, where R is the pre-floor value the
// reference computes. When [A − δ, A + δ] contains no integer, ⌊R⌋ = ⌊A⌋ and
// the answer is decided; otherwise powRef runs. δ is 2^10 times the sum of:
//
//   - the fast error: every floor in the evaluation costs at most one unit of
//     2^-128; the logs contribute ≤ 64 units each, the shift·ln2 term ≤ 64,
//     so ln(bn/bd) is within 256 units and L = ln(bn/bd)·en/ed within
//     256·⌈en/ed⌉ + 1; the exp reduction and series add ≤ 140 units, so A is
//     within (256·⌈en/ed⌉ + 400)·2^-128 relative plus 2^-120 absolute of T;
//   - the reference's error on the series path (dtao.md §3.6), for
//     precision 256 ≤ rp ≤ 2048 and |L| < 64: ln2 and each ln1p are within
//     g + 2·max_iters units of 2^-ip (ip = rp + 24) since every series step
//     floors once and the tail after the |term| < g stop is below g; ln(bn/bd)
//     is within 2^33 units, L within 2^40 units (⌈en/ed⌉ ≤ 1024); the exp
//     series, which stops only once n ≥ 2|L| (earlier terms exceed g), adds at
//     most max_iters·e^|L| + 2g units; rounding to g adds g/2. With
//     scale = 10^18 < 2^60 that is ≤ T·2^-230 + 2^-100 absolute, well
//     inside the allowance. Every series converges before max_iters =
//     ip + 128 when |L| < 64: the exp terms fall below g by n = 307, 410,
//     584, 876 and the ln1p terms (|x| ≤ ½) by n = 249, 504, 1015, 2038
//     for rp = 256, 512, 1024, 2048, so the chain's value is the converged
//     one. Below L = −64, where the truncated series gives whatever it gives
//     (dtao.md §9.4), powRef always runs. Above L = 64 every term is
//     non-negative, so even a truncated series exceeds 10^18·(1 + L) > 2^64:
//     the class is decided without it.
//
// On the exact path (en, ed ≤ 1024 after the gcd) the reference returns
// ⌊T⌋ exactly, so only the fast error counts and any |L| is decided: T < 1
// for L ≤ −100 and T > 2^64 for L ≥ 100.
//
// TestPowApproxErrorBound measures the fast error against a 512-bit
// evaluation: the worst case seen is about 1% of the bound above before the
// 2^10 factor.
func powFast(bn, bd u128, en, ed uint64, precision uint32) (uint64, powClass) {
	if bn.isZero() {
		return 0, powFits
	}
	if en == 0 {
		return powScale, powFits
	}
	if en == ed {
		en, ed = 1, 1
	} else {
		g := gcd64(en, ed)
		en, ed = en/g, ed/g
	}
	if bn == bd {
		// ln(bn) − ln(bd) is exactly 0 on either path, and m = scale solves
		// the exact path's inequality with equality.
		return powScale, powFits
	}
	exact := en <= powMaxExactExponent && ed <= powMaxExactExponent
	if en == 1 && ed == 1 && bn.hi == 0 && bd.hi == 0 {
		// Exact path with exponent 1: the largest m with m·bd ≤ bn·scale.
		hi, lo := bits.Mul64(bn.lo, powScale)
		if hi >= bd.lo {
			return 0, powAbove
		}
		q, _ := bits.Div64(hi, lo, bd.lo)
		return q, powFits
	}
	if !exact {
		rp := max(precision, 32, 68) // bits(10^18) + 8 = 68
		if rp < 256 || rp > 2048 {
			return powRef(bn, bd, en, ed, precision)
		}
	}
	if v, class, ok := powApprox(bn, bd, en, ed, exact); ok {
		return v, class
	}
	powFallbacks.Add(1)
	return powRef(bn, bd, en, ed, precision)
}

// powFallbacks counts the calls powFast handed to powRef after trying the
// approximation (the differential tests report it).
var powFallbacks atomic.Uint64

// powApprox decides the result from the 128-bit approximation, or reports
// ok = false when the error bound cannot.
func powApprox(bn, bd u128, en, ed uint64, exact bool) (uint64, powClass, bool) {
	fastTablesOnce.Do(initFastTables)
	ratio := en/ed + 1 // ⌈en/ed⌉ or one more
	if ratio > 1024 {
		return 0, 0, false
	}
	// ln(bn/bd) = (sn − sd)·ln2 + (fn − fd), as a signed 64.128 value.
	sn, fn := lnParts(bn)
	sd, fd := lnParts(bd)
	lr := mulLn2(sn - sd)
	lr = lr.add(w192FromQ(fn)).sub(w192FromQ(fd))
	neg := lr.neg()
	m := lr
	if neg {
		m = lr.negate()
	}
	if m.w2 >= 1<<16 {
		return 0, 0, false
	}
	// |L| = |ln(bn/bd)|·en/ed, floored.
	lm, ok := m.mulDiv(en, ed)
	if !ok {
		return 0, 0, false
	}
	switch {
	case lm.w2 >= 100 && exact:
		if neg {
			return 0, powFits, true
		}
		return 0, powAbove, true
	case lm.w2 >= 64 && !neg:
		// Every series term is non-negative for L > 0, so even a truncated
		// series gives R ≥ 10^18·(1 + L) > 2^64.
		return 0, powAbove, true
	case lm.w2 >= 64:
		return 0, 0, false
	}
	l := lm
	if neg {
		l = lm.negate()
	}
	ihi, ilo, f, ok := expScaledQ(l)
	if !ok {
		return 0, 0, false
	}
	if ihi != 0 {
		if ihi == 1 && ilo == 0 {
			return 0, 0, false // within δ of 2^64
		}
		return 0, powAbove, true
	}
	// δ in units of 2^-128: 2^10·((A+1)·2·(256·ratio + 400 + 1) + 2^28 + 2^8).
	errUnits := 2 * (256*ratio + 401)
	dh, dl := bits.Mul64(ilo, errUnits)
	dl, c := bits.Add64(dl, errUnits, 0)
	dh += c
	dl, c = bits.Add64(dl, 1<<28+1<<8, 0)
	dh += c
	if dh >= 1<<53 {
		return 0, 0, false
	}
	delta := q128{dh<<10 | dl>>54, dl << 10}
	if f.less(delta) {
		return 0, 0, false
	}
	if _, carry := f.add(delta); carry != 0 {
		return 0, 0, false
	}
	return ilo, powFits, true
}

// lnParts returns (s, f) with ln(v) ≈ s·ln2 + f for v ≥ 1: v = 2^s·m with m in
// [1, 2), m = (1 + j/256)(1 + t), f = ln(1 + j/256) + ln(1 + t), 0 ≤ t < 2^-8.
func lnParts(v u128) (int, q128) {
	var s int
	var m q128 // the bits below the leading one, as a fraction
	if v.hi != 0 {
		s = 127 - bits.LeadingZeros64(v.hi)
		sh := uint(127 - s) // 1..64 … shift so the leading one leaves the word
		m = shl128(v, sh+1)
	} else {
		s = 63 - bits.LeadingZeros64(v.lo)
		m = shl128(v, uint(128-s))
	}
	j := m.hi >> 56
	d := q128{m.hi &^ (0xff << 56), m.lo}
	d = q128{d.hi<<8 | d.lo>>56, d.lo << 8}
	t := d.divSmall(256 + j)
	sum, _ := lnTable[j].add(ln1pSmall(t))
	return s, sum
}

// shl128 returns v << n as a q128, dropping bits shifted past 128 (0 < n ≤ 128).
func shl128(v u128, n uint) q128 {
	switch {
	case n >= 128:
		return q128{}
	case n >= 64:
		return q128{v.lo << (n - 64), 0}
	}
	return q128{v.hi<<n | v.lo>>(64-n), v.lo << n}
}

// ln1pSmall returns ln(1 + t) for 0 ≤ t < 2^-8 by its alternating series.
func ln1pSmall(t q128) q128 {
	sum, p := t, t
	for k := uint64(2); ; k++ {
		p = mulHi(p, t)
		if p.isZero() {
			return sum
		}
		term := p.divSmall(k)
		if k%2 == 0 {
			sum, _ = sum.sub(term)
		} else {
			sum, _ = sum.add(term)
		}
	}
}

// expScaledQ returns 10^18·e^l as an integer part (ihi, ilo) and a fraction
// f, for |l| < 100; ok is false when rounding left the reduced range.
func expScaledQ(l w192) (ihi, ilo uint64, f q128, ok bool) {
	// k = ⌊l/ln2⌋ estimated from 32 fractional bits, then corrected.
	la := int64(l.w2<<32 | l.w1>>32)
	k := la / 2977044472 // round(ln2·2^32)
	if la%2977044472 < 0 {
		k--
	}
	r := l.sub(mulLn2(int(k)))
	ln2w := w192FromQ(ln2Q)
	for i := 0; r.neg() && i < 4; i++ {
		r, k = r.add(ln2w), k-1
	}
	for i := 0; !r.less(ln2w) && i < 4; i++ {
		r, k = r.sub(ln2w), k+1
	}
	if r.neg() || !r.less(ln2w) {
		return 0, 0, q128{}, false
	}
	fr := q128{r.w1, r.w0}
	j := fr.hi >> 58
	h := q128{fr.hi &^ (0x3f << 58), fr.lo}
	// e^h − 1 by its Taylor series.
	sum, p := h, h
	for n := uint64(2); ; n++ {
		p = mulHi(p, h).divSmall(n)
		if p.isZero() {
			break
		}
		sum, _ = sum.add(p)
	}
	// e^f − 1 = (e^(j/64) − 1) + s + (e^(j/64) − 1)·s with s = e^h − 1.
	gq, c1 := expTable[j].add(sum)
	gq, c2 := gq.add(mulHi(expTable[j], sum))
	if c1|c2 != 0 {
		return 0, 0, q128{}, false
	}
	// X = 10^18·(1 + g): integer xi < 2^61 and fraction (x1, x0).
	h0, l0 := bits.Mul64(gq.lo, powScale)
	h1, l1 := bits.Mul64(gq.hi, powScale)
	x1, c := bits.Add64(l1, h0, 0)
	xi := h1 + c + powScale
	x0 := l0
	switch {
	case k >= 8:
		return 2, 0, q128{}, true // ≥ 10^18·2^8 > 2^65: above u64 by far
	case k > 0:
		s := uint(k)
		return xi >> (64 - s), xi<<s | x1>>(64-s), q128{x1<<s | x0>>(64-s), x0 << s}, true
	case k == 0:
		return 0, xi, q128{x1, x0}, true
	}
	v := w192{xi, x1, x0}.shr(uint(-k))
	return 0, v.w2, q128{v.w1, v.w0}, true
}

// w192 is a 192-bit two's complement number with 128 fractional bits.
type w192 struct{ w2, w1, w0 uint64 }

func w192FromQ(q q128) w192 { return w192{0, q.hi, q.lo} }

func (a w192) neg() bool { return int64(a.w2) < 0 }

func (a w192) add(b w192) w192 {
	w0, c := bits.Add64(a.w0, b.w0, 0)
	w1, c := bits.Add64(a.w1, b.w1, c)
	w2, _ := bits.Add64(a.w2, b.w2, c)
	return w192{w2, w1, w0}
}

func (a w192) sub(b w192) w192 {
	w0, br := bits.Sub64(a.w0, b.w0, 0)
	w1, br := bits.Sub64(a.w1, b.w1, br)
	w2, _ := bits.Sub64(a.w2, b.w2, br)
	return w192{w2, w1, w0}
}

func (a w192) negate() w192 { return w192{}.sub(a) }

// less compares two non-negative values.
func (a w192) less(b w192) bool {
	if a.w2 != b.w2 {
		return a.w2 < b.w2
	}
	return q128{a.w1, a.w0}.less(q128{b.w1, b.w0})
}

// shr shifts a non-negative value right by n, flooring.
func (a w192) shr(n uint) w192 {
	switch {
	case n >= 192:
		return w192{}
	case n >= 128:
		return w192{0, 0, a.w2 >> (n - 128)}
	case n >= 64:
		n -= 64
		if n == 0 {
			return w192{0, a.w2, a.w1}
		}
		return w192{0, a.w2 >> n, a.w1>>n | a.w2<<(64-n)}
	case n == 0:
		return a
	}
	return w192{a.w2 >> n, a.w1>>n | a.w2<<(64-n), a.w0>>n | a.w1<<(64-n)}
}

// mulDiv returns ⌊a·m/d⌋ for a non-negative a with a.w2 < 2^16 and d > 0;
// ok is false if the result does not fit.
func (a w192) mulDiv(m, d uint64) (w192, bool) {
	h0, p0 := bits.Mul64(a.w0, m)
	h1, l1 := bits.Mul64(a.w1, m)
	h2, l2 := bits.Mul64(a.w2, m)
	p1, c := bits.Add64(l1, h0, 0)
	p2, c := bits.Add64(l2, h1, c)
	p3 := h2 + c
	if p3 >= d {
		return w192{}, false
	}
	q2, r := bits.Div64(p3, p2, d)
	q1, r := bits.Div64(r, p1, d)
	q0, _ := bits.Div64(r, p0, d)
	if int64(q2) < 0 {
		return w192{}, false
	}
	return w192{q2, q1, q0}, true
}

// mulLn2 returns k·ln2 as a w192.
func mulLn2(k int) w192 {
	fastTablesOnce.Do(initFastTables)
	ak := uint64(k)
	if k < 0 {
		ak = uint64(-k)
	}
	h0, w0 := bits.Mul64(ln2Q.lo, ak)
	h1, l1 := bits.Mul64(ln2Q.hi, ak)
	w1, c := bits.Add64(l1, h0, 0)
	v := w192{h1 + c, w1, w0}
	if k < 0 {
		return v.negate()
	}
	return v
}

func gcd64(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
