package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// stBobStake gives //Bob 50 TAO of stake on n1 through his own hotkey.
func stBobStake(t *testing.T, e *stakeEnv) { e.stake(t, e.bob, e.bHot, e.n1, 50*rTAO) }

func TestMoveStake(t *testing.T) {
	mv := func(oh, dh func(*stakeEnv) AccountID, on, dn func(*stakeEnv) state.NetUID, amount uint64) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call {
			return tx.MoveStake{OriginHotkey: oh(e), DestHotkey: dh(e), OriginNetuid: uint16(on(e)), DestNetuid: uint16(dn(e)), Amount: amount}
		}
	}
	bHot := func(e *stakeEnv) AccountID { return e.bHot }
	aHot1 := func(e *stakeEnv) AccountID { return e.aHot1 }
	carol := func(e *stakeEnv) AccountID { return e.carol }
	n1 := func(e *stakeEnv) state.NetUID { return e.n1 }
	n2 := func(e *stakeEnv) state.NetUID { return e.n2 }
	n3 := func(e *stakeEnv) state.NetUID { return e.n3 }
	root := func(*stakeEnv) state.NetUID { return 0 }
	unknown := func(*stakeEnv) state.NetUID { return 99 }
	stRun(t, []stCase{
		{name: "cross-subnet move to another hotkey", setup: stBobStake, call: mv(bHot, aHot1, n1, n2, 10*rTAO),
			check: func(t *testing.T, e *stakeEnv) {
				if StakeOf(e.s, e.aHot1, e.bob, e.n2) == 0 {
					t.Fatal("nothing arrived")
				}
				if h, _ := e.s.Hotkeys.Get(e.aHot1); !h.TakeSet {
					t.Fatal("destination hotkey not made a delegate")
				}
			}},
		{name: "same-subnet hotkey move, no swap", setup: stBobStake, call: mv(bHot, aHot1, n1, n1, 10*rTAO),
			check: func(t *testing.T, e *stakeEnv) {
				if got := StakeOf(e.s, e.aHot1, e.bob, e.n1); got != 10*rTAO {
					t.Fatalf("moved %d", got)
				}
			}},
		{name: "move to root", setup: stBobStake, call: mv(bHot, bHot, n1, root, 10*rTAO),
			check: func(t *testing.T, e *stakeEnv) {
				if StakeOf(e.s, e.bHot, e.bob, 0) < 15*rTAO {
					t.Fatal("root stake")
				}
			}},
		{name: "SameNetuid", setup: stBobStake, call: mv(bHot, bHot, n1, n1, 10*rTAO), want: "SameNetuid"},
		{name: "SubnetNotExists origin", call: mv(bHot, bHot, unknown, n1, 10*rTAO), want: "SubnetNotExists"},
		{name: "SubnetNotExists destination", setup: stBobStake, call: mv(bHot, bHot, n1, unknown, 10*rTAO), want: "SubnetNotExists"},
		{name: "SubtokenDisabled", setup: stBobStake, call: mv(bHot, bHot, n1, n3, 10*rTAO), want: "SubtokenDisabled"},
		{name: "HotKeyAccountNotExists origin", call: mv(carol, bHot, n1, n2, 10*rTAO), want: "HotKeyAccountNotExists"},
		{name: "HotKeyAccountNotExists destination", setup: stBobStake, call: mv(bHot, carol, n1, n2, 10*rTAO), want: "HotKeyAccountNotExists"},
		{name: "AmountTooLow cross-subnet", setup: stBobStake, call: mv(bHot, bHot, n1, n2, 500_000), want: "AmountTooLow"},
		{name: "InsufficientLiquidity simulation fails", setup: func(t *testing.T, e *stakeEnv) {
			stBobStake(t, e)
			withParams(e.s, func(p *state.Params) { p.MinimumReserve = 1_000 * rTAO })
		}, call: mv(bHot, bHot, n1, n2, 10*rTAO), want: "InsufficientLiquidity"},
		{name: "AmountTooLow same subnet tao equivalent", setup: stBobStake, call: mv(bHot, aHot1, n1, n1, 500_000), want: "AmountTooLow"},
	})
}

func TestTransferStake(t *testing.T) {
	tr := func(on, dn func(*stakeEnv) state.NetUID, amount uint64) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call {
			return tx.TransferStake{DestColdkey: e.carol, Hotkey: e.bHot, OriginNetuid: uint16(on(e)), DestNetuid: uint16(dn(e)), Amount: amount}
		}
	}
	n1 := func(e *stakeEnv) state.NetUID { return e.n1 }
	n2 := func(e *stakeEnv) state.NetUID { return e.n2 }
	toggleOff := func(n func(*stakeEnv) state.NetUID) func(t *testing.T, e *stakeEnv) {
		return func(t *testing.T, e *stakeEnv) {
			stBobStake(t, e)
			sn, _ := e.s.Subnets.Get(n(e))
			sn.TransferToggle = false
			e.s.Subnets.Set(n(e), sn)
		}
	}
	stRun(t, []stCase{
		{name: "same subnet to another coldkey", setup: stBobStake, call: tr(n1, n1, 10*rTAO), check: func(t *testing.T, e *stakeEnv) {
			if got := StakeOf(e.s, e.bHot, e.carol, e.n1); got != 10*rTAO {
				t.Fatalf("carol got %d", got)
			}
			if ck, _ := e.s.Coldkeys.Get(e.carol); len(ck.StakingHotkeys) != 1 {
				t.Fatal("carol's staking index")
			}
		}},
		{name: "cross subnet to another coldkey", setup: stBobStake, call: tr(n1, n2, 10*rTAO), check: func(t *testing.T, e *stakeEnv) {
			if StakeOf(e.s, e.bHot, e.carol, e.n2) == 0 {
				t.Fatal("carol got nothing")
			}
			if Free(e.s, e.carol) != 10_000*rTAO {
				t.Fatal("the TAO leg must be restaked, not left with carol")
			}
		}},
		{name: "TransferDisallowed origin", setup: toggleOff(n1), call: tr(n1, n2, 10*rTAO), want: "TransferDisallowed"},
		{name: "TransferDisallowed destination", setup: toggleOff(n2), call: tr(n1, n2, 10*rTAO), want: "TransferDisallowed"},
		{name: "SubtokenDisabled", setup: stBobStake, call: func(e *stakeEnv) tx.Call {
			return tx.TransferStake{DestColdkey: e.carol, Hotkey: e.bHot, OriginNetuid: uint16(e.n1), DestNetuid: uint16(e.n3), Amount: rTAO}
		}, want: "SubtokenDisabled"},
	})
}

func TestSwapStake(t *testing.T) {
	sw := func(on, dn func(*stakeEnv) state.NetUID, amount uint64) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call {
			return tx.SwapStake{Hotkey: e.bHot, OriginNetuid: uint16(on(e)), DestNetuid: uint16(dn(e)), Amount: amount}
		}
	}
	n1 := func(e *stakeEnv) state.NetUID { return e.n1 }
	n2 := func(e *stakeEnv) state.NetUID { return e.n2 }
	stRun(t, []stCase{
		{name: "success", setup: stBobStake, call: sw(n1, n2, 10*rTAO), check: func(t *testing.T, e *stakeEnv) {
			if StakeOf(e.s, e.bHot, e.bob, e.n2) == 0 {
				t.Fatal("nothing swapped")
			}
		}},
		{name: "SameNetuid", setup: stBobStake, call: sw(n1, n1, 10*rTAO), want: "SameNetuid"},
		{name: "AmountTooLow", setup: stBobStake, call: sw(n1, n2, 500_000), want: "AmountTooLow"},
		{name: "SubnetNotExists", setup: stBobStake, call: sw(n1, func(*stakeEnv) state.NetUID { return 99 }, rTAO), want: "SubnetNotExists"},
	})
}

func TestSwapStakeLimit(t *testing.T) {
	sl := func(amount, limit uint64, partial bool) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call {
			return tx.SwapStakeLimit{Hotkey: e.bHot, OriginNetuid: uint16(e.n1), DestNetuid: uint16(e.n2), Amount: amount, LimitPrice: limit, AllowPartial: partial}
		}
	}
	stRun(t, []stCase{
		{name: "success within limit", setup: stBobStake, call: sl(2*rTAO, 100_000_000, false)},
		{name: "partial fill", setup: stBobStake, call: sl(30*rTAO, 2*rTAO, true), check: func(t *testing.T, e *stakeEnv) {
			left := StakeOf(e.s, e.bHot, e.bob, e.n1)
			// Relative price 2.25 → 2: the closed form allows ≈4.8 of ≈33.3 alpha.
			if left < 25*rTAO || left > 32*rTAO {
				t.Fatalf("left %d", left)
			}
		}},
		{name: "SlippageTooHigh", setup: stBobStake, call: sl(30*rTAO, 2*rTAO, false), want: "SlippageTooHigh"},
		{name: "SlippageTooHigh limit above relative price", setup: stBobStake, call: sl(10*rTAO, 100*rTAO, false), want: "SlippageTooHigh"},
	})
}
