package yuma

import (
	"math/bits"

	"github.com/taokit/taokit/internal/fixed"
)

// Fast paths for the bond and dividend stages. They compute exactly what the
// general code (epoch_bonds.go, emission.go) computes, but fuse its passes
// over the bond matrices and drop the saturation checks that provably never
// trigger. The proofs rest on one property, checked per epoch ("unit"):
//
//   - n ≤ maxUnitN. A weight row then has at most n entries of at most
//     65535·2^32 raw each, so its sum is below 2^31·2^32 = 2^63 and never
//     wraps: every row-normalized weight v/Σ lies in [0, 1].
//   - the active stake lies in [0, 1] (checked: the wide stake path can
//     wrap on absurd stakes).
//   - consensus values are scores (weights) or 0, so clipped weights and the
//     interpolated weights for bonds w + r·(c − w), r ∈ [0, 1], c ≤ w, also
//     lie in [0, 1]: ⌊r·(c−w)⌋ ≥ c − w because c − w ≤ 0.
//   - incentive lies in [0, 1] (checked).
//
// For I32F32 a, b in [0, 1] the floored product a·b lies in [0, 1], so
// saturating_mul is ⌊a·b/2^32⌋ (mulUnit); sums of at most n ≤ 2^15 such
// values stay below 2^47 and saturating_add is plain addition; a quotient
// a/d with 0 ≤ a ≤ d is ⌊a·2^32/d⌋ ≤ 2^32 (divisor.fracQuo) and never
// overflows; fixed_proportion_to_u16(x) for x in [0, 1] is ⌊x·65535/2^32⌋
// (x·65535 < 2^48), never saturating.

// maxUnitN is the largest n for which a u16 weight row's sum cannot wrap:
// 32768·65535 < 2^31.
const maxUnitN = 32768

// inUnit reports whether every value lies in [0, 1].
func inUnit(v []fixed.I32F32) bool {
	for _, x := range v {
		if uint64(x) > uint64(fixed.I32F32One) {
			return false
		}
	}
	return true
}

// mulUnit is saturating_mul for a, b in [0, 1]: ⌊a·b/2^32⌋, at most 2^32.
// (The 128-bit product only reaches 2^64 for a = b = 1.)
func mulUnit(a, b fixed.I32F32) fixed.I32F32 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	return fixed.I32F32(hi<<32 | lo>>32)
}

// u16Unit is fixed_proportion_to_u16 for x in [0, 1].
func u16Unit(x fixed.I32F32) uint16 { return uint16(uint64(x) * 65535 >> 32) }

// yuma3Bond is the Yuma3 stored-bond value u/65535 as I32F32, truncated:
// ⌊u·2^32/65535⌋. As 2^32 = 65535·65537 + 1, u·2^32/65535 is
// u·65537 + u/65535, whose floor is u·65537 + ⌊u/65535⌋, and ⌊u/65535⌋ is
// 1 for u = 65535 and 0 below: (u+1)>>16.
func yuma3Bond(u uint16) fixed.I32F32 {
	x := uint64(u)
	return fixed.I32F32(x*65537 + (x+1)>>16)
}

// mulNarrow is mulUnit for a < 1 and b ≤ 1 (a, b ≥ 0): the product is
// below 2^64, so one 64-bit multiply gives it.
func mulNarrow(a, b fixed.I32F32) fixed.I32F32 {
	return fixed.I32F32(uint64(a) * uint64(b) >> 32)
}

// setBondKeep fills ws.bondKeep: the registration mask of both bond
// branches (scalar_vec_mask_sparse_matrix) drops bonds to uid j when
// last_tempo ≤ block_at_registration_j. ws.keepAll records whether it
// drops none.
func (ws *Workspace) setBondKeep(s *State, lastTempo uint64) {
	n := len(ws.cons)
	ws.bondKeep = growSlice(ws.bondKeep, n)
	all := true
	for j, r := range s.BlockAtRegistration[:n] {
		ws.bondKeep[j] = lastTempo > r
		all = all && lastTempo > r
	}
	ws.keepAll = all
}

// storedRow returns uid i's stored bond row, or nil.
func storedRow(s *State, i int) []Pair {
	if i < len(s.Bonds) {
		return s.Bonds[i]
	}
	return nil
}

// yuma3BondsFast is yuma3Bonds in the unit case: the EMA (liquid alpha's
// entries lie in [0, 1] too: α in [low, high] ⊂ [0, 1] and the value is
// capped at 1) and then the fused dividends and stored rows.
func (ws *Workspace) yuma3BondsFast(p *Params, s *State, wfb *csr, incentive []fixed.I32F32, lastTempo uint64, out *Output) *csr {
	liquid := false
	if p.LiquidAlpha {
		for _, c := range ws.cons {
			if c != 0 {
				liquid = true
				break
			}
		}
	}
	alpha := emaAlpha(p.BondsMovingAverage, true)
	switch {
	case liquid:
		ws.loadBonds(s, true, lastTempo)
		ws.matEmaAlpha(p, wfb)
		cs := ws.colSum
		clear(cs)
		for k, j := range ws.ema.col {
			cs[j] += ws.ema.val[k]
		}
	case alpha >= 0 && alpha <= fixed.I32F32One:
		ws.setBondKeep(s, lastTempo)
		ws.yuma3EmaFused(s, wfb, alpha, false, out)
	default:
		ws.loadBonds(s, true, lastTempo)
		return ws.yuma3Bonds(p, wfb, incentive)
	}
	ws.yuma3Finish(out, incentive)
	return &ws.ema
}

// clipFusable reports whether the epoch may take the fused path that
// clips the weights inside the Yuma3 bond EMA: the unit case, Yuma3 with
// bonds_penalty 1 (the bonds read the clipped weights), a fixed α in
// [0, 1] (liquid alpha off or inert: all consensus 0), and no trace.
func (ws *Workspace) clipFusable(p *Params) bool {
	if !ws.unit || !p.Yuma3 || ws.Trace != nil || p.BondsPenalty() != fixed.I32F32One {
		return false
	}
	if p.LiquidAlpha {
		for _, c := range ws.cons {
			if c != 0 {
				return false
			}
		}
	}
	alpha := emaAlpha(p.BondsMovingAverage, true)
	return alpha >= 0 && alpha <= fixed.I32F32One
}

// yuma3EmaFused is loadBonds followed by mat_ema_sparse(wfb, bonds, α) in
// the unit case with α in [0, 1]: it reads the stored u16 bond rows directly
// and accumulates the column sums of the EMA into ws.colSum on the way.
// Every term lies in [0, 1]: α·w ≤ α and (1−α)·b ≤ 1−α, so their sum is at
// most 1 and the saturating adds are plain.
//
// With clip, wfb is ws.w and each row is first clipped as clipUnit does
// (trust and rank included, into ws.trust and ws.rank; ws.clip is not
// built): the clipped row is the weight row with the entries min(v, c_j),
// where an entry clipped to 0 is dropped by col_clip_sparse, while here it
// stays with value 0. It adds 0 to the EMA, which keeps only values > 0,
// so the EMA is the same.
func (ws *Workspace) yuma3EmaFused(s *State, wfb *csr, alpha fixed.I32F32, clip bool, res *Output) {
	n := len(ws.cons)
	oneMinus := fixed.I32F32One - alpha
	narrow := alpha > 0 && alpha < fixed.I32F32One
	out, keep, cs := &ws.ema, ws.bondKeep, ws.colSum
	clear(cs)
	col, val := out.open(len(wfb.col) + s.Bonds.NNZ() + 1) // +1: denseEmit writes one ahead
	pos := 0
	acc := ws.merge.acc
	var crow []fixed.I32F32
	if clip {
		crow = ws.scratchVec(2, n)
	}
	cons, rank := ws.cons, ws.rank
	// Rows that are nearly full are kept as dense rows of n values
	// (ws.emaDense) instead of compacted into ws.ema's col/val; their
	// ws.ema range is reserved (its length is the row's count of positive
	// values) but not filled. Only yuma3Finish and storeBonds (by bounds)
	// read ws.ema afterwards, so not with a trace.
	ws.emaHasDense = ws.Trace == nil
	var denseBuf []fixed.I32F32
	if ws.emaHasDense {
		ws.emaRowDense = growSlice(ws.emaRowDense, n)
		slots := 0
		for i := range n {
			nl, nh := wfb.bounds(i)
			if denseStore(nh-nl+len(storedRow(s, i)), n) {
				slots++
			}
		}
		if cap(ws.emaDense) < slots*n {
			ws.emaDense = make([]fixed.I32F32, slots*n)
		}
		denseBuf = ws.emaDense[:slots*n]
	}
	// In the common case (the dense rows go through denseEmaClip) the
	// stored pairs of the dense rows are written here, in the sweep that
	// counts them, into ws.stored sized for an upper bound of the stored
	// entries (each stored row has at most min(n, weights + bonds)
	// entries) plus one (sumCountPack writes one ahead). spos is the
	// stored position of row i: the entry count of the earlier rows with
	// a new permit, as yuma3Finish and storeBonds lay them out.
	var pairs []Pair
	spos := 0
	if ws.storedPre = clip && narrow && denseBuf != nil; ws.storedPre {
		upper := 1
		for i, p := range ws.newPermit {
			if p {
				nl, nh := wfb.bounds(i)
				upper += min(n, nh-nl+len(storedRow(s, i)))
			}
		}
		pairs = ws.pairBuf(res, upper)
		ws.stored = pairs
	}
	slot := int32(0)
	for i := range n {
		nl, nh := wfb.bounds(i)
		wc, wv := wfb.col[nl:nh], wfb.val[nl:nh]
		old := storedRow(s, i)
		if i > 0 && ws.newPermit[i-1] {
			spos += int(out.ptr[i] - out.ptr[i-1])
		}
		if ws.storedPre && denseStore(len(wc)+len(old), n) {
			// The common case in one pass over each row: clipping,
			// trust and rank fused into the EMA's scatter.
			row := denseBuf[int(slot)*n : int(slot+1)*n]
			slot++
			ws.emaRowDense[i] = slot
			k := keep
			if ws.keepAll {
				k = nil
			}
			ws.trust[i] = denseEmaClip(row, old, k, wc, wv, cons, rank, ws.actStake[i], alpha)
			// Only the columns from the row's first entry to its last
			// can hold a positive value; with sorted rows they are
			// known without a scan.
			lo, hi := 0, n
			if ws.wSorted[i] && ws.bondSorted[i] {
				lo, hi = span(wc, old)
			}
			if ws.newPermit[i] {
				pos += sumCountPack(row[lo:hi], cs[lo:hi], pairs, spos, lo)
			} else {
				pos += sumCount(row[lo:hi], cs[lo:hi])
			}
			out.closeRow(pos)
			continue
		}
		if clip {
			cv := crow[:len(wc)]
			var trust fixed.I32F32
			st := ws.actStake[i]
			for k, j := range wc {
				c := min(wv[k], cons[j])
				cv[k] = c
				trust += c
				rank[j] += mulUnit(st, c)
			}
			ws.trust[i] = trust
			wv = cv
		}
		if denseBuf != nil && denseStore(len(wc)+len(old), n) {
			row := denseBuf[int(slot)*n : int(slot+1)*n]
			slot++
			ws.emaRowDense[i] = slot
			clear(row)
			if narrow {
				// 0 < α < 1: both products are below 2^64.
				for _, e := range old {
					t := mulNarrow(oneMinus, yuma3Bond(e.Value))
					if !keep[e.UID] {
						t = 0
					}
					row[e.UID] = t
				}
				for k, j := range wc {
					row[j] += mulNarrow(alpha, wv[k])
				}
			} else {
				for _, e := range old {
					t := mulUnit(oneMinus, yuma3Bond(e.Value))
					if !keep[e.UID] {
						t = 0
					}
					row[e.UID] = t
				}
				for k, j := range wc {
					row[j] += mulUnit(alpha, wv[k])
				}
			}
			cs := cs[:len(row)]
			cnt := 0
			for j, v := range row {
				cs[j] += v
				cnt += positive(v)
			}
			pos += cnt
			out.closeRow(pos)
			continue
		}
		if denseRow(len(wc)+len(old), n) {
			// Scatter into the dense accumulator (no column repeats
			// within a row), then sweep it in column order.
			for _, e := range old {
				t := mulUnit(oneMinus, yuma3Bond(e.Value))
				if !keep[e.UID] {
					t = 0
				}
				acc[e.UID] = t
			}
			for k, j := range wc {
				acc[j] += mulUnit(alpha, wv[k])
			}
			pos = denseEmit(acc, col, val, pos, cs)
			out.closeRow(pos)
			continue
		}
		if !ws.wSorted[i] || !ws.bondSorted[i] {
			ms := &ws.merge
			for k, j := range wc {
				ms.set(j, mulUnit(alpha, wv[k]))
			}
			for _, e := range old {
				if keep[e.UID] {
					ms.set(e.UID, mulUnit(oneMinus, yuma3Bond(e.Value)))
				}
			}
			ms.drain(func(j uint16, v fixed.I32F32) {
				if v > 0 {
					col[pos], val[pos] = j, v
					pos++
					cs[j] += v
				}
			})
			out.closeRow(pos)
			continue
		}
		a, b := 0, 0
		for a < len(wc) || b < len(old) {
			var c uint16
			var v fixed.I32F32
			switch {
			case b >= len(old) || (a < len(wc) && wc[a] < old[b].UID):
				c, v = wc[a], mulUnit(alpha, wv[a])
				a++
			case a >= len(wc) || old[b].UID < wc[a]:
				c = old[b].UID
				if keep[c] {
					v = mulUnit(oneMinus, yuma3Bond(old[b].Value))
				}
				b++
			default:
				c, v = wc[a], mulUnit(alpha, wv[a])
				if keep[c] {
					v += mulUnit(oneMinus, yuma3Bond(old[b].Value))
				}
				a++
				b++
			}
			if v > 0 {
				col[pos], val[pos] = c, v
				pos++
				cs[c] += v
			}
		}
		out.closeRow(pos)
	}
	out.done(pos)
}

// denseEmaClip is one dense row of yuma3EmaFused with clip, for 0 < α < 1
// (both EMA products then lie below 2^64: mulNarrow): row (length n) gets
// (1−α)·b_ij for the kept stored bonds, plus α·min(w_ij, c_j) for the
// weights, whose clipped values are added to rank (times the row's active
// stake st) and summed into the returned trust. keep nil keeps every bond.
func denseEmaClip(row []fixed.I32F32, old []Pair, keep []bool, wc []uint16, wv, cons, rank []fixed.I32F32, st, alpha fixed.I32F32) fixed.I32F32 {
	oneMinus := fixed.I32F32One - alpha
	clear(row)
	if keep == nil {
		for _, e := range old {
			row[e.UID] = mulNarrow(oneMinus, yuma3Bond(e.Value))
		}
	} else {
		for _, e := range old {
			t := mulNarrow(oneMinus, yuma3Bond(e.Value))
			if !keep[e.UID] {
				t = 0
			}
			row[e.UID] = t
		}
	}
	// Shared lengths: fewer bounds checks and live registers.
	wv, cons, rank = wv[:len(wc)], cons[:len(row)], rank[:len(row)]
	var trust fixed.I32F32
	if st < fixed.I32F32One {
		// st·c < 2^64 too.
		for k, j := range wc {
			c := min(wv[k], cons[j])
			trust += c
			rank[j] += mulNarrow(st, c)
			row[j] += mulNarrow(alpha, c)
		}
		return trust
	}
	for k, j := range wc {
		c := min(wv[k], cons[j])
		trust += c
		rank[j] += mulUnit(st, c)
		row[j] += mulNarrow(alpha, c)
	}
	return trust
}

// sumCount adds row to cs and returns the count of its positive values
// (row's values are ≥ 0).
// Not inlined: inlined, its loop state spills to the stack.
//
//go:noinline
func sumCount(row, cs []fixed.I32F32) int {
	cs = cs[:len(row)]
	cnt := 0
	for j, v := range row {
		cs[j] += v
		cnt += positive(v)
	}
	return cnt
}

// sumCountPack is sumCount that also writes row's positive values as
// stored pairs (row[k] being column col0+k) at pairs[p:], which must have room for one more than are
// written. Branch-free: each pair is written, and kept by advancing.
// Not inlined: inlined, its loop state spills to the stack.
//
//go:noinline
func sumCountPack(row, cs []fixed.I32F32, pairs []Pair, p, col0 int) int {
	cs = cs[:len(row)]
	p0 := p
	for j, v := range row {
		cs[j] += v
		pairs[p] = packPair(uint16(col0+j), u16Unit(v))
		p += positive(v)
	}
	return p - p0
}

// span returns the column range [lo, hi) from the first to the last
// entry of the sorted rows wc and old together (empty when both are).
func span(wc []uint16, old []Pair) (int, int) {
	lo, hi := 1<<16, 0
	if len(wc) > 0 {
		lo, hi = int(wc[0]), int(wc[len(wc)-1])+1
	}
	if len(old) > 0 {
		lo, hi = min(lo, int(old[0].UID)), max(hi, int(old[len(old)-1].UID)+1)
	}
	if lo >= hi {
		return 0, 0
	}
	return lo, hi
}

// denseStore reports whether a row with about k entries over n columns
// (k an upper bound: weights plus stored bonds) is kept dense by
// yuma3EmaFused. Its n values then take no more memory than the room
// ws.ema reserves for the row anyway (10 bytes for each of k ≥ 3n/4
// possible entries), so dense rows at most double the EMA's footprint.
func denseStore(k, n int) bool { return 4*k >= 3*n }

// denseRow reports whether a row with about k entries over n columns is
// better merged through the dense accumulator, swept in full, than by a
// sorted merge, whose data-dependent branches mispredict.
func denseRow(k, n int) bool { return 4*k >= n }

// denseEmit sweeps acc (length n) in column order, appending its positive
// entries at col/val[pos:] (which must have room for one more entry than
// are appended), adding every value to cs and clearing acc. It returns the
// new position. Branch-free: each value is written, and kept by advancing.
func denseEmit(acc []fixed.I32F32, col []uint16, val []fixed.I32F32, pos int, cs []fixed.I32F32) int {
	cs = cs[:len(acc)]
	for j, v := range acc {
		acc[j] = 0
		col[pos], val[pos] = uint16(j), v
		cs[j] += v
		pos += positive(v)
	}
	return pos
}

// denseEmitMax is denseEmit that also tracks the column maxima in mx.
func denseEmitMax(acc []fixed.I32F32, col []uint16, val []fixed.I32F32, pos int, cs, mx []fixed.I32F32) int {
	cs, mx = cs[:len(acc)], mx[:len(acc)]
	for j, v := range acc {
		acc[j] = 0
		col[pos], val[pos] = uint16(j), v
		cs[j] += v
		mx[j] = max(mx[j], v)
		pos += positive(v)
	}
	return pos
}

// packPair is Pair{j, u}, built from one 32-bit word so that the compiler
// stores it with one instruction instead of two 16-bit ones.
func packPair(j, u uint16) Pair {
	x := uint32(j) | uint32(u)<<16
	return Pair{uint16(x), uint16(x >> 16)}
}

// positive is 1 for v > 0 and 0 for v = 0 (v ≥ 0): the sign bit of −v,
// without a branch.
func positive(v fixed.I32F32) int { return int(uint64(-v) >> 63) }

// yuma3Finish computes the Yuma3 dividends from ws.ema, whose entries lie in
// [0, 1] and whose column sums are in ws.colSum, and converts the rows of
// uids with a new permit to their stored u16 form (ws.stored).
func (ws *Workspace) yuma3Finish(out *Output, incentive []fixed.I32F32) {
	e, cs := &ws.ema, ws.colSum
	n := len(cs)
	// The columns that can contribute to a dividend: positive incentive
	// (a product with incentive 0 is 0) and a positive sum (else the
	// column has no entry). Only their divisors are needed: in any other
	// column with entries the (stale) divisor's quotient is multiplied by
	// incentive 0, which gives 0 whatever the quotient is.
	//
	// The columns with a positive sum (ws.nzCols) hold every positive EMA
	// entry: a sum of entries ≥ 0 is 0 only if they all are. Their
	// divisors with incentive 0 are zeroed: the quotient taken with it is
	// some value, multiplied by 0.
	ws.incCols, ws.nzCols = ws.incCols[:0], ws.nzCols[:0]
	incNarrow := true // every incentive is below 1
	for j, sum := range cs {
		incNarrow = incNarrow && incentive[j] < fixed.I32F32One
		if sum != 0 {
			ws.nzCols = append(ws.nzCols, uint16(j))
			if incentive[j] != 0 {
				ws.colDiv[j] = newDivisor(sum)
				ws.incCols = append(ws.incCols, incDiv{newUnitDiv(&ws.colDiv[j]), incentive[j], j})
			} else {
				ws.colDiv[j] = divisor{}
			}
		}
	}
	st := ws.stored
	if ws.storedPre {
		ws.storedOK = true // its dense rows are filled, the rest follow
	} else {
		st = ws.storedBuf(out, e)
	}
	pos := 0
	for i := range e.rows() {
		lo, hi := e.bounds(i)
		if ws.emaHasDense && ws.emaRowDense[i] != 0 {
			// A dense row (yuma3EmaFused): zeros contribute nothing
			// (⌊0·2^32/d⌋ = 0 for d > 0) and are not stored.
			d := int(ws.emaRowDense[i])
			row := ws.emaDense[(d-1)*n : d*n]
			total := denseDiv(row, ws.incCols, incNarrow)
			d2, ok := total.CheckedMul(ws.actStake[i])
			if !ok {
				d2 = 0
			}
			ws.divs[i] = d2
			if ws.newPermit[i] {
				cnt := hi - lo
				switch {
				case ws.storedPre:
					// Written by yuma3EmaFused.
				case pos+cnt < cap(st):
					packDense(row, ws.nzCols, st[:cap(st)], pos)
				default:
					p := pos
					for j, v := range row {
						if v > 0 {
							st[p] = packPair(uint16(j), u16Unit(v))
							p++
						}
					}
				}
				pos += cnt
			}
			continue
		}
		cols, vals := e.col[lo:hi], e.val[lo:hi]
		var total fixed.I32F32
		for k, j := range cols {
			// Branch-free: where incentive_j = 0 the product is 0 anyway.
			// divisor.fracQuo written out: the compiler does not inline it.
			q := &ws.colDiv[j]
			an := uint64(vals[k]) << (q.shift & 63) // shift ≤ 63: a plain shift
			u1, u0 := an>>32, an<<32
			qh, ql := bits.Mul64(q.v, u1)
			ql, c := bits.Add64(ql, u0, 0)
			qh, _ = bits.Add64(qh, u1, c)
			qh++
			r := u0 - qh*q.dn
			_, b := bits.Sub64(ql, r, 0)
			qh -= b
			r += q.dn & -b
			_, b = bits.Sub64(r, q.dn, 0)
			total += mulUnit(fixed.I32F32(qh+1-b), incentive[j])
		}
		d, ok := total.CheckedMul(ws.actStake[i])
		if !ok {
			d = 0
		}
		ws.divs[i] = d
		if ws.newPermit[i] {
			row := st[pos : pos+len(cols)]
			for k, j := range cols {
				row[k] = packPair(j, u16Unit(vals[k]))
			}
			pos += len(cols)
		}
	}
	inplaceNormalize(ws.divs)
}

// incDiv is one column that can earn dividends (yuma3Finish): its index j,
// its incentive and the divisor of its EMA column sum.
type incDiv struct {
	unitDiv
	inc fixed.I32F32
	j   int
}

// unitDiv computes ⌊a·2^32/d⌋ for a fixed 0 < d < 2^63 and 0 ≤ a ≤ d (the
// quotient is at most 2^32) with one 128-bit product and one correction.
// With s the leading zeros of d, dn = d·2^s ∈ [2^63, 2^64) and
// M = ⌊(2^128−1)/dn⌋ >> 32 (= divisor.v>>32 + 2^32) = ⌊(2^128−1)/(dn·2^32)⌋,
// so 2^96/dn − 1 − 2^−95 < M ≤ 2^96/dn. For an = a·2^s ≤ dn the product
// an·M/2^64 then lies below x = an·2^32/dn by less than an·(1+2^−95)/2^64 < 1,
// so q̃ = ⌊an·M/2^64⌋ is q = ⌊x⌋ (the quotient) or q − 1. The remainder
// a·2^32 − q̃·d lies in [0, 2d) ⊂ [0, 2^64), so it is exact modulo 2^64, and
// q = q̃ + 1 exactly when it is at least d.
type unitDiv struct {
	pow, m, d uint64 // 2^s, M, d
}

func newUnitDiv(q *divisor) unitDiv {
	return unitDiv{pow: q.pow, m: q.v>>32 | 1<<32, d: uint64(q.d)}
}

// quo returns ⌊a·2^32/d⌋ for 0 ≤ a ≤ d.
func (u *unitDiv) quo(a uint64) uint64 {
	qt, _ := bits.Mul64(a*u.pow, u.m)
	_, b := bits.Sub64(a<<32-qt*u.d, u.d, 0)
	return qt + 1 - b
}

// denseDiv returns Σ_j ⌊row_j·2^32/cs_j⌋·inc_j over the columns cols of
// the dense EMA row (cs_j: the column sums the divisors divide by). A
// function of its own so that the loop's state stays in registers.
func denseDiv(row []fixed.I32F32, cols []incDiv, narrow bool) fixed.I32F32 {
	var total fixed.I32F32
	if narrow {
		// Every incentive is below 1: the quotient (at most 1) times it
		// is below 2^64.
		for k := range cols {
			c := &cols[k]
			total += mulNarrow(c.inc, fixed.I32F32(c.quo(uint64(row[c.j])))) // row_j ≤ cs_j
		}
		return total
	}
	for k := range cols {
		c := &cols[k]
		total += mulUnit(fixed.I32F32(c.quo(uint64(row[c.j]))), c.inc)
	}
	return total
}

// packDense writes the positive entries of the dense EMA row, all in the
// columns nz (in order), as stored pairs at buf[p:], which must have room
// for one more than are written. Branch-free: each pair is written, and
// kept by advancing.
// Not inlined: inlined, its loop state spills to the stack.
//
//go:noinline
func packDense(row []fixed.I32F32, nz []uint16, buf []Pair, p int) {
	for _, j := range nz {
		v := row[j]
		buf[p] = packPair(j, u16Unit(v))
		p += positive(v)
	}
}

// storedBuf sizes ws.stored for the rows of m that will be stored.
func (ws *Workspace) storedBuf(out *Output, m *csr) []Pair {
	total := 0
	for i, p := range ws.newPermit {
		if p {
			lo, hi := m.bounds(i)
			total += hi - lo
		}
	}
	ws.stored = ws.pairBuf(out, total)
	ws.storedOK = true
	return ws.stored
}

// pairBuf returns a flat buffer of total entries for out's bond rows. Output
// slices are reused where possible (Workspace.Epoch's contract), so when out
// still holds the rows this workspace handed out last time, their backing
// array is reused; otherwise a new one is allocated.
func (ws *Workspace) pairBuf(out *Output, total int) []Pair {
	if total <= cap(ws.pairs) && holdsBuf(out.BondsStored, ws.pairs) {
		return ws.pairs[:total]
	}
	ws.pairs = make([]Pair, total)
	return ws.pairs
}

// holdsBuf reports whether rows' first non-empty row starts buf.
func holdsBuf(rows Rows, buf []Pair) bool {
	if cap(buf) == 0 {
		return false
	}
	for _, r := range rows {
		if len(r) > 0 {
			return &r[0] == &buf[:1][0]
		}
	}
	return false
}

// originalFused is the original-Yuma branch (originalBonds) in the unit
// case with α in [0, 1], without a trace. Per entry it computes
//
//	B̂_ij = ⌊u_ij·2^32/U_j⌋           (u: stored u16, U_j its masked column sum)
//	ΔB̂_ij = ⌊Δ_ij·2^32/D_j⌋          (Δ_ij = w_ij·s_i, D_j its column sum)
//	ema_ij = α·ΔB̂_ij + (1−α)·B̂_ij    (kept when > 0)
//
// with every value in [0, 1] (a column-normalized entry is at most its
// column's sum), then normalizes the EMA by column (dividends) and
// max-upscales it for storage. The column maximum of the normalized EMA is
// the normalized column maximum (⌊x·2^32/E⌋ is monotone in x), so the raw
// maximum suffices.
func (ws *Workspace) originalFused(s *State, wfb *csr, alpha fixed.I32F32, incentive []fixed.I32F32, out *Output) {
	n := len(ws.cons)
	keep := ws.bondKeep
	// Column sums of the masked stored bonds. As I32F32 integers they are
	// U_j·2^32 ≤ n·65535·2^32 < 2^63 (n ≤ maxUnitN): no saturation.
	bsum := ws.scratchVec(0, n)
	for i := range n {
		for _, e := range storedRow(s, i) {
			if keep[e.UID] {
				bsum[e.UID] += fixed.I32F32(uint64(e.Value) << 32)
			}
		}
	}
	bdiv := ws.colDiv
	for j, u := range bsum {
		bdiv[j] = divisor{}
		if u != 0 {
			bdiv[j] = newDivisor(u)
		}
	}
	// ΔB = W∘S with its column sums.
	delta := &ws.delta
	delta.reset(len(wfb.col))
	delta.ptr = append(delta.ptr[:0], wfb.ptr...)
	delta.col = append(delta.col[:0], wfb.col...)
	dsum := ws.scratchVec(1, n)
	for i := range n {
		lo, hi := wfb.bounds(i)
		si := ws.actStake[i]
		for k := lo; k < hi; k++ {
			v := mulUnit(wfb.val[k], si)
			delta.val = append(delta.val, v)
			dsum[wfb.col[k]] += v
		}
	}
	ddiv := ws.scratchDiv(n)
	for j, d := range dsum {
		ddiv[j] = divisor{}
		if d != 0 {
			ddiv[j] = newDivisor(d)
		}
	}
	// The EMA, its column sums and maxima.
	oneMinus := fixed.I32F32One - alpha
	e := &ws.ema
	ecol, eval := e.open(len(wfb.col) + s.Bonds.NNZ() + 1) // +1: denseEmitMax writes one ahead
	pos := 0
	esum := ws.colSum
	clear(esum)
	ws.emaMax = growSlice(ws.emaMax, n)
	emax := ws.emaMax
	newTerm := func(j uint16, d fixed.I32F32) fixed.I32F32 {
		if q := &ddiv[j]; q.dn != 0 {
			d = fixed.I32F32(q.fracQuo(uint64(d)))
		}
		return mulUnit(alpha, d)
	}
	oldTerm := func(e Pair) fixed.I32F32 {
		if e.Value == 0 {
			return 0 // U_j may be 0; the normalized entry is 0 either way
		}
		// keep[e.UID] holds, so U_j ≥ u > 0 and bdiv[j] is set.
		return mulUnit(oneMinus, fixed.I32F32(bdiv[e.UID].fracQuo(uint64(e.Value)<<32)))
	}
	emit := func(j uint16, v fixed.I32F32) {
		if v > 0 {
			ecol[pos], eval[pos] = j, v
			pos++
			esum[j] += v
			emax[j] = max(emax[j], v)
		}
	}
	acc := ws.merge.acc
	for i := range n {
		nl, nh := delta.bounds(i)
		old := storedRow(s, i)
		if denseRow(nh-nl+len(old), n) {
			for _, b := range old {
				t := oldTerm(b)
				if !keep[b.UID] {
					t = 0
				}
				acc[b.UID] = t
			}
			for k := nl; k < nh; k++ {
				acc[delta.col[k]] += newTerm(delta.col[k], delta.val[k])
			}
			pos = denseEmitMax(acc, ecol, eval, pos, esum, emax)
			e.closeRow(pos)
			continue
		}
		if !ws.wSorted[i] || !ws.bondSorted[i] {
			ms := &ws.merge
			for k := nl; k < nh; k++ {
				ms.set(delta.col[k], newTerm(delta.col[k], delta.val[k]))
			}
			for _, b := range old {
				if keep[b.UID] {
					ms.set(b.UID, oldTerm(b))
				}
			}
			ms.drain(emit)
			e.closeRow(pos)
			continue
		}
		dc, dv := delta.col[nl:nh], delta.val[nl:nh]
		a, b := 0, 0
		for a < len(dc) || b < len(old) {
			switch {
			case b >= len(old) || (a < len(dc) && dc[a] < old[b].UID):
				emit(dc[a], newTerm(dc[a], dv[a]))
				a++
			case a >= len(dc) || old[b].UID < dc[a]:
				if keep[old[b].UID] {
					emit(old[b].UID, oldTerm(old[b]))
				}
				b++
			default:
				v := newTerm(dc[a], dv[a])
				if keep[old[b].UID] {
					v += oldTerm(old[b])
				}
				emit(dc[a], v)
				a++
				b++
			}
		}
		e.closeRow(pos)
	}
	e.done(pos)
	// Normalize (for the dividends) and max-upscale (for storage).
	ediv, mdiv := ws.colDiv, ddiv
	for j, sum := range esum {
		ediv[j], mdiv[j] = divisor{}, divisor{}
		if sum != 0 {
			ediv[j] = newDivisor(sum)
			if m := ediv[j].fracQuo(uint64(emax[j])); m != 0 {
				mdiv[j] = newDivisor(fixed.I32F32(m))
			}
		}
	}
	st := ws.storedBuf(out, e)
	pos = 0
	for i := range n {
		lo, hi := e.bounds(i)
		cols, vals := e.col[lo:hi], e.val[lo:hi]
		var acc fixed.I32F32
		if ws.newPermit[i] {
			row := st[pos : pos+len(cols)]
			pos += len(cols)
			for k, j := range cols {
				en := fixed.I32F32(ediv[j].fracQuo(uint64(vals[k])))
				acc += mulUnit(incentive[j], en)
				if q := &mdiv[j]; q.dn != 0 {
					en = fixed.I32F32(q.fracQuo(uint64(en)))
				}
				row[k] = packPair(j, u16Unit(en))
			}
		} else {
			for k, j := range cols {
				if inc := incentive[j]; inc != 0 {
					acc += mulUnit(inc, fixed.I32F32(ediv[j].fracQuo(uint64(vals[k]))))
				}
			}
		}
		ws.divs[i] = acc
	}
	inplaceNormalize(ws.divs)
}

// scratchDiv returns a reusable divisor vector of length n.
func (ws *Workspace) scratchDiv(n int) []divisor {
	if cap(ws.divScratch) < n {
		ws.divScratch = make([]divisor, n)
	}
	ws.divScratch = ws.divScratch[:n]
	return ws.divScratch
}
