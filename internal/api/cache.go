package api

import (
	"net/http"
	"sync"

	"github.com/taokit/taokit/internal/store"
)

// cacheKey identifies a query answer: the state root read, the endpoint
// with its parameters (less at, which only selected the root) and the
// encoding.
type cacheKey struct {
	root    store.Hash
	path    string
	msgpack bool
}

type cacheEntry struct {
	body  []byte
	ctype string
}

// respCache holds encoded query responses, evicting the oldest first.
type respCache struct {
	mu         sync.Mutex
	maxEntries int
	maxBytes   int
	bytes      int
	m          map[cacheKey]cacheEntry
	order      []cacheKey
}

func newRespCache(entries, bytes int) *respCache {
	return &respCache{maxEntries: entries, maxBytes: bytes, m: map[cacheKey]cacheEntry{}}
}

func (c *respCache) key(root store.Hash, r *http.Request) cacheKey {
	q := r.URL.Query()
	q.Del("at")
	return cacheKey{root: root, path: r.URL.Path + "?" + q.Encode(), msgpack: wantsMsgpack(r)}
}

func (c *respCache) get(k cacheKey) (cacheEntry, bool) {
	if c.maxEntries < 0 {
		return cacheEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	return e, ok
}

// put caches e under k and reports whether it kept e.body (the caller
// may reuse the body's memory otherwise).
func (c *respCache) put(k cacheKey, e cacheEntry) bool {
	if c.maxEntries < 0 || len(e.body) > c.maxBytes/4 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return false
	}
	for len(c.order) > 0 && (len(c.order) >= c.maxEntries || c.bytes+len(e.body) > c.maxBytes) {
		old := c.order[0]
		c.order = c.order[1:]
		c.bytes -= len(c.m[old].body)
		delete(c.m, old)
	}
	c.m[k] = e
	c.order = append(c.order, k)
	c.bytes += len(e.body)
	return true
}
