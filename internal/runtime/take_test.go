package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func stSetTake(take uint16, last uint64) func(t *testing.T, e *stakeEnv) {
	return func(t *testing.T, e *stakeEnv) {
		h, _ := e.s.Hotkeys.Get(e.bHot)
		h.Take, h.TakeSet, h.LastTakeChange = take, true, last
		e.s.Hotkeys.Set(e.bHot, h)
	}
}

func TestIncreaseTake(t *testing.T) {
	inc := func(h func(*stakeEnv) AccountID, take uint16) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call { return tx.IncreaseTake{Hotkey: h(e), Take: take} }
	}
	bHot := func(e *stakeEnv) AccountID { return e.bHot }
	stRun(t, []stCase{
		{name: "success", setup: stSetTake(1000, 0), call: inc(bHot, 2000), check: func(t *testing.T, e *stakeEnv) {
			h, _ := e.s.Hotkeys.Get(e.bHot)
			if h.Take != 2000 || !h.TakeSet || h.LastTakeChange != e.block {
				t.Fatalf("hotkey %+v", h)
			}
		}},
		{name: "success without a Delegates entry", call: inc(bHot, 5000)},
		{name: "HotKeyAccountNotExists", call: inc(func(e *stakeEnv) AccountID { return e.carol }, 2000), want: "HotKeyAccountNotExists"},
		{name: "NonAssociatedColdKey", call: inc(func(e *stakeEnv) AccountID { return e.aHot1 }, 2000), want: "NonAssociatedColdKey"},
		{name: "DelegateTakeTooLow not higher", setup: stSetTake(1000, 0), call: inc(bHot, 1000), want: "DelegateTakeTooLow"},
		{name: "DelegateTakeTooHigh", setup: stSetTake(1000, 0), call: inc(bHot, 11_797), want: "DelegateTakeTooHigh"},
		{name: "DelegateTxRateLimitExceeded", setup: stSetTake(1000, 5), call: inc(bHot, 2000), want: "DelegateTxRateLimitExceeded"},
	})
	// The rate limit ends TxDelegateTakeRateLimit blocks after the last change.
	e := newStakeEnv(t)
	stSetTake(1000, 5)(t, e)
	e.block = 5 + e.s.P().TxDelegateTakeRateLimit
	if got := e.do(t, e.bob, tx.IncreaseTake{Hotkey: e.bHot, Take: 2000}); got != "DelegateTxRateLimitExceeded" {
		t.Fatalf("at the limit: %q", got)
	}
	e.block++
	e.mustDo(t, e.bob, tx.IncreaseTake{Hotkey: e.bHot, Take: 2000})
	if PaysFee("increase_take") || PaysFee("decrease_take") || !PaysFee("add_stake") || !PaysFee("move_stake") {
		t.Fatal("take changes are free, stake calls pay")
	}
}

func TestDecreaseTake(t *testing.T) {
	dec := func(h func(*stakeEnv) AccountID, take uint16) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call { return tx.DecreaseTake{Hotkey: h(e), Take: take} }
	}
	bHot := func(e *stakeEnv) AccountID { return e.bHot }
	stRun(t, []stCase{
		{name: "success, not rate limited", setup: stSetTake(5000, 9), call: dec(bHot, 1000), check: func(t *testing.T, e *stakeEnv) {
			if h, _ := e.s.Hotkeys.Get(e.bHot); h.Take != 1000 || h.LastTakeChange != e.block {
				t.Fatalf("hotkey %+v", h)
			}
		}},
		{name: "HotKeyAccountNotExists", call: dec(func(e *stakeEnv) AccountID { return e.carol }, 0), want: "HotKeyAccountNotExists"},
		{name: "NonAssociatedColdKey", call: dec(func(e *stakeEnv) AccountID { return e.aHot1 }, 0), want: "NonAssociatedColdKey"},
		{name: "DelegateTakeTooLow not lower", setup: stSetTake(1000, 0), call: dec(bHot, 1000), want: "DelegateTakeTooLow"},
		{name: "DelegateTakeTooLow below minimum", setup: func(t *testing.T, e *stakeEnv) {
			stSetTake(1000, 0)(t, e)
			withParams(e.s, func(p *state.Params) { p.MinDelegateTake = 500 })
		}, call: dec(bHot, 400), want: "DelegateTakeTooLow"},
	})
}
