package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// rootClaimFixture: a validator hotkey with root stake from two coldkeys
// and root dividends accrued on subnet 1.
type rootClaimFixture struct {
	s       *state.State
	h       AccountID
	c1, c2  AccountID
	accrued uint64
}

func newRootClaimFixture(t *testing.T) rootClaimFixture {
	t.Helper()
	s := newTestState(t, nil)
	mockParams(s)
	emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000_000, 1_000_000_000_000, 10_000_000_000)
	f := rootClaimFixture{s: s, h: acct(t, "//V//hot"), c1: acct(t, "//C1"), c2: acct(t, "//C2"), accrued: 2_000_000_000}
	ensureHotkeyOwner(s, f.h, acct(t, "//V"))
	for _, c := range []AccountID{f.c1, f.c2} {
		if err := IncreaseStake(s, f.h, c, state.RootNet, 1_000_000_000); err != nil {
			t.Fatal(err)
		}
		indexHotkey(t, s, c, f.h)
	}
	root, _ := s.Pools.Get(state.RootNet)
	root.TaoReserve += 2_000_000_000
	root.AlphaOut += 2_000_000_000
	s.Pools.Set(state.RootNet, root)
	g := s.G()
	g.TotalIssuance += 2_000_000_000
	s.SetG(g)
	if err := increaseRootClaimable(s, f.h, 1, f.accrued); err != nil {
		t.Fatal(err)
	}
	return f
}

func indexHotkey(t *testing.T, s *state.State, c, h AccountID) {
	t.Helper()
	ck := s.Coldkeys.GetOr(c, state.Coldkey{})
	ck.StakingHotkeys = insertSorted(ck.StakingHotkeys, h)
	s.Coldkeys.Set(c, ck)
}

func TestRootClaimKeep(t *testing.T) {
	f := newRootClaimFixture(t)
	if e := callAs(t, f.s, 10, f.c1, tx.SetRootClaimType{Type: RootClaimKeep}); e != "" {
		t.Fatal(e)
	}
	owed := RootOwed(f.s, f.h, f.c1, 1).ToU64()
	if absDiff(owed, f.accrued/2) > 1 {
		t.Fatalf("owed %d, want half of %d", owed, f.accrued)
	}
	if e := callAs(t, f.s, 10, f.c1, tx.ClaimRoot{Subnets: []uint16{1}}); e != "" {
		t.Fatal(e)
	}
	if got := StakeOf(f.s, f.h, f.c1, 1); absDiff(got, owed) > 1 {
		t.Fatalf("kept alpha stake %d, want %d", got, owed)
	}
	// Claiming again finds nothing owed.
	if o := RootOwed(f.s, f.h, f.c1, 1); !o.IsZero() && !o.IsNeg() && o.ToU64() > 0 {
		t.Fatalf("still owed %v", o)
	}
	mustInvariants(t, f.s)
}

func TestRootClaimSwap(t *testing.T) {
	f := newRootClaimFixture(t)
	rootBefore := StakeOf(f.s, f.h, f.c2, state.RootNet)
	poolBefore, _ := f.s.Pools.Get(1)
	if e := callAs(t, f.s, 10, f.c2, tx.ClaimRoot{Subnets: []uint16{1}}); e != "" { // Swap is the default
		t.Fatal(e)
	}
	gained := StakeOf(f.s, f.h, f.c2, state.RootNet) - rootBefore
	if gained == 0 {
		t.Fatal("swap claim added no root stake")
	}
	pl, _ := f.s.Pools.Get(1)
	if pl.TaoReserve != poolBefore.TaoReserve-gained {
		t.Fatalf("subnet TAO %d → %d, root stake +%d", poolBefore.TaoReserve, pl.TaoReserve, gained)
	}
	em, _ := f.s.Emissions.Get(1)
	if em.RootSellTao != gained {
		t.Fatalf("RootSellTao %d", em.RootSellTao)
	}
	// The new root stake does not claim what accrued before it arrived.
	if o := RootOwed(f.s, f.h, f.c2, 1); o.ToU64() > 1 {
		t.Fatalf("owed after claim %v", o)
	}
	mustInvariants(t, f.s)
}

func TestRootClaimKeepSubnets(t *testing.T) {
	f := newRootClaimFixture(t)
	if e := callAs(t, f.s, 10, f.c1, tx.SetRootClaimType{Type: RootClaimKeepSubnets, Subnets: []uint16{1}}); e != "" {
		t.Fatal(e)
	}
	if e := callAs(t, f.s, 10, f.c1, tx.ClaimRoot{Subnets: []uint16{1}}); e != "" {
		t.Fatal(e)
	}
	if StakeOf(f.s, f.h, f.c1, 1) == 0 {
		t.Fatal("KeepSubnets did not keep alpha on a listed subnet")
	}
}

func TestRootClaimErrors(t *testing.T) {
	f := newRootClaimFixture(t)
	for name, c := range map[string]tx.Call{
		"no subnets":       tx.ClaimRoot{},
		"too many subnets": tx.ClaimRoot{Subnets: []uint16{1, 2, 3, 4, 5, 6}},
		"keep none":        tx.SetRootClaimType{Type: RootClaimKeepSubnets},
	} {
		if e := callAs(t, f.s, 10, f.c1, c); e != "InvalidSubnetNumber" {
			t.Errorf("%s: %q", name, e)
		}
	}
	if e := callAs(t, f.s, 10, f.c1, tx.SetRootClaimType{Type: 9}); e != "InvalidValue" {
		t.Errorf("bad type: %q", e)
	}
	// Below the threshold nothing is claimed (not an error).
	withParams(f.s, func(p *state.Params) { p.RootClaimableThreshold = 10_000_000_000 })
	if e := callAs(t, f.s, 10, f.c1, tx.ClaimRoot{Subnets: []uint16{1}}); e != "" {
		t.Fatal(e)
	}
	if StakeOf(f.s, f.h, f.c1, 1) != 0 {
		t.Fatal("claimed below the threshold")
	}
}

func TestAutoClaimRoot(t *testing.T) {
	f := newRootClaimFixture(t)
	withParams(f.s, func(p *state.Params) { p.NumRootClaim = 5 })
	c := NewCtx(f.s, 11, AccountID{})
	c.Parent = [32]byte{1, 2, 3}
	if err := autoClaimRoot(c); err != nil {
		t.Fatal(err)
	}
	claimed := 0
	for _, e := range c.Events() {
		if e.Name == "RootClaimed" {
			claimed++
		}
	}
	if claimed == 0 {
		t.Fatal("auto-claim claimed for nobody")
	}
	mustInvariants(t, f.s)
}

func TestBlockHashToIndices(t *testing.T) {
	var h [32]byte
	for i := range h {
		h[i] = byte(i)
	}
	got := blockHashToIndices(h, 5, 7)
	// start = be(h[0:8]); each step adds be(h[8i%32 : +8]) mod 7, deduplicated, sorted.
	be := func(i int) uint64 {
		var v uint64
		for _, b := range h[i : i+8] {
			v = v<<8 | uint64(b)
		}
		return v
	}
	want := map[uint64]bool{}
	last := be(0)
	for i := 0; i < 5; i++ {
		idx := satAddU64(last, be((i*8)%32)) % 7
		want[idx] = true
		last = idx
	}
	if len(got) != len(want) {
		t.Fatalf("indices %v, want set %v", got, want)
	}
	for i, v := range got {
		if !want[v] || (i > 0 && got[i-1] >= v) {
			t.Fatalf("indices %v", got)
		}
	}
}

var _ = fixed.I96F32{}
