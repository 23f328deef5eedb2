package chain

import (
	"testing"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/pow"

	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// TestNeuronLifecycleEndToEnd registers neurons by burn, serves an axon and
// sets weights through signed transactions in blocks.
func TestNeuronLifecycleEndToEnd(t *testing.T) {
	g := DevGenesis()
	g.Subnets = []runtime.GenesisSubnet{{Owner: "//Alice", Hotkey: "//Alice//owner", Started: true,
		Hyperparameters: map[string]int64{"commit_reveal_weights_enabled": 0, "weights_rate_limit": 0,
			"network_pow_registration_allowed": 1, "difficulty": 1000}}}
	a, err := Open(store.NewMemory(store.Options{}), g, Options{CheckInvariants: true})
	if err != nil {
		t.Fatal(err)
	}
	alice, bob, charlie := devKey(t, "Alice"), devKey(t, "Bob"), devKey(t, "Charlie")
	bobHot, charlieHot, ownerHot := suri(t, "//Bob//hot"), suri(t, "//Charlie//hot"), suri(t, "//Alice//owner")
	_ = alice
	ok := func(res *BlockResult) {
		t.Helper()
		for _, rc := range res.Receipts {
			if !rc.Valid || !rc.OK {
				t.Fatalf("receipt %+v", rc)
			}
		}
	}
	ok(block(t, a,
		signed(t, a, bob, 0, tx.BurnedRegister{Netuid: 1, Hotkey: bobHot.AccountID()}),
		signed(t, a, charlie, 0, tx.RegisterLimit{Netuid: 1, Hotkey: charlieHot.AccountID(), LimitPrice: 10_000_000_000}),
	))
	res := block(t, a,
		signed(t, a, bobHot, 0, tx.ServeAxon{Netuid: 1, Version: 1, IP: "203.0.113.7", Port: 8091, IPType: 4}),
		signed(t, a, ownerHot, 0, tx.SetWeights{Netuid: 1, Dests: []uint16{1, 2}, Weights: []uint16{1, 3}}),
	)
	ok(res)
	if res.Receipts[0].Fee != 0 || res.Receipts[1].Fee != 0 {
		t.Fatal("serving and weights are free")
	}
	// A second registration of the same hotkey fails with the chain's error.
	res = block(t, a, signed(t, a, bob, 1, tx.BurnedRegister{Netuid: 1, Hotkey: bobHot.AccountID()}))
	if rc := res.Receipts[0]; !rc.Valid || rc.OK || rc.Error != "HotKeyAlreadyRegisteredInSubNet" {
		t.Fatalf("receipt %+v", rc)
	}
	// Proof of work over the last committed block's hash, signed by the new hotkey.
	powHot := suri(t, "//Dave//pow")
	bh := [32]byte(res.Hash)
	var nonce uint64
	for !pow.MeetsDifficulty(pow.Seal(bh, powHot.AccountID(), nonce), 1000) {
		nonce++
	}
	seal := pow.Seal(bh, powHot.AccountID(), nonce)
	work := tx.RegisterPow{Netuid: 1, BlockNumber: res.Header.Height, Nonce: nonce, Work: seal[:], Hotkey: powHot.AccountID(), Coldkey: devKey(t, "Dave").AccountID()}
	res = block(t, a, signed(t, a, powHot, 0, work))
	ok(res)
	if res.Receipts[0].Fee != 0 {
		t.Fatal("PoW registration is free")
	}
	a.WithState(func(s *state.State) {
		em, _ := s.Emissions.Get(1)
		if em.N != 4 || em.RegistrationsThisBlk != 1 || em.Burn <= 1_000_000_000/2 {
			t.Fatalf("emission %+v", em)
		}
		nr, _ := s.Neurons.Get(state.NeuronKey{Net: 1, UID: 1})
		if nr.Hotkey != bobHot.AccountID() || nr.Axon.Port != 8091 || nr.Axon.IP[1] != 203<<24|113<<8|7 {
			t.Fatalf("neuron %+v", nr)
		}
		w, _ := s.Weights.Get(state.NeuronKey{Net: 1, UID: 0})
		if len(w) != 2 || w[0] != (state.WeightEntry{UID: 1, Weight: 21845}) || w[1] != (state.WeightEntry{UID: 2, Weight: 65535}) {
			t.Fatalf("weights %v", w)
		}
	})
}

func suri(t *testing.T, s string) *keys.Keypair {
	t.Helper()
	kp, err := keys.FromSURI(s)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}
