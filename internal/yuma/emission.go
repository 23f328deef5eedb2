package yuma

import (
	"math"
	"math/bits"

	"github.com/taokit/taokit/internal/fixed"
)

// emit splits the emission (yuma.md §3.10) and fills the per-uid outputs.
func (ws *Workspace) emit(p *Params, s *State, incentive []fixed.I32F32, out *Output) {
	n := len(incentive)
	divs := ws.divs
	var sum fixed.I32F32
	combined := ws.colSum // free again: reuse as the combined vector
	for i := range n {
		combined[i] = incentive[i].SatAdd(divs[i])
		sum += combined[i]
	}
	server, validator, comb := incentive, divs, combined
	if sum != 0 {
		server = ws.scratchVec(0, n)
		validator = ws.scratchVec(1, n)
		comb = ws.scratchVec(2, n)
		d := newDivisor(sum)
		d.divSlice(server, incentive[:n])
		d.divSlice(validator, divs[:n])
		d.divSlice(comb, combined[:n])
	} else {
		var act fixed.I32F32
		for _, a := range ws.actStake {
			act += a
		}
		validator, comb = ws.actStake, ws.actStake
		if act == 0 {
			validator, comb = ws.stake, ws.stake
		}
	}

	rao := p.RaoEmission
	out.Block = s.Block
	out.ServerEmission = resize(out.ServerEmission, n)
	out.ValidatorEmission = resize(out.ValidatorEmission, n)
	out.Emission = resize(out.Emission, n)
	out.Consensus = resize(out.Consensus, n)
	out.Incentive = resize(out.Incentive, n)
	out.Dividends = resize(out.Dividends, n)
	out.ValidatorTrust = resize(out.ValidatorTrust, n)
	out.StakeWeight = resize(out.StakeWeight, n)
	out.Rank = resize(out.Rank, n)
	out.Trust = resize(out.Trust, n)
	out.PruningScore = resize(out.PruningScore, n)
	out.NewValidatorPermit = resize(out.NewValidatorPermit, n)
	out.Active = resize(out.Active, n)
	out.Stake = resize(out.Stake, n)
	for i := range n {
		out.ServerEmission[i] = emissionShare(server[i], rao)
		out.ValidatorEmission[i] = emissionShare(validator[i], rao)
		out.Emission[i] = emissionShare(comb[i], rao)
		out.Consensus[i] = FixedProportionToU16(ws.cons[i])
		out.Incentive[i] = FixedProportionToU16(incentive[i])
		out.Dividends[i] = FixedProportionToU16(divs[i])
		out.ValidatorTrust[i] = FixedProportionToU16(ws.trust[i])
		out.StakeWeight[i] = FixedProportionToU16(ws.stake[i])
		out.Rank[i], out.Trust[i], out.PruningScore[i] = 0, 0, math.MaxUint16
		out.NewValidatorPermit[i] = ws.newPermit[i]
		out.Active[i] = ws.active[i]
		out.Stake[i] = ws.rawStake[i]
	}
	if t := ws.Trace; t != nil {
		t.NormalizedServerEmission = append([]fixed.I32F32(nil), server...)
		t.NormalizedValidatorEmission = append([]fixed.I32F32(nil), validator...)
		t.NormalizedCombinedEmission = append([]fixed.I32F32(nil), comb...)
	}
}

// scratchVec returns the k-th reusable vector of length n.
func (ws *Workspace) scratchVec(k, n int) []fixed.I32F32 {
	ws.vecs[k] = growSlice(ws.vecs[k], n)
	return ws.vecs[k]
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// emissionShare is I96F32(x)·I96F32(rao) saturated to u64: ⌊x·rao⌋, 0 for x ≤ 0.
func emissionShare(x fixed.I32F32, rao uint64) uint64 {
	if x <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(x), rao) // the I96F32 raw product; < 2^127
	if hi>>32 != 0 {
		return math.MaxUint64
	}
	return hi<<32 | lo>>32
}

// FixedProportionToU16 is fixed_proportion_to_u16: ⌊x·65535⌋ (saturating
// multiply) saturated into 0..65535.
func FixedProportionToU16(x fixed.I32F32) uint16 {
	if uint64(x) <= 1<<32 {
		// x in [0, 1]: x·65535 < 2^48, no saturation (u16Unit).
		return uint16(uint64(x) * 65535 >> 32)
	}
	return proportionToU16Slow(x)
}

func proportionToU16Slow(x fixed.I32F32) uint16 {
	v := x.SatMul(fixed.I32F32FromInt(65535)) >> 32
	switch {
	case v < 0:
		return 0
	case v > math.MaxUint16:
		return math.MaxUint16
	}
	return uint16(v)
}

// storeBonds writes the stored bond rows: uids with a new permit get their
// row of stored (converted to u16), the others an empty row. A fast path may
// have converted them already (ws.stored).
func (ws *Workspace) storeBonds(out *Output, stored *csr) {
	n := len(ws.newPermit)
	flat := ws.stored
	if !ws.storedOK {
		flat = ws.storedBuf(out, stored)
		pos := 0
		for i := range n {
			if !ws.newPermit[i] {
				continue
			}
			lo, hi := stored.bounds(i)
			for k := lo; k < hi; k++ {
				flat[pos] = packPair(stored.col[k], FixedProportionToU16(stored.val[k]))
				pos++
			}
		}
	}
	rows := resize(out.BondsStored, n)
	pos := 0
	for i := range n {
		rows[i] = nil
		if !ws.newPermit[i] {
			continue
		}
		lo, hi := stored.bounds(i)
		if k := hi - lo; k > 0 {
			rows[i] = flat[pos : pos+k : pos+k]
			pos += k
		}
	}
	out.BondsStored = rows
	ws.storedOK = false
}

// fillTrace copies the intermediates into ws.Trace.
func (ws *Workspace) fillTrace(wfb *csr) {
	t := ws.Trace
	cp := func(v []fixed.I32F32) []fixed.I32F32 { return append([]fixed.I32F32(nil), v...) }
	t.NormalisedStake = cp(ws.stake)
	t.ActiveStake = cp(ws.actStake)
	t.Weights = ws.w.entries()
	t.Consensus = cp(ws.cons)
	t.ValidatorTrust = cp(ws.trust)
	t.Incentive = cp(ws.rank)
	t.Dividends = cp(ws.divs)
	t.EMABonds = ws.ema.entries()
	t.BondsDelta = nil
	if ws.delta.rows() > 0 && ws.lastOriginal {
		t.BondsDelta = ws.delta.entries()
	}
	_ = wfb
}
