package yuma

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
)

type mathSub map[string]json.RawMessage

func (m mathSub) get(t *testing.T, key string, v any) bool {
	t.Helper()
	raw, ok := m[key]
	if !ok {
		return false
	}
	mustJSON(t, raw, v)
	return true
}

func (m mathSub) floats(t *testing.T, key string) []float64 {
	var v []float64
	m.get(t, key, &v)
	return v
}

func (m mathSub) str(t *testing.T, key string) string {
	var v string
	m.get(t, key, &v)
	return v
}

func (m mathSub) num(t *testing.T, key string) float64 {
	var v float64
	m.get(t, key, &v)
	return v
}

// parseTol reads a tolerance field ("1e-4", "0", "1e-1 (…)", "exact").
func parseTol(s string) float64 {
	for _, tok := range strings.Fields(s) {
		if v, err := strconv.ParseFloat(tok, 64); err == nil {
			return v
		}
	}
	return 0
}

// special converts the vectors' named constants.
func special(s string) fixed.I32F32 {
	switch s {
	case "I32F32::MAX", "MAX":
		return fixed.I32F32Max
	case "I32F32::MIN", "MIN":
		return fixed.I32F32Min
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(s)
	}
	return f64(v)
}

// TestMathVectors reproduces every math case subcase.
func TestMathVectors(t *testing.T) {
	for path, doc := range loadVectors(t) {
		seen := 0
		for _, raw := range doc.MathCases {
			var c struct {
				ID        string    `json:"id"`
				Tolerance string    `json:"tolerance"`
				Subcases  []mathSub `json:"subcases"`
			}
			mustJSON(t, raw, &c)
			fn, ok := mathCases[c.ID]
			if !ok {
				t.Errorf("%s: math case %s not checked", path, c.ID)
				continue
			}
			seen++
			for k, sc := range c.Subcases {
				t.Run(c.ID+"/"+strconv.Itoa(k), func(t *testing.T) { fn(t, sc, parseTol(c.Tolerance)) })
			}
		}
		if seen != len(mathCases) {
			t.Errorf("%s: %d math cases, want %d", path, seen, len(mathCases))
		}
	}
}

var mathCases = map[string]func(t *testing.T, sc mathSub, tol float64){
	"math_vec_max_upscale_to_u16": func(t *testing.T, sc mathSub, _ float64) {
		var in []fixed.I32F32
		if v := sc.floats(t, "in"); sc["in"] != nil {
			in = fromF32s(v)
		}
		var ints []int64
		if sc.get(t, "in_int", &ints) {
			in = fromInts(ints)
		}
		var sp []string
		if sc.get(t, "in_special", &sp) {
			for _, s := range sp {
				in = append(in, special(s))
			}
		}
		var want []uint16
		sc.get(t, "out", &want)
		if got := VecMaxUpscaleToU16(in); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("got %v, want %v", got, want)
		}
	},
	"math_vec_u16_max_upscale_to_u16": func(t *testing.T, sc mathSub, _ float64) {
		var in, want []uint16
		sc.get(t, "in", &in)
		sc.get(t, "out", &want)
		if got := MaxUpscaleU16(in); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("got %v, want %v", got, want)
		}
	},
	"math_check_vec_max_limited": func(t *testing.T, sc mathSub, _ float64) {
		var in []uint16
		var limit uint16
		var want bool
		sc.get(t, "vec", &in)
		sc.get(t, "limit", &limit)
		sc.get(t, "out", &want)
		if got := CheckVecMaxLimited(in, limit); got != want {
			t.Errorf("got %v, want %v", got, want)
		}
	},
	"math_fixed_overflow_alpha": func(t *testing.T, sc mathSub, _ float64) {
		var want int64
		sc.get(t, "alpha_raw_i32f32", &want)
		var bma uint64
		if sc.get(t, "bonds_moving_average", &bma) {
			for _, wrap := range []bool{false, true} {
				if got := emaAlpha(bma, wrap); int64(got) != want || got != f64(0.1) {
					t.Errorf("alpha(%d, wrap=%v) = %d, want %d", bma, wrap, got, want)
				}
			}
			return
		}
		// max/max = 1: alpha = 1 − 1 = 0.
		one := fixed.I64F64FromU64(math.MaxUint64 >> 1).SafeDiv(fixed.I64F64FromU64(math.MaxUint64 >> 1))
		if got := fixed.I32F32One.SatSub(one.ToI32F32()); int64(got) != want {
			t.Errorf("alpha = %d, want %d", got, want)
		}
	},
	"math_u64_normalization": func(t *testing.T, sc mathSub, _ float64) {
		var num, den uint64
		sc.get(t, "num", &num)
		sc.get(t, "den", &den)
		q := fixed.I64F64FromU64(num).SafeDiv(fixed.I64F64FromU64(den))
		var w float64
		if sc.get(t, "i64f64", &w) && q != fixed.I64F64FromFloat64(w) {
			t.Errorf("i64f64 = %v, want %v", q, w)
		}
		if sc.get(t, "i64f64_equals_from_num_f64", &w) && q != fixed.I64F64FromFloat64(w) {
			t.Errorf("i64f64 = %v, want from_num(%v)", q, w)
		}
		if sc.get(t, "i32f32", &w) && q.ToI32F32() != f64(w) {
			t.Errorf("i32f32 = %v, want %v", q.ToI32F32(), w)
		}
		if sc.get(t, "i32f32_equals_from_num_f64", &w) && q.ToI32F32() != f64(w) {
			t.Errorf("i32f32 = %v, want from_num(%v)", q.ToI32F32(), w)
		}
		// The epoch's integer path gives the same narrowed value.
		if num <= den {
			d := newDivisor(fixed.I32F32(den))
			if got := fixed.I32F32(d.fracQuo(num)); got != q.ToI32F32() {
				t.Errorf("integer path %v, want %v", got, q.ToI32F32())
			}
		}
	},
	"math_exp_safe": func(t *testing.T, sc mathSub, _ float64) {
		var want int64
		sc.get(t, "out_raw_derived", &want)
		var in json.Number
		sc.get(t, "in", &in)
		inputs := []string{in.String()}
		var also []string
		sc.get(t, "also_for", &also)
		inputs = append(inputs, also...)
		for _, s := range inputs {
			x := special(s)
			if s == in.String() {
				v, _ := strconv.ParseInt(s, 10, 64)
				x = fixed.I32F32FromInt(v)
			}
			if got := fixed.ExpSafe(x); int64(got) != want {
				t.Errorf("fixed.ExpSafe(%s) = %d, want %d", s, got, want)
			}
			if got := expSafe(x); int64(got) != want {
				t.Errorf("expSafe(%s) = %d, want %d", s, got, want)
			}
		}
	},
	"math_sigmoid_safe": func(t *testing.T, sc mathSub, _ float64) {
		var xs []json.RawMessage
		sc.get(t, "x", &xs)
		var isF32 bool
		sc.get(t, "x_is_f32", &isF32)
		param := func(key string) fixed.I32F32 {
			var s json.RawMessage
			sc.get(t, key, &s)
			var str string
			if json.Unmarshal(s, &str) == nil {
				return special(str)
			}
			var v float64
			_ = json.Unmarshal(s, &v)
			return f64(v)
		}
		rho, kappa := param("rho"), param("kappa")
		outs := sc.floats(t, "out")
		var raws []int64
		hasRaw := sc.get(t, "out_raw", &raws)
		for k, xr := range xs {
			var x fixed.I32F32
			var str string
			if json.Unmarshal(xr, &str) == nil {
				x = special(str)
			} else {
				var v float64
				_ = json.Unmarshal(xr, &v)
				x = f32(v)
			}
			got := sigmoidSafe(x, rho, kappa)
			if got != f64(outs[k]) {
				t.Errorf("sigmoid(%v) = %v, want %v", x, got, outs[k])
			}
			if hasRaw && int64(got) != raws[k] {
				t.Errorf("sigmoid(%v) raw = %d, want %d", x, got, raws[k])
			}
		}
	},
	"math_is_topk": func(t *testing.T, sc mathSub, _ float64) {
		v := fromF32s(sc.floats(t, "v"))
		var k int
		var want []bool
		sc.get(t, "k", &k)
		sc.get(t, "out", &want)
		if got := isTopK(v, k); !reflect.DeepEqual(got, want) && len(want)+len(got) > 0 {
			t.Errorf("is_topk = %v, want %v", got, want)
		}
		// is_topk_nonzero additionally clears zero entries; the epoch's version agrees.
		lit := isTopKNonzero(v, k)
		fast := make([]bool, len(v))
		topKNonzero(fast, v, k, nil)
		for i := range want {
			if lit[i] != (want[i] && v[i] != 0) || fast[i] != lit[i] {
				t.Errorf("is_topk_nonzero[%d] = %v / %v", i, lit[i], fast[i])
			}
		}
	},
	"math_normalize": func(t *testing.T, sc mathSub, tol float64) {
		in := fromF32s(sc.floats(t, "in"))
		want := sc.floats(t, "out")
		checkVec(t, "normalize", normalize(in), want, tol)
		cp := append([]fixed.I32F32(nil), in...)
		inplaceNormalize(cp)
		checkVec(t, "inplace_normalize", cp, want, tol)
		x64 := make([]fixed.I64F64, len(in))
		for i, v := range in {
			x64[i] = v.ToI64F64()
		}
		inplaceNormalize64(x64)
		for i, v := range x64 {
			if !closeTo(v.ToI32F32(), want[i], tol) {
				t.Errorf("normalize_64[%d] = %v, want %v", i, v, want[i])
			}
		}
	},
	"math_vecdiv": func(t *testing.T, sc mathSub, _ float64) {
		var xs, ys []int64
		sc.get(t, "x", &xs)
		sc.get(t, "y", &ys)
		got := vecdiv(fromInts(xs), fromInts(ys))
		var outs []json.RawMessage
		sc.get(t, "out", &outs)
		for i, o := range outs {
			var want fixed.I32F32
			var s string
			if json.Unmarshal(o, &s) == nil {
				var a, b int64
				if _, err := fmtSscanf(s, &a, &b); err == nil {
					want = fixed.I32F32FromInt(a).SafeDiv(fixed.I32F32FromInt(b))
				} else {
					v, _ := strconv.ParseInt(s, 10, 64)
					want = fixed.I32F32FromInt(v)
				}
			} else {
				var v int64
				_ = json.Unmarshal(o, &v)
				want = fixed.I32F32FromInt(v)
			}
			if got[i] != want {
				t.Errorf("vecdiv[%d] = %v, want %v", i, got[i], want)
			}
		}
	},
	"math_row_col_normalize": func(t *testing.T, sc mathSub, tol float64) {
		var rows int
		var tr bool
		sc.get(t, "rows", &rows)
		sc.get(t, "transpose", &tr)
		m := flatRows(fromF32s(sc.floats(t, "flat")), rows)
		want := flatRows(fromF32s(sc.floats(t, "out_flat")), rows)
		if tr {
			m, want = transpose(m), transpose(want)
		}
		cols := len(m[0])
		var got [][]fixed.I32F32
		switch sc.str(t, "fn") {
		case "inplace_row_normalize":
			rowNormalizeDense(m)
			got = m
		case "inplace_row_normalize_sparse":
			s := toSparse(m)
			rowNormalizeSparse(s)
			got = toDense(s, cols)
		case "inplace_col_normalize":
			colNormalizeDense(m)
			got = m
		case "inplace_col_normalize_sparse":
			s := toSparse(m)
			colNormalizeSparse(s, cols)
			got = toDense(s, cols)
			var ws Workspace
			ws.prepare(max(cols, len(s)))
			c := csrOf(s)
			ws.colNormalize(&c)
			if !reflect.DeepEqual(c.entries(), s) {
				t.Errorf("workspace col normalize %v, want %v", c.entries(), s)
			}
		}
		checkMatrix(t, got, want, tol)
	},
	"math_col_max_upscale": func(t *testing.T, sc mathSub, tol float64) {
		var rows int
		sc.get(t, "rows", &rows)
		m := transpose(flatRows(fromF32s(sc.floats(t, "flat")), rows))
		want := transpose(flatRows(fromF32s(sc.floats(t, "out_flat")), rows))
		cols := len(m[0])
		if sc.str(t, "fn") == "inplace_col_max_upscale" {
			colMaxUpscaleDense(m)
			checkMatrix(t, m, want, tol)
			return
		}
		s := toSparse(m)
		colMaxUpscaleSparse(s, cols)
		checkMatrix(t, toDense(s, cols), want, tol)
	},
	"math_matmul_family": func(t *testing.T, sc mathSub, _ float64) {
		var rows int
		sc.get(t, "rows", &rows)
		var vec []int64
		sc.get(t, "vector", &vec)
		v := fromInts(vec)
		m := flatRows(fromF32s(sc.floats(t, "matrix_flat")), rows)
		var wantInts []int64
		sc.get(t, "out", &wantInts)
		var wantFlat []int64
		sc.get(t, "out_flat", &wantFlat)
		vecEq := func(got []fixed.I32F32) {
			if !reflect.DeepEqual(got, fromInts(wantInts)) {
				t.Errorf("got %v, want %v", got, wantInts)
			}
		}
		matEq := func(got [][]fixed.I32F32) {
			if !reflect.DeepEqual(flatten(got), fromInts(wantFlat)) {
				t.Errorf("got %v, want %v", flatten(got), wantFlat)
			}
		}
		switch sc.str(t, "fn") {
		case "matmul":
			vecEq(matmulDense(m, v))
		case "matmul_sparse":
			vecEq(matmulSparse(toSparse(m), v, len(m[0])))
		case "matmul_transpose":
			vecEq(matmulTransposeDense(m, v))
		case "matmul_transpose_sparse":
			vecEq(matmulTransposeSparse(toSparse(m), v))
		case "row_sum":
			vecEq(rowSumDense(m))
		case "row_sum_sparse":
			vecEq(rowSumSparse(toSparse(m)))
		case "row_hadamard":
			matEq(rowHadamardDense(m, v))
			matEq(toDense(rowHadamardSparse(toSparse(m), v), len(m[0])))
		case "vec_mul":
			var a, b []int64
			sc.get(t, "a", &a)
			sc.get(t, "b", &b)
			vecEq(vecMul(fromInts(a), fromInts(b)))
		case "mat_vec_mul":
			matEq(matVecMulDense(m, v))
		case "mat_vec_mul_sparse":
			got := matVecMulSparse(toSparse(m), v)
			matEq(toDense(got, len(m[0])))
			for _, r := range got {
				for _, e := range r {
					if e.Val == 0 {
						t.Errorf("zero product kept")
					}
				}
			}
		default:
			t.Errorf("unknown fn")
		}
	},
	"math_col_clip": func(t *testing.T, sc mathSub, _ float64) {
		var rows int
		sc.get(t, "rows", &rows)
		var th []int64
		sc.get(t, "thresholds", &th)
		m := flatRows(fromF32s(sc.floats(t, "matrix_flat")), rows)
		want := flatRows(fromF32s(sc.floats(t, "out_flat")), rows)
		if sc.str(t, "fn") == "inplace_col_clip" {
			colClipDense(m, fromInts(th))
			checkMatrix(t, m, want, 0)
			return
		}
		checkMatrix(t, toDense(colClipSparse(toSparse(m), fromInts(th)), len(m[0])), want, 0)
	},
	"math_masks": func(t *testing.T, sc mathSub, _ float64) {
		fn := sc.str(t, "fn")
		if fn == "inplace_mask_vector" {
			var mask []bool
			var in, out []int64
			sc.get(t, "mask", &mask)
			sc.get(t, "in", &in)
			sc.get(t, "out", &out)
			v := fromInts(in)
			maskVector(mask, v)
			if !reflect.DeepEqual(v, fromInts(out)) {
				t.Errorf("got %v, want %v", v, out)
			}
			return
		}
		m := flatRows(fromF32s(sc.floats(t, "in_flat")), 3)
		want := flatRows(fromF32s(sc.floats(t, "out_flat")), 3)
		switch fn {
		case "inplace_mask_matrix":
			var mask [][]bool
			sc.get(t, "mask", &mask)
			maskMatrix(mask, m)
			checkMatrix(t, m, want, 0)
		case "inplace_mask_rows / mask_rows_sparse":
			var mask []bool
			sc.get(t, "mask", &mask)
			checkMatrix(t, toDense(maskRowsSparse(mask, toSparse(m)), 3), want, 0)
			maskRowsDense(mask, m)
			checkMatrix(t, m, want, 0)
		case "inplace_mask_diag / mask_diag_sparse", "mask_diag_sparse":
			checkMatrix(t, toDense(maskDiagSparse(toSparse(m), -1), 3), want, 0)
			if fn != "mask_diag_sparse" {
				maskDiagDense(m)
				checkMatrix(t, m, want, 0)
			}
		case "inplace_mask_diag_except_index / mask_diag_sparse_except_index":
			var ex int
			sc.get(t, "except_index", &ex)
			checkMatrix(t, toDense(maskDiagSparse(toSparse(m), ex), 3), want, 0)
			maskDiagExceptDense(m, ex)
			checkMatrix(t, m, want, 0)
			for other := range 3 { // the note: only that diagonal cell survives
				m2 := flatRows(fromF32s(sc.floats(t, "in_flat")), 3)
				maskDiagExceptDense(m2, other)
				for i := range 3 {
					if (m2[i][i] != 0) != (i == other) {
						t.Errorf("except %d: cell %d", other, i)
					}
				}
			}
		case "vec_mask_sparse_matrix":
			var a, b []uint64
			sc.get(t, "first_vector", &a)
			sc.get(t, "second_vector", &b)
			f := func(x, y uint64) bool { return x == y }
			if sc.str(t, "mask_fn") == "a < b" {
				f = func(x, y uint64) bool { return x < y }
			}
			checkMatrix(t, toDense(vecMaskSparse(toSparse(m), a, b, f), 3), want, 0)
		default:
			t.Errorf("unknown fn %q", fn)
		}
	},
	"math_weighted_median": func(t *testing.T, sc mathSub, _ float64) {
		stake := fromF32s(sc.floats(t, "stake"))
		score := fromF32s(sc.floats(t, "score"))
		var norm bool
		if sc.get(t, "normalize_stake", &norm) && norm {
			stake = normalize(stake)
		}
		majority := f32(0.51)
		sum := sumFixed(stake)
		idx := make([]int, len(stake))
		for i := range idx {
			idx[i] = i
		}
		want := f32(sc.num(t, "out"))
		minority := sum.SatSub(majority)
		if got := weightedMedian(stake, score, idx, minority, 0, sum); got != want {
			t.Errorf("weighted_median = %v, want %v", got, want)
		}
		if len(stake) > 0 { // the closed form the epoch uses
			col := make([]medItem, len(stake))
			for i := range col {
				col[i] = medItem{score[i], stake[i]}
			}
			got := minScore(col)
			if minority >= 0 {
				got = selectWeighted(col, sum-minority)
			}
			if got != want {
				t.Errorf("selectWeighted = %v, want %v", got, want)
			}
		}
	},
	"math_weighted_median_col": func(t *testing.T, sc mathSub, _ float64) {
		stake := fromF32s(sc.floats(t, "stake"))
		var rows int
		sc.get(t, "rows", &rows)
		w := flatRows(fromF32s(sc.floats(t, "W_flat")), rows)
		majority := f32(sc.num(t, "majority"))
		want := fromF32s(sc.floats(t, "out"))
		cols := len(want)
		if got := weightedMedianCol(stake, w, majority); !reflect.DeepEqual(got, want) {
			t.Errorf("dense = %v, want %v", got, want)
		}
		sp := toSparse(w)
		if got := weightedMedianColSparse(stake, sp, cols, majority); !reflect.DeepEqual(got, want) {
			t.Errorf("sparse = %v, want %v", got, want)
		}
		var m medianScratch
		got := make([]fixed.I32F32, max(cols, len(stake)))
		c := csrOf(sp)
		for len(c.ptr)-1 < len(got) {
			c.endRow()
		}
		st := append(append([]fixed.I32F32(nil), stake...), make([]fixed.I32F32, len(got)-len(stake))...)
		m.consensus(got, &c, st, majority)
		if !reflect.DeepEqual(got[:cols], want) {
			t.Errorf("epoch consensus = %v, want %v", got[:cols], want)
		}
	},
	"math_interpolate": func(t *testing.T, sc mathSub, _ float64) {
		var rows int
		sc.get(t, "rows", &rows)
		a := flatRows(fromF32s(sc.floats(t, "A_flat")), rows)
		b := flatRows(fromF32s(sc.floats(t, "B_flat")), rows)
		want := flatRows(fromF32s(sc.floats(t, "out_flat")), rows)
		var ratio fixed.I32F32
		var isF64 bool
		sc.get(t, "ratio_is_f64", &isF64)
		ratio = f64(sc.num(t, "ratio")) // ratios are from_num(f64) in these tests
		tol := parseTol(sc.str(t, "tol"))
		if sc.str(t, "fn") == "interpolate" {
			checkMatrix(t, interpolateDense(a, b, ratio), want, tol)
			return
		}
		cols := len(a[0])
		checkMatrix(t, toDense(interpolateSparse(toSparse(a), toSparse(b), cols, ratio), cols), want, tol)
	},
	"math_mat_ema_alpha": func(t *testing.T, sc mathSub, _ float64) {
		tol := parseTol(sc.str(t, "tol"))
		fn := sc.str(t, "fn")
		if _, flat := sc["new_flat"]; flat {
			var rows int
			sc.get(t, "rows", &rows)
			nw := flatRows(fromF32s(sc.floats(t, "new_flat")), rows)
			old := flatRows(fromF32s(sc.floats(t, "old_flat")), rows)
			want := flatRows(fromF32s(sc.floats(t, "out_flat")), rows)
			a := f32(sc.num(t, "alpha_all"))
			alpha := make([][]fixed.I32F32, rows)
			for i := range alpha {
				alpha[i] = make([]fixed.I32F32, len(nw[0]))
				for j := range alpha[i] {
					alpha[i][j] = a
				}
			}
			if fn == "mat_ema_alpha" {
				checkMatrix(t, matEmaAlphaDense(nw, old, alpha), want, tol)
				return
			}
			got := matEmaAlphaSparse(toSparse(nw), toSparse(old), alpha)
			checkMatrix(t, toDense(got, len(nw[0])), want, tol)
			if len(got) > 0 && tol == 0.1 && len(got[0]) != 0 {
				t.Errorf("row 0 = %v, want empty", got[0])
			}
			return
		}
		// These subcases are written with untyped Rust literals: from_num(f64).
		var nwR, oldR, alR, outR json.RawMessage
		sc.get(t, "new", &nwR)
		sc.get(t, "old", &oldR)
		sc.get(t, "alpha", &alR)
		sc.get(t, "out", &outR)
		var alphaF [][]float64
		mustJSON(t, alR, &alphaF)
		alpha := make([][]fixed.I32F32, len(alphaF))
		for i, r := range alphaF {
			alpha[i] = fromF64s(r)
		}
		if fn == "mat_ema_alpha_sparse" {
			var n, o, w [][][2]float64
			mustJSON(t, nwR, &n)
			mustJSON(t, oldR, &o)
			mustJSON(t, outR, &w)
			sp := func(m [][][2]float64) [][]Entry {
				out := make([][]Entry, len(m))
				for i, r := range m {
					out[i] = []Entry{}
					for _, e := range r {
						out[i] = append(out[i], Entry{uint16(e[0]), f64(e[1])})
					}
				}
				return out
			}
			got := matEmaAlphaSparse(sp(n), sp(o), alpha)
			cols := len(alpha[0])
			checkMatrix(t, toDense(got, cols), toDense(sp(w), cols), tol)
			return
		}
		var n, o [][]float64
		mustJSON(t, nwR, &n)
		mustJSON(t, oldR, &o)
		conv := func(m [][]float64) [][]fixed.I32F32 {
			out := make([][]fixed.I32F32, len(m))
			for i, r := range m {
				out[i] = fromF64s(r)
			}
			return out
		}
		got := matEmaAlphaDense(conv(n), conv(o), alpha)
		if _, ok := sc["out_property"]; ok { // shape mismatch returns new unchanged
			if got[0][0] != fixed.I32F32One || !reflect.DeepEqual(got, conv(n)) {
				t.Errorf("mismatched rows: got %v", got)
			}
			return
		}
		var w [][]float64
		mustJSON(t, outR, &w)
		checkMatrix(t, got, conv(w), tol)
	},
	"math_liquid_alpha_equal_values": func(t *testing.T, sc mathSub, tol float64) {
		var wf, bf, of [][]float64
		sc.get(t, "weights", &wf)
		sc.get(t, "bonds", &bf)
		sc.get(t, "out_approx", &of)
		conv := func(m [][]float64) [][]fixed.I32F32 {
			out := make([][]fixed.I32F32, len(m))
			for i, r := range m {
				out[i] = fromF32s(r)
			}
			return out
		}
		w, b := conv(wf), conv(bf)
		cons := fromF32s(sc.floats(t, "consensus"))
		p := DefaultParams()
		p.AlphaLowU16, p.AlphaHighU16 = 6553, 6553
		la := newLiquidAlpha(&p)
		liquid := matEmaAlphaDense(w, b, liquidAlphasDense(&la, w, b, cons))
		fixedA := matEmaDense(w, b, emaAlpha(900_000, true))
		checkMatrix(t, liquid, fixedA, tol)
		checkMatrix(t, liquid, conv(of), tol)
	},
	"mech_split_emissions": func(t *testing.T, sc mathSub, _ float64) {
		var count int
		var alpha uint64
		var split []uint16
		var want []uint64
		sc.get(t, "mechanisms", &count)
		sc.get(t, "alpha", &alpha)
		sc.get(t, "split", &split)
		sc.get(t, "out", &want)
		if got := SplitEmissions(alpha, count, split); !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	},
	"math_conversions": func(t *testing.T, sc mathSub, _ float64) {
		switch fn := sc.str(t, "fn"); fn {
		case "fixed64_to_fixed32":
			if got := fixed.I64F64FromU64(math.MaxUint32).ToI32F32(); got != fixed.I32F32Max {
				t.Errorf("got %v", got)
			}
		case "vec_fixed64_to_fixed32":
			if sc.str(t, "in") == "I64F64(i64::MAX)" {
				if got := fixed.I64F64FromInt(math.MaxInt64).ToI32F32(); got != fixed.I32F32Max {
					t.Errorf("got %v", got)
				}
			} else if got := fixed.I64F64FromInt(math.MinInt32).ToI32F32(); got != fixed.I32F32FromInt(math.MinInt32) {
				t.Errorf("got %v", got)
			}
		case "fixed_to_u64":
			if got := fixed.I32F32FromInt(-1).ToU64(); got != 0 {
				t.Errorf("got %v", got)
			}
		case "fixed64_to_u64":
			var in json.RawMessage
			sc.get(t, "in", &in)
			if string(in) == "-1" {
				if got := fixed.I64F64FromInt(-1).ToU64(); got != 0 {
					t.Errorf("got %v", got)
				}
			} else if got := fixed.I64F64FromInt(math.MaxInt64).ToU64(); got != math.MaxInt64 {
				t.Errorf("got %v", got)
			}
		case "fixed_proportion_to_u16":
			if got := FixedProportionToU16(fixed.I32F32FromInt(65535)); got != 65535 {
				t.Errorf("got %v", got)
			}
		case "fixed_to_u16":
			// Panics in the chain's debug tests; nothing in the epoch calls it.
		case "checked_sum":
			var in []json.RawMessage
			sc.get(t, "in", &in)
			var sum uint64
			overflow := false
			for _, r := range in {
				v := uint64(math.MaxUint64)
				if string(r) != `"u64::MAX"` {
					mustJSON(t, r, &v)
				}
				if sum+v < sum {
					overflow = true
				}
				sum += v
			}
			var want *uint64
			sc.get(t, "out", &want)
			if (want == nil) != overflow || (want != nil && *want != sum) {
				t.Errorf("checked_sum = %d (overflow %v), want %v", sum, overflow, want)
			}
		default:
			t.Errorf("unknown fn %q", fn)
		}
	},
	"math_matmul2": func(t *testing.T, sc mathSub, tol float64) {
		var w [][]int64
		var v, out []int64
		sc.get(t, "W", &w)
		sc.get(t, "v", &v)
		sc.get(t, "out", &out)
		m := make([][]fixed.I32F32, len(w))
		for i, r := range w {
			m[i] = fromInts(r)
		}
		checkVec(t, "matmul", matmulDense(m, fromInts(v)), toFloats(out), tol)
	},
}

func toFloats(v []int64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func checkMatrix(t *testing.T, got, want [][]fixed.I32F32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("rows %d, want %d", len(got), len(want))
		return
	}
	for i := range got {
		if len(got[i]) != len(want[i]) {
			t.Errorf("row %d: %d columns, want %d", i, len(got[i]), len(want[i]))
			continue
		}
		for j := range got[i] {
			w := float64(want[i][j]) / (1 << 32)
			if tol == 0 && got[i][j] != want[i][j] || tol > 0 && !closeTo(got[i][j], w, tol) {
				t.Errorf("[%d][%d] = %v, want %v (tol %g)", i, j, got[i][j], want[i][j], tol)
			}
		}
	}
}

// csrOf converts a sparse matrix to the workspace form.
func csrOf(m [][]Entry) csr {
	var c csr
	c.reset(0)
	for _, r := range m {
		for _, e := range r {
			c.push(e.Col, e.Val)
		}
		c.endRow()
	}
	return c
}

func fromF64s(v []float64) []fixed.I32F32 {
	out := make([]fixed.I32F32, len(v))
	for i, x := range v {
		out[i] = f64(x)
	}
	return out
}
