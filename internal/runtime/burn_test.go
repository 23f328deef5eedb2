package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestDecayFactorQ32(t *testing.T) {
	for _, c := range []struct {
		hl   uint16
		want uint64
	}{{0, 1 << 32}, {1, 2147483648}, {2, 3037000500}, {360, 4286705684}, {1000, 4291991283}} {
		if got := DecayFactorQ32(c.hl); got != c.want {
			t.Errorf("half-life %d: %d, want %d", c.hl, got, c.want)
		}
		// f is the largest value whose half-life power is ≤ ½.
		if c.hl > 0 && (PowQ32(c.want, c.hl) > 1<<31 || PowQ32(c.want+1, c.hl) <= 1<<31) {
			t.Errorf("half-life %d: %d is not the bisection bound", c.hl, c.want)
		}
	}
	if MulByQ32(^uint64(0), ^uint64(0)) != ^uint64(0) {
		t.Error("MulByQ32 does not saturate")
	}
	if PowQ32(123, 0) != 1<<32 {
		t.Error("x^0 != 1")
	}
}

// burnNet returns a fixture with the subnet's burn dynamics set.
func burnNet(t *testing.T, burn uint64, hl uint16, mult, lo, hi uint64) *netFixture {
	f := newNetFixture(t)
	mh, ml := fixed.U64F64FromU64(mult).Bits()
	f.subnet(func(sn *state.Subnet) {
		sn.BurnHalfLife, sn.BurnIncreaseMultBits, sn.MinBurn, sn.MaxBurn = hl, [2]uint64{mh, ml}, lo, hi
	})
	f.emission(func(em *state.Emission) { em.Burn = burn })
	return f
}

func burnOf(f *netFixture) uint64 {
	em, _ := f.s.Emissions.Get(f.n)
	return em.Burn
}

func step(t *testing.T, f *netFixture) {
	t.Helper()
	f.block++
	if err := updateRegistrationPrices(NewCtx(f.s, f.block, AccountID{})); err != nil {
		t.Fatal(err)
	}
}

// C01: registration doubles the burn at once; the next block decays it.
func TestBurnC01DecayAndBump(t *testing.T) {
	f := burnNet(t, 1000, 1000, 2, 0, ^uint64(0))
	f.register(t, f.bob, hot(t, "//Bob", 1))
	if b := burnOf(f); b != 2000 {
		t.Fatalf("after registration %d, want 2000", b)
	}
	step(t, f)
	if b := burnOf(f); b != 1998 {
		t.Fatalf("after one block %d, want 1998", b)
	}
	mustInvariants(t, f.s)
}

// C02: half-life 2 halves the price every two blocks (with truncation).
func TestBurnC02HalvesEveryHalfLife(t *testing.T) {
	f := burnNet(t, 1024, 2, 1, 0, ^uint64(0))
	for i, want := range []uint64{724, 511, 361, 255} {
		step(t, f)
		if b := burnOf(f); b != want {
			t.Fatalf("block %d: %d, want %d", i+1, b, want)
		}
	}
}

// C03: the bounds stop the price sticking at zero and cap the bump.
func TestBurnC03Clamps(t *testing.T) {
	f := burnNet(t, 1, 1, 2, 100_000, 150_000)
	step(t, f)
	if b := burnOf(f); b != 100_000 {
		t.Fatalf("after block %d", b)
	}
	f.register(t, f.bob, hot(t, "//Bob", 1))
	if b := burnOf(f); b != 150_000 {
		t.Fatalf("after registration %d", b)
	}
	step(t, f)
	if b := burnOf(f); b != 100_000 {
		t.Fatalf("after next block %d", b)
	}
	step(t, f)
	if b := burnOf(f); b != 100_000 {
		t.Fatalf("after another block %d", b)
	}
}

// C04: a new subnet's burn dynamics.
func TestBurnC04Defaults(t *testing.T) {
	f := newNetFixture(t)
	sn, _ := f.s.Subnets.Get(f.n)
	mult := fixed.U64F64FromBits(sn.BurnIncreaseMultBits[0], sn.BurnIncreaseMultBits[1])
	// 1.26: subtensor's default is from_num(1.26), the f64 literal rounded
	// to nearest: bits 1:4796153459164483584.
	if hi, lo := mult.Bits(); sn.BurnHalfLife != 360 || burnOf(f) != 1_000_000_000 || hi != 1 || lo != 4796153459164483584 {
		t.Fatalf("half-life %d burn %d mult %s", sn.BurnHalfLife, burnOf(f), mult)
	}
}

// The decay does not run at block 1 or with a zero half-life, but the clamp does;
// the per-block counter is reset.
func TestBurnDecayEdges(t *testing.T) {
	f := burnNet(t, 1000, 0, 1, 2000, 5000)
	f.emission(func(em *state.Emission) { em.RegistrationsThisBlk = 3 })
	step(t, f)
	em, _ := f.s.Emissions.Get(f.n)
	if em.Burn != 2000 || em.RegistrationsThisBlk != 0 {
		t.Fatalf("burn %d regs %d", em.Burn, em.RegistrationsThisBlk)
	}
	sn, _ := f.s.Subnets.Get(f.n)
	sn.BurnHalfLife = 1
	if DecayedBurn(4000, sn, 1) != 4000 || DecayedBurn(4000, sn, 2) != 2000 {
		t.Fatal("block-1 rule")
	}
	sn.BurnIncreaseMultBits = [2]uint64{0, 1 << 63} // 0.5 counts as 1
	if BumpedBurn(3000, sn) != 3000 {
		t.Fatal("multiplier below 1 not raised to 1")
	}
}

// C06/C07: the legacy interval adjustment (documented reference only).
func TestLegacyAdjustmentC06C07(t *testing.T) {
	const a = 58000
	steps := []struct{ v, reg, tgt, lo, hi, want uint64 }{
		{20000, 3, 1, 1, ^uint64(0) / 4, 40000},
		{40000, 6, 3, 1, ^uint64(0) / 4, 60000},
		{4, 0, 3, 1, ^uint64(0) / 4, 2},
		{2, 0, 3, 1, ^uint64(0) / 4, 1},
		{1, 0, 3, 1, ^uint64(0) / 4, 1},
		{5000, 4, 3, 1, 10000, 5833},
	}
	for i, c := range steps {
		if got := LegacyUpgraded(c.v, c.reg, c.tgt, a, c.lo, c.hi); got != c.want {
			t.Errorf("C06 step %d: %d, want %d", i, got, c.want)
		}
	}
	if got := LegacyUpgraded(510_000, 2, 1, a, 500_000, 100*tao); got < 764_000 || got > 766_000 {
		t.Errorf("C07: %d, want 765000 ± 1000", got)
	}
}

func TestBurnedRegisterPayment(t *testing.T) {
	f := newNetFixture(t)
	hi, lo := fixed.U64F64FromFloat64(1.26).Bits() // the chain's from_num(1.26)
	f.subnet(func(sn *state.Subnet) { sn.BurnIncreaseMultBits = [2]uint64{hi, lo} })
	before := f.s.G()
	pl0, _ := f.s.Pools.Get(f.n)
	free0 := Free(f.s, f.bob)
	cost := burnOf(f)
	h := hot(t, "//Bob", 1)
	c := NewCtx(f.s, f.block, f.bob)
	if err := Dispatch(c, tx.BurnedRegister{Netuid: uint16(f.n), Hotkey: h}); err != nil {
		t.Fatal(err)
	}
	pl, _ := f.s.Pools.Get(f.n)
	g := f.s.G()
	fee := before.TotalIssuance - g.TotalIssuance
	if Free(f.s, f.bob) != free0-cost || pl.TaoReserve != pl0.TaoReserve+cost-fee || fee == 0 {
		t.Fatalf("free %d→%d pool %d→%d fee %d", free0, Free(f.s, f.bob), pl0.TaoReserve, pl.TaoReserve, fee)
	}
	if pl.AlphaOut != pl0.AlphaOut || pl.AlphaIn >= pl0.AlphaIn {
		t.Fatalf("alpha not recycled: out %d→%d in %d→%d", pl0.AlphaOut, pl.AlphaOut, pl0.AlphaIn, pl.AlphaIn)
	}
	if !Price(f.s, f.n).Less(Price(f.s, f.n).SatAdd(fixed.U64F64FromU64(1))) || !poolOfPriceRose(pl0, pl) {
		t.Fatal("price did not rise")
	}
	em, _ := f.s.Emissions.Get(f.n)
	if em.RegistrationsThisBlk != 1 || em.RAORecycledForReg != cost || em.Burn != 1_260_000_000 {
		t.Fatalf("counters %+v", em)
	}
	if len(c.Events()) == 0 || c.Events()[len(c.Events())-1].Name != "NeuronRegistered" {
		t.Fatalf("events %+v", c.Events())
	}
	if hk, _ := f.s.Hotkeys.Get(h); hk.Owner != f.bob {
		t.Fatal("hotkey not paired")
	}
	mustInvariants(t, f.s)
}

// poolOfPriceRose: more TAO and less alpha in the pool means a higher price.
func poolOfPriceRose(a, b state.Pool) bool {
	return b.TaoReserve > a.TaoReserve && b.AlphaIn < a.AlphaIn
}
