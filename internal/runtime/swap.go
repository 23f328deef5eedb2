package runtime

import (
	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/state"
)

// SwapOpts are the optional arguments of a pool swap.
type SwapOpts struct {
	Limit    *uint64 // RAO per alpha; nil = the chain's default limit
	DropFees bool
	Simulate bool
}

func (o SwapOpts) order(side amm.Side, amount uint64) amm.Order {
	ord := amm.Order{Side: side, Amount: amount, DropFees: o.DropFees, Simulate: o.Simulate}
	if o.Limit != nil {
		ord = ord.WithLimit(*o.Limit)
	}
	return ord
}

// SwapTaoForAlpha is swap_tao_for_alpha: it swaps tao into subnet n's pool
// and applies the reserve bookkeeping of dtao.md §3.7 (SubnetAlphaIn,
// SubnetAlphaOut, SubnetTAO, TotalStake, SubnetVolume). Moving the TAO itself
// out of a balance is the caller's job. A simulated swap changes nothing.
func SwapTaoForAlpha(s *state.State, n state.NetUID, tao uint64, o SwapOpts) (amm.SwapResult, error) {
	return swap(s, n, o.order(amm.Buy, tao))
}

// SwapAlphaForTao is swap_alpha_for_tao (dtao.md §3.7).
func SwapAlphaForTao(s *state.State, n state.NetUID, alpha uint64, o SwapOpts) (amm.SwapResult, error) {
	return swap(s, n, o.order(amm.Sell, alpha))
}

func swap(s *state.State, n state.NetUID, ord amm.Order) (amm.SwapResult, error) {
	if !s.Subnets.Has(n) {
		return amm.SwapResult{}, ErrSubnetNotExists
	}
	p := poolOf(s, n)
	r, q, err := p.Swap(ord)
	if err != nil || ord.Simulate {
		return r, err
	}
	pl, _ := s.Pools.Get(n)
	pl.TaoReserve, pl.AlphaIn = q.TAO, q.Alpha
	if q.Initialized && !pl.Initialized {
		pl.QuoteWeight, pl.Initialized = uint64(q.QuoteWeight), true
	}
	bk := r.Bookkeeping
	pl.AlphaOut = satSubU64(satAddU64(pl.AlphaOut, bk.AlphaOutAdd), bk.AlphaOutSub)
	vol := pl.Volume[1] + bk.Volume
	if vol < pl.Volume[1] {
		pl.Volume[0]++
	}
	pl.Volume[1] = vol
	s.Pools.Set(n, pl)
	g := s.G()
	g.TotalStake = satSubU64(satAddU64(g.TotalStake, bk.TotalStakeAdd), bk.TotalStakeSub)
	s.SetG(g)
	return r, nil
}
