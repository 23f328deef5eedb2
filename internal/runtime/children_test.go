package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func childrenSetup(t *testing.T, f *netFixture) {
	f.register(t, f.bob, hot(t, "//Bob", 1))
}

func sc(net uint16, ch ...tx.Child) func(*testing.T, *netFixture) tx.Call {
	return func(t *testing.T, f *netFixture) tx.Call {
		if net == here {
			net = uint16(f.n)
		}
		return tx.SetChildren{Hotkey: hot(t, "//Bob", 1), Netuid: net, Children: ch}
	}
}

func kid(t *testing.T, i int, p uint64) tx.Child {
	return tx.Child{Proportion: p, Child: hot(t, "//Kid", i)}
}

func TestSetChildrenErrors(t *testing.T) {
	half := ^uint64(0) / 2
	runCases(t, []regCase{
		{name: "ok", setup: childrenSetup, call: sc(here, kid(t, 1, half), kid(t, 2, half))},
		{name: "ok empty with threshold", setup: func(t *testing.T, f *netFixture) {
			childrenSetup(t, f)
			withParams(f.s, func(p *state.Params) { p.StakeThreshold = 1 })
		}, call: sc(here)},
		{name: "rate limit", setup: func(t *testing.T, f *netFixture) {
			childrenSetup(t, f)
			f.s.Families.Set(state.HotkeyNet{Hotkey: hot(t, "//Bob", 1), Net: f.n}, state.Family{LastSet: f.block - 149})
		}, call: sc(here, kid(t, 1, 1)), want: "TxRateLimitExceeded"},
		{name: "root", setup: childrenSetup, call: sc(0, kid(t, 1, 1)), want: "RegistrationNotPermittedOnRootSubnet"},
		{name: "no subnet", setup: childrenSetup, call: sc(40, kid(t, 1, 1)), want: "SubnetNotExists"},
		{name: "not owner", setup: childrenSetup, signer: func(f *netFixture) AccountID { return f.charlie },
			call: sc(here, kid(t, 1, 1)), want: "NonAssociatedColdKey"},
		{name: "too many", setup: childrenSetup, call: sc(here, kid(t, 1, 1), kid(t, 2, 1), kid(t, 3, 1), kid(t, 4, 1), kid(t, 5, 1), kid(t, 6, 1)), want: "TooManyChildren"},
		{name: "self", setup: childrenSetup, call: func(t *testing.T, f *netFixture) tx.Call {
			return tx.SetChildren{Hotkey: hot(t, "//Bob", 1), Netuid: uint16(f.n), Children: []tx.Child{{Proportion: 1, Child: hot(t, "//Bob", 1)}}}
		}, want: "InvalidChild"},
		{name: "overflow", setup: childrenSetup, call: sc(here, kid(t, 1, ^uint64(0)), kid(t, 2, 1)), want: "ProportionOverflow"},
		{name: "duplicate", setup: childrenSetup, call: sc(here, kid(t, 1, 1), kid(t, 1, 2)), want: "DuplicateChild"},
		{name: "child is parent", setup: func(t *testing.T, f *netFixture) {
			childrenSetup(t, f)
			setChildren(f.s, f.n, hot(t, "//Kid", 1), []state.ChildLink{{Proportion: 5, Key: hot(t, "//Bob", 1)}})
		}, call: sc(here, kid(t, 1, 1)), want: "ChildParentInconsistency"},
		{name: "stake", setup: func(t *testing.T, f *netFixture) {
			childrenSetup(t, f)
			withParams(f.s, func(p *state.Params) { p.StakeThreshold = 1 })
		}, call: sc(here, kid(t, 1, 1)), want: "NotEnoughStakeToSetChildkeys"},
		{name: "stake owner exempt", setup: func(t *testing.T, f *netFixture) {
			withParams(f.s, func(p *state.Params) { p.StakeThreshold = 1 })
		}, signer: func(f *netFixture) AccountID { return f.owner }, call: func(t *testing.T, f *netFixture) tx.Call {
			return tx.SetChildren{Hotkey: f.ownerHot, Netuid: uint16(f.n), Children: []tx.Child{kid(t, 1, 1)}}
		}},
	})
}

func TestPendingChildrenApply(t *testing.T) {
	f := newNetFixture(t)
	childrenSetup(t, f)
	p := hot(t, "//Bob", 1)
	if e := callAs(t, f.s, f.block, f.bob, tx.SetChildren{Hotkey: p, Netuid: uint16(f.n), Children: []tx.Child{kid(t, 1, 100), kid(t, 2, 200)}}); e != "" {
		t.Fatal(e)
	}
	cool := f.block + f.s.P().PendingChildKeyCooldown
	apply := func(block uint64, epoch bool) {
		if epoch {
			f.emission(func(em *state.Emission) { em.LastEpochBlock = block })
		}
		if err := applyPendingChildren(NewCtx(f.s, block, AccountID{})); err != nil {
			t.Fatal(err)
		}
	}
	apply(cool, true) // cooldown not passed (strictly before now is required)
	apply(cool+1, false)
	if fam, _ := f.s.Families.Get(state.HotkeyNet{Hotkey: p, Net: f.n}); len(fam.Children) != 0 || !fam.HasPending {
		t.Fatal("applied early or without an epoch")
	}
	apply(cool+2, true)
	fam, _ := f.s.Families.Get(state.HotkeyNet{Hotkey: p, Net: f.n})
	if len(fam.Children) != 2 || fam.HasPending || f.s.PendingChildKeys.Len() != 0 {
		t.Fatalf("not applied: %+v", fam)
	}
	k1, _ := f.s.Families.Get(state.HotkeyNet{Hotkey: hot(t, "//Kid", 1), Net: f.n})
	if len(k1.Parents) != 1 || k1.Parents[0] != (state.ChildLink{Proportion: 100, Key: p}) {
		t.Fatalf("child parents %+v", k1.Parents)
	}
	// A new list replaces the old one; the dropped child loses its parent.
	setChildren(f.s, f.n, p, []state.ChildLink{{Proportion: 7, Key: hot(t, "//Kid", 2)}})
	k1, _ = f.s.Families.Get(state.HotkeyNet{Hotkey: hot(t, "//Kid", 1), Net: f.n})
	k2, _ := f.s.Families.Get(state.HotkeyNet{Hotkey: hot(t, "//Kid", 2), Net: f.n})
	if len(k1.Parents) != 0 || len(k2.Parents) != 1 || k2.Parents[0].Proportion != 7 {
		t.Fatalf("relink: %+v %+v", k1.Parents, k2.Parents)
	}
	// A schedule that became inconsistent is dropped silently.
	f.s.PendingChildKeys.Set(state.NetHotkey{Net: f.n, Hotkey: hot(t, "//Kid", 2)}, 1)
	f.s.Families.Update(state.HotkeyNet{Hotkey: hot(t, "//Kid", 2), Net: f.n}, func(fm state.Family) state.Family {
		fm.PendingChildren, fm.HasPending = []state.ChildLink{{Proportion: 1, Key: p}}, true
		return fm
	})
	apply(cool+3, true)
	if k2, _ := f.s.Families.Get(state.HotkeyNet{Hotkey: hot(t, "//Kid", 2), Net: f.n}); len(k2.Children) != 0 || k2.HasPending {
		t.Fatal("inconsistent schedule applied")
	}
}

func TestSetChildkeyTake(t *testing.T) {
	ck := func(take uint16) func(*testing.T, *netFixture) tx.Call {
		return func(t *testing.T, f *netFixture) tx.Call {
			return tx.SetChildkeyTake{Hotkey: hot(t, "//Bob", 1), Netuid: uint16(f.n), Take: take}
		}
	}
	recent := func(t *testing.T, f *netFixture) {
		childrenSetup(t, f)
		f.s.Families.Set(state.HotkeyNet{Hotkey: hot(t, "//Bob", 1), Net: f.n}, state.Family{ChildkeyTake: 100, LastTakeChange: f.block - 1})
	}
	runCases(t, []regCase{
		{name: "ok", setup: childrenSetup, call: ck(11_796)},
		{name: "not owner", setup: childrenSetup, signer: func(f *netFixture) AccountID { return f.charlie }, call: ck(5), want: "NonAssociatedColdKey"},
		{name: "too high", setup: childrenSetup, call: ck(11_797), want: "InvalidChildkeyTake"},
		{name: "too low", setup: func(t *testing.T, f *netFixture) {
			childrenSetup(t, f)
			withParams(f.s, func(p *state.Params) { p.MinChildkeyTake = 10 })
		}, call: ck(9), want: "InvalidChildkeyTake"},
		{name: "increase too soon", setup: recent, call: ck(101), want: "TxChildkeyTakeRateLimitExceeded"},
		{name: "decrease any time", setup: recent, call: ck(99)},
	})
}

// B20: inherited stake weight with a 100% child and tao_weight 1.
func TestStakeWeightsB20(t *testing.T) {
	f := newNetFixture(t)
	alice, bob := hot(t, "//Alice", 1), hot(t, "//Bob", 1)
	f.register(t, f.owner, alice)
	f.register(t, f.bob, bob)
	for _, h := range []AccountID{alice, bob} {
		setStake(f.s, h, f.n, 1_000_000_000)
		setStake(f.s, h, state.RootNet, 1_000_000_000)
	}
	withParams(f.s, func(p *state.Params) { p.TaoWeight = ^uint64(0) })
	setChildren(f.s, f.n, alice, []state.ChildLink{{Proportion: ^uint64(0), Key: bob}})
	check := func(h AccountID, a, ta, tot uint64) {
		t.Helper()
		ga, gt, gtot := HotkeyStakeWeight(f.s, h, f.n)
		if ga != a || gt != ta || gtot.Cmp(fixed.I64F64FromU64(tot)) != 0 {
			t.Fatalf("%s: alpha %d tao %d total %s, want %d %d %d", h, ga, gt, gtot, a, ta, tot)
		}
	}
	check(alice, 0, 0, 0)
	check(bob, 2_000_000_000, 2_000_000_000, 4_000_000_000)
	alpha, taoS, total := StakeWeights(f.s, f.n)
	ua, ub := uidOf(t, f.s, f.n, alice), uidOf(t, f.s, f.n, bob)
	if len(alpha) != 3 || alpha[ua] != 0 || alpha[ub] != 2e9 || taoS[ub] != 2e9 || total[ub].ToU64() != 4e9 || total[0].ToU64() != 0 {
		t.Fatalf("per uid: %v %v %v", alpha, taoS, total)
	}
	// The default tao weight (≈0.0527, 32 fractional bits) with a half child.
	withParams(f.s, func(p *state.Params) { p.TaoWeight = state.DefaultParams().TaoWeight })
	setChildren(f.s, f.n, alice, []state.ChildLink{{Proportion: ^uint64(0) / 2, Key: bob}})
	a, ta, tot := HotkeyStakeWeight(f.s, bob, f.n)
	tw := fixed.U96F32FromU64(state.DefaultParams().TaoWeight).SafeDiv(fixed.U96F32FromU64(^uint64(0))).ToI64F64()
	if a != 1_499_999_999 || ta != 1_499_999_999 || tot.Cmp(fixed.I64F64FromU64(a).SatAdd(fixed.I64F64FromU64(ta).SatMul(tw))) != 0 {
		t.Fatalf("half child: %d %d %s", a, ta, tot)
	}
}
