package store

import (
	"bytes"
	"errors"
)

// The memory store's versions are copy-on-write B+trees. Nodes are never
// modified once built, so a version is a root pointer and old versions share
// every node a later commit did not touch. A commit applies its sorted
// writes in one ordered pass (btreeApply), rebuilding each node on the paths
// of the keys it changes once, however many of its keys change.

// Node sizes; variables so tests can build deep trees from few keys.
var (
	maxLeaf = 32 // entries per leaf before it splits
	maxKids = 32 // children per inner node before it splits
)

type entry struct {
	key, val []byte
	pre      uint64 // keyPrefix(key): most searches compare only these
}

// bnode is a leaf (kids == nil) holding entries in key order, or an inner
// node whose seps[i] is the smallest key of kids[i+1]'s subtree.
type bnode struct {
	ents []entry
	seps [][]byte
	spre []uint64 // keyPrefix of each of seps
	kids []*bnode
}

func (n *bnode) leaf() bool { return n.kids == nil }

// childIndex is the number of separators ≤ key among n.seps[from:], plus
// from: the child that may hold key if n.seps[:from] are all ≤ key.
func childIndex(n *bnode, from int, key []byte) int {
	p := keyPrefix(key)
	seps, pres := n.seps, n.spre
	lo, hi := from, len(seps)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if pres[m] < p || pres[m] == p && bytes.Compare(seps[m], key) <= 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// lowerBound is the index of the first entry ≥ key and whether it equals key.
func lowerBound(ents []entry, key []byte) (int, bool) {
	p := keyPrefix(key)
	lo, hi := 0, len(ents)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if e := &ents[m]; e.pre < p || e.pre == p && bytes.Compare(e.key, key) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(ents) && ents[lo].pre == p && bytes.Equal(ents[lo].key, key)
}

func btreeGet(n *bnode, key []byte) ([]byte, bool) {
	if n == nil {
		return nil, false
	}
	for !n.leaf() {
		n = n.kids[childIndex(n, 0, key)]
	}
	if i, ok := lowerBound(n.ents, key); ok {
		return n.ents[i].val, true
	}
	return nil, false
}

// errStop ends a range walk early.
var errStop = errors.New("stop")

func btreeAscend(n *bnode, start, end []byte, fn func(k, v []byte) error) error {
	if n == nil {
		return nil
	}
	err := ascendNode(n, start, end, fn)
	if err == errStop {
		return nil
	}
	return err
}

func ascendNode(n *bnode, start, end []byte, fn func(k, v []byte) error) error {
	if n.leaf() {
		i := 0
		if start != nil {
			i, _ = lowerBound(n.ents, start)
		}
		for ; i < len(n.ents); i++ {
			e := n.ents[i]
			if end != nil && bytes.Compare(e.key, end) >= 0 {
				return errStop
			}
			if err := fn(e.key, e.val); err != nil {
				return err
			}
		}
		return nil
	}
	i := 0
	if start != nil {
		i = childIndex(n, 0, start)
	}
	for ; i < len(n.kids); i++ {
		if i > 0 && end != nil && bytes.Compare(n.seps[i-1], end) >= 0 {
			return errStop
		}
		if err := ascendNode(n.kids[i], start, end, fn); err != nil {
			return err
		}
	}
	return nil
}

func btreeDescend(n *bnode, start, end []byte, fn func(k, v []byte) error) error {
	if n == nil {
		return nil
	}
	err := descendNode(n, start, end, fn)
	if err == errStop {
		return nil
	}
	return err
}

func descendNode(n *bnode, start, end []byte, fn func(k, v []byte) error) error {
	if n.leaf() {
		i := len(n.ents)
		if end != nil {
			i, _ = lowerBound(n.ents, end)
		}
		for i--; i >= 0; i-- {
			e := n.ents[i]
			if start != nil && bytes.Compare(e.key, start) < 0 {
				return errStop
			}
			if err := fn(e.key, e.val); err != nil {
				return err
			}
		}
		return nil
	}
	i := len(n.kids) - 1
	if end != nil {
		i = childIndex(n, 0, end)
	}
	for ; i >= 0; i-- {
		if err := descendNode(n.kids[i], start, end, fn); err != nil {
			return err
		}
	}
	return nil
}

// btreeApply returns the root after applying ops (sorted by key, one per
// key) in one ordered pass, and appends to changed the ops that changed
// something (a delete of an absent key or a write of the value already
// stored is dropped). A node is rebuilt only if an op changed a key under
// it; everything else is shared with the old root, which is not modified.
//
// A rewritten entry takes the op's key slice, not the old entry's, and a
// split copies its separator key, so the tree never keeps a byte slice of a
// superseded write alive: Batch stores a write's key and value in one
// allocation, and an old key slice would pin the old value with it.
func btreeApply(root *bnode, ops []op, changed []op) (*bnode, []op) {
	if len(ops) == 0 {
		return root, changed
	}
	var (
		out level
		ok  bool
	)
	if root == nil {
		changed, _ = applyLeaf(nil, ops, changed, &out)
	} else {
		changed, ok = applyNode(root, ops, changed, &out)
		if !ok {
			return root, changed
		}
	}
	for len(out.kids) > 1 {
		var up level
		chunkInner(&out, &up)
		out = up
	}
	if len(out.kids) == 0 {
		return nil, changed
	}
	root = out.kids[0]
	for !root.leaf() && len(root.kids) == 1 {
		root = root.kids[0]
	}
	return root, changed
}

// level is a sequence of sibling nodes being built, with the separators
// between them (len(seps) == len(kids)-1 unless kids is empty) and their
// key prefixes.
type level struct {
	kids []*bnode
	seps [][]byte
	pres []uint64
}

func (l *level) addSep(s []byte, p uint64) {
	l.seps = append(l.seps, s)
	l.pres = append(l.pres, p)
}

// addKids appends n.kids[lo:hi] with the separators in front of each
// (n.seps[lo-1] only if l has a node already).
func (l *level) addKids(n *bnode, lo, hi int) {
	if lo >= hi {
		return
	}
	if len(l.kids) > 0 {
		l.addSep(n.seps[lo-1], n.spre[lo-1])
	}
	l.kids = append(l.kids, n.kids[lo:hi]...)
	l.seps = append(l.seps, n.seps[lo:hi-1]...)
	l.pres = append(l.pres, n.spre[lo:hi-1]...)
}

// applyNode applies ops (all within n's key range) to n. If an op changed
// something, it appends the nodes replacing n (none if n became empty), in
// order, to out, with the separators between them, and returns ok true; the
// caller puts n's own lower bound in front of them. Otherwise it leaves out
// as it was and returns ok false: n stays as it is.
func applyNode(n *bnode, ops []op, changed []op, out *level) ([]op, bool) {
	if n.leaf() {
		return applyLeaf(n, ops, changed, out)
	}
	// Group the ops by child and apply each group, building n's new
	// children in place; children without ops are shared as they are. The
	// ops are sorted, so each group's child is searched for only right of
	// the previous group's.
	before := len(changed)
	nl := level{
		kids: make([]*bnode, 0, len(n.kids)+1), // a split may add one
		seps: make([][]byte, 0, len(n.kids)),
		pres: make([]uint64, 0, len(n.kids)),
	}
	next := 0 // n.kids[next:] are not in nl yet
	for j := 0; j < len(ops); {
		i := childIndex(n, next, ops[j].key)
		hi := len(ops)
		if i < len(n.seps) {
			hi = j + 1
			for hi < len(ops) && bytes.Compare(ops[hi].key, n.seps[i]) < 0 {
				hi++
			}
		}
		nl.addKids(n, next, i) // unchanged children next…i-1
		// child i's lower bound, in front of whatever replaces it (i > 0
		// whenever an earlier child survived)
		k0, sep := len(nl.kids), len(nl.kids) > 0
		if sep {
			nl.addSep(n.seps[i-1], n.spre[i-1])
		}
		var ok bool
		changed, ok = applyNode(n.kids[i], ops[j:hi], changed, &nl)
		switch {
		case !ok:
			nl.kids = append(nl.kids, n.kids[i])
		case len(nl.kids) == k0 && sep: // child i vanished
			nl.seps = nl.seps[:len(nl.seps)-1]
			nl.pres = nl.pres[:len(nl.pres)-1]
		}
		next = i + 1
		j = hi
	}
	if len(changed) == before {
		return changed, false
	}
	nl.addKids(n, next, len(n.kids))
	switch {
	case len(nl.kids) == 0:
	case len(nl.kids) <= maxKids:
		out.kids = append(out.kids, &bnode{seps: nl.seps, spre: nl.pres, kids: nl.kids})
	default:
		chunkInner(&nl, out)
	}
	return changed, true
}

// applyLeaf merges ops into leaf n (nil: an empty tree); see applyNode for
// out and ok.
func applyLeaf(n *bnode, ops []op, changed []op, out *level) ([]op, bool) {
	var old []entry
	if n != nil {
		old = n.ents
	}
	before := len(changed)
	// ents is built only once an op changes something; old[done:i] are the
	// entries passed since the last change, not yet copied.
	var ents []entry
	i, done := 0, 0
	for k, o := range ops {
		p, found := lowerBound(old[i:], o.key)
		i += p
		switch {
		case o.del && !found:
			continue
		case !o.del && found && bytes.Equal(old[i].val, o.val):
			i++
			continue
		}
		if ents == nil {
			// room for this op's insert and every later write's
			c := len(old)
			if !o.del && !found {
				c++
			}
			for _, o := range ops[k+1:] {
				if !o.del {
					c++
				}
			}
			ents = make([]entry, 0, c)
		}
		ents = append(ents, old[done:i]...)
		if found {
			i++ // replaced or dropped
		}
		done = i
		if !o.del {
			ents = append(ents, entry{o.key, o.val, keyPrefix(o.key)})
		}
		changed = append(changed, o)
	}
	if len(changed) == before {
		return changed, false
	}
	ents = append(ents, old[done:]...)
	if len(ents) == 0 {
		return changed, true
	}
	k := (len(ents) + maxLeaf - 1) / maxLeaf
	for p := range k {
		lo, hi := p*len(ents)/k, (p+1)*len(ents)/k
		if p > 0 {
			out.addSep(bytes.Clone(ents[lo].key), ents[lo].pre)
		}
		out.kids = append(out.kids, &bnode{ents: ents[lo:hi:hi]})
	}
	return changed, true
}

// chunkInner groups the nodes of in (with the separators between them)
// under inner nodes of at most maxKids children and appends those to out,
// with the separators between them.
func chunkInner(in, out *level) {
	k := (len(in.kids) + maxKids - 1) / maxKids
	for p := range k {
		lo, hi := p*len(in.kids)/k, (p+1)*len(in.kids)/k
		if p > 0 {
			out.addSep(in.seps[lo-1], in.pres[lo-1])
		}
		out.kids = append(out.kids, &bnode{
			kids: append([]*bnode(nil), in.kids[lo:hi]...),
			seps: append([][]byte(nil), in.seps[lo:hi-1]...),
			spre: append([]uint64(nil), in.pres[lo:hi-1]...),
		})
	}
}
