package store

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// Golden roots: a change here is a consensus (state root format) change.
const (
	goldenEmptyRoot = "2f34f9c1ae2ddb00b6de22a22f59e389f69ddfd2e18efd11c84ad2fb641b5d3d"
	goldenOneKey    = "acb4346092393b1f100035c0f79a45f5c7f16a7731f63b114881b7d74d7a18ba" // {"k": "v"}
)

// TestRootKnownAnswer pins the root encoding: changing it is a consensus
// change and must show up here.
func TestRootKnownAnswer(t *testing.T) {
	t.Parallel()
	// independent computation of the empty root
	level := make([]Hash, numBuckets)
	for len(level) > 1 {
		next := make([]Hash, len(level)/2)
		for i := range next {
			next[i] = sha256.Sum256(append(append([]byte{0x02}, level[2*i][:]...), level[2*i+1][:]...))
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
	for d := bucketBits; d > 0; d-- {
		var l, r Hash
		if idx%2 == 0 {
			l, r = cur, emptyTree[d]
		} else {
			l, r = emptyTree[d], cur
		}
		cur = sha256.Sum256(append(append([]byte{0x02}, l[:]...), r[:]...))
		idx /= 2
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
