package keys

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// EncodeMsgpack writes the account as 32 raw bytes (bin 8): compact and
// cheap for state, transactions and machine streams. JSON and text keep
// the SS58 form.
func (a AccountID) EncodeMsgpack(e *msgpack.Encoder) error { return e.EncodeBytes(a[:]) }

// DecodeMsgpack reads 32 raw bytes, or an SS58 string for inputs written
// by hand.
func (a *AccountID) DecodeMsgpack(d *msgpack.Decoder) error {
	c, err := d.PeekCode()
	if err != nil {
		return err
	}
	if msgpcode.IsString(c) {
		s, err := d.DecodeString()
		if err != nil {
			return err
		}
		return a.UnmarshalText([]byte(s))
	}
	b, err := d.DecodeBytes()
	if err != nil {
		return err
	}
	if len(b) != 32 {
		return fmt.Errorf("account id of %d bytes: %w", len(b), ErrBadLength)
	}
	copy(a[:], b)
	return nil
}

// ss58Cache remembers SS58 encodings (prefix 42) of recently printed
// accounts: the same few thousand keys are rendered in every event, query
// and table. A direct-mapped array of immutable entries answers most
// lookups with one atomic load and a 32-byte comparison; a key whose slot
// holds another goes to the map, which stops growing at ss58CacheMax
// entries.
var (
	ss58Slots  [1 << ss58SlotBits]atomic.Pointer[ss58Entry]
	ss58Cache  sync.Map
	ss58Cached atomic.Int64
)

type ss58Entry struct {
	id AccountID
	s  string
}

const (
	ss58SlotBits = 14
	ss58CacheMax = 1 << 16
)

func cachedSS58(a AccountID) string {
	slot := &ss58Slots[(uint(a[0])|uint(a[1])<<8^uint(a[30])<<3^uint(a[31])<<6)&(1<<ss58SlotBits-1)]
	if e := slot.Load(); e != nil && e.id == a {
		return e.s
	}
	var s string
	if v, ok := ss58Cache.Load(a); ok {
		s = v.(string)
	} else {
		s, _ = SS58Encode(a, DefaultSS58Prefix) // prefix 42 is always valid
		if ss58Cached.Load() < ss58CacheMax {
			if _, loaded := ss58Cache.LoadOrStore(a, s); !loaded {
				ss58Cached.Add(1)
			}
		}
	}
	slot.Store(&ss58Entry{a, s})
	return s
}
