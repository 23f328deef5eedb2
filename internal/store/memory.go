package store

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"slices"
	"sync"
)

// node is a node of a persistent (path-copying) treap. Nodes are immutable
// once published, so a version is just a root pointer and old versions share
// structure with new ones.
type node struct {
	key, val    []byte
	prio        uint64
	left, right *node
}

var treapSeed = maphash.MakeSeed()

func (n *node) with(left, right *node) *node {
	c := *n
	c.left, c.right = left, right
	return &c
}

func treapGet(n *node, key []byte) *node {
	for n != nil {
		switch c := bytes.Compare(key, n.key); {
		case c < 0:
			n = n.left
		case c > 0:
			n = n.right
		default:
			return n
		}
	}
	return nil
}

func treapSet(n *node, key, val []byte, prio uint64) *node {
	if n == nil {
		return &node{key: key, val: val, prio: prio}
	}
	switch c := bytes.Compare(key, n.key); {
	case c < 0:
		l := treapSet(n.left, key, val, prio)
		if l.prio > n.prio { // rotate right
			return l.with(l.left, n.with(l.right, n.right))
		}
		return n.with(l, n.right)
	case c > 0:
		r := treapSet(n.right, key, val, prio)
		if r.prio > n.prio { // rotate left
			return r.with(n.with(n.left, r.left), r.right)
		}
		return n.with(n.left, r)
	default:
		c := *n
		c.val = val
		return &c
	}
}

func treapDelete(n *node, key []byte) *node {
	if n == nil {
		return nil
	}
	switch c := bytes.Compare(key, n.key); {
	case c < 0:
		return n.with(treapDelete(n.left, key), n.right)
	case c > 0:
		return n.with(n.left, treapDelete(n.right, key))
	default:
		return treapMerge(n.left, n.right)
	}
}

func treapMerge(a, b *node) *node {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.prio > b.prio:
		return a.with(a.left, treapMerge(a.right, b))
	default:
		return b.with(treapMerge(a, b.left), b.right)
	}
}

func ascend(n *node, start, end []byte, fn func(k, v []byte) error) error {
	for n != nil {
		geStart := start == nil || bytes.Compare(n.key, start) >= 0
		ltEnd := end == nil || bytes.Compare(n.key, end) < 0
		if geStart {
			if err := ascend(n.left, start, end, fn); err != nil {
				return err
			}
			if ltEnd {
				if err := fn(n.key, n.val); err != nil {
					return err
				}
			}
		}
		if !ltEnd {
			return nil
		}
		n = n.right
	}
	return nil
}

func descend(n *node, start, end []byte, fn func(k, v []byte) error) error {
	for n != nil {
		geStart := start == nil || bytes.Compare(n.key, start) >= 0
		ltEnd := end == nil || bytes.Compare(n.key, end) < 0
		if ltEnd {
			if err := descend(n.right, start, end, fn); err != nil {
				return err
			}
			if geStart {
				if err := fn(n.key, n.val); err != nil {
					return err
				}
			}
		}
		if !geStart {
			return nil
		}
		n = n.left
	}
	return nil
}

// version is one committed, immutable state.
type version struct {
	height uint64
	root   Hash
	tree   *node
}

func (v *version) Height() uint64 { return v.height }
func (v *version) Root() Hash     { return v.root }

func (v *version) Get(key []byte) ([]byte, bool, error) {
	n := treapGet(v.tree, key)
	if n == nil {
		return nil, false, nil
	}
	return bytes.Clone(n.val), true, nil
}

func (v *version) Iterate(r Range, fn func(k, v []byte) error) error {
	if r.Reverse {
		return descend(v.tree, r.Start, r.End, fn)
	}
	return ascend(v.tree, r.Start, r.End, fn)
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
	key  string
	leaf Hash
}

// MemStore is the in-memory Store. History is kept as retained versions of a
// persistent treap (structural sharing), so At costs nothing extra and a
// commit costs O(k log n) for k written keys. All methods are safe for
// concurrent use; commits are serialised.
type MemStore struct {
	retain uint64

	wmu    sync.Mutex // serialises Commit; guards leaves, tree
	leaves [numBuckets][]leafEnt
	tree   merkle
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
	tree := cur.tree
	changes := ops[:0:0]
	for _, o := range ops {
		old := treapGet(tree, o.key)
		if o.del {
			if old == nil {
				continue
			}
			tree = treapDelete(tree, o.key)
		} else {
			if old != nil && bytes.Equal(old.val, o.val) {
				continue
			}
			tree = treapSet(tree, o.key, o.val, maphash.Bytes(treapSeed, o.key))
		}
		changes = append(changes, o)
	}
	root := m.updateRoot(changes)
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
	dirty := make(map[uint16]struct{})
	for _, o := range changes {
		bk := bucketOf(o.key)
		dirty[bk] = struct{}{}
		m.setLeaf(bk, o)
	}
	changed := make(map[uint16]Hash, len(dirty))
	for bk := range dirty {
		ls := m.leaves[bk]
		changed[bk] = m.x.bucketHash(func() (Hash, bool) {
			if len(ls) == 0 {
				return Hash{}, false
			}
			l := ls[0].leaf
			ls = ls[1:]
			return l, true
		})
	}
	root, upd := m.tree.plan(changed)
	m.tree.apply(upd)
	return root
}

func (m *MemStore) setLeaf(bk uint16, o op) {
	ls := m.leaves[bk]
	i, found := slices.BinarySearchFunc(ls, o.key, func(e leafEnt, k []byte) int {
		return bytes.Compare([]byte(e.key), k)
	})
	switch {
	case o.del && found:
		ls = slices.Delete(ls, i, i+1)
	case o.del:
	case found:
		ls[i].leaf = m.x.leaf(o.key, o.val)
	default:
		ls = slices.Insert(ls, i, leafEnt{key: string(o.key), leaf: m.x.leaf(o.key, o.val)})
	}
	m.leaves[bk] = ls
}

// Close marks the store closed; it is idempotent. Snapshots taken before
// stay readable.
func (m *MemStore) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}
