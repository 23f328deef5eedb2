package codec

import (
	"encoding/binary"
	"math"
)

// Append-style msgpack writers for hand-written encoders on hot paths
// (state values, block records, metagraph responses). Each writes exactly
// what msgpack/v5's Encoder writes for the same call, so hand-encoded values
// decode with msgpack and, where a test checks it, match its output byte
// for byte.

// AppendArrayLen appends an array header (Encoder.EncodeArrayLen).
func AppendArrayLen(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xdc), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdd), uint32(n))
}

// AppendMapLen appends a map header (Encoder.EncodeMapLen).
func AppendMapLen(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x80|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xde), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdf), uint32(n))
}

// AppendUint appends v in its shortest form (Encoder.EncodeUint, or any
// unsigned integer with UseCompactInts).
func AppendUint(b []byte, v uint64) []byte {
	switch {
	case v <= math.MaxInt8:
		return append(b, byte(v))
	case v <= math.MaxUint8:
		return append(b, 0xcc, byte(v))
	case v <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xcd), uint16(v))
	case v <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, 0xce), uint32(v))
	}
	return binary.BigEndian.AppendUint64(append(b, 0xcf), v)
}

// AppendU8, AppendU16, AppendU32, AppendU64 and AppendI64 append full-width
// integers, as the reflection encoder writes struct fields of those types.
func AppendU8(b []byte, v uint8) []byte { return append(b, 0xcc, v) }

// AppendU16 appends a full-width uint16 (see AppendU8).
func AppendU16(b []byte, v uint16) []byte { return binary.BigEndian.AppendUint16(append(b, 0xcd), v) }

// AppendU32 appends a full-width uint32 (see AppendU8).
func AppendU32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(append(b, 0xce), v) }

// AppendU64 appends a full-width uint64 (see AppendU8).
func AppendU64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(append(b, 0xcf), v) }

// AppendI64 appends a full-width int64 (see AppendU8).
func AppendI64(b []byte, v int64) []byte {
	return binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(v))
}

// AppendBool appends true or false.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 0xc3)
	}
	return append(b, 0xc2)
}

// AppendNil appends nil.
func AppendNil(b []byte) []byte { return append(b, 0xc0) }

// AppendStr appends a string (Encoder.EncodeString).
func AppendStr(b []byte, s string) []byte {
	switch l := len(s); {
	case l < 32:
		b = append(b, 0xa0|byte(l))
	case l <= math.MaxUint8:
		b = append(b, 0xd9, byte(l))
	case l <= math.MaxUint16:
		b = binary.BigEndian.AppendUint16(append(b, 0xda), uint16(l))
	default:
		b = binary.BigEndian.AppendUint32(append(b, 0xdb), uint32(l))
	}
	return append(b, s...)
}

// AppendBin appends bytes as bin (Encoder.EncodeBytes of a non-nil slice;
// also how the reflection encoder writes a TextMarshaler's text).
func AppendBin[T ~string | ~[]byte](b []byte, p T) []byte {
	switch l := len(p); {
	case l <= math.MaxUint8:
		b = append(b, 0xc4, byte(l))
	case l <= math.MaxUint16:
		b = binary.BigEndian.AppendUint16(append(b, 0xc5), uint16(l))
	default:
		b = binary.BigEndian.AppendUint32(append(b, 0xc6), uint32(l))
	}
	return append(b, p...)
}
