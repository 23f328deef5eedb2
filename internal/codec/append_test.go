package codec

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/vmihailenco/msgpack/v5"
)

// TestAppendMatchesEncoder: every writer produces what msgpack's Encoder
// produces for the same value, across each length and size boundary.
func TestAppendMatchesEncoder(t *testing.T) {
	enc := func(f func(e *msgpack.Encoder) error) []byte {
		var buf bytes.Buffer
		e := msgpack.NewEncoder(&buf)
		if err := f(e); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	check := func(name string, got, want []byte) {
		t.Helper()
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: %x, msgpack %x", name, got, want)
		}
	}
	lens := []int{0, 1, 15, 16, 31, 32, 255, 256, math.MaxUint16, math.MaxUint16 + 1}
	for _, n := range lens {
		check("array", AppendArrayLen(nil, n), enc(func(e *msgpack.Encoder) error { return e.EncodeArrayLen(n) }))
		check("map", AppendMapLen(nil, n), enc(func(e *msgpack.Encoder) error { return e.EncodeMapLen(n) }))
		s := strings.Repeat("x", n)
		check("str", AppendStr(nil, s), enc(func(e *msgpack.Encoder) error { return e.EncodeString(s) }))
		check("bin", AppendBin(nil, []byte(s)), enc(func(e *msgpack.Encoder) error { return e.EncodeBytes([]byte(s)) }))
	}
	for _, v := range []uint64{0, 1, 127, 128, 255, 256, math.MaxUint16, math.MaxUint16 + 1, math.MaxUint32, math.MaxUint32 + 1, math.MaxUint64} {
		check("uint", AppendUint(nil, v), enc(func(e *msgpack.Encoder) error { return e.EncodeUint(v) }))
		check("u64", AppendU64(nil, v), enc(func(e *msgpack.Encoder) error { return e.EncodeUint64(v) }))
		check("u32", AppendU32(nil, uint32(v)), enc(func(e *msgpack.Encoder) error { return e.EncodeUint32(uint32(v)) }))
		check("u16", AppendU16(nil, uint16(v)), enc(func(e *msgpack.Encoder) error { return e.EncodeUint16(uint16(v)) }))
		check("u8", AppendU8(nil, uint8(v)), enc(func(e *msgpack.Encoder) error { return e.EncodeUint8(uint8(v)) }))
		check("i64", AppendI64(nil, int64(v)), enc(func(e *msgpack.Encoder) error { return e.EncodeInt64(int64(v)) }))
	}
	check("true", AppendBool(nil, true), enc(func(e *msgpack.Encoder) error { return e.EncodeBool(true) }))
	check("false", AppendBool(nil, false), enc(func(e *msgpack.Encoder) error { return e.EncodeBool(false) }))
	check("nil", AppendNil(nil), enc(func(e *msgpack.Encoder) error { return e.EncodeNil() }))
}
