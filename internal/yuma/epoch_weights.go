package yuma

import (
	"math"
	"math/bits"

	"github.com/taokit/taokit/internal/fixed"
)

// maskWeights builds ws.w from the stored weights: rows of forbidden uids
// emptied, the diagonal removed except the owner's, outdated entries
// (last_update_i ≤ block_at_registration_j) and, with commit-reveal, entries
// to uids registered after the validator's commit removed; then each row
// with a positive sum is normalized (explicit zeros stay). yuma.md §3.6.
// Each voter's row then goes into the consensus buckets (ws.med.prepare
// must have run).
func (ws *Workspace) maskWeights(p *Params, s *State, owner int) {
	n := p.N
	commit := p.CommitRevealEnabled || s.CommitBlocks != nil
	reg := s.BlockAtRegistration
	m := &ws.w
	col, val := m.open(s.Weights.NNZ())
	pos := 0
	ws.wSorted = growSlice(ws.wSorted, n)
	med := &ws.med
	var maxReg uint64
	for _, r := range reg[:n] {
		maxReg = max(maxReg, r)
	}
	for i := range n {
		ws.wSorted[i] = true
		start := pos
		var usum uint64 // the row's sum in u16 units
		if ws.permitted[i] && i < len(s.Weights) {
			lu := lastUpdate(s, i)
			cb := uint64(math.MaxUint64)
			if i < len(s.CommitBlocks) {
				cb = s.CommitBlocks[i]
			}
			if row := s.Weights[i]; lu > maxReg && (!commit || cb >= maxReg) && ws.wSum[i] != unknownSum && len(row) <= maxUnitN {
				// Only the diagonal can go, and the row's sum is known
				// (validate): one pass copies and normalizes the row.
				pos = ws.copyNormalize(row, i, owner, col, val, pos)
				m.closeRow(pos)
				continue
			}
			prev, sorted := -1, true
			if lu > maxReg && (!commit || cb >= maxReg) {
				// No entry is outdated or committed-before: only the
				// diagonal can go.
				diag := i
				if i == owner {
					diag = -1
				}
				pos, usum, sorted = copyWeights(s.Weights[i], diag, col, val, pos)
			} else {
				for _, e := range s.Weights[i] {
					j := int(e.UID)
					if (j == i && i != owner) || lu <= reg[j] || (commit && cb < reg[j]) {
						continue
					}
					sorted = sorted && j > prev
					prev = j
					col[pos], val[pos] = e.UID, fixed.I32F32(e.Value)
					usum += uint64(e.Value)
					pos++
				}
			}
			ws.wSorted[i] = sorted
		}
		m.closeRow(pos)
		cols, vals := col[start:pos], val[start:pos]
		voter := med.voters > 0 && med.voter[i]
		if len(vals) > maxUnitN {
			for k, v := range vals {
				vals[k] = v << 32
			}
			normalizeRow(vals)
			if voter {
				med.add(i, cols, vals)
			}
			continue
		}
		if usum == 0 {
			clear(vals) // all zero: stays unnormalized, and no median entries
			continue
		}
		// At most 32768 entries of at most 65535: usum < 2^31 and the
		// I32F32 row sum usum·2^32 did not wrap, so each value u·2^32
		// normalizes to ⌊u·2^32/usum⌋, and it is 0 exactly when u is.
		r := newU16Recip(usum)
		if !voter {
			for k, v := range vals {
				vals[k] = r.quo(uint64(v))
			}
			continue
		}
		normalizeVoterRow(r, i, cols, vals, med.use[i], med.packed, med.fill, med.mass)
	}
	m.done(pos)
}

// copyNormalize appends row i (its columns strictly increasing, its sum
// ws.wSum[i]) at col/val[pos:], less the diagonal unless i is the owner,
// normalized as maskWeights does, and adds a voter's entries to the
// consensus buckets. It returns the new position.
func (ws *Workspace) copyNormalize(row []Pair, i, owner int, col []uint16, val []fixed.I32F32, pos int) int {
	usum := ws.wSum[i]
	// The diagonal entry splits the row in two (k = len(row): none).
	k := len(row)
	if i != owner {
		lo, hi := 0, len(row)
		for lo < hi {
			h := int(uint(lo+hi) >> 1)
			if int(row[h].UID) < i {
				lo = h + 1
			} else {
				hi = h
			}
		}
		if lo < len(row) && int(row[lo].UID) == i {
			k = lo
			usum -= uint64(row[lo].Value)
		}
	}
	head, tail := row[:k], row[min(k+1, len(row)):]
	if usum == 0 {
		// All zero: stays unnormalized (zeros), and no median entries.
		for _, seg := range [2][]Pair{head, tail} {
			for _, e := range seg {
				col[pos], val[pos] = e.UID, 0
				pos++
			}
		}
		return pos
	}
	// See maskWeights: ⌊u·2^32/usum⌋, 0 exactly when u is.
	r := newU16Recip(usum)
	start := pos
	pos = copyNormalizeRow(r, head, col, val, pos)
	pos = copyNormalizeRow(r, tail, col, val, pos)
	if med := &ws.med; med.voters > 0 && med.voter[i] {
		scatterVoterRow(uint64(i), col[start:pos], val[start:pos], med.use[i], med.packed, med.fill, med.mass)
	}
	return pos
}

// copyNormalizeRow appends row's entries at col/val[pos:], normalized with r.
// Not inlined: inlined, its loop state spills to the stack.
//
//go:noinline
func copyNormalizeRow(r u16Recip, row []Pair, col []uint16, val []fixed.I32F32, pos int) int {
	col, val = col[pos:pos+len(row)], val[pos:pos+len(row)]
	for k, e := range row {
		col[k], val[k] = e.UID, r.quo(uint64(e.Value))
	}
	return pos + len(row)
}

// scatterVoterRow appends voter i's non-zero normalized entries to the
// consensus buckets, adding the voter's stake st to each bucket's mass.
// A function of its own (and apart from the normalization) so that the
// loop's state stays in registers.
//
//go:noinline
func scatterVoterRow(i uint64, cols []uint16, vals []fixed.I32F32, st fixed.I32F32, packed []uint64, fill []int32, mass []fixed.I32F32) {
	cols, mass = cols[:len(vals)], mass[:len(fill)]
	for k, v := range vals {
		if v != 0 {
			j := cols[k]
			packed[fill[j]] = uint64(v)<<16 | i // packItem
			fill[j]++
			mass[j] += st
		}
	}
}

// normalizeVoterRow normalizes voter i's row (raw u16 values) with r and
// appends its non-zero entries to the consensus buckets, adding the
// voter's stake st to each bucket's mass. A function of its own so that
// the loop's state stays in registers.
func normalizeVoterRow(r u16Recip, i int, cols []uint16, vals []fixed.I32F32, st fixed.I32F32, packed []uint64, fill []int32, mass []fixed.I32F32) {
	// Shared lengths: fewer bounds checks and live registers.
	cols, mass = cols[:len(vals)], mass[:len(fill)]
	for k, v := range vals {
		q := r.quo(uint64(v))
		vals[k] = q
		if q != 0 {
			j := cols[k]
			packed[fill[j]] = packItem(q, i)
			fill[j]++
			mass[j] += st
		}
	}
}

// copyWeights appends the entries of row other than column diag at
// col/val[pos:] as raw u16 values (normalized later). It returns the new
// position, the sum of the values and whether the columns copied strictly
// increase. Not inlined: inlined, its loop state spills to the stack.
//
//go:noinline
func copyWeights(row []Pair, diag int, col []uint16, val []fixed.I32F32, pos int) (int, uint64, bool) {
	var usum uint64
	prev, inc := -1, uint(1)
	for _, e := range row {
		j := int(e.UID)
		if j == diag {
			continue
		}
		inc &= uint(prev-j) >> 63 // j > prev, without a branch
		prev = j
		col[pos], val[pos] = e.UID, fixed.I32F32(e.Value)
		usum += uint64(e.Value)
		pos++
	}
	return pos, usum, inc == 1
}

// u16Recip divides u·2^32 by a fixed U, for 0 ≤ u < 2^16, u ≤ U < 2^31,
// with one multiplication: with b the bit length of U, p = b+16 and
// m = ⌈2^(p+32)/U⌉ = 2^(p+32)/U + e (0 ≤ e < 1),
//
//	u·m/2^p = u·2^32/U + u·e/2^p,
//
// and the error u·e/2^p < u/2^p ≤ 1/U (u·U < 2^16·2^b) is below the gap
// between u·2^32/U (a multiple of 1/U) and the next integer, so
// ⌊u·m/2^p⌋ = ⌊u·2^32/U⌋. m < 2^49, so u·m < 2^65 (a 128-bit product).
type u16Recip struct {
	m uint64
	p uint
}

func newU16Recip(U uint64) u16Recip {
	b := uint(bits.Len64(U))
	p := b + 16
	// m = ⌊(2^(p+32) − 1)/U⌋ + 1; the high word 2^(p+32−64) − 1 (or 0)
	// is below U ≥ 2^(b−1), so Div64 does not overflow.
	var hi, lo uint64
	if e := p + 32; e >= 64 {
		hi, lo = 1<<(e-64)-1, ^uint64(0)
	} else {
		lo = 1<<e - 1
	}
	q, _ := bits.Div64(hi, lo, U)
	return u16Recip{m: q + 1, p: p}
}

// quo returns ⌊u·2^32/U⌋.
func (r u16Recip) quo(u uint64) fixed.I32F32 {
	hi, lo := bits.Mul64(u, r.m)
	// 17 ≤ p ≤ 47: the masks only spare the compiler's checks for
	// shifts of 64 or more.
	return fixed.I32F32(hi<<((64-r.p)&63) | lo>>(r.p&63))
}

// normalizeRow is one row of inplace_row_normalize_sparse, for a row of
// u16·2^32 values as maskWeights builds it.
func normalizeRow(row []fixed.I32F32) {
	var sum fixed.I32F32
	for _, v := range row {
		sum += v
	}
	if sum <= 0 {
		return
	}
	d := newDivisor(sum)
	if len(row) <= maxUnitN {
		// At most 32768 entries of at most 65535·2^32: the sum did not
		// wrap, so 0 ≤ v ≤ sum and the quotient needs no checks.
		for k, v := range row {
			row[k] = fixed.I32F32(d.fracQuo(uint64(v)))
		}
		return
	}
	for k, v := range row {
		row[k] = d.div(v)
	}
}

// clipWeights builds ws.clip = col_clip_sparse(w, consensus), the validator
// trust (row sums of the clipped weights) and the ranks
// r_j = Σ_i active_stake_i·clipped_ij (saturating), yuma.md §3.8.
func (ws *Workspace) clipWeights() {
	if ws.unit {
		ws.clipUnit()
		return
	}
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

// clipUnit is clipWeights when weights and active stake lie in [0, 1]
// (fast.go): products are mulUnit and the rank and trust sums, at most n,
// need no saturation.
func (ws *Workspace) clipUnit() {
	w, c := &ws.w, &ws.clip
	cons, rank := ws.cons, ws.rank
	col, val := c.open(len(w.col) + 1) // +1: an entry is written before it is kept
	pos := 0
	for i := range w.rows() {
		lo, hi := w.bounds(i)
		cols, vals := w.col[lo:hi], w.val[lo:hi]
		var trust fixed.I32F32
		s := ws.actStake[i]
		for k, j := range cols {
			// Branch-free: consensus values are ≥ 0, so the entry is
			// dropped exactly when th = 0 < v, and then min(v, th) = 0
			// adds nothing to trust and rank.
			v, th := vals[k], cons[j]
			c := min(v, th)
			col[pos], val[pos] = j, c
			// Keep when th > 0 or v = 0 (both in [0, 2^63)): the sign
			// bit of −th or of v − 1. Arithmetic, so no mispredictions.
			pos += int((uint64(-th) | (uint64(v) - 1)) >> 63)
			trust += c
			rank[j] += mulUnit(s, c)
		}
		c.closeRow(pos)
		ws.trust[i] = trust
	}
	c.done(pos)
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
