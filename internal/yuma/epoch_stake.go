package yuma

import (
	"cmp"
	"math"
	"slices"

	"github.com/taokit/taokit/internal/fixed"
)

// computeStake fills ws.stake (the normalized, threshold-filtered stake,
// narrowed to I32F32) and ws.rawStake (the floor of each total), yuma.md §3.3.
func (ws *Workspace) computeStake(p *Params, s *State) {
	owner := -1
	if p.OwnerUID != nil {
		owner = int(*p.OwnerUID)
	}
	if s.TaoStake == nil || p.TaoWeightU64 == 0 {
		if ws.integerStake(p, s, owner) {
			return
		}
	}
	ws.wideStake(p, s, owner)
}

// integerStake is the common case: every total is the integer alpha stake.
// With the sum S below 2^63 the I64F64 normalization x·2^64/S followed by the
// narrowing to I32F32 equals ⌊x·2^32/S⌋. It reports false (doing nothing)
// when the sum would not fit and the wide path must run.
func (ws *Workspace) integerStake(p *Params, s *State, owner int) bool {
	var sum uint64
	for i, a := range s.Stake {
		if a > math.MaxInt64 {
			return false
		}
		ws.rawStake[i] = a
		if i != owner && a < p.StakeThreshold {
			continue
		}
		sum += a
		if sum > math.MaxInt64 {
			return false
		}
	}
	if sum == 0 {
		return true // every filtered stake is 0
	}
	d := newDivisor(fixed.I32F32(sum))
	for i, a := range s.Stake {
		if i != owner && a < p.StakeThreshold {
			continue
		}
		ws.stake[i] = fixed.I32F32(d.fracQuo(a))
	}
	return true
}

// wideStake follows the chain's I64F64 arithmetic literally.
func (ws *Workspace) wideStake(p *Params, s *State, owner int) {
	n := len(s.Stake)
	tw := fixed.U96F32FromU64(p.TaoWeightU64).SafeDiv(fixed.U96F32FromU64(math.MaxUint64)).ToI64F64()
	total := make([]fixed.I64F64, n)
	var sum fixed.I64F64
	for i, a := range s.Stake {
		t := fixed.I64F64FromU64(a)
		if s.TaoStake != nil {
			t = t.SatAdd(fixed.I64F64FromU64(s.TaoStake[i]).SatMul(tw))
		}
		ws.rawStake[i] = t.ToU64()
		if i != owner && t.ToU64() < p.StakeThreshold {
			t = fixed.I64F64{}
		}
		total[i] = t
		sum = sum.Add(t)
	}
	for i, t := range total {
		if !sum.IsZero() {
			t = t.SafeDiv(sum)
		}
		ws.stake[i] = t.ToI32F32()
	}
}

// topKNonzero is is_topk_nonzero: dst[i] = v[i] ≠ 0, then, unless len(v) < k,
// the len(v)−k smallest entries (ascending stable order: among equal values
// the lower index goes first) are cleared. idx is scratch, returned for reuse.
func topKNonzero(dst []bool, v []fixed.I32F32, k int, idx []int32) []int32 {
	n := len(v)
	idx = idx[:0]
	negative := false
	for i, x := range v {
		dst[i] = x != 0
		if x != 0 {
			idx = append(idx, int32(i))
			negative = negative || x < 0
		}
	}
	if n < k {
		return idx
	}
	if !negative && len(idx) <= k {
		// The n−k entries to clear are all among the n−len(idx) ≥ n−k
		// zeros, which come first in the order and are false already.
		return idx
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := cmp.Compare(v[a], v[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	drop := n - k
	pos := 0
	for pos < len(idx) && v[idx[pos]] < 0 && drop > 0 {
		dst[idx[pos]] = false
		pos++
		drop--
	}
	drop -= min(drop, n-len(idx)) // the zeros come next; they are false already
	for ; pos < len(idx) && drop > 0; pos, drop = pos+1, drop-1 {
		dst[idx[pos]] = false
	}
	return idx
}
