package runtime

import (
	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
)

// poolOf assembles the AMM's view of subnet n's pool from state.
func poolOf(s *state.State, n state.NetUID) amm.Pool {
	sn, _ := s.Subnets.Get(n)
	pl, _ := s.Pools.Get(n)
	p := amm.Pool{
		TAO:            pl.TaoReserve,
		Alpha:          pl.AlphaIn,
		QuoteWeight:    amm.Perquintill(pl.QuoteWeight),
		FeeRate:        sn.FeeRate,
		MinimumReserve: s.P().MinimumReserve,
		Mechanism:      amm.Mechanism(sn.Mechanism),
		Initialized:    pl.Initialized,
		Curve:          amm.CurveBalancer,
	}
	if pl.QuoteWeight == 0 {
		p.QuoteWeight = amm.HalfWeight // SwapBalancer's default
	}
	return p
}

// Price returns subnet n's current price in TAO per alpha (U64F64).
func Price(s *state.State, n state.NetUID) fixed.U64F64 {
	if !s.Subnets.Has(n) {
		return fixed.U64F64{}
	}
	return poolOf(s, n).Price()
}

// bits2 packs a 128-bit fixed value into its stored form.
func bits2(hi, lo uint64) [2]uint64 { return [2]uint64{hi, lo} }
