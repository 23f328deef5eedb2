package main

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/amm"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/fixed"
)

// quoteRecord is one quote: a swap of AmountIn against the pool as given.
// Prices are TAO per alpha as exact decimals (9 places); percentages have 6.
type quoteRecord struct {
	Side           string `json:"side"`
	AmountIn       uint64 `json:"amount_in"`
	OK             bool   `json:"ok"`
	Error          string `json:"error,omitempty"`
	AmountPaidIn   uint64 `json:"amount_paid_in"`
	AmountPaidOut  uint64 `json:"amount_paid_out"`
	FeePaid        uint64 `json:"fee_paid"`
	SpotPrice      string `json:"spot_price"`
	EffectivePrice string `json:"effective_price"`
	PriceAfter     string `json:"price_after"`
	PriceImpactPct string `json:"price_impact_pct"`
	SlippagePct    string `json:"slippage_pct"`
}

func quoteCommand() *cli.Command {
	return &cli.Command{
		Name:  "quote",
		Usage: "output, effective price, price impact and slippage of buys and sells of given sizes",
		Flags: append(poolFlags(),
			&cli.StringFlag{Name: "amounts", Usage: "comma-separated input amounts in RAO"},
			&cli.Uint64Flag{Name: "from", Usage: "first amount of a range (RAO)"},
			&cli.Uint64Flag{Name: "to", Usage: "last amount of a range (RAO)"},
			&cli.Uint64Flag{Name: "step", Usage: "range step (RAO)"},
			&cli.StringFlag{Name: "side", Value: "both", Usage: "buy|sell|both"},
			&cli.Uint64Flag{Name: "limit-rao", Usage: "limit price in RAO per alpha (default: the chain's default limits)"},
		),
		Action: func(c *cli.Context) error {
			p, err := poolFromFlags(c)
			if err != nil {
				return err
			}
			amounts, err := amountsFromFlags(c)
			if err != nil {
				return err
			}
			sides, err := sidesFromFlag(c.String("side"), true)
			if err != nil {
				return err
			}
			em, err := tcli.NewEmitter(c)
			if err != nil {
				return err
			}
			for _, a := range amounts {
				for _, s := range sides {
					o := amm.Order{Side: s, Amount: a}
					if c.IsSet("limit-rao") {
						o = o.WithLimit(c.Uint64("limit-rao"))
					}
					if err := em.Emit(runQuote(p, o)); err != nil {
						return err
					}
				}
			}
			return em.Flush()
		},
	}
}

// runQuote swaps o against p (nothing persists: p is a value) and derives
// the prices exactly with big.Rat.
func runQuote(p amm.Pool, o amm.Order) *quoteRecord {
	spot := p.Price()
	q := &quoteRecord{Side: o.Side.String(), AmountIn: o.Amount, SpotPrice: formatPrice(spot)}
	r, after, err := p.Swap(o)
	if err != nil {
		q.Error = amm.ErrorName(err)
		return q
	}
	q.OK = true
	q.AmountPaidIn, q.AmountPaidOut, q.FeePaid = r.AmountPaidIn, r.AmountPaidOut, r.FeePaid
	q.PriceAfter = formatPrice(after.Price())
	spotR := ratOf(spot)
	gross := new(big.Int).Add(new(big.Int).SetUint64(r.AmountPaidIn), new(big.Int).SetUint64(r.FeePaid))
	out := new(big.Int).SetUint64(r.AmountPaidOut)
	var eff *big.Rat
	if o.Side == amm.Buy && out.Sign() != 0 {
		eff = new(big.Rat).SetFrac(gross, out)
	} else if o.Side == amm.Sell && gross.Sign() != 0 {
		eff = new(big.Rat).SetFrac(out, gross)
	}
	if spotR.Sign() != 0 {
		impact := new(big.Rat).Sub(ratOf(after.Price()), spotR)
		impact.Quo(impact, spotR).Mul(impact, big.NewRat(100, 1))
		q.PriceImpactPct = impact.FloatString(6)
	}
	if eff != nil {
		q.EffectivePrice = eff.FloatString(9)
		if spotR.Sign() != 0 {
			slip := new(big.Rat).Sub(eff, spotR)
			if o.Side == amm.Sell {
				slip.Neg(slip)
			}
			slip.Quo(slip, spotR).Mul(slip, big.NewRat(100, 1))
			q.SlippagePct = slip.FloatString(6)
		}
	}
	return q
}

func ratOf(p fixed.U64F64) *big.Rat {
	return new(big.Rat).SetFrac(p.RawBig(), new(big.Int).Lsh(big.NewInt(1), 64))
}

// amountsFromFlags reads --amounts or the range --from/--to/--step.
func amountsFromFlags(c *cli.Context) ([]uint64, error) {
	if s := c.String("amounts"); s != "" {
		if c.IsSet("from") || c.IsSet("to") || c.IsSet("step") {
			return nil, tcli.Usagef("give --amounts or --from/--to/--step, not both")
		}
		var out []uint64
		for _, f := range strings.Split(s, ",") {
			v, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				return nil, tcli.Usagef("--amounts: %q is not a u64 amount", f)
			}
			out = append(out, v)
		}
		return out, nil
	}
	if !c.IsSet("to") || !c.IsSet("step") || c.Uint64("step") == 0 {
		return nil, tcli.Usagef("give --amounts, or --to and a non-zero --step (and optionally --from)")
	}
	from, to, step := c.Uint64("from"), c.Uint64("to"), c.Uint64("step")
	if from == 0 {
		from = step
	}
	if from > to || (to-from)/step >= 100_000 {
		return nil, tcli.Usagef("range %d..%d step %d is empty or longer than 100000 points", from, to, step)
	}
	var out []uint64
	for v := from; v <= to; v += step {
		out = append(out, v)
		if v > ^uint64(0)-step {
			break
		}
	}
	return out, nil
}

func sidesFromFlag(s string, both bool) ([]amm.Side, error) {
	switch s {
	case "buy":
		return []amm.Side{amm.Buy}, nil
	case "sell":
		return []amm.Side{amm.Sell}, nil
	case "both":
		if both {
			return []amm.Side{amm.Buy, amm.Sell}, nil
		}
	}
	if both {
		return nil, tcli.Usagef("--side %q: want buy|sell|both", s)
	}
	return nil, tcli.Usagef("--side %q: want buy|sell", s)
}
