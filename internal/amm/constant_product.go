package amm

import "github.com/taokit/taokit/internal/fixed"

// The constant-product pool of dTAO's launch (subtensor v2.0.0,
// stake_utils.rs::sim_swap_tao_for_alpha, sim_swap_alpha_for_tao,
// get_alpha_price; dtao.md §3.9 item 1): I110F18 arithmetic, no fee, no
// limit price, and a swap is refused when the output reserve would drop
// below ConstantProductMinLiquidity.

var cpMinLiquidity = fixed.I110F18FromU64(ConstantProductMinLiquidity)

// constantProductPrice is v2.0.0's get_alpha_price, y/x in I96F32 (0 when
// the division fails), widened to U64F64.
func constantProductPrice(tao, alpha uint64) fixed.U64F64 {
	q, ok := fixed.I96F32FromU64(tao).CheckedDiv(fixed.I96F32FromU64(alpha))
	if !ok {
		return fxZero
	}
	return q.ToU64F64()
}

// constantProductOut returns the output of swapping in into the reserve
// inRes against outRes, and false when the new output reserve would fall
// below the minimum pool liquidity.
func constantProductOut(inRes, outRes, in uint64, sell bool) (uint64, bool) {
	xin := fixed.I110F18FromU64(inRes)
	xout := fixed.I110F18FromU64(outRes)
	k := xout.SatMul(xin)
	den := xin.SatAdd(fixed.I110F18FromU64(in))
	var newOut fixed.I110F18
	if sell {
		newOut = k.SafeDivOr(den, fixed.I110F18{}) // checked_div(..).unwrap_or(0)
	} else {
		newOut = k.SafeDiv(den)
	}
	if newOut.Less(cpMinLiquidity) {
		return 0, false
	}
	return xout.SatSub(newOut).ToU64(), true
}

// constantProductSwap is v2.0.0's swap_tao_for_alpha / swap_alpha_for_tao.
// The whole input enters the pool; there is no fee and no limit.
func (p Pool) constantProductSwap(o Order) (SwapResult, Pool, error) {
	var r SwapResult
	if o.Side == Buy {
		out, ok := constantProductOut(p.TAO, p.Alpha, o.Amount, false)
		if !ok {
			return SwapResult{}, p, ErrInsufficientLiquidity
		}
		r = SwapResult{AmountPaidIn: o.Amount, AmountPaidOut: out,
			Bookkeeping: Bookkeeping{AlphaOutAdd: out, TotalStakeAdd: o.Amount, Volume: o.Amount}}
		p.Alpha = satSub(p.Alpha, out)
		p.TAO = satAdd(p.TAO, o.Amount)
		return r, p, nil
	}
	out, ok := constantProductOut(p.Alpha, p.TAO, o.Amount, true)
	if !ok {
		return SwapResult{}, p, ErrInsufficientLiquidity
	}
	r = SwapResult{AmountPaidIn: o.Amount, AmountPaidOut: out,
		Bookkeeping: Bookkeeping{AlphaOutSub: o.Amount, TotalStakeSub: out, Volume: out}}
	p.Alpha = satAdd(p.Alpha, o.Amount)
	p.TAO = satSub(p.TAO, out)
	return r, p, nil
}
