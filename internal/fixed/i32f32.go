package fixed

import (
	"math"
	"math/big"
	"math/bits"
)

// I32F32 is substrate-fixed's I32F32: an int64 raw value with 32 fractional
// bits (value = raw / 2^32). All epoch vectors and matrices use it.
type I32F32 int64

// Common I32F32 constants.
const (
	I32F32Zero I32F32 = 0
	I32F32One  I32F32 = 1 << 32
	I32F32Max  I32F32 = math.MaxInt64
	I32F32Min  I32F32 = math.MinInt64
)

// I32F32FromInt converts an integer exactly (from_num); it saturates outside
// [-2^31, 2^31).
func I32F32FromInt(v int64) I32F32 {
	switch {
	case v >= 1<<31:
		return I32F32Max
	case v < -(1 << 31):
		return I32F32Min
	}
	return I32F32(v << 32)
}

// I32F32FromU64 converts an unsigned integer exactly, saturating.
func I32F32FromU64(v uint64) I32F32 {
	if v >= 1<<31 {
		return I32F32Max
	}
	return I32F32(v << 32)
}

// Raw returns the raw int64.
func (a I32F32) Raw() int64 { return int64(a) }

// Add wraps on overflow, like Rust's release-mode +.
func (a I32F32) Add(b I32F32) I32F32 { return a + b }

// Sub wraps on overflow, like Rust's release-mode -.
func (a I32F32) Sub(b I32F32) I32F32 { return a - b }

// SatAdd is saturating_add.
func (a I32F32) SatAdd(b I32F32) I32F32 {
	r := a + b
	if (a >= 0) == (b >= 0) && (r >= 0) != (a >= 0) {
		if a >= 0 {
			return I32F32Max
		}
		return I32F32Min
	}
	return r
}

// SatSub is saturating_sub.
func (a I32F32) SatSub(b I32F32) I32F32 {
	r := a - b
	if (a >= 0) != (b >= 0) && (r >= 0) != (a >= 0) {
		if a >= 0 {
			return I32F32Max
		}
		return I32F32Min
	}
	return r
}

// mulWide returns the floored product as its low 64 bits and whether it fits.
func (a I32F32) mulWide(b I32F32) (I32F32, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	// Signed correction of the unsigned 128-bit product.
	shi := int64(hi)
	if a < 0 {
		shi -= int64(b)
	}
	if b < 0 {
		shi -= int64(a)
	}
	r := I32F32(uint64(shi)<<32 | lo>>32)
	top := shi >> 31
	return r, top == 0 || top == -1
}

// Mul is the widening multiply floor(a*b / 2^32) (arithmetic shift); it
// wraps on overflow like release-mode *.
func (a I32F32) Mul(b I32F32) I32F32 {
	r, _ := a.mulWide(b)
	return r
}

// CheckedMul returns floor(a*b) and false on overflow.
func (a I32F32) CheckedMul(b I32F32) (I32F32, bool) { return a.mulWide(b) }

// SatMul is saturating_mul: on overflow the bound's sign comes from the operands.
func (a I32F32) SatMul(b I32F32) I32F32 {
	r, ok := a.mulWide(b)
	if ok {
		return r
	}
	if (a < 0) != (b < 0) {
		return I32F32Min
	}
	return I32F32Max
}

// CheckedDiv returns (a << 32) / b truncated toward zero, and false on a zero
// divisor or overflow.
func (a I32F32) CheckedDiv(b I32F32) (I32F32, bool) {
	if b == 0 {
		return 0, false
	}
	neg := (a < 0) != (b < 0)
	ma, mb := absU64(int64(a)), absU64(int64(b))
	hi, lo := ma>>32, ma<<32
	if hi >= mb {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, mb)
	if neg {
		if q > 1<<63 {
			return 0, false
		}
		return I32F32(-q), true
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	return I32F32(q), true
}

// SafeDiv is subtensor's safe_div: a/b, or 0 on a zero divisor or overflow.
func (a I32F32) SafeDiv(b I32F32) I32F32 {
	r, _ := a.CheckedDiv(b)
	return r
}

// SatDiv is saturating_div. A zero divisor (a panic in Rust) saturates by the
// sign of a, and 0/0 gives 0.
func (a I32F32) SatDiv(b I32F32) I32F32 {
	if r, ok := a.CheckedDiv(b); ok {
		return r
	}
	switch {
	case b == 0 && a == 0:
		return 0
	case b == 0:
		if a < 0 {
			return I32F32Min
		}
		return I32F32Max
	case (a < 0) != (b < 0):
		return I32F32Min
	}
	return I32F32Max
}

// Abs returns |a|, saturating for I32F32Min.
func (a I32F32) Abs() I32F32 {
	if a == I32F32Min {
		return I32F32Max
	}
	if a < 0 {
		return -a
	}
	return a
}

// ToU64 is saturating_to_num::<u64>(): floor, negative → 0.
func (a I32F32) ToU64() uint64 {
	if a < 0 {
		return 0
	}
	return uint64(a) >> 32
}

// FloorInt returns floor(a) as an integer.
func (a I32F32) FloorInt() int64 { return int64(a) >> 32 }

// Round rounds half away from zero (fixed's round()), saturating.
func (a I32F32) Round() I32F32 {
	const half, mask = 1 << 31, ^I32F32(1<<32 - 1)
	switch {
	case a >= 0 && a > I32F32Max-half:
		return I32F32Max & mask
	case a >= 0:
		return (a + half) & mask
	case a < I32F32Min+half:
		return I32F32Min
	}
	return -((-a + half) & mask)
}

// String renders the value in decimal with up to 10 fractional digits.
func (a I32F32) String() string { return formatDecimal(big.NewInt(int64(a)), 32) }

// ToI64F64 converts exactly.
func (a I32F32) ToI64F64() I64F64 { return I64F64FromI32F32(a) }

// ToI96F32 converts exactly.
func (a I32F32) ToI96F32() I96F32 { return I96F32FromI32F32(a) }

// ToU64F64 converts with saturating_from_num (negative → 0).
func (a I32F32) ToU64F64() U64F64 { return U64F64FromI32F32(a) }

// ToU96F32 converts with saturating_from_num (negative → 0).
func (a I32F32) ToU96F32() U96F32 { return U96F32FromI32F32(a) }

func absU64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

var fmtI32F32Wide = format{32, true}

// i32f32FromWide narrows a 128-bit raw value of format f to I32F32, flooring
// extra fractional bits and saturating.
func i32f32FromWide(x u128, f format) I32F32 {
	r := f.satConvert(x, fmtI32F32Wide)
	v := int64(r.lo)
	switch {
	case r.neg() && (r.hi != ^uint64(0) || v >= 0):
		return I32F32Min
	case !r.neg() && (r.hi != 0 || v < 0):
		return I32F32Max
	}
	return I32F32(v)
}

// wideFromI32F32 widens an I32F32 into format f, saturating.
func wideFromI32F32(a I32F32, f format) u128 {
	x := u128{0, uint64(a)}
	if a < 0 {
		x.hi = ^uint64(0)
	}
	return fmtI32F32Wide.satConvert(x, f)
}
