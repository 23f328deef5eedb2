package yuma

import (
	"math"

	"github.com/taokit/taokit/internal/fixed"
)

// maskWeights builds ws.w from the stored weights: rows of forbidden uids
// emptied, the diagonal removed except the owner's, outdated entries
// (last_update_i ≤ block_at_registration_j) and, with commit-reveal, entries
// to uids registered after the validator's commit removed; then each row
// with a positive sum is normalized (explicit zeros stay). yuma.md §3.6.
func (ws *Workspace) maskWeights(p *Params, s *State, owner int) {
	n := p.N
	commit := p.CommitRevealEnabled || s.CommitBlocks != nil
	reg := s.BlockAtRegistration
	m := &ws.w
	m.reset(s.Weights.NNZ())
	for i := range n {
		if ws.permitted[i] && i < len(s.Weights) {
			lu := lastUpdate(s, i)
			cb := uint64(math.MaxUint64)
			if i < len(s.CommitBlocks) {
				cb = s.CommitBlocks[i]
			}
			for _, e := range s.Weights[i] {
				j := int(e.UID)
				if (j == i && i != owner) || lu <= reg[j] || (commit && cb < reg[j]) {
					continue
				}
				m.push(e.UID, fixed.I32F32(int64(e.Value)<<32))
			}
		}
		m.endRow()
		normalizeRow(m.val[m.ptr[i]:])
	}
}

// normalizeRow is one row of inplace_row_normalize_sparse.
func normalizeRow(row []fixed.I32F32) {
	var sum fixed.I32F32
	for _, v := range row {
		sum += v
	}
	if sum <= 0 {
		return
	}
	d := newDivisor(sum)
	for k, v := range row {
		row[k] = d.div(v)
	}
}

// clipWeights builds ws.clip = col_clip_sparse(w, consensus), the validator
// trust (row sums of the clipped weights) and the ranks
// r_j = Σ_i active_stake_i·clipped_ij (saturating), yuma.md §3.8.
func (ws *Workspace) clipWeights() {
	w, c := &ws.w, &ws.clip
	c.reset(len(w.col))
	for i := range w.rows() {
		lo, hi := w.bounds(i)
		var trust fixed.I32F32
		s := ws.actStake[i]
		for k := lo; k < hi; k++ {
			j, v := w.col[k], w.val[k]
			if th := ws.cons[j]; th < v {
				if th <= 0 {
					continue
				}
				v = th
			}
			c.push(j, v)
			trust += v
			ws.rank[j] = ws.rank[j].SatAdd(s.SatMul(v))
		}
		c.endRow()
		ws.trust[i] = trust
	}
}

// weightsForBonds is interpolate_sparse(weights, clipped, ratio): the
// weights themselves at ratio 0, the clipped weights at ratio 1, otherwise
// w + ratio·(clipped − w) per column, keeping values > 0 in column order.
func (ws *Workspace) weightsForBonds(ratio fixed.I32F32) *csr {
	switch ratio {
	case 0:
		return &ws.w
	case fixed.I32F32One:
		return &ws.clip
	}
	w, c, out := &ws.w, &ws.clip, &ws.wfbBuf
	out.reset(len(w.col))
	for i := range w.rows() {
		lo, hi := w.bounds(i)
		cl, ch := c.bounds(i)
		start := len(out.col)
		for k := lo; k < hi; k++ {
			j, v := w.col[k], w.val[k]
			var cv fixed.I32F32 // the clipped row is the weight row minus dropped entries
			if cl < ch && c.col[cl] == j {
				cv = c.val[cl]
				cl++
			}
			if x := v.SatAdd(ratio.SatMul(cv.SatSub(v))); x > 0 {
				out.push(j, x)
			}
		}
		out.endRow()
		if !out.sortedRow(i) {
			sortRow(out.col[start:], out.val[start:], &ws.merge)
		}
	}
	return out
}

// sortRow sorts one row's entries by column (columns are distinct).
func sortRow(col []uint16, val []fixed.I32F32, ms *mergeScratch) {
	for k, c := range col {
		ms.set(c, val[k])
	}
	k := 0
	ms.drain(func(j uint16, v fixed.I32F32) {
		col[k], val[k] = j, v
		k++
	})
}
