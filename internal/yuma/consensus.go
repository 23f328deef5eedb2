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
	// Two buffers for the quick-select's rounds, each large enough for a
	// column of every voter.
	if cap(m.items) < 2*m.voters {
		m.items = make([]medItem, 2*m.voters)
	}
	a, b := m.items[:m.voters], m.items[m.voters:2*m.voters]
	packed, voters, need, minority := m.packed, m.voters, m.need, m.minority
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
			// The voters without an entry score 0, but need is at most
			// the entries' stake (or there are no such voters): a
			// positive score qualifies, and the zero scores count toward
			// no positive one, so they cannot change the answer.
			dst[j] = selectPacked(packed[start:end], m.use, m.mass[j], a, b, need)
		}
	}
}

// selectPacked is selectWeighted on the column of packed entries p, of
// stake total, unpacked on the fly into the first partition round. a and b
// are scratch of length ≥ len(p).
func selectPacked(p []uint64, use []fixed.I32F32, total fixed.I32F32, a, b []medItem, need fixed.I32F32) fixed.I32F32 {
	dst := a[:len(p)]
	piv := pick3(fixed.I32F32(p[0]>>16), fixed.I32F32(p[len(p)/2]>>16), fixed.I32F32(p[len(p)-1]>>16), need, total)
	gt, gtMass, eqMass := unpackAbove(dst, p, use, piv)
	return selectRounds(dst, b, piv, gt, gtMass, eqMass, need, total)
}

// unpackAbove is partitionAbove on the packed entries p, unpacked (stakes
// from use) on the way.
// Not inlined: inlined, its loop state spills to the stack.
//
//go:noinline
func unpackAbove(dst []medItem, p []uint64, use []fixed.I32F32, piv fixed.I32F32) (int, fixed.I32F32, fixed.I32F32) {
	lo, hi := 0, len(p)-1
	var gtMass, eqMass fixed.I32F32
	for _, e := range p {
		it := medItem{fixed.I32F32(e >> 16), use[e&0xffff]}
		d := uint64(it.v - piv)
		isGt := uint64(piv-it.v) >> 63 // it.v > piv
		isEq := (d|-d)>>63 ^ 1         // it.v == piv
		dst[lo] = it
		dst[hi] = it
		lo += int(isGt)
		hi += int(isGt) - 1
		gtMass += it.s & -fixed.I32F32(isGt)
		eqMass += it.s & -fixed.I32F32(isEq)
	}
	return lo, gtMass, eqMass
}

// selectWeighted returns the largest score v in col with
// Σ{s : score ≥ v} ≥ need, for 0 ≤ need ≤ Σ s. It reorders col.
func selectWeighted(col []medItem, need fixed.I32F32) fixed.I32F32 {
	if len(col) == 1 {
		return col[0].v
	}
	var total fixed.I32F32
	for _, it := range col {
		total += it.s
	}
	p := pivot(col, need, total)
	dst := make([]medItem, len(col))
	gt, gtMass, eqMass := partitionAbove(dst, col, p)
	return selectRounds(dst, col, p, gt, gtMass, eqMass, need, total)
}

// selectRounds finishes selectWeighted from col partitioned around the
// score p: its first gt items score above p, with stake gtMass, and the
// items scoring p have stake eqMass; total is col's stake. spare is scratch
// of length ≥ len(col).
//
// If the items above p alone reach need, the answer is among them.
// Otherwise, if adding the items equal to p reaches need, the answer is p.
// Otherwise it is below p: the rest of col is searched with the stake
// above p counted; the items equal to p may stay in it (they cannot
// qualify), except when nothing was above p, where they are split off so
// that col shrinks. Each round partitions col into spare and the two swap
// roles.
func selectRounds(col, spare []medItem, p fixed.I32F32, gt int, gtMass, eqMass, need, total fixed.I32F32) fixed.I32F32 {
	var above fixed.I32F32 // stake of the items known to score above col
	for iter := 0; ; iter++ {
		switch {
		case gt > 0 && above+gtMass >= need:
			col, total = col[:gt], gtMass
		case above+gtMass+eqMass >= need:
			return p
		case gt > 0:
			above += gtMass
			col, total = col[gt:], total-gtMass
		default:
			above += eqMass
			lt := partitionBelow(spare[:len(col)], col, p)
			col, spare, total = spare[:lt], col, total-eqMass
		}
		if len(col) == 1 {
			return col[0].v
		}
		if iter > 48 { // adversarial order: finish by sorting
			return sortedSelect(col, need, above)
		}
		p = pivot(col, need-above, total)
		dst := spare[:len(col)]
		gt, gtMass, eqMass = partitionAbove(dst, col, p)
		col, spare = dst, col
	}
}

// partitionAbove copies src into dst (of the same length), the items
// scoring above p first, and returns their count and stake and the stake of
// the items scoring p. Without data-dependent branches (scores and stakes
// are non-negative and below 2^62, so the sign of a difference is a
// comparison): each item is written at both ends of what is left of dst and
// kept at one of them.
func partitionAbove(dst, src []medItem, p fixed.I32F32) (int, fixed.I32F32, fixed.I32F32) {
	lo, hi := 0, len(src)-1
	var gtMass, eqMass fixed.I32F32
	for _, it := range src {
		d := uint64(it.v - p)
		isGt := uint64(p-it.v) >> 63 // it.v > p
		isEq := (d|-d)>>63 ^ 1       // it.v == p
		dst[lo] = it
		dst[hi] = it
		lo += int(isGt)
		hi += int(isGt) - 1
		gtMass += it.s & -fixed.I32F32(isGt)
		eqMass += it.s & -fixed.I32F32(isEq)
	}
	return lo, gtMass, eqMass
}

// partitionBelow copies src into dst (of the same length), the items
// scoring below p first, and returns their count; as partitionAbove.
func partitionBelow(dst, src []medItem, p fixed.I32F32) int {
	lo, hi := 0, len(src)-1
	for _, it := range src {
		isLt := uint64(it.v-p) >> 63 // it.v < p
		dst[lo] = it
		dst[hi] = it
		lo += int(isLt)
		hi += int(isLt) - 1
	}
	return lo
}

// A column entry is packed as score<<16 | row: scores are non-negative
// normalized weights (below 2^48 even when a row sum wrapped and the row
// kept its raw u16·2^32 values) and rows are below 2^16. Half the size of a
// medItem, it halves the memory traffic of the column-compressed copy.
func packItem(v fixed.I32F32, row int) uint64 { return uint64(v)<<16 | uint64(row) }

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

// pivot picks a pivot among the first, middle and last scores of col
// (of stake total), need being the stake still to reach; see pick3.
func pivot(col []medItem, need, total fixed.I32F32) fixed.I32F32 {
	return pick3(col[0].v, col[len(col)/2].v, col[len(col)-1].v, need, total)
}

// pick3 picks the pivot among three sampled scores x, y, z of items with
// stake total, need of which is to be reached from the top. The median of
// the three splits the items about in half; when need is most of the total
// (the answer lies among the low scores) the smallest leaves fewer items
// below it, and when need is a small part the largest leaves fewer above
// it. Any pivot gives the same answer; this one, without branches, just
// takes fewer rounds.
func pick3(x, y, z, need, total fixed.I32F32) fixed.I32F32 {
	p := max(min(x, y), min(max(x, y), z))
	if 4*need >= 3*total {
		p = min(x, y, z)
	}
	if 4*need <= total {
		p = max(x, y, z)
	}
	return p
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
