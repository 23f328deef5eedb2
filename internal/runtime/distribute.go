package runtime

import (
	"slices"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
)

// hotkeyAmount is a per-hotkey U96F32 amount kept in hotkey order.
type hotkeyAmount struct {
	hotkey AccountID
	amount fixed.U96F32
}

// amounts is an ordered map from hotkey to an accumulating amount.
type amounts []hotkeyAmount

func (a *amounts) add(h AccountID, v fixed.U96F32) {
	i, found := slices.BinarySearchFunc(*a, h, func(e hotkeyAmount, k AccountID) int { return cmpAccount(e.hotkey, k) })
	if found {
		(*a)[i].amount = (*a)[i].amount.SatAdd(v)
		return
	}
	*a = slices.Insert(*a, i, hotkeyAmount{h, v})
}

// hotkeyTakeFloat is get_hotkey_take_float: Delegates/u16::MAX.
func hotkeyTakeFloat(s *state.State, h AccountID) fixed.U96F32 {
	take := s.P().DefaultTake
	if hk, ok := s.Hotkeys.Get(h); ok {
		take = hk.Take
	}
	return fixed.U96F32FromU64(uint64(take)).SafeDiv(fixed.U96F32FromU64(65535))
}

// distributeEmission is distribute_emission (dtao.md §2.7): run the epoch
// on server+validator+root, pay incentives, split dividends between alpha
// and root stake, apply takes and child-key splits.
func distributeEmission(c *Ctx, d dueEpoch) error {
	s := c.S
	n := d.net
	tw := TaoWeight(s)
	total := satAddU64(satAddU64(d.server, d.validator), d.root)
	emissions, err := runEpoch(c, n, total)
	if err != nil {
		return err
	}
	var incentiveSum uint64
	for _, e := range emissions {
		incentiveSum = satAddU64(incentiveSum, e.Incentive)
	}
	validatorAlpha := d.validator
	if incentiveSum == 0 {
		validatorAlpha = satAddU64(d.validator, d.server)
	}

	// calculate_dividends_and_incentives
	var incentives []HotkeyEmission // hotkey order, one entry per hotkey
	var dividends amounts
	for _, e := range emissions {
		incentives = append(incentives, HotkeyEmission{Hotkey: e.Hotkey, Incentive: e.Incentive})
		for _, pd := range parentChildDividends(s, e.Hotkey, n, e.Dividend) {
			dividends.add(pd.hotkey, fixed.U96F32FromU64(pd.amount))
		}
	}

	// calculate_dividend_distribution
	alphaShare, rootShare := dividendDistribution(s, n, validatorAlpha, d.root, tw, dividends)

	// distribute_dividends_and_incentives: owner cut.
	sn, _ := s.Subnets.Get(n)
	if !sn.Owner.IsZero() && !sn.OwnerHotkey.IsZero() && d.ownerCut > 0 {
		if err := IncreaseStake(s, sn.OwnerHotkey, sn.Owner, n, d.ownerCut); err != nil {
			return err
		}
		c.Emit("OwnerCutPaid", "netuid", uint16(n), "hotkey", sn.OwnerHotkey, "amount", d.ownerCut)
	}

	// Mining incentives; owner hotkeys' incentive is withheld.
	ownerHotkeys := ownerHotkeysOf(s, n, sn.Owner)
	var totalIncentive, withheld uint64
	for _, inc := range incentives {
		totalIncentive = satAddU64(totalIncentive, inc.Incentive)
		if slices.Contains(ownerHotkeys, inc.Hotkey) {
			withheld = satAddU64(withheld, inc.Incentive)
			if sn.RecycleOrBurn == 1 {
				recycleSubnetAlpha(s, n, inc.Incentive)
				c.Emit("IncentiveRecycled", "netuid", uint16(n), "hotkey", inc.Hotkey, "amount", inc.Incentive)
			} else {
				burnSubnetAlpha(s, n, inc.Incentive)
				c.Emit("IncentiveBurned", "netuid", uint16(n), "hotkey", inc.Hotkey, "amount", inc.Incentive)
			}
			continue
		}
		if inc.Incentive == 0 {
			continue
		}
		if err := IncreaseStake(s, inc.Hotkey, hotkeyOwner(s, inc.Hotkey), n, inc.Incentive); err != nil {
			return err
		}
		c.Emit("IncentivePaid", "netuid", uint16(n), "hotkey", inc.Hotkey, "amount", inc.Incentive)
	}
	mb := fixed.U96F32FromU64(withheld).SafeDiv(fixed.U96F32FromU64(totalIncentive))
	em, _ := s.Emissions.Get(n)
	hi, lo := mb.Bits()
	em.MinerBurnedBits = [2]uint64{hi, lo}
	s.Emissions.Set(n, em)

	// Alpha dividends.
	for i, dv := range dividends {
		divs := alphaShare[i]
		take := hotkeyTakeFloat(s, dv.hotkey).SatMul(divs)
		divs = divs.SatSub(take)
		if err := IncreaseStake(s, dv.hotkey, hotkeyOwner(s, dv.hotkey), n, take.ToU64()); err != nil {
			return err
		}
		if err := IncreaseStakeForAll(s, dv.hotkey, n, divs.ToU64()); err != nil {
			return err
		}
		k := state.HotkeyNet{Hotkey: dv.hotkey, Net: n}
		sp := s.Stakes.GetOr(k, state.StakePool{})
		sp.AlphaDividends = divs.ToU64()
		sp.AlphaLastEpoch = sp.Value
		s.Stakes.Set(k, sp)
		if !divs.IsZero() || !take.IsZero() {
			c.Emit("DividendsPaid", "netuid", uint16(n), "hotkey", dv.hotkey, "alpha", divs.ToU64(), "take", take.ToU64())
		}
	}
	// Root alpha dividends become claimable by root stakers.
	for i, dv := range dividends {
		rootAlpha := rootShare[i]
		if rootAlpha.IsZero() {
			continue
		}
		take := hotkeyTakeFloat(s, dv.hotkey).SatMul(rootAlpha)
		rootAlpha = rootAlpha.SatSub(take)
		if err := IncreaseStake(s, dv.hotkey, hotkeyOwner(s, dv.hotkey), n, take.ToU64()); err != nil {
			return err
		}
		if err := increaseRootClaimable(s, dv.hotkey, n, rootAlpha.ToU64()); err != nil {
			return err
		}
		c.Emit("RootDividendsAccrued", "netuid", uint16(n), "hotkey", dv.hotkey, "alpha", rootAlpha.ToU64(), "take", take.ToU64())
	}
	return nil
}

// dividendDistribution is calculate_dividend_distribution: each hotkey's
// dividend weight is split into an alpha part and a root part by its alpha
// stake : root stake·tao_weight, and the parts are rescaled to pay out
// pendingAlpha and pendingRoot (in dividends' hotkey order).
func dividendDistribution(s *state.State, n state.NetUID, pendingAlpha, pendingRoot uint64, tw fixed.U96F32, dividends amounts) (alpha, root []fixed.U96F32) {
	zero := fixed.U96F32{}
	var totalRoot, totalAlpha fixed.U96F32
	rootDivs := make([]fixed.U96F32, len(dividends))
	alphaDivs := make([]fixed.U96F32, len(dividends))
	for i, dv := range dividends {
		alphaStake := fixed.U96F32FromU64(TotalHotkeyAlpha(s, dv.hotkey, n))
		rootStake := fixed.U96F32FromU64(TotalHotkeyAlpha(s, dv.hotkey, state.RootNet))
		rootAlpha := rootStake.SatMul(tw)
		rootProp := rootAlpha.SafeDivOr(alphaStake.SatAdd(rootAlpha), zero)
		rootDivs[i] = dv.amount.SatMul(rootProp)
		alphaDivs[i] = dv.amount.SatSub(rootDivs[i])
		totalAlpha = totalAlpha.SatAdd(alphaDivs[i])
		totalRoot = totalRoot.SatAdd(rootDivs[i])
	}
	pr, pa := fixed.U96F32FromU64(pendingRoot), fixed.U96F32FromU64(pendingAlpha)
	alpha = make([]fixed.U96F32, len(dividends))
	root = make([]fixed.U96F32, len(dividends))
	for i := range dividends {
		root[i] = pr.SatMul(rootDivs[i].SafeDivOr(totalRoot, zero))
		alpha[i] = pa.SatMul(alphaDivs[i].SafeDivOr(totalAlpha, zero))
	}
	return alpha, root
}

// ownerHotkeysOf is get_owner_hotkeys: the owner coldkey's hotkeys with a
// uid on n, most recently registered first (then lowest uid), with the
// subnet owner hotkey in front.
func ownerHotkeysOf(s *state.State, n state.NetUID, owner AccountID) []AccountID {
	type triple struct {
		block uint64
		uid   uint16
		h     AccountID
	}
	var ts []triple
	for _, h := range s.Coldkeys.GetOr(owner, state.Coldkey{}).OwnedHotkeys {
		if uid, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: h}); ok {
			nr, _ := s.Neurons.Get(state.NeuronKey{Net: n, UID: uid})
			ts = append(ts, triple{nr.BlockAtRegistration, uid, h})
		}
	}
	slices.SortFunc(ts, func(a, b triple) int {
		switch {
		case a.block != b.block:
			if a.block > b.block {
				return -1
			}
			return 1
		case a.uid < b.uid:
			return -1
		case a.uid > b.uid:
			return 1
		}
		return 0
	})
	out := make([]AccountID, 0, len(ts)+1)
	for _, t := range ts {
		out = append(out, t.h)
	}
	sn, _ := s.Subnets.Get(n)
	if s.Uids.Has(state.NetHotkey{Net: n, Hotkey: sn.OwnerHotkey}) && !slices.Contains(out, sn.OwnerHotkey) {
		out = slices.Insert(out, 0, sn.OwnerHotkey)
	}
	return out
}

// parentDividend is one (hotkey, alpha) pair of a dividend split.
type parentDividend struct {
	hotkey AccountID
	amount uint64
}

// parentChildDividends is get_parent_child_dividends_distribution (dtao.md
// §2.8): a hotkey's dividend split between its parents (by their weighted
// stake contribution, less the child's take and CKBurn when owned by
// another coldkey) and itself.
func parentChildDividends(s *state.State, h AccountID, n state.NetUID, dividend uint64) []parentDividend {
	emission := fixed.U96F32FromU64(dividend)
	remaining := emission
	childTake := fixed.U96F32FromU64(uint64(childkeyTake(s, h, n))).SafeDiv(fixed.U96F32FromU64(65535))
	childOwner := hotkeyOwner(s, h)
	tw := TaoWeight(s)
	uMax := fixed.U96F32FromU64(^uint64(0))
	fam := s.Families.GetOr(state.HotkeyNet{Hotkey: h, Net: n}, state.Family{})

	// get_self_contribution
	prop := u96One
	for _, ch := range fam.Children {
		prop = prop.SatSub(fixed.U96F32FromU64(ch.Proportion).SafeDiv(uMax))
	}
	rootStake := fixed.U96F32FromU64(TotalHotkeyAlpha(s, h, state.RootNet))
	alphaStake := fixed.U96F32FromU64(TotalHotkeyAlpha(s, h, n))
	self := alphaStake.SatMul(prop).SatAdd(rootStake.SatMul(prop).SatMul(tw)).ToU64()
	total := fixed.U96F32FromU64(self)

	type contrib struct {
		parent AccountID
		amount fixed.U96F32
	}
	var contribs []contrib
	for _, p := range fam.Parents {
		pp := fixed.U96F32FromU64(p.Proportion).SafeDiv(uMax)
		pRoot := fixed.U96F32FromU64(TotalHotkeyAlpha(s, p.Key, state.RootNet))
		pAlpha := fixed.U96F32FromU64(TotalHotkeyAlpha(s, p.Key, n))
		comb := pAlpha.SatMul(pp).SatAdd(pRoot.SatMul(pp).SatMul(tw))
		total = total.SatAdd(comb)
		contribs = append(contribs, contrib{p.Key, comb})
	}
	out := make([]parentDividend, 0, len(contribs)+1)
	totalChildTake := fixed.U96F32{}
	for _, pc := range contribs {
		factor := pc.amount.SafeDivOr(total, fixed.U96F32{})
		pe := emission.SatMul(factor)
		remaining = remaining.SatSub(pe)
		if hotkeyOwner(s, pc.parent) != childOwner {
			take := childTake.SatMul(pe)
			pe = pe.SatSub(take) // CKBurn is 0 in taokit (no burn parameter)
			totalChildTake = totalChildTake.SatAdd(take)
		}
		out = append(out, parentDividend{pc.parent, pe.ToU64()})
	}
	out = append(out, parentDividend{h, remaining.SatAdd(totalChildTake).ToU64()})
	return out
}

// childkeyTake is ChildkeyTake[hotkey][netuid].
func childkeyTake(s *state.State, h AccountID, n state.NetUID) uint16 {
	return s.Families.GetOr(state.HotkeyNet{Hotkey: h, Net: n}, state.Family{}).ChildkeyTake
}

// increaseRootClaimable is increase_root_claimable_for_hotkey_and_subnet:
// root alpha dividends accrue as a per-unit-of-root-stake rate; when the
// amount exceeds the hotkey's root stake it is staked to the owner instead.
func increaseRootClaimable(s *state.State, h AccountID, n state.NetUID, amount uint64) error {
	totalRoot := TotalHotkeyAlpha(s, h, state.RootNet)
	if amount > totalRoot {
		return IncreaseStake(s, h, hotkeyOwner(s, h), n, amount)
	}
	inc := fixed.I96F32FromU64(amount).SafeDiv(fixed.I96F32FromU64(totalRoot))
	k := state.HotkeyNet{Hotkey: h, Net: n}
	rc := s.RootDivs.GetOr(k, state.RootClaim{})
	rate := fixed.I96F32FromBits(rc.RateBits[0], rc.RateBits[1]).SatAdd(inc)
	hi, lo := rate.Bits()
	rc.RateBits = [2]uint64{hi, lo}
	s.RootDivs.Set(k, rc)
	return nil
}
