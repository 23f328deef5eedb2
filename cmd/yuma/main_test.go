package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/codec"
)

var update = flag.Bool("update", false, "rewrite golden files and fixture outputs")

const testdataDir = "../../testdata/yuma"

// run calls Main in process and returns stdout, stderr and the exit code.
func run(t *testing.T, stdin []byte, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"yuma"}, args...), bytes.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// jsonLines parses JSON Lines into generic values.
func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad output line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// TestRunVectorsDocument feeds the whole vectors document to `yuma run -o
// json` and checks every step's record against the case's derived values.
func TestRunVectorsDocument(t *testing.T) {
	path := filepath.Join(testdataDir, "yuma-vectors.json")
	if _, err := os.Stat("../../../shared/vectors/yuma-vectors.json"); err == nil {
		path = "../../../shared/vectors/yuma-vectors.json"
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, nil, "run", "-o", "json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := jsonLines(t, stdout)
	var doc struct {
		EpochCases []struct {
			ID    string `json:"id"`
			Steps []struct {
				Block   uint64         `json:"block"`
				Derived map[string]any `json:"derived"`
			} `json:"steps"`
		} `json:"epoch_cases"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	k := 0
	for _, c := range doc.EpochCases {
		for s, st := range c.Steps {
			if k >= len(got) {
				t.Fatalf("only %d records", len(got))
			}
			g := got[k]
			k++
			if g["id"] != c.ID || g["step"] != float64(s) || g["block"] != float64(st.Block) {
				t.Fatalf("record %d is %v/%v/%v, want %s/%d/%d", k-1, g["id"], g["step"], g["block"], c.ID, s, st.Block)
			}
			for key, want := range st.Derived {
				if !reflect.DeepEqual(g[key], want) {
					t.Errorf("%s step %d: %s = %v, want %v", c.ID, s, key, g[key], want)
				}
			}
		}
	}
	if k != len(got) || k < 79 {
		t.Errorf("%d records, %d steps", len(got), k)
	}
}

// TestRunMsgpackRoundTrip: the same scenarios through msgpack in and out.
func TestRunMsgpackRoundTrip(t *testing.T) {
	in, err := os.ReadFile(filepath.Join(testdataDir, "3", "input.json"))
	if err != nil {
		t.Fatal(err)
	}
	mp, stderr, code := run(t, in, "run", "-o", "msgpack")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	js, _, _ := run(t, in, "run", "-o", "json")
	want := jsonLines(t, js)
	rd := codec.NewReader(strings.NewReader(mp))
	for k := 0; ; k++ {
		var m map[string]any
		if err := rd.Next(&m); err != nil {
			if k != len(want) {
				t.Fatalf("%d msgpack records, %d json: %v", k, len(want), err)
			}
			break
		}
		b, _ := json.Marshal(m)
		var g map[string]any
		_ = json.Unmarshal(b, &g)
		if !reflect.DeepEqual(g, want[k]) {
			t.Errorf("record %d: msgpack %v, json %v", k, g, want[k])
		}
	}
}

// TestEpochChainsLikeScenario: `yuma epoch | yuma epoch` equals two steps of
// the same scenario run by `yuma run`.
func TestEpochChainsLikeScenario(t *testing.T) {
	for _, format := range []string{"json", "msgpack"} {
		in, err := os.ReadFile(filepath.Join(testdataDir, "example.json"))
		if err != nil {
			t.Fatal(err)
		}
		first, stderr, code := run(t, in, "epoch", "-o", format)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		second, stderr, code := run(t, []byte(first), "epoch", "-o", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var rec struct {
			Params json.RawMessage `json:"params"`
			State  map[string]any  `json:"state"`
		}
		if err := json.Unmarshal(in, &rec); err != nil {
			t.Fatal(err)
		}
		block := rec.State["block"].(float64)
		scenario := map[string]any{"id": "chain", "params": rec.Params, "initial_state": rec.State,
			"steps": []any{map[string]any{"block": block, "actions": []any{}},
				map[string]any{"block": block + 360, "actions": []any{}}}}
		sj, _ := json.Marshal(scenario)
		runOut, stderr, code := run(t, sj, "run", "-o", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		steps := jsonLines(t, runOut)
		epochOut := jsonLines(t, second)[0]["outputs"].(map[string]any)
		for key, want := range steps[1] {
			if key == "id" || key == "step" {
				continue
			}
			if !reflect.DeepEqual(epochOut[key], want) {
				t.Errorf("%s: chained %s = %v, scenario step 1 = %v", format, key, epochOut[key], want)
			}
		}
	}
}

// TestFixtures runs the numbered fixture directories (t8n style).
func TestFixtures(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(testdataDir, "[0-9]*"))
	if len(dirs) < 3 {
		t.Fatalf("fixtures: %v", dirs)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			args, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			argv := append(strings.Fields(string(args)), "-o", "json", filepath.Join(dir, "input.json"))
			stdout, stderr, code := run(t, nil, argv...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			wantPath := filepath.Join(dir, "want.json")
			if *update {
				if err := os.WriteFile(wantPath, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := jsonLines(t, stdout), jsonLines(t, string(want)); !reflect.DeepEqual(g, w) {
				t.Errorf("output differs from %s:\n%s", wantPath, stdout)
			}
		})
	}
}

// TestTableGolden checks the -o table rendering of the embedded example.
func TestTableGolden(t *testing.T) {
	for _, tc := range []struct{ name, golden string }{
		{"epoch", "epoch_table.golden"},
		{"run", "run_table.golden"},
	} {
		var stdout, stderr string
		var code int
		if tc.name == "epoch" {
			stdout, stderr, code = run(t, nil, "epoch", "--example", "-o", "table")
		} else {
			stdout, stderr, code = run(t, nil, "run", "-o", "table", filepath.Join(testdataDir, "3", "input.json"))
		}
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		path := filepath.Join(testdataDir, "golden", tc.golden)
		if *update {
			_ = os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if stdout != string(want) {
			t.Errorf("%s table differs from %s:\n%s", tc.name, path, stdout)
		}
	}
}

// TestEmbeddedExampleMatchesTestdata keeps the two copies of the example equal.
func TestEmbeddedExampleMatchesTestdata(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(testdataDir, "example.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(exampleEpoch, want) {
		t.Error("cmd/yuma/example.json differs from testdata/yuma/example.json")
	}
}

// TestExitCodes covers each bad-input class.
func TestExitCodes(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(testdataDir, "example.json"))
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(m map[string]any)) []byte {
		var m map[string]any
		_ = json.Unmarshal(good, &m)
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	st := func(m map[string]any) map[string]any { return m["state"].(map[string]any) }
	pa := func(m map[string]any) map[string]any { return m["params"].(map[string]any) }
	cases := []struct {
		name  string
		args  []string
		input []byte
		code  int
		msg   string
	}{
		{"ok", []string{"epoch", "-o", "json"}, good, 0, ""},
		{"bad json", []string{"epoch"}, []byte(`{"params": [`), 10, "record 0"},
		{"not json", []string{"epoch"}, []byte(`{"params": }`), 10, "record 0"},
		{"truncated", []string{"epoch"}, good[:len(good)/2], 10, "truncated"},
		{"second record truncated", []string{"epoch"}, append(append([]byte{}, good...), good[:40]...), 10, "record 1"},
		{"row uid >= n", []string{"epoch"}, mutate(func(m map[string]any) {
			st(m)["weights"].(map[string]any)["9"] = []any{[]any{1, 5}}
		}), 10, "state.weights.9"},
		{"column uid >= n", []string{"epoch"}, mutate(func(m map[string]any) {
			st(m)["bonds"].(map[string]any)["0"] = []any{[]any{6, 5}}
		}), 10, "state.bonds.0[0]"},
		{"duplicate column", []string{"epoch"}, mutate(func(m map[string]any) {
			st(m)["weights"].(map[string]any)["0"] = []any{[]any{3, 5}, []any{3, 6}}
		}), 10, "twice"},
		{"stake length", []string{"epoch"}, mutate(func(m map[string]any) { st(m)["stake"] = []any{1, 2} }), 10, "state.stake"},
		{"registration length", []string{"epoch"}, mutate(func(m map[string]any) { st(m)["block_at_registration"] = []any{1} }), 10, "state.block_at_registration"},
		{"n above cap", []string{"epoch"}, mutate(func(m map[string]any) { pa(m)["n"] = 70000 }), 10, "params.n"},
		{"negative amount", []string{"epoch"}, mutate(func(m map[string]any) { st(m)["stake"].([]any)[0] = -5 }), 10, "stake"},
		{"fractional amount", []string{"epoch"}, mutate(func(m map[string]any) { st(m)["stake"].([]any)[0] = 1.5 }), 10, "stake"},
		{"u16 overflow", []string{"epoch"}, mutate(func(m map[string]any) { pa(m)["kappa_u16"] = 65536 }), 10, "kappa_u16"},
		{"weight value overflow", []string{"epoch"}, mutate(func(m map[string]any) {
			st(m)["weights"].(map[string]any)["0"] = []any{[]any{3, 70000}}
		}), 10, "0..65535"},
		{"unknown param", []string{"epoch"}, mutate(func(m map[string]any) { pa(m)["rho"] = 10 }), 10, "rho"},
		{"unknown field", []string{"epoch"}, mutate(func(m map[string]any) { m["extra"] = 1 }), 10, "extra"},
		{"bad uid key", []string{"epoch"}, mutate(func(m map[string]any) {
			st(m)["weights"].(map[string]any)["x"] = []any{}
		}), 10, "not a uid"},
		{"cutoff mismatch", []string{"epoch"}, mutate(func(m map[string]any) { pa(m)["activity_cutoff_blocks"] = 7 }), 10, "activity_cutoff_blocks"},
		{"msgpack garbage", []string{"epoch"}, []byte{0x81, 0xa1}, 10, "record 0"},
		{"unknown command", []string{"nope"}, nil, 2, "unknown command"},
		{"bad flag", []string{"epoch", "--bogus"}, nil, 2, ""},
		{"bad output format", []string{"epoch", "-o", "xml"}, good, 2, ""},
		{"two files", []string{"epoch", "a", "b"}, nil, 2, ""},
		{"run: unknown param", []string{"run"}, []byte(`{"id":"x","params":{"n":1,"kappa":3},"initial_state":{},"steps":[]}`), 10, "params"},
		{"run: bad action", []string{"run"}, []byte(`{"id":"x","params":{"n":1},"initial_state":{"block":1,"stake":[1],"block_at_registration":[0],"last_update":[0],"validator_permit":[true],"weights":{},"bonds":{}},"steps":[{"block":1,"actions":[{"fly":1}]}]}`), 10, "fly"},
		{"run: action uid", []string{"run"}, []byte(`{"id":"x","params":{"n":1},"initial_state":{"block":1,"stake":[1],"block_at_registration":[0],"last_update":[0],"validator_permit":[true],"weights":{},"bonds":{}},"steps":[{"block":1,"actions":[{"set_weights":{"uid":4,"row":[],"at_block":1}}]}]}`), 10, "steps[0]"},
		{"run: missing steps", []string{"run"}, []byte(`{"id":"x","params":{"n":1},"initial_state":{}}`), 10, "steps"},
		{"run: extra case fields ok", []string{"run", "-o", "json"}, []byte(`{"id":"x","notes":"hi","derived":{},"params":{"n":1},"initial_state":{"block":1,"stake":[1],"block_at_registration":[0],"last_update":[0],"validator_permit":[true],"weights":{},"bonds":{}},"steps":[{"block":1,"note":"n","actions":[]}]}`), 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, tc.input, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.msg) {
				t.Errorf("stderr %q does not mention %q", stderr, tc.msg)
			}
		})
	}
}
