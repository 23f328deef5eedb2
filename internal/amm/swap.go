package amm

import (
	"fmt"

	"github.com/taokit/taokit/internal/fixed"
)

// Side is the direction of a swap.
type Side uint8

const (
	// Buy pays TAO in and takes alpha out (GetAlphaForTao, staking).
	Buy Side = iota
	// Sell pays alpha in and takes TAO out (GetTaoForAlpha, unstaking).
	Sell
)

// String returns "buy" or "sell".
func (s Side) String() string {
	if s == Sell {
		return "sell"
	}
	return "buy"
}

// Order is one swap request, as the chain's SwapHandler::swap receives it.
type Order struct {
	Side Side
	// Amount is the input in RAO (TAO for a buy, alpha for a sell), fee included.
	Amount uint64
	// LimitRAO is the limit price in RAO per alpha when HasLimit is set;
	// otherwise the chain's default applies (MaxPriceRAO for a buy,
	// MinPriceRAO for a sell).
	LimitRAO uint64
	HasLimit bool
	// DropFees charges no fee.
	DropFees bool
	// Simulate runs the swap without changing the pool (the chain rolls the
	// storage transaction back) and skips the liquidity check.
	Simulate bool
}

// BuyOrder returns a buy of tao RAO at the default limit.
func BuyOrder(tao uint64) Order { return Order{Side: Buy, Amount: tao} }

// SellOrder returns a sell of alpha RAO at the default limit.
func SellOrder(alpha uint64) Order { return Order{Side: Sell, Amount: alpha} }

// WithLimit returns o with a limit price in RAO per alpha.
func (o Order) WithLimit(rao uint64) Order { o.LimitRAO, o.HasLimit = rao, true; return o }

// limit returns the limit in RAO per alpha, the default if none was given.
func (o Order) limit() uint64 {
	switch {
	case o.HasLimit:
		return o.LimitRAO
	case o.Side == Sell:
		return MinPriceRAO
	}
	return MaxPriceRAO
}

// SwapResult is the chain's SwapResult plus the bookkeeping pallet-subtensor
// does around the swap (dtao.md §3.7).
type SwapResult struct {
	// AmountPaidIn is the input the pool takes, fee excluded.
	AmountPaidIn uint64
	// AmountPaidOut is the output the pool pays.
	AmountPaidOut uint64
	// FeePaid is the fee, in the input token.
	FeePaid uint64
	// FeeToBlockAuthor is the part of the fee that goes to the block author
	// (all of it when anything was swapped).
	FeeToBlockAuthor uint64
	// Bookkeeping holds the changes to the chain totals outside the pool.
	Bookkeeping Bookkeeping
}

// Bookkeeping is what swap_tao_for_alpha / swap_alpha_for_tao change besides
// the pool's reserves; every change saturates.
type Bookkeeping struct {
	// AlphaOutAdd is added to SubnetAlphaOut (buy: amount_paid_out).
	AlphaOutAdd uint64
	// AlphaOutSub is subtracted from SubnetAlphaOut (sell: amount_paid_in, clamped to i64).
	AlphaOutSub uint64
	// TotalStakeAdd is added to TotalStake (buy: the full TAO amount, fee included).
	TotalStakeAdd uint64
	// TotalStakeSub is subtracted from TotalStake (sell: amount_paid_out).
	TotalStakeSub uint64
	// Volume is added to SubnetVolume (buy: the full TAO amount; sell: amount_paid_out).
	Volume uint64
}

// Swap executes o on the pool and returns the result and the new pool. A
// rejected swap returns a *ChainError (see ErrorName) and the pool
// unchanged; a simulated swap never changes the pool.
func (p Pool) Swap(o Order) (SwapResult, Pool, error) { return p.swap(o, powFast) }

// SwapRef is Swap evaluated with the step-for-step pow_ratio_scaled port
// only. It exists to prove Swap against; it is much slower.
func (p Pool) SwapRef(o Order) (SwapResult, Pool, error) { return p.swap(o, powRef) }

func (p Pool) swap(o Order, pow powFunc) (SwapResult, Pool, error) {
	r, q, err := p.swapInner(o, pow)
	if err != nil || o.Simulate {
		// The chain rolls the storage transaction back.
		return r, p, err
	}
	return r, q, nil
}

func (p Pool) swapInner(o Order, pow powFunc) (SwapResult, Pool, error) {
	switch {
	case p.Mechanism == Stable:
		r := SwapResult{AmountPaidIn: o.Amount, AmountPaidOut: o.Amount}
		return p.finish(o, r)
	case p.Mechanism != Dynamic:
		return SwapResult{}, p, fmt.Errorf("mechanism %d: %w", p.Mechanism, ErrMechanismDoesNotExist)
	case p.Curve == CurveConstantProduct:
		return p.constantProductSwap(o)
	}
	r, q, err := p.balancerSwap(o, pow)
	if err != nil {
		return SwapResult{}, p, err
	}
	return q.finish(o, r)
}

// balancerSwap is do_swap + swap_inner + BasicSwapStep (dtao.md §3.4). It
// returns the pool with the lazy initialisation applied.
func (p Pool) balancerSwap(o Order, pow powFunc) (SwapResult, Pool, error) {
	inRes, outRes := p.TAO, p.Alpha
	if o.Side == Sell {
		inRes, outRes = p.Alpha, p.TAO
	}
	// 1–2. Fee and the input cap.
	fee := p.FeeAmount(o.Amount, o.DropFees)
	req := o.Amount - fee
	if req > satMul(inRes, MaxInputReserveMultiplier) {
		return SwapResult{}, p, ErrSwapInputTooLarge
	}
	// 3. Output reserve.
	if outRes < p.MinimumReserve {
		return SwapResult{}, p, ErrReservesTooLow
	}
	// 4. Lazy initialisation with weight ½.
	if !p.Initialized {
		p.QuoteWeight, p.Initialized = HalfWeight, true
	}
	b := balancer{quote: p.QuoteWeight, pow: pow}
	x, y := p.Alpha, p.TAO
	ratio := weightRatio(b.quote)
	// 5. Limit check: equality fails.
	cur := fxZero
	if x != 0 {
		cur = priceWithRatio(ratio, x, y)
	}
	limit := LimitPrice(o.limit())
	if o.Side == Buy && !cur.Less(limit) || o.Side == Sell && !limit.Less(cur) {
		return SwapResult{}, p, ErrPriceLimitExceeded
	}
	// 6. Target price after swapping all of req.
	var out uint64
	var target fixed.U64F64
	if o.Side == Buy {
		out = b.alphaOut(x, y, req)
		target = priceWithRatio(ratio, satSub(x, out), satAdd(y, req))
	} else {
		out = b.taoOut(x, y, req)
		target = priceWithRatio(ratio, satAdd(x, req), satSub(y, out))
	}
	// 7–8. Full fill, or partial fill to the limit with the fee recomputed.
	deltaIn := req
	full := o.Side == Buy && !limit.Less(target) || o.Side == Sell && !target.Less(limit)
	if !full {
		if o.Side == Buy {
			deltaIn = b.quoteDeltaIn(cur, limit, y)
			out = b.alphaOut(x, y, deltaIn)
		} else {
			deltaIn = b.baseDeltaIn(cur, limit, x)
			out = b.taoOut(x, y, deltaIn)
		}
		fee = partialFee(deltaIn, p.FeeRate, o.DropFees)
	}
	// 9. A non-zero input must pay something out.
	r := SwapResult{AmountPaidIn: deltaIn, AmountPaidOut: out, FeePaid: fee}
	if deltaIn != 0 {
		if out == 0 {
			return SwapResult{}, p, ErrReservesTooLow
		}
		r.FeeToBlockAuthor = fee
	}
	// 10. Liquidity check outside simulation.
	if !o.Simulate && outRes < out {
		return SwapResult{}, p, ErrInsufficientLiquidity
	}
	return r, p, nil
}

// finish fills in the bookkeeping and applies the reserve changes of
// swap_tao_for_alpha / swap_alpha_for_tao (dtao.md §3.7) unless simulating.
func (p Pool) finish(o Order, r SwapResult) (SwapResult, Pool, error) {
	in, out := clampIn(r.AmountPaidIn), clampOut(r.AmountPaidOut)
	if o.Side == Buy {
		r.Bookkeeping = Bookkeeping{AlphaOutAdd: r.AmountPaidOut, TotalStakeAdd: o.Amount, Volume: o.Amount}
		if !o.Simulate {
			p.Alpha = satSub(p.Alpha, out)
			p.TAO = satAdd(p.TAO, in)
		}
	} else {
		r.Bookkeeping = Bookkeeping{AlphaOutSub: in, TotalStakeSub: r.AmountPaidOut, Volume: r.AmountPaidOut}
		if !o.Simulate {
			p.Alpha = satAdd(p.Alpha, in)
			p.TAO = satSub(p.TAO, out)
		}
	}
	return r, p, nil
}

// clampIn is paid_in_reserve_delta_i64().unsigned_abs(): min(v, i64::MAX).
func clampIn(v uint64) uint64 { return min(v, 1<<63-1) }

// clampOut is paid_out_reserve_delta_i64().unsigned_abs(): min(v, 2^63).
func clampOut(v uint64) uint64 { return min(v, 1<<63) }
