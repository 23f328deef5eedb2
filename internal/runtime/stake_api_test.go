package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
)

// The exported stake helpers other families call.
func TestStakeHelpers(t *testing.T) {
	e := newStakeEnv(t)
	s := e.s
	c := NewCtx(s, e.block, e.bob)

	// StakeIntoSubnet: nothing movable without going below the existential deposit.
	dust := AccountID{0xD0}
	cp := s.Checkpoint()
	if err := Credit(s, dust, 500); err != nil {
		t.Fatal(err)
	}
	if _, err := StakeIntoSubnet(NewCtx(s, e.block, dust), e.aHot1, dust, e.n1, 200, SwapOpts{}); err != ErrInsufficientBalance {
		t.Fatalf("dust stake: %v", err)
	}
	s.Revert(cp)
	if _, err := StakeIntoSubnet(c, e.aHot1, e.bob, 99, rTAO, SwapOpts{}); err != ErrSubnetNotExists {
		t.Fatalf("unknown subnet: %v", err)
	}
	s.Revert(cp)

	// Stake, then unstake: every RAO is accounted for (fees burned).
	before := s.G()
	alpha, err := StakeIntoSubnet(c, e.aHot1, e.bob, e.n1, 10*rTAO, SwapOpts{})
	if err != nil || alpha == 0 || StakeOf(s, e.aHot1, e.bob, e.n1) != alpha || TotalHotkeyAlpha(s, e.aHot1, e.n1) != alpha {
		t.Fatalf("stake: %d %v", alpha, err)
	}
	got, err := UnstakeFromSubnet(c, e.aHot1, e.bob, e.n1, alpha, SwapOpts{})
	if err != nil || got == 0 {
		t.Fatalf("unstake: %d %v", got, err)
	}
	after := s.G()
	if after.FeesBurned <= before.FeesBurned || before.TotalIssuance-after.TotalIssuance != after.FeesBurned-before.FeesBurned {
		t.Fatalf("fees: %+v → %+v", before, after)
	}
	mustInvariants(t, s)
	if ev := c.Events(); ev[0].Name != "StakeAdded" || ev[1].Name != "StakeRemoved" || ev[0].Get("netuid") != "1" {
		t.Fatalf("events %+v", ev)
	}

	// DecreaseStake refuses more than held and changes nothing.
	if err := DecreaseStake(s, e.aHot1, e.bob, e.n1, 1); err != ErrNotEnoughStakeToWithdraw {
		t.Fatalf("decrease without stake: %v", err)
	}
	// IncreaseStakeForAll pays every staker pro rata.
	if err := IncreaseStake(s, e.bHot, e.bob, e.n2, 3_000); err != nil {
		t.Fatal(err)
	}
	if err := IncreaseStake(s, e.bHot, e.carol, e.n2, 1_000); err != nil {
		t.Fatal(err)
	}
	if err := IncreaseStakeForAll(s, e.bHot, e.n2, 4_000); err != nil {
		t.Fatal(err)
	}
	if StakeOf(s, e.bHot, e.bob, e.n2) != 6_000 || StakeOf(s, e.bHot, e.carol, e.n2) != 2_000 {
		t.Fatalf("pro rata: %d %d", StakeOf(s, e.bHot, e.bob, e.n2), StakeOf(s, e.bHot, e.carol, e.n2))
	}
	if err := IncreaseStake(s, e.bHot, e.bob, e.n2, 1<<63); err == nil || ErrorName(err) != "" {
		t.Fatalf("i64 overflow must be a Go error: %v", err)
	}
}

func TestAdjustRootClaimed(t *testing.T) {
	e := newStakeEnv(t)
	s := e.s
	half := fixed.I96F32FromU64(1).SafeDiv(fixed.I96F32FromU64(2))
	hi, lo := half.Bits()
	s.RootDivs.Set(hkNet(e.bHot, e.n1), state.RootClaim{RateBits: [2]uint64{hi, lo}})
	s.RootDivs.Set(hkNet(e.bHot, 0), state.RootClaim{RateBits: [2]uint64{hi, lo}})
	e.stake(t, e.bob, e.bHot, 0, 10*rTAO)
	k1, k0 := shareKey(e.bHot, e.bob, e.n1), shareKey(e.bHot, e.bob, 0)
	if got := s.Claimed.GetOr(k1, [2]uint64{}); got != [2]uint64{0, 5 * rTAO} {
		t.Fatalf("claimed after add %v", got)
	}
	if got := s.Claimed.GetOr(k0, [2]uint64{}); got != [2]uint64{0, 5 * rTAO} {
		t.Fatalf("root entry after add %v", got)
	}
	e.mustDo(t, e.bob, txRemove(e.bHot, 0, 4*rTAO))
	if got := s.Claimed.GetOr(k1, [2]uint64{}); got != [2]uint64{0, 3 * rTAO} {
		t.Fatalf("claimed after remove %v", got)
	}
	if got := s.Claimed.GetOr(k0, [2]uint64{}); got != [2]uint64{0, 5 * rTAO} {
		t.Fatalf("removal skips root itself: %v", got)
	}
	if satSubU128([2]uint64{0, 1}, [2]uint64{0, 2}) != ([2]uint64{}) || satAddU128([2]uint64{^uint64(0), ^uint64(0)}, [2]uint64{0, 1}) != [2]uint64{^uint64(0), ^uint64(0)} {
		t.Fatal("u128 saturation")
	}
}
