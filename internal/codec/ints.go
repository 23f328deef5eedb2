package codec

import (
	"fmt"
	"math"
	"reflect"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// RegisterStrictInts makes msgpack decoding into the integer types of the given
// values range-checked, as encoding/json is: a negative number into an
// unsigned type, or a value that does not fit, is an error instead of a silent
// wrap. The built-in integer types are registered already; call it from init
// for named integer types that cross the wire (e.g. RegisterStrictInts(NetUID(0))).
// Values of non-integer kinds are ignored.
func RegisterStrictInts(values ...any) {
	for _, v := range values {
		switch reflect.TypeOf(v).Kind() {
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			msgpack.Register(v, nil, decodeStrictUint)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			msgpack.Register(v, nil, decodeStrictInt)
		}
	}
}

func init() {
	RegisterStrictInts(uint(0), uint8(0), uint16(0), uint32(0), uint64(0),
		int(0), int8(0), int16(0), int32(0), int64(0))
}

func isSignedCode(c byte) bool {
	return msgpcode.IsFixedNum(c) && int8(c) < 0 ||
		c == msgpcode.Int8 || c == msgpcode.Int16 || c == msgpcode.Int32 || c == msgpcode.Int64
}

func decodeStrictUint(d *msgpack.Decoder, v reflect.Value) error {
	u, err := strictUint(d, v.Type(), v.OverflowUint)
	if err != nil {
		return err
	}
	v.SetUint(u)
	return nil
}

func strictUint(d *msgpack.Decoder, typ reflect.Type, overflows func(uint64) bool) (uint64, error) {
	c, err := d.PeekCode()
	if err != nil {
		return 0, err
	}
	var u uint64
	if isSignedCode(c) {
		n, err := d.DecodeInt64()
		if err != nil {
			return 0, err
		}
		if n < 0 {
			return 0, fmt.Errorf("msgpack: cannot decode number %d into %s", n, typ)
		}
		u = uint64(n)
	} else if u, err = d.DecodeUint64(); err != nil {
		return 0, err
	}
	if overflows(u) {
		return 0, fmt.Errorf("msgpack: cannot decode number %d into %s", u, typ)
	}
	return u, nil
}

func decodeStrictInt(d *msgpack.Decoder, v reflect.Value) error {
	c, err := d.PeekCode()
	if err != nil {
		return err
	}
	var n int64
	if c == msgpcode.Uint64 {
		u, err := d.DecodeUint64()
		if err != nil {
			return err
		}
		if u > math.MaxInt64 {
			return fmt.Errorf("msgpack: cannot decode number %d into %s", u, v.Type())
		}
		n = int64(u)
	} else if n, err = d.DecodeInt64(); err != nil {
		return err
	}
	if v.OverflowInt(n) {
		return fmt.Errorf("msgpack: cannot decode number %d into %s", n, v.Type())
	}
	v.SetInt(n)
	return nil
}
