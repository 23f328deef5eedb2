package yuma

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"testing"
)

// stepVectors is what a step of an epoch case asserts.
type stepVectors struct {
	Derived           map[string]json.RawMessage `json:"derived"`
	Expected          map[string]json.RawMessage `json:"expected"`
	ExpectedLogged    map[string]json.RawMessage `json:"expected_logged"`
	ExpectedProperty  string                     `json:"expected_property"`
	ExpectedExactRows map[string][]Pair          `json:"expected_exact_rows"`
	ToleranceAbs      *float64                   `json:"tolerance_abs"`
}

type caseVectors struct {
	ID    string        `json:"id"`
	Steps []stepVectors `json:"steps"`
}

// TestEpochVectors runs every epoch case with steps and checks every derived
// value exactly and every expected value within its tolerance.
func TestEpochVectors(t *testing.T) {
	for path, doc := range loadVectors(t) {
		t.Run(path, func(t *testing.T) {
			ran := 0
			for _, raw := range doc.EpochCases {
				var cv caseVectors
				if err := json.Unmarshal(raw, &cv); err != nil {
					t.Fatal(err)
				}
				if cv.Steps == nil {
					continue // generator and subcase cases have their own tests
				}
				ran++
				t.Run(cv.ID, func(t *testing.T) {
					t.Parallel()
					sc, err := ParseScenarioJSON(raw)
					if err != nil {
						t.Fatalf("parse: %v", err)
					}
					r := NewRunner(sc)
					for k := range sc.Steps {
						tr := new(Trace)
						r.SetTrace(tr)
						out, err := r.Step(&sc.Steps[k])
						if err != nil {
							t.Fatalf("step %d: %v", k, err)
						}
						sv := cv.Steps[k]
						name := fmt.Sprintf("step %d", k)
						checkDerived(t, name, out, sv.Derived)
						checkExpected(t, name, out, sv)
						checkLogged(t, name, out, tr, sv.ExpectedLogged)
						checkProperty(t, name, out, sv.ExpectedProperty)
						for key, want := range sv.ExpectedExactRows {
							uid, _ := strconv.Atoi(key)
							got := out.BondsStored[uid]
							if len(got) == 0 && len(want) == 0 {
								continue
							}
							if !reflect.DeepEqual(got, want) {
								t.Errorf("%s: stored bond row %d = %v, want %v", name, uid, got, want)
							}
						}
					}
				})
			}
			if ran < 30 {
				t.Errorf("only %d epoch cases with steps", ran)
			}
		})
	}
}

func checkDerived(t *testing.T, name string, out *Output, derived map[string]json.RawMessage) {
	t.Helper()
	if derived == nil {
		t.Errorf("%s: no derived values", name)
		return
	}
	got := map[string]any{
		"server_emission":      out.ServerEmission,
		"validator_emission":   out.ValidatorEmission,
		"emission":             out.Emission,
		"consensus_u16":        out.Consensus,
		"incentive_u16":        out.Incentive,
		"dividends_u16":        out.Dividends,
		"validator_trust_u16":  out.ValidatorTrust,
		"stake_weight_u16":     out.StakeWeight,
		"new_validator_permit": out.NewValidatorPermit,
		"bonds_stored":         out.BondsStored,
	}
	for key, raw := range derived {
		g, ok := got[key]
		if !ok {
			t.Errorf("%s: derived field %q not produced", name, key)
			continue
		}
		gj, _ := json.Marshal(g)
		var a, b any
		_ = json.Unmarshal(gj, &a)
		_ = json.Unmarshal(raw, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: %s = %s, want %s", name, key, gj, raw)
		}
	}
}

// bondAt returns the stored bond (i, j), 0 when absent.
func bondAt(out *Output, i, j int) int {
	if i >= len(out.BondsStored) {
		return 0
	}
	for _, e := range out.BondsStored[i] {
		if int(e.UID) == j {
			return int(e.Value)
		}
	}
	return 0
}

func checkExpected(t *testing.T, name string, out *Output, sv stepVectors) {
	t.Helper()
	tol := 0.0
	if sv.ToleranceAbs != nil {
		tol = *sv.ToleranceAbs
	}
	for key, raw := range sv.Expected {
		switch key {
		case "bonds_u16":
			var trip [][3]int
			mustJSON(t, raw, &trip)
			for _, e := range trip {
				if g := bondAt(out, e[0], e[1]); math.Abs(float64(g-e[2])) > tol {
					t.Errorf("%s: bond (%d,%d) = %d, want %d", name, e[0], e[1], g, e[2])
				}
			}
		case "dividends_fraction":
			var want []float64
			mustJSON(t, raw, &want)
			for i, w := range want {
				if g := float64(out.Dividends[i]) / 65535; math.Abs(g-w) > 1e-3 {
					t.Errorf("%s: dividends[%d] = %.5f, want %.5f ± 1e-3", name, i, g, w)
				}
			}
		default:
			vec := map[string]func(int) float64{
				"emission":           func(i int) float64 { return float64(out.Emission[i]) },
				"server_emission":    func(i int) float64 { return float64(out.ServerEmission[i]) },
				"validator_emission": func(i int) float64 { return float64(out.ValidatorEmission[i]) },
				"consensus_u16":      func(i int) float64 { return float64(out.Consensus[i]) },
				"incentive_u16":      func(i int) float64 { return float64(out.Incentive[i]) },
				"dividends_u16":      func(i int) float64 { return float64(out.Dividends[i]) },
			}[key]
			if vec == nil {
				t.Errorf("%s: unknown expected field %q", name, key)
				continue
			}
			var want map[string]float64
			mustJSON(t, raw, &want)
			for k, w := range want {
				i, _ := strconv.Atoi(k)
				if g := vec(i); math.Abs(g-w) > tol {
					t.Errorf("%s: %s[%d] = %v, want %v ± %v", name, key, i, g, w, tol)
				}
			}
		}
	}
}

func checkLogged(t *testing.T, name string, out *Output, tr *Trace, logged map[string]json.RawMessage) {
	t.Helper()
	for key, raw := range logged {
		switch key {
		case "Weights (mask+norm)", "ΔB (norm)":
			var s string
			mustJSON(t, raw, &s)
			want, err := parseLoggedSparse(s)
			if err != nil {
				t.Fatalf("%s: %s: %v", name, key, err)
			}
			got := tr.Weights
			if key != "Weights (mask+norm)" {
				got = tr.BondsDelta
			}
			if !reflect.DeepEqual(nonNilRows(got), nonNilRows(want)) {
				t.Errorf("%s: %s = %v, want %v", name, key, got, want)
			}
		case "Combined Emission":
			var want []uint64
			mustJSON(t, raw, &want)
			if !reflect.DeepEqual(out.Emission, want) {
				t.Errorf("%s: %s = %v, want %v", name, key, out.Emission, want)
			}
		default:
			var want []float64
			mustJSON(t, raw, &want)
			got := map[string][]int64{}
			add := func(k string, v []fixedI) { got[k] = rawOf(v) }
			add("Normalised Stake", tr.NormalisedStake)
			add("Active Stake", tr.ActiveStake)
			add("Consensus", tr.Consensus)
			add("Validator Trust", tr.ValidatorTrust)
			add("Dividends", tr.Dividends)
			add("Normalized Validator Emission", tr.NormalizedValidatorEmission)
			add("Normalized Combined Emission", tr.NormalizedCombinedEmission)
			g, ok := got[key]
			if !ok {
				t.Errorf("%s: unknown logged field %q", name, key)
				continue
			}
			w := make([]int64, len(want))
			for i, x := range want {
				w[i] = int64(f64(x)) // the log prints the shortest decimal that converts back exactly
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s: %s raw = %v, want %v", name, key, g, w)
			}
		}
	}
}

func nonNilRows(m [][]Entry) [][]Entry {
	out := make([][]Entry, len(m))
	for i, r := range m {
		out[i] = append([]Entry{}, r...)
	}
	return out
}

func checkProperty(t *testing.T, name string, out *Output, prop string) {
	t.Helper()
	switch prop {
	case "":
	case "server_emission[0] == server_emission[1] > 0 (returned tuples, order by hotkey)":
		if se := out.ServerEmission; !(se[0] == se[1] && se[0] > 0) {
			t.Errorf("%s: %s: server emission %v", name, prop, se)
		}
	case "sum(server_emission)+sum(validator_emission) == 1_000_000_000 within 1000":
		var sum uint64
		for i := range out.ServerEmission {
			sum += out.ServerEmission[i] + out.ValidatorEmission[i]
		}
		if d := math.Abs(float64(sum) - 1e9); d > 1000 {
			t.Errorf("%s: %s: sum %d", name, prop, sum)
		}
	default:
		t.Errorf("%s: property %q not checked", name, prop)
	}
}

func mustJSON(t *testing.T, raw json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}
