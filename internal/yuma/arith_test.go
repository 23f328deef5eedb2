package yuma

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
)

func TestDivisorMatchesSafeDiv(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vals := []int64{0, 1, 2, 3, 1 << 31, 1 << 32, 1<<32 + 1, 1<<62 - 1, 1 << 62, math.MaxInt64, -1, -1 << 32, math.MinInt64}
	for range 200_000 {
		d := fixed.I32F32(r.Int64() >> r.IntN(63))
		a := fixed.I32F32(r.Int64() >> r.IntN(63))
		if r.IntN(8) == 0 {
			d = fixed.I32F32(vals[r.IntN(len(vals))])
		}
		if r.IntN(8) == 0 {
			a = fixed.I32F32(vals[r.IntN(len(vals))])
		}
		if r.IntN(2) == 0 && d > 0 && d < math.MaxInt64 {
			a = fixed.I32F32(r.Int64N(int64(d) + 1))
		}
		q := newDivisor(d)
		if got, want := q.div(a), a.SafeDiv(d); got != want {
			t.Fatalf("%d / %d = %d, want %d", a, d, got, want)
		}
	}
}

func TestExpSafeMatchesFixed(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, x := range []fixed.I32F32{0, 1, -1, fixed.I32F32One, -fixed.I32F32One, 20 << 32, -20 << 32, 21 << 32,
		fixed.I32F32Max, fixed.I32F32Min, half, -half} {
		if got, want := expSafe(x), fixed.ExpSafe(x); got != want {
			t.Fatalf("expSafe(%v) = %d, want %d", x, got, want)
		}
	}
	for range 100_000 {
		x := fixed.I32F32(r.Int64N(50<<32) - 25<<32)
		if got, want := expSafe(x), fixed.ExpSafe(x); got != want {
			t.Fatalf("expSafe(%v) = %d, want %d", x, got, want)
		}
	}
}

// TestSelectWeighted checks the quick-select, its sorting fallback and the
// chain's weighted_median against each other.
func TestSelectWeighted(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 20_000 {
		n := 1 + r.IntN(30)
		stake := make([]fixed.I32F32, n)
		score := make([]fixed.I32F32, n)
		for i := range n {
			stake[i] = fixed.I32F32(r.Int64N(1 << 30))
			score[i] = fixed.I32F32(r.Int64N(5)) << 30
		}
		stake = normalize(stake)
		sum := sumFixed(stake)
		kappa := fixed.I32F32(r.Int64N(1<<32 + 1))
		minority := sum.SatSub(kappa)
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		want := weightedMedian(stake, score, idx, minority, 0, sum)
		col := make([]medItem, n)
		for i := range col {
			col[i] = medItem{score[i], stake[i]}
		}
		if minority < 0 {
			if got := minScore(col); got != want {
				t.Fatalf("min: got %v want %v", got, want)
			}
			continue
		}
		c2 := slices.Clone(col)
		if got := selectWeighted(col, sum-minority); got != want {
			t.Fatalf("select: got %v want %v", got, want)
		}
		if got := sortedSelect(c2, sum-minority, 0); got != want {
			t.Fatalf("sorted: got %v want %v", got, want)
		}
	}
}
