package output

// This is the only file that uses tablewriter: its API still moves between v1
// minors (spec §2(c)).

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Align is a column alignment.
type Align int

// Column alignments. AlignAuto right-aligns a column whose non-empty cells
// are all numbers (including amounts like "τ1.5", "-3", "1,024", "12.5%").
const (
	AlignAuto Align = iota
	AlignLeft
	AlignRight
	AlignCenter
)

// Table is a plain-text table: header not upper-cased, no borders, a light
// rule under the header, columns separated by two spaces; numeric columns
// are right-aligned.
type Table struct {
	Header []string
	Rows   [][]string
	Align  []Align // per column; missing entries are AlignAuto
}

// Render writes the table to w. Rows shorter than the header are padded.
func (t *Table) Render(w io.Writer) error {
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return nil
	}
	aligns := make([]tw.Align, ncol)
	for c := range aligns {
		a := AlignAuto
		if c < len(t.Align) {
			a = t.Align[c]
		}
		if a == AlignAuto {
			a = AlignLeft
			if t.numericColumn(c) {
				a = AlignRight
			}
		}
		aligns[c] = map[Align]tw.Align{AlignLeft: tw.AlignLeft, AlignRight: tw.AlignRight, AlignCenter: tw.AlignCenter}[a]
	}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithEastAsian(tw.Off), // τ and α are one column wide
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tableSymbols,
			Settings: tw.Settings{
				Lines: tw.Lines{ShowTop: tw.Off, ShowBottom: tw.Off, ShowHeaderLine: tw.On, ShowFooterLine: tw.Off},
				// A space as the column "separator": with BetweenColumns off,
				// v1.1.5 misaligns header cells.
				Separators: tw.Separators{ShowHeader: tw.Off, ShowFooter: tw.Off, BetweenRows: tw.Off, BetweenColumns: tw.On},
			},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoFormat(tw.Off),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithPadding(tw.Padding{Left: "", Right: " ", Overwrite: true}),
	)
	if len(t.Header) > 0 {
		tbl.Header(toAny(pad(t.Header, ncol))...)
	}
	for _, r := range t.Rows {
		if err := tbl.Append(toAny(pad(r, ncol))...); err != nil {
			return fmt.Errorf("render table: %w", err)
		}
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("render table: %w", err)
	}
	return nil
}

// tableSymbols draws no borders, a space between columns and a light rule
// under the header, broken between columns.
var tableSymbols = tw.NewSymbolCustom("taokit").
	WithColumn(" ").WithRow("─").WithCenter(" ").
	WithMidLeft("").WithMidRight("").WithHeaderLeft("").WithHeaderMid(" ").WithHeaderRight("")

func (t *Table) numericColumn(c int) bool {
	seen := false
	for _, r := range t.Rows {
		if c >= len(r) || r[c] == "" || r[c] == "-" {
			continue
		}
		if !IsNumeric(r[c]) {
			return false
		}
		seen = true
	}
	return seen
}

// IsNumeric reports whether s looks like a number or amount: optional sign,
// optional τ/α symbol, digits with optional ',' '_' grouping, an optional
// fraction and an optional '%'.
func IsNumeric(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	for _, sym := range []string{SymbolTAO, SymbolAlpha} {
		s = strings.TrimPrefix(s, sym)
	}
	s = strings.TrimSuffix(s, "%")
	digits, dot := 0, false
	for i, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == '.' && !dot:
			dot = true
		case (r == ',' || r == '_') && i > 0 && !dot:
		default:
			return false
		}
	}
	return digits > 0 && utf8.ValidString(s)
}

func pad(r []string, n int) []string {
	if len(r) >= n {
		return r
	}
	out := make([]string, n)
	copy(out, r)
	return out
}

func toAny(r []string) []any {
	out := make([]any, len(r))
	for i, s := range r {
		out[i] = s
	}
	return out
}
