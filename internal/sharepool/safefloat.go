// Package sharepool reproduces subtensor's share-pool primitive
// (primitives/share-pool at the spec snapshot): the SafeFloat decimal float
// and the per-(hotkey, subnet) share pool built on it (dtao.md §0.3, §4.1).
//
// Every operation is bit-for-bit the chain's: 256-bit intermediate products,
// truncating division, the same normalisation loop and the same overflow
// behaviour (operations that overflow the exponent report failure, and the
// share pool then falls back exactly as the chain's unwrap_or_default and
// "keep the old value" branches do).
package sharepool

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/taokit/taokit/internal/state"
)

// MaxExp is SAFE_FLOAT_MAX_EXP: the mantissa has at most 21 decimal digits.
const MaxExp int64 = 21

var (
	bigTen  = big.NewInt(10)
	maxMant = new(big.Int).Exp(bigTen, big.NewInt(21), nil) // SAFE_FLOAT_MAX = 10^21
	minMant = new(big.Int).Exp(bigTen, big.NewInt(20), nil) // SAFE_FLOAT_MAX / 10
	pow10   [23]*big.Int                                    // 10^0 … 10^22
	u64Max  = new(big.Int).SetUint64(math.MaxUint64)
	// Jump thresholds for normalisation in steps of 10^10 (equivalent to ten
	// single truncating steps, since ⌊⌊m/a⌋/b⌋ = ⌊m/(ab)⌋).
	jumpDown = new(big.Int).Mul(maxMant, new(big.Int).Exp(bigTen, big.NewInt(10), nil))
	jumpUp   = new(big.Int).Quo(minMant, new(big.Int).Exp(bigTen, big.NewInt(10), nil))
)

func init() {
	p := big.NewInt(1)
	for i := range pow10 {
		pow10[i] = new(big.Int).Set(p)
		p.Mul(p, bigTen)
	}
}

// Float is subtensor's SafeFloat: mantissa·10^exp with the mantissa (a u128)
// normalised into (10^20, 10^21], or zero (mantissa 0, exponent 0).
type Float struct {
	hi, lo uint64 // mantissa, u128
	exp    int64
}

// Zero is the zero SafeFloat.
var Zero = Float{}

// New is SafeFloat::new: it fails (false) when the mantissa exceeds 10^21 or
// the exponent overflows during normalisation.
func New(mantHi, mantLo uint64, exp int64) (Float, bool) {
	m := u128{mantHi, mantLo}
	if u128Max21.less(m) {
		return Float{}, false
	}
	return normalize128(m, exp)
}

// FromU64 is From<u64>: SafeFloat::new(v, 0), zero on failure.
func FromU64(v uint64) Float {
	f, ok := normalize128(u128{0, v}, 0)
	if !ok {
		return Float{}
	}
	return f
}

// FromState converts the stored form. A stored value is assumed normalised
// (only this package writes it).
func FromState(v state.SafeFloat) Float { return Float{hi: v.MantHi, lo: v.MantLo, exp: v.Exp} }

// State returns the stored form.
func (f Float) State() state.SafeFloat {
	return state.SafeFloat{MantHi: f.hi, MantLo: f.lo, Exp: f.exp}
}

// Mantissa returns the u128 mantissa as (hi, lo).
func (f Float) Mantissa() (hi, lo uint64) { return f.hi, f.lo }

// Exp returns the base-10 exponent.
func (f Float) Exp() int64 { return f.exp }

// IsZero reports a zero mantissa.
func (f Float) IsZero() bool { return f.hi|f.lo == 0 }

// Rat returns the exact value as a rational (for tests and diagnostics).
func (f Float) Rat() *big.Rat {
	m := f.mant()
	if f.exp >= 0 {
		return new(big.Rat).SetInt(m.Mul(m, new(big.Int).Exp(bigTen, big.NewInt(f.exp), nil)))
	}
	return new(big.Rat).SetFrac(m, new(big.Int).Exp(bigTen, big.NewInt(-f.exp), nil))
}

func (f Float) mant() *big.Int { return u128Big(f.hi, f.lo) }

func u128Big(hi, lo uint64) *big.Int {
	m := new(big.Int).SetUint64(hi)
	m.Lsh(m, 64)
	return m.Or(m, new(big.Int).SetUint64(lo))
}

// normalize is SafeFloat::normalize. It consumes m.
func normalize(m *big.Int, e int64) (Float, bool) {
	if m.Sign() == 0 {
		return Float{}, true
	}
	for m.Cmp(jumpDown) > 0 && e <= math.MaxInt64-10 {
		m.Quo(m, pow10[10])
		e += 10
	}
	for m.Cmp(maxMant) > 0 {
		if e == math.MaxInt64 {
			return Float{}, false
		}
		m.Quo(m, bigTen)
		e++
	}
	for m.Cmp(jumpUp) <= 0 && e >= math.MinInt64+10 {
		m.Mul(m, pow10[10])
		e -= 10
	}
	for m.Cmp(minMant) <= 0 {
		if e == math.MinInt64 {
			return Float{}, false
		}
		m.Mul(m, bigTen)
		e--
	}
	// m ≤ 10^21 < 2^70: split into two 64-bit words.
	var buf [16]byte
	m.FillBytes(buf[:])
	var hi, lo uint64
	for i := 0; i < 8; i++ {
		hi = hi<<8 | uint64(buf[i])
		lo = lo<<8 | uint64(buf[8+i])
	}
	return Float{hi: hi, lo: lo, exp: e}, true
}

// capPow10 is cappow10: 10^e for e ≤ 22, else 10^22.
func capPow10(e uint64) *big.Int {
	if e > uint64(MaxExp)+1 {
		return pow10[22]
	}
	return pow10[e]
}

// Div is SafeFloat::div: (m1·10^21 / m2)·10^(e1−e2−21), truncated; false on
// a zero divisor or exponent overflow.
func (f Float) Div(a Float) (Float, bool) {
	ne := new(big.Int).SetInt64(f.exp)
	ne.Sub(ne, big.NewInt(a.exp)).Sub(ne, big.NewInt(MaxExp))
	if !ne.IsInt64() {
		return Float{}, false
	}
	if a.IsZero() {
		return Float{}, false
	}
	if q, ok := mulDivFast(f.u(), u128Max21, a.u()); ok {
		return normalize128(q, ne.Int64())
	}
	return divBig(f, a, ne.Int64())
}

func divBig(f, a Float, e int64) (Float, bool) {
	m := f.mant()
	m.Mul(m, maxMant)
	m.Quo(m, a.mant())
	return normalize(m, e)
}

// align returns both mantissas at the larger exponent, the smaller operand
// truncated by capPow10 of the exponent difference, and that exponent.
func align(f, a Float) (m1, m2 *big.Int, e int64) {
	if f.exp >= a.exp {
		d := satSubI64(f.exp, a.exp)
		return f.mant(), new(big.Int).Quo(a.mant(), capPow10(uint64(d))), f.exp
	}
	d := satSubI64(a.exp, f.exp)
	return new(big.Int).Quo(f.mant(), capPow10(uint64(d))), a.mant(), a.exp
}

// Add is SafeFloat::add (the smaller operand truncated to the larger's scale).
func (f Float) Add(a Float) (Float, bool) {
	if f.IsZero() {
		return a, true
	}
	if a.IsZero() {
		return f, true
	}
	if m1, m2, e, ok := align128(f, a); ok {
		lo, c := bits.Add64(m1.lo, m2.lo, 0)
		hi, c := bits.Add64(m1.hi, m2.hi, c)
		if c == 0 {
			return normalize128(u128{hi, lo}, e)
		}
	}
	return addBig(f, a)
}

func addBig(f, a Float) (Float, bool) {
	m1, m2, e := align(f, a)
	return normalize(m1.Add(m1, m2), e)
}

// align128 is align on native words, for normalised operands.
func align128(f, a Float) (m1, m2 u128, e int64, ok bool) {
	if !f.normalised() || !a.normalised() {
		return
	}
	if f.exp >= a.exp {
		return f.u(), a.u().divPow10(uint64(satSubI64(f.exp, a.exp))), f.exp, true
	}
	return f.u().divPow10(uint64(satSubI64(a.exp, f.exp))), a.u(), a.exp, true
}

// Sub is SafeFloat::sub: saturating at zero; false when f is zero and a is not.
func (f Float) Sub(a Float) (Float, bool) {
	if f.IsZero() && a.IsZero() {
		return Float{}, true
	} else if f.IsZero() {
		return Float{}, false
	}
	if a.IsZero() {
		return f, true
	}
	if m1, m2, e, ok := align128(f, a); ok {
		if !m2.less(m1) {
			return Float{}, true
		}
		lo, b := bits.Sub64(m1.lo, m2.lo, 0)
		hi, _ := bits.Sub64(m1.hi, m2.hi, b)
		return normalize128(u128{hi, lo}, e)
	}
	return subBig(f, a)
}

func subBig(f, a Float) (Float, bool) {
	m1, m2, e := align(f, a)
	if m1.Cmp(m2) <= 0 {
		return Float{}, true
	}
	return normalize(m1.Sub(m1, m2), e)
}

// MulDiv is SafeFloat::mul_div: f·a/b with the 256-bit product truncated by
// the division; false when b is zero or an exponent overflows.
func (f Float) MulDiv(a, b Float) (Float, bool) {
	if b.IsZero() {
		return Float{}, false
	}
	e, ok := addI64(f.exp, a.exp)
	if !ok {
		return Float{}, false
	}
	e, ok = subI64(e, b.exp)
	if !ok {
		return Float{}, false
	}
	if q, ok := mulDivFast(f.u(), a.u(), b.u()); ok {
		return normalize128(q, e)
	}
	return mulDivBig(f, a, b, e)
}

func mulDivBig(f, a, b Float, e int64) (Float, bool) {
	m := f.mant()
	m.Mul(m, a.mant())
	m.Quo(m, b.mant())
	return normalize(m, e)
}

// Gt is SafeFloat::gt (both operands normalised).
func (f Float) Gt(a Float) bool {
	switch {
	case f.exp == a.exp:
		return f.hi > a.hi || f.hi == a.hi && f.lo > a.lo
	case f.exp > a.exp:
		if satSubI64(f.exp, a.exp) > 1 {
			return true
		}
		m := f.mant()
		return m.Mul(m, bigTen).Cmp(a.mant()) > 0
	default:
		if satSubI64(a.exp, f.exp) > 1 {
			return false
		}
		m := a.mant()
		return f.mant().Cmp(m.Mul(m, bigTen)) > 0
	}
}

// ToU64 is From<&SafeFloat> for u64: floor, saturating at u64::MAX.
func (f Float) ToU64() uint64 {
	if f.exp == 0 {
		if f.hi != 0 {
			return math.MaxUint64
		}
		return f.lo
	}
	var abs uint64
	if f.exp < 0 {
		abs = uint64(-(f.exp + 1)) + 1
	} else {
		abs = uint64(f.exp)
	}
	if f.exp < 0 {
		q := f.u().divPow10(abs)
		if q.hi != 0 {
			return math.MaxUint64
		}
		return q.lo
	}
	scale := capPow10(abs)
	m := f.mant()
	if f.exp > 0 {
		m.Mul(m, scale)
	} else {
		m.Quo(m, scale)
	}
	if m.Cmp(u64Max) > 0 {
		return math.MaxUint64
	}
	return m.Uint64()
}

func satSubI64(a, b int64) int64 {
	r, ok := subI64(a, b)
	if ok {
		return r
	}
	if b < 0 {
		return math.MaxInt64
	}
	return math.MinInt64
}

func addI64(a, b int64) (int64, bool) {
	r := a + b
	if (b > 0 && r < a) || (b < 0 && r > a) {
		return 0, false
	}
	return r, true
}

func subI64(a, b int64) (int64, bool) {
	r := a - b
	if (b > 0 && r > a) || (b < 0 && r < a) {
		return 0, false
	}
	return r, true
}
