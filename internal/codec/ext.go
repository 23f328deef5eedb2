package codec

import (
	"encoding/binary"
	"fmt"
	"reflect"

	"github.com/vmihailenco/msgpack/v5"
)

// Msgpack extension type ids. They are part of the wire format: never reuse or
// renumber one. Every 128-bit value is a 16-byte big-endian payload (fixext16).
const (
	ExtU128   int8 = 1 // U128: unsigned 128-bit integer, hi‖lo
	ExtI128   int8 = 2 // I128: two's-complement signed 128-bit integer, hi‖lo
	ExtU64F64 int8 = 3 // U64F64 fixed point: raw 128 bits (64 integer, 64 fraction)
	ExtI96F32 int8 = 4 // I96F32 fixed point: raw 128 bits (96 integer, 32 fraction)
)

// Ext16Len is the payload length of every 128-bit extension type.
const Ext16Len = 16

// RegisterExt16 registers T (a value type, not a pointer) as msgpack extension
// id with a 16-byte payload. Values, pointers, struct fields of structs passed
// by value, map values and interface{} targets all work (spec §2(d)). A payload
// of any other length is an error wrapping ErrExtLength.
//
// Call it from an init function with one of the Ext* ids above.
func RegisterExt16[T any](id int8, enc func(T) [16]byte, dec func([16]byte) T) {
	var zero T
	if reflect.TypeOf(zero).Kind() == reflect.Pointer {
		panic("codec: RegisterExt16 needs a value type")
	}
	msgpack.RegisterExtEncoder(id, zero, func(_ *msgpack.Encoder, v reflect.Value) ([]byte, error) {
		var b [16]byte
		if v.CanAddr() {
			b = enc(*v.Addr().Interface().(*T))
		} else {
			b = enc(v.Interface().(T))
		}
		return b[:], nil
	})
	msgpack.RegisterExtDecoder(id, zero, func(d *msgpack.Decoder, v reflect.Value, n int) error {
		if n != Ext16Len {
			return fmt.Errorf("%w: ext type %d: got %d bytes, want %d", ErrExtLength, id, n, Ext16Len)
		}
		var b [16]byte
		if err := d.ReadFull(b[:]); err != nil {
			return err
		}
		val := dec(b)
		if v.CanAddr() {
			*v.Addr().Interface().(*T) = val
		} else {
			v.Set(reflect.ValueOf(val))
		}
		return nil
	})
}

func init() {
	RegisterExt16(ExtU128, func(u U128) [16]byte { return u.Bytes() }, U128FromBytes)
	RegisterExt16(ExtI128, func(i I128) [16]byte { return i.Bytes() }, I128FromBytes)
}

// put128 writes hi‖lo big-endian.
func put128(hi, lo uint64) (b [16]byte) {
	binary.BigEndian.PutUint64(b[:8], hi)
	binary.BigEndian.PutUint64(b[8:], lo)
	return b
}

func get128(b [16]byte) (hi, lo uint64) {
	return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
}
