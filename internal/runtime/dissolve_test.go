package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestDissolveNetwork(t *testing.T) {
	dis := func(n func(*stakeEnv) state.NetUID) func(*stakeEnv) tx.Call {
		return func(e *stakeEnv) tx.Call { return tx.DissolveNetwork{Netuid: uint16(n(e))} }
	}
	n1 := func(e *stakeEnv) state.NetUID { return e.n1 }
	sudo := func(e *stakeEnv) AccountID { return e.alice }
	var bobBefore, carolBefore, issBefore, pot uint64
	stakers := func(t *testing.T, e *stakeEnv) {
		e.stake(t, e.bob, e.bHot, e.n1, 30*rTAO)
		e.stake(t, e.carol, e.aHot1, e.n1, 10*rTAO)
		e.stake(t, e.carol, e.aHot1, e.n2, 10*rTAO)
		// Root dividends bookkeeping on n1 that must go.
		e.s.RootDivs.Set(hkNet(e.aHot1, e.n1), state.RootClaim{RateBits: [2]uint64{0, 1 << 32}})
		e.s.Claimed.Set(shareKey(e.aHot1, e.carol, e.n1), [2]uint64{0, 7})
		bobBefore, carolBefore, issBefore = Free(e.s, e.bob), Free(e.s, e.carol), e.s.G().TotalIssuance
		pl, _ := e.s.Pools.Get(e.n1)
		pot = pl.TaoReserve
	}
	stRun(t, []stCase{
		{name: "success pays stakers by alpha value", setup: stakers, signer: sudo, call: dis(n1), check: func(t *testing.T, e *stakeEnv) {
			if e.s.Subnets.Has(e.n1) || e.s.Pools.Has(e.n1) || e.s.Emissions.Has(e.n1) {
				t.Fatal("subnet entries left")
			}
			for _, k := range e.s.Shares.Keys() {
				if k.Net == e.n1 {
					t.Fatalf("share left %+v", k)
				}
			}
			if StakeOf(e.s, e.aHot1, e.carol, e.n2) == 0 {
				t.Fatal("other subnets untouched")
			}
			if e.s.RootDivs.Has(hkNet(e.aHot1, e.n1)) || e.s.Claimed.Has(shareKey(e.aHot1, e.carol, e.n1)) {
				t.Fatal("root dividend state left")
			}
			gotBob, gotCarol := Free(e.s, e.bob)-bobBefore, Free(e.s, e.carol)-carolBefore
			// Pot ≈140 TAO shared by alpha value: Bob ≈23.1 alpha, Carol ≈5.3,
			// the protocol's ≈71.6 (SubnetAlphaIn) is recycled.
			if gotBob < 30*rTAO || gotBob > 35*rTAO || gotCarol < 6*rTAO || gotCarol > 9*rTAO {
				t.Fatalf("paid bob %d carol %d", gotBob, gotCarol)
			}
			recycled := issBefore - e.s.G().TotalIssuance
			if gotBob+gotCarol+recycled != pot {
				t.Fatalf("pot not conserved: %d + %d + %d", gotBob, gotCarol, recycled)
			}
			if e.s.G().SubnetsAdded != 2 {
				t.Fatalf("subnet count %d", e.s.G().SubnetsAdded)
			}
		}},
		{name: "success without stakers recycles the pot", signer: sudo, call: dis(n1)},
		{name: "BadOrigin", call: dis(n1), want: "BadOrigin"},
		{name: "SubnetNotExists root", signer: sudo, call: dis(func(*stakeEnv) state.NetUID { return 0 }), want: "SubnetNotExists"},
		{name: "SubnetNotExists unknown", signer: sudo, call: dis(func(*stakeEnv) state.NetUID { return 99 }), want: "SubnetNotExists"},
	})
}

// Largest-remainder rounding: 3 equal stakers of a 100-RAO pot get 34, 33, 33.
func TestDissolveLargestRemainder(t *testing.T) {
	e := newStakeEnv(t)
	s := e.s
	hs := []AccountID{e.bob, e.carol, e.alice}
	for _, c := range hs {
		if err := IncreaseStake(s, e.aHot1, c, e.n1, 1_000); err != nil {
			t.Fatal(err)
		}
	}
	// A pot of 100 RAO, no protocol alpha, and 1 000 free RAO per staker.
	before := map[AccountID]uint64{}
	for _, c := range hs {
		before[c] = Free(s, c)
	}
	g := s.G()
	pl, _ := s.Pools.Get(e.n1)
	g.TotalIssuance = g.TotalIssuance - pl.TaoReserve + 100
	s.SetG(g)
	pl.TaoReserve, pl.AlphaIn, pl.ProtocolAlpha, pl.AlphaOut = 100, 0, 0, 3_000
	s.Pools.Set(e.n1, pl)
	mustInvariants(t, s)
	e.mustDo(t, e.alice, tx.DissolveNetwork{Netuid: uint16(e.n1)})
	var got []uint64
	for _, c := range hs {
		got = append(got, Free(s, c)-before[c])
	}
	if got[0]+got[1]+got[2] != 100 || max(got[0], got[1], got[2]) != 34 || min(got[0], got[1], got[2]) != 33 {
		t.Fatalf("shares %v", got)
	}
}
