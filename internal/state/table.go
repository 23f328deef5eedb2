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
	// d, when set, holds the entries instead of m and dirty: a table whose
	// keys map onto small integers (the unit key, netuids, netuid·2¹⁶+uid)
	// is indexed directly, without hashing.
	d *dense[K, V]
}

// dense is the storage of a directly indexed table: slot i holds key
// kx(i). Slots live in pages of 2^16 (slot i in page i>>16 at i&0xffff),
// each grown only as far as its highest slot, so a key made of two small
// integers (netuid, uid) indexes directly without a sparse 2^32 array.
type dense[K comparable, V any] struct {
	ix    func(K) int
	kx    func(int) K
	pages []densePage[V]
	dlist []int // dirty slots, in the order they became dirty
	n     int
}

type densePage[V any] struct {
	vals  []V
	has   []bool
	dirty []bool
}

const densePageBits = 16

// page returns slot i's page and offset, growing the storage to hold it.
func (d *dense[K, V]) page(i int) (*densePage[V], int) {
	p, o := i>>densePageBits, i&(1<<densePageBits-1)
	if p >= len(d.pages) {
		d.pages = append(d.pages, make([]densePage[V], p+1-len(d.pages))...)
	}
	pg := &d.pages[p]
	if o >= len(pg.vals) {
		n := min(max(o+1, 2*len(pg.vals)), 1<<densePageBits)
		pg.vals = append(pg.vals, make([]V, n-len(pg.vals))...)
		pg.has = append(pg.has, make([]bool, n-len(pg.has))...)
		pg.dirty = append(pg.dirty, make([]bool, n-len(pg.dirty))...)
	}
	return pg, o
}

// at returns slot i without growing: its value and whether it is present.
func (d *dense[K, V]) at(i int) (V, bool) {
	if p, o := i>>densePageBits, i&(1<<densePageBits-1); p < len(d.pages) {
		if pg := &d.pages[p]; o < len(pg.vals) && pg.has[o] {
			return pg.vals[o], true
		}
	}
	var zero V
	return zero, false
}

func (d *dense[K, V]) get(k K) (V, bool) { return d.at(d.ix(k)) }

// put stores v (present) or removes the slot (!present).
func (d *dense[K, V]) put(i int, v V, present bool) {
	pg, o := d.page(i)
	switch {
	case present && !pg.has[o]:
		d.n++
	case !present && pg.has[o]:
		d.n--
	}
	pg.vals[o], pg.has[o] = v, present
}

func (d *dense[K, V]) markDirty(i int) {
	pg, o := d.page(i)
	if !pg.dirty[o] {
		pg.dirty[o] = true
		d.dlist = append(d.dlist, i)
	}
}

func (d *dense[K, V]) isDirty(i int) bool {
	if p, o := i>>densePageBits, i&(1<<densePageBits-1); p < len(d.pages) {
		pg := &d.pages[p]
		return o < len(pg.dirty) && pg.dirty[o]
	}
	return false
}

func (d *dense[K, V]) clearDirty() {
	for _, i := range d.dlist {
		d.pages[i>>densePageBits].dirty[i&(1<<densePageBits-1)] = false
	}
	d.dlist = d.dlist[:0]
}

func (d *dense[K, V]) reset() {
	d.pages = nil
	d.dlist = d.dlist[:0]
	d.n = 0
}

// each calls fn for every present slot in slot order.
func (d *dense[K, V]) each(fn func(i int, v *V)) {
	for p := range d.pages {
		pg := &d.pages[p]
		for o, ok := range pg.has {
			if ok {
				fn(p<<densePageBits|o, &pg.vals[o])
			}
		}
	}
}

// undoEntry restores one key to what it held before a write.
type undoEntry[K comparable, V any] struct {
	k       K
	old     V
	existed bool
}

// newDenseTable is newTable for keys that map onto small integers: ix
// gives a key's slot (below 2³²), kx the key of a slot, and slot order must
// be key order.
func newDenseTable[K comparable, V any](s *State, prefix byte, name string, kc keyCodec[K], ix func(K) int, kx func(int) K) *Table[K, V] {
	t := newTable[K, V](s, prefix, name, kc)
	t.d = &dense[K, V]{ix: ix, kx: kx}
	return t
}

func newTable[K comparable, V any](s *State, prefix byte, name string, kc keyCodec[K]) *Table[K, V] {
	t := &Table[K, V]{prefix: prefix, name: name, kc: kc, m: map[K]V{}, dirty: map[K]struct{}{}, j: &s.j, half: -1}
	s.tables = append(s.tables, t)
	return t
}

// Get returns the value under k and whether it exists.
func (t *Table[K, V]) Get(k K) (V, bool) {
	if t.d != nil {
		return t.d.get(k)
	}
	v, ok := t.m[k]
	return v, ok
}

// GetOr returns the value under k, or def when absent.
func (t *Table[K, V]) GetOr(k K, def V) V {
	if v, ok := t.Get(k); ok {
		return v
	}
	return def
}

// Has reports whether k exists.
func (t *Table[K, V]) Has(k K) bool {
	_, ok := t.Get(k)
	return ok
}

// Set stores v under k.
func (t *Table[K, V]) Set(k K, v V) {
	if d := t.d; d != nil {
		i := d.ix(k)
		old, existed := d.at(i)
		t.record(k, old, existed)
		d.put(i, v, true)
		d.markDirty(i)
		return
	}
	old, existed := t.m[k]
	t.record(k, old, existed)
	t.m[k] = v
	t.dirty[k] = struct{}{}
}

// Update applies f to the value under k (the zero value when absent) and stores the result.
func (t *Table[K, V]) Update(k K, f func(V) V) {
	v, _ := t.Get(k)
	t.Set(k, f(v))
}

// Delete removes k.
func (t *Table[K, V]) Delete(k K) {
	if d := t.d; d != nil {
		old, existed := d.get(k)
		if !existed {
			return
		}
		i := d.ix(k)
		t.record(k, old, true)
		var zero V
		d.put(i, zero, false)
		d.markDirty(i)
		return
	}
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
	switch {
	case t.d != nil:
		t.d.put(t.d.ix(e.k), e.old, e.existed)
	case e.existed:
		t.m[e.k] = e.old
	default:
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
func (t *Table[K, V]) Len() int {
	if t.d != nil {
		return t.d.n
	}
	return len(t.m)
}

// Keys returns every key in byte order of its encoding (numeric order for
// integer keys), so iteration is deterministic.
func (t *Table[K, V]) Keys() []K {
	if d := t.d; d != nil {
		out := make([]K, 0, d.n)
		d.each(func(i int, _ *V) { out = append(out, d.kx(i)) })
		return out
	}
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
		v, _ := t.Get(k)
		fn(k, v)
	}
}

func (t *Table[K, V]) storeKey(k K) []byte {
	if t.half >= 0 {
		return []byte{subnetRecordPrefix}
	}
	return t.kc.enc([]byte{t.prefix}, k)
}

// flush writes every dirty entry into b and clears the dirty set. Keys and
// values are built in sc, which b.Set and b.Delete copy.
func (t *Table[K, V]) flush(b *store.Batch, sc *scratch) error {
	if t.half >= 0 {
		return nil // flushed by subnetRecords
	}
	if d := t.d; d != nil {
		for _, i := range d.dlist {
			sc.key = t.kc.enc(append(sc.key[:0], t.prefix), d.kx(i))
			v, ok := d.at(i)
			if !ok {
				b.Delete(sc.key)
				continue
			}
			var err error
			if sc.val, err = appendValue(sc.val[:0], &v); err != nil {
				return fmt.Errorf("encode %s entry: %w", t.name, err)
			}
			b.Set(sc.key, sc.val)
		}
		d.clearDirty()
		return nil
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
type scratch struct{ key, val, rec []byte }

// load reads the table's entries from r, replacing what is in memory.
func (t *Table[K, V]) load(r store.Reader) error {
	if t.half >= 0 {
		return nil // loaded by subnetRecords
	}
	t.resetEntries()
	return r.Iterate(store.Prefix([]byte{t.prefix}), func(key, val []byte) error {
		k, err := t.kc.dec(key[1:])
		if err != nil {
			return fmt.Errorf("decode %s key %x: %w", t.name, key, err)
		}
		var v V
		if err := decodeValue(val, &v); err != nil {
			return fmt.Errorf("decode %s value at %x: %w", t.name, key, err)
		}
		t.loadEntry(k, v)
		return nil
	})
}

// resetEntries empties the table without journaling (loading).
func (t *Table[K, V]) resetEntries() {
	if t.d != nil {
		t.d.reset()
		return
	}
	clear(t.m)
	clear(t.dirty)
}

// loadEntry stores a loaded entry: not journaled, not dirty.
func (t *Table[K, V]) loadEntry(k K, v V) {
	if t.d != nil {
		t.d.put(t.d.ix(k), v, true)
		return
	}
	t.m[k] = v
}

// eachDirty calls fn for every key written since the last flush.
func (t *Table[K, V]) eachDirty(fn func(K)) {
	if d := t.d; d != nil {
		for _, i := range d.dlist {
			fn(d.kx(i))
		}
		return
	}
	for k := range t.dirty {
		fn(k)
	}
}

func (t *Table[K, V]) isDirty(k K) bool {
	if d := t.d; d != nil {
		return d.isDirty(d.ix(k))
	}
	_, ok := t.dirty[k]
	return ok
}

func (t *Table[K, V]) clearDirty() {
	if t.d != nil {
		t.d.clearDirty()
		return
	}
	clear(t.dirty)
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
		rec, err := subnetRecordOf(raw, t.d.ix(k))
		if err != nil || rec == nil {
			return v, false, err
		}
		v, ok, err := decodeHalf[V](rec, t.half)
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
	if t.half >= 0 {
		return t.readGroupPrefix(r, prefix, fn)
	}
	p := append([]byte{t.prefix}, prefix...)
	return r.Iterate(store.Prefix(p), func(key, val []byte) error {
		k, err := t.kc.dec(key[1:])
		if err != nil {
			return fmt.Errorf("decode %s key: %w", t.name, err)
		}
		var v V
		if err := decodeValue(val, &v); err != nil {
			return fmt.Errorf("decode %s value: %w", t.name, err)
		}
		return fn(k, v)
	})
}

// readGroupPrefix is ReadPrefix for a table stored in the subnet records.
func (t *Table[K, V]) readGroupPrefix(r store.Reader, prefix []byte, fn func(K, V) error) error {
	raw, ok, err := r.Get(subnetGroupKey)
	if err != nil || !ok {
		return err
	}
	return eachSubnetRecord(raw, func(n NetUID, rec []byte) error {
		k := t.d.kx(int(n))
		if !bytes.HasPrefix(t.kc.enc(nil, k), prefix) {
			return nil
		}
		v, ok, err := decodeHalf[V](rec, t.half)
		if err != nil {
			return fmt.Errorf("decode %s value: %w", t.name, err)
		}
		if !ok {
			return nil
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
