package store

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
)

// State root
//
// Every key belongs to one of numBuckets buckets: the first 12 bits of
// sha256(key). Definitions (all hashes sha256, integers big-endian):
//
//	leaf(k, v)   = H(0x00 ‖ u32 len(k) ‖ k ‖ u32 len(v) ‖ v)
//	bucket(b)    = 32 zero bytes if b holds no key, else
//	               H(0x01 ‖ leaf(k1,v1) ‖ leaf(k2,v2) ‖ …) with k1 < k2 < … in byte order
//	node(c0…c15) = H(0x02 ‖ c0 ‖ c1 ‖ … ‖ c15)
//	root         = the top of the complete 16-ary Merkle tree (three levels
//	               of nodes) whose 4096 leaves are bucket(0) … bucket(4095)
//
// A commit rehashes only the buckets it touched (each from its stored leaf
// hashes, 32 bytes per key in the bucket) and the 3 tree nodes above each.
// A 16-ary node costs 9 SHA-256 blocks in one call where the 4 binary nodes
// it replaces cost 8 in four calls, and neighbouring buckets share it.

const (
	bucketBits = 12
	numBuckets = 1 << bucketBits
	arity      = 16
	treeDepth  = 3 // node levels above the buckets: 16^3 = numBuckets
)

// levelOff[d] is the offset of depth d in merkle.n: depth 0 is the root,
// depth treeDepth the buckets; node i of depth d has children 16i…16i+15.
var levelOff = [treeDepth + 2]int{0, 1, 1 + 16, 1 + 16 + 256, 1 + 16 + 256 + numBuckets}

// bucketOf returns the root bucket of key.
func bucketOf(key []byte) uint16 {
	h := sha256.Sum256(key)
	return uint16(h[0])<<4 | uint16(h[1])>>4
}

// hasher computes leaf and bucket hashes in one reused buffer, hashing each
// preimage with a single sha256.Sum256 call.
type hasher struct {
	buf []byte
}

func newHasher() *hasher { return &hasher{} }

func (x *hasher) leaf(key, value []byte) Hash {
	b := x.buf[:0]
	b = append(b, 0x00)
	b = binary.BigEndian.AppendUint32(b, uint32(len(key)))
	b = append(b, key...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(value)))
	b = append(b, value...)
	x.buf = b
	return sha256.Sum256(b)
}

// bucketHash hashes leaves given in key order; next returns false when done.
func (x *hasher) bucketHash(next func() (Hash, bool)) Hash {
	b := append(x.buf[:0], 0x01)
	for {
		l, ok := next()
		if !ok {
			break
		}
		b = append(b, l[:]...)
	}
	x.buf = b
	if len(b) == 1 {
		return Hash{}
	}
	return sha256.Sum256(b)
}

// nodeHash hashes the 16 children at cs.
func nodeHash(cs []Hash) Hash {
	var buf [1 + arity*32]byte
	buf[0] = 0x02
	for i := range arity {
		copy(buf[1+32*i:], cs[i][:])
	}
	return sha256.Sum256(buf[:])
}

// merkle is the tree over bucket hashes: n holds every level, root first
// (see levelOff); bucket b is n[levelOff[treeDepth]+b].
type merkle struct {
	n       [1 + 16 + 256 + numBuckets]Hash
	scratch []nodeUpd
	kids    [arity]Hash
}

// emptyTree[d] is the hash of an empty subtree whose root is at depth d
// (depth treeDepth: an empty bucket, the zero hash).
var emptyTree = func() (e [treeDepth + 1]Hash) {
	for d := treeDepth - 1; d >= 0; d-- {
		var cs [arity]Hash
		for i := range cs {
			cs[i] = e[d+1]
		}
		e[d] = nodeHash(cs[:])
	}
	return e
}()

// setBucket stores bucket b's hash; call build afterwards.
func (m *merkle) setBucket(b int, h Hash) { m.n[levelOff[treeDepth]+b] = h }

func (m *merkle) build() {
	for d := treeDepth - 1; d >= 0; d-- {
		for i := range levelOff[d+1] - levelOff[d] {
			cs := m.n[levelOff[d+1]+arity*i:][:arity]
			empty := true
			for _, c := range cs {
				if c != emptyTree[d+1] {
					empty = false
					break
				}
			}
			if empty {
				m.n[levelOff[d]+i] = emptyTree[d] // skip hashing empty subtrees
				continue
			}
			m.n[levelOff[d]+i] = nodeHash(cs)
		}
	}
}

func (m *merkle) root() Hash { return m.n[0] }

// nodeUpd is one changed node of the Merkle tree: depth, index within the
// depth, hash. For buckets, d is treeDepth and i the bucket.
type nodeUpd struct {
	d, i int
	h    Hash
}

// plan computes the tree after replacing bucket hashes without modifying m:
// buckets holds one update per changed bucket and is sorted in place. It
// returns the new root and the changed nodes for apply, which stay valid
// until the next plan. Each level is kept sorted, so a parent's changed
// children are adjacent.
func (m *merkle) plan(buckets []nodeUpd) (Hash, []nodeUpd) {
	slices.SortFunc(buckets, func(a, b nodeUpd) int { return a.i - b.i })
	all := append(m.scratch[:0], buckets...)
	lo := 0
	for d := treeDepth; d > 0 && lo < len(all); d-- {
		hi := len(all)
		for j := lo; j < hi; {
			p := all[j].i / arity
			copy(m.kids[:], m.n[levelOff[d]+arity*p:][:arity])
			for ; j < hi && all[j].i/arity == p; j++ {
				m.kids[all[j].i%arity] = all[j].h
			}
			all = append(all, nodeUpd{d - 1, p, nodeHash(m.kids[:])})
		}
		lo = hi
	}
	m.scratch = all
	if len(buckets) == 0 {
		return m.n[0], all
	}
	return all[len(all)-1].h, all
}

func (m *merkle) apply(upd []nodeUpd) {
	for _, u := range upd {
		m.n[levelOff[u.d]+u.i] = u.h
	}
}

// EmptyRoot is the root of the empty state.
func EmptyRoot() Hash { return emptyTree[0] }

// RecomputeRoot computes the state root of r from scratch, in time linear in
// the size of the state. It must equal r.Root(); tests and `taod verify`
// use it to check the incremental root.
func RecomputeRoot(r Reader) (Hash, error) {
	type bl struct {
		b    uint16
		leaf Hash
	}
	x := newHasher()
	var all []bl
	err := r.Iterate(All, func(k, v []byte) error {
		all = append(all, bl{bucketOf(k), x.leaf(k, v)})
		return nil
	})
	if err != nil {
		return Hash{}, err
	}
	// stable: keeps key order within each bucket
	slices.SortStableFunc(all, func(a, b bl) int { return int(a.b) - int(b.b) })
	var m merkle
	for len(all) > 0 {
		b := all[0].b
		m.n[levelOff[treeDepth]+int(b)] = x.bucketHash(func() (Hash, bool) {
			if len(all) == 0 || all[0].b != b {
				return Hash{}, false
			}
			l := all[0].leaf
			all = all[1:]
			return l, true
		})
	}
	m.build()
	return m.root(), nil
}
