package tx

import (
	"encoding/binary"
	"fmt"

	"github.com/vmihailenco/msgpack/v5"
)

// U16s is a list of u16 (uids, weights, salt) in a call. It encodes like
// []uint16, and decodes exactly as msgpack decodes []uint16 by reflection
// with codec's strict integers (nil is a nil list; an element is any msgpack
// integer in 0…65535, nil reads as 0), without reflecting on every element:
// weight calls carry hundreds.
type U16s []uint16

// DecodeMsgpack implements msgpack.CustomDecoder; msgpack handles nil
// before calling it.
func (u *U16s) DecodeMsgpack(d *msgpack.Decoder) error {
	n, err := d.DecodeArrayLen()
	if err != nil {
		return err
	}
	switch {
	case n == -1:
		*u = nil
		return nil
	case n == 0 && *u == nil:
		*u = U16s{}
		return nil
	}
	// The length comes from the input: grow as elements arrive rather than
	// trusting it for the allocation.
	out := (*u)[:0]
	if cap(out) < n {
		out = make(U16s, 0, min(n, 1024))
	}
	var buf [8]byte
	for range n {
		v, err := readU16(d, &buf)
		if err != nil {
			return err
		}
		out = append(out, v)
	}
	*u = out
	return nil
}

// readU16 decodes one element with the strict-integer rules codec
// registers for reflection (any msgpack integer in 0…65535, nil as 0), reading the bytes straight from the
// decoder's input instead of through msgpack's peek-then-decode.
func readU16(d *msgpack.Decoder, buf *[8]byte) (uint16, error) {
	if err := d.ReadFull(buf[:1]); err != nil {
		return 0, err
	}
	c := buf[0]
	switch {
	case c <= 0x7f: // positive fixint
		return uint16(c), nil
	case c == 0xc0: // nil
		return 0, nil
	case c >= 0xe0: // negative fixint
		return 0, fmt.Errorf("msgpack: cannot decode number %d into uint16", int8(c))
	}
	var w uint
	signed := false
	switch c {
	case 0xcc, 0xcd, 0xce, 0xcf: // uint 8/16/32/64
		w = 1 << (c - 0xcc)
	case 0xd0, 0xd1, 0xd2, 0xd3: // int 8/16/32/64
		w, signed = 1<<(c-0xd0), true
	default:
		return 0, fmt.Errorf("msgpack: invalid code=%x decoding uint16", c)
	}
	b := buf[8-w:]
	if err := d.ReadFull(b); err != nil {
		return 0, err
	}
	clear(buf[:8-w])
	u := binary.BigEndian.Uint64(buf[:])
	if signed {
		shift := 64 - 8*w
		if n := int64(u<<shift) >> shift; n < 0 {
			return 0, fmt.Errorf("msgpack: cannot decode number %d into uint16", n)
		}
	}
	if u > 0xffff {
		return 0, fmt.Errorf("msgpack: cannot decode number %d into uint16", u)
	}
	return uint16(u), nil
}
