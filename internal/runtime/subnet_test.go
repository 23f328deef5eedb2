package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestLockCostVectors(t *testing.T) {
	// C10: runtime defaults, last lock 1000 TAO registered at block B.
	s := newTestState(t, map[string]uint64{"//Alice": 1})
	const B = 1000
	g := s.G()
	g.NetworkLastLockCost, g.NetworkLastRegistered = 1_000_000_000_000, B
	g.TotalIssuance = 1 // emission 1 TAO/block: I_eff = 100_800
	s.SetG(g)
	for i, since := range []uint64{0, 1, 50400, 100800, 200000} {
		want := []uint64{2000000000000, 1999990079366, 1500000046400, 1000000092800, 1000000000000}[i]
		if got := NetworkLockCost(s, B+since); got != want {
			t.Errorf("blocks since %d: lock %d, want %d", since, got, want)
		}
	}
	// C09: min = last = 1000 RAO, never registered, I_eff = 2, block 1.
	withParams(s, func(p *state.Params) { p.NetworkMinLockCost = 1000; p.NetworkLockReductionInterval = 2 })
	g.NetworkLastLockCost, g.NetworkLastRegistered = 1000, 0
	s.SetG(g)
	if got := NetworkLockCost(s, 1); got != 1000 {
		t.Errorf("C09 lock %d", got)
	}
}

func TestRegisterNetworkSeedsPool(t *testing.T) {
	s := newTestState(t, map[string]uint64{"//Alice": 10_000_000_000_000})
	withParams(s, func(p *state.Params) { p.NetworkMinLockCost = 1000; p.NetworkLockReductionInterval = 2 })
	alice, hot := acct(t, "//Alice"), acct(t, "//Alice//hot")
	n := newSubnet(t, s, 1, alice, hot, false)
	pl, _ := s.Pools.Get(n)
	if pl.TaoReserve != 1000 || pl.AlphaIn != 1000 || pl.Locked != 1000 {
		t.Fatalf("pool %+v", pl)
	}
	if uid, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: hot}); !ok || uid != 0 {
		t.Fatal("owner hotkey must be uid 0")
	}
	mustInvariants(t, s)
	// Rate limit: another registration within NetworkRateLimit blocks fails.
	if e := callAs(t, s, 2, alice, tx.RegisterNetwork{Hotkey: hot}); e != "NetworkTxRateLimitExceeded" {
		t.Fatalf("second registration: %q", e)
	}
	// Start call: only the owner, once.
	bob := acct(t, "//Bob")
	if e := callAs(t, s, 3, bob, tx.StartCall{Netuid: uint16(n)}); e != "NotSubnetOwner" {
		t.Fatalf("start_call by non-owner: %q", e)
	}
	if e := callAs(t, s, 3, alice, tx.StartCall{Netuid: uint16(n)}); e != "" {
		t.Fatal(e)
	}
	if e := callAs(t, s, 4, alice, tx.StartCall{Netuid: uint16(n)}); e != "FirstEmissionBlockNumberAlreadySet" {
		t.Fatalf("second start_call: %q", e)
	}
	if e := callAs(t, s, 4, alice, tx.StartCall{Netuid: 99}); e != "SubnetNotExists" {
		t.Fatalf("start_call unknown subnet: %q", e)
	}
}

func TestRegisterNetworkErrors(t *testing.T) {
	s := newTestState(t, map[string]uint64{"//Alice": 10_000_000_000_000, "//Bob": 5_000})
	bob := acct(t, "//Bob")
	if e := callAs(t, s, 1, bob, tx.RegisterNetwork{Hotkey: acct(t, "//Bob//hot")}); e != "CannotAffordLockCost" {
		t.Fatalf("poor owner: %q", e)
	}
	alice := acct(t, "//Alice")
	newSubnet(t, s, 1, alice, acct(t, "//Alice//hot"), false)
	if e := callAs(t, s, 10_000, bob, tx.RegisterNetwork{Hotkey: acct(t, "//Alice//hot")}); e != "NonAssociatedColdKey" {
		t.Fatalf("foreign hotkey: %q", e)
	}
}

func TestBlockEmissionHalving(t *testing.T) {
	// B01.
	in := []uint64{0, 1000000000000000, 10499999999999999, 10500000000000000, 15749999999999999, 15750000000000000, 18375000000000000, 20000000000000000, 20990000000000000, 21000000000000000}
	want := []uint64{1000000000, 1000000000, 1000000000, 500000000, 500000000, 250000000, 125000000, 62500000, 488281, 0}
	for i := range in {
		if got := BlockEmissionForIssuance(in[i]); got != want[i] {
			t.Errorf("issuance %d: %d, want %d", in[i], got, want[i])
		}
	}
}

func TestHyperparameterRules(t *testing.T) {
	s := newTestState(t, map[string]uint64{"//Alice": 10_000_000_000_000, "//Bob": 10_000_000_000_000})
	bob, alice := acct(t, "//Bob"), acct(t, "//Alice")
	n := newSubnet(t, s, 1, bob, acct(t, "//Bob//hot"), true)
	set := func(who AccountID, block uint64, name string, v int64) string {
		return callAs(t, s, block, who, tx.SetHyperparameter{Netuid: uint16(n), Name: name, Value: v})
	}
	if e := set(bob, 100, "immunity_period", 100); e != "" {
		t.Fatal(e)
	}
	if e := set(bob, 101, "immunity_period", 200); e != "TxRateLimitExceeded" {
		t.Fatalf("rate limit: %q", e)
	}
	if e := set(bob, 100, "kappa", 1); e != "BadOrigin" {
		t.Fatalf("root-only by owner: %q", e)
	}
	if e := set(alice, 100, "kappa", 1); e != "" { // //Alice is sudo
		t.Fatalf("root: %q", e)
	}
	if e := set(bob, 100, "burn_half_life", 0); e != "ValueNotInBounds" {
		t.Fatalf("bounds: %q", e)
	}
	if e := set(bob, 100, "alpha_low", 2000); e != "LiquidAlphaDisabled" {
		t.Fatalf("alpha without liquid alpha: %q", e)
	}
	if e := set(bob, 100, "nope", 1); e != "UnknownHyperparameter" {
		t.Fatalf("unknown: %q", e)
	}
	em, _ := s.Emissions.Get(n)
	freeze := em.LastEpochBlock + 360 - 5
	if e := set(bob, freeze, "rho", 3); e != "AdminActionProhibitedDuringWeightsWindow" {
		t.Fatalf("freeze window: %q", e)
	}
}

func TestSubnetLimitAndPruning(t *testing.T) {
	s := newTestState(t, map[string]uint64{"//Alice": 100_000_000_000_000, "//Bob": 100_000_000_000_000})
	withParams(s, func(p *state.Params) {
		p.SubnetLimit, p.NetworkRateLimit, p.NetworkImmunityPeriod = 2, 0, 100
	})
	alice, bob := acct(t, "//Alice"), acct(t, "//Bob")
	newSubnet(t, s, 1, alice, acct(t, "//Alice//a"), true)
	newSubnet(t, s, 2, alice, acct(t, "//Alice//b"), true)
	// Both subnets are still immune: nothing can be pruned.
	if e := callAs(t, s, 50, bob, tx.RegisterNetwork{Hotkey: acct(t, "//Bob//c")}); e != "SubnetLimitReached" {
		t.Fatalf("limit: %q", e)
	}
	// Past immunity the subnet with the lowest moving price is dissolved
	// and its netuid reused; ties go to the earliest registration.
	setMovingPrice(s, 2, fixedPrice(0.5))
	setMovingPrice(s, 1, fixedPrice(0.9))
	if e := callAs(t, s, 500, bob, tx.RegisterNetwork{Hotkey: acct(t, "//Bob//c")}); e != "" {
		t.Fatal(e)
	}
	sn, _ := s.Subnets.Get(2)
	if sn.Owner != bob {
		t.Fatalf("netuid 2 owner %v, want the new owner", sn.Owner)
	}
	if sn1, _ := s.Subnets.Get(1); sn1.Owner != alice {
		t.Fatal("the higher-priced subnet was pruned")
	}
	mustInvariants(t, s)
}

func TestStartCallDelayAndIdentity(t *testing.T) {
	s := newTestState(t, map[string]uint64{"//Alice": 100_000_000_000_000})
	withParams(s, func(p *state.Params) { p.StartCallDelay = 10 })
	alice := acct(t, "//Alice")
	n := newSubnet(t, s, 1, alice, acct(t, "//Alice//a"), false)
	if e := callAs(t, s, 5, alice, tx.StartCall{Netuid: uint16(n)}); e != "NeedWaitingMoreBlocksToStarCall" {
		t.Fatalf("early start: %q", e)
	}
	if e := callAs(t, s, 11, alice, tx.StartCall{Netuid: uint16(n)}); e != "" {
		t.Fatal(e)
	}
	id := tx.SetSubnetIdentity{Netuid: uint16(n), Identity: tx.SubnetIdentity{Name: "apex", URL: "https://example.org"}}
	if e := callAs(t, s, 12, acct(t, "//Bob"), id); e != "NotSubnetOwner" {
		t.Fatalf("identity by non-owner: %q", e)
	}
	if e := callAs(t, s, 12, alice, tx.SetSubnetIdentity{Netuid: 77}); e != "SubnetNotExists" {
		t.Fatalf("identity on unknown subnet: %q", e)
	}
	if e := callAs(t, s, 12, alice, id); e != "" {
		t.Fatal(e)
	}
	if sn, _ := s.Subnets.Get(n); sn.Name != "apex" || sn.Identity.URL != "https://example.org" {
		t.Fatalf("identity %+v", sn.Identity)
	}
}
