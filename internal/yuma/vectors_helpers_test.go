package yuma

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
)

// vectorPaths are the shared vectors and the copy committed in testdata.
var vectorPaths = []string{
	"../../../shared/vectors/yuma-vectors.json",
	"../../testdata/yuma/yuma-vectors.json",
}

type vectorDoc struct {
	Conventions map[string]any    `json:"conventions"`
	EpochCases  []json.RawMessage `json:"epoch_cases"`
	MathCases   []json.RawMessage `json:"math_cases"`
}

// loadVectors returns every readable vectors file, keyed by path. The
// committed copy must exist.
func loadVectors(t *testing.T) map[string]*vectorDoc {
	t.Helper()
	docs := map[string]*vectorDoc{}
	for _, p := range vectorPaths {
		raw, err := os.ReadFile(p)
		if err != nil {
			if strings.Contains(p, "testdata") {
				t.Fatalf("read committed vectors: %v", err)
			}
			continue
		}
		var d vectorDoc
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		docs[p] = &d
	}
	return docs
}

// f32 converts a vector literal with I32F32::from_num(f32).
func f32(v float64) fixed.I32F32 { return fixed.I32F32FromFloat32(float32(v)) }

// f64 converts a vector literal with I32F32::from_num(f64).
func f64(v float64) fixed.I32F32 { return fixed.I32F32FromFloat64(v) }

func fromF32s(v []float64) []fixed.I32F32 {
	out := make([]fixed.I32F32, len(v))
	for i, x := range v {
		out[i] = f32(x)
	}
	return out
}

func fromInts(v []int64) []fixed.I32F32 {
	out := make([]fixed.I32F32, len(v))
	for i, x := range v {
		out[i] = fixed.I32F32FromInt(x)
	}
	return out
}

// flatRows splits a row-major list into rows of width len/rows.
func flatRows(flat []fixed.I32F32, rows int) [][]fixed.I32F32 {
	if rows == 0 {
		return nil
	}
	w := len(flat) / rows
	out := make([][]fixed.I32F32, rows)
	for i := range out {
		out[i] = append([]fixed.I32F32(nil), flat[i*w:(i+1)*w]...)
	}
	return out
}

func transpose(m [][]fixed.I32F32) [][]fixed.I32F32 {
	if len(m) == 0 {
		return nil
	}
	out := make([][]fixed.I32F32, len(m[0]))
	for j := range out {
		out[j] = make([]fixed.I32F32, len(m))
		for i := range m {
			out[j][i] = m[i][j]
		}
	}
	return out
}

// toSparse drops zeros (vec_to_sparse_mat_fixed).
func toSparse(m [][]fixed.I32F32) [][]Entry {
	out := make([][]Entry, len(m))
	for i, row := range m {
		out[i] = []Entry{}
		for j, v := range row {
			if v != 0 {
				out[i] = append(out[i], Entry{uint16(j), v})
			}
		}
	}
	return out
}

func toDense(m [][]Entry, cols int) [][]fixed.I32F32 {
	out := make([][]fixed.I32F32, len(m))
	for i, row := range m {
		out[i] = make([]fixed.I32F32, cols)
		for _, e := range row {
			out[i][e.Col] = e.Val
		}
	}
	return out
}

func flatten(m [][]fixed.I32F32) []fixed.I32F32 {
	var out []fixed.I32F32
	for _, r := range m {
		out = append(out, r...)
	}
	return out
}

// closeTo compares a fixed value with a float within tol (tol 0: exact
// after converting want with from_num(f32)).
func closeTo(got fixed.I32F32, want, tol float64) bool {
	if tol == 0 {
		return got == f32(want)
	}
	return math.Abs(float64(got)/(1<<32)-want) <= tol
}

func checkVec(t *testing.T, name string, got []fixed.I32F32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if !closeTo(got[i], want[i], tol) {
			t.Errorf("%s[%d] = %v, want %v (tol %g)", name, i, got[i], want[i], tol)
		}
	}
}

var (
	rowRE  = regexp.MustCompile(`\[([^\[\]]*)\]`)
	pairRE = regexp.MustCompile(`\((\d+),\s*([-0-9.e]+)\)`)
)

// parseLoggedSparse parses the chain's Debug rendering "[[(3, 1), (4, 0)], []]".
func parseLoggedSparse(s string) ([][]Entry, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("not a matrix: %q", s)
	}
	var out [][]Entry
	for _, m := range rowRE.FindAllStringSubmatch(s[1:len(s)-1], -1) {
		row := []Entry{}
		for _, p := range pairRE.FindAllStringSubmatch(m[1], -1) {
			c, _ := strconv.Atoi(p[1])
			v, err := strconv.ParseFloat(p[2], 64)
			if err != nil {
				return nil, err
			}
			row = append(row, Entry{uint16(c), f64(v)})
		}
		out = append(out, row)
	}
	return out, nil
}

type fixedI = fixed.I32F32

func rawOf(v []fixed.I32F32) []int64 {
	out := make([]int64, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}

// fmtSscanf parses "a/b…" fractions in vector strings.
func fmtSscanf(s string, a, b *int64) (int, error) { return fmt.Sscanf(s, "%d/%d", a, b) }
