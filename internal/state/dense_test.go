package state

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/taokit/taokit/internal/store"
)

// TestDenseTableModel drives a directly indexed table (Pools) with random
// sets, deletes, checkpoints, reverts and flushes and checks it against a
// map model: contents, Len, key order, and what Load reads back from the
// store after each flush.
func TestDenseTableModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	s := New()
	st := store.NewMemory(store.Options{})
	model := map[NetUID]uint64{}
	type cp struct {
		at    int
		model map[NetUID]uint64
	}
	var cps []cp
	h := uint64(0)
	for step := range 4000 {
		n := NetUID(rng.IntN(40))
		if rng.IntN(50) == 0 {
			n = NetUID(1000 + rng.IntN(3)) // grows the slots
		}
		switch r := rng.IntN(10); {
		case r < 5:
			v := rng.Uint64()
			s.Pools.Set(n, Pool{TaoReserve: v})
			model[n] = v
		case r < 7:
			s.Pools.Delete(n)
			delete(model, n)
		case r == 7:
			cps = append(cps, cp{s.Checkpoint(), maps.Clone(model)})
		case r == 8 && len(cps) > 0:
			c := cps[len(cps)-1]
			cps = cps[:len(cps)-1]
			s.Revert(c.at)
			model = c.model
		default:
			b := store.NewBatch()
			if err := s.Flush(b); err != nil {
				t.Fatal(err)
			}
			h++
			if _, err := st.Commit(h, b); err != nil {
				t.Fatal(err)
			}
			cps = nil
			l, err := Load(st)
			if err != nil {
				t.Fatal(err)
			}
			checkPools(t, step, l.Pools, model)
		}
		checkPools(t, step, s.Pools, model)
	}
}

func checkPools(t *testing.T, step int, tb *Table[NetUID, Pool], model map[NetUID]uint64) {
	t.Helper()
	if tb.Len() != len(model) {
		t.Fatalf("step %d: Len %d, want %d", step, tb.Len(), len(model))
	}
	if got, want := tb.Keys(), slices.Sorted(maps.Keys(model)); !slices.Equal(got, want) {
		t.Fatalf("step %d: keys %v, want %v", step, got, want)
	}
	for n, v := range model {
		if p, ok := tb.Get(n); !ok || p.TaoReserve != v {
			t.Fatalf("step %d: pool %d = %+v %v, want %d", step, n, p, ok, v)
		}
	}
	if tb.Has(39999) {
		t.Fatalf("step %d: far slot present", step)
	}
}
