package yuma

import (
	"math/rand/v2"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
)

// TestSelectWeightedMatchesSort checks the branch-free quick-select against
// the sort-based selection on random columns with many ties.
func TestSelectWeightedMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for it := range 20000 {
		m := 1 + r.IntN(300)
		vals := 1 + r.IntN(m+1) // few distinct values: many ties
		col := make([]medItem, m)
		var total fixed.I32F32
		for k := range col {
			col[k] = medItem{fixed.I32F32(r.IntN(vals)) << 20, fixed.I32F32(r.IntN(1 << 24))}
			total += col[k].s
		}
		need := fixed.I32F32(r.Int64N(int64(total) + 1))
		a := append([]medItem(nil), col...)
		b := append([]medItem(nil), col...)
		if got, want := selectWeighted(a, need), sortedSelect(b, need, 0); got != want {
			t.Fatalf("case %d: got %d, want %d", it, got, want)
		}
	}
}
