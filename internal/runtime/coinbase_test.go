package runtime

import (
	"math/rand/v2"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
)

// emittingSubnet installs a started, emitting subnet n with the given pool
// directly in state (no registration), owned by //Owner.
func emittingSubnet(t testing.TB, s *state.State, n state.NetUID, mech uint8, tao, alphaIn, alphaOut uint64) {
	t.Helper()
	sn := defaultSubnet(s.P())
	sn.Mechanism = mech
	sn.Owner, sn.OwnerHotkey = acct(t, "//Owner"), acct(t, "//Owner//hot")
	sn.SubtokenEnabled, sn.EmissionEnabled = true, true
	s.Subnets.Set(n, sn)
	s.Pools.Set(n, state.Pool{TaoReserve: tao, AlphaIn: alphaIn, AlphaOut: alphaOut, QuoteWeight: 500_000_000_000_000_000, Initialized: true})
	s.Emissions.Set(n, state.Emission{FirstEmissionBlock: 1})
	g := s.G()
	g.TotalIssuance += tao
	s.SetG(g)
}

func setMovingPrice(s *state.State, n state.NetUID, p fixed.I96F32) {
	pl, _ := s.Pools.Get(n)
	hi, lo := p.Bits()
	pl.MovingPriceBits = [2]uint64{hi, lo}
	s.Pools.Set(n, pl)
}

func setRootTao(s *state.State, tao uint64) {
	root, _ := s.Pools.Get(state.RootNet)
	g := s.G()
	g.TotalIssuance = g.TotalIssuance - root.TaoReserve + tao
	s.SetG(g)
	root.TaoReserve = tao
	s.Pools.Set(state.RootNet, root)
}

// mockParams applies the subtensor test mock's values the vectors assume.
func mockParams(s *state.State) {
	withParams(s, func(p *state.Params) {
		p.TaoWeight, p.SubnetOwnerCut, p.MinimumReserve = 0, 0, 100
	})
}

// B17: one block of the coinbase on one subnet, worked example.
func TestCoinbaseOneBlockWorkedExample(t *testing.T) {
	s := newTestState(t, nil)
	withParams(s, func(p *state.Params) { p.TaoWeight = 3_320_413_933_267_719_290; p.SubnetOwnerCut = 11_796 })
	emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000_000, 1_000_000_000_000, 1_000_000_000_000)
	setMovingPrice(s, 1, fixed.I96F32FromFloat64(1.5))
	setRootTao(s, 1_000_000_000_000_000)
	c := NewCtx(s, 10, AccountID{})
	set := subnetsToEmitTo(s, nonRootSubnets(s))
	if len(set) != 1 || !rootSellFlag(s, set) {
		t.Fatalf("emit set %v, root sell %v", set, rootSellFlag(s, set))
	}
	taoEm := subnetBlockEmissions(s, set, fixed.U96F32FromU64(1_000_000_000))
	terms := termsFor(s, 1, taoEm[0])
	if terms.taoIn.ToU64() != 989010988 || terms.alphaIn.ToU64() != 989010988 || terms.excess.ToU64() != 10989011 {
		t.Fatalf("terms tao_in %d alpha_in %d excess %d", terms.taoIn.ToU64(), terms.alphaIn.ToU64(), terms.excess.ToU64())
	}
	cr := &credit{left: 1_000_000_000}
	emitToSubnets(c, set, taoEm, cr, true)
	pl, _ := s.Pools.Get(1)
	em, _ := s.Emissions.Get(1)
	checks := []struct {
		name      string
		got, want uint64
	}{
		{"w_quote after injection", pl.QuoteWeight, 500_000_000_000_000_000},
		{"alpha bought with excess", pl.ProtocolAlpha, 10988890},
		{"owner cut", em.PendingOwnerCut, 179995422},
		{"pending root alpha", em.PendingRootAlpha, 405492337},
		{"pending server", em.PendingServer, 410002288},
		{"pending validator", em.PendingValidator, 4509951},
		{"SubnetTAO", pl.TaoReserve, 1000999999999},
		{"SubnetAlphaIn", pl.AlphaIn, 1000978022098},
		{"SubnetAlphaOut", pl.AlphaOut, 1001010988890},
		{"credit left", cr.left, 1_000_000_000 - 989010988 - 10989011},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %d, want %d", ck.name, ck.got, ck.want)
		}
	}
}

// B16: root proportion bits.
func TestRootProportionVector(t *testing.T) {
	s := newTestState(t, nil)
	withParams(s, func(p *state.Params) { p.TaoWeight = 3_320_413_933_267_719_290 })
	emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000, 100_000_000_000, 0)
	setRootTao(s, 1_000_000_000_000)
	if _, lo := TaoWeight(s).Bits(); lo != 773094113 {
		t.Errorf("tao weight bits %d", lo)
	}
	if _, lo := RootProportion(s, 1).Bits(); lo != 2761050404 {
		t.Errorf("root proportion bits %d", lo)
	}
}

// B02: three stable subnets, no root weight: all TAO is excess and buys 1:1.
func TestCoinbaseEqualSplitStable(t *testing.T) {
	s := newTestState(t, nil)
	mockParams(s)
	for n := state.NetUID(1); n <= 3; n++ {
		emittingSubnet(t, s, n, MechanismStable, 0, 0, 0)
	}
	before := s.G()
	c := NewCtx(s, 5, AccountID{})
	set := subnetsToEmitTo(s, nonRootSubnets(s))
	cr := &credit{left: mintTao(s, 3333333)}
	emitToSubnets(c, set, subnetBlockEmissions(s, set, fixed.U96F32FromU64(3333333)), cr, false)
	recycleTao(s, cr.left)
	for n := state.NetUID(1); n <= 3; n++ {
		if pl, _ := s.Pools.Get(n); pl.TaoReserve != 1111110 {
			t.Errorf("subnet %d SubnetTAO %d, want 1111110", n, pl.TaoReserve)
		}
	}
	g := s.G()
	if d := g.TotalIssuance - before.TotalIssuance; d != 3333330 {
		t.Errorf("issuance grew by %d", d)
	}
	if d := g.TotalStake - before.TotalStake; d != 3333330 {
		t.Errorf("total stake grew by %d", d)
	}
	mustInvariants(t, s)
}

// B03: disabling emission on a subnet zeroes its TAO and renormalises.
func TestCoinbaseEmissionDisabledRedistribution(t *testing.T) {
	steps := [][]bool{{true, true, true}, {true, false, true}, {false, true, true}, {true, true, true}}
	want := [][]uint64{{1000000, 1000000, 1000000}, {1500000, 0, 1500000}, {0, 1500000, 1500000}, {1000000, 1000000, 1000000}}
	for i, en := range steps {
		s := newTestState(t, nil)
		withParams(s, func(p *state.Params) { p.TaoWeight = ^uint64(0); p.SubnetOwnerCut = 0 })
		for n := state.NetUID(1); n <= 3; n++ {
			emittingSubnet(t, s, n, MechanismDynamic, 1_000_000_000_000, 1_000_000_000_000, 0)
			setMovingPrice(s, n, fixed.I96F32FromU64(1))
			sn, _ := s.Subnets.Get(n)
			sn.EmissionEnabled = en[n-1]
			s.Subnets.Set(n, sn)
		}
		setRootTao(s, 1_000_000_000_000_000_000)
		c := NewCtx(s, 5, AccountID{})
		set := subnetsToEmitTo(s, nonRootSubnets(s))
		cr := &credit{left: 3_000_000} // root TAO above the supply cap: no minting here
		emitToSubnets(c, set, subnetBlockEmissions(s, set, fixed.U96F32FromU64(3_000_000)), cr, false)
		for n := state.NetUID(1); n <= 3; n++ {
			em, _ := s.Emissions.Get(n)
			if d := int64(em.TaoInEmission) - int64(want[i][n-1]); d > 2 || d < -2 {
				t.Errorf("step %d subnet %d TaoInEmission %d, want %d", i, n, em.TaoInEmission, want[i][n-1])
			}
			if em.AlphaOutEmission == 0 {
				t.Errorf("step %d subnet %d: alpha out stopped", i, n)
			}
		}
	}
}

// B04: stable subnets at price 1 with the full injection cap.
func TestCoinbaseAlphaInjectionPriceOne(t *testing.T) {
	s := newTestState(t, nil)
	withParams(s, func(p *state.Params) { p.TaoWeight = ^uint64(0); p.SubnetOwnerCut = 0 })
	for n := state.NetUID(1); n <= 2; n++ {
		emittingSubnet(t, s, n, MechanismStable, 1_000_000, 1_000_000, 0)
	}
	setRootTao(s, 1_000_000_000_000_000_000)
	c := NewCtx(s, 5, AccountID{})
	set := subnetsToEmitTo(s, nonRootSubnets(s))
	cr := &credit{left: 1_000_000}
	emitToSubnets(c, set, subnetBlockEmissions(s, set, fixed.U96F32FromU64(1_000_000)), cr, false)
	for n := state.NetUID(1); n <= 2; n++ {
		if pl, _ := s.Pools.Get(n); pl.AlphaIn != 1_500_000 {
			t.Errorf("subnet %d SubnetAlphaIn %d, want 1500000", n, pl.AlphaIn)
		}
	}
}

// B06: TAO split by EMA price.
func TestCoinbaseSplitByEMAPrice(t *testing.T) {
	s := newTestState(t, nil)
	mockParams(s)
	emittingSubnet(t, s, 1, MechanismDynamic, 100_000, 1_000_000, 0)
	emittingSubnet(t, s, 2, MechanismDynamic, 100_000, 500_000, 0)
	setMovingPrice(s, 1, fixed.I96F32FromFloat64(0.1))
	setMovingPrice(s, 2, fixed.I96F32FromFloat64(0.2))
	before := s.G()
	c := NewCtx(s, 5, AccountID{})
	set := subnetsToEmitTo(s, nonRootSubnets(s))
	cr := &credit{left: mintTao(s, 100_000_000)}
	emitToSubnets(c, set, subnetBlockEmissions(s, set, fixed.U96F32FromU64(100_000_000)), cr, false)
	recycleTao(s, cr.left)
	for i, want := range []uint64{33433333, 66766666} {
		pl, _ := s.Pools.Get(state.NetUID(i + 1))
		if d := int64(pl.TaoReserve) - int64(want); d > 10 || d < -10 {
			t.Errorf("subnet %d SubnetTAO %d, want %d", i+1, pl.TaoReserve, want)
		}
	}
	if d := int64(s.G().TotalIssuance-before.TotalIssuance) - 100_000_000; d > 10 || d < -10 {
		t.Errorf("issuance grew by %d", s.G().TotalIssuance-before.TotalIssuance)
	}
	mustInvariants(t, s)
}

// B07: the owner cut.
func TestCoinbaseOwnerCut(t *testing.T) {
	for i, cut := range []uint16{0, 65535} {
		s := newTestState(t, nil)
		mockParams(s)
		withParams(s, func(p *state.Params) { p.SubnetOwnerCut = cut })
		emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000_000, 1_000_000_000_000, 0)
		c := NewCtx(s, 5, AccountID{})
		emitToSubnets(c, []state.NetUID{1}, []fixed.U96F32{{}}, &credit{}, false)
		em, _ := s.Emissions.Get(1)
		if want := []uint64{0, 1_000_000_000}[i]; em.PendingOwnerCut != want {
			t.Errorf("cut %d: PendingOwnerCut %d, want %d", cut, em.PendingOwnerCut, want)
		}
	}
}

// B08: the alpha-out split with root proportion 0.25 and root selling on.
func TestCoinbasePendingEmissionSplit(t *testing.T) {
	s := newTestState(t, nil)
	mockParams(s)
	withParams(s, func(p *state.Params) { p.TaoWeight = ^uint64(0) })
	emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000_000, 1_000_000_000, 1_000_000_000)
	setRootTao(s, 1_000_000_000)
	c := NewCtx(s, 5, AccountID{})
	emitToSubnets(c, []state.NetUID{1}, []fixed.U96F32{{}}, &credit{}, true)
	em, _ := s.Emissions.Get(1)
	if em.PendingServer != 500_000_000 || em.PendingValidator != 375_000_000 || em.PendingRootAlpha != 125_000_000 {
		t.Errorf("server %d validator %d root %d", em.PendingServer, em.PendingValidator, em.PendingRootAlpha)
	}
}

// B15: alpha out is the full alpha emission even when alpha in is capped.
func TestCoinbaseAlphaOutFullEmission(t *testing.T) {
	s := newTestState(t, nil)
	mockParams(s)
	emittingSubnet(t, s, 1, MechanismDynamic, 1000, 1_000_000_000, 0)
	c := NewCtx(s, 5, AccountID{})
	set := []state.NetUID{1}
	cr := &credit{left: mintTao(s, 1_000_000)}
	emitToSubnets(c, set, subnetBlockEmissions(s, set, fixed.U96F32FromU64(1_000_000)), cr, false)
	if em, _ := s.Emissions.Get(1); em.AlphaOutEmission != 1_000_000_000 {
		t.Errorf("SubnetAlphaOutEmission %d", em.AlphaOutEmission)
	}
}

// B19: equal EMA prices give equal shares whatever RootProp holds.
func TestSharesEqualPrices(t *testing.T) {
	s := newTestState(t, nil)
	for n := state.NetUID(1); n <= 2; n++ {
		emittingSubnet(t, s, n, MechanismDynamic, 1_000_000_000, 1_000_000_000, 0)
		setMovingPrice(s, n, fixed.I96F32FromU64(1))
	}
	em, _ := s.Emissions.Get(1)
	hi, lo := fixed.U96F32FromU64(1).Bits()
	em.RootPropBits = [2]uint64{hi, lo}
	s.Emissions.Set(1, em)
	sh := emissionShares(s, []state.NetUID{1, 2})
	half := fixed.U64F64FromU64(1).SafeDiv(fixed.U64F64FromU64(2))
	if sh[0] != half || sh[1] != half {
		t.Errorf("shares %v %v", sh[0], sh[1])
	}
}

// B14: the dividend distribution conserves both pending totals.
func TestDividendDistributionTotals(t *testing.T) {
	s := newTestState(t, nil)
	emittingSubnet(t, s, 1, MechanismDynamic, 1_000_000_000, 1_000_000_000, 0)
	h0, h1 := acct(t, "//h0"), acct(t, "//h1")
	own := acct(t, "//Owner")
	for _, x := range []struct {
		h           AccountID
		alpha, root uint64
	}{{h0, 4859302, 2342352}, {h1, 23423, 859273}} {
		ensureHotkeyOwner(s, x.h, own)
		if err := IncreaseStake(s, x.h, own, 1, x.alpha); err != nil {
			t.Fatal(err)
		}
		if err := IncreaseStake(s, x.h, own, state.RootNet, x.root); err != nil {
			t.Fatal(err)
		}
	}
	tw := fixed.U96F32FromFloat64(0.18)
	var divs amounts
	divs.add(h0, fixed.U96F32FromU64(77783738))
	divs.add(h1, fixed.U96F32FromU64(19283940))
	alpha, root := dividendDistribution(s, 1, 183123567452, 837120949872, tw, divs)
	var sa, sr uint64
	for i := range alpha {
		sa += alpha[i].ToU64()
		sr += root[i].ToU64()
	}
	if d := int64(sa) - 183123567452; d > 1000 || d < -1000 {
		t.Errorf("alpha dividends sum %d", sa)
	}
	if d := int64(sr) - 837120949872; d > 1000 || d < -1000 {
		t.Errorf("root dividends sum %d", sr)
	}
}

func fixedPrice(v float64) fixed.I96F32 { return fixed.I96F32FromFloat64(v) }

// TestTaoWeightOf: the one-division tao weight equals the generic
// fixed-point quotient for edge and random weights.
func TestTaoWeightOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	ws := []uint64{0, 1, 2, 1 << 32, 1<<32 - 1, 971_718_665_099_567_868, ^uint64(0) - 1, ^uint64(0)}
	for range 100_000 {
		ws = append(ws, rng.Uint64()>>rng.IntN(64))
	}
	for _, w := range ws {
		want := fixed.U96F32FromU64(w).SafeDiv(fixed.U96F32FromU64(^uint64(0)))
		if got := taoWeightOf(w); got != want {
			t.Fatalf("w=%d: %v, want %v", w, got, want)
		}
	}
}
