package tx

import (
	"github.com/taokit/taokit/internal/codec"
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
	for range n {
		v, err := codec.DecodeUint16(d)
		if err != nil {
			return err
		}
		out = append(out, v)
	}
	*u = out
	return nil
}
