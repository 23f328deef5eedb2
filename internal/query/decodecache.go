package query

import (
	"bytes"
	"errors"
	"sync"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

// decodeCache remembers decoded values by store key and raw bytes. State
// values spell every account as SS58 text, so decoding a neuron or hotkey
// record costs base58 and blake2b work; between blocks almost every record
// of a subnet is unchanged, and a re-read then costs a byte comparison.
// Values must be immutable (no slices shared with callers' writes).
type decodeCache[K comparable, V any] struct {
	t  *state.Table[K, V]
	mu sync.RWMutex
	m  map[string]cachedValue[V]
}

type cachedValue[V any] struct {
	raw []byte
	v   V
}

// decodeCacheMax bounds each cache; past it the cache starts over.
const decodeCacheMax = 1 << 17

func newDecodeCache[K comparable, V any](t *state.Table[K, V]) *decodeCache[K, V] {
	return &decodeCache[K, V]{t: t, m: map[string]cachedValue[V]{}}
}

var (
	neuronCache = newDecodeCache(tables.Neurons)
	hotkeyCache = newDecodeCache(tables.Hotkeys)
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

// read is Table.Read through the cache.
func (c *decodeCache[K, V]) read(r store.Reader, k K) (V, bool, error) {
	var zero V
	var p keyProbe
	if _, _, err := c.t.Read(&p, k); !errors.Is(err, errProbe) {
		return zero, false, err
	}
	raw, ok, err := r.Get(p.key)
	if err != nil || !ok {
		return zero, false, err
	}
	c.mu.RLock()
	e, hit := c.m[string(p.key)]
	c.mu.RUnlock()
	if hit && bytes.Equal(e.raw, raw) {
		return e.v, true, nil
	}
	v, _, err := c.t.Read(&keyProbe{raw: raw}, k)
	if err != nil {
		return zero, false, err
	}
	c.mu.Lock()
	if len(c.m) >= decodeCacheMax {
		clear(c.m)
	}
	c.m[string(p.key)] = cachedValue[V]{raw: raw, v: v}
	c.mu.Unlock()
	return v, true, nil
}

// reset empties the cache (tests measure cold reads with it).
func (c *decodeCache[K, V]) reset() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}
