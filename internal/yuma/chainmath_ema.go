package yuma

import "github.com/taokit/taokit/internal/fixed"

// interpolateDense is interpolate(A, B, ratio) = A + ratio·(B − A).
func interpolateDense(a, b [][]fixed.I32F32, ratio fixed.I32F32) [][]fixed.I32F32 {
	switch ratio {
	case 0:
		return cloneDense(a)
	case fixed.I32F32One:
		return cloneDense(b)
	}
	if len(a) == 0 || len(a[0]) == 0 {
		return [][]fixed.I32F32{{}}
	}
	cols := len(a[0])
	out := make([][]fixed.I32F32, len(a))
	for i := range out {
		out[i] = make([]fixed.I32F32, cols)
		if i >= len(b) {
			continue
		}
		for j := 0; j < cols && j < len(a[i]) && j < len(b[i]); j++ {
			out[i][j] = a[i][j].SatAdd(ratio.SatMul(b[i][j].SatSub(a[i][j])))
		}
	}
	return out
}

// interpolateSparse is interpolate_sparse.
func interpolateSparse(a, b [][]Entry, columns int, ratio fixed.I32F32) [][]Entry {
	switch ratio {
	case 0:
		return cloneSparse(a)
	case fixed.I32F32One:
		return cloneSparse(b)
	}
	if len(a) != len(b) {
		return cloneSparse(b)
	}
	out := make([][]Entry, len(a))
	for i := range a {
		r1, r2 := make([]fixed.I32F32, columns), make([]fixed.I32F32, columns)
		for _, e := range a[i] {
			if int(e.Col) < columns {
				r1[e.Col] = e.Val
			}
		}
		for _, e := range b[i] {
			if int(e.Col) < columns {
				r2[e.Col] = e.Val
			}
		}
		out[i] = []Entry{}
		for j := range columns {
			if v := r1[j].SatAdd(ratio.SatMul(r2[j].SatSub(r1[j]))); v > 0 {
				out[i] = append(out[i], Entry{uint16(j), v})
			}
		}
	}
	return out
}

// matEmaDense is mat_ema: α·new + (1−α)·old element-wise.
func matEmaDense(nw, old [][]fixed.I32F32, alpha fixed.I32F32) [][]fixed.I32F32 {
	if len(nw) == 0 {
		return [][]fixed.I32F32{{}}
	}
	if len(nw[0]) == 0 {
		return [][]fixed.I32F32{{}}
	}
	oneMinus := fixed.I32F32One.SatSub(alpha)
	var out [][]fixed.I32F32
	for i, r := range nw {
		if i >= len(old) {
			break
		}
		row := make([]fixed.I32F32, min(len(r), len(old[i])))
		for j := range row {
			row[j] = alpha.SatMul(r[j]).SatAdd(oneMinus.SatMul(old[i][j]))
		}
		out = append(out, row)
	}
	return out
}

// matEmaSparse is mat_ema_sparse (square: n = rows).
func matEmaSparse(nw, old [][]Entry, alpha fixed.I32F32) [][]Entry {
	n := len(nw)
	oneMinus := fixed.I32F32One.SatSub(alpha)
	out := make([][]Entry, n)
	for i := range nw {
		acc := make([]fixed.I32F32, n)
		for _, e := range nw[i] {
			if int(e.Col) < n {
				acc[e.Col] = acc[e.Col].SatAdd(alpha.SatMul(e.Val))
			}
		}
		if i < len(old) {
			for _, e := range old[i] {
				if int(e.Col) < n {
					acc[e.Col] = acc[e.Col].SatAdd(oneMinus.SatMul(e.Val))
				}
			}
		}
		out[i] = []Entry{}
		for j, v := range acc {
			if v > 0 {
				out[i] = append(out[i], Entry{uint16(j), v})
			}
		}
	}
	return out
}

// matEmaAlphaSparse is mat_ema_alpha_sparse: only the new row's columns are
// emitted, min(1, (1−α)·old + max(0, α·new)), kept when > 0.
func matEmaAlphaSparse(nw, old [][]Entry, alpha [][]fixed.I32F32) [][]Entry {
	if len(nw) != len(old) || len(nw) != len(alpha) {
		return cloneSparse(nw)
	}
	out := make([][]Entry, len(nw))
	for i := range nw {
		decayed := make([]fixed.I32F32, len(alpha[i]))
		for _, e := range old[i] {
			if int(e.Col) < len(alpha[i]) {
				decayed[e.Col] = fixed.I32F32One.SatSub(alpha[i][e.Col]).SatMul(e.Val)
			}
		}
		out[i] = []Entry{}
		for _, e := range nw[i] {
			if int(e.Col) < len(alpha[i]) {
				a := alpha[i][e.Col]
				v := min(decayed[e.Col].SatAdd(max(a.SatMul(e.Val), 0)), fixed.I32F32One)
				if v > 0 {
					out[i] = append(out[i], Entry{e.Col, v})
				}
			}
		}
	}
	return out
}

// matEmaAlphaDense is mat_ema_alpha: min(1, (1−α)·old + max(0, α·new)); any
// shape mismatch returns old (outer) or new (rows) unchanged.
func matEmaAlphaDense(nw, old, alpha [][]fixed.I32F32) [][]fixed.I32F32 {
	if len(nw) == 0 || len(nw[0]) == 0 {
		return [][]fixed.I32F32{{}}
	}
	if len(nw) != len(old) || len(nw) != len(alpha) {
		return cloneDense(old)
	}
	for i := range nw {
		if len(nw[i]) != len(old[i]) || len(nw[i]) != len(alpha[i]) {
			return cloneDense(nw)
		}
	}
	out := make([][]fixed.I32F32, len(nw))
	for i := range nw {
		out[i] = make([]fixed.I32F32, len(nw[i]))
		for j := range nw[i] {
			a := alpha[i][j]
			out[i][j] = min(fixed.I32F32One.SatSub(a).SatMul(old[i][j]).SatAdd(max(a.SatMul(nw[i][j]), 0)), fixed.I32F32One)
		}
	}
	return out
}

// liquidAlphasSparse is compute_liquid_alpha_values_sparse: a dense n×len(c)
// alpha matrix read through the chain's merge cursors.
func liquidAlphasSparse(la *liquidAlpha, w, b [][]Entry, cons []fixed.I32F32) [][]fixed.I32F32 {
	if len(w) != len(b) {
		return nil
	}
	out := make([][]fixed.I32F32, len(w))
	for i := range w {
		wi, bi := 0, 0
		row := make([]fixed.I32F32, len(cons))
		for j := range cons {
			var wv, bv fixed.I32F32
			for wi < len(w[i]) {
				if int(w[i][wi].Col) < j {
					wi++
					continue
				}
				if int(w[i][wi].Col) == j {
					wv = w[i][wi].Val
				}
				break
			}
			for bi < len(b[i]) {
				if int(b[i][bi].Col) < j {
					bi++
					continue
				}
				if int(b[i][bi].Col) == j {
					bv = b[i][bi].Val
				}
				break
			}
			row[j] = la.alphaLiteral(cons[j], wv, bv)
		}
		out[i] = row
	}
	return out
}

// liquidAlphasDense is compute_liquid_alpha_values (zip over the shortest).
func liquidAlphasDense(la *liquidAlpha, w, b [][]fixed.I32F32, cons []fixed.I32F32) [][]fixed.I32F32 {
	if len(w) != len(b) {
		return nil
	}
	out := make([][]fixed.I32F32, len(w))
	for i := range w {
		n := min(len(w[i]), len(b[i]), len(cons))
		out[i] = make([]fixed.I32F32, n)
		for j := range n {
			out[i][j] = la.alphaLiteral(cons[j], w[i][j], b[i][j])
		}
	}
	return out
}

// alphaLiteral is alpha_sigmoid without the fast paths (fixed.ExpSafe).
func (la *liquidAlpha) alphaLiteral(consensus, weight, bond fixed.I32F32) fixed.I32F32 {
	one := fixed.I32F32One
	buy := clampValue(weight.SatSub(consensus), 0, one)
	sell := clampValue(bond.SatSub(weight), 0, one)
	x := sell
	if weight >= bond {
		x = buy
	}
	sig := one.SatDiv(one.SatAdd(fixed.ExpSafe(la.steep.SatMul(x.SatSub(half)))))
	return clampValue(la.low.SatAdd(sig.SatMul(la.high.SatSub(la.low))), la.low, la.high)
}
