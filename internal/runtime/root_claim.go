package runtime

import (
	"slices"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Root-claim errors.
var ErrInvalidSubnetNumber = newErr("InvalidSubnetNumber")

// MaxSubnetClaims bounds the subnets one claim_root names.
const MaxSubnetClaims = 5

// Root claim types (RootClaimTypeEnum).
const (
	RootClaimSwap        uint8 = 0
	RootClaimKeep        uint8 = 1
	RootClaimKeepSubnets uint8 = 2
)

func init() {
	register(callClaimRoot, false)
	register(callSetRootClaimType, false)
	registerBeginHook(StageRootClaim, "auto_claim_root", autoClaimRoot)
}

// rootClaimRate is RootClaimable[hotkey][netuid] (I96F32).
func rootClaimRate(s *state.State, h AccountID, n state.NetUID) fixed.I96F32 {
	rc := s.RootDivs.GetOr(state.HotkeyNet{Hotkey: h, Net: n}, state.RootClaim{})
	return fixed.I96F32FromBits(rc.RateBits[0], rc.RateBits[1])
}

// rootClaimed is RootClaimed[(netuid, hotkey, coldkey)] (u128, kept as I96F32-comparable).
func rootClaimed(s *state.State, h, c AccountID, n state.NetUID) fixed.I96F32 {
	v := s.Claimed.GetOr(state.ShareKey{Hotkey: h, Net: n, Coldkey: c}, [2]uint64{})
	return fixed.I96F32FromU128(v[0], v[1])
}

func addRootClaimed(s *state.State, h, c AccountID, n state.NetUID, amount uint64) {
	k := state.ShareKey{Hotkey: h, Net: n, Coldkey: c}
	v := s.Claimed.GetOr(k, [2]uint64{})
	lo := v[1] + amount
	hi := v[0]
	if lo < v[1] {
		hi++
	}
	s.Claimed.Set(k, [2]uint64{hi, lo})
}

// RootOwed is get_root_owed_for_hotkey_coldkey_float: rate · root stake − claimed.
func RootOwed(s *state.State, h, c AccountID, n state.NetUID) fixed.I96F32 {
	stake := fixed.I96F32FromU64(StakeOf(s, h, c, state.RootNet))
	return rootClaimRate(s, h, n).SatMul(stake).SatSub(rootClaimed(s, h, c, n))
}

// rootClaimOnSubnet is root_claim_on_subnet (dtao.md §2.9).
func rootClaimOnSubnet(c *Ctx, h, coldkey AccountID, n state.NetUID, claimType uint8, keep []state.NetUID, ignoreMin bool) error {
	s := c.S
	owed := RootOwed(s, h, coldkey, n)
	if !ignoreMin && owed.Less(fixed.I96F32FromU64(s.P().RootClaimableThreshold)) {
		return nil
	}
	amount := uint64(0)
	if !owed.IsNeg() {
		amount = owed.ToU64()
	}
	if amount == 0 {
		return nil
	}
	swap := claimType == RootClaimSwap || (claimType == RootClaimKeepSubnets && !slices.Contains(keep, n))
	if swap {
		cp := s.Checkpoint()
		r, err := SwapAlphaForTao(s, n, amount, SwapOpts{DropFees: true})
		if err != nil {
			s.Revert(cp)
			return err
		}
		tao := r.AmountPaidOut
		// The TAO leaves subnet n's pool (the swap took it from SubnetTAO[n])
		// for the root subnet's.
		root, _ := s.Pools.Get(state.RootNet)
		root.TaoReserve = satAddU64(root.TaoReserve, tao)
		root.AlphaOut = satAddU64(root.AlphaOut, tao)
		s.Pools.Set(state.RootNet, root)
		g := s.G()
		g.TotalStake = satAddU64(g.TotalStake, tao)
		s.SetG(g)
		em, _ := s.Emissions.Get(n)
		em.RootSellTao = satAddU64(em.RootSellTao, tao)
		s.Emissions.Set(n, em)
		if err := IncreaseStake(s, h, coldkey, state.RootNet, tao); err != nil {
			s.Revert(cp)
			return err
		}
		AdjustRootClaimed(s, h, coldkey, tao, true)
		c.Emit("RootClaimSwapped", "netuid", uint16(n), "hotkey", h, "coldkey", coldkey, "alpha", amount, "tao", tao)
	} else {
		if err := IncreaseStake(s, h, coldkey, n, amount); err != nil {
			return err
		}
		c.Emit("RootClaimKept", "netuid", uint16(n), "hotkey", h, "coldkey", coldkey, "alpha", amount)
	}
	addRootClaimed(s, h, coldkey, n, amount)
	return nil
}

// claimableSubnets lists the subnets on which hotkey h has a root claim rate.
func claimableSubnets(s *state.State, h AccountID) []state.NetUID {
	var out []state.NetUID
	s.RootDivs.Each(func(k state.HotkeyNet, _ state.RootClaim) {
		if k.Hotkey == h {
			out = append(out, k.Net)
		}
	})
	return out
}

// rootClaimAll claims for coldkey on every hotkey it stakes to (do_root_claim).
func rootClaimAll(c *Ctx, coldkey AccountID, only []state.NetUID) error {
	ck := c.S.Coldkeys.GetOr(coldkey, state.Coldkey{})
	for _, h := range ck.StakingHotkeys {
		for _, n := range claimableSubnets(c.S, h) {
			if only != nil && !slices.Contains(only, n) {
				continue
			}
			if err := rootClaimOnSubnet(c, h, coldkey, n, ck.RootClaimType, ck.KeepSubnets, false); err != nil {
				return err
			}
		}
	}
	c.Emit("RootClaimed", "coldkey", coldkey)
	return nil
}

func callClaimRoot(c *Ctx, a tx.ClaimRoot) error {
	set := dedupNets(a.Subnets)
	if len(set) == 0 || len(set) > MaxSubnetClaims {
		return ErrInvalidSubnetNumber
	}
	return rootClaimAll(c, c.Signer, set)
}

func callSetRootClaimType(c *Ctx, a tx.SetRootClaimType) error {
	if a.Type > RootClaimKeepSubnets {
		return ErrInvalidValue
	}
	keep := dedupNets(a.Subnets)
	if a.Type == RootClaimKeepSubnets && len(keep) == 0 {
		return ErrInvalidSubnetNumber
	}
	ck := c.S.Coldkeys.GetOr(c.Signer, state.Coldkey{})
	ck.RootClaimType = a.Type
	ck.KeepSubnets = nil
	if a.Type == RootClaimKeepSubnets {
		ck.KeepSubnets = keep
	}
	c.S.Coldkeys.Set(c.Signer, ck)
	c.Emit("RootClaimTypeSet", "coldkey", c.Signer, "type", a.Type)
	return nil
}

func dedupNets(in []uint16) []state.NetUID {
	out := make([]state.NetUID, 0, len(in))
	for _, n := range in {
		if !slices.Contains(out, state.NetUID(n)) {
			out = append(out, state.NetUID(n))
		}
	}
	slices.Sort(out)
	return out
}

// autoClaimRoot claims root dividends for a few coldkeys chosen from the
// parent block hash each block (run_auto_claim_root_divs): the coldkeys
// with root stake, in account order, indexed as block_hash_to_indices does.
func autoClaimRoot(c *Ctx) error {
	s := c.S
	k := s.P().NumRootClaim
	if k == 0 || s.RootDivs.Len() == 0 {
		return nil
	}
	var coldkeys []AccountID
	s.Coldkeys.Each(func(ck AccountID, v state.Coldkey) {
		for _, h := range v.StakingHotkeys {
			if StakeOf(s, h, ck, state.RootNet) > 0 {
				coldkeys = append(coldkeys, ck)
				return
			}
		}
	})
	n := uint64(len(coldkeys))
	if n == 0 {
		return nil
	}
	for _, idx := range blockHashToIndices(c.Parent, k, n) {
		cp := s.Checkpoint()
		mark := len(c.events)
		if err := rootClaimAll(c, coldkeys[idx], nil); err != nil {
			s.Revert(cp)
			c.TruncateEvents(mark)
		}
	}
	return nil
}

// blockHashToIndices is block_hash_to_indices: k indices in [0, n) walked
// from big-endian words of the hash, deduplicated and sorted.
func blockHashToIndices(hash [32]byte, k, n uint64) []uint64 {
	be := func(i int) uint64 {
		var v uint64
		for _, b := range hash[i : i+8] {
			v = v<<8 | uint64(b)
		}
		return v
	}
	last := be(0)
	var out []uint64
	for i := uint64(0); i < k; i++ {
		step := be(int((i * 8) % 32))
		idx := satAddU64(last, step) % n
		if !slices.Contains(out, idx) {
			out = append(out, idx)
		}
		last = idx
	}
	slices.Sort(out)
	return out
}
