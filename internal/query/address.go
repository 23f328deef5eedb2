package query

import (
	"sync"

	"github.com/taokit/taokit/internal/keys"
)

// Address is an account in query results. It encodes (JSON, msgpack) as
// its SS58 address like keys.AccountID, through a process-wide cache:
// SS58 costs a base58 conversion and a blake2b checksum each way, which
// dominated the encoding of large metagraphs.
type Address keys.AccountID

// ID returns the account id.
func (a Address) ID() keys.AccountID { return keys.AccountID(a) }

// String returns the SS58 address.
func (a Address) String() string {
	ss58.RLock()
	s, ok := ss58.enc[a]
	ss58.RUnlock()
	if ok {
		return s
	}
	s = keys.AccountID(a).String()
	ss58.Lock()
	if len(ss58.enc) >= cacheMax {
		clear(ss58.enc)
	}
	ss58.enc[a] = s
	ss58.Unlock()
	return s
}

// MarshalText encodes the SS58 address.
func (a Address) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText decodes an SS58 address (prefix 42).
func (a *Address) UnmarshalText(b []byte) error {
	ss58.RLock()
	v, ok := ss58.dec[string(b)]
	ss58.RUnlock()
	if ok {
		*a = v
		return nil
	}
	var id keys.AccountID
	if err := id.UnmarshalText(b); err != nil {
		return err
	}
	*a = Address(id)
	ss58.Lock()
	if len(ss58.dec) >= cacheMax {
		clear(ss58.dec)
	}
	ss58.dec[string(b)] = *a
	ss58.Unlock()
	return nil
}

// The caches are bounded: past cacheMax entries they start over. Plain
// maps under a lock: a sync.Map would box each 32-byte key.
const cacheMax = 1 << 18

var ss58 = struct {
	sync.RWMutex
	enc map[Address]string
	dec map[string]Address
}{enc: map[Address]string{}, dec: map[string]Address{}}
