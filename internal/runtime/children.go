package runtime

import (
	"slices"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Child keys (dtao.md §2.8) [PS/staking/set_children.rs::do_schedule_children,
// do_set_pending_children, do_set_childkey_take].
var (
	ErrTooManyChildren                 = newErr("TooManyChildren")
	ErrProportionOverflow              = newErr("ProportionOverflow")
	ErrInvalidChild                    = newErr("InvalidChild")
	ErrDuplicateChild                  = newErr("DuplicateChild")
	ErrChildParentInconsistency        = newErr("ChildParentInconsistency")
	ErrNotEnoughStakeToSetChildkeys    = newErr("NotEnoughStakeToSetChildkeys")
	ErrInvalidChildkeyTake             = newErr("InvalidChildkeyTake")
	ErrTxChildkeyTakeRateLimitExceeded = newErr("TxChildkeyTakeRateLimitExceeded")
)

// MaxChildren is the most children a hotkey may have on one subnet.
const MaxChildren = 5

// TxChildkeyTakeRateLimit is the runtime's TxChildkeyTakeRateLimit: an
// increase of the childkey take must come this many blocks after the last change.
const TxChildkeyTakeRateLimit = 216_000

// ratePasses is check_passes_rate_limit: never done before, or limit elapsed.
func ratePasses(last, now, limit uint64) bool {
	return last == 0 || satSubU64(now, last) >= limit
}

// callSetChildren is do_schedule_children, signed by the parent hotkey's
// coldkey, checks in order: the SetChildren rate limit per (hotkey, subnet)
// (TxRateLimitExceeded), not root (RegistrationNotPermittedOnRootSubnet),
// the subnet exists (SubnetNotExists), the coldkey owns the hotkey
// (NonAssociatedColdKey), at most 5 children (TooManyChildren), no child is
// the hotkey (InvalidChild), Σ proportions fits u64 (ProportionOverflow),
// no duplicates (DuplicateChild), no child is already a parent of the
// hotkey (ChildParentInconsistency), and, for a non-empty list, the
// hotkey's own stake weight on the subnet (alpha + tao_weight·root stake,
// nothing inherited) ≥ StakeThreshold unless it is the subnet owner hotkey
// (NotEnoughStakeToSetChildkeys). The list is scheduled for now +
// PendingChildKeyCooldown and applied by the first epoch after that.
func callSetChildren(c *Ctx, a tx.SetChildren) error {
	s, coldkey, hotkey := c.S, c.Signer, a.Hotkey
	n := state.NetUID(a.Netuid)
	p := s.P()
	fk := state.HotkeyNet{Hotkey: hotkey, Net: n}
	fam, _ := s.Families.Get(fk)
	if !ratePasses(fam.LastSet, c.Block, p.SetChildrenRateLimit) {
		return ErrTxRateLimitExceeded
	}
	if n == state.RootNet {
		return ErrRegistrationNotPermittedOnRootNet
	}
	sn, ok := s.Subnets.Get(n)
	if !ok {
		return ErrSubnetNotExists
	}
	if h, ok := s.Hotkeys.Get(hotkey); !ok || h.Owner != coldkey {
		return ErrNonAssociatedColdKey
	}
	if len(a.Children) > MaxChildren {
		return ErrTooManyChildren
	}
	for _, ch := range a.Children {
		if ch.Child == hotkey {
			return ErrInvalidChild
		}
	}
	var sum uint64
	for _, ch := range a.Children {
		if sum+ch.Proportion < sum {
			return ErrProportionOverflow
		}
		sum += ch.Proportion
	}
	for i, ch := range a.Children {
		for _, prev := range a.Children[:i] {
			if prev.Child == ch.Child {
				return ErrDuplicateChild
			}
		}
	}
	if !childrenConsistent(fam, a.Children) {
		return ErrChildParentInconsistency
	}
	if len(a.Children) > 0 && hotkey != sn.OwnerHotkey {
		own := stakeTotal(ownAlpha(s, hotkey, n), ownAlpha(s, hotkey, state.RootNet), taoWeightI64F64(s))
		if own.Less(fixed.I64F64FromU64(p.StakeThreshold)) {
			return ErrNotEnoughStakeToSetChildkeys
		}
	}
	cooldown := satAddU64(c.Block, p.PendingChildKeyCooldown)
	fam.LastSet = c.Block
	fam.PendingChildren = make([]state.ChildLink, len(a.Children))
	for i, ch := range a.Children {
		fam.PendingChildren[i] = state.ChildLink{Proportion: ch.Proportion, Key: ch.Child}
	}
	fam.PendingAt, fam.HasPending = cooldown, true
	s.Families.Set(fk, fam)
	s.PendingChildKeys.Set(state.NetHotkey{Net: n, Hotkey: hotkey}, cooldown)
	c.Emit("SetChildrenScheduled", "hotkey", hotkey, "netuid", a.Netuid, "cooldown_block", cooldown, "children", len(a.Children))
	return nil
}

// childrenConsistent reports that no proposed child is a parent of the hotkey.
func childrenConsistent(fam state.Family, children []tx.Child) bool {
	for _, ch := range children {
		if slices.ContainsFunc(fam.Parents, func(l state.ChildLink) bool { return l.Key == ch.Child }) {
			return false
		}
	}
	return true
}

// applyPendingChildren is the on_initialize step for subnets whose epoch
// ran this block (LastEpochBlock == now): every schedule whose cooldown
// block is before now replaces the parent's children (and the children's
// parent links); a schedule that became inconsistent is dropped silently.
func applyPendingChildren(c *Ctx) error {
	s := c.S
	if s.PendingChildKeys.Len() == 0 {
		return nil
	}
	for _, k := range s.PendingChildKeys.Keys() {
		at, _ := s.PendingChildKeys.Get(k)
		em, _ := s.Emissions.Get(k.Net)
		if em.LastEpochBlock != c.Block || at >= c.Block {
			continue
		}
		s.PendingChildKeys.Delete(k)
		fk := state.HotkeyNet{Hotkey: k.Hotkey, Net: k.Net}
		fam, _ := s.Families.Get(fk)
		pending := fam.PendingChildren
		fam.PendingChildren, fam.PendingAt, fam.HasPending = nil, 0, false
		s.Families.Set(fk, fam)
		if !s.Subnets.Has(k.Net) || !pendingConsistent(fam, pending) {
			continue
		}
		setChildren(s, k.Net, k.Hotkey, pending)
		c.Emit("SetChildren", "hotkey", k.Hotkey, "netuid", uint16(k.Net), "children", len(pending))
	}
	return nil
}

func pendingConsistent(fam state.Family, pending []state.ChildLink) bool {
	for _, ch := range pending {
		if slices.ContainsFunc(fam.Parents, func(l state.ChildLink) bool { return l.Key == ch.Key }) {
			return false
		}
	}
	return true
}

// setChildren makes children the hotkey's children on n: the old children
// lose the hotkey as a parent, the new ones gain it with their proportion.
func setChildren(s *state.State, n state.NetUID, hotkey AccountID, children []state.ChildLink) {
	fk := state.HotkeyNet{Hotkey: hotkey, Net: n}
	fam, _ := s.Families.Get(fk)
	for _, old := range fam.Children {
		ck := state.HotkeyNet{Hotkey: old.Key, Net: n}
		cf, _ := s.Families.Get(ck)
		cf.Parents = slices.DeleteFunc(slices.Clone(cf.Parents), func(l state.ChildLink) bool { return l.Key == hotkey })
		s.Families.Set(ck, cf)
	}
	fam, _ = s.Families.Get(fk)
	fam.Children = slices.Clone(children)
	s.Families.Set(fk, fam)
	for _, ch := range children {
		ck := state.HotkeyNet{Hotkey: ch.Key, Net: n}
		cf, _ := s.Families.Get(ck)
		parents := slices.DeleteFunc(slices.Clone(cf.Parents), func(l state.ChildLink) bool { return l.Key == hotkey })
		cf.Parents = append(parents, state.ChildLink{Proportion: ch.Proportion, Key: hotkey})
		s.Families.Set(ck, cf)
	}
}

// callSetChildkeyTake is do_set_childkey_take, signed by the hotkey's
// coldkey: the coldkey owns the hotkey (NonAssociatedColdKey), the take is in
// [MinChildkeyTake, MaxChildkeyTake] (InvalidChildkeyTake), and an increase
// respects TxChildkeyTakeRateLimit (TxChildkeyTakeRateLimitExceeded).
func callSetChildkeyTake(c *Ctx, a tx.SetChildkeyTake) error {
	s := c.S
	n := state.NetUID(a.Netuid)
	if h, ok := s.Hotkeys.Get(a.Hotkey); !ok || h.Owner != c.Signer {
		return ErrNonAssociatedColdKey
	}
	p := s.P()
	if a.Take < p.MinChildkeyTake || a.Take > p.MaxChildkeyTake {
		return ErrInvalidChildkeyTake
	}
	fk := state.HotkeyNet{Hotkey: a.Hotkey, Net: n}
	fam, _ := s.Families.Get(fk)
	if a.Take > fam.ChildkeyTake && !ratePasses(fam.LastTakeChange, c.Block, TxChildkeyTakeRateLimit) {
		return ErrTxChildkeyTakeRateLimitExceeded
	}
	fam.ChildkeyTake, fam.LastTakeChange = a.Take, c.Block
	s.Families.Set(fk, fam)
	c.Emit("ChildKeyTakeSet", "hotkey", a.Hotkey, "take", a.Take)
	return nil
}

func init() {
	register(callSetChildren, false)
	register(callSetChildkeyTake, true)
	registerBeginHook(StageChildren, "pending_children", applyPendingChildren)
}
