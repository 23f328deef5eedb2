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

// TestPagedDenseTableModel is TestDenseTableModel for a table indexed by
// two integers (Neurons: netuid, uid), whose slots span several pages,
// including the last netuid.
func TestPagedDenseTableModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	s := New()
	st := store.NewMemory(store.Options{})
	model := map[NeuronKey]uint64{}
	type cp struct {
		at    int
		model map[NeuronKey]uint64
	}
	var cps []cp
	h := uint64(0)
	pick := func() NeuronKey {
		nets := []NetUID{0, 1, 2, 7, 65535}
		k := NeuronKey{Net: nets[rng.IntN(len(nets))], UID: uint16(rng.IntN(300))}
		if rng.IntN(40) == 0 {
			k.UID = 4095 - uint16(rng.IntN(2)) // the largest subnets
		}
		return k
	}
	check := func(step int, tb *Table[NeuronKey, Neuron]) {
		t.Helper()
		if tb.Len() != len(model) {
			t.Fatalf("step %d: Len %d, want %d", step, tb.Len(), len(model))
		}
		want := slices.SortedFunc(maps.Keys(model), func(a, b NeuronKey) int {
			if a.Net != b.Net {
				return int(a.Net) - int(b.Net)
			}
			return int(a.UID) - int(b.UID)
		})
		if got := tb.Keys(); !slices.Equal(got, want) {
			t.Fatalf("step %d: keys %v, want %v", step, got, want)
		}
		for k, v := range model {
			if nr, ok := tb.Get(k); !ok || nr.LastUpdate != v {
				t.Fatalf("step %d: neuron %v = %+v %v, want %d", step, k, nr, ok, v)
			}
		}
		if tb.Has(NeuronKey{Net: 3, UID: 4}) {
			t.Fatalf("step %d: unset neuron present", step)
		}
	}
	for step := range 1500 {
		k := pick()
		switch r := rng.IntN(10); {
		case r < 5:
			v := rng.Uint64()
			s.Neurons.Set(k, Neuron{LastUpdate: v})
			model[k] = v
		case r < 7:
			s.Neurons.Delete(k)
			delete(model, k)
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
			if h%8 != 0 {
				continue
			}
			check(step, s.Neurons)
			l, err := Load(st)
			if err != nil {
				t.Fatal(err)
			}
			check(step, l.Neurons)
			for k, v := range model { // the point read of committed state agrees
				if nr, ok, err := s.Neurons.Read(st, k); err != nil || !ok || nr.LastUpdate != v {
					t.Fatalf("step %d: Read %v = %+v %v %v, want %d", step, k, nr, ok, err, v)
				}
			}
		}
		if s.Neurons.Len() != len(model) {
			t.Fatalf("step %d: Len %d, want %d", step, s.Neurons.Len(), len(model))
		}
		want, inModel := model[k]
		if nr, ok := s.Neurons.Get(k); ok != inModel || ok && nr.LastUpdate != want {
			t.Fatalf("step %d: neuron %v = %+v %v, want %d", step, k, nr, ok, want)
		}
	}
	check(1500, s.Neurons)
}

// TestPagedDenseExtremes: the first and last (netuid, uid) keys are stored,
// listed in order, flushed and loaded.
func TestPagedDenseExtremes(t *testing.T) {
	s := New()
	keys := []NeuronKey{{0, 0}, {0, 65535}, {65535, 0}, {65535, 65535}}
	for i, k := range keys {
		s.Neurons.Set(k, Neuron{LastUpdate: uint64(i + 1)})
	}
	st := store.NewMemory(store.Options{})
	b := store.NewBatch()
	if err := s.Flush(b); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Commit(1, b); err != nil {
		t.Fatal(err)
	}
	l, err := Load(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range []*Table[NeuronKey, Neuron]{s.Neurons, l.Neurons} {
		if got := tb.Keys(); !slices.Equal(got, keys) {
			t.Fatalf("keys %v, want %v", got, keys)
		}
		for i, k := range keys {
			if nr, ok := tb.Get(k); !ok || nr.LastUpdate != uint64(i+1) {
				t.Fatalf("%v = %+v %v", k, nr, ok)
			}
		}
	}
}
