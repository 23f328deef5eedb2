package output

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/codec"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s mismatch\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"", FormatAuto, true}, {"auto", FormatAuto, true}, {"table", FormatTable, true},
		{"JSON", FormatJSON, true}, {"msgpack", FormatMsgpack, true}, {"yaml", FormatAuto, false},
	}
	for _, tc := range cases {
		got, err := ParseFormat(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParseFormat(%q) = %v, %v", tc.in, got, err)
		}
		if !tc.ok && !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("ParseFormat(%q) error = %v", tc.in, err)
		}
	}
	for _, f := range []Format{FormatAuto, FormatTable, FormatJSON, FormatMsgpack} {
		if back, err := ParseFormat(f.String()); err != nil || back != f {
			t.Errorf("round trip %v: %v %v", f, back, err)
		}
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if got := Resolve(FormatAuto, &buf); got != FormatMsgpack {
		t.Errorf("buffer: %v", got)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if got := Resolve(FormatAuto, w); got != FormatMsgpack {
		t.Errorf("pipe: %v", got)
	}
	for _, f := range []Format{FormatTable, FormatJSON, FormatMsgpack} {
		if got := Resolve(f, w); got != f {
			t.Errorf("Resolve(%v) = %v", f, got)
		}
	}
}

func TestFormatAmounts(t *testing.T) {
	t.Parallel()
	cases := map[uint64]string{
		0:              "τ0.000000000",
		1:              "τ0.000000001",
		1_500_000_000:  "τ1.500000000",
		21e6 * 1e9:     "τ21000000.000000000",
		math.MaxUint64: "τ18446744073.709551615",
	}
	for rao, want := range cases {
		if got := FormatTAO(rao); got != want {
			t.Errorf("FormatTAO(%d) = %s, want %s", rao, got, want)
		}
	}
	if got := FormatAlpha(42); got != "α0.000000042" {
		t.Errorf("FormatAlpha = %s", got)
	}
	if got := (Amounts{Raw: true}).TAO(1_500_000_000); got != "1500000000" {
		t.Errorf("raw TAO = %s", got)
	}
	if got := (Amounts{}).Alpha(1_500_000_000); got != "α1.500000000" {
		t.Errorf("Alpha = %s", got)
	}
	if got := (Amounts{Raw: true}).Alpha(7); got != "7" {
		t.Errorf("raw Alpha = %s", got)
	}
}

func TestIsNumeric(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0", "-3", "+4", "1.5", "τ1.500000000", "α0.1", "1,024", "12.5%", "1_000"} {
		if !IsNumeric(s) {
			t.Errorf("IsNumeric(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-", "abc", "1.2.3", "τ", "5Grwva", "1e5", ",1", "0x10"} {
		if IsNumeric(s) {
			t.Errorf("IsNumeric(%q) = true", s)
		}
	}
}

func subnetTable() Table {
	return Table{
		Header: []string{"netuid", "name", "price τ", "stake", "emission", "owner"},
		Rows: [][]string{
			{"0", "root", FormatTAO(1_000_000_000), FormatAlpha(123_456_789_012_345), "0.0%", "5GrwvaEF5zXb"},
			{"12", "αβγ-net", FormatTAO(3), FormatAlpha(5), "12.5%", "5FHneW46xGXg"},
			{"3", "", FormatTAO(0), "-", "-"},
		},
	}
}

func TestTableGolden(t *testing.T) {
	t.Parallel()
	tbl := subnetTable()
	var buf bytes.Buffer
	if err := tbl.Render(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "subnets", buf.Bytes())

	// Explicit alignment overrides auto detection.
	tbl.Align = []Align{AlignLeft, AlignRight}
	buf.Reset()
	if err := tbl.Render(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "subnets_aligned", buf.Bytes())
}

func TestTableProperties(t *testing.T) {
	t.Parallel()
	tbl := subnetTable()
	var buf bytes.Buffer
	if err := tbl.Render(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("got %d lines:\n%s", len(lines), buf.String())
	}
	if !strings.HasPrefix(lines[0], "netuid") || !strings.Contains(lines[0], "price τ") {
		t.Errorf("header upper-cased or reordered: %q", lines[0])
	}
	// Every line has the same display width (τ, α count as one column).
	width := func(s string) int { return len([]rune(s)) }
	for i, l := range lines {
		if width(l) != width(lines[0]) {
			t.Errorf("line %d width %d != %d: %q", i, width(l), width(lines[0]), l)
		}
	}
	// Numeric column right-aligned: the amounts end in the same column.
	end := func(l, s string) int { return width(l[:strings.Index(l, s)+len(s)]) }
	if end(lines[2], FormatTAO(1e9)) != end(lines[3], FormatTAO(3)) || end(lines[0], "price τ") != end(lines[2], FormatTAO(1e9)) {
		t.Errorf("price column not right-aligned:\n%s", buf.String())
	}
	// Empty table renders nothing.
	buf.Reset()
	if err := (&Table{}).Render(&buf); err != nil || buf.Len() != 0 {
		t.Errorf("empty table: %q %v", buf.String(), err)
	}
}

type stakeRow struct {
	Hotkey string `json:"hotkey"`
	Stake  uint64 `json:"stake"`
}

func (s stakeRow) TableHeader() []string { return []string{"hotkey", "stake"} }
func (s stakeRow) TableRow() []string    { return []string{s.Hotkey, FormatTAO(s.Stake)} }

type plainRow struct {
	NetUID uint16 `json:"netuid"`
	Name   string `json:"name"`
	Secret string `json:"-"`
	hidden int
}

func TestEmitter(t *testing.T) {
	t.Parallel()
	recs := []stakeRow{{"5Grwva", 1_500_000_000}, {"5FHneW", math.MaxUint64}}
	emitAll := func(f Format, opts ...EmitterOption) (string, *Emitter) {
		var buf bytes.Buffer
		e := NewEmitter(&buf, f, opts...)
		for _, r := range recs {
			if err := e.Emit(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.Flush(); err != nil {
			t.Fatal(err)
		}
		return buf.String(), e
	}

	got, e := emitAll(FormatJSON)
	if want := "{\"hotkey\":\"5Grwva\",\"stake\":1500000000}\n{\"hotkey\":\"5FHneW\",\"stake\":18446744073709551615}\n"; got != want || e.Format() != FormatJSON {
		t.Errorf("json:\n%s", got)
	}

	got, e = emitAll(FormatAuto) // a bytes.Buffer is not a terminal
	if e.Format() != FormatMsgpack {
		t.Errorf("auto resolved to %v", e.Format())
	}
	r := codec.NewReader(strings.NewReader(got))
	for i, want := range recs {
		var v stakeRow
		if err := r.Next(&v); err != nil || v != want {
			t.Errorf("msgpack record %d: %+v %v", i, v, err)
		}
	}
	var v stakeRow
	if err := r.Next(&v); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}

	got, _ = emitAll(FormatTable)
	if !strings.Contains(got, "τ18446744073.709551615") || !strings.HasPrefix(got, "hotkey") {
		t.Errorf("table via TableRower:\n%s", got)
	}

	got, _ = emitAll(FormatTable, WithRows([]string{"key", "raw"}, func(v any) ([]string, error) {
		s := v.(stakeRow)
		return []string{s.Hotkey, (Amounts{Raw: true}).TAO(s.Stake)}, nil
	}), WithAlign(AlignLeft, AlignLeft))
	if !strings.HasPrefix(got, "key") || !strings.Contains(got, "5FHneW  18446744073709551615") {
		t.Errorf("table via RowFunc:\n%s", got)
	}

	// Struct fallback uses json names, skips "-" and unexported fields.
	var buf bytes.Buffer
	e = NewEmitter(&buf, FormatTable)
	if err := e.Emit(&plainRow{NetUID: 7, Name: "x", Secret: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(buf.String(), "\n"); !strings.HasPrefix(lines[0], "netuid  name") || strings.Contains(buf.String(), "Secret") || strings.Contains(lines[0], "hidden") || !strings.Contains(lines[2], "7  x") {
		t.Errorf("struct table:\n%s", buf.String())
	}
	if err := NewEmitter(&buf, FormatTable).Emit(42); !errors.Is(err, ErrNotTabular) {
		t.Errorf("non-tabular: %v", err)
	}
	// RowFunc errors are returned.
	boom := errors.New("boom")
	e = NewEmitter(&buf, FormatTable, WithRows(nil, func(any) ([]string, error) { return nil, boom }))
	if err := e.Emit(1); !errors.Is(err, boom) {
		t.Errorf("row func error: %v", err)
	}
}
