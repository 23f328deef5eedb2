package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/yuma"
)

// runRecord is one output record of `yuma run`: the outputs of one step,
// named as in the vectors' "derived" objects.
type runRecord struct {
	ID                 string    `json:"id"`
	Step               int       `json:"step"`
	Block              uint64    `json:"block"`
	ServerEmission     []uint64  `json:"server_emission"`
	ValidatorEmission  []uint64  `json:"validator_emission"`
	Emission           []uint64  `json:"emission"`
	Consensus          []uint16  `json:"consensus_u16"`
	Incentive          []uint16  `json:"incentive_u16"`
	Dividends          []uint16  `json:"dividends_u16"`
	ValidatorTrust     []uint16  `json:"validator_trust_u16"`
	StakeWeight        []uint16  `json:"stake_weight_u16"`
	NewValidatorPermit []bool    `json:"new_validator_permit"`
	BondsStored        yuma.Rows `json:"bonds_stored"`

	out *yuma.Output // for the table
}

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "run scenario records (the vectors' epoch-case schema, or a whole vectors document); one record per step",
		ArgsUsage: "[file|-]",
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return tcli.Usagef("run takes at most one input file")
			}
			in, closeIn, err := openInput(c, c.Args().First())
			if err != nil {
				return err
			}
			defer closeIn()
			return emitRecords(c, append([]string{"id", "step"}, epochHeader...), runRows, func(em emitter) error {
				return runScenarios(in, em)
			})
		},
	}
}

func runRows(v any) ([][]string, error) {
	r := v.(*runRecord)
	return uidRows(r.out, []string{r.ID, strconv.Itoa(r.Step)}), nil
}

// runScenarios reads scenario records (or vectors documents, whose
// epoch_cases with steps are run in order) and emits one record per step.
// Fields of a case that the runner does not use are ignored; params,
// initial_state and actions are strict.
func runScenarios(in io.Reader, em emitter) error {
	rd := codec.NewReader(in, codec.DisallowUnknownFields(false))
	for i := 0; ; i++ {
		var rec map[string]any
		if err := rd.Next(&rec); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		cases, ok := rec["epoch_cases"]
		if !ok {
			if err := runOne(i, "", rec, em); err != nil {
				return err
			}
			continue
		}
		list, ok := cases.([]any)
		if !ok {
			return inputError(i, errors.New("epoch_cases: want a list of cases"))
		}
		for k, c := range list {
			m, ok := c.(map[string]any)
			if !ok {
				return inputError(i, fmt.Errorf("epoch_cases[%d]: want an object", k))
			}
			if _, has := m["steps"]; !has {
				continue // generator and subcase cases
			}
			if err := runOne(i, fmt.Sprintf("epoch_cases[%d]", k), m, em); err != nil {
				return err
			}
		}
	}
}

// runOne runs one scenario given as a decoded record.
func runOne(index int, where string, rec map[string]any, em emitter) error {
	raw, err := json.Marshal(rec)
	if err != nil {
		return inputError(index, fmt.Errorf("%s: %w", where, err))
	}
	sc, err := yuma.ParseScenarioJSON(raw)
	if err != nil {
		return inputError(index, prefixed(where, "", err))
	}
	r := yuma.NewRunner(sc)
	for k := range sc.Steps {
		out, err := r.Step(&sc.Steps[k])
		if err != nil {
			return inputError(index, prefixed(where, fmt.Sprintf("steps[%d]", k), err))
		}
		rr := &runRecord{
			ID: sc.ID, Step: k, Block: out.Block,
			ServerEmission: out.ServerEmission, ValidatorEmission: out.ValidatorEmission, Emission: out.Emission,
			Consensus: out.Consensus, Incentive: out.Incentive, Dividends: out.Dividends,
			ValidatorTrust: out.ValidatorTrust, StakeWeight: out.StakeWeight,
			NewValidatorPermit: out.NewValidatorPermit, BondsStored: out.BondsStored, out: out,
		}
		if err := em.Emit(rr); err != nil {
			return fmt.Errorf("write record: %w", err)
		}
	}
	return nil
}

func prefixed(where, step string, err error) error {
	p := where
	if step != "" {
		if p != "" {
			p += "."
		}
		p += step
	}
	if p == "" {
		return err
	}
	return fmt.Errorf("%s: %w", p, err)
}
