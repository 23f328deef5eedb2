package amm

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
)

// diffN overrides the size of the differential tests; the full proof is
// go test -run Differential -amm.diffn=100000 ./internal/amm/.
var diffN = flag.Int("amm.diffn", 0, "number of random swaps (and 4× pow cases) in the differential tests")

func diffSize(short, normal int) int {
	switch {
	case *diffN > 0:
		return *diffN
	case testing.Short():
		return short
	}
	return normal
}

// randPool draws a pool: tiny to huge reserves, weights across [0.01, 0.99]
// (some round), fee rates up to the maximum, and now and then a pool that
// is not initialised yet or has an empty side.
func randPool(r *rand.Rand) Pool {
	p := NewPool(randReserve(r), randReserve(r))
	p.QuoteWeight = randWeight(r)
	switch r.IntN(4) {
	case 0:
		p.FeeRate = uint16(r.IntN(int(MaxFeeRate) + 1))
	case 1:
		p.FeeRate = 0
	}
	p.MinimumReserve = []uint64{1, 100, DefaultMinimumReserve}[r.IntN(3)]
	switch r.IntN(40) {
	case 0:
		p.Initialized = false
	case 1:
		p.Alpha = 0
	case 2:
		p.TAO = 0
	}
	return p
}

// randOrder draws an order: inputs up to (and sometimes past) 1000× the
// input reserve, limits around the current price so partial fills happen.
func randOrder(r *rand.Rand, p Pool) Order {
	o := Order{Side: Side(r.IntN(2))}
	in := p.TAO
	if o.Side == Sell {
		in = p.Alpha
	}
	o.Amount = randInput(r, max(in, 1))
	if r.IntN(20) == 0 {
		o.Amount = r.Uint64()
	}
	if r.IntN(2) == 0 {
		// A limit within a factor ~4 of the current price, in RAO.
		hi, lo := p.Price().Bits()
		cur := hi*1_000_000_000 + (lo>>32)*1_000_000_000>>32
		f := 250 + r.Uint64N(3750)
		o = o.WithLimit(satMul(cur/1000+r.Uint64N(3), f))
	}
	o.DropFees = r.IntN(4) == 0
	o.Simulate = r.IntN(4) == 0
	return o
}

type swapOutcome struct {
	r   SwapResult
	p   Pool
	err error
}

func (s swapOutcome) String() string {
	return fmt.Sprintf("%+v pool %+v err %v", s.r, s.p, s.err)
}

// TestSwapDifferential is the differential proof at the swap level: Swap
// (fast pow) and SwapRef (step-for-step pow) agree on every field.
func TestSwapDifferential(t *testing.T) {
	n := diffSize(150, 600)
	workers := runtime.GOMAXPROCS(0)
	var mu sync.Mutex
	var fails []string
	var wg sync.WaitGroup
	partial := 0
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 77))
			for i := w; i < n; i += workers {
				p := randPool(r)
				o := randOrder(r, p)
				a, ap, aerr := p.Swap(o)
				b, bp, berr := p.SwapRef(o)
				fa, fb := swapOutcome{a, ap, aerr}, swapOutcome{b, bp, berr}
				mu.Lock()
				if a.AmountPaidIn+a.FeePaid < o.Amount && aerr == nil {
					partial++
				}
				if fa.String() != fb.String() {
					fails = append(fails, fmt.Sprintf("pool %+v order %+v:\nfast %s\nref  %s", p, o, fa, fb))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, f := range fails[:min(len(fails), 5)] {
		t.Error(f)
	}
	t.Logf("%d random pools/orders identical (%d partial fills); pow fallbacks so far: %d", n, partial, powFallbacks.Load())
}
