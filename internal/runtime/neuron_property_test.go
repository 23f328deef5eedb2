package runtime

import (
	"math/rand/v2"
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// TestNeuronCallsProperty applies long random sequences of valid and invalid
// registration, serving, weights, commit-reveal, tempo and child-key calls
// over many blocks: no call panics or fails without a chain error, the
// invariants hold after every block, uids stay dense and consistent, and
// replaying the same seed gives the same state.
func TestNeuronCallsProperty(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	if testing.Short() {
		seeds = seeds[:1]
	}
	for _, seed := range seeds {
		a := runRandomNeuronCalls(t, seed, 60)
		b := runRandomNeuronCalls(t, seed, 60)
		if a != b {
			t.Fatalf("seed %d: replay differs", seed)
		}
	}
}

func runRandomNeuronCalls(t *testing.T, seed uint64, blocks int) string {
	f := newNetFixture(t)
	r := rand.New(rand.NewPCG(seed, 99))
	f.subnet(func(sn *state.Subnet) {
		sn.MaxAllowedUids, sn.ImmunityPeriod, sn.MinNonImmuneUids, sn.WeightsSetRateLimit = 8, 3, 1, 2
		sn.MinBurn, sn.BurnHalfLife = 1000, 4
	})
	f.emission(func(em *state.Emission) { em.Burn = 5000 })
	coldkeys := []AccountID{f.owner, f.bob, f.charlie, f.dave}
	hotkeys := make([]AccountID, 12)
	for i := range hotkeys {
		hotkeys[i] = hot(t, "//Prop", i)
	}
	salts := []uint16{1, 2}
	ok := map[string]int{}
	for b := 0; b < blocks; b++ {
		f.block++
		c := NewCtx(f.s, f.block, AccountID{})
		if err := updateRegistrationPrices(c); err != nil {
			t.Fatal(err)
		}
		if r.IntN(4) == 0 {
			f.emission(func(em *state.Emission) { em.LastEpochBlock, em.EpochIndex = f.block, em.EpochIndex+1 })
		}
		if err := applyPendingChildren(c); err != nil {
			t.Fatal(err)
		}
		if r.IntN(5) == 0 {
			f.subnet(func(sn *state.Subnet) { sn.CommitRevealEnabled = !sn.CommitRevealEnabled })
		}
		em, _ := f.s.Emissions.Get(f.n)
		if em.N > 0 {
			f.out(uint16(r.IntN(int(em.N))), func(n *state.NeuronOutputs) { n.ValidatorPermit = !n.ValidatorPermit })
		}
		for i := 0; i < 8; i++ {
			ck := coldkeys[r.IntN(len(coldkeys))]
			hk := hotkeys[r.IntN(len(hotkeys))]
			if h, ok := f.s.Hotkeys.Get(hk); ok && r.IntN(4) != 0 {
				ck = h.Owner // mostly the right coldkey
			}
			net := uint16(f.n)
			if r.IntN(10) == 0 {
				net = uint16(r.IntN(4))
			}
			k := r.IntN(int(em.N) + 2)
			uids, vals := make([]uint16, k), make([]uint16, k)
			for j := range uids {
				uids[j], vals[j] = uint16(r.IntN(int(em.N)+1)), uint16(r.Uint32())
			}
			var call tx.Call
			signer := hk
			switch r.IntN(9) {
			case 0, 1:
				call, signer = tx.BurnedRegister{Netuid: net, Hotkey: hk}, ck
			case 2:
				call, signer = tx.RegisterLimit{Netuid: net, Hotkey: hk, LimitPrice: r.Uint64N(20_000)}, ck
			case 3:
				call = tx.ServeAxon{Netuid: net, IP: []string{"1.2.3.4", "::1", "0", "x"}[r.IntN(4)], Port: uint16(r.IntN(3)), IPType: uint8(4 + 2*r.IntN(2))}
			case 4, 5:
				if own, ok := f.s.Uids.Get(state.NetHotkey{Net: f.n, Hotkey: hk}); ok && r.IntN(2) == 0 {
					uids, vals = []uint16{own}, []uint16{1} // a self-weight
				}
				call = tx.SetWeights{Netuid: net, Dests: uids, Weights: vals}
			case 6:
				call = tx.CommitWeights{Netuid: net, CommitHash: CommitHash(hk, net, uids, vals, salts, 0)}
			case 7:
				call = tx.RevealWeights{Netuid: net, Uids: uids, Values: vals, Salt: salts}
			case 8:
				call, signer = tx.SetChildren{Hotkey: hk, Netuid: net, Children: []tx.Child{{Proportion: r.Uint64(), Child: hotkeys[r.IntN(len(hotkeys))]}}}, ck
			}
			if callAs(t, f.s, f.block, signer, call) == "" {
				ok[call.CallName()]++
			}
		}
		mustInvariants(t, f.s)
		checkUids(t, f.s, f.n)
		f.s.Discard()
	}
	for _, name := range []string{"burned_register", "register_limit", "serve_axon", "set_weights", "commit_weights", "set_children"} {
		if ok[name] == 0 {
			t.Errorf("seed %d: no %s succeeded (%v)", seed, name, ok)
		}
	}
	return snapshot(f.s)
}

// checkUids: uids 0..N−1 all exist, Uids and Neurons agree, no hotkey twice.
func checkUids(t *testing.T, s *state.State, n state.NetUID) {
	t.Helper()
	em, _ := s.Emissions.Get(n)
	sn, _ := s.Subnets.Get(n)
	if em.N > sn.MaxAllowedUids {
		t.Fatalf("n %d > max %d", em.N, sn.MaxAllowedUids)
	}
	seen := map[AccountID]bool{}
	for uid := uint16(0); uid < em.N; uid++ {
		nr, ok := s.Neurons.Get(state.NeuronKey{Net: n, UID: uid})
		if !ok || seen[nr.Hotkey] {
			t.Fatalf("uid %d missing or duplicate hotkey", uid)
		}
		seen[nr.Hotkey] = true
		if u, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: nr.Hotkey}); !ok || u != uid {
			t.Fatalf("uid %d: Uids says %d %v", uid, u, ok)
		}
	}
}
