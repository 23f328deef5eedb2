package yuma

import (
	"slices"

	"github.com/taokit/taokit/internal/fixed"
)

// Sparse matrices are [][]Entry (Vec<Vec<(u16, I32F32)>>), dense ones
// [][]fixed.I32F32; both literal ports of epoch/math.rs.

func cloneSparse(m [][]Entry) [][]Entry {
	out := make([][]Entry, len(m))
	for i, r := range m {
		out[i] = append([]Entry{}, r...)
	}
	return out
}

func cloneDense(m [][]fixed.I32F32) [][]fixed.I32F32 {
	out := make([][]fixed.I32F32, len(m))
	for i, r := range m {
		out[i] = slices.Clone(r)
	}
	return out
}

// rowNormalizeDense is inplace_row_normalize.
func rowNormalizeDense(x [][]fixed.I32F32) {
	for _, row := range x {
		if s := sumFixed(row); s > 0 {
			for j, v := range row {
				row[j] = v.SafeDiv(s)
			}
		}
	}
}

// rowNormalizeSparse is inplace_row_normalize_sparse.
func rowNormalizeSparse(m [][]Entry) {
	for _, row := range m {
		var s fixed.I32F32
		for _, e := range row {
			s += e.Val
		}
		if s > 0 {
			for k := range row {
				row[k].Val = row[k].Val.SafeDiv(s)
			}
		}
	}
}

// rowSumDense is row_sum (empty when the first row is empty).
func rowSumDense(x [][]fixed.I32F32) []fixed.I32F32 {
	if len(x) > 0 && len(x[0]) == 0 {
		return []fixed.I32F32{}
	}
	out := make([]fixed.I32F32, len(x))
	for i, r := range x {
		out[i] = sumFixed(r)
	}
	return out
}

// rowSumSparse is row_sum_sparse.
func rowSumSparse(m [][]Entry) []fixed.I32F32 {
	out := make([]fixed.I32F32, len(m))
	for i, r := range m {
		for _, e := range r {
			out[i] += e.Val
		}
	}
	return out
}

// colNormalizeSparse is inplace_col_normalize_sparse.
func colNormalizeSparse(m [][]Entry, columns int) {
	sum := make([]fixed.I32F32, columns)
	for _, r := range m {
		for _, e := range r {
			if int(e.Col) < columns {
				sum[e.Col] = sum[e.Col].SatAdd(e.Val)
			}
		}
	}
	for _, r := range m {
		for k, e := range r {
			if int(e.Col) < columns && sum[e.Col] != 0 {
				r[k].Val = e.Val.SafeDiv(sum[e.Col])
			}
		}
	}
}

// colNormalizeDense is inplace_col_normalize.
func colNormalizeDense(x [][]fixed.I32F32) {
	var sums []fixed.I32F32
	for _, r := range x {
		for len(sums) < len(r) {
			sums = append(sums, 0)
		}
		for j, v := range r {
			sums[j] = sums[j].SatAdd(v)
		}
	}
	for _, r := range x {
		for j, v := range r {
			if sums[j] != 0 {
				r[j] = v.SafeDiv(sums[j])
			}
		}
	}
}

// colMaxUpscaleSparse is inplace_col_max_upscale_sparse.
func colMaxUpscaleSparse(m [][]Entry, columns int) {
	mx := make([]fixed.I32F32, columns)
	for _, r := range m {
		for _, e := range r {
			if int(e.Col) < columns && mx[e.Col] < e.Val {
				mx[e.Col] = e.Val
			}
		}
	}
	for _, r := range m {
		for k, e := range r {
			if int(e.Col) < columns && mx[e.Col] != 0 {
				r[k].Val = e.Val.SafeDiv(mx[e.Col])
			}
		}
	}
}

// colMaxUpscaleDense is inplace_col_max_upscale.
func colMaxUpscaleDense(x [][]fixed.I32F32) {
	var mx []fixed.I32F32
	for _, r := range x {
		for len(mx) < len(r) {
			mx = append(mx, 0)
		}
		for j, v := range r {
			if mx[j] < v {
				mx[j] = v
			}
		}
	}
	for _, r := range x {
		for j, v := range r {
			if mx[j] != 0 {
				r[j] = v.SafeDiv(mx[j])
			}
		}
	}
}

// maskMatrix is inplace_mask_matrix.
func maskMatrix(mask [][]bool, x [][]fixed.I32F32) {
	if len(mask) == 0 || len(mask[0]) == 0 {
		return
	}
	for r, row := range x {
		for c := range row {
			if r >= len(mask) || c >= len(mask[r]) || mask[r][c] {
				row[c] = 0
			}
		}
	}
}

// maskRowsDense is inplace_mask_rows.
func maskRowsDense(mask []bool, x [][]fixed.I32F32) {
	if len(x) == 0 {
		return
	}
	cols := len(x[0])
	for r := range x {
		if r >= len(mask) || mask[r] {
			x[r] = make([]fixed.I32F32, cols)
		}
	}
}

// maskDiagDense is inplace_mask_diag (square matrices only).
func maskDiagDense(x [][]fixed.I32F32) {
	if len(x) == 0 || len(x[0]) == 0 || len(x) != len(x[0]) {
		return
	}
	for i := range x {
		if i < len(x[i]) {
			x[i][i] = 0
		}
	}
}

// maskDiagExceptDense is inplace_mask_diag_except_index.
func maskDiagExceptDense(x [][]fixed.I32F32, except int) {
	if len(x) == 0 || len(x[0]) == 0 || len(x) != len(x[0]) {
		return
	}
	var keep fixed.I32F32
	has := except < len(x) && except < len(x[except])
	if has {
		keep = x[except][except]
	}
	maskDiagDense(x)
	if has {
		x[except][except] = keep
	}
}

// maskRowsSparse is mask_rows_sparse (a missing mask entry masks).
func maskRowsSparse(mask []bool, m [][]Entry) [][]Entry {
	out := make([][]Entry, len(m))
	for i, r := range m {
		if i >= len(mask) || mask[i] {
			out[i] = []Entry{}
		} else {
			out[i] = append([]Entry{}, r...)
		}
	}
	return out
}

// maskDiagSparse is mask_diag_sparse; with except ≥ 0 it is
// mask_diag_sparse_except_index.
func maskDiagSparse(m [][]Entry, except int) [][]Entry {
	out := make([][]Entry, len(m))
	for i, r := range m {
		out[i] = []Entry{}
		for _, e := range r {
			if i != int(e.Col) || (i == except && int(e.Col) == except) {
				out[i] = append(out[i], e)
			}
		}
	}
	return out
}

// vecMaskSparse is vec_mask_sparse_matrix: drop (i, j) when fn(first[i], second[j]).
func vecMaskSparse(m [][]Entry, first, second []uint64, fn func(a, b uint64) bool) [][]Entry {
	out := make([][]Entry, len(m))
	for i, r := range m {
		var fv uint64
		if i < len(first) {
			fv = first[i]
		}
		out[i] = []Entry{}
		for _, e := range r {
			var sv uint64
			if int(e.Col) < len(second) {
				sv = second[e.Col]
			}
			if !fn(fv, sv) {
				out[i] = append(out[i], e)
			}
		}
	}
	return out
}

// scalarVecMaskSparse is scalar_vec_mask_sparse_matrix.
func scalarVecMaskSparse(m [][]Entry, scalar uint64, vec []uint64, fn func(a, b uint64) bool) [][]Entry {
	return vecMaskSparse(m, repeatU64(scalar, len(m)), vec, fn)
}

func repeatU64(v uint64, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// rowHadamardDense is row_hadamard.
func rowHadamardDense(x [][]fixed.I32F32, v []fixed.I32F32) [][]fixed.I32F32 {
	var out [][]fixed.I32F32
	for i, r := range x {
		if i >= len(v) {
			break
		}
		row := make([]fixed.I32F32, len(r))
		for j, m := range r {
			row[j] = v[i].SatMul(m)
		}
		out = append(out, row)
	}
	return out
}

// rowHadamardSparse is row_hadamard_sparse.
func rowHadamardSparse(m [][]Entry, v []fixed.I32F32) [][]Entry {
	var out [][]Entry
	for i, r := range m {
		if i >= len(v) {
			break
		}
		row := make([]Entry, len(r))
		for k, e := range r {
			row[k] = Entry{e.Col, e.Val.SatMul(v[i])}
		}
		out = append(out, row)
	}
	return out
}

// matmulDense is matmul: result_j = Σ_i v_i·x_ij (saturating).
func matmulDense(x [][]fixed.I32F32, v []fixed.I32F32) []fixed.I32F32 {
	if len(x) == 0 || len(x[0]) == 0 {
		return []fixed.I32F32{}
	}
	acc := make([]fixed.I32F32, len(x[0]))
	for i, r := range x {
		var s fixed.I32F32
		if i < len(v) {
			s = v[i]
		}
		for j, m := range r {
			if j < len(acc) {
				acc[j] = acc[j].SatAdd(s.SatMul(m))
			}
		}
	}
	return acc
}

// matmulTransposeDense is matmul_transpose: result_i = Σ_j v_j·x_ij.
func matmulTransposeDense(x [][]fixed.I32F32, v []fixed.I32F32) []fixed.I32F32 {
	if len(x) == 0 || len(x[0]) == 0 {
		return []fixed.I32F32{}
	}
	out := make([]fixed.I32F32, len(x))
	for i, r := range x {
		var s fixed.I32F32
		for j, m := range r {
			if j >= len(v) {
				break
			}
			s = s.SatAdd(m.SatMul(v[j]))
		}
		out[i] = s
	}
	return out
}

// matmulSparse is matmul_sparse.
func matmulSparse(m [][]Entry, v []fixed.I32F32, columns int) []fixed.I32F32 {
	out := make([]fixed.I32F32, columns)
	for i, r := range m {
		var s fixed.I32F32
		if i < len(v) {
			s = v[i]
		}
		for _, e := range r {
			if int(e.Col) < columns {
				out[e.Col] = out[e.Col].SatAdd(s.SatMul(e.Val))
			}
		}
	}
	return out
}

// matmulTransposeSparse is matmul_transpose_sparse.
func matmulTransposeSparse(m [][]Entry, v []fixed.I32F32) []fixed.I32F32 {
	out := make([]fixed.I32F32, len(m))
	for i, r := range m {
		var s fixed.I32F32
		for _, e := range r {
			var x fixed.I32F32
			if int(e.Col) < len(v) {
				x = v[e.Col]
			}
			s = s.SatAdd(x.SatMul(e.Val))
		}
		out[i] = s
	}
	return out
}

// matVecMulDense is mat_vec_mul.
func matVecMulDense(x [][]fixed.I32F32, v []fixed.I32F32) [][]fixed.I32F32 {
	if len(x) == 0 || len(x[0]) == 0 {
		return [][]fixed.I32F32{{}}
	}
	out := make([][]fixed.I32F32, len(x))
	for i, r := range x {
		out[i] = vecMul(r, v)
	}
	return out
}

// matVecMulSparse is mat_vec_mul_sparse (zero products dropped).
func matVecMulSparse(m [][]Entry, v []fixed.I32F32) [][]Entry {
	out := make([][]Entry, len(m))
	for i, r := range m {
		out[i] = []Entry{}
		for _, e := range r {
			if int(e.Col) < len(v) {
				if p := e.Val.SatMul(v[e.Col]); p != 0 {
					out[i] = append(out[i], Entry{e.Col, p})
				}
			}
		}
	}
	return out
}

// colClipDense is inplace_col_clip.
func colClipDense(x [][]fixed.I32F32, th []fixed.I32F32) {
	for _, r := range x {
		for j, v := range r {
			if j >= len(th) {
				break
			}
			r[j] = min(th[j], v)
		}
	}
}

// colClipSparse is col_clip_sparse.
func colClipSparse(m [][]Entry, th []fixed.I32F32) [][]Entry {
	out := make([][]Entry, len(m))
	for i, r := range m {
		out[i] = []Entry{}
		for _, e := range r {
			var t fixed.I32F32
			if int(e.Col) < len(th) {
				t = th[e.Col]
			}
			if t < e.Val {
				if t > 0 {
					out[i] = append(out[i], Entry{e.Col, t})
				}
			} else {
				out[i] = append(out[i], e)
			}
		}
	}
	return out
}
