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
// and table. It stops growing at ss58CacheMax entries.
var (
	ss58Cache  sync.Map
	ss58Cached atomic.Int64
)

const ss58CacheMax = 1 << 16

func cachedSS58(a AccountID) string {
	if v, ok := ss58Cache.Load(a); ok {
		return v.(string)
	}
	s, _ := SS58Encode(a, DefaultSS58Prefix) // prefix 42 is always valid
	if ss58Cached.Load() < ss58CacheMax {
		if _, loaded := ss58Cache.LoadOrStore(a, s); !loaded {
			ss58Cached.Add(1)
		}
	}
	return s
}
