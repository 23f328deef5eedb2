package yuma

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// benchInput builds a subnet of n uids whose first v are validators with
// random stake; each validator weights a random half of the miners (rows in
// uid order, or shuffled with unsorted). Three
// warm-up epochs with fresh weights each give it realistic bonds, and the
// benchmarked epoch sees yet another weight set (so bonds and weights
// disagree, the expensive case for liquid alpha).
func benchInput(n, v int, yuma3, liquid, unsorted bool) (*Params, *State) {
	r := rand.New(rand.NewPCG(uint64(n), uint64(v)))
	p := DefaultParams()
	p.N, p.Yuma3, p.LiquidAlpha = n, yuma3, liquid
	p.MaxAllowedValidators = uint16(v)
	p.LastMechanismStepBlock = 1000
	p.CommitRevealEnabled = false
	s := &State{Block: 1360, BlockAtRegistration: make([]uint64, n), LastUpdate: make([]uint64, n),
		ValidatorPermit: make([]bool, n), Stake: make([]uint64, n)}
	for i := range v {
		s.Stake[i] = 1e12 + r.Uint64N(1e15)
		s.ValidatorPermit[i] = true
		s.LastUpdate[i] = 1300
	}
	miners := n - v
	reweight := func() {
		s.Weights = make(Rows, n)
		for i := range v {
			cols := r.Perm(miners)[:miners/2]
			if !unsorted {
				slices.Sort(cols) // validators usually submit uids in order
			}
			row := make([]Pair, len(cols))
			for k, c := range cols {
				row[k] = Pair{uint16(v + c), uint16(1 + r.IntN(65535))}
			}
			s.Weights[i] = row
		}
	}
	var ws Workspace
	for range 3 {
		reweight()
		var out Output
		if err := ws.Epoch(&p, s, &out); err != nil {
			panic(err)
		}
		Advance(s, &out)
	}
	reweight()
	return &p, s
}

func BenchmarkEpoch(b *testing.B) {
	for _, size := range [][2]int{{256, 64}, {4096, 64}, {4096, 256}} {
		for _, variant := range []struct {
			name                    string
			yuma3, liquid, unsorted bool
		}{{"yuma3", true, false, false}, {"yuma3-liquid", true, true, false}, {"original", false, false, false},
			{"yuma3-unsorted", true, false, true}, {"yuma3-liquid-unsorted", true, true, true}} {
			if variant.unsorted && size[0] != 4096 {
				continue
			}
			b.Run(fmt.Sprintf("%dx%d/%s", size[0], size[1], variant.name), func(b *testing.B) {
				p, s := benchInput(size[0], size[1], variant.yuma3, variant.liquid, variant.unsorted)
				var ws Workspace
				var out Output
				b.ReportAllocs()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu0, ops := threadCPU(), 0
				for b.Loop() {
					if err := ws.Epoch(p, s, &out); err != nil {
						b.Fatal(err)
					}
					ops++
				}
				if cpu := threadCPU() - cpu0; cpu > 0 && ops > 0 {
					// Thread CPU time per epoch: contention on a shared
					// box inflates it far less than ns/op.
					b.ReportMetric(float64(cpu)/float64(ops), "cpu-ns/op")
				}
			})
		}
	}
}
