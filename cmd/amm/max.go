package main

import (
	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/amm"
	tcli "github.com/taokit/taokit/internal/cli"
)

// maxRecord is the largest input whose swap keeps the price within the
// limit (get_max_amount_add for buys, get_max_amount_remove for sells).
type maxRecord struct {
	Side      string `json:"side"`
	LimitRAO  uint64 `json:"limit_rao"`
	OK        bool   `json:"ok"`
	Error     string `json:"error,omitempty"`
	MaxAmount uint64 `json:"max_amount"`
}

func maxCommand() *cli.Command {
	return &cli.Command{
		Name:  "max",
		Usage: "the largest input that keeps the price within a limit (get_max_amount_add/remove)",
		Flags: append(poolFlags(),
			&cli.StringFlag{Name: "side", Value: "buy", Usage: "buy|sell"},
			&cli.Uint64Flag{Name: "limit-rao", Usage: "limit price in RAO per alpha (required)"},
		),
		Action: func(c *cli.Context) error {
			p, err := poolFromFlags(c)
			if err != nil {
				return err
			}
			if !c.IsSet("limit-rao") {
				return tcli.Usagef("--limit-rao is required")
			}
			sides, err := sidesFromFlag(c.String("side"), false)
			if err != nil {
				return err
			}
			em, err := tcli.NewEmitter(c)
			if err != nil {
				return err
			}
			if err := em.Emit(runMax(p, sides[0], c.Uint64("limit-rao"))); err != nil {
				return err
			}
			return em.Flush()
		},
	}
}

func runMax(p amm.Pool, s amm.Side, limit uint64) *maxRecord {
	r := &maxRecord{Side: s.String(), LimitRAO: limit}
	var err error
	if s == amm.Buy {
		r.MaxAmount, err = p.MaxAmountAdd(limit)
	} else {
		r.MaxAmount, err = p.MaxAmountRemove(limit)
	}
	if err != nil {
		r.Error = amm.ErrorName(err)
		return r
	}
	r.OK = true
	return r
}
