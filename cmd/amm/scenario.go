package main

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/fixed"
)

// scenario is one input record of `amm run`.
type scenario struct {
	ID               string     `json:"id"`
	TaoReserve       *uint64    `json:"tao_reserve"`
	AlphaReserve     *uint64    `json:"alpha_reserve"`
	FeeRate          *uint64    `json:"fee_rate,omitempty"`
	MinimumReserve   *uint64    `json:"minimum_reserve,omitempty"`
	QuoteWeightParts *uint64    `json:"quote_weight_parts,omitempty"`
	InitPrice        string     `json:"init_price,omitempty"`
	Curve            string     `json:"curve,omitempty"`
	Mechanism        string     `json:"mechanism,omitempty"`
	Ops              []opRecord `json:"ops"`
}

// opRecord is one operation: exactly one of buy_tao, sell_alpha, inject.
type opRecord struct {
	BuyTAO        *uint64   `json:"buy_tao,omitempty"`
	SellAlpha     *uint64   `json:"sell_alpha,omitempty"`
	Inject        *injectOp `json:"inject,omitempty"`
	LimitPriceRAO *uint64   `json:"limit_price_rao,omitempty"`
	DropFees      bool      `json:"drop_fees,omitempty"`
	Simulate      bool      `json:"simulate,omitempty"`
}

type injectOp struct {
	TAO   uint64 `json:"tao"`
	Alpha uint64 `json:"alpha"`
}

// op is a validated operation.
type op struct {
	inject       bool
	order        amm.Order
	dTAO, dAlpha uint64
}

// badField returns the error for a scenario that decoded but is invalid:
// it names the record and field and maps to exit code 10.
func badField(index int, field, format string, args ...any) error {
	return &codec.RecordError{Index: index, Field: field,
		Err: fmt.Errorf("%w: %s", codec.ErrMalformed, fmt.Sprintf(format, args...))}
}

// pool builds the starting pool of scenario number index.
func (s *scenario) pool(index int) (amm.Pool, error) {
	if s.TaoReserve == nil {
		return amm.Pool{}, badField(index, "tao_reserve", "missing")
	}
	if s.AlphaReserve == nil {
		return amm.Pool{}, badField(index, "alpha_reserve", "missing")
	}
	p := amm.NewPool(*s.TaoReserve, *s.AlphaReserve)
	if s.FeeRate != nil {
		if *s.FeeRate > uint64(amm.MaxFeeRate) {
			return p, badField(index, "fee_rate", "%d above the chain maximum %d (%s)", *s.FeeRate, amm.MaxFeeRate, amm.ErrFeeRateTooHigh.Name())
		}
		p.FeeRate = uint16(*s.FeeRate)
	}
	if s.MinimumReserve != nil {
		p.MinimumReserve = *s.MinimumReserve
	}
	switch s.Mechanism {
	case "", "dynamic":
	case "stable":
		p.Mechanism = amm.Stable
	default:
		return p, badField(index, "mechanism", "unknown mechanism %q (want dynamic|stable)", s.Mechanism)
	}
	switch s.Curve {
	case "", "balancer":
	case "constant_product":
		p.Curve = amm.CurveConstantProduct
	default:
		return p, badField(index, "curve", "unknown curve %q (want balancer|constant_product)", s.Curve)
	}
	if s.QuoteWeightParts != nil && s.InitPrice != "" {
		return p, badField(index, "init_price", "give quote_weight_parts or init_price, not both")
	}
	if s.QuoteWeightParts != nil {
		w := amm.Perquintill(*s.QuoteWeightParts)
		if *s.QuoteWeightParts > uint64(amm.PerquintillOne) || w < amm.MinWeight || amm.PerquintillOne-w < amm.MinWeight {
			return p, badField(index, "quote_weight_parts", "%d outside [10^16, 99·10^16]", *s.QuoteWeightParts)
		}
		p.QuoteWeight = w
	}
	if s.InitPrice != "" {
		price, err := parsePrice(s.InitPrice)
		if err != nil {
			return p, badField(index, "init_price", "%v", err)
		}
		p.Initialized = false
		if p, err = p.InitWithPrice(price); err != nil {
			return p, badField(index, "init_price", "%v (%s)", err, amm.ErrorName(err))
		}
	}
	if err := p.Validate(); err != nil {
		return p, badField(index, "", "%v", err)
	}
	return p, nil
}

// ops validates the operations of scenario number index.
func (s *scenario) ops(index int) ([]op, error) {
	out := make([]op, 0, len(s.Ops))
	for j, r := range s.Ops {
		field := fmt.Sprintf("ops[%d]", j)
		n := 0
		for _, set := range []bool{r.BuyTAO != nil, r.SellAlpha != nil, r.Inject != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			return nil, badField(index, field, "want exactly one of buy_tao, sell_alpha, inject")
		}
		if r.Inject != nil {
			if r.LimitPriceRAO != nil || r.DropFees || r.Simulate {
				return nil, badField(index, field, "inject takes no limit_price_rao, drop_fees or simulate")
			}
			out = append(out, op{inject: true, dTAO: r.Inject.TAO, dAlpha: r.Inject.Alpha})
			continue
		}
		o := amm.Order{Side: amm.Buy, DropFees: r.DropFees, Simulate: r.Simulate}
		if r.BuyTAO != nil {
			o.Amount = *r.BuyTAO
		} else {
			o.Side, o.Amount = amm.Sell, *r.SellAlpha
		}
		if r.LimitPriceRAO != nil {
			o = o.WithLimit(*r.LimitPriceRAO)
		}
		out = append(out, op{order: o})
	}
	return out, nil
}

// parsePrice parses a non-negative decimal ("0.2", "1.5129") or fraction
// ("1/5") exactly and floors it to U64F64.
func parsePrice(s string) (fixed.U64F64, error) {
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" || strings.ContainsAny(s, "+-eE_ ") {
		return fixed.U64F64{}, fmt.Errorf("bad price %q (want a decimal like 1.25 or a fraction like 1/5)", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return fixed.U64F64{}, fmt.Errorf("bad price %q (want a decimal like 1.25)", s)
	}
	raw := new(big.Int).Lsh(r.Num(), 64)
	raw.Quo(raw, r.Denom())
	v, ok := fixed.U64F64FromRawBig(raw)
	if !ok {
		return fixed.U64F64{}, errors.New("price does not fit U64F64")
	}
	return v, nil
}
