package store

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// Golden roots: a change here is a consensus (state root format) change.
const (
	goldenEmptyRoot = "17b4b0beaeed3e28452dadf0b482c2da68257033a2f5f9e8b705fe2b7c5ac30f"
	goldenOneKey    = "89939efeef78a5a442406aad3fbd857d66504c72090af7fe5bb458dfcecfe2c5" // {"k": "v"}
)

// TestRootKnownAnswer pins the root encoding: changing it is a consensus
// change and must show up here.
func TestRootKnownAnswer(t *testing.T) {
	t.Parallel()
	// independent computation of the empty root
	node := func(cs []Hash) Hash {
		b := []byte{0x02}
		for _, c := range cs {
			b = append(b, c[:]...)
		}
		return sha256.Sum256(b)
	}
	level := make([]Hash, numBuckets)
	for len(level) > 1 {
		next := make([]Hash, len(level)/16)
		for i := range next {
			next[i] = node(level[16*i : 16*i+16])
		}
		level = next
	}
	if EmptyRoot() != level[0] {
		t.Fatalf("empty root %x, want %x", EmptyRoot(), level[0])
	}
	// one key: leaf, bucket and path computed by hand
	k, v := []byte("k"), []byte("v")
	leaf := sha256.Sum256([]byte{0, 0, 0, 0, 1, 'k', 0, 0, 0, 1, 'v'})
	bh := Hash(sha256.Sum256(append([]byte{1}, leaf[:]...)))
	kh := sha256.Sum256(k)
	idx := int(kh[0])<<4 | int(kh[1])>>4
	cur := bh
	for d := 3; d > 0; d-- {
		cs := make([]Hash, 16)
		for i := range cs {
			cs[i] = emptyTree[d]
		}
		cs[idx%16] = cur
		cur = node(cs)
		idx /= 16
	}
	m := NewMemory(Options{})
	b := NewBatch()
	b.Set(k, v)
	got := mustCommit(t, m, 1, b)
	if got != cur {
		t.Fatalf("root %x, want %x", got, cur)
	}
	if e := EmptyRoot(); hex.EncodeToString(e[:]) != goldenEmptyRoot || hex.EncodeToString(got[:]) != goldenOneKey {
		t.Fatalf("golden roots changed: empty %x, one key %x", e, got)
	}
}
