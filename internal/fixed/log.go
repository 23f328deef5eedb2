package fixed

// log2E is substrate-fixed's LOG2_E constant: log2(e) truncated to I9F23
// (raw 12102203), as ln divides by it.
const log2E = I32F32(12102203 << 9)

// rsRaw is substrate-fixed's rs ("right-shift with rounding"): x>>1 plus
// the bit shifted out, so an odd raw value rounds up.
func rsRaw(x u128) u128 {
	r := x.shr(1)
	if x.lo&1 == 1 {
		r, _ = r.add(u128{0, 1})
	}
	return r
}

// Log2 is substrate-fixed's transcendental::log2 for I32F32: for x < 1 it
// returns −log2(1/x); the integer part counts halvings with rounding (rs),
// then one bit per fractional bit by repeated squaring. ok is false for
// x ≤ 0 or when 1/x overflows.
func Log2(x I32F32) (I32F32, bool) {
	if x <= 0 {
		return 0, false
	}
	if x < I32F32One {
		inv, ok := I32F32One.CheckedDiv(x)
		if !ok {
			return 0, false
		}
		return -log2Inner(inv), true
	}
	return log2Inner(x), true
}

// log2Inner is log2_inner for x ≥ 1 (I32F32).
func log2Inner(x I32F32) I32F32 {
	two := I32F32FromInt(2)
	var result int64
	for x >= two {
		result++
		x = x>>1 + x&1
	}
	if x == I32F32One {
		return I32F32(result << 32)
	}
	for range 32 {
		x = x.Mul(x)
		result <<= 1
		if x >= two {
			result |= 1
			x = x>>1 + x&1
		}
	}
	return I32F32(result)
}

// Ln is substrate-fixed's transcendental::ln for I32F32: log2(x) / LOG2_E,
// the division truncating. ok is false for x ≤ 0.
func Ln(x I32F32) (I32F32, bool) {
	l, ok := Log2(x)
	if !ok {
		return 0, false
	}
	return l.CheckedDiv(log2E)
}

// Log2Floor is floor(log2(x)) as substrate-fixed's log2 computes it for an
// I96F32 x ≥ 1: the number of rounding halvings (rs) that bring x below 2.
// Just below a power of two the rounding can make it one more than the
// exact floor; the chain's block emission inherits that. ok is false for
// x < 1.
func (a I96F32) Log2Floor() (int, bool) {
	if a.raw.neg() || a.raw.cmp(u128{0, 1 << 32}) < 0 {
		return 0, false
	}
	two := u128{0, 2 << 32}
	x, n := a.raw, 0
	for x.cmp(two) >= 0 {
		n++
		x = rsRaw(x)
	}
	return n, true
}

// CheckedSqrt is subtensor's FixedExt::checked_sqrt for U64F64: bisection
// between 0 and max(x, 1) until |x/m − m| ≤ epsilon or 128 iterations
// (safe_div throughout). ok is false only for negative input, which an
// unsigned value never is.
func (a U64F64) CheckedSqrt(epsilon U64F64) (U64F64, bool) {
	one, two := U64F64FromU64(1), U64F64FromU64(2)
	var high, low U64F64
	if one.Less(a) {
		high, low = a, U64F64{}
	} else {
		high, low = one, a
	}
	middle := high.SatAdd(low).SafeDiv(two)
	check := a.SafeDiv(middle)
	for it := 0; absDiffU64F64(check, middle).Cmp(epsilon) > 0; it++ {
		if check.Less(middle) {
			high = middle
		} else {
			low = middle
		}
		middle = high.SatAdd(low).SafeDiv(two)
		check = a.SafeDiv(middle)
		if it+1 > 128 {
			break
		}
	}
	return middle, true
}

func absDiffU64F64(a, b U64F64) U64F64 {
	if a.Less(b) {
		return b.Sub(a)
	}
	return a.Sub(b)
}
