package yuma

import (
	"math"

	"github.com/taokit/taokit/internal/fixed"
)

// Workspace runs epochs, keeping its buffers between calls so that repeated
// epochs allocate only their outputs. The zero value is ready to use. A
// Workspace is not safe for concurrent use.
type Workspace struct {
	// Trace, when non-nil, receives the intermediate vectors of each epoch.
	Trace *Trace

	stamp     []int32
	active    []bool
	permitted []bool
	newPermit []bool
	rawStake  []uint64
	stake     []fixed.I32F32
	actStake  []fixed.I32F32
	cons      []fixed.I32F32
	trust     []fixed.I32F32
	rank      []fixed.I32F32
	divs      []fixed.I32F32
	colSum    []fixed.I32F32
	colDiv    []divisor
	topkIdx   []int32

	w, clip, wfbBuf, bonds, delta, ema, emaNorm csr

	// Fast-path state (fast.go).
	unit       bool   // every weight, stake and incentive is provably in [0, 1]
	wSorted    []bool // per row of w (and clip, wfb): columns strictly increase
	bondSorted []bool // per stored bond row: columns strictly increase
	bondKeep   []bool // per column: bonds to it survive the registration mask
	keepAll    bool   // every bondKeep entry is true
	emaMax     []fixed.I32F32
	pairs      []Pair // flat backing of the last BondsStored handed out
	stored     []Pair // this epoch's stored bond entries, filled by a fast path
	storedOK   bool   // stored holds this epoch's rows
	storedPre  bool   // stored was sized, and its dense rows filled, by yuma3EmaFused
	divScratch []divisor
	// Dense EMA rows (yuma3EmaFused), valid while emaHasDense: row i is
	// emaDense[(k−1)·n : k·n] for k = emaRowDense[i] > 0.
	emaHasDense bool
	emaRowDense []int32
	emaDense    []fixed.I32F32
	incCols     []incDiv // yuma3Finish: columns that can earn dividends
	nzCols      []uint16 // yuma3Finish: columns with a positive EMA sum
	wCount      []int32  // per column: non-zero stored weights (consensus buckets)
	wSum        []uint64 // per row: sum of the stored weights, or unknownSum

	med   medianScratch
	merge mergeScratch
	la    laScratch
	vecs  [3][]fixed.I32F32

	lastOriginal bool // the last epoch ran the original-Yuma branch
}

// Epoch runs one epoch with a fresh Workspace.
func Epoch(p *Params, s *State) (*Output, error) {
	var ws Workspace
	out := new(Output)
	if err := ws.Epoch(p, s, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Epoch runs subtensor's epoch_mechanism on p and s (yuma.md §3) and writes
// the results into out, reusing out's slices where they are large enough
// (the backing array of out.BondsStored's rows too, when out still holds the
// rows this Workspace wrote into it last time).
// Neither p nor s is modified. An error (wrapping ErrInvalidInput) means the
// input was rejected and out is untouched.
func (ws *Workspace) Epoch(p *Params, s *State, out *Output) error {
	if err := p.Validate(); err != nil {
		return err
	}
	n := p.N
	ws.stamp = growSlice(ws.stamp, n)
	ws.bondSorted = growSlice(ws.bondSorted, n)
	ws.wCount = growSlice(ws.wCount, n)
	ws.wSum = resize(ws.wSum, n) // fully written by validate
	if err := s.validate(n, ws.stamp, ws.bondSorted, ws.wCount, ws.wSum); err != nil {
		return err
	}
	ws.prepare(n)

	// Activity (§3.2).
	cutoff := p.ActivityCutoff()
	for i := range n {
		lu := lastUpdate(s, i)
		ws.active[i] = !(satAddU64(lu, cutoff) < s.Block)
	}

	// Stake (§3.3) and permits (§3.4).
	ws.computeStake(p, s)
	owner, hasOwner := -1, p.OwnerUID != nil
	if hasOwner {
		owner = int(*p.OwnerUID)
	}
	for i := range n {
		ws.permitted[i] = i < len(s.ValidatorPermit) && (s.ValidatorPermit[i] || i == owner)
	}
	ws.topkIdx = topKNonzero(ws.newPermit, ws.stake, int(p.MaxAllowedValidators), ws.topkIdx)
	if hasOwner {
		ws.newPermit[owner] = true
	}

	// Active stake (§3.5). inplace_mask_vector skips an empty mask, so with
	// no stored permits at all nobody's stake is masked as forbidden (the
	// weight rows are still all masked: mask_rows_sparse has no such case).
	noPermits := len(s.ValidatorPermit) == 0
	for i := range n {
		if ws.active[i] && (ws.permitted[i] || noPermits) {
			ws.actStake[i] = ws.stake[i]
		}
	}
	inplaceNormalize(ws.actStake)

	// Weights (§3.6), consensus (§3.7), clipping, trust, incentive (§3.8).
	// maskWeights scatters the voters' rows into the consensus buckets.
	ws.med.prepare(ws.actStake, p.Kappa(), ws.wCount)
	ws.maskWeights(p, s, owner)
	ws.med.finish(ws.cons)
	ws.unit = n <= maxUnitN && inUnit(ws.actStake)
	lastTempo := satSubU64(s.Block, uint64(p.Tempo))
	if p.LastMechanismStepBlock != 0 {
		lastTempo = satAddU64(p.LastMechanismStepBlock, 1)
	}
	incentive := ws.rank
	ws.lastOriginal = !p.Yuma3
	ws.storedOK, ws.storedPre = false, false
	ws.emaHasDense = false
	if ws.clipFusable(p) {
		// Clipping, trust and rank inside the bond EMA (fast.go).
		ws.setBondKeep(s, lastTempo)
		ws.yuma3EmaFused(s, &ws.w, emaAlpha(p.BondsMovingAverage, true), true, out)
		inplaceNormalize(incentive)
		if inUnit(incentive) { // always, in the unit case
			ws.yuma3Finish(out, incentive)
			ws.emit(p, s, incentive, out)
			ws.storeBonds(out, &ws.ema)
			return nil
		}
		// Unreachable; recompute the general way.
		clear(ws.rank)
		clear(ws.trust)
		ws.emaHasDense, ws.storedPre = false, false
	}
	ws.clipWeights()
	inplaceNormalize(incentive)
	fast := ws.unit && inUnit(incentive)

	// Bonds and dividends (§3.9).
	wfb := ws.weightsForBonds(p.BondsPenalty())
	var stored *csr
	switch {
	case fast && p.Yuma3:
		stored = ws.yuma3BondsFast(p, s, wfb, incentive, lastTempo, out)
	case fast && ws.Trace == nil && inUnit([]fixed.I32F32{emaAlpha(p.BondsMovingAverage, false)}):
		ws.setBondKeep(s, lastTempo)
		ws.originalFused(s, wfb, emaAlpha(p.BondsMovingAverage, false), incentive, out)
		stored = &ws.ema
	default:
		ws.loadBonds(s, p.Yuma3, lastTempo)
		if p.Yuma3 {
			stored = ws.yuma3Bonds(p, wfb, incentive)
		} else {
			stored = ws.originalBonds(p, wfb, incentive)
		}
	}

	// Emission (§3.10) and outputs (§3.11).
	ws.emit(p, s, incentive, out)
	ws.storeBonds(out, stored)
	if ws.Trace != nil {
		ws.fillTrace(wfb)
	}
	return nil
}

// prepare sizes the per-uid buffers for n uids and zeroes them.
func (ws *Workspace) prepare(n int) {
	ws.active = growSlice(ws.active, n)
	ws.permitted = growSlice(ws.permitted, n)
	ws.newPermit = growSlice(ws.newPermit, n)
	ws.rawStake = growSlice(ws.rawStake, n)
	ws.stake = growSlice(ws.stake, n)
	ws.actStake = growSlice(ws.actStake, n)
	ws.cons = growSlice(ws.cons, n)
	ws.trust = growSlice(ws.trust, n)
	ws.rank = growSlice(ws.rank, n)
	ws.divs = growSlice(ws.divs, n)
	ws.colSum = growSlice(ws.colSum, n)
	if cap(ws.colDiv) < n {
		ws.colDiv = make([]divisor, n)
	}
	ws.colDiv = ws.colDiv[:n]
	ws.merge.prepare(n)
}

func lastUpdate(s *State, i int) uint64 {
	if i < len(s.LastUpdate) {
		return s.LastUpdate[i]
	}
	return 0
}

func satAddU64(a, b uint64) uint64 {
	if c := a + b; c >= a {
		return c
	}
	return math.MaxUint64
}

func satSubU64(a, b uint64) uint64 {
	if a < b {
		return 0
	}
	return a - b
}

// inplaceNormalize is inplace_normalize: divide by the (wrapping) sum unless
// it is 0.
func inplaceNormalize(x []fixed.I32F32) {
	var sum fixed.I32F32
	for _, v := range x {
		sum += v
	}
	if sum == 0 {
		return
	}
	d := newDivisor(sum)
	d.divSlice(x, x)
}
