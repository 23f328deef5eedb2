package state

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/taokit/taokit/internal/store"
)

// flushLoad flushes s, commits the batch to st at height h and loads the
// committed state back.
func flushLoad(t *testing.T, s *State, st store.Store, h uint64) *State {
	t.Helper()
	flushTo(t, s, st, h)
	l, err := Load(st)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// flushTo flushes s and commits the batch to st at height h.
func flushTo(t *testing.T, s *State, st store.Store, h uint64) {
	t.Helper()
	b := store.NewBatch()
	if err := s.Flush(b); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Commit(h, b); err != nil {
		t.Fatal(err)
	}
}

// tableModel describes a directly indexed table for driveTable: which table
// of a state, how to pick a key (sometimes far out, to grow the slots), how
// keys order, and a value carrying a uint64.
type tableModel[K comparable, V any] struct {
	table  func(*State) *Table[K, V]
	pick   func(*rand.Rand) K
	cmp    func(a, b K) int
	absent K // a key never picked
	val    func(uint64) V
	of     func(V) uint64
}

// driveTable drives the table with random sets, deletes, checkpoints,
// reverts and flushes, checking it against a map model after every step
// (Len, the key written) and every few flushes in full: contents, key
// order, what Load reads back and what point reads of the store return.
func driveTable[K comparable, V any](t *testing.T, rng *rand.Rand, steps, checkEvery int, m tableModel[K, V]) {
	s := New()
	st := store.NewMemory(store.Options{})
	model := map[K]uint64{}
	type cp struct {
		at    int
		model map[K]uint64
	}
	var cps []cp
	check := func(step int, tb *Table[K, V]) {
		t.Helper()
		if tb.Len() != len(model) {
			t.Fatalf("step %d: Len %d, want %d", step, tb.Len(), len(model))
		}
		if got, want := tb.Keys(), slices.SortedFunc(maps.Keys(model), m.cmp); !slices.Equal(got, want) {
			t.Fatalf("step %d: keys %v, want %v", step, got, want)
		}
		for k, v := range model {
			if got, ok := tb.Get(k); !ok || m.of(got) != v {
				t.Fatalf("step %d: %v = %+v %v, want %d", step, k, got, ok, v)
			}
		}
		if tb.Has(m.absent) {
			t.Fatalf("step %d: %v present", step, m.absent)
		}
	}
	h := uint64(0)
	for step := range steps {
		k := m.pick(rng)
		tb := m.table(s)
		switch r := rng.IntN(10); {
		case r < 5:
			v := rng.Uint64()
			tb.Set(k, m.val(v))
			model[k] = v
		case r < 7:
			tb.Delete(k)
			delete(model, k)
		case r == 7:
			cps = append(cps, cp{s.Checkpoint(), maps.Clone(model)})
		case r == 8 && len(cps) > 0:
			c := cps[len(cps)-1]
			cps = cps[:len(cps)-1]
			s.Revert(c.at)
			model = c.model
		default:
			h++
			cps = nil
			if h%uint64(checkEvery) != 0 {
				flushTo(t, s, st, h)
				break
			}
			l := flushLoad(t, s, st, h)
			check(step, tb)
			check(step, m.table(l))
			for k, v := range model { // point reads of committed state agree
				if got, ok, err := tb.Read(st, k); err != nil || !ok || m.of(got) != v {
					t.Fatalf("step %d: Read %v = %+v %v %v, want %d", step, k, got, ok, err, v)
				}
			}
		}
		if tb.Len() != len(model) {
			t.Fatalf("step %d: Len %d, want %d", step, tb.Len(), len(model))
		}
		want, inModel := model[k]
		if got, ok := tb.Get(k); ok != inModel || ok && m.of(got) != want {
			t.Fatalf("step %d: %v = %+v %v, want %d", step, k, got, ok, want)
		}
	}
	check(steps, m.table(s))
}

// TestDenseTableModel drives a table indexed by netuid (Pools, stored in
// the shared subnet records) against a map model.
func TestDenseTableModel(t *testing.T) {
	driveTable(t, rand.New(rand.NewPCG(3, 4)), 4000, 1, tableModel[NetUID, Pool]{
		table: func(s *State) *Table[NetUID, Pool] { return s.Pools },
		pick: func(rng *rand.Rand) NetUID {
			if rng.IntN(50) == 0 {
				return NetUID(1000 + rng.IntN(3)) // grows the slots
			}
			return NetUID(rng.IntN(40))
		},
		cmp:    func(a, b NetUID) int { return int(a) - int(b) },
		absent: 39999,
		val:    func(v uint64) Pool { return Pool{TaoReserve: v} },
		of:     func(p Pool) uint64 { return p.TaoReserve },
	})
}

// TestPagedDenseTableModel drives a table indexed by two integers
// (Neurons: netuid, uid), whose slots span several pages up to the last
// netuid, against a map model.
func TestPagedDenseTableModel(t *testing.T) {
	nets := []NetUID{0, 1, 2, 7, 65535}
	driveTable(t, rand.New(rand.NewPCG(5, 6)), 1500, 8, tableModel[NeuronKey, Neuron]{
		table: func(s *State) *Table[NeuronKey, Neuron] { return s.Neurons },
		pick: func(rng *rand.Rand) NeuronKey {
			k := NeuronKey{Net: nets[rng.IntN(len(nets))], UID: uint16(rng.IntN(300))}
			if rng.IntN(40) == 0 {
				k.UID = 4095 - uint16(rng.IntN(2)) // the largest subnets
			}
			return k
		},
		cmp: func(a, b NeuronKey) int {
			if a.Net != b.Net {
				return int(a.Net) - int(b.Net)
			}
			return int(a.UID) - int(b.UID)
		},
		absent: NeuronKey{Net: 3, UID: 4},
		val:    func(v uint64) Neuron { return Neuron{LastUpdate: v} },
		of:     func(n Neuron) uint64 { return n.LastUpdate },
	})
}

// TestPagedDenseExtremes: the first and last (netuid, uid) keys are stored,
// listed in order, flushed and loaded.
func TestPagedDenseExtremes(t *testing.T) {
	s := New()
	keys := []NeuronKey{{0, 0}, {0, 65535}, {65535, 0}, {65535, 65535}}
	for i, k := range keys {
		s.Neurons.Set(k, Neuron{LastUpdate: uint64(i + 1)})
	}
	l := flushLoad(t, s, store.NewMemory(store.Options{}), 1)
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
