package main

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/amm"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/output"
)

//go:embed examples/run.json
var exampleRun []byte

// result is one output record of `amm run`: the outcome of one operation
// and the pool after it.
type result struct {
	ID               string  `json:"id"`
	Index            int     `json:"index"`
	Op               string  `json:"op"`
	OK               bool    `json:"ok"`
	Error            string  `json:"error,omitempty"`
	AmountPaidIn     *uint64 `json:"amount_paid_in,omitempty"`
	AmountPaidOut    *uint64 `json:"amount_paid_out,omitempty"`
	FeePaid          *uint64 `json:"fee_paid,omitempty"`
	AddedTAO         *uint64 `json:"added_tao,omitempty"`
	AddedAlpha       *uint64 `json:"added_alpha,omitempty"`
	TaoReserve       uint64  `json:"tao_reserve"`
	AlphaReserve     uint64  `json:"alpha_reserve"`
	QuoteWeightParts uint64  `json:"quote_weight_parts"`
	PriceBits        string  `json:"price_bits"`
}

var runHeader = []string{"id", "#", "op", "ok", "error", "paid_in", "paid_out", "fee", "added_tao", "added_alpha",
	"tao_reserve", "alpha_reserve", "weight", "price"}

func runRow(v any) ([]string, error) {
	r := v.(*result)
	opt := func(p *uint64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatUint(*p, 10)
	}
	return []string{r.ID, strconv.Itoa(r.Index), r.Op, strconv.FormatBool(r.OK), r.Error,
		opt(r.AmountPaidIn), opt(r.AmountPaidOut), opt(r.FeePaid), opt(r.AddedTAO), opt(r.AddedAlpha),
		strconv.FormatUint(r.TaoReserve, 10), strconv.FormatUint(r.AlphaReserve, 10),
		formatWeight(r.QuoteWeightParts), priceFromBits(r.PriceBits)}, nil
}

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "apply each scenario's operations to its pool; one result record per operation",
		ArgsUsage: "[file|-]",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "example", Usage: "run the embedded example scenarios instead of reading input"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return tcli.Usagef("run takes at most one input file")
			}
			in, closeIn, err := openInput(c, c.Args().First())
			if err != nil {
				return err
			}
			defer closeIn()
			if c.Bool("example") {
				in = bytes.NewReader(exampleRun)
			}
			em, err := tcli.NewEmitter(c, output.WithRows(runHeader, runRow))
			if err != nil {
				return err
			}
			if err := runScenarios(in, em); err != nil {
				_ = em.Flush()
				return err
			}
			return em.Flush()
		},
	}
}

// emitter is where run writes its records (an *output.Emitter).
type emitter interface{ Emit(v any) error }

// runScenarios reads scenario records from in and emits one result per
// operation. A rejected swap is a result with ok=false; bad input is an
// error naming the record (exit 10).
func runScenarios(in io.Reader, em emitter) error {
	rd := codec.NewReader(in)
	var rec result
	for i := 0; ; i++ {
		var s scenario
		if err := rd.Next(&s); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		p, err := s.pool(i)
		if err != nil {
			return err
		}
		ops, err := s.ops(i)
		if err != nil {
			return err
		}
		for j, o := range ops {
			p = applyOp(p, o, &rec)
			rec.ID, rec.Index = s.ID, j
			if err := em.Emit(&rec); err != nil {
				return fmt.Errorf("write result: %w", err)
			}
		}
	}
}

// applyOp runs one operation and fills rec (all fields) with its outcome
// and the pool after it.
func applyOp(p amm.Pool, o op, rec *result) amm.Pool {
	*rec = result{OK: true}
	if o.inject {
		dt, da, q := p.Inject(o.dTAO, o.dAlpha)
		rec.Op, rec.AddedTAO, rec.AddedAlpha = "inject", &dt, &da
		if dt == 0 && da == 0 && (o.dTAO != 0 || o.dAlpha != 0) {
			rec.OK, rec.Error = false, amm.ErrInvalidWeight.Name()
		}
		p = q
	} else {
		rec.Op = o.order.Side.String()
		r, q, err := p.Swap(o.order)
		if err != nil {
			rec.OK, rec.Error = false, amm.ErrorName(err)
		} else {
			rec.AmountPaidIn, rec.AmountPaidOut, rec.FeePaid = &r.AmountPaidIn, &r.AmountPaidOut, &r.FeePaid
		}
		p = q
	}
	rec.TaoReserve, rec.AlphaReserve, rec.QuoteWeightParts = p.TAO, p.Alpha, uint64(p.QuoteWeight)
	hi, lo := p.Price().Bits()
	rec.PriceBits = u128String(hi, lo)
	return p
}
