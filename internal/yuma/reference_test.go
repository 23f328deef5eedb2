package yuma

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
)

// referenceEpoch is epoch_mechanism written step by step with the literal
// math.rs ports (dense accumulators, dense liquid-alpha matrix, quick-select
// medians). It is slow and serves only to check the optimized Workspace.
func referenceEpoch(p *Params, s *State) *Output {
	n := p.N
	cutoff := p.ActivityCutoff()
	lu := slices.Clone(s.LastUpdate)
	for len(lu) < n {
		lu = append(lu, 0)
	}
	inactive := make([]bool, len(lu))
	for i, u := range lu {
		inactive[i] = satAddU64(u, cutoff) < s.Block
	}
	bar := s.BlockAtRegistration
	owner := -1
	if p.OwnerUID != nil {
		owner = int(*p.OwnerUID)
	}

	tw := fixed.U96F32FromU64(p.TaoWeightU64).SafeDiv(fixed.U96F32FromU64(math.MaxUint64)).ToI64F64()
	total := make([]fixed.I64F64, n)
	filtered := make([]fixed.I64F64, n)
	for i := range n {
		t := fixed.I64F64FromU64(s.Stake[i])
		if s.TaoStake != nil {
			t = t.SatAdd(fixed.I64F64FromU64(s.TaoStake[i]).SatMul(tw))
		}
		total[i] = t
		if i == owner || t.ToU64() >= p.StakeThreshold {
			filtered[i] = t
		}
	}
	inplaceNormalize64(filtered)
	stake := make([]fixed.I32F32, n)
	for i, t := range filtered {
		stake[i] = t.ToI32F32()
	}

	vp := slices.Clone(s.ValidatorPermit)
	if owner >= 0 && owner < len(vp) {
		vp[owner] = true
	}
	forbids := make([]bool, len(vp))
	for i, b := range vp {
		forbids[i] = !b
	}
	newPermit := isTopKNonzero(stake, int(p.MaxAllowedValidators))
	if owner >= 0 && owner < n {
		newPermit[owner] = true
	}
	as := slices.Clone(stake)
	maskVector(inactive, as)
	maskVector(forbids, as)
	as = normalize(as)

	w := make([][]Entry, n)
	for i := range n {
		w[i] = []Entry{}
		if i < len(s.Weights) {
			for _, e := range s.Weights[i] {
				w[i] = append(w[i], Entry{e.UID, fixed.I32F32FromInt(int64(e.Value))})
			}
		}
	}
	w = maskRowsSparse(forbids, w)
	w = maskDiagSparse(w, owner)
	w = vecMaskSparse(w, lu, bar, func(u, r uint64) bool { return u <= r })
	if p.CommitRevealEnabled || s.CommitBlocks != nil {
		cb := repeatU64(math.MaxUint64, n)
		copy(cb, s.CommitBlocks)
		w = vecMaskSparse(w, cb, bar, func(c, r uint64) bool { return c < r })
	}
	rowNormalizeSparse(w)

	cons := weightedMedianColSparse(as, w, n, p.Kappa())
	clipped := colClipSparse(w, cons)
	vtrust := rowSumSparse(clipped)
	incentive := normalize(matmulSparse(clipped, as, n))
	wfb := interpolateSparse(w, clipped, n, p.BondsPenalty())

	lastTempo := satSubU64(s.Block, uint64(p.Tempo))
	if p.LastMechanismStepBlock != 0 {
		lastTempo = satAddU64(p.LastMechanismStepBlock, 1)
	}
	b := make([][]Entry, n)
	for i := range n {
		b[i] = []Entry{}
		if i < len(s.Bonds) {
			for _, e := range s.Bonds[i] {
				v := fixed.I32F32FromInt(int64(e.Value))
				if p.Yuma3 {
					v = v.SafeDiv(fixed.I32F32FromInt(65535))
				}
				b[i] = append(b[i], Entry{e.UID, v})
			}
		}
	}
	b = scalarVecMaskSparse(b, lastTempo, bar, func(t, r uint64) bool { return t <= r })

	var divs []fixed.I32F32
	var ema [][]Entry
	if p.Yuma3 {
		anyCons := false
		for _, c := range cons {
			anyCons = anyCons || c != 0
		}
		if p.LiquidAlpha && anyCons {
			la := newLiquidAlpha(p)
			ema = matEmaAlphaSparse(wfb, b, liquidAlphasSparse(&la, wfb, b, cons))
		} else {
			ema = matEmaSparse(wfb, b, emaAlpha(p.BondsMovingAverage, true))
		}
		en := cloneSparse(ema)
		colNormalizeSparse(en, n)
		divs = normalize(vecMul(rowSumSparse(matVecMulSparse(en, incentive)), as))
	} else {
		colNormalizeSparse(b, n)
		d := rowHadamardSparse(wfb, as)
		colNormalizeSparse(d, n)
		ema = matEmaSparse(d, b, emaAlpha(p.BondsMovingAverage, false))
		colNormalizeSparse(ema, n)
		divs = normalize(matmulTransposeSparse(ema, incentive))
		colMaxUpscaleSparse(ema, n)
	}

	combined := make([]fixed.I32F32, n)
	for i := range n {
		combined[i] = incentive[i].SatAdd(divs[i])
	}
	sum := sumFixed(combined)
	server, validator := slices.Clone(incentive), slices.Clone(divs)
	if sum != 0 {
		for i := range n {
			server[i] = server[i].SafeDiv(sum)
			validator[i] = validator[i].SafeDiv(sum)
		}
	}
	comb := normalize(combined)
	if sum == 0 {
		if sumFixed(as) == 0 {
			validator, comb = stake, stake
		} else {
			validator, comb = as, as
		}
	}
	rao := fixed.I96F32FromU64(p.RaoEmission)
	em := func(x fixed.I32F32) uint64 { return fixed.I96F32FromI32F32(x).SatMul(rao).ToU64() }
	u16s := func(v []fixed.I32F32) []uint16 {
		out := make([]uint16, len(v))
		for i, x := range v {
			out[i] = FixedProportionToU16(x)
		}
		return out
	}
	out := &Output{
		Block:              s.Block,
		Consensus:          u16s(cons),
		Incentive:          u16s(incentive),
		Dividends:          u16s(divs),
		ValidatorTrust:     u16s(vtrust),
		StakeWeight:        u16s(stake),
		Rank:               make([]uint16, n),
		Trust:              make([]uint16, n),
		PruningScore:       make([]uint16, n),
		NewValidatorPermit: newPermit,
		Active:             make([]bool, n),
		Stake:              make([]uint64, n),
		BondsStored:        make(Rows, n),
	}
	for i := range n {
		out.ServerEmission = append(out.ServerEmission, em(server[i]))
		out.ValidatorEmission = append(out.ValidatorEmission, em(validator[i]))
		out.Emission = append(out.Emission, em(comb[i]))
		out.PruningScore[i] = math.MaxUint16
		out.Active[i] = !inactive[i]
		out.Stake[i] = total[i].ToU64()
		if newPermit[i] && len(ema[i]) > 0 {
			for _, e := range ema[i] {
				out.BondsStored[i] = append(out.BondsStored[i], Pair{e.Col, FixedProportionToU16(e.Val)})
			}
		}
	}
	return out
}

// randomInput draws a small epoch input that exercises every branch:
// unsorted rows, explicit zeros, fractional penalties, owner, thresholds,
// tao stake, commit blocks, huge moving averages.
func randomInput(r *rand.Rand) (*Params, *State) {
	n := 1 + r.IntN(24)
	pick := func(vals ...uint64) uint64 { return vals[r.IntN(len(vals))] }
	p := DefaultParams()
	p.N = n
	p.Tempo = uint16(pick(0, 1, 10, 360, 65535))
	p.ActivityCutoffFactorMilli = uint32(pick(0, 1000, 13889, 1<<30))
	p.KappaU16 = uint16(pick(0, 1, 32767, 32768, 65535, r.Uint64()))
	p.BondsPenaltyU16 = uint16(pick(0, 65535, r.Uint64(), 32768))
	p.BondsMovingAverage = pick(0, 900_000, 975_000, 1_000_000, 1_500_000, r.Uint64(), 1<<63+12345)
	p.Yuma3 = r.IntN(2) == 0
	p.LiquidAlpha = r.IntN(2) == 0
	p.AlphaLowU16 = uint16(pick(0, 1638, 45875, r.Uint64()))
	p.AlphaHighU16 = uint16(pick(65535, 58982, r.Uint64()))
	p.AlphaSigmoidSteepness = int16(pick(1000, 0, 1, 100000, uint64(r.Uint32())))
	p.MaxAllowedValidators = uint16(r.IntN(n + 3))
	p.StakeThreshold = pick(0, 0, 1, 1000, 1<<40)
	if r.IntN(3) == 0 {
		o := uint16(r.IntN(n))
		p.OwnerUID = &o
	}
	p.TaoWeightU64 = pick(0, DefaultTaoWeight, math.MaxUint64, r.Uint64())
	p.LastMechanismStepBlock = pick(0, 0, 5, 100)
	p.CommitRevealEnabled = r.IntN(4) == 0
	p.RaoEmission = pick(1_000_000_000, 0, 1, math.MaxUint64, r.Uint64())

	s := &State{Block: pick(0, 1, 50, 200, 10_000)}
	for range n {
		s.Stake = append(s.Stake, pick(0, 0, 1, 1000, 1e12, 1<<62, r.Uint64(), r.Uint64()>>20))
		s.BlockAtRegistration = append(s.BlockAtRegistration, pick(0, 1, 20, 100, r.Uint64()>>50))
	}
	if r.IntN(3) == 0 {
		for range n {
			s.TaoStake = append(s.TaoStake, pick(0, 1e9, r.Uint64()>>8, math.MaxUint64))
		}
	}
	for range r.IntN(n + 3) {
		s.LastUpdate = append(s.LastUpdate, pick(0, 1, 20, 100, 150, 10_000, r.Uint64()))
	}
	for range r.IntN(n + 1) {
		s.ValidatorPermit = append(s.ValidatorPermit, r.IntN(3) != 0)
	}
	if r.IntN(3) == 0 {
		for range r.IntN(n + 1) {
			s.CommitBlocks = append(s.CommitBlocks, pick(math.MaxUint64, 0, 10, 60, 150))
		}
	}
	row := func() []Pair {
		cols := r.Perm(n)[:r.IntN(n+1)]
		if r.IntN(2) == 0 {
			slices.Sort(cols)
		}
		var out []Pair
		for _, c := range cols {
			out = append(out, Pair{uint16(c), uint16(pick(0, 1, 65535, r.Uint64(), r.Uint64()))})
		}
		return out
	}
	for i := range n {
		if r.IntN(4) != 0 {
			for len(s.Weights) <= i {
				s.Weights = append(s.Weights, nil)
			}
			s.Weights[i] = row()
		}
		if r.IntN(3) != 0 {
			for len(s.Bonds) <= i {
				s.Bonds = append(s.Bonds, nil)
			}
			s.Bonds[i] = row()
		}
	}
	return &p, s
}

func canonical(o *Output) *Output {
	c := *o
	c.BondsStored = make(Rows, len(o.BondsStored))
	for i, r := range o.BondsStored {
		if len(r) > 0 {
			c.BondsStored[i] = r
		}
	}
	return &c
}

// TestEpochMatchesReference compares the optimized epoch with the literal
// port on random inputs, running each input three times through one
// Workspace: once into a fresh Output, twice into an Output reused across
// cases.
func TestEpochMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var ws Workspace
	iters := 4000
	if testing.Short() {
		iters = 500
	}
	var reused Output // its slices are reused from case to case
	for it := range iters {
		p, s := randomInput(r)
		if err := p.Validate(); err != nil {
			t.Fatalf("case %d: %v", it, err)
		}
		want := canonical(referenceEpoch(p, s))
		for rep := range 3 {
			var fresh Output
			got := &fresh
			if rep > 0 {
				got = &reused
			}
			if err := ws.Epoch(p, s, got); err != nil {
				t.Fatalf("case %d: %v", it, err)
			}
			if g := canonical(got); !reflect.DeepEqual(g, want) {
				t.Fatalf("case %d rep %d: params %+v\nstate %+v\ngot  %+v\nwant %+v", it, rep, *p, *s, *g, *want)
			}
		}
	}
}
