package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestRootRegister(t *testing.T) {
	reg := func(h func(*stakeEnv) AccountID) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call { return tx.RootRegister{Hotkey: h(e)} }
	}
	bHot := func(e *stakeEnv) AccountID { return e.bHot }
	// fillRoot registers 64 hotkeys on root, each with root stake 1..64 TAO.
	fillRoot := func(t *testing.T, e *stakeEnv) {
		for i := range 64 {
			h := AccountID{0xAA, byte(i + 1)} // synthetic keys: no derivation needed
			ensureHotkeyOwner(e.s, h, e.alice)
			appendNeuron(NewCtx(e.s, e.block, e.alice), state.RootNet, h)
			if err := IncreaseStake(e.s, h, e.alice, state.RootNet, uint64(i+1)*rTAO); err != nil {
				t.Fatal(err)
			}
		}
		pl, _ := e.s.Pools.Get(0)
		pl.AlphaOut += 64 * 65 / 2 * rTAO
		e.s.Pools.Set(0, pl)
	}
	stRun(t, []stCase{
		{name: "success makes an 18% delegate", call: reg(bHot), check: func(t *testing.T, e *stakeEnv) {
			if uid, ok := e.s.Uids.Get(state.NetHotkey{Net: 0, Hotkey: e.bHot}); !ok || uid != 0 {
				t.Fatal("not registered at uid 0")
			}
			if h, _ := e.s.Hotkeys.Get(e.bHot); h.Take != 11_796 || !h.TakeSet {
				t.Fatalf("hotkey %+v", h)
			}
			if e.s.RootRegistrations.GetOr(struct{}{}, 0) != 1 {
				t.Fatal("interval counter")
			}
		}},
		{name: "new hotkey becomes the signer's", call: reg(func(e *stakeEnv) AccountID { return e.carol }), check: func(t *testing.T, e *stakeEnv) {
			if hotkeyOwner(e.s, e.carol) != e.bob {
				t.Fatal("owner")
			}
		}},
		{name: "full root: replaces the lowest stake", setup: func(t *testing.T, e *stakeEnv) {
			fillRoot(t, e)
			e.stake(t, e.bob, e.bHot, 0, 2*rTAO) // beats uid 0's 1 TAO
		}, call: reg(bHot), check: func(t *testing.T, e *stakeEnv) {
			if uid, _ := e.s.Uids.Get(state.NetHotkey{Net: 0, Hotkey: e.bHot}); uid != 0 {
				t.Fatalf("uid %d", uid)
			}
		}},
		{name: "RootNetworkDoesNotExist", setup: func(t *testing.T, e *stakeEnv) { e.s.Subnets.Delete(0) }, call: reg(bHot), want: "RootNetworkDoesNotExist"},
		{name: "TooManyRegistrationsThisBlock", setup: func(t *testing.T, e *stakeEnv) {
			e.mustDo(t, e.alice, tx.RootRegister{Hotkey: e.aHot1})
		}, call: reg(bHot), want: "TooManyRegistrationsThisBlock"},
		{name: "TooManyRegistrationsThisInterval", setup: func(t *testing.T, e *stakeEnv) {
			e.s.RootRegistrations.Set(struct{}{}, 6)
		}, call: reg(bHot), want: "TooManyRegistrationsThisInterval"},
		{name: "HotKeyAlreadyRegisteredInSubNet", setup: func(t *testing.T, e *stakeEnv) {
			e.mustDo(t, e.bob, tx.RootRegister{Hotkey: e.bHot})
			e.block++
			resetRegs(e)
		}, call: reg(bHot), want: "HotKeyAlreadyRegisteredInSubNet"},
		{name: "CannotUseSystemAccount", call: reg(func(*stakeEnv) AccountID { return AccountID{} }), want: "CannotUseSystemAccount"},
		{name: "StakeTooLowForRoot", setup: fillRoot, call: reg(bHot), want: "StakeTooLowForRoot"},
	})
}

// resetRegs runs the block-start hooks (per-block registration counters).
func resetRegs(e *stakeEnv) {
	_ = BeginBlock(NewCtx(e.s, e.block, AccountID{}))
}

func TestRootIntervalReset(t *testing.T) {
	e := newStakeEnv(t)
	e.s.RootRegistrations.Set(struct{}{}, 6)
	em, _ := e.s.Emissions.Get(0)
	em.LastEpochBlock = e.block
	e.s.Emissions.Set(0, em)
	if err := resetRootInterval(NewCtx(e.s, e.block+50, AccountID{})); err != nil {
		t.Fatal(err)
	}
	if e.s.RootRegistrations.GetOr(struct{}{}, 0) != 6 {
		t.Fatal("reset before the root epoch")
	}
	if err := resetRootInterval(NewCtx(e.s, e.block+100, AccountID{})); err != nil {
		t.Fatal(err)
	}
	if e.s.RootRegistrations.GetOr(struct{}{}, 0) != 0 {
		t.Fatal("no reset at the root epoch")
	}
}
