package main

import (
	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/output"
)

// multiRowFunc renders one record as several table rows.
type multiRowFunc func(v any) ([][]string, error)

// tableEmitter turns each record into its table rows (a per-uid table).
type tableEmitter struct {
	em   *output.Emitter
	rows multiRowFunc
}

func (t *tableEmitter) Emit(v any) error {
	rows, err := t.rows(v)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := t.em.Emit(r); err != nil {
			return err
		}
	}
	return nil
}

// emitRecords runs body with an emitter for the command's -o format: whole
// records for json and msgpack, per-uid rows for table.
func emitRecords(c *cli.Context, header []string, rows multiRowFunc, body func(emitter) error) error {
	f, err := tcli.OutputFormat(c)
	if err != nil {
		return err
	}
	var em *output.Emitter
	var target emitter
	if f == output.FormatTable {
		em = output.NewEmitter(c.App.Writer, f, output.WithRows(header, func(v any) ([]string, error) {
			return v.([]string), nil
		}))
		target = &tableEmitter{em: em, rows: rows}
	} else {
		em = output.NewEmitter(c.App.Writer, f)
		target = em
	}
	if err := body(target); err != nil {
		_ = em.Flush()
		return err
	}
	return em.Flush()
}
