package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vmihailenco/msgpack/v5"
)

var update = flag.Bool("update", false, "rewrite golden files")

const fixtures = "../../testdata/amm"

// runMain runs Main in-process.
func runMain(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"amm"}, args...), strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// jsonLines parses JSON Lines into generic values for a semantic comparison.
func jsonLines(t *testing.T, s string) []any {
	t.Helper()
	var out []any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v any
		d := json.NewDecoder(strings.NewReader(sc.Text()))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			t.Fatalf("bad JSON line %q: %v", sc.Text(), err)
		}
		out = append(out, v)
	}
	return out
}

// golden compares got (JSON Lines) with the file semantically, or rewrites
// it under -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if g, w := jsonLines(t, got), jsonLines(t, string(want)); !reflect.DeepEqual(g, w) {
		t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestFixtures runs the numbered t8n-style fixtures testdata/amm/<n>/.
func TestFixtures(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "[0-9]*"))
	if len(dirs) == 0 {
		t.Fatal("no fixtures")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, "input.json"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, "readme.md")); err != nil {
				t.Errorf("fixture without readme.md: %v", err)
			}
			out, errOut, code := runMain(t, string(in), "run", "-o", "json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, filepath.Join(dir, "want.json"), out)
			// The same stream as msgpack gives the same records.
			mp := toMsgpack(t, string(in))
			out2, errOut2, code2 := runMain(t, mp, "run", "-o", "json")
			if code2 != 0 || !reflect.DeepEqual(jsonLines(t, out), jsonLines(t, out2)) {
				t.Fatalf("msgpack input: exit %d %s\n%s", code2, errOut2, out2)
			}
		})
	}
}

// toMsgpack re-encodes JSON Lines records as a msgpack stream.
func toMsgpack(t *testing.T, s string) string {
	t.Helper()
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	for _, v := range jsonLines(t, s) {
		if err := enc.Encode(numbersToInts(v)); err != nil {
			t.Fatal(err)
		}
	}
	return buf.String()
}

func numbersToInts(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = numbersToInts(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersToInts(e)
		}
	case json.Number:
		var u uint64
		if _, err := fmt.Sscan(x.String(), &u); err == nil {
			return u
		}
	}
	return v
}

func TestExampleRuns(t *testing.T) {
	for _, o := range []string{"json", "table", "msgpack"} {
		out, errOut, code := runMain(t, "", "run", "--example", "-o", o)
		if code != 0 || out == "" {
			t.Fatalf("-o %s: exit %d: %s", o, code, errOut)
		}
	}
	out, _, _ := runMain(t, "", "run", "--example", "-o", "table")
	golden(t, filepath.Join(fixtures, "golden", "example-table.golden"), tableAsJSON(out))
}

// tableAsJSON wraps each table line as a JSON string so golden() can compare it.
func tableAsJSON(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		j, _ := json.Marshal(l)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestBadInput: each class of bad input is a clear error naming the record
// and field, with exit code 10.
func TestBadInput(t *testing.T) {
	cases := []struct{ name, in, wantErr string }{
		{"unknown op", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"ops":[{"mint":5}]}`, `record 0: field "ops`},
		{"no op", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"ops":[{"simulate":true}]}`, `record 0: field "ops[0]": malformed input: want exactly one of`},
		{"two ops", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"ops":[{"buy_tao":1,"sell_alpha":1}]}`, `field "ops[0]"`},
		{"negative", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"ops":[{"buy_tao":-5}]}`, `buy_tao`},
		{"fraction", `{"id":"x","tao_reserve":1.5,"alpha_reserve":1,"ops":[]}`, `tao_reserve`},
		{"above u64", `{"id":"x","tao_reserve":18446744073709551616,"alpha_reserve":1,"ops":[]}`, `tao_reserve`},
		{"string amount", `{"id":"x","tao_reserve":"5","alpha_reserve":1,"ops":[]}`, `tao_reserve`},
		{"missing tao", `{"id":"x","alpha_reserve":1,"ops":[]}`, `record 0: field "tao_reserve": malformed input: missing`},
		{"missing alpha", `{"id":"x","tao_reserve":1,"ops":[]}`, `field "alpha_reserve"`},
		{"fee too high", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"fee_rate":10001,"ops":[]}`, `field "fee_rate": malformed input: 10001 above the chain maximum 10000 (FeeRateTooHigh)`},
		{"weight out of range", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"quote_weight_parts":1,"ops":[]}`, `quote_weight_parts`},
		{"unknown field", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"ops":[],"colour":1}`, `colour`},
		{"unknown curve", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"curve":"v3","ops":[]}`, `field "curve"`},
		{"bad price", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"init_price":"1e5","ops":[]}`, `field "init_price"`},
		{"price out of balance", `{"id":"x","tao_reserve":0,"alpha_reserve":0,"init_price":"1","ops":[]}`, `ReservesOutOfBalance`},
		{"inject with limit", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"ops":[{"inject":{"tao":1,"alpha":1},"limit_price_rao":5}]}`, `ops[0]`},
		{"truncated", `{"id":"x","tao_reserve":1,"alpha_reserve":1,"ops":[{"buy_tao":1}`, `record 0`},
		{"second record", "{\"id\":\"a\",\"tao_reserve\":1,\"alpha_reserve\":1,\"ops\":[]}\n{\"id\":\"b\",\"ops\":[]}", `record 1: field "tao_reserve"`},
		{"garbage", `{nope`, `record 0`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := runMain(t, c.in, "run", "-o", "json")
			if code != 10 {
				t.Fatalf("exit %d, want 10; stderr %s", code, errOut)
			}
			if !strings.Contains(errOut, c.wantErr) {
				t.Fatalf("stderr %q does not contain %q", errOut, c.wantErr)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"run", "-o", "yaml"},
		{"run", "a", "b"},
		{"quote", "--tao", "1"},
		{"quote", "--tao", "1", "--alpha", "1", "--amounts", "x"},
		{"quote", "--tao", "1", "--alpha", "1", "--amounts", "1", "--side", "up"},
		{"quote", "--tao", "1", "--alpha", "1", "--amounts", "1", "--fee-rate", "20000"},
		{"max", "--tao", "1", "--alpha", "1"},
		{"curve", "--tao", "1", "--alpha", "1"},
		{"curve", "--tao", "1", "--alpha", "1", "--step", "5", "--steps", "0"},
		{"run", "--no-such-flag"},
	} {
		_, errOut, code := runMain(t, "", args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
	if _, _, code := runMain(t, "", "run", "/no/such/file"); code != 11 {
		t.Errorf("missing input file: exit %d, want 11", code)
	}
}

func TestRejectedSwapIsResult(t *testing.T) {
	in := `{"id":"r","tao_reserve":1000,"alpha_reserve":1000,"ops":[{"buy_tao":5}]}`
	out, errOut, code := runMain(t, in, "run", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"ok":false`) || !strings.Contains(out, `"error":"ReservesTooLow"`) {
		t.Fatalf("got %s", out)
	}
}

func TestQuoteMaxCurve(t *testing.T) {
	pool := []string{"--tao", "1000000000000", "--alpha", "4000000000000"}
	out, errOut, code := runMain(t, "", append([]string{"quote", "-o", "json", "--amounts", "1000000000,100000000000"}, pool...)...)
	if code != 0 {
		t.Fatalf("quote: exit %d %s", code, errOut)
	}
	golden(t, filepath.Join(fixtures, "golden", "quote.json"), out)
	out, errOut, code = runMain(t, "", append([]string{"max", "-o", "json", "--side", "buy", "--limit-rao", "300000000"}, pool...)...)
	if code != 0 {
		t.Fatalf("max: exit %d %s", code, errOut)
	}
	golden(t, filepath.Join(fixtures, "golden", "max.json"), out)
	out, errOut, code = runMain(t, "", append([]string{"curve", "-o", "json", "--side", "sell", "--step", "200000000000", "--steps", "5"}, pool...)...)
	if code != 0 {
		t.Fatalf("curve: exit %d %s", code, errOut)
	}
	golden(t, filepath.Join(fixtures, "golden", "curve.json"), out)
	// Ranges and the table renderer.
	if _, errOut, code := runMain(t, "", append([]string{"quote", "-o", "table", "--from", "1000", "--to", "5000", "--step", "1000", "--side", "buy"}, pool...)...); code != 0 {
		t.Fatalf("quote range: exit %d %s", code, errOut)
	}
}
