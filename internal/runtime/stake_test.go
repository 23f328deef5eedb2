package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestAddStake(t *testing.T) {
	add := func(h func(*stakeEnv) AccountID, n func(*stakeEnv) state.NetUID, amount uint64) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call { return tx.AddStake{Hotkey: h(e), Netuid: uint16(n(e)), Amount: amount} }
	}
	aHot1 := func(e *stakeEnv) AccountID { return e.aHot1 }
	n1 := func(e *stakeEnv) state.NetUID { return e.n1 }
	stRun(t, []stCase{
		{name: "success", call: add(aHot1, n1, 10*rTAO), check: func(t *testing.T, e *stakeEnv) {
			alpha := StakeOf(e.s, e.aHot1, e.bob, e.n1)
			// Balancer at w=½: 100·(1 − 100/(100+Δ)) with Δ = 10 TAO less the fee.
			if alpha < 9_000_000_000 || alpha > 9_100_000_000 {
				t.Fatalf("alpha %d", alpha)
			}
			if Free(e.s, e.bob) != 9_990*rTAO {
				t.Fatalf("free %d", Free(e.s, e.bob))
			}
			ck, _ := e.s.Coldkeys.Get(e.bob)
			if len(ck.StakingHotkeys) != 1 || ck.StakingHotkeys[0] != e.aHot1 {
				t.Fatalf("staking hotkeys %v", ck.StakingHotkeys)
			}
			if e.s.G().FeesBurned != 10*rTAO*33/65535 {
				t.Fatalf("fee burned %d", e.s.G().FeesBurned)
			}
		}},
		{name: "minimum amount succeeds", call: add(aHot1, n1, 2_001_007)},
		{name: "root stake is 1:1", call: add(aHot1, func(*stakeEnv) state.NetUID { return 0 }, 5*rTAO),
			check: func(t *testing.T, e *stakeEnv) {
				if got := StakeOf(e.s, e.aHot1, e.bob, 0); got != 5*rTAO {
					t.Fatalf("root alpha %d", got)
				}
				if pl, _ := e.s.Pools.Get(0); pl.TaoReserve != 5*rTAO || pl.AlphaOut != 5*rTAO {
					t.Fatalf("root pool %+v", pl)
				}
			}},
		{name: "InsufficientLiquidity input above 1000x reserve", call: add(aHot1, n1, 100_001*rTAO), want: "InsufficientLiquidity"},
		{name: "SubnetNotExists", call: add(aHot1, func(*stakeEnv) state.NetUID { return 99 }, 10*rTAO), want: "SubnetNotExists"},
		{name: "SubtokenDisabled", call: add(aHot1, func(e *stakeEnv) state.NetUID { return e.n3 }, 10*rTAO), want: "SubtokenDisabled"},
		{name: "AmountTooLow below min plus fee", call: add(aHot1, n1, 2_001_006), want: "AmountTooLow"},
		{name: "NotEnoughBalanceToStake", call: add(aHot1, n1, 10_001*rTAO), want: "NotEnoughBalanceToStake"},
		{name: "HotKeyAccountNotExists", call: add(func(e *stakeEnv) AccountID { return e.carol }, n1, 10*rTAO), want: "HotKeyAccountNotExists"},
		{name: "InsufficientLiquidity simulation fails", setup: func(t *testing.T, e *stakeEnv) {
			withParams(e.s, func(p *state.Params) { p.MinimumReserve = 1_000 * rTAO })
		}, call: add(aHot1, n1, 10*rTAO), want: "InsufficientLiquidity"},
		{name: "AmountTooLow paid in below min (high fee)", setup: func(t *testing.T, e *stakeEnv) {
			sn, _ := e.s.Subnets.Get(e.n1)
			sn.FeeRate = 10_000
			e.s.Subnets.Set(e.n1, sn)
		}, call: func(e *stakeEnv) tx.Call {
			return tx.AddStake{Hotkey: e.aHot1, Netuid: uint16(e.n1), Amount: minAddAmount(e.s, e.n1)}
		}, want: "AmountTooLow"},
		{name: "InsufficientLiquidity share precision", setup: func(t *testing.T, e *stakeEnv) {
			stValueless(e.s, e.aHot1, e.n1)
		}, call: add(aHot1, n1, 10*rTAO), want: "InsufficientLiquidity"},
	})
}

func TestAddStakeLimit(t *testing.T) {
	lim := func(amount, limit uint64, partial bool) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call {
			return tx.AddStakeLimit{Hotkey: e.aHot1, Netuid: uint16(e.n1), Amount: amount, LimitPrice: limit, AllowPartial: partial}
		}
	}
	stRun(t, []stCase{
		{name: "success under limit; hotkey becomes delegate", call: lim(10*rTAO, 2*rTAO, false), check: func(t *testing.T, e *stakeEnv) {
			if h, _ := e.s.Hotkeys.Get(e.aHot1); !h.TakeSet || h.Take != e.s.P().DefaultTake {
				t.Fatalf("hotkey %+v not a delegate", h)
			}
			if StakeOf(e.s, e.aHot1, e.bob, e.n1) == 0 {
				t.Fatal("no stake")
			}
		}},
		{name: "partial fill stops at the limit", call: lim(1_000*rTAO, 1_100_000_000, true), check: func(t *testing.T, e *stakeEnv) {
			spent := 10_000*rTAO - Free(e.s, e.bob)
			// Price 1.1 at w=½ needs the TAO reserve to grow by √1.1 ≈ 4.88%.
			if spent < 4*rTAO || spent > 5*rTAO {
				t.Fatalf("spent %d", spent)
			}
			if p := Price(e.s, e.n1); p.Cmp(Price(e.s, e.n2)) <= 0 {
				t.Fatal("price did not move")
			}
		}},
		{name: "InsufficientLiquidity input cap", call: lim(100_001*rTAO, 2*rTAO, true), want: "InsufficientLiquidity"},
		{name: "PriceLimitExceeded limit below price", call: lim(10*rTAO, 500_000_000, true), want: "PriceLimitExceeded"},
		{name: "SlippageTooHigh", call: lim(1_000*rTAO, 1_100_000_000, false), want: "SlippageTooHigh"},
		{name: "SubnetNotExists", call: func(e *stakeEnv) tx.Call {
			return tx.AddStakeLimit{Hotkey: e.aHot1, Netuid: 99, Amount: 10 * rTAO, LimitPrice: 2 * rTAO}
		}, want: "SubnetNotExists"},
		{name: "SubtokenDisabled", call: func(e *stakeEnv) tx.Call {
			return tx.AddStakeLimit{Hotkey: e.aHot1, Netuid: uint16(e.n3), Amount: 10 * rTAO, LimitPrice: 2 * rTAO}
		}, want: "SubtokenDisabled"},
		{name: "AmountTooLow", call: lim(1_000, 2*rTAO, false), want: "AmountTooLow"},
		{name: "NotEnoughBalanceToStake", setup: func(t *testing.T, e *stakeEnv) {
			e.mustDo(t, e.bob, tx.Transfer{Dest: e.carol, Value: 9_980 * rTAO})
		}, call: lim(30*rTAO, 2*rTAO, false), want: "NotEnoughBalanceToStake"},
		{name: "HotKeyAccountNotExists", call: func(e *stakeEnv) tx.Call {
			return tx.AddStakeLimit{Hotkey: e.carol, Netuid: uint16(e.n1), Amount: 10 * rTAO, LimitPrice: 2 * rTAO}
		}, want: "HotKeyAccountNotExists"},
		{name: "InsufficientLiquidity share precision", setup: func(t *testing.T, e *stakeEnv) {
			stValueless(e.s, e.aHot1, e.n1)
		}, call: lim(10*rTAO, 2*rTAO, false), want: "InsufficientLiquidity"},
	})
}

// stWithStake gives //Bob 50 TAO of stake on n1 through aHot1.
func stWithStake(t *testing.T, e *stakeEnv) { e.stake(t, e.bob, e.aHot1, e.n1, 50*rTAO) }

func TestRemoveStake(t *testing.T) {
	rm := func(amount uint64) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call {
			return tx.RemoveStake{Hotkey: e.aHot1, Netuid: uint16(e.n1), Amount: amount}
		}
	}
	stRun(t, []stCase{
		{name: "full unstake, capped at stake", setup: stWithStake, call: rm(1 << 62), check: func(t *testing.T, e *stakeEnv) {
			if got := StakeOf(e.s, e.aHot1, e.bob, e.n1); got != 0 {
				t.Fatalf("stake left %d", got)
			}
			if _, ok := e.s.Stakes.Get(hkNet(e.aHot1, e.n1)); ok {
				t.Fatal("empty pool not deleted")
			}
			// Round trip loses the two fees and a little to rounding only.
			if lost := 10_000*rTAO - Free(e.s, e.bob); lost > 60_000_000 {
				t.Fatalf("lost %d", lost)
			}
		}},
		{name: "partial unstake", setup: stWithStake, call: rm(10 * rTAO), check: func(t *testing.T, e *stakeEnv) {
			// 50 TAO bought ≈33.3 alpha (pool 100/100 at w=½).
			if got := StakeOf(e.s, e.aHot1, e.bob, e.n1); got < 23*rTAO || got > 24*rTAO {
				t.Fatalf("stake left %d", got)
			}
		}},
		{name: "small nomination cleared", setup: func(t *testing.T, e *stakeEnv) {
			stWithStake(t, e)
			withParams(e.s, func(p *state.Params) { p.NominatorMinRequiredStake = 20_000_000_000 }) // 40 TAO
		}, call: rm(10 * rTAO), check: func(t *testing.T, e *stakeEnv) {
			if got := StakeOf(e.s, e.aHot1, e.bob, e.n1); got != 0 {
				t.Fatalf("small nomination kept: %d", got)
			}
		}},
		{name: "SubtokenDisabled", call: func(e *stakeEnv) tx.Call {
			return tx.RemoveStake{Hotkey: e.aHot3, Netuid: uint16(e.n3), Amount: rTAO}
		}, want: "SubtokenDisabled"},
		{name: "SubtokenDisabled unknown subnet", call: func(e *stakeEnv) tx.Call {
			return tx.RemoveStake{Hotkey: e.aHot1, Netuid: 99, Amount: rTAO}
		}, want: "SubtokenDisabled"},
		{name: "InsufficientLiquidity above 1000x alpha reserve", setup: func(t *testing.T, e *stakeEnv) {
			stWithStake(t, e)
			stSetPool(e.s, e.n1, func(p *state.Pool) { p.AlphaIn = 1_000 })
		}, call: rm(10 * rTAO), want: "InsufficientLiquidity"},
		{name: "AmountTooLow no stake", call: rm(10 * rTAO), want: "AmountTooLow"},
		{name: "InsufficientLiquidity simulation fails", setup: func(t *testing.T, e *stakeEnv) {
			stWithStake(t, e)
			withParams(e.s, func(p *state.Params) { p.MinimumReserve = 1_000 * rTAO })
		}, call: rm(10 * rTAO), want: "InsufficientLiquidity"},
		{name: "AmountTooLow remainder left with tiny output", setup: stWithStake, call: rm(500_000), want: "AmountTooLow"},
		{name: "HotKeyAccountNotExists", setup: func(t *testing.T, e *stakeEnv) {
			stWithStake(t, e)
			e.s.Hotkeys.Delete(e.aHot1)
		}, call: rm(10 * rTAO), want: "HotKeyAccountNotExists"},
	})
}

func TestRemoveStakeLimit(t *testing.T) {
	rm := func(amount, limit uint64, partial bool) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call {
			return tx.RemoveStakeLimit{Hotkey: e.aHot1, Netuid: uint16(e.n1), Amount: amount, LimitPrice: limit, AllowPartial: partial}
		}
	}
	stRun(t, []stCase{
		{name: "success above limit", setup: stWithStake, call: rm(10*rTAO, 500_000_000, false)},
		{name: "partial fill stops at the limit", setup: stWithStake, call: rm(30*rTAO, 2*rTAO, true), check: func(t *testing.T, e *stakeEnv) {
			// Price 2.25 falls to 2 after selling ≈4 of ≈33.3 alpha.
			left := StakeOf(e.s, e.aHot1, e.bob, e.n1)
			if left < 28*rTAO || left > 30*rTAO {
				t.Fatalf("stake left %d", left)
			}
		}},
		{name: "InsufficientLiquidity input cap", setup: stWithStake, call: rm(1<<62, 500_000_000, false), want: "InsufficientLiquidity"},
		{name: "PriceLimitExceeded limit above price", setup: stWithStake, call: rm(10*rTAO, 5*rTAO, true), want: "PriceLimitExceeded"},
		{name: "SubnetNotExists", call: func(e *stakeEnv) tx.Call {
			return tx.RemoveStakeLimit{Hotkey: e.aHot1, Netuid: 99, Amount: rTAO, LimitPrice: 1}
		}, want: "SubnetNotExists"},
		{name: "AmountTooLow zero", setup: stWithStake, call: rm(0, 500_000_000, false), want: "AmountTooLow"},
		{name: "NotEnoughStakeToWithdraw", setup: stWithStake, call: rm(60*rTAO, 500_000_000, false), want: "NotEnoughStakeToWithdraw"},
		{name: "AmountTooLow tiny partial", setup: stWithStake, call: rm(500_000, 500_000_000, false), want: "AmountTooLow"},
		{name: "SlippageTooHigh", setup: stWithStake, call: rm(30*rTAO, 2*rTAO, false), want: "SlippageTooHigh"},
		{name: "HotKeyAccountNotExists", setup: func(t *testing.T, e *stakeEnv) {
			stWithStake(t, e)
			e.s.Hotkeys.Delete(e.aHot1)
		}, call: rm(10*rTAO, 500_000_000, false), want: "HotKeyAccountNotExists"},
	})
}

func TestRemoveStakeFullLimit(t *testing.T) {
	full := func(limit *uint64) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call {
			return tx.RemoveStakeFullLimit{Hotkey: e.aHot1, Netuid: uint16(e.n1), LimitPrice: limit}
		}
	}
	low, high, tight := uint64(500_000_000), uint64(5*rTAO), uint64(2*rTAO)
	gone := func(t *testing.T, e *stakeEnv) {
		if got := StakeOf(e.s, e.aHot1, e.bob, e.n1); got != 0 {
			t.Fatalf("stake left %d", got)
		}
	}
	stRun(t, []stCase{
		{name: "success without limit", setup: stWithStake, call: full(nil), check: gone},
		{name: "success with limit", setup: stWithStake, call: full(&low), check: gone},
		{name: "AmountTooLow nothing staked", call: full(nil), want: "AmountTooLow"},
		{name: "SubtokenDisabled", call: func(e *stakeEnv) tx.Call {
			return tx.RemoveStakeFullLimit{Hotkey: e.aHot3, Netuid: uint16(e.n3)}
		}, want: "SubtokenDisabled"},
		{name: "PriceLimitExceeded", setup: stWithStake, call: full(&high), want: "PriceLimitExceeded"},
		{name: "SlippageTooHigh (never partial)", setup: stWithStake, call: full(&tight), want: "SlippageTooHigh"},
	})
}

func TestUnstakeAll(t *testing.T) {
	stakeBoth := func(t *testing.T, e *stakeEnv) {
		e.stake(t, e.bob, e.bHot, e.n1, 20*rTAO)
		e.stake(t, e.bob, e.bHot, e.n2, 30*rTAO)
		e.stake(t, e.bob, e.bHot, 0, 5*rTAO)
	}
	stRun(t, []stCase{
		{name: "unstake_all success", setup: stakeBoth, call: func(e *stakeEnv) tx.Call { return tx.UnstakeAll{Hotkey: e.bHot} },
			check: func(t *testing.T, e *stakeEnv) {
				for _, n := range []state.NetUID{0, e.n1, e.n2} {
					if got := StakeOf(e.s, e.bHot, e.bob, n); got != 0 {
						t.Fatalf("subnet %d: stake %d left", n, got)
					}
				}
			}},
		{name: "unstake_all with nothing staked succeeds", call: func(e *stakeEnv) tx.Call { return tx.UnstakeAll{Hotkey: e.bHot} }},
		{name: "unstake_all HotKeyAccountNotExists", call: func(e *stakeEnv) tx.Call { return tx.UnstakeAll{Hotkey: e.carol} },
			want: "HotKeyAccountNotExists"},
		{name: "unstake_all_alpha moves everything to root", setup: stakeBoth,
			call: func(e *stakeEnv) tx.Call { return tx.UnstakeAllAlpha{Hotkey: e.bHot} },
			check: func(t *testing.T, e *stakeEnv) {
				if StakeOf(e.s, e.bHot, e.bob, e.n1)+StakeOf(e.s, e.bHot, e.bob, e.n2) != 0 {
					t.Fatal("alpha left")
				}
				if got := StakeOf(e.s, e.bHot, e.bob, 0); got < 54*rTAO {
					t.Fatalf("root stake %d", got)
				}
			}},
		{name: "unstake_all_alpha HotKeyAccountNotExists", call: func(e *stakeEnv) tx.Call { return tx.UnstakeAllAlpha{Hotkey: e.carol} },
			want: "HotKeyAccountNotExists"},
		{name: "unstake_all_alpha AmountTooLow nothing to restake", call: func(e *stakeEnv) tx.Call { return tx.UnstakeAllAlpha{Hotkey: e.bHot} },
			want: "AmountTooLow"},
	})
}
