package query

import (
	"bytes"
	"errors"
	"hash/maphash"
	"sync"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

// decodeCache remembers decoded values by store key and raw bytes:
// between blocks almost every record of a subnet is unchanged, and a
// re-read then costs a hash and a byte comparison instead of a reflective
// msgpack decode. Entries are found by a hash of the store key and hold
// the key and raw value in one slice, checked in full on every hit.
// Values must be immutable (no slices shared with callers' writes).
type decodeCache[K comparable, V any] struct {
	t    *state.Table[K, V]
	seed maphash.Seed
	mu   sync.RWMutex
	m    map[uint64]cachedValue[V]
}

type cachedValue[V any] struct {
	kr   []byte // store key, then raw value
	klen int
	v    V
}

func (e *cachedValue[V]) matches(key, raw []byte) bool {
	return len(e.kr) == len(key)+len(raw) && e.klen == len(key) && bytes.Equal(e.kr[:e.klen], key) && bytes.Equal(e.kr[e.klen:], raw)
}

// decodeCacheMax bounds each cache; past it the cache starts over.
const decodeCacheMax = 1 << 17

func newDecodeCache[K comparable, V any](t *state.Table[K, V]) *decodeCache[K, V] {
	return &decodeCache[K, V]{t: t, seed: maphash.MakeSeed(), m: map[uint64]cachedValue[V]{}}
}

var (
	neuronCache = newDecodeCache(tables.Neurons)
	hotkeyCache = newDecodeCache(tables.Hotkeys)
	stakeCache  = newDecodeCache(tables.Stakes)
	outputCache = newDecodeCache(tables.Outputs)
)

// errProbe stops a key probe.
var errProbe = errors.New("probe")

// keyProbe is a Reader that records the key the table asks for, or serves
// one already fetched raw value; it lets the cache use the table's own key
// encoding and value decoding.
type keyProbe struct {
	key []byte
	raw []byte
}

func (p *keyProbe) Height() uint64   { return 0 }
func (p *keyProbe) Root() store.Hash { return store.Hash{} }
func (p *keyProbe) Get(key []byte) ([]byte, bool, error) {
	if p.raw != nil {
		return p.raw, true, nil
	}
	p.key = append(p.key[:0], key...)
	return nil, false, errProbe
}
func (p *keyProbe) Iterate(store.Range, func(k, v []byte) error) error { return errProbe }

// decode returns the value of table key k (store key key) stored as raw,
// from the cache when raw is unchanged. key and raw may be a store walk's
// transient slices: the cache keeps copies.
func (c *decodeCache[K, V]) decode(key, raw []byte, k K) (V, error) {
	h := maphash.Bytes(c.seed, key)
	c.mu.RLock()
	e, hit := c.m[h]
	c.mu.RUnlock()
	if hit && e.matches(key, raw) {
		return e.v, nil
	}
	kr := make([]byte, 0, len(key)+len(raw))
	kr = append(append(kr, key...), raw...)
	v, _, err := c.t.Read(&keyProbe{raw: kr[len(key):]}, k)
	if err != nil {
		var zero V
		return zero, err
	}
	c.mu.Lock()
	if len(c.m) >= decodeCacheMax {
		clear(c.m)
	}
	c.m[h] = cachedValue[V]{kr: kr, klen: len(key), v: v}
	c.mu.Unlock()
	return v, nil
}

// reset empties the cache (tests measure cold reads with it).
func (c *decodeCache[K, V]) reset() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}
