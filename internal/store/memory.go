package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
)

// version is one committed, immutable state.
type version struct {
	height uint64
	root   Hash
	tree   *bnode
}

func (v *version) Height() uint64 { return v.height }
func (v *version) Root() Hash     { return v.root }

func (v *version) Get(key []byte) ([]byte, bool, error) {
	val, ok := btreeGet(v.tree, key)
	if !ok {
		return nil, false, nil
	}
	return bytes.Clone(val), true, nil
}

func (v *version) Iterate(r Range, fn func(k, v []byte) error) error {
	if r.Reverse {
		return btreeDescend(v.tree, r.Start, r.End, fn)
	}
	return btreeAscend(v.tree, r.Start, r.End, fn)
}

// memSnapshot is a Snapshot of a MemStore version; it is safe for concurrent use.
type memSnapshot struct {
	v        *version
	mu       sync.RWMutex
	released bool
}

func (s *memSnapshot) Height() uint64 { return s.v.height }
func (s *memSnapshot) Root() Hash     { return s.v.root }

func (s *memSnapshot) Get(key []byte) ([]byte, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.released {
		return nil, false, ErrReleased
	}
	return s.v.Get(key)
}

func (s *memSnapshot) Iterate(r Range, fn func(k, v []byte) error) error {
	s.mu.RLock()
	rel := s.released
	s.mu.RUnlock()
	if rel {
		return ErrReleased
	}
	return s.v.Iterate(r, fn)
}

func (s *memSnapshot) Release() {
	s.mu.Lock()
	s.released = true
	s.mu.Unlock()
}

// leafEnt is a key with its leaf hash, kept per bucket in key order.
type leafEnt struct {
	key  []byte // shared with the tree (immutable)
	pre  uint64 // keyPrefix(key): most searches compare only these
	leaf Hash
}

// MemStore is the in-memory Store. History is kept as retained versions of a
// copy-on-write B+tree (structural sharing, see btree.go), so At costs
// nothing extra and a commit copies only the nodes on the written keys' paths. All methods are safe for
// concurrent use; commits are serialised.
type MemStore struct {
	retain uint64

	wmu    sync.Mutex // serialises Commit; guards leaves, tree
	leaves [numBuckets][]leafEnt
	tree   merkle
	marked [numBuckets]bool // scratch for updateRoot
	dirty  []nodeUpd        // scratch for updateRoot
	chg    []op             // scratch for Commit: the effective changes
	x      *hasher

	mu       sync.RWMutex // guards the fields below
	latest   *version
	versions map[uint64]*version
	oldest   uint64
	closed   bool
}

var _ Store = (*MemStore)(nil)

// NewMemory returns an empty in-memory store at height 0. Options.NoSync is
// ignored.
func NewMemory(opts Options) *MemStore {
	m := &MemStore{retain: opts.Retain, x: newHasher(), versions: make(map[uint64]*version)}
	m.tree.build()
	m.latest = &version{root: m.tree.root()}
	m.versions[0] = m.latest
	return m
}

func (m *MemStore) current() (*version, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nil, ErrClosed
	}
	return m.latest, nil
}

// Height returns the latest committed height.
func (m *MemStore) Height() uint64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.latest.height
}

// Root returns the latest committed state root.
func (m *MemStore) Root() Hash {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.latest.root
}

// Oldest returns the lowest height At serves.
func (m *MemStore) Oldest() uint64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.oldest
}

// Get reads key at the latest height.
func (m *MemStore) Get(key []byte) ([]byte, bool, error) {
	v, err := m.current()
	if err != nil {
		return nil, false, err
	}
	return v.Get(key)
}

// Iterate walks the latest height.
func (m *MemStore) Iterate(r Range, fn func(k, v []byte) error) error {
	v, err := m.current()
	if err != nil {
		return err
	}
	return v.Iterate(r, fn)
}

// Snapshot pins the latest version.
func (m *MemStore) Snapshot() (Snapshot, error) {
	v, err := m.current()
	if err != nil {
		return nil, err
	}
	return &memSnapshot{v: v}, nil
}

// At pins the version at height h.
func (m *MemStore) At(h uint64) (Snapshot, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nil, ErrClosed
	}
	if err := checkAt(h, m.latest.height, m.oldest); err != nil {
		return nil, err
	}
	v, ok := m.versions[h]
	if !ok { // invariant: every height in [oldest, latest] is kept
		panic(fmt.Sprintf("store: memory version %d missing", h))
	}
	return &memSnapshot{v: v}, nil
}

// Commit applies b as height h.
func (m *MemStore) Commit(h uint64, b *Batch) (Hash, error) {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	cur, err := m.current()
	if err != nil {
		return Hash{}, err
	}
	if err := checkHeight(cur.height, h); err != nil {
		return Hash{}, err
	}
	ops, err := b.sorted()
	if err != nil {
		return Hash{}, fmt.Errorf("commit height %d: %w", h, err)
	}
	tree, changes := btreeApply(cur.tree, ops, m.chg[:0])
	root := m.updateRoot(changes)
	clear(changes) // keep no batch's bytes alive through the scratch
	m.chg = changes[:0]
	nv := &version{height: h, root: root, tree: tree}

	m.mu.Lock()
	defer m.mu.Unlock()
	m.latest = nv
	m.versions[h] = nv
	no := nextOldest(m.oldest, h, m.retain)
	for ; m.oldest < no; m.oldest++ {
		delete(m.versions, m.oldest)
	}
	return root, nil
}

// updateRoot applies effective changes to the leaf index and the Merkle
// tree and returns the new root. Caller holds wmu.
func (m *MemStore) updateRoot(changes []op) Hash {
	dirty := m.dirty[:0]
	for _, o := range changes {
		bk := bucketOf(o.key)
		if !m.marked[bk] {
			m.marked[bk] = true
			dirty = append(dirty, nodeUpd{d: treeDepth, i: int(bk)})
		}
		m.setLeaf(bk, o)
	}
	for k := range dirty {
		bk := dirty[k].i
		m.marked[bk] = false
		ls := m.leaves[bk]
		dirty[k].h = m.x.bucketHash(func() (Hash, bool) {
			if len(ls) == 0 {
				return Hash{}, false
			}
			l := ls[0].leaf
			ls = ls[1:]
			return l, true
		})
	}
	m.dirty = dirty
	root, upd := m.tree.plan(dirty)
	m.tree.apply(upd)
	return root
}

func (m *MemStore) setLeaf(bk uint16, o op) {
	ls := m.leaves[bk]
	p := keyPrefix(o.key)
	lo, hi := 0, len(ls)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if e := &ls[h]; e.pre < p || e.pre == p && bytes.Compare(e.key, o.key) < 0 {
			lo = h + 1
		} else {
			hi = h
		}
	}
	i, found := lo, lo < len(ls) && ls[lo].pre == p && bytes.Equal(ls[lo].key, o.key)
	switch {
	case o.del && found:
		ls = slices.Delete(ls, i, i+1)
	case o.del:
	case found:
		// the latest write's key: the old one may pin its value (see Batch.put)
		ls[i] = leafEnt{key: o.key, pre: p, leaf: m.x.leaf(o.key, o.val)}
	default:
		ls = slices.Insert(ls, i, leafEnt{key: o.key, pre: p, leaf: m.x.leaf(o.key, o.val)})
	}
	m.leaves[bk] = ls
}

// keyPrefix is the first 8 bytes of key, big-endian, zero-padded. Keys
// order as their prefixes where those differ: a smaller prefix means a
// smaller key; equal prefixes say nothing.
func keyPrefix(key []byte) uint64 {
	if len(key) >= 8 {
		return binary.BigEndian.Uint64(key)
	}
	var b [8]byte
	copy(b[:], key)
	return binary.BigEndian.Uint64(b[:])
}

// Close marks the store closed; it is idempotent. Snapshots taken before
// stay readable.
func (m *MemStore) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}
