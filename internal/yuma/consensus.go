package yuma

import (
	"slices"

	"github.com/taokit/taokit/internal/fixed"
)

// The chain's consensus (weighted_median_col_sparse) builds, for every
// column, a dense score vector over the validators with positive active
// stake and runs a deterministic quick-select (weighted_median) on it. With
// exact fixed-point sums that quick-select returns, whatever its pivots,
//
//	the largest score v present in the column with Σ{stake : score < v} ≤ minority,
//	or the smallest score when no score qualifies (minority < 0),
//
// where minority = stake_sum − kappa (yuma.md §3.7). A validator without an
// entry in the column scores 0, so only the non-zero entries need to be
// looked at individually: all zero scores form one group whose stake is what
// the entries leave of stake_sum. This file gathers each column's non-zero
// entries through a column-compressed copy of the weights (no dense n×V
// matrix) and selects the answer in expected linear time.

// medItem is one candidate score of a column and the stake behind it.
type medItem struct {
	v fixed.I32F32 // score
	s fixed.I32F32 // normalized stake
}

type medianScratch struct {
	use    []fixed.I32F32 // per row: normalized positive stake (0: not a voter)
	voter  []bool
	colPtr []int32
	fill   []int32
	mass   []fixed.I32F32
	packed []uint64
	items  []medItem

	voters             int
	stakeSum, minority fixed.I32F32
	need               fixed.I32F32
}

// consensus writes the stake-weighted median of each column of w into dst
// (prepare, add and finish in one go; the epoch interleaves them with the
// weight masking).
func (m *medianScratch) consensus(dst []fixed.I32F32, w *csr, actStake []fixed.I32F32, kappa fixed.I32F32) {
	counts := make([]int32, len(dst))
	for k, j := range w.col {
		if w.val[k] != 0 {
			counts[j]++
		}
	}
	if m.prepare(actStake, kappa, counts) {
		for i := range w.rows() {
			lo, hi := w.bounds(i)
			m.add(i, w.col[lo:hi], w.val[lo:hi])
		}
	}
	m.finish(dst)
}

// prepare starts a consensus over the rows of actStake: it normalizes the
// voters' (positive) stakes and lays out one bucket per column, sized by
// counts, an upper bound on the number of non-zero entries the voters' rows
// will add to each column. It reports whether there is any voter; only then
// may rows be added.
func (m *medianScratch) prepare(actStake []fixed.I32F32, kappa fixed.I32F32, counts []int32) bool {
	n := len(actStake)
	m.use = growSlice(m.use, n)
	m.voter = growSlice(m.voter, n)
	var posSum fixed.I32F32
	voters := 0
	for i, s := range actStake {
		if s > 0 {
			m.voter[i] = true
			voters++
			posSum += s
		}
	}
	m.voters = voters
	if voters == 0 {
		return false // every column's partition is empty: median 0
	}
	// use_stake = the positive stakes, normalized; stake_sum = their sum.
	d := newDivisor(posSum)
	var stakeSum fixed.I32F32
	for i, s := range actStake {
		if m.voter[i] {
			if posSum != 0 {
				s = d.div(s)
			}
			m.use[i] = s
			stakeSum += s
		}
	}
	m.stakeSum = stakeSum
	m.minority = stakeSum.SatSub(kappa)
	m.need = stakeSum - m.minority // Σ{stake : score ≥ v} must reach this

	// Column-compressed non-zero entries of the voters' rows.
	m.colPtr = growSlice(m.colPtr, n+1)
	m.fill = growSlice(m.fill, n)
	m.mass = growSlice(m.mass, n)
	total := int32(0)
	for j := range n {
		m.fill[j] = total
		m.colPtr[j] = total
		total += counts[j]
	}
	m.colPtr[n] = total
	if cap(m.packed) < int(total) {
		m.packed = make([]uint64, total)
	}
	m.packed = m.packed[:total]
	return true
}

// add scatters row i's non-zero entries into the column buckets when i is
// a voter.
func (m *medianScratch) add(i int, cols []uint16, vals []fixed.I32F32) {
	if !m.voter[i] {
		return
	}
	s := m.use[i]
	packed, fill, mass := m.packed, m.fill, m.mass
	for k, v := range vals {
		if v != 0 {
			j := cols[k]
			packed[fill[j]] = packItem(v, i)
			fill[j]++
			mass[j] += s
		}
	}
}

// finish writes each column's median into dst.
func (m *medianScratch) finish(dst []fixed.I32F32) {
	clear(dst)
	if m.voters == 0 {
		return
	}
	packed, voters, need, minority, stakeSum := m.packed, m.voters, m.need, m.minority, m.stakeSum
	for j := range dst {
		start, end := m.colPtr[j], m.fill[j]
		cnt := int(end - start)
		if cnt == 0 {
			continue // every voter scores 0
		}
		switch {
		case minority < 0:
			dst[j] = m.minScore(packed[start:end], cnt < voters)
		case m.mass[j] < need && cnt < voters:
			dst[j] = 0 // the non-zero scores alone never reach kappa
		default:
			col := m.unpack(packed[start:end])
			if cnt < voters { // some voters score 0
				col = append(col, medItem{0, stakeSum - m.mass[j]})
			}
			dst[j] = selectWeighted(col, need)
		}
	}
}

// A column entry is packed as score<<16 | row: scores are non-negative
// normalized weights (below 2^48 even when a row sum wrapped and the row
// kept its raw u16·2^32 values) and rows are below 2^16. Half the size of a
// medItem, it halves the memory traffic of the column-compressed copy.
func packItem(v fixed.I32F32, row int) uint64 { return uint64(v)<<16 | uint64(row) }

func (m *medianScratch) unpack(p []uint64) []medItem {
	col := m.items[:0]
	for _, x := range p {
		col = append(col, medItem{fixed.I32F32(x >> 16), m.use[x&0xffff]})
	}
	m.items = col
	return col
}

func (m *medianScratch) minScore(p []uint64, hasZero bool) fixed.I32F32 {
	if hasZero {
		return 0
	}
	v := p[0] >> 16
	for _, x := range p[1:] {
		v = min(v, x>>16)
	}
	return fixed.I32F32(v)
}

// minScore returns the smallest score of col.
func minScore(col []medItem) fixed.I32F32 {
	v := col[0].v
	for _, it := range col[1:] {
		v = min(v, it.v)
	}
	return v
}

// selectWeighted returns the largest score v in col with
// Σ{s : score ≥ v} ≥ need, for 0 ≤ need ≤ Σ s. It reorders col.
//
// Each round partitions col around a pivot p without data-dependent
// branches (scores and stakes are non-negative and below 2^62, so the sign
// of a difference is a comparison): the items above p move to the front.
// If they alone reach need, the answer is among them. Otherwise, if adding
// the items equal to p reaches need, the answer is p. Otherwise it is below
// p: the rest of col is searched with the stake above p counted; the items
// equal to p may stay in it (they cannot qualify), except when nothing was
// above p, where they are split off so that col shrinks.
func selectWeighted(col []medItem, need fixed.I32F32) fixed.I32F32 {
	var above fixed.I32F32 // stake of the items known to score above col
	for iter := 0; ; iter++ {
		if len(col) == 1 {
			return col[0].v
		}
		if iter > 48 { // adversarial order: finish by sorting
			return sortedSelect(col, need, above)
		}
		p := pivot(col)
		gt := 0
		var gtMass, eqMass fixed.I32F32
		for k, it := range col {
			d := uint64(it.v - p)
			isGt := uint64(p-it.v) >> 63 // it.v > p
			isEq := (d|-d)>>63 ^ 1       // it.v == p
			col[k], col[gt] = col[gt], it
			gt += int(isGt)
			gtMass += it.s & -fixed.I32F32(isGt)
			eqMass += it.s & -fixed.I32F32(isEq)
		}
		switch {
		case gt > 0 && above+gtMass >= need:
			col = col[:gt]
		case above+gtMass+eqMass >= need:
			return p
		case gt > 0:
			above += gtMass
			col = col[gt:]
		default:
			above += eqMass
			rest := col
			lt := 0
			for k, it := range rest {
				isLt := uint64(it.v-p) >> 63 // it.v < p
				rest[k], rest[lt] = rest[lt], it
				lt += int(isLt)
			}
			col = rest[:lt]
		}
	}
}

// pivot returns the median of the first, middle and last scores.
func pivot(col []medItem) fixed.I32F32 {
	a, b, c := col[0].v, col[len(col)/2].v, col[len(col)-1].v
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}

func sortedSelect(col []medItem, need, above fixed.I32F32) fixed.I32F32 {
	slices.SortFunc(col, func(x, y medItem) int {
		switch {
		case x.v > y.v:
			return -1
		case x.v < y.v:
			return 1
		}
		return 0
	})
	for k, it := range col {
		above += it.s
		if (k+1 == len(col) || col[k+1].v != it.v) && above >= need {
			return it.v
		}
	}
	return col[len(col)-1].v
}
