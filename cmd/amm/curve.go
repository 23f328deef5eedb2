package main

import (
	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/amm"
	tcli "github.com/taokit/taokit/internal/cli"
)

// curvePoint is the pool after a number of equal swaps in one direction.
type curvePoint struct {
	Step          int    `json:"step"`
	CumulativeIn  uint64 `json:"cumulative_in"`
	CumulativeOut uint64 `json:"cumulative_out"`
	OK            bool   `json:"ok"`
	Error         string `json:"error,omitempty"`
	TaoReserve    uint64 `json:"tao_reserve"`
	AlphaReserve  uint64 `json:"alpha_reserve"`
	Price         string `json:"price"`
	PriceBits     string `json:"price_bits"`
}

func curveCommand() *cli.Command {
	return &cli.Command{
		Name:  "curve",
		Usage: "price and reserves along a sweep of cumulative buys or sells, as records to plot",
		Flags: append(poolFlags(),
			&cli.StringFlag{Name: "side", Value: "buy", Usage: "buy|sell"},
			&cli.Uint64Flag{Name: "step", Usage: "input per step in RAO (required)"},
			&cli.IntFlag{Name: "steps", Value: 100, Usage: "number of steps (at most 1000000)"},
		),
		Action: func(c *cli.Context) error {
			p, err := poolFromFlags(c)
			if err != nil {
				return err
			}
			sides, err := sidesFromFlag(c.String("side"), false)
			if err != nil {
				return err
			}
			if c.Uint64("step") == 0 {
				return tcli.Usagef("--step must be a positive amount")
			}
			if n := c.Int("steps"); n < 1 || n > 1_000_000 {
				return tcli.Usagef("--steps %d outside [1, 1000000]", n)
			}
			em, err := tcli.NewEmitter(c)
			if err != nil {
				return err
			}
			if err := runCurve(p, sides[0], c.Uint64("step"), c.Int("steps"), em); err != nil {
				return err
			}
			return em.Flush()
		},
	}
}

// runCurve emits the starting point and one point per swap; it stops after
// the first rejected swap (that point carries the error).
func runCurve(p amm.Pool, s amm.Side, step uint64, steps int, em emitter) error {
	var in, out uint64
	pt := func(i int) *curvePoint {
		hi, lo := p.Price().Bits()
		return &curvePoint{Step: i, CumulativeIn: in, CumulativeOut: out, OK: true,
			TaoReserve: p.TAO, AlphaReserve: p.Alpha, Price: formatPrice(p.Price()), PriceBits: u128String(hi, lo)}
	}
	if err := em.Emit(pt(0)); err != nil {
		return err
	}
	for i := 1; i <= steps; i++ {
		r, q, err := p.Swap(amm.Order{Side: s, Amount: step})
		if err != nil {
			e := pt(i)
			e.OK, e.Error = false, amm.ErrorName(err)
			return em.Emit(e)
		}
		p = q
		in += r.AmountPaidIn + r.FeePaid
		out += r.AmountPaidOut
		if err := em.Emit(pt(i)); err != nil {
			return err
		}
	}
	return nil
}
