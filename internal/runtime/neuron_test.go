package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

type craftedNeuron struct {
	owner    AccountID // hotkey owner coldkey
	emission uint64
	regBlock uint64
}

// craftNet writes subnet 1 directly: owner coldkey //Owner, owner hotkey
// //Owner//hot (not registered), the given neurons as uids 0…
func craftNet(t *testing.T, imm, minFree, ownerLimit uint16, ns []craftedNeuron) (*state.State, AccountID) {
	s := state.New()
	owner := cacct(t, "//Owner")
	sn := defaultSubnet(state.DefaultParams())
	sn.Owner, sn.OwnerHotkey = owner, cacct(t, "//Owner//hot")
	sn.ImmunityPeriod, sn.MinNonImmuneUids, sn.ImmuneOwnerUidsLimit = imm, minFree, ownerLimit
	s.Subnets.Set(1, sn)
	s.Emissions.Set(1, state.Emission{N: uint16(len(ns))})
	for i, c := range ns {
		h := cacct(t, "//N"+itoa(i))
		s.Hotkeys.Set(h, state.Hotkey{Owner: c.owner})
		s.Neurons.Set(state.NeuronKey{Net: 1, UID: uint16(i)}, state.Neuron{Hotkey: h, BlockAtRegistration: c.regBlock})
		setNeuronOut(s, 1, uint16(i), state.NeuronOutputs{Emission: c.emission})
		s.Uids.Set(state.NetHotkey{Net: 1, Hotkey: h}, uint16(i))
	}
	return s, owner
}

func TestPruneC11(t *testing.T) {
	other := cacct(t, "//Other")
	t.Run("tie", func(t *testing.T) {
		s, _ := craftNet(t, 0, 0, 0, []craftedNeuron{{other, 10, 1}, {other, 10, 2}, {other, 10, 3}})
		if uid, ok := NeuronToPrune(s, 1, 100); !ok || uid != 0 {
			t.Fatalf("got %d %v, want 0", uid, ok)
		}
	})
	t.Run("tie breaks", func(t *testing.T) {
		s, _ := craftNet(t, 0, 0, 0, []craftedNeuron{{other, 10, 5}, {other, 10, 2}, {other, 9, 7}, {other, 9, 7}})
		if uid, _ := NeuronToPrune(s, 1, 100); uid != 2 {
			t.Fatalf("got %d, want 2 (lowest emission, then block, then uid)", uid)
		}
	})
	t.Run("floor", func(t *testing.T) {
		s, _ := craftNet(t, 100, 3, 1, []craftedNeuron{{other, 1, 1}, {other, 1, 1}, {other, 1, 1}, {other, 50, 950}})
		if uid, ok := NeuronToPrune(s, 1, 1000); !ok || uid != 3 {
			t.Fatalf("got %d %v, want 3", uid, ok)
		}
		sn, _ := s.Subnets.Get(1)
		sn.MinNonImmuneUids = 2
		s.Subnets.Set(1, sn)
		if uid, _ := NeuronToPrune(s, 1, 1000); uid != 0 {
			t.Fatalf("above the floor: got %d, want 0", uid)
		}
	})
	t.Run("all owner", func(t *testing.T) {
		owner := cacct(t, "//Owner")
		s, _ := craftNet(t, 0, 0, 10, []craftedNeuron{{owner, 0, 1}, {owner, 0, 2}, {owner, 0, 3}})
		if uid, ok := NeuronToPrune(s, 1, 100); ok {
			t.Fatalf("got %d, want none", uid)
		}
	})
	t.Run("all immune", func(t *testing.T) {
		s, _ := craftNet(t, 1000, 0, 1, []craftedNeuron{{other, 100, 90}, {other, 110, 90}})
		if uid, ok := NeuronToPrune(s, 1, 100); !ok || uid != 0 {
			t.Fatalf("got %d %v, want 0", uid, ok)
		}
	})
}

func TestImmuneOwnerUids(t *testing.T) {
	owner := cacct(t, "//Owner")
	s, _ := craftNet(t, 0, 0, 2, []craftedNeuron{{owner, 0, 9}, {cacct(t, "//X"), 0, 1}, {owner, 0, 3}, {owner, 0, 3}})
	if got := ImmuneOwnerUids(s, 1); len(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Fatalf("got %v, want [2 3] (earliest block, then uid)", got)
	}
	// The subnet owner hotkey goes first and the list stays within the limit.
	oh := cacct(t, "//Owner//hot")
	s.Hotkeys.Set(oh, state.Hotkey{Owner: owner})
	s.Neurons.Set(state.NeuronKey{Net: 1, UID: 4}, state.Neuron{Hotkey: oh, BlockAtRegistration: 50})
	s.Uids.Set(state.NetHotkey{Net: 1, Hotkey: oh}, 4)
	s.Emissions.Set(1, state.Emission{N: 5})
	if got := ImmuneOwnerUids(s, 1); len(got) != 2 || got[0] != 4 || got[1] != 2 {
		t.Fatalf("got %v, want [4 2]", got)
	}
	if got, ok := NeuronToPrune(s, 1, 100); !ok || got != 1 {
		t.Fatalf("prune %d %v, want 1 (earliest non-immortal)", got, ok)
	}
}

// A full subnet replaces its lowest-emission non-immune neuron: yuma.md §3.12.
func TestReplaceNeuron(t *testing.T) {
	f := newNetFixture(t)
	f.subnet(func(sn *state.Subnet) { sn.MaxAllowedUids, sn.ImmunityPeriod, sn.MinNonImmuneUids = 3, 0, 0 })
	v1 := f.register(t, f.bob, hot(t, "//Bob", 1))
	v2 := f.register(t, f.bob, hot(t, "//Bob", 2))
	f.neuron(v1, func(n *state.Neuron) { n.Axon.Port = 80 })
	f.out(v1, func(n *state.NeuronOutputs) { n.Emission, n.ValidatorPermit, n.Dividends = 5, true, 7 })
	f.out(v2, func(n *state.NeuronOutputs) { n.Emission = 9 })
	f.s.Weights.Set(state.NeuronKey{Net: f.n, UID: v1}, []state.WeightEntry{{UID: 0, Weight: 7}})
	f.s.Bonds.Set(state.NeuronKey{Net: f.n, UID: v1}, []state.WeightEntry{{UID: 0, Weight: 7}})
	f.s.Weights.Set(state.NeuronKey{Net: f.n, UID: v2}, []state.WeightEntry{{UID: v1, Weight: 3}, {UID: 0, Weight: 4}})
	f.s.Bonds.Set(state.NeuronKey{Net: f.n, UID: v2}, []state.WeightEntry{{UID: v1, Weight: 3}})
	f.block = 50
	c := NewCtx(f.s, f.block, f.charlie)
	if err := Dispatch(c, tx.BurnedRegister{Netuid: uint16(f.n), Hotkey: hot(t, "//Charlie", 1)}); err != nil {
		t.Fatal(err)
	}
	if uidOf(t, f.s, f.n, hot(t, "//Charlie", 1)) != v1 || f.s.Uids.Has(state.NetHotkey{Net: f.n, Hotkey: hot(t, "//Bob", 1)}) {
		t.Fatal("uid not handed over")
	}
	nr, _ := f.s.Neurons.Get(state.NeuronKey{Net: f.n, UID: v1})
	if nr.Axon.Port != 0 || nr.LastUpdate != 50 || nr.BlockAtRegistration != 50 {
		t.Fatalf("neuron not cleared: %+v", nr)
	}
	if o := NeuronOut(f.s, f.n, v1); o != (state.NeuronOutputs{Active: true}) {
		t.Fatalf("outputs not cleared: %+v", o)
	}
	if o := NeuronOut(f.s, f.n, v2); o.Emission != 9 {
		t.Fatalf("other uid's outputs changed: %+v", o)
	}
	if f.s.Weights.Has(state.NeuronKey{Net: f.n, UID: v1}) || f.s.Bonds.Has(state.NeuronKey{Net: f.n, UID: v1}) {
		t.Fatal("own rows kept")
	}
	w, _ := f.s.Weights.Get(state.NeuronKey{Net: f.n, UID: v2})
	b, _ := f.s.Bonds.Get(state.NeuronKey{Net: f.n, UID: v2})
	if len(w) != 2 || w[0] != (state.WeightEntry{UID: v1, Weight: 0}) || w[1].Weight != 4 || b[0].Weight != 3 {
		t.Fatalf("pointing weights %v bonds %v", w, b)
	}
	em, _ := f.s.Emissions.Get(f.n)
	if em.N != 3 {
		t.Fatalf("n %d", em.N)
	}
	// The owner hotkey is never replaced.
	if replaceNeuron(c, f.n, 0, hot(t, "//Charlie", 2)) || uidOf(t, f.s, f.n, f.ownerHot) != 0 {
		t.Fatal("owner hotkey replaced")
	}
	mustInvariants(t, f.s)
}
