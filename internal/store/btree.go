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

type entry struct{ key, val []byte }

// bnode is a leaf (kids == nil) holding entries in key order, or an inner
// node whose seps[i] is the smallest key of kids[i+1]'s subtree.
type bnode struct {
	ents []entry
	seps [][]byte
	kids []*bnode
}

func (n *bnode) leaf() bool { return n.kids == nil }

// childIndex is the number of separators ≤ key: the child that may hold key.
func childIndex(seps [][]byte, key []byte) int {
	lo, hi := 0, len(seps)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if bytes.Compare(seps[m], key) <= 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// lowerBound is the index of the first entry ≥ key and whether it equals key.
func lowerBound(ents []entry, key []byte) (int, bool) {
	lo, hi := 0, len(ents)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if bytes.Compare(ents[m].key, key) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(ents) && bytes.Equal(ents[lo].key, key)
}

func btreeGet(n *bnode, key []byte) ([]byte, bool) {
	if n == nil {
		return nil, false
	}
	for !n.leaf() {
		n = n.kids[childIndex(n.seps, key)]
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
		i = childIndex(n.seps, start)
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
		i = childIndex(n.seps, end)
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
func btreeApply(root *bnode, ops []op, changed []op) (*bnode, []op) {
	if len(ops) == 0 {
		return root, changed
	}
	var nodes []*bnode
	var seps [][]byte
	if root == nil {
		nodes, seps, changed = applyLeaf(nil, ops, changed)
	} else {
		nodes, seps, changed = applyNode(root, ops, changed)
	}
	for len(nodes) > 1 {
		nodes, seps = chunkInner(nodes, seps)
	}
	if len(nodes) == 0 {
		return nil, changed
	}
	root = nodes[0]
	for !root.leaf() && len(root.kids) == 1 {
		root = root.kids[0]
	}
	return root, changed
}

// applyNode applies ops (all within n's key range) to n. It returns the
// nodes replacing n, in order, with the smallest keys of all but the first
// (the first keeps n's lower bound); n itself when nothing changed.
func applyNode(n *bnode, ops []op, changed []op) ([]*bnode, [][]byte, []op) {
	if n.leaf() {
		return applyLeaf(n, ops, changed)
	}
	// Group the ops by child (binary search for each group's child) and
	// apply each group; children without ops are shared as they are.
	type result struct {
		i  int
		ns []*bnode
		ss [][]byte
	}
	var res []result
	for j := 0; j < len(ops); {
		i := childIndex(n.seps, ops[j].key)
		hi := len(ops)
		if i < len(n.seps) {
			hi = j + 1
			for hi < len(ops) && bytes.Compare(ops[hi].key, n.seps[i]) < 0 {
				hi++
			}
		}
		before := len(changed)
		var r result
		r.ns, r.ss, changed = applyNode(n.kids[i], ops[j:hi], changed)
		if len(changed) > before {
			r.i = i
			res = append(res, r)
		}
		j = hi
	}
	if len(res) == 0 {
		return []*bnode{n}, nil, changed
	}
	kids := make([]*bnode, 0, len(n.kids)+len(res))
	seps := make([][]byte, 0, len(n.kids)+len(res))
	add := func(i int, ns []*bnode, ss [][]byte) {
		if len(ns) == 0 {
			return
		}
		if len(kids) > 0 {
			// ns[0]'s lower bound: the separator in front of child i
			// (i > 0 whenever an earlier child survived)
			seps = append(seps, n.seps[i-1])
		}
		kids = append(kids, ns...)
		seps = append(seps, ss...)
	}
	next := 0
	for _, r := range res {
		for ; next < r.i; next++ {
			add(next, n.kids[next:next+1], nil)
		}
		add(r.i, r.ns, r.ss)
		next = r.i + 1
	}
	for ; next < len(n.kids); next++ {
		add(next, n.kids[next:next+1], nil)
	}
	if len(kids) == 0 {
		return nil, nil, changed
	}
	if len(kids) <= maxKids {
		return []*bnode{{seps: seps, kids: kids}}, nil, changed
	}
	ns, ss := chunkInner(kids, seps)
	return ns, ss, changed
}

// applyLeaf merges ops into leaf n (nil: an empty tree).
func applyLeaf(n *bnode, ops []op, changed []op) ([]*bnode, [][]byte, []op) {
	var old []entry
	if n != nil {
		old = n.ents
	}
	before := len(changed)
	ents := make([]entry, 0, len(old)+len(ops))
	i := 0
	for _, o := range ops {
		p, found := lowerBound(old[i:], o.key)
		ents = append(ents, old[i:i+p]...)
		i += p
		switch {
		case o.del && !found:
			continue
		case o.del:
			i++ // dropped
		case found && bytes.Equal(old[i].val, o.val):
			ents = append(ents, old[i])
			i++
			continue
		case found:
			ents = append(ents, entry{old[i].key, o.val})
			i++
		default:
			ents = append(ents, entry{o.key, o.val})
		}
		changed = append(changed, o)
	}
	if len(changed) == before {
		if n == nil {
			return nil, nil, changed
		}
		return []*bnode{n}, nil, changed
	}
	ents = append(ents, old[i:]...)
	if len(ents) == 0 {
		return nil, nil, changed
	}
	k := (len(ents) + maxLeaf - 1) / maxLeaf
	nodes := make([]*bnode, 0, k)
	var seps [][]byte
	for p := range k {
		lo, hi := p*len(ents)/k, (p+1)*len(ents)/k
		if p > 0 {
			seps = append(seps, ents[lo].key)
		}
		nodes = append(nodes, &bnode{ents: ents[lo:hi:hi]})
	}
	return nodes, seps, changed
}

// chunkInner groups nodes (with the separators between them) under inner
// nodes of at most maxKids children, and returns those with theirs.
func chunkInner(nodes []*bnode, seps [][]byte) ([]*bnode, [][]byte) {
	k := (len(nodes) + maxKids - 1) / maxKids
	out := make([]*bnode, 0, k)
	var outSeps [][]byte
	for p := range k {
		lo, hi := p*len(nodes)/k, (p+1)*len(nodes)/k
		if p > 0 {
			outSeps = append(outSeps, seps[lo-1])
		}
		out = append(out, &bnode{
			kids: append([]*bnode(nil), nodes[lo:hi]...),
			seps: append([][]byte(nil), seps[lo:hi-1]...),
		})
	}
	return out, outSeps
}
