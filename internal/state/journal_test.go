package state

import (
	"testing"

	"github.com/taokit/taokit/internal/store"
)

func TestJournalRevert(t *testing.T) {
	s := New()
	s.Pools.Set(1, Pool{TaoReserve: 1})
	s.Neurons.Set(NeuronKey{1, 0}, Neuron{LastUpdate: 1})
	s.Discard()

	cp := s.Checkpoint()
	s.Pools.Set(1, Pool{TaoReserve: 2})
	s.Neurons.Delete(NeuronKey{1, 0})
	s.Pools.Set(2, Pool{TaoReserve: 3})
	inner := s.Checkpoint()
	s.Pools.Set(1, Pool{TaoReserve: 4})
	s.Neurons.Set(NeuronKey{1, 0}, Neuron{LastUpdate: 5})
	s.Pools.Delete(2)
	s.Neurons.Delete(NeuronKey{9, 9}) // absent: not journaled
	if got := s.Checkpoint() - inner; got != 3 {
		t.Fatalf("journaled %d writes, want 3", got)
	}

	s.Revert(inner)
	if p, _ := s.Pools.Get(1); p.TaoReserve != 2 {
		t.Errorf("pool 1 = %d after inner revert, want 2", p.TaoReserve)
	}
	if p, ok := s.Pools.Get(2); !ok || p.TaoReserve != 3 {
		t.Errorf("pool 2 = %+v, %v after inner revert", p, ok)
	}
	if s.Neurons.Has(NeuronKey{1, 0}) {
		t.Error("neuron restored by inner revert")
	}

	s.Revert(cp)
	if p, _ := s.Pools.Get(1); p.TaoReserve != 1 {
		t.Errorf("pool 1 = %d after revert, want 1", p.TaoReserve)
	}
	if s.Pools.Has(2) {
		t.Error("pool 2 exists after revert")
	}
	if n, _ := s.Neurons.Get(NeuronKey{1, 0}); n.LastUpdate != 1 {
		t.Errorf("neuron last update %d after revert, want 1", n.LastUpdate)
	}
	if len(s.Pools.undo) != 0 || len(s.Neurons.undo) != 0 || s.Checkpoint() != 0 {
		t.Error("undo entries left after revert")
	}

	// Reverted writes stay dirty: flushing rewrites the restored values.
	b := store.NewBatch()
	if err := s.Flush(b); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 2 {
		t.Errorf("flushed %d keys, want 2 (the subnet records and the neuron)", b.Len())
	}
}

func TestJournalDiscardClears(t *testing.T) {
	s := New()
	w := []WeightEntry{{UID: 1}}
	s.Weights.Set(NeuronKey{1, 1}, w)
	s.Weights.Set(NeuronKey{1, 1}, nil)
	undo := s.Weights.undo[:cap(s.Weights.undo)]
	s.Discard()
	if s.Checkpoint() != 0 || len(s.Weights.undo) != 0 {
		t.Fatal("journal not empty after Discard")
	}
	for i, e := range undo {
		if e.old != nil || e.existed {
			t.Errorf("undo entry %d keeps %+v after Discard", i, e)
		}
	}
	for i, u := range s.j.order[:cap(s.j.order)] {
		if u != nil {
			t.Errorf("journal entry %d not cleared", i)
		}
	}
}
