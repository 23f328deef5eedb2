package codec

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
)

// U128 is an unsigned 128-bit integer that crosses the wire exactly: a decimal
// string in JSON ("340282366920938463463374607431768211455") and msgpack
// extension ExtU128 (16 bytes big-endian) in msgpack.
type U128 struct {
	Hi, Lo uint64
}

// MaxU128 is 2^128-1.
var MaxU128 = U128{Hi: math.MaxUint64, Lo: math.MaxUint64}

// U128From64 returns v as a U128.
func U128From64(v uint64) U128 { return U128{Lo: v} }

// U128FromBytes decodes 16 big-endian bytes.
func U128FromBytes(b [16]byte) U128 {
	hi, lo := get128(b)
	return U128{Hi: hi, Lo: lo}
}

// Bytes returns the 16-byte big-endian encoding.
func (u U128) Bytes() [16]byte { return put128(u.Hi, u.Lo) }

// IsZero reports whether u == 0.
func (u U128) IsZero() bool { return u.Hi == 0 && u.Lo == 0 }

// Uint64 returns u and whether it fits in 64 bits.
func (u U128) Uint64() (uint64, bool) { return u.Lo, u.Hi == 0 }

// Cmp returns -1, 0 or +1 as u is less than, equal to or greater than v.
func (u U128) Cmp(v U128) int {
	switch {
	case u.Hi < v.Hi || (u.Hi == v.Hi && u.Lo < v.Lo):
		return -1
	case u == v:
		return 0
	}
	return 1
}

// Big returns u as a new big.Int.
func (u U128) Big() *big.Int {
	b := u.Bytes()
	return new(big.Int).SetBytes(b[:])
}

// U128FromBig converts a big.Int in [0, 2^128).
func U128FromBig(b *big.Int) (U128, error) {
	if b.Sign() < 0 || b.BitLen() > 128 {
		return U128{}, fmt.Errorf("%s out of u128 range", b)
	}
	var buf [16]byte
	b.FillBytes(buf[:])
	return U128FromBytes(buf), nil
}

const pow10_19 = 10_000_000_000_000_000_000

// String returns the decimal representation.
func (u U128) String() string {
	if u.Hi == 0 {
		return fmtUint(u.Lo)
	}
	// Split into base-1e19 limbs: at most 3 for 128 bits.
	var limbs [3]uint64
	n := 0
	hi, lo := u.Hi, u.Lo
	for hi != 0 || lo != 0 {
		qhi := hi / pow10_19
		r := hi % pow10_19
		qlo, rem := bits.Div64(r, lo, pow10_19)
		limbs[n] = rem
		n++
		hi, lo = qhi, qlo
	}
	s := fmtUint(limbs[n-1])
	for i := n - 2; i >= 0; i-- {
		d := fmtUint(limbs[i])
		s += "0000000000000000000"[:19-len(d)] + d
	}
	return s
}

func fmtUint(v uint64) string {
	var b [20]byte
	i := len(b)
	for v >= 10 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	i--
	b[i] = byte('0' + v)
	return string(b[i:])
}

var errU128Syntax = errors.New("invalid u128")

// ParseU128 parses a non-empty string of decimal digits (no sign) that fits in 128 bits.
func ParseU128(s string) (U128, error) {
	if s == "" {
		return U128{}, fmt.Errorf("%w: empty string", errU128Syntax)
	}
	var hi, lo uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return U128{}, fmt.Errorf("%w %q: not a decimal digit at offset %d", errU128Syntax, s, i)
		}
		// (hi,lo) = (hi,lo)*10 + d, checking overflow.
		h1, h0 := bits.Mul64(hi, 10)
		l1, l0 := bits.Mul64(lo, 10)
		if h1 != 0 {
			return U128{}, fmt.Errorf("%w %q: overflows 128 bits", errU128Syntax, s)
		}
		var carry uint64
		lo, carry = bits.Add64(l0, uint64(c-'0'), 0)
		var c2 uint64
		hi, c2 = bits.Add64(h0, l1, carry)
		if c2 != 0 {
			return U128{}, fmt.Errorf("%w %q: overflows 128 bits", errU128Syntax, s)
		}
	}
	return U128{Hi: hi, Lo: lo}, nil
}

// MarshalText returns the decimal string.
func (u U128) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText parses a decimal string.
func (u *U128) UnmarshalText(b []byte) error {
	v, err := ParseU128(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// MarshalJSON encodes u as a quoted decimal string.
func (u U128) MarshalJSON() ([]byte, error) { return []byte(`"` + u.String() + `"`), nil }

// UnmarshalJSON accepts a quoted decimal string or a bare non-negative integer.
// null leaves u unchanged.
func (u *U128) UnmarshalJSON(b []byte) error {
	s, isNull, err := jsonIntLiteral(b)
	if err != nil || isNull {
		return err
	}
	return u.UnmarshalText([]byte(s))
}

// jsonIntLiteral extracts the digits of a JSON string or number literal.
func jsonIntLiteral(b []byte) (s string, isNull bool, err error) {
	if string(b) == "null" {
		return "", true, nil
	}
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		return string(b[1 : n-1]), false, nil
	}
	return string(b), false, nil
}

// I128 is a two's-complement signed 128-bit integer: a decimal string in JSON
// and msgpack extension ExtI128 (16 bytes big-endian) in msgpack.
type I128 struct {
	Hi, Lo uint64
}

// I128From64 returns v as an I128.
func I128From64(v int64) I128 {
	if v < 0 {
		return I128{Hi: math.MaxUint64, Lo: uint64(v)}
	}
	return I128{Lo: uint64(v)}
}

// I128FromBytes decodes 16 big-endian two's-complement bytes.
func I128FromBytes(b [16]byte) I128 {
	hi, lo := get128(b)
	return I128{Hi: hi, Lo: lo}
}

// Bytes returns the 16-byte big-endian two's-complement encoding.
func (i I128) Bytes() [16]byte { return put128(i.Hi, i.Lo) }

// Neg reports whether i < 0.
func (i I128) Neg() bool { return int64(i.Hi) < 0 }

// abs returns |i| as a U128 (|min| = 2^127 fits).
func (i I128) abs() U128 {
	if !i.Neg() {
		return U128{Hi: i.Hi, Lo: i.Lo}
	}
	lo, borrow := bits.Sub64(0, i.Lo, 0)
	hi, _ := bits.Sub64(0, i.Hi, borrow)
	return U128{Hi: hi, Lo: lo}
}

// String returns the decimal representation.
func (i I128) String() string {
	if i.Neg() {
		return "-" + i.abs().String()
	}
	return i.abs().String()
}

// ParseI128 parses an optionally '-'-signed decimal integer in [-2^127, 2^127).
func ParseI128(s string) (I128, error) {
	neg := len(s) > 0 && s[0] == '-'
	digits := s
	if neg {
		digits = s[1:]
	}
	u, err := ParseU128(digits)
	if err != nil {
		return I128{}, fmt.Errorf("invalid i128 %q: %w", s, err)
	}
	const signBit = 1 << 63
	if !neg {
		if u.Hi&signBit != 0 {
			return I128{}, fmt.Errorf("invalid i128 %q: overflows 128 bits", s)
		}
		return I128{Hi: u.Hi, Lo: u.Lo}, nil
	}
	if u.Hi > signBit || (u.Hi == signBit && u.Lo != 0) {
		return I128{}, fmt.Errorf("invalid i128 %q: overflows 128 bits", s)
	}
	lo, borrow := bits.Sub64(0, u.Lo, 0)
	hi, _ := bits.Sub64(0, u.Hi, borrow)
	return I128{Hi: hi, Lo: lo}, nil
}

// MarshalText returns the decimal string.
func (i I128) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// UnmarshalText parses a decimal string.
func (i *I128) UnmarshalText(b []byte) error {
	v, err := ParseI128(string(b))
	if err != nil {
		return err
	}
	*i = v
	return nil
}

// MarshalJSON encodes i as a quoted decimal string.
func (i I128) MarshalJSON() ([]byte, error) { return []byte(`"` + i.String() + `"`), nil }

// UnmarshalJSON accepts a quoted decimal string or a bare integer. null leaves i unchanged.
func (i *I128) UnmarshalJSON(b []byte) error {
	s, isNull, err := jsonIntLiteral(b)
	if err != nil || isNull {
		return err
	}
	return i.UnmarshalText([]byte(s))
}
