package runtime

import (
	"math/big"
	"slices"

	"github.com/taokit/taokit/internal/sharepool"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Dissolving a subnet (dtao.md §5.4) [PS/coinbase/root.rs::do_dissolve_network,
// remove_network; PS/staking/remove_stake.rs::destroy_alpha_in_out_stakes;
// PS/staking/claim_root.rs::finalize_all_subnet_root_dividends].
//
// taokit has no legacy subnets: none predates NetworkRegistrationStartBlock
// (so no lock refund) and all count as registered after
// TaoInRefundDeploymentBlock (so the protocol's share includes SubnetAlphaIn).

func init() {
	register(callDissolveNetwork, false)
}

func callDissolveNetwork(c *Ctx, a tx.DissolveNetwork) error {
	if !isSudo(c) {
		return ErrBadOrigin
	}
	return dissolveNetwork(c, state.NetUID(a.Netuid))
}

// dissolveNetwork is do_dissolve_network: stakers are paid out of the pot,
// every per-subnet entry is deleted and NetworkRemoved is emitted.
func dissolveNetwork(c *Ctx, n state.NetUID) error {
	s := c.S
	if n == state.RootNet || !s.Subnets.Has(n) {
		return ErrSubnetNotExists
	}
	sn, _ := s.Subnets.Get(n)
	finalizeRootDividends(s, n)
	destroyAlphaStakes(s, n)
	removeNetwork(s, n)
	if sn.Identity != (state.SubnetIdentity{}) {
		c.Emit("SubnetIdentityRemoved", "netuid", uint16(n))
	}
	c.Emit("NetworkRemoved", "netuid", uint16(n))
	return nil
}

// finalizeRootDividends is finalize_all_subnet_root_dividends: RootClaimable
// of subnet n is dropped for every hotkey and RootClaimed cleared.
func finalizeRootDividends(s *state.State, n state.NetUID) {
	for _, k := range s.RootDivs.Keys() {
		if k.Net == n {
			s.RootDivs.Delete(k)
		}
	}
	for _, k := range s.Claimed.Keys() {
		if k.Net == n {
			s.Claimed.Delete(k)
		}
	}
}

type portion struct {
	cold     AccountID
	protocol bool
	share    uint64
	rem      *big.Int
}

// destroyAlphaStakes is destroy_alpha_in_out_stakes: the subnet's TAO pot is
// shared among its stakers by alpha value (the protocol's share, SubnetAlphaIn
// plus SubnetProtocolAlpha, is not paid but recycled), leftover RAO going one
// each to the largest remainders; then all alpha state is deleted and what is
// left of the pot recycled.
func destroyAlphaStakes(s *state.State, n state.NetUID) {
	pl, _ := s.Pools.Get(n)
	type staker struct {
		cold AccountID
		val  uint64
	}
	var stakers []staker
	var shareKeys []state.ShareKey
	total := new(big.Int).SetUint64(pl.AlphaIn)
	protocol := new(big.Int).Add(total, new(big.Int).SetUint64(pl.ProtocolAlpha))
	total.Set(protocol)
	for _, k := range s.Shares.Keys() {
		if k.Net != n {
			continue
		}
		shareKeys = append(shareKeys, k)
		sh, _ := s.Shares.Get(k)
		_, p := loadPool(s, k.Hotkey, n)
		f := sharepool.FromState(sh)
		v := p.ValueOf(f)
		if v == 0 {
			// An uninitialised pool: the raw share stands for the value.
			v = f.ToU64()
		}
		if v > 0 {
			total.Add(total, new(big.Int).SetUint64(v))
			stakers = append(stakers, staker{k.Coldkey, v})
		}
	}
	pot := pl.TaoReserve
	paid := uint64(0)
	if pot > 0 {
		g := s.G()
		g.TotalStake = satSubU64(g.TotalStake, pot)
		s.SetG(g)
	}
	if pot > 0 && total.Sign() > 0 {
		potB := new(big.Int).SetUint64(pot)
		portions := make([]portion, 0, len(stakers)+1)
		distributed := new(big.Int)
		add := func(cold AccountID, val *big.Int, prot bool) {
			prod := new(big.Int).Mul(potB, val)
			q, r := new(big.Int).QuoRem(prod, total, new(big.Int))
			sh := q.Uint64()
			distributed.Add(distributed, q)
			portions = append(portions, portion{cold: cold, protocol: prot, share: sh, rem: r})
		}
		for _, st := range stakers {
			add(st.cold, new(big.Int).SetUint64(st.val), false)
		}
		if protocol.Sign() > 0 {
			sn, _ := s.Subnets.Get(n)
			add(sn.Owner, protocol, true)
		}
		if left := new(big.Int).Sub(potB, distributed); left.Sign() > 0 {
			slices.SortStableFunc(portions, func(a, b portion) int { return b.rem.Cmp(a.rem) })
			give := len(portions)
			if left.IsUint64() && left.Uint64() < uint64(give) {
				give = int(left.Uint64())
			}
			for i := range give {
				portions[i].share++
			}
		}
		for _, p := range portions {
			if p.protocol || p.share == 0 {
				continue
			}
			// A failed transfer (an account below the existential
			// deposit) leaves the TAO to be recycled.
			if creditFromSubnet(s, p.cold, p.share) == nil {
				paid += p.share
			}
		}
	}
	for _, k := range shareKeys {
		s.Shares.Delete(k)
	}
	for _, k := range s.Stakes.Keys() {
		if k.Net == n {
			s.Stakes.Delete(k)
		}
	}
	// What the stakers did not receive (the protocol's share, failed
	// transfers, or the whole pot without stakers) is recycled.
	if rest := satSubU64(pot, paid); rest > 0 {
		g := s.G()
		g.TotalIssuance = satSubU64(g.TotalIssuance, rest)
		g.Recycled = satAddU64(g.Recycled, rest)
		s.SetG(g)
	}
	pl.TaoReserve, pl.AlphaIn, pl.AlphaOut, pl.ProtocolAlpha, pl.Locked = 0, 0, 0, 0, 0
	s.Pools.Set(n, pl)
}

// removeNetwork is remove_network: every per-subnet entry goes, root weights
// on the subnet are zeroed and the subnet count drops.
func removeNetwork(s *state.State, n state.NetUID) {
	s.Subnets.Delete(n)
	s.Pools.Delete(n)
	s.Emissions.Delete(n)
	s.Outputs.Delete(n)
	for _, k := range s.Neurons.Keys() {
		if k.Net == n {
			s.Neurons.Delete(k)
		}
	}
	for _, k := range s.Uids.Keys() {
		if k.Net == n {
			s.Uids.Delete(k)
		}
	}
	for _, t := range []*state.Table[state.NeuronKey, []state.WeightEntry]{s.Weights, s.Bonds} {
		for _, k := range t.Keys() {
			if k.Net == n {
				t.Delete(k)
			}
		}
	}
	for _, k := range s.Commits.Keys() {
		if k.Net == n {
			s.Commits.Delete(k)
		}
	}
	for _, k := range s.ParamSet.Keys() {
		if k.Net == n {
			s.ParamSet.Delete(k)
		}
	}
	for _, k := range s.Families.Keys() {
		if k.Net == n {
			s.Families.Delete(k)
		}
	}
	for _, k := range s.PendingChildKeys.Keys() {
		if k.Net == n {
			s.PendingChildKeys.Delete(k)
		}
	}
	// Root weights pointing at the subnet are zeroed (the entries stay).
	for _, k := range s.Weights.Keys() {
		if k.Net != state.RootNet {
			continue
		}
		row, _ := s.Weights.Get(k)
		i := slices.IndexFunc(row, func(w state.WeightEntry) bool { return w.UID == uint16(n) && w.Weight != 0 })
		if i < 0 {
			continue
		}
		next := slices.Clone(row)
		for j := range next {
			if next[j].UID == uint16(n) {
				next[j].Weight = 0
			}
		}
		s.Weights.Set(k, next)
	}
	g := s.G()
	if g.SubnetsAdded > 0 {
		g.SubnetsAdded--
	}
	s.SetG(g)
}
