package yuma

import (
	"math/bits"

	"github.com/taokit/taokit/internal/fixed"
)

// loadBonds fills ws.bonds with the stored bonds: u16 values as integers
// (original Yuma) or as proportions u/65535 (Yuma3), dropping entries to
// uids registered at or after last_tempo (scalar_vec_mask_sparse_matrix).
func (ws *Workspace) loadBonds(s *State, yuma3 bool, lastTempo uint64) {
	n := len(ws.cons)
	b := &ws.bonds
	b.reset(s.Bonds.NNZ())
	for i := range n {
		if i < len(s.Bonds) {
			for _, e := range s.Bonds[i] {
				if lastTempo <= s.BlockAtRegistration[e.UID] {
					continue
				}
				v := fixed.I32F32(int64(e.Value) << 32)
				if yuma3 {
					v = fixed.I32F32((uint64(e.Value) << 32) / 65535) // u16 / 65535, truncated
				}
				b.push(e.UID, v)
			}
		}
		b.endRow()
	}
}

// originalBonds is the original-Yuma branch (Yuma3On false): column
// normalized bonds, ΔB = W∘S column normalized, EMA, dividends from the
// normalized EMA; it returns the EMA column max-upscaled for storage.
func (ws *Workspace) originalBonds(p *Params, wfb *csr, incentive []fixed.I32F32) *csr {
	ws.colNormalize(&ws.bonds)
	d := &ws.delta
	d.reset(len(wfb.col))
	for i := range wfb.rows() {
		lo, hi := wfb.bounds(i)
		s := ws.actStake[i]
		for k := lo; k < hi; k++ {
			d.push(wfb.col[k], wfb.val[k].SatMul(s))
		}
		d.endRow()
	}
	ws.colNormalize(d)
	ws.matEma(d, &ws.bonds, emaAlpha(p.BondsMovingAverage, false))
	e := &ws.ema
	ws.colNormalize(e)
	for i := range e.rows() {
		lo, hi := e.bounds(i)
		var acc fixed.I32F32
		for k := lo; k < hi; k++ {
			acc = acc.SatAdd(incentive[e.col[k]].SatMul(e.val[k]))
		}
		ws.divs[i] = acc
	}
	inplaceNormalize(ws.divs)
	ws.colMaxUpscale(e)
	return e
}

// yuma3Bonds is the Yuma3 branch: absolute bonds, EMA with liquid or fixed
// alpha, dividends = (Σ_j normalized-EMA_ij·incentive_j)·active_stake_i; it
// returns the EMA (stored as absolute proportions).
func (ws *Workspace) yuma3Bonds(p *Params, wfb *csr, incentive []fixed.I32F32) *csr {
	liquid := false
	if p.LiquidAlpha {
		for _, c := range ws.cons {
			if c != 0 {
				liquid = true
				break
			}
		}
	}
	if liquid {
		ws.matEmaAlpha(p, wfb)
	} else {
		ws.matEma(wfb, &ws.bonds, emaAlpha(p.BondsMovingAverage, true))
	}
	e, en := &ws.ema, &ws.emaNorm
	en.ptr = append(en.ptr[:0], e.ptr...)
	en.col = append(en.col[:0], e.col...)
	en.val = append(en.val[:0], e.val...)
	ws.colNormalize(en)
	for i := range en.rows() {
		lo, hi := en.bounds(i)
		var total fixed.I32F32
		for k := lo; k < hi; k++ {
			total += en.val[k].SatMul(incentive[en.col[k]])
		}
		d, ok := total.CheckedMul(ws.actStake[i])
		if !ok {
			d = 0
		}
		ws.divs[i] = d
	}
	inplaceNormalize(ws.divs)
	return e
}

// emaAlpha is 1 − bma/10^6: the I64F64 quotient narrowed to I32F32 with
// saturation (original Yuma, compute_ema_bonds_normal_sparse) or, in the
// Yuma3 branch (compute_disabled_liquid_alpha, plain from_num), with the
// release build's wrapping.
func emaAlpha(bma uint64, wrapping bool) fixed.I32F32 {
	if !wrapping {
		q := fixed.I64F64FromU64(bma).SafeDiv(fixed.I64F64FromU64(1_000_000))
		return fixed.I32F32One.SatSub(q.ToI32F32())
	}
	// from_num(u64) into I64F64 wraps above 2^63; the quotient's raw bits
	// shifted right by 32 and truncated to 64 bits are the wrapped I32F32.
	q := fixed.I64F64FromBits(bma, 0).SafeDiv(fixed.I64F64FromU64(1_000_000))
	hi, lo := q.Bits()
	return fixed.I32F32One.SatSub(fixed.I32F32(hi<<32 | lo>>32))
}

// colNormalize is inplace_col_normalize_sparse over n columns.
func (ws *Workspace) colNormalize(m *csr) {
	sum := ws.colSum
	clear(sum)
	for k, j := range m.col {
		sum[j] = sum[j].SatAdd(m.val[k])
	}
	ws.divideColumns(m, sum)
}

// colMaxUpscale is inplace_col_max_upscale_sparse over n columns.
func (ws *Workspace) colMaxUpscale(m *csr) {
	mx := ws.colSum
	clear(mx)
	for k, j := range m.col {
		mx[j] = max(mx[j], m.val[k])
	}
	ws.divideColumns(m, mx)
}

// divideColumns divides each entry by by[col] where that is non-zero.
func (ws *Workspace) divideColumns(m *csr, by []fixed.I32F32) {
	for j, d := range by {
		if d != 0 {
			ws.colDiv[j] = newDivisor(d)
		}
	}
	for k, j := range m.col {
		if by[j] != 0 {
			m.val[k] = ws.colDiv[j].div(m.val[k])
		}
	}
}

// mergeScratch holds a dense per-column accumulator and a bitmap of the
// columns in use, for rows that are not sorted by column: scattering into
// them and walking the bitmap emits a row in column order in O(k + n/64).
type mergeScratch struct {
	acc  []fixed.I32F32
	bits []uint64
}

func (ms *mergeScratch) prepare(n int) {
	ms.acc = growSlice(ms.acc, n)
	ms.bits = growSlice(ms.bits, (n+63)/64)
}

// set stores v for column j, or adds it (saturating) when j is already set.
func (ms *mergeScratch) set(j uint16, v fixed.I32F32) {
	w, b := j/64, uint64(1)<<(j%64)
	if ms.bits[w]&b != 0 {
		ms.acc[j] = ms.acc[j].SatAdd(v)
		return
	}
	ms.bits[w] |= b
	ms.acc[j] = v
}

// drain calls emit for every set column in ascending order and clears them
// (bits and values).
func (ms *mergeScratch) drain(emit func(j uint16, v fixed.I32F32)) {
	for w, word := range ms.bits {
		if word == 0 {
			continue
		}
		ms.bits[w] = 0
		for word != 0 {
			j := uint16(w*64 + bits.TrailingZeros64(word))
			word &= word - 1
			v := ms.acc[j]
			ms.acc[j] = 0 // the dense EMA rows (fast.go) expect a zeroed acc
			emit(j, v)
		}
	}
}

// matEma is mat_ema_sparse(new, old, alpha) into ws.ema: per row the union
// of columns, α·new + (1−α)·old (saturating), keeping values > 0 in column
// order.
func (ws *Workspace) matEma(nw, old *csr, alpha fixed.I32F32) {
	oneMinus := fixed.I32F32One.SatSub(alpha)
	out := &ws.ema
	out.reset(len(nw.col) + len(old.col))
	for i := range nw.rows() {
		nl, nh := nw.bounds(i)
		ol, oh := old.bounds(i)
		if nw.sortedRow(i) && old.sortedRow(i) {
			for nl < nh || ol < oh {
				var c uint16
				var v fixed.I32F32
				switch {
				case ol >= oh || (nl < nh && nw.col[nl] < old.col[ol]):
					c, v = nw.col[nl], alpha.SatMul(nw.val[nl])
					nl++
				case nl >= nh || old.col[ol] < nw.col[nl]:
					c, v = old.col[ol], oneMinus.SatMul(old.val[ol])
					ol++
				default:
					c, v = nw.col[nl], alpha.SatMul(nw.val[nl]).SatAdd(oneMinus.SatMul(old.val[ol]))
					nl++
					ol++
				}
				if v > 0 {
					out.push(c, v)
				}
			}
		} else {
			ws.mergeUnsorted(nw.col[nl:nh], nw.val[nl:nh], old.col[ol:oh], old.val[ol:oh], alpha, oneMinus)
		}
		out.endRow()
	}
}

// mergeUnsorted is one matEma row for rows in arbitrary column order: the
// new term of a column is added first, then the old one, as on chain.
func (ws *Workspace) mergeUnsorted(nc []uint16, nv []fixed.I32F32, oc []uint16, ov []fixed.I32F32, alpha, oneMinus fixed.I32F32) {
	ms := &ws.merge
	for k, c := range nc {
		ms.set(c, alpha.SatMul(nv[k]))
	}
	for k, c := range oc {
		ms.set(c, oneMinus.SatMul(ov[k]))
	}
	out := &ws.ema
	ms.drain(func(j uint16, v fixed.I32F32) {
		if v > 0 {
			out.push(j, v)
		}
	})
}
