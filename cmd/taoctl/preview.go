package main

import (
	"errors"

	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/state"
)

// Previews simulate a staking call locally with internal/amm on the pool
// state the node returned, exactly as the chain's swap will run it against
// the same state (another call in the same block can still move the price:
// that is what the limit is for).

// minimumReserve is the chain parameter MinimumReserve. The node's API does
// not publish chain parameters, so the preview uses the chain's default;
// it only matters for pools a few RAO from empty.
var minimumReserve = state.DefaultParams().MinimumReserve

// poolOf rebuilds the AMM's view of a subnet's pool from the node's record
// (the runtime's poolOf, over query.Subnet's fields).
func poolOf(s query.Subnet) amm.Pool {
	p := amm.Pool{
		TAO: s.TaoIn, Alpha: s.AlphaIn, QuoteWeight: amm.Perquintill(s.QuoteWeight),
		FeeRate: uint16(hyperparam(s, "fee_rate")), MinimumReserve: minimumReserve,
		Mechanism: amm.Dynamic, Initialized: s.QuoteWeight != 0, Curve: amm.CurveBalancer,
	}
	if s.Mechanism == "stable" {
		p.Mechanism = amm.Stable
	}
	if s.QuoteWeight == 0 {
		p.QuoteWeight = amm.HalfWeight
	}
	return p
}

func hyperparam(s query.Subnet, name string) int64 {
	for _, h := range s.Hyperparameters {
		if h.Name == name {
			return h.Value
		}
	}
	return 0
}

var billion = fixed.U64F64FromU64(raoPerUnit)

// priceRAO is a pool's spot price in RAO per whole α.
func priceRAO(p amm.Pool) uint64 { return p.Price().SatMul(billion).ToU64() }

// swapPreview is the expected outcome of one swap through a pool.
type swapPreview struct {
	Netuid        uint16 `json:"netuid"`
	Side          string `json:"side"`       // buy (τ in, α out) | sell (α in, τ out)
	Requested     uint64 `json:"requested"`  // the amount asked for
	AmountIn      uint64 `json:"amount_in"`  // what will be swapped (a partial fill may be less)
	AmountOut     uint64 `json:"amount_out"` // expected received
	Fee           uint64 `json:"fee"`        // swap fee, in the input token
	PriceRAO      uint64 `json:"price_rao"`  // spot price before, RAO per α
	PriceAfterRAO uint64 `json:"price_after_rao"`
	IdealOut      uint64 `json:"ideal_out"`    // at the spot price, no fee or slippage
	SlippagePPB   uint64 `json:"slippage_ppb"` // (ideal − out) / ideal, parts per billion
	LimitRAO      uint64 `json:"limit_price_rao,omitempty"`
	MaxAmount     uint64 `json:"max_amount,omitempty"` // the most the limit allows
	Partial       bool   `json:"partial"`              // the limit caps the amount
}

// limitMode describes the price protection of a call.
type limitMode struct {
	on      bool   // a limit price applies
	limit   uint64 // RAO per α (buy: max, sell: min), or relative 1e-9 units for moves
	partial bool   // --allow-partial
}

// previewSwap simulates a buy (τ → α) or sell (α → τ) of amount with the
// limit, capping the amount like the chain's *_limit calls do. It returns
// errSlippage when the limit would refuse the whole amount and no partial
// fill is allowed.
func previewSwap(s query.Subnet, side amm.Side, amount uint64, lm limitMode, dropFees bool) (swapPreview, error) {
	p := poolOf(s)
	pv := swapPreview{Netuid: s.Netuid, Side: "buy", Requested: amount, AmountIn: amount, PriceRAO: priceRAO(p)}
	if side == amm.Sell {
		pv.Side = "sell"
	}
	if lm.on {
		pv.LimitRAO = lm.limit
		var max uint64
		var err error
		if side == amm.Buy {
			max, err = p.MaxAmountAdd(lm.limit)
		} else {
			max, err = p.MaxAmountRemove(lm.limit)
		}
		if err != nil {
			return pv, limitErr(err)
		}
		pv.MaxAmount = max
		if amount > max {
			if !lm.partial || max == 0 {
				return pv, errSlippage
			}
			pv.AmountIn, pv.Partial = max, true
		}
	}
	o := amm.Order{Side: side, Amount: pv.AmountIn, DropFees: dropFees}
	if lm.on {
		o = o.WithLimit(lm.limit)
	}
	res, after, err := p.Swap(o)
	if err != nil {
		return pv, limitErr(err)
	}
	pv.AmountOut, pv.Fee, pv.PriceAfterRAO = res.AmountPaidOut, res.FeePaid, priceRAO(after)
	if side == amm.Buy {
		pv.IdealOut = mulDiv(pv.AmountIn, raoPerUnit, pv.PriceRAO)
	} else {
		pv.IdealOut = mulDiv(pv.AmountIn, pv.PriceRAO, raoPerUnit)
	}
	if pv.IdealOut > pv.AmountOut {
		pv.SlippagePPB = mulDiv(pv.IdealOut-pv.AmountOut, raoPerUnit, pv.IdealOut)
	}
	return pv, nil
}

// errSlippage is the chain's SlippageTooHigh, found by the preview.
var errSlippage = errors.New("SlippageTooHigh")

// limitErr names a swap refusal by the chain's error name.
func limitErr(err error) error {
	if name := amm.ErrorName(err); name != "" {
		return errors.New(name)
	}
	return err
}

// movePreview is the expected outcome of moving α between subnets: a sell
// on the origin pool and a buy on the destination pool (fees charged once,
// as the chain does), or a 1:1 move within one subnet.
type movePreview struct {
	OriginNetuid uint16       `json:"origin_netuid"`
	DestNetuid   uint16       `json:"dest_netuid"`
	Requested    uint64       `json:"requested"` // α of the origin subnet
	AmountIn     uint64       `json:"amount_in"` // after a partial-fill cap
	AmountOut    uint64       `json:"amount_out"`
	Sell         *swapPreview `json:"sell,omitempty"`
	Buy          *swapPreview `json:"buy,omitempty"`
	RelPrice     uint64       `json:"relative_price"` // origin price / dest price, 1e-9 units
	LimitRel     uint64       `json:"limit_relative_price,omitempty"`
	MaxAmount    uint64       `json:"max_amount,omitempty"`
	Partial      bool         `json:"partial"`
	OnChainLimit bool         `json:"on_chain_limit"` // false: the limit was checked here only
}

// previewMove simulates a cross- or same-subnet stake move of amount α.
func previewMove(o, d query.Subnet, amount uint64, lm limitMode) (movePreview, error) {
	mp := movePreview{OriginNetuid: o.Netuid, DestNetuid: d.Netuid, Requested: amount, AmountIn: amount}
	po, pd := poolOf(o), poolOf(d)
	mp.RelPrice = mulDiv(priceRAO(po), raoPerUnit, max(priceRAO(pd), 1))
	if o.Netuid == d.Netuid {
		mp.AmountOut = amount
		return mp, nil
	}
	if lm.on {
		mp.LimitRel = lm.limit
		maxAmt, err := amm.MaxAmountMove(po, pd, lm.limit)
		if err != nil {
			return mp, limitErr(err)
		}
		mp.MaxAmount = maxAmt
		if amount > maxAmt {
			if !lm.partial || maxAmt == 0 {
				return mp, errSlippage
			}
			mp.AmountIn, mp.Partial = maxAmt, true
		}
	}
	rootOrigin := o.Netuid == 0
	sell, err := previewSwap(o, amm.Sell, mp.AmountIn, limitMode{}, rootOrigin)
	if err != nil {
		return mp, err
	}
	buy, err := previewSwap(d, amm.Buy, sell.AmountOut, limitMode{}, !rootOrigin)
	if err != nil {
		return mp, err
	}
	mp.Sell, mp.Buy, mp.AmountOut = &sell, &buy, buy.AmountOut
	return mp, nil
}
