package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
)

// registerDirect gives hotkey (owned by coldkey) a uid on n without a call.
func registerDirect(t testing.TB, s *state.State, n state.NetUID, hotkey, coldkey AccountID, take uint16) uint16 {
	t.Helper()
	ensureHotkeyOwner(s, hotkey, coldkey)
	hk, _ := s.Hotkeys.Get(hotkey)
	hk.Take = take
	s.Hotkeys.Set(hotkey, hk)
	return appendNeuron(NewCtx(s, 1, AccountID{}), n, hotkey)
}

// B11: with no incentives the validators get server + validator alpha.
func TestDrainSingleStaker(t *testing.T) {
	for _, tc := range []struct {
		name      string
		stakers   int
		root      bool
		wantAlpha uint64
	}{
		{"single staker", 1, false, 2_000_000_000},
		{"single staker with root", 1, true, 2_000_000_000},
		{"two stakers", 2, false, 1_500_000_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestState(t, nil)
			mockParams(s)
			if tc.root {
				withParams(s, func(p *state.Params) { p.TaoWeight = ^uint64(0) })
			}
			emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000_000, 1_000_000_000_000, 10_000_000_000)
			h := acct(t, "//Validator//hot")
			registerDirect(t, s, 1, h, acct(t, "//Validator"), 0)
			coldkeys := []AccountID{acct(t, "//Validator"), acct(t, "//Nominator")}[:tc.stakers]
			for _, ck := range coldkeys {
				if err := IncreaseStake(s, h, ck, 1, 1_000_000_000); err != nil {
					t.Fatal(err)
				}
				if tc.root {
					if err := IncreaseStake(s, h, ck, state.RootNet, 1_000_000_000); err != nil {
						t.Fatal(err)
					}
				}
			}
			d := dueEpoch{net: 1, server: 500_000_000, validator: 500_000_000}
			if tc.root {
				d.root = 1_000_000_000
			}
			if err := distributeEmission(NewCtx(s, 100, AccountID{}), d); err != nil {
				t.Fatal(err)
			}
			for _, ck := range coldkeys {
				if got := StakeOf(s, h, ck, 1); absDiff(got, tc.wantAlpha) >= 10 {
					t.Errorf("%v alpha stake %d, want %d", ck, got, tc.wantAlpha)
				}
				if tc.root {
					if got := StakeOf(s, h, ck, state.RootNet); got != 1_000_000_000 {
						t.Errorf("root stake %d changed", got)
					}
					if RootOwed(s, h, ck, 1).IsZero() {
						t.Error("root dividends not claimable")
					}
				}
			}
		})
	}
}

// B13: a parent with a 100% child keeps its share minus the child's take.
func TestDrainChildkeyTake(t *testing.T) {
	s := newTestState(t, nil)
	mockParams(s)
	emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000_000, 1_000_000_000_000, 10_000_000_000)
	parent, child := acct(t, "//Parent//hot"), acct(t, "//Child//hot")
	ensureHotkeyOwner(s, parent, acct(t, "//Parent"))
	registerDirect(t, s, 1, child, acct(t, "//Child"), 0)
	if err := IncreaseStake(s, parent, acct(t, "//Parent"), 1, 1_000_000_000); err != nil {
		t.Fatal(err)
	}
	all := ^uint64(0)
	s.Families.Set(state.HotkeyNet{Hotkey: parent, Net: 1}, state.Family{Children: []state.ChildLink{{Proportion: all, Key: child}}})
	s.Families.Set(state.HotkeyNet{Hotkey: child, Net: 1}, state.Family{Parents: []state.ChildLink{{Proportion: all, Key: parent}}, ChildkeyTake: 6553})
	if err := distributeEmission(NewCtx(s, 100, AccountID{}), dueEpoch{net: 1, validator: 1_000_000_000}); err != nil {
		t.Fatal(err)
	}
	if got := TotalHotkeyAlpha(s, parent, 1); absDiff(got, 1_900_000_000) > 10_000 {
		t.Errorf("parent stake %d, want ≈1.9e9", got)
	}
	if got := TotalHotkeyAlpha(s, child, 1); absDiff(got, 100_000_000) > 10_000 {
		t.Errorf("child stake %d, want ≈1e8", got)
	}
}

func TestOwnerHotkeyIncentiveWithheld(t *testing.T) {
	s := newTestState(t, nil)
	mockParams(s)
	emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000_000, 1_000_000_000_000, 10_000_000_000)
	sn, _ := s.Subnets.Get(1)
	sn.CommitRevealEnabled = false
	s.Subnets.Set(1, sn)
	owner := acct(t, "//Owner")
	registerDirect(t, s, 1, sn.OwnerHotkey, owner, 0)
	miner := acct(t, "//Miner//hot")
	registerDirect(t, s, 1, miner, acct(t, "//Miner"), 0)
	if err := IncreaseStake(s, sn.OwnerHotkey, owner, 1, 1_000_000_000); err != nil {
		t.Fatal(err)
	}
	// The owner validates and weights the miner and itself equally.
	s.Weights.Set(state.NeuronKey{Net: 1, UID: 0}, []state.WeightEntry{{UID: 0, Weight: 65535}, {UID: 1, Weight: 65535}})
	nr, _ := s.Neurons.Get(state.NeuronKey{Net: 1, UID: 0})
	nr.LastUpdate = 50
	s.Neurons.Set(state.NeuronKey{Net: 1, UID: 0}, nr)
	setNeuronOut(s, 1, 0, state.NeuronOutputs{ValidatorPermit: true})
	before, _ := s.Emissions.Get(1)
	if err := distributeEmission(NewCtx(s, 100, AccountID{}), dueEpoch{net: 1, server: 500_000_000, validator: 500_000_000}); err != nil {
		t.Fatal(err)
	}
	em, _ := s.Emissions.Get(1)
	if em.AlphaBurned <= before.AlphaBurned {
		t.Fatal("owner hotkey incentive was not withheld")
	}
	if got := TotalHotkeyAlpha(s, miner, 1); got == 0 {
		t.Fatal("miner got no incentive")
	}
	mb := fixed.U96F32FromBits(em.MinerBurnedBits[0], em.MinerBurnedBits[1])
	if mb.IsZero() || fixed.U96F32FromU64(1).Less(mb) {
		t.Fatalf("MinerBurned %v", mb)
	}
}

func absDiff(a, b uint64) uint64 {
	if a > b {
		return a - b
	}
	return b - a
}
