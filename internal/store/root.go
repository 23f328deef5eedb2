package store

import (
	"crypto/sha256"
	"encoding/binary"
	"math/bits"
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
//	node(l, r)   = H(0x02 ‖ l ‖ r)
//	root         = the top of the complete binary Merkle tree whose 4096
//	               leaves are bucket(0) … bucket(4095)
//
// A commit rehashes only the buckets it touched (each from its stored leaf
// hashes, 32 bytes per key in the bucket) and the 12 tree nodes above each.

const (
	bucketBits = 12
	numBuckets = 1 << bucketBits
)

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

func nodeHash(l, r *Hash) Hash {
	var buf [65]byte
	buf[0] = 0x02
	copy(buf[1:], l[:])
	copy(buf[33:], r[:])
	return sha256.Sum256(buf[:])
}

// merkle is the tree over bucket hashes, heap-indexed: n[1] is the root and
// bucket b is n[numBuckets+b].
type merkle struct {
	n [2 * numBuckets]Hash
}

// emptyTree[d] is the hash of an empty subtree whose root is at depth d
// (depth bucketBits: an empty bucket, the zero hash).
var emptyTree = func() (e [bucketBits + 1]Hash) {
	for d := bucketBits - 1; d >= 0; d-- {
		e[d] = nodeHash(&e[d+1], &e[d+1])
	}
	return e
}()

func (m *merkle) build() {
	for i := numBuckets - 1; i >= 1; i-- {
		d := bits.Len(uint(i)) - 1
		if m.n[2*i] == emptyTree[d+1] && m.n[2*i+1] == emptyTree[d+1] {
			m.n[i] = emptyTree[d] // skip hashing empty subtrees
			continue
		}
		m.n[i] = nodeHash(&m.n[2*i], &m.n[2*i+1])
	}
}

func (m *merkle) root() Hash { return m.n[1] }

// nodeUpd is one changed node of the Merkle tree (heap index, hash).
type nodeUpd struct {
	i int
	h Hash
}

// plan computes the tree after replacing the given bucket hashes without
// modifying m: it returns the new root and the changed nodes for apply.
// Each level is kept sorted, so a parent's changed children are adjacent.
func (m *merkle) plan(buckets map[uint16]Hash) (Hash, []nodeUpd) {
	level := make([]nodeUpd, 0, len(buckets))
	for b, h := range buckets {
		level = append(level, nodeUpd{numBuckets + int(b), h})
	}
	slices.SortFunc(level, func(a, b nodeUpd) int { return a.i - b.i })
	all := make([]nodeUpd, 0, 2*len(level)+bucketBits)
	all = append(all, level...)
	for len(level) > 0 && level[0].i > 1 {
		next := make([]nodeUpd, 0, len(level))
		for j := 0; j < len(level); {
			p := level[j].i / 2
			l, r := &m.n[2*p], &m.n[2*p+1]
			if level[j].i == 2*p {
				l = &level[j].h
				j++
			}
			if j < len(level) && level[j].i == 2*p+1 {
				r = &level[j].h
				j++
			}
			next = append(next, nodeUpd{p, nodeHash(l, r)})
		}
		all = append(all, next...)
		level = next
	}
	if len(buckets) == 0 {
		return m.n[1], all
	}
	return all[len(all)-1].h, all
}

func (m *merkle) apply(upd []nodeUpd) {
	for _, u := range upd {
		m.n[u.i] = u.h
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
		m.n[numBuckets+int(b)] = x.bucketHash(func() (Hash, bool) {
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
