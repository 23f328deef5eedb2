package chain

import (
	"strconv"
	"testing"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

func eventsNamed(res *BlockResult, name string) []runtime.Event {
	var out []runtime.Event
	for _, e := range res.Events {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}

func attrU64(t testing.TB, e runtime.Event, key string) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(e.Get(key), 10, 64)
	if err != nil {
		t.Fatalf("event %s attr %s: %v", e.Name, key, err)
	}
	return v
}

// alphaAccounted sums what holds subnet n's outstanding alpha: stakes,
// pending buckets, protocol alpha and burned alpha.
func alphaAccounted(s *state.State, n state.NetUID) uint64 {
	var sum uint64
	s.Stakes.Each(func(k state.HotkeyNet, p state.StakePool) {
		if k.Net == n {
			sum += p.Value
		}
	})
	em, _ := s.Emissions.Get(n)
	pl, _ := s.Pools.Get(n)
	return sum + em.PendingServer + em.PendingValidator + em.PendingRootAlpha + em.PendingOwnerCut + pl.ProtocolAlpha + em.AlphaBurned
}

// TestEmissionOverBlocks runs three subnets (one with emission disabled)
// through a dozen epochs and checks, block by block, the issuance books,
// the alpha books, the epoch schedule and the emission switch.
func TestEmissionOverBlocks(t *testing.T) {
	sm := newSim(t, store.NewMemory(store.Options{}), simConfig{
		subnets: 3, uids: 12, validators: 3, tempo: 10, stake: 100_000_000_000,
		genesis: func(g *Genesis) { g.Subnets[2].EmissionEnabled = false },
	})
	var prev state.Globals
	sm.state(func(s *state.State) { prev = s.G() })
	for h := uint64(1); h <= 130; h++ {
		res := sm.step()
		mustOK(t, res)
		if err := sm.a.CheckInvariants(); err != nil {
			t.Fatalf("block %d: %v", h, err)
		}
		var g state.Globals
		sm.state(func(s *state.State) { g = s.G() })
		minted := uint64(0)
		if ev := eventsNamed(res, "BlockEmission"); len(ev) == 1 {
			minted = attrU64(t, ev[0], "emission")
		}
		if minted != 1_000_000_000 {
			t.Fatalf("block %d minted %d", h, minted)
		}
		out := (g.Recycled - prev.Recycled) + (g.FeesBurned - prev.FeesBurned)
		if g.TotalIssuance != prev.TotalIssuance+minted-out {
			t.Fatalf("block %d: issuance %d, want %d + %d − %d", h, g.TotalIssuance, prev.TotalIssuance, minted, out)
		}
		prev = g
		// The scheduler with MaxEpochsPerBlock = 2: all three are due at
		// block 10, subnet 3 is deferred to 11 and keeps that phase.
		ran := map[string]bool{}
		for _, e := range eventsNamed(res, "EpochRan") {
			ran[e.Get("netuid")] = true
		}
		for n, want := range map[string]bool{"1": h%10 == 0, "2": h%10 == 0, "3": h%10 == 1 && h > 1} {
			if ran[n] != want {
				t.Fatalf("block %d: subnet %s epoch ran %v, want %v", h, n, ran[n], want)
			}
		}
		if deferred := eventsNamed(res, "EpochDeferred"); (len(deferred) == 1) != (h == 10) {
			t.Fatalf("block %d: %d deferrals", h, len(deferred))
		}
		sm.state(func(s *state.State) {
			em3, _ := s.Emissions.Get(3)
			if em3.TaoInEmission != 0 || em3.ExcessTao != 0 || em3.AlphaOutEmission == 0 {
				t.Fatalf("block %d: disabled subnet got tao_in %d excess %d (alpha_out %d)", h, em3.TaoInEmission, em3.ExcessTao, em3.AlphaOutEmission)
			}
			for n := state.NetUID(1); n <= 3; n++ {
				pl, _ := s.Pools.Get(n)
				acc := alphaAccounted(s, n)
				// Rounding dust (floors in the split and the payout) stays in
				// SubnetAlphaOut unowned: a few RAO per block and per uid paid.
				if acc > pl.AlphaOut || pl.AlphaOut-acc > 50*h {
					t.Fatalf("block %d subnet %d: alpha out %d, accounted %d", h, n, pl.AlphaOut, acc)
				}
			}
		})
	}
	// Incentive follows the validators' weights: higher miner uids were
	// weighted more, even uids not at all.
	sm.state(func(s *state.State) {
		for n := state.NetUID(1); n <= 3; n++ {
			last := uint16(0)
			for uid := uint16(4); uid < 12; uid++ {
				nr := runtime.NeuronOut(s, n, uid)
				if uid%2 == 1 && nr.Incentive != 0 {
					t.Errorf("subnet %d uid %d (unweighted) incentive %d", n, uid, nr.Incentive)
				}
				if uid%2 == 0 {
					if nr.Incentive <= last {
						t.Errorf("subnet %d uid %d incentive %d not above %d", n, uid, nr.Incentive, last)
					}
					last = nr.Incentive
				}
			}
		}
	})
}

var _ = keys.AccountID{}

// TestHalvingDuringRun starts 2.5 TAO below the first halving threshold
// (10.5M TAO issued) and checks the block emission halves exactly at the
// first block that starts with issuance at or above it.
func TestHalvingDuringRun(t *testing.T) {
	const threshold = 10_500_000 * 1_000_000_000
	cfg := simConfig{subnets: 2, uids: 6, validators: 2, tempo: 5, stake: 10_000_000_000}
	probe := newSim(t, store.NewMemory(store.Options{}), cfg)
	var base uint64
	probe.state(func(s *state.State) { base = s.G().TotalIssuance })
	cfg.genesis = func(g *Genesis) {
		g.Accounts = append(g.Accounts, GenesisAccount{Address: "//Whale", Balance: threshold - 2_500_000_000 - base})
		// A fast moving price, so TAO enters the pools from the first blocks
		// (a new subnet's EMA price starts at 0 and earns nothing until it rises).
		g.Params = map[string]uint64{"subnet_moving_alpha_raw": 1 << 31}
		for i := range g.Subnets {
			g.Subnets[i].Hyperparameters["ema_price_halving_period"] = 1
		}
	}
	sm := newSim(t, store.NewMemory(store.Options{}), cfg)
	halved := false
	for h := 1; h <= 30; h++ {
		var before uint64
		sm.state(func(s *state.State) { before = s.G().TotalIssuance })
		res := sm.step()
		mustOK(t, res)
		ev := eventsNamed(res, "BlockEmission")
		if len(ev) != 1 {
			t.Fatalf("block %d: no emission event", h)
		}
		want := uint64(1_000_000_000)
		if before >= threshold {
			want, halved = 500_000_000, true
		}
		if got := attrU64(t, ev[0], "emission"); got != want {
			t.Fatalf("block %d (issuance %d): emission %d, want %d", h, before, got, want)
		}
		if err := sm.a.CheckInvariants(); err != nil {
			t.Fatal(err)
		}
	}
	if !halved {
		t.Fatal("issuance never crossed the threshold")
	}
}

// TestDeterministicOverTenThousandBlocks replays the same genesis and
// transactions on two fresh stores and compares the state roots.
func TestDeterministicOverTenThousandBlocks(t *testing.T) {
	const blocks = 10_000
	cache := map[string][]byte{}
	run := func() Info {
		sm := newSim(t, store.NewMemory(store.Options{Retain: 1}), simConfig{subnets: 2, uids: 6, validators: 2, tempo: 50, stake: 10_000_000_000_000, lock: 100_000_000_000_000})
		sm.sign = func(kp *keys.Keypair, nonce uint64, raw func() []byte) []byte {
			k := kp.AccountID().String() + strconv.FormatUint(nonce, 10)
			if b, ok := cache[k]; ok {
				return b
			}
			b := raw()
			cache[k] = b
			return b
		}
		for range blocks {
			mustOK(t, sm.step())
		}
		return sm.a.Info()
	}
	a, b := run(), run()
	if a.Height != blocks || a != b {
		t.Fatalf("runs differ:\n%+v\n%+v", a, b)
	}
}
