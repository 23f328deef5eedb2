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
	if s, ok := ss58Enc.Load(a); ok {
		return s.(string)
	}
	s := keys.AccountID(a).String()
	cacheStore(&ss58Enc, a, s)
	return s
}

// MarshalText encodes the SS58 address.
func (a Address) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText decodes an SS58 address (prefix 42).
func (a *Address) UnmarshalText(b []byte) error {
	if v, ok := ss58Dec.Load(string(b)); ok {
		*a = v.(Address)
		return nil
	}
	var id keys.AccountID
	if err := id.UnmarshalText(b); err != nil {
		return err
	}
	*a = Address(id)
	cacheStore(&ss58Dec, string(b), *a)
	return nil
}

// The caches are bounded: past cacheMax entries they start over.
const cacheMax = 1 << 18

var (
	ss58Enc, ss58Dec sync.Map
	cacheMu          sync.Mutex
	cacheN           = map[*sync.Map]int{}
)

func cacheStore(m *sync.Map, k, v any) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if cacheN[m] >= cacheMax {
		m.Clear()
		cacheN[m] = 0
	}
	if _, loaded := m.LoadOrStore(k, v); !loaded {
		cacheN[m]++
	}
}
