package fixed

import (
	"math"
	"math/big"
	"strings"
)

var two128 = new(big.Int).Lsh(big.NewInt(1), 128)

// rawBig returns a raw 128-bit value as a big integer, signed per f.
func rawBig(x u128, f format) *big.Int {
	v := new(big.Int).SetUint64(x.hi)
	v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(x.lo))
	if f.signed && x.neg() {
		v.Sub(v, two128)
	}
	return v
}

// rawFromBig converts a raw big integer into format f; ok is false when out of range.
func rawFromBig(v *big.Int, f format) (u128, bool) {
	if v.Sign() < 0 {
		if !f.signed {
			return u128{}, false
		}
		m := new(big.Int).Neg(v)
		if m.BitLen() > 128 {
			return u128{}, false
		}
		r := bigToU128(m)
		return r.negate(), r.cmp(i128MinMag) <= 0
	}
	if v.BitLen() > 128 {
		return u128{}, false
	}
	r := bigToU128(v)
	return r, !f.signed || r.cmp(i128Max) <= 0
}

func bigToU128(v *big.Int) u128 {
	lo := new(big.Int).And(v, new(big.Int).SetUint64(^uint64(0))).Uint64()
	hi := new(big.Int).Rsh(v, 64).Uint64()
	return u128{hi, lo}
}

// floatToRaw converts a float64 to a raw value with frac fractional bits,
// rounding to nearest with ties to even, exactly as from_num(f64) does. It
// returns nil for NaN or infinity.
func floatToRaw(f float64, frac uint) *big.Int {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	if f == 0 {
		return new(big.Int)
	}
	neg := f < 0
	b := math.Float64bits(math.Abs(f))
	exp := int(b>>52) & 0x7ff
	mant := b & (1<<52 - 1)
	if exp == 0 {
		exp = 1 // subnormal
	} else {
		mant |= 1 << 52
	}
	// value = mant * 2^(exp-1075); raw = mant * 2^(exp-1075+frac)
	shift := exp - 1075 + int(frac)
	r := new(big.Int).SetUint64(mant)
	if shift >= 0 {
		r.Lsh(r, uint(shift))
	} else {
		s := uint(-shift)
		q := new(big.Int).Rsh(r, s)
		rem := new(big.Int).Sub(r, new(big.Int).Lsh(q, s))
		half := new(big.Int).Lsh(big.NewInt(1), s-1)
		switch rem.Cmp(half) {
		case 1:
			q.Add(q, big.NewInt(1))
		case 0:
			if q.Bit(0) == 1 {
				q.Add(q, big.NewInt(1))
			}
		}
		r = q
	}
	if neg {
		r.Neg(r)
	}
	return r
}

// I32F32FromFloat64 is from_num(f64): round to nearest, ties to even;
// saturating. For literals and test vectors only.
func I32F32FromFloat64(f float64) I32F32 {
	r := floatToRaw(f, 32)
	switch {
	case r == nil && math.IsInf(f, -1):
		return I32F32Min
	case r == nil:
		return I32F32Max
	case r.Cmp(big.NewInt(math.MaxInt64)) > 0:
		return I32F32Max
	case r.Cmp(big.NewInt(math.MinInt64)) < 0:
		return I32F32Min
	}
	return I32F32(r.Int64())
}

// I32F32FromFloat32 is from_num(f32) (the f32 value widened exactly).
func I32F32FromFloat32(f float32) I32F32 { return I32F32FromFloat64(float64(f)) }

// I64F64FromFloat64 is from_num(f64) for I64F64, saturating. Literals only.
func I64F64FromFloat64(f float64) I64F64 { return I64F64{wideFromFloat(f, fmtI64F64)} }

// U64F64FromFloat64 is from_num(f64) for U64F64, saturating. Literals only.
func U64F64FromFloat64(f float64) U64F64 { return U64F64{wideFromFloat(f, fmtU64F64)} }

// I96F32FromFloat64 is from_num(f64) for I96F32, saturating. Literals only.
func I96F32FromFloat64(f float64) I96F32 { return I96F32{wideFromFloat(f, fmtI96F32)} }

// U96F32FromFloat64 is from_num(f64) for U96F32, saturating. Literals only.
func U96F32FromFloat64(f float64) U96F32 { return U96F32{wideFromFloat(f, fmtU96F32)} }

func wideFromFloat(f float64, fm format) u128 {
	r := floatToRaw(f, fm.frac)
	if r == nil {
		return fm.saturate(math.IsInf(f, -1))
	}
	v, ok := rawFromBig(r, fm)
	if !ok {
		return fm.saturate(r.Sign() < 0)
	}
	return v
}

// formatDecimal renders raw/2^frac in decimal: the integer part exactly and
// the fraction rounded (ties to even) to ceil(frac·log10 2) digits, with
// trailing zeros removed.
func formatDecimal(raw *big.Int, frac uint) string {
	neg := raw.Sign() < 0
	m := new(big.Int).Abs(raw)
	digits := int((uint64(frac)*30103 + 99999) / 100000)
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	// v = round(m * 10^digits / 2^frac), ties to even
	num := new(big.Int).Mul(m, scale)
	q := new(big.Int).Rsh(num, frac)
	rem := new(big.Int).Sub(num, new(big.Int).Lsh(q, frac))
	if frac > 0 {
		half := new(big.Int).Lsh(big.NewInt(1), frac-1)
		if c := rem.Cmp(half); c > 0 || (c == 0 && q.Bit(0) == 1) {
			q.Add(q, big.NewInt(1))
		}
	}
	ip, fp := new(big.Int).QuoRem(q, scale, new(big.Int))
	s := ip.String()
	if fp.Sign() != 0 {
		f := fp.String()
		f = strings.Repeat("0", digits-len(f)) + f
		s += "." + strings.TrimRight(f, "0")
	}
	if neg && (ip.Sign() != 0 || fp.Sign() != 0) {
		s = "-" + s
	}
	return s
}
