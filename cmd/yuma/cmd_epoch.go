package main

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/yuma"
)

//go:embed example.json
var exampleEpoch []byte

// epochRecord is both the input and the output record of `yuma epoch`. On
// input, State is the state the epoch reads (its block is the epoch's
// block) and Outputs is ignored. On output, State is the next state (new
// permits, stored bonds, block advanced) and Outputs holds the epoch's
// results, so the output stream is again a valid input stream.
type epochRecord struct {
	Params  yuma.Params  `json:"params"`
	State   yuma.State   `json:"state"`
	Outputs *yuma.Output `json:"outputs,omitempty"`
}

// epochOptions are the flags of `yuma epoch`.
type epochOptions struct {
	advance int64 // blocks to advance the next state; < 0: tempo
}

func epochCommand() *cli.Command {
	return &cli.Command{
		Name:      "epoch",
		Usage:     "run one epoch per input record; each output record is the next input",
		ArgsUsage: "[file|-]",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "example", Usage: "run the embedded example instead of reading input (also the default when stdin is a terminal)"},
			&cli.Int64Flag{Name: "advance", Value: -1, Usage: "blocks between this epoch and the next state's block (-1: the tempo)"},
		},
		Action: func(c *cli.Context) error {
			in, closeIn, err := epochInput(c)
			if err != nil {
				return err
			}
			defer closeIn()
			return emitRecords(c, epochHeader, epochRows, func(em emitter) error {
				return runEpoch(in, em, epochOptions{advance: c.Int64("advance")})
			})
		},
	}
}

// epochInput picks the input: the embedded example with --example or when
// stdin is a terminal and no file is named, else the file or stdin.
func epochInput(c *cli.Context) (io.Reader, func(), error) {
	if c.NArg() > 1 {
		return nil, nil, tcli.Usagef("epoch takes at most one input file")
	}
	name := c.Args().First()
	if c.Bool("example") || (name == "" && isTerminal(c.App.Reader)) {
		return bytes.NewReader(exampleEpoch), func() {}, nil
	}
	return openInput(c, name)
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// openInput returns stdin for "", "-" or "stdin", else the named file.
func openInput(c *cli.Context, name string) (io.Reader, func(), error) {
	if name == "" || name == "-" || name == "stdin" {
		return c.App.Reader, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("open input: %w", err)
	}
	return f, func() { _ = f.Close() }, nil
}

// emitter is where the commands write records (an *output.Emitter).
type emitter interface{ Emit(v any) error }

// runEpoch reads epoch records from in and emits one output record each.
// Missing params take the values of yuma.DefaultParams. Bad input is an
// error naming the record and field (exit 10).
func runEpoch(in io.Reader, em emitter, opts epochOptions) error {
	rd := codec.NewReader(in)
	var ws yuma.Workspace
	for i := 0; ; i++ {
		rec := epochRecord{Params: yuma.DefaultParams()}
		if err := rd.Next(&rec); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		out := new(yuma.Output)
		if err := ws.Epoch(&rec.Params, &rec.State, out); err != nil {
			return inputError(i, err)
		}
		next := rec.State.Clone()
		yuma.Advance(&next, out)
		step := uint64(rec.Params.Tempo)
		if opts.advance >= 0 {
			step = uint64(opts.advance)
		}
		next.Block += step
		if err := em.Emit(&epochRecord{Params: rec.Params, State: next, Outputs: out}); err != nil {
			return fmt.Errorf("write record %d: %w", i, err)
		}
	}
}

// inputError marks a record the epoch rejected as malformed input (exit 10).
func inputError(index int, err error) error {
	return fmt.Errorf("record %d: %w: %w", index, codec.ErrMalformed, err)
}

var epochHeader = []string{"uid", "stake", "active", "permit", "consensus", "incentive", "dividends",
	"vtrust", "server_emission", "validator_emission", "emission", "bonds"}

// epochRows renders one output record as one table row per uid.
func epochRows(v any) ([][]string, error) {
	o := v.(*epochRecord).Outputs
	return uidRows(o, nil), nil
}

// uidRows renders the per-uid outputs; prefix columns come first.
func uidRows(o *yuma.Output, prefix []string) [][]string {
	rows := make([][]string, len(o.Consensus))
	u := func(x uint16) string { return strconv.FormatUint(uint64(x), 10) }
	for i := range rows {
		nb := 0
		if i < len(o.BondsStored) {
			nb = len(o.BondsStored[i])
		}
		rows[i] = append(append([]string(nil), prefix...),
			strconv.Itoa(i), strconv.FormatUint(o.Stake[i], 10), strconv.FormatBool(o.Active[i]),
			strconv.FormatBool(o.NewValidatorPermit[i]), u(o.Consensus[i]), u(o.Incentive[i]), u(o.Dividends[i]),
			u(o.ValidatorTrust[i]), output.FormatAlpha(o.ServerEmission[i]), output.FormatAlpha(o.ValidatorEmission[i]),
			output.FormatAlpha(o.Emission[i]), strconv.Itoa(nb))
	}
	return rows
}
