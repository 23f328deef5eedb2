package fixed

// e truncated to 23 fractional bits (I9F23 raw 22802600), as substrate-fixed's
// exp returns it for an input of exactly 1.
const eTrunc = I32F32(22802600 << 9)

// Exp is substrate-fixed's transcendental::exp for I32F32 (yuma.md §2.2):
// exp(0) = 1; exp(1) = e truncated to 23 bits; otherwise the Taylor series
// 1 + x + Σ_{i=2..31} term_i with term_i = checked_div(checked_mul(term, |x|), i),
// on |x|, returning 1/result for negative x. ok is false on overflow.
func Exp(x I32F32) (I32F32, bool) {
	switch x {
	case 0:
		return I32F32One, true
	case I32F32One:
		return eTrunc, true
	}
	neg := x < 0
	if neg {
		if x == I32F32Min {
			return 0, false
		}
		x = -x
	}
	result, ok := I32F32One.checkedAdd(x)
	if !ok {
		return 0, false
	}
	term := x
	for i := int64(2); i < 32; i++ {
		if term, ok = term.CheckedMul(x); !ok {
			return 0, false
		}
		if term, ok = term.CheckedDiv(I32F32FromInt(i)); !ok {
			return 0, false
		}
		if result, ok = result.checkedAdd(term); !ok {
			return 0, false
		}
	}
	if neg {
		return I32F32One.CheckedDiv(result)
	}
	return result, true
}

// ExpSafe is subtensor's exp_safe: the input is clamped to [-20, 20] and an
// overflow maps to 0 (input ≤ 0) or I32F32Max.
func ExpSafe(x I32F32) I32F32 {
	lim := I32F32FromInt(20)
	switch {
	case x > lim:
		x = lim
	case x < -lim:
		x = -lim
	}
	r, ok := Exp(x)
	if !ok {
		if x <= 0 {
			return 0
		}
		return I32F32Max
	}
	return r
}

func (a I32F32) checkedAdd(b I32F32) (I32F32, bool) {
	r := a + b
	if (a >= 0) == (b >= 0) && (r >= 0) != (a >= 0) {
		return r, false
	}
	return r, true
}

// CheckedAdd returns a+b and false on overflow.
func (a I32F32) CheckedAdd(b I32F32) (I32F32, bool) { return a.checkedAdd(b) }
