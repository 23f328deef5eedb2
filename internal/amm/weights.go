package amm

import (
	"math/big"
	"math/bits"

	"github.com/taokit/taokit/internal/fixed"
)

// MulPerquintillRound is Balancer::mul_perquintill_round: ⌊(v·parts +
// 10^18/2) / 10^18⌋ in 256-bit arithmetic, saturating at u128::MAX. The
// result is returned as (hi, lo).
func MulPerquintillRound(p Perquintill, vHi, vLo uint64) (hi, lo uint64) {
	// v·parts < 2^128·2^60, so the product and the half fit in 192 bits.
	h1, l1 := bits.Mul64(vLo, uint64(p))
	h2, l2 := bits.Mul64(vHi, uint64(p))
	w0 := l1
	w1, c := bits.Add64(h1, l2, 0)
	w2 := h2 + c
	w0, c = bits.Add64(w0, uint64(PerquintillOne)/2, 0)
	w1, c = bits.Add64(w1, 0, c)
	w2 += c
	// Divide the 192-bit (w2, w1, w0) by 10^18 limb by limb; a non-zero top
	// quotient limb means the result exceeds u128.
	q2, r := bits.Div64(0, w2, uint64(PerquintillOne))
	q1, r := bits.Div64(r, w1, uint64(PerquintillOne))
	q0, _ := bits.Div64(r, w0, uint64(PerquintillOne))
	if q2 != 0 {
		return ^uint64(0), ^uint64(0)
	}
	return q1, q0
}

// mulU128Sat is u128 saturating_mul of two u128 values that fit in 65 bits
// at most (a u64 and a u64 sum).
func mulU128Sat(a uint64, bHi, bLo uint64) (hi, lo uint64) {
	h, l := bits.Mul64(a, bLo)
	if bHi != 0 && a != 0 {
		h2, l2 := bits.Mul64(a, bHi)
		if h2 != 0 {
			return ^uint64(0), ^uint64(0)
		}
		var c uint64
		h, c = bits.Add64(h, l2, 0)
		if c != 0 {
			return ^uint64(0), ^uint64(0)
		}
	}
	return h, l
}

// addU64To128 returns a + b as a u128 (no overflow possible).
func addU64To128(a, b uint64) (hi, lo uint64) {
	lo, c := bits.Add64(a, b, 0)
	return c, lo
}

// WeightForAddedLiquidity is Balancer::update_weights_for_added_liquidity:
// the quote weight that keeps the price when (Δtao, Δalpha) is added to
// reserves (tao, alpha) under weight w2 (dtao.md §3.5):
//
//	q1 = round(w1·(y·(x+Δx))),  q2 = round(w2·(x·(y+Δy))),  w2' = from_rational(q2, q1+q2)
//
// (½ when q1+q2 = 0). It returns ErrInvalidWeight, and the chain refuses the
// injection, when either new weight would fall below 0.01.
func WeightForAddedLiquidity(w2 Perquintill, tao, alpha, dTAO, dAlpha uint64) (Perquintill, error) {
	w1 := PerquintillOne.SatSub(w2)
	nyH, nyL := addU64To128(tao, dTAO)
	nxH, nxL := addU64To128(alpha, dAlpha)
	p1h, p1l := mulU128Sat(tao, nxH, nxL)
	p2h, p2l := mulU128Sat(alpha, nyH, nyL)
	q1h, q1l := MulPerquintillRound(w1, p1h, p1l)
	q2h, q2l := MulPerquintillRound(w2, p2h, p2l)
	sl, c := bits.Add64(q1l, q2l, 0)
	sh, c2 := bits.Add64(q1h, q2h, c)
	if c2 != 0 {
		sh, sl = ^uint64(0), ^uint64(0)
	}
	w := HalfWeight
	if sh|sl != 0 {
		w = PerquintillFromRational(q2h, q2l, sh, sl)
	}
	if !weightInRange(w) {
		return w2, ErrInvalidWeight
	}
	return w, nil
}

// Inject is the swap pallet's adjust_protocol_liquidity followed by the
// coinbase adding the reserves: it re-weights the pool so the price stays
// (up to rounding) and adds what was accepted. When the new weight would
// leave [0.01, 0.99] nothing is added and the pool is unchanged; added is
// then (0, 0) (the chain only logs a warning).
func (p Pool) Inject(dTAO, dAlpha uint64) (addedTAO, addedAlpha uint64, q Pool) {
	if p.Mechanism == Dynamic && p.Curve == CurveBalancer {
		w, err := WeightForAddedLiquidity(p.QuoteWeight, p.TAO, p.Alpha, dTAO, dAlpha)
		if err != nil {
			return 0, 0, p
		}
		p.QuoteWeight = w
	}
	p.TAO = satAdd(p.TAO, dTAO)
	p.Alpha = satAdd(p.Alpha, dAlpha)
	return dTAO, dAlpha, p
}

// InitWithPrice is maybe_initialize_palswap(Some(price)) (dtao.md §3.5): on a
// pool that is not initialised yet it sets w2 = from_rational(y, px + y) with
// px = ⌊p⌋·x + ⌊x·frac(p)⌋. It fails with ErrReservesOutOfBalance when
// px + y = 0 or the weight falls outside [0.01, 0.99]; an initialised pool
// is returned unchanged.
func (p Pool) InitWithPrice(price fixed.U64F64) (Pool, error) {
	if p.Initialized {
		return p, nil
	}
	ph, pl := price.Bits()
	x := p.Alpha
	hiH, hiL := bits.Mul64(ph, x) // ⌊p⌋ (saturating_to_num::<u64>) · x, in u128
	low := fixed.U64F64FromU64(x).SatMul(fixed.U64F64FromBits(0, pl))
	_, lowL := low.FloorU128() // < x, fits in u64
	s := new(big.Int).Lsh(new(big.Int).SetUint64(hiH), 64)
	s.Or(s, new(big.Int).SetUint64(hiL))
	s.Add(s, new(big.Int).SetUint64(lowL))
	s.Add(s, new(big.Int).SetUint64(p.TAO))
	if s.Sign() == 0 {
		return p, ErrReservesOutOfBalance
	}
	var sh, sl uint64
	if s.BitLen() > 128 {
		sh, sl = ^uint64(0), ^uint64(0)
	} else {
		sl = s.Uint64()
		sh = new(big.Int).Rsh(s, 64).Uint64()
	}
	w := PerquintillFromRational(0, p.TAO, sh, sl)
	if !weightInRange(w) {
		return p, ErrReservesOutOfBalance
	}
	p.QuoteWeight, p.Initialized = w, true
	return p, nil
}

// Initialize is maybe_initialize_palswap(None): weight ½ on a pool that is
// not initialised yet.
func (p Pool) Initialize() Pool {
	if !p.Initialized {
		p.QuoteWeight, p.Initialized = HalfWeight, true
	}
	return p
}

// MigrateFromSqrtPrice is migrate_swapv3_to_balancer for one pool: price =
// sqrt·sqrt (saturating), then InitWithPrice, falling back to weight ½ when
// that fails. The pool ends up initialised either way.
func (p Pool) MigrateFromSqrtPrice(sqrt fixed.U64F64) Pool {
	q, err := p.InitWithPrice(sqrt.SatMul(sqrt))
	if err != nil {
		p.QuoteWeight, p.Initialized = HalfWeight, true
		return p
	}
	return q
}
