package fixed

// format describes a 128-bit fixed-point layout: the number of fractional
// bits and whether the raw value is two's complement signed.
type format struct {
	frac   uint
	signed bool
}

var (
	fmtI64F64  = format{64, true}
	fmtI96F32  = format{32, true}
	fmtI110F18 = format{18, true}
	fmtU64F64  = format{64, false}
	fmtU96F32  = format{32, false}
)

func (f format) max() u128 {
	if f.signed {
		return i128Max
	}
	return u128Max
}

func (f format) min() u128 {
	if f.signed {
		return i128MinMag.negate()
	}
	return u128{}
}

// signedResult turns a magnitude q (256-bit) and a sign into the wrapped raw
// value and reports whether it fits the format.
func (f format) signedResult(q u256, neg bool) (u128, bool) {
	lo, fits := q.low128()
	if f.signed {
		if neg {
			fits = fits && lo.cmp(i128MinMag) <= 0
			return lo.negate(), fits
		}
		return lo, fits && lo.cmp(i128Max) <= 0
	}
	if neg {
		return lo.negate(), fits && lo.isZero()
	}
	return lo, fits
}

// saturate returns the bound a result of the given sign clamps to.
func (f format) saturate(neg bool) u128 {
	if neg {
		return f.min()
	}
	return f.max()
}

// operands splits signed operands into magnitudes and the result sign.
func (f format) operands(a, b u128) (ma, mb u128, neg bool) {
	if !f.signed {
		return a, b, false
	}
	return a.abs(), b.abs(), a.neg() != b.neg()
}

// mul is substrate-fixed's widening multiply: floor(a*b / 2^frac) (an
// arithmetic shift, so negative products round toward -inf). It returns the
// wrapped result and whether it fits.
func (f format) mul(a, b u128) (u128, bool) {
	ma, mb, neg := f.operands(a, b)
	p := mul128(ma, mb)
	q := shr256(p, f.frac)
	if neg && lowBitsNonZero(p, f.frac) {
		q = addOne256(q)
	}
	return f.signedResult(q, neg)
}

// satMul clamps on overflow; the sign of the bound comes from the operands.
func (f format) satMul(a, b u128) u128 {
	r, ok := f.mul(a, b)
	if ok {
		return r
	}
	_, _, neg := f.operands(a, b)
	return f.saturate(neg)
}

// div is substrate-fixed's division: (a << frac) / b truncated toward zero.
// ok is false on a zero divisor or overflow.
func (f format) div(a, b u128) (u128, bool) {
	if b.isZero() {
		return u128{}, false
	}
	ma, mb, neg := f.operands(a, b)
	q := div256by128(shl128to256(ma, f.frac), mb)
	return f.signedResult(q, neg)
}

// satDiv clamps on overflow. A zero divisor (a panic in Rust) saturates by
// the sign of the dividend, or gives 0 for 0/0.
func (f format) satDiv(a, b u128) u128 {
	if b.isZero() {
		switch {
		case a.isZero():
			return u128{}
		case f.signed && a.neg():
			return f.min()
		}
		return f.max()
	}
	r, ok := f.div(a, b)
	if ok {
		return r
	}
	_, _, neg := f.operands(a, b)
	return f.saturate(neg)
}

// add and sub wrap like Rust's release-mode `+`; ok reports no overflow.
func (f format) add(a, b u128) (u128, bool) {
	r, carry := a.add(b)
	if f.signed {
		return r, a.neg() != b.neg() || r.neg() == a.neg()
	}
	return r, !carry
}

func (f format) sub(a, b u128) (u128, bool) {
	r, borrow := a.sub(b)
	if f.signed {
		return r, a.neg() == b.neg() || r.neg() == a.neg()
	}
	return r, !borrow
}

func (f format) satAdd(a, b u128) u128 {
	r, ok := f.add(a, b)
	if ok {
		return r
	}
	if f.signed {
		return f.saturate(a.neg())
	}
	return f.max()
}

func (f format) satSub(a, b u128) u128 {
	r, ok := f.sub(a, b)
	if ok {
		return r
	}
	if f.signed {
		return f.saturate(a.neg())
	}
	return u128{}
}

func (f format) less(a, b u128) bool {
	if f.signed && a.neg() != b.neg() {
		return a.neg()
	}
	return a.cmp(b) < 0
}

func (f format) cmp(a, b u128) int {
	if f.signed && a.neg() != b.neg() {
		if a.neg() {
			return -1
		}
		return 1
	}
	return a.cmp(b)
}

// fromUint converts an integer exactly; ok is false when it does not fit.
func (f format) fromUint(v u128) (u128, bool) {
	limit := 128 - f.frac
	if f.signed {
		limit--
	}
	if v.bitLen() > int(limit) {
		return v.shl(f.frac), false
	}
	return v.shl(f.frac), true
}

// fromInt converts a signed 64-bit integer exactly.
func (f format) fromInt(v int64) (u128, bool) {
	if v >= 0 {
		return f.fromUint(u128{0, uint64(v)})
	}
	if !f.signed {
		return u128{}, false
	}
	r, ok := f.fromUint(u128{0, uint64(-v)})
	return r.negate(), ok
}

// toUint returns floor(x) clamped to [0, 2^128).
func (f format) floorInt(x u128) (mag u128, neg bool) {
	if f.signed && x.neg() {
		m := x.abs()
		q := m.shr(f.frac)
		if !m.shl(128 - f.frac).isZero() {
			q, _ = q.add(u128{0, 1})
		}
		return q, true
	}
	return x.shr(f.frac), false
}

// toU64 is to_num::<u64>() saturating: floor, negative → 0, too large → max.
func (f format) toU64(x u128) uint64 {
	m, neg := f.floorInt(x)
	if neg {
		return 0
	}
	if m.hi != 0 {
		return ^uint64(0)
	}
	return m.lo
}

// convert re-expresses raw x of format f in format g: extra fractional bits
// are dropped (floor), missing ones appended. ok is false if it does not fit.
func (f format) convert(x u128, g format) (u128, bool) {
	neg := f.signed && x.neg()
	m := x.abs()
	if !f.signed {
		m = x
	}
	var q u256
	if g.frac >= f.frac {
		q = shl128to256(m, g.frac-f.frac)
	} else {
		d := f.frac - g.frac
		q = u256{m.lo, m.hi}
		lowNZ := lowBitsNonZero(q, d)
		q = shr256(q, d)
		if neg && lowNZ {
			q = addOne256(q)
		}
	}
	return g.signedResult(q, neg)
}

// satConvert is convert clamped to g's range.
func (f format) satConvert(x u128, g format) u128 {
	r, ok := f.convert(x, g)
	if ok {
		return r
	}
	return g.saturate(f.signed && x.neg())
}

func addOne256(x u256) u256 {
	for i := range x {
		x[i]++
		if x[i] != 0 {
			break
		}
	}
	return x
}
