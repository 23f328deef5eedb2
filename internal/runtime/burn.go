package runtime

import (
	"math/bits"
	"sync"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
)

// Registration price dynamics (dtao.md §6.1) [PS/subnets/registration.rs::
// update_registration_prices_for_networks, bump_registration_price_after_registration;
// PS/utils/misc.rs::decay_factor_q32, pow_q32, mul_by_q32].

// q32One is 1.0 in Q32.
const q32One = uint64(1) << 32

// MulByQ32 is mul_by_q32: ⌊value·factor / 2³²⌋, saturating to u64.
func MulByQ32(value, factorQ32 uint64) uint64 {
	hi, lo := bits.Mul64(value, factorQ32)
	if hi>>32 != 0 {
		return ^uint64(0)
	}
	return hi<<32 | lo>>32
}

// PowQ32 is pow_q32: base^exp in Q32 by squaring, each product through MulByQ32.
func PowQ32(baseQ32 uint64, exp uint16) uint64 {
	result, factor, power := q32One, baseQ32, uint32(exp)
	for power > 0 {
		if power&1 == 1 {
			result = MulByQ32(result, factor)
		}
		power >>= 1
		if power > 0 {
			factor = MulByQ32(factor, factor)
		}
	}
	return result
}

var decayCache sync.Map // uint16 → uint64; pure function of its key

// DecayFactorQ32 is decay_factor_q32: the largest f in [0, 2³²) with
// PowQ32(f, halfLife) ≤ 2³¹, by bisection; 1.0 for a zero half-life.
func DecayFactorQ32(halfLife uint16) uint64 {
	if halfLife == 0 {
		return q32One
	}
	if v, ok := decayCache.Load(halfLife); ok {
		return v.(uint64)
	}
	const half = uint64(1) << 31
	lo, hi := uint64(0), q32One
	for lo+1 < hi {
		mid := lo + (hi-lo)>>1
		if PowQ32(mid, halfLife) > half {
			hi = mid
		} else {
			lo = mid
		}
	}
	decayCache.Store(halfLife, lo)
	return lo
}

// clampBurn applies MinBurn then MaxBurn, as the chain does (so MaxBurn
// wins if the bounds cross).
func clampBurn(v uint64, sn state.Subnet) uint64 {
	if v < sn.MinBurn {
		v = sn.MinBurn
	}
	if v > sn.MaxBurn {
		v = sn.MaxBurn
	}
	return v
}

// DecayedBurn is one block of decay of burn on sn: (burn·f)>>32 when
// block > 1 and BurnHalfLife > 0, then clamped to [MinBurn, MaxBurn].
func DecayedBurn(burn uint64, sn state.Subnet, block uint64) uint64 {
	if sn.BurnHalfLife > 0 && block > 1 {
		burn = MulByQ32(burn, DecayFactorQ32(sn.BurnHalfLife))
	}
	return clampBurn(burn, sn)
}

// BumpedBurn is the price after a registration: ⌊burn·max(mult, 1)⌋
// (U64F64, saturating) clamped to [MinBurn, MaxBurn].
func BumpedBurn(burn uint64, sn state.Subnet) uint64 {
	mult := fixed.U64F64FromBits(sn.BurnIncreaseMultBits[0], sn.BurnIncreaseMultBits[1])
	if one := fixed.U64F64FromU64(1); mult.Less(one) {
		mult = one
	}
	return clampBurn(fixed.U64F64FromU64(burn).SatMul(mult).ToU64(), sn)
}

// updateRegistrationPrices is the on_initialize registration step for every
// subnet (root included): decay and clamp the burn, reset the per-block
// registration counter; it also forgets used PoW work that can no longer be
// replayed.
func updateRegistrationPrices(c *Ctx) error {
	s := c.S
	for _, n := range s.Subnets.Keys() {
		sn, _ := s.Subnets.Get(n)
		em, ok := s.Emissions.Get(n)
		if !ok {
			continue
		}
		nb := DecayedBurn(em.Burn, sn, c.Block)
		if nb != em.Burn || em.RegistrationsThisBlk != 0 {
			em.Burn, em.RegistrationsThisBlk = nb, 0
			s.Emissions.Set(n, em)
		}
	}
	pruneUsedWork(s, c.Block)
	return nil
}

// LegacyUpgraded is the historical interval adjustment of burn or
// difficulty (dtao.md §6.1 "Historical rule", through v3.3.13), kept as a
// documented reference only; the chain now uses the per-block decay:
//
//	upgraded(v) = clamp(α·v + (1−α)·v·(reg+tgt)/(2·tgt), min, max)
//
// in I110F18 with α = alpha/u64::MAX [PS/coinbase/block_step.rs::
// upgraded_burn, upgraded_difficulty @v3.3.5-372]. tgt = 0 is treated as
// the chain does (division by zero saturates, then the clamp applies).
func LegacyUpgraded(v, reg, tgt, alpha, lo, hi uint64) uint64 {
	f := func(x uint64) fixed.I110F18 { return fixed.I110F18FromU64(x) }
	// updated = v·(reg+tgt) / (2·tgt)  (saturating, U110F18)
	num := f(v).SatMul(f(reg).SatAdd(f(tgt)))
	upd := num.SatDiv(f(tgt).SatAdd(f(tgt)))
	a := f(alpha).SafeDiv(f(^uint64(0)))
	one := f(1)
	next := a.SatMul(f(v)).SatAdd(one.SatSub(a).SatMul(upd))
	r := next.ToU64()
	if r < lo {
		return lo
	}
	if r > hi {
		return hi
	}
	return r
}

func init() {
	registerBeginHook(StageRegistration, "registration_prices", updateRegistrationPrices)
}
