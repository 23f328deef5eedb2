package runtime

import (
	"math/rand/v2"
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// randomStakeCall draws one staking call, valid or not: amounts range from
// dust to more than anyone holds, netuids include root, an unstarted and an
// unknown subnet, hotkeys include an unknown key.
func randomStakeCall(r *rand.Rand, e *stakeEnv, colds, hots []AccountID) (AccountID, tx.Call) {
	nets := []state.NetUID{0, e.n1, e.n2, e.n1, e.n2, e.n3, 99}
	net := func() uint16 { return uint16(nets[r.IntN(len(nets))]) }
	hot := func() AccountID { return hots[r.IntN(len(hots))] }
	amt := func() uint64 {
		switch r.IntN(5) {
		case 0:
			return r.Uint64N(3_000_000)
		case 1:
			return r.Uint64N(2 * rTAO)
		case 4:
			return r.Uint64N(20_000 * rTAO)
		}
		return r.Uint64N(200 * rTAO)
	}
	price := func() uint64 { return r.Uint64N(4 * rTAO) }
	signer := colds[r.IntN(len(colds))]
	// held draws a (hotkey, netuid, amount) the signer mostly holds stake in.
	held := func() (AccountID, uint16, uint64) {
		h, n := hot(), net()
		if st := StakeOf(e.s, h, signer, state.NetUID(n)); st > 0 && r.IntN(4) != 0 {
			return h, n, st / uint64(1+r.IntN(4))
		}
		return h, n, amt()
	}
	switch r.IntN(14) {
	case 0, 1, 2:
		return signer, tx.AddStake{Hotkey: hot(), Netuid: net(), Amount: amt()}
	case 3:
		return signer, tx.AddStakeLimit{Hotkey: hot(), Netuid: net(), Amount: amt(), LimitPrice: price(), AllowPartial: r.IntN(2) == 0}
	case 4, 5:
		h, n, a := held()
		return signer, tx.RemoveStake{Hotkey: h, Netuid: n, Amount: a}
	case 6:
		h, n, a := held()
		return signer, tx.RemoveStakeLimit{Hotkey: h, Netuid: n, Amount: a, LimitPrice: price(), AllowPartial: r.IntN(2) == 0}
	case 7:
		p := price()
		if r.IntN(2) == 0 {
			return signer, tx.RemoveStakeFullLimit{Hotkey: hot(), Netuid: net()}
		}
		return signer, tx.RemoveStakeFullLimit{Hotkey: hot(), Netuid: net(), LimitPrice: &p}
	case 8:
		h, n, a := held()
		return signer, tx.MoveStake{OriginHotkey: h, DestHotkey: hot(), OriginNetuid: n, DestNetuid: net(), Amount: a}
	case 9:
		h, n, a := held()
		return signer, tx.TransferStake{DestColdkey: colds[r.IntN(len(colds))], Hotkey: h, OriginNetuid: n, DestNetuid: net(), Amount: a}
	case 10:
		h, n, a := held()
		return signer, tx.SwapStake{Hotkey: h, OriginNetuid: n, DestNetuid: net(), Amount: a}
	case 11:
		h, n, a := held()
		return signer, tx.SwapStakeLimit{Hotkey: h, OriginNetuid: n, DestNetuid: net(), Amount: a, LimitPrice: price(), AllowPartial: r.IntN(2) == 0}
	case 12:
		if r.IntN(2) == 0 {
			return signer, tx.UnstakeAll{Hotkey: hot()}
		}
		return signer, tx.UnstakeAllAlpha{Hotkey: hot()}
	default:
		if r.IntN(2) == 0 {
			return signer, tx.IncreaseTake{Hotkey: hot(), Take: uint16(r.IntN(12_000))}
		}
		return signer, tx.DecreaseTake{Hotkey: hot(), Take: uint16(r.IntN(12_000))}
	}
}

// runRandomStaking applies n random calls and returns the final state root
// and how many calls succeeded. Every call keeps the invariants; a failed
// call leaves the state root unchanged.
func runRandomStaking(t *testing.T, seed uint64, n int) (store.Hash, int) {
	t.Helper()
	e := newStakeEnv(t)
	withParams(e.s, func(p *state.Params) { p.NominatorMinRequiredStake = 1_000_000 })
	dave := stAcct(t, "//Dave")
	colds := []AccountID{e.alice, e.bob, e.carol, dave}
	hots := []AccountID{e.aHot1, e.aHot2, e.aHot3, e.bHot, stAcct(t, "//Carol//hot"), stAcct(t, "//Nobody")}
	ensureHotkeyOwner(e.s, hots[4], e.carol)
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	root := e.root(t)
	ok := 0
	for i := range n {
		if i%25 == 0 {
			e.block++
			if err := BeginBlock(NewCtx(e.s, e.block, AccountID{})); err != nil {
				t.Fatal(err)
			}
			root = e.root(t)
		}
		signer, call := randomStakeCall(r, e, colds, hots)
		name := e.do(t, signer, call)
		if err := CheckInvariants(e.s); err != nil {
			t.Fatalf("seed %d step %d %s %+v (%q): %v", seed, i, call.CallName(), call, name, err)
		}
		next := e.root(t)
		if name != "" {
			if next != root {
				t.Fatalf("seed %d step %d: failed %s (%s) changed the state", seed, i, call.CallName(), name)
			}
			continue
		}
		ok++
		root = next
	}
	return root, ok
}

func TestStakingRandomSequences(t *testing.T) {
	steps := 400
	if testing.Short() {
		steps = 150
	}
	for _, seed := range []uint64{1, 2, 3} {
		root, ok := runRandomStaking(t, seed, steps)
		t.Logf("seed %d: %d of %d calls succeeded", seed, ok, steps)
		if ok < steps/10 {
			t.Errorf("seed %d: only %d of %d calls succeeded; the generator is too hostile", seed, ok, steps)
		}
		// Replaying the same sequence reaches the same state.
		if again, _ := runRandomStaking(t, seed, steps); again != root {
			t.Fatalf("seed %d: replay root %x != %x", seed, again, root)
		}
	}
}
