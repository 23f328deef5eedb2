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
}

// consensus writes the stake-weighted median of each column of w into dst.
func (m *medianScratch) consensus(dst []fixed.I32F32, w *csr, actStake []fixed.I32F32, kappa fixed.I32F32) {
	n := len(dst)
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
	clear(dst)
	if voters == 0 {
		return // every column's partition is empty: median 0
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
	minority := stakeSum.SatSub(kappa)
	need := stakeSum - minority // Σ{stake : score ≥ v} must reach this

	// Column-compressed non-zero entries of the voters' rows, one spare
	// slot per column for the group of zero scores.
	m.colPtr = growSlice(m.colPtr, n+1)
	m.fill = growSlice(m.fill, n)
	m.mass = growSlice(m.mass, n)
	counts := m.colPtr[1:]
	for i := range n {
		if !m.voter[i] {
			continue
		}
		lo, hi := w.bounds(i)
		for k := lo; k < hi; k++ {
			if w.val[k] != 0 {
				counts[w.col[k]]++
			}
		}
	}
	total := int32(0)
	for j := range n {
		c := counts[j]
		m.fill[j] = total
		total += c + 1
		counts[j] = total
	}
	if cap(m.packed) < int(total) {
		m.packed = make([]uint64, total)
	}
	packed := m.packed[:total]
	for i := range n {
		if !m.voter[i] {
			continue
		}
		s := m.use[i]
		lo, hi := w.bounds(i)
		for k := lo; k < hi; k++ {
			if v := w.val[k]; v != 0 {
				j := w.col[k]
				packed[m.fill[j]] = packItem(v, i)
				m.fill[j]++
				m.mass[j] += s
			}
		}
	}
	for j := range n {
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
		// Three-way partition, descending: [> p | == p | < p].
		gt, lt := 0, len(col)
		var gtMass, eqMass fixed.I32F32
		for k := 0; k < lt; {
			switch it := col[k]; {
			case it.v > p:
				gtMass += it.s
				col[gt], col[k] = col[k], col[gt]
				gt++
				k++
			case it.v < p:
				lt--
				col[lt], col[k] = col[k], col[lt]
			default:
				eqMass += it.s
				k++
			}
		}
		switch {
		case gt > 0 && above+gtMass >= need:
			col = col[:gt]
		case above+gtMass+eqMass >= need:
			return p
		default:
			above += gtMass + eqMass
			col = col[lt:]
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
