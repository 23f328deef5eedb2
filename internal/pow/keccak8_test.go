package pow

import (
	"math/rand/v2"
	"testing"
)

func TestKeccak256x32x8(t *testing.T) {
	t.Parallel()
	t.Logf("vector Keccak (AVX-512): %v", hasKeccak8)
	r := rand.New(rand.NewPCG(9, 10))
	for iter := 0; iter < 500; iter++ {
		var in, out, gen [4][8]uint64
		for i := range in {
			for j := range in[i] {
				in[i][j] = r.Uint64()
			}
		}
		keccak256x32x8(&in, &out)
		keccak256x32x8Generic(&in, &gen)
		if out != gen {
			t.Fatalf("iteration %d: 8-way %x, scalar %x", iter, out, gen)
		}
	}
}

// The one-at-a-time and eight-at-a-time CPU paths return identical results
// on every range shape (lengths not a multiple of 8, solutions at every
// position in a batch).
func TestSearchPathsAgree(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(13, 14))
	for iter := 0; iter < 300; iter++ {
		p := randomProblem(r)
		p.Difficulty = 1 + r.Uint64N(200)
		w := NewWork(p)
		rg := NonceRange{Start: p.StartNonce, Count: 1 + r.Uint64N(300)}
		a, errA := newScan(w).search1(t.Context(), rg)
		b, errB := newScan(w).search8(t.Context(), rg)
		if errA != nil || errB != nil {
			t.Fatalf("errors %v, %v", errA, errB)
		}
		if a != b {
			t.Fatalf("problem %+v range %+v:\none-at-a-time %+v\neight-at-a-time %+v", p, rg, a, b)
		}
		if a.Found {
			for n := rg.Start; n < a.Nonce; n++ {
				if w.Meets(w.Seal(n)) {
					t.Fatalf("nonce %d below the reported %d is valid", n, a.Nonce)
				}
			}
		}
	}
}
