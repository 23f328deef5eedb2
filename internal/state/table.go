package state

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/taokit/taokit/internal/store"
	"github.com/vmihailenco/msgpack/v5"
)

// keyCodec turns a table key into the bytes after the table prefix and back.
// Encodings are fixed-width big-endian so byte order equals key order.
type keyCodec[K comparable] struct {
	enc func(dst []byte, k K) []byte
	dec func(b []byte) (K, error)
}

// Table is one family of state: a map from K to V held in memory, journaled
// for rollback and tracked for flushing to the store. Values are treated as
// immutable: Get returns the stored value and callers must not modify slices
// inside it in place; build a new value and Set it.
type Table[K comparable, V any] struct {
	prefix byte
	name   string
	kc     keyCodec[K]
	m      map[K]V
	dirty  map[K]struct{}
	j      *journal
	undo   []undoEntry[K, V] // old values of this table's journaled writes, oldest first
	// half, when ≥ 0, marks a table stored as element half of a shared
	// subnet record (see subnetrec.go) rather than under its own keys.
	half int
}

// undoEntry restores one key to what it held before a write.
type undoEntry[K comparable, V any] struct {
	k       K
	old     V
	existed bool
}

func newTable[K comparable, V any](s *State, prefix byte, name string, kc keyCodec[K]) *Table[K, V] {
	t := &Table[K, V]{prefix: prefix, name: name, kc: kc, m: map[K]V{}, dirty: map[K]struct{}{}, j: &s.j, half: -1}
	s.tables = append(s.tables, t)
	return t
}

// Get returns the value under k and whether it exists.
func (t *Table[K, V]) Get(k K) (V, bool) {
	v, ok := t.m[k]
	return v, ok
}

// GetOr returns the value under k, or def when absent.
func (t *Table[K, V]) GetOr(k K, def V) V {
	if v, ok := t.m[k]; ok {
		return v
	}
	return def
}

// Has reports whether k exists.
func (t *Table[K, V]) Has(k K) bool {
	_, ok := t.m[k]
	return ok
}

// Set stores v under k.
func (t *Table[K, V]) Set(k K, v V) {
	old, existed := t.m[k]
	t.record(k, old, existed)
	t.m[k] = v
	t.dirty[k] = struct{}{}
}

// Update applies f to the value under k (the zero value when absent) and stores the result.
func (t *Table[K, V]) Update(k K, f func(V) V) {
	t.Set(k, f(t.m[k]))
}

// Delete removes k.
func (t *Table[K, V]) Delete(k K) {
	old, existed := t.m[k]
	if !existed {
		return
	}
	t.record(k, old, true)
	delete(t.m, k)
	t.dirty[k] = struct{}{}
}

// record journals a write to k, which held old if existed.
func (t *Table[K, V]) record(k K, old V, existed bool) {
	t.undo = append(t.undo, undoEntry[K, V]{k: k, old: old, existed: existed})
	t.j.order = append(t.j.order, t)
}

// undoLast restores the key of the newest undo entry and drops the entry.
func (t *Table[K, V]) undoLast() {
	n := len(t.undo) - 1
	e := &t.undo[n]
	if e.existed {
		t.m[e.k] = e.old
	} else {
		delete(t.m, e.k)
	}
	*e = undoEntry[K, V]{}
	t.undo = t.undo[:n]
}

// forget drops the undo log, clearing entries so no old value stays reachable.
func (t *Table[K, V]) forget() {
	clear(t.undo)
	t.undo = t.undo[:0]
}

// Len is the number of entries.
func (t *Table[K, V]) Len() int { return len(t.m) }

// Keys returns every key in byte order of its encoding (numeric order for
// integer keys), so iteration is deterministic.
func (t *Table[K, V]) Keys() []K {
	type kb struct {
		k K
		b []byte
	}
	all := make([]kb, 0, len(t.m))
	for k := range t.m {
		all = append(all, kb{k, t.kc.enc(nil, k)})
	}
	slices.SortFunc(all, func(a, b kb) int { return bytes.Compare(a.b, b.b) })
	out := make([]K, len(all))
	for i, e := range all {
		out[i] = e.k
	}
	return out
}

// Each calls fn for every entry in key order; fn must not modify the table.
func (t *Table[K, V]) Each(fn func(k K, v V)) {
	for _, k := range t.Keys() {
		fn(k, t.m[k])
	}
}

func (t *Table[K, V]) storeKey(k K) []byte {
	return t.kc.enc([]byte{t.prefix}, k)
}

// flush writes every dirty entry into b and clears the dirty set. Keys and
// values are built in sc, which b.Set and b.Delete copy.
func (t *Table[K, V]) flush(b *store.Batch, sc *scratch) error {
	if t.half >= 0 {
		return nil // flushed by subnetRecords
	}
	for k := range t.dirty {
		sc.key = t.kc.enc(append(sc.key[:0], t.prefix), k)
		v, ok := t.m[k]
		if !ok {
			b.Delete(sc.key)
			continue
		}
		var err error
		sc.val, err = appendValue(sc.val[:0], &v)
		if err != nil {
			return fmt.Errorf("encode %s entry: %w", t.name, err)
		}
		b.Set(sc.key, sc.val)
	}
	clear(t.dirty)
	return nil
}

// scratch holds the buffers one Flush reuses for every key and value.
type scratch struct{ key, val []byte }

// load reads the table's entries from r, replacing what is in memory.
func (t *Table[K, V]) load(r store.Reader) error {
	if t.half >= 0 {
		return nil // loaded by subnetRecords
	}
	clear(t.m)
	clear(t.dirty)
	return r.Iterate(store.Prefix([]byte{t.prefix}), func(key, val []byte) error {
		k, err := t.kc.dec(key[1:])
		if err != nil {
			return fmt.Errorf("decode %s key %x: %w", t.name, key, err)
		}
		var v V
		if err := decodeValue(val, &v); err != nil {
			return fmt.Errorf("decode %s value at %x: %w", t.name, key, err)
		}
		t.m[k] = v
		return nil
	})
}

// Read decodes one entry of this table from a store reader (for queries on
// committed or historical state).
func (t *Table[K, V]) Read(r store.Reader, k K) (V, bool, error) {
	var v V
	raw, ok, err := r.Get(t.storeKey(k))
	if err != nil || !ok {
		return v, false, err
	}
	if t.half >= 0 {
		v, ok, err := decodeHalf[V](raw, t.half)
		if err != nil {
			return v, false, fmt.Errorf("decode %s value: %w", t.name, err)
		}
		return v, ok, nil
	}
	if err := decodeValue(raw, &v); err != nil {
		return v, false, fmt.Errorf("decode %s value: %w", t.name, err)
	}
	return v, true, nil
}

// ReadPrefix decodes every entry whose encoded key starts with the encoding of
// the leading key fields given in prefix (bytes after the table prefix).
func (t *Table[K, V]) ReadPrefix(r store.Reader, prefix []byte, fn func(K, V) error) error {
	p := append([]byte{t.prefix}, prefix...)
	return r.Iterate(store.Prefix(p), func(key, val []byte) error {
		k, err := t.kc.dec(key[1:])
		if err != nil {
			return fmt.Errorf("decode %s key: %w", t.name, err)
		}
		var v V
		if t.half >= 0 {
			var ok bool
			if v, ok, err = decodeHalf[V](val, t.half); err != nil {
				return fmt.Errorf("decode %s value: %w", t.name, err)
			} else if !ok {
				return nil
			}
		} else if err := decodeValue(val, &v); err != nil {
			return fmt.Errorf("decode %s value: %w", t.name, err)
		}
		return fn(k, v)
	})
}

type flusher interface {
	undoer
	flush(*store.Batch, *scratch) error
	load(store.Reader) error
}

func decodeValue(b []byte, v any) error { return msgpack.Unmarshal(b, v) }
