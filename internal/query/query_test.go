package query_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/query/querytest"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

func built(t testing.TB, subnets ...querytest.Subnet) store.Store {
	t.Helper()
	st := store.NewMemory(store.Options{})
	if err := querytest.Build(st, subnets...); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestMetagraph(t *testing.T) {
	st := built(t, querytest.Subnet{Net: 3, UIDs: 5, Weights: 2})
	mg, err := query.ReadMetagraph(st, 3, query.MetagraphOptions{Weights: true, Bonds: true, Stakers: true})
	if err != nil {
		t.Fatal(err)
	}
	if mg.Subnet.Netuid != 3 || mg.Subnet.N != 5 || len(mg.Neurons) != 5 || mg.Height != 0 {
		t.Fatalf("metagraph %+v", mg.Subnet)
	}
	for i, nu := range mg.Neurons {
		wantStake := uint64(i+1) * 1e9
		switch {
		case nu.UID != uint16(i), nu.Hotkey.ID() != querytest.Account('h', i), nu.Coldkey.ID() != querytest.Account('c', i):
			t.Fatalf("uid %d identity %+v", i, nu)
		case nu.AlphaStake != wantStake, nu.RootStake != 1e9, nu.TotalStake <= nu.AlphaStake:
			t.Fatalf("uid %d stake %+v", i, nu)
		case nu.AlphaStakeTAO != wantStake/2: // price 0.5 τ/α (10k τ, 20k α, weight ½)
			t.Fatalf("uid %d tao value %d, want %d", i, nu.AlphaStakeTAO, wantStake/2)
		case nu.Axon.IP != fmt.Sprintf("10.0.0.%d", i+1), nu.Axon.Port != 8091:
			t.Fatalf("uid %d axon %+v", i, nu.Axon)
		case len(nu.Weights) != 2, len(nu.Bonds) != 2:
			t.Fatalf("uid %d rows %v %v", i, nu.Weights, nu.Bonds)
		case len(nu.Stakers) != 1 || nu.Stakers[0].Alpha != wantStake || nu.Stakers[0].Coldkey != nu.Coldkey:
			t.Fatalf("uid %d stakers %+v", i, nu.Stakers)
		case nu.Emission != uint64(i)*1000, nu.Incentive != uint16(i), !nu.Active, nu.Take != state.DefaultParams().DefaultTake:
			t.Fatalf("uid %d fields %+v", i, nu)
		}
	}
	if mg.Subnet.Price != "0.5" || mg.Subnet.PriceRAO != 500_000_000 {
		t.Fatalf("price %s %d", mg.Subnet.Price, mg.Subnet.PriceRAO)
	}
	if _, err := query.ReadMetagraph(st, 9, query.MetagraphOptions{}); !errors.Is(err, query.ErrNotFound) {
		t.Fatalf("missing subnet: %v", err)
	}
}

func TestShareValue(t *testing.T) {
	// Two coldkeys holding 1 and 3 shares of a 1000-alpha pool own 250 and 750.
	st := store.NewMemory(store.Options{})
	if err := querytest.Build(st, querytest.Subnet{Net: 1, UIDs: 1}); err != nil {
		t.Fatal(err)
	}
	s, err := state.Load(st)
	if err != nil {
		t.Fatal(err)
	}
	hk := querytest.Account('h', 0)
	c1, c2 := querytest.Account('c', 0), querytest.Account('c', 1)
	s.Stakes.Set(state.HotkeyNet{Hotkey: hk, Net: 1}, state.StakePool{Value: 1000, Denom: querytest.Float(4)})
	s.Shares.Set(state.ShareKey{Hotkey: hk, Net: 1, Coldkey: c1}, querytest.Float(1))
	s.Shares.Set(state.ShareKey{Hotkey: hk, Net: 1, Coldkey: c2}, querytest.Float(3))
	s.Coldkeys.Set(c2, state.Coldkey{StakingHotkeys: []state.AccountID{hk}})
	b := store.NewBatch()
	if err := s.Flush(b); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Commit(3, b); err != nil {
		t.Fatal(err)
	}
	mg, err := query.ReadMetagraph(st, 1, query.MetagraphOptions{Stakers: true})
	if err != nil {
		t.Fatal(err)
	}
	got := mg.Neurons[0].Stakers
	slices.SortFunc(got, func(a, b query.Staker) int { return int(a.Alpha) - int(b.Alpha) })
	if len(got) != 2 || got[0].Alpha != 250 || got[1].Alpha != 750 {
		t.Fatalf("stakers %+v", got)
	}
	cs, err := query.ReadStake(st, c2)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs.Stakes) != 1 || cs.Stakes[0].Alpha != 750 || cs.Stakes[0].TaoValue != 375 || cs.TotalTaoValue != 375 {
		t.Fatalf("coldkey stake %+v", cs)
	}
	ds, err := query.ReadDelegates(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Hotkey.ID() == hk && (d.Nominators != 2 || len(d.Stakes) != 2) {
			t.Fatalf("delegate %+v", d)
		}
	}
}

func TestSubnetsQuoteHead(t *testing.T) {
	st := built(t, querytest.Subnet{Net: 1, UIDs: 2}, querytest.Subnet{Net: 2, UIDs: 3})
	subs, err := query.ReadSubnets(st)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 3 || subs[0].Netuid != 0 || subs[0].Mechanism != "dynamic" && subs[0].Mechanism != "stable" || subs[2].N != 3 {
		t.Fatalf("subnets %+v", subs)
	}
	if subs[1].TaoIn != 10_000e9 || subs[1].AlphaIn != 20_000e9 || subs[1].AlphaOut != 5_000e9 || subs[1].Burn != 1e9 || len(subs[1].Hyperparameters) == 0 {
		t.Fatalf("subnet 1 %+v", subs[1])
	}
	q, err := query.ReadQuote(st, 1, "buy", 1e9)
	if err != nil {
		t.Fatal(err)
	}
	// 1 τ at 0.5 τ/α buys at most 2 α.
	if q.IdealOut != 2e9 || q.AmountOut >= q.IdealOut || q.AmountOut < 19e8 || q.Fee == 0 {
		t.Fatalf("quote %+v", q)
	}
	s, err := query.ReadQuote(st, 1, "sell", 2e9)
	if err != nil || s.IdealOut != 1e9 || s.AmountOut >= 1e9 {
		t.Fatalf("sell %+v %v", s, err)
	}
	if _, err := query.ReadQuote(st, 1, "buy", 0); !errors.Is(err, query.ErrBadRequest) {
		t.Fatalf("zero: %v", err)
	}
	h, err := query.ReadHead(st)
	if err != nil || h.Height != 0 || h.StateRoot != [32]byte(st.Root()) {
		t.Fatalf("head %+v %v", h, err)
	}
	if _, err := query.ReadHead(store.NewMemory(store.Options{})); !errors.Is(err, query.ErrNoMeta) {
		t.Fatalf("empty store: %v", err)
	}
	lc, err := query.ReadLockCost(st)
	if err != nil || lc.LockCost < state.DefaultParams().NetworkMinLockCost || lc.Block != 1 {
		t.Fatalf("lock cost %+v %v", lc, err)
	}
	pe, err := query.ReadPendingEmission(st)
	if err != nil || len(pe) != 3 || pe[1].PendingServer != 7 {
		t.Fatalf("pending %+v %v", pe, err)
	}
}

// BenchmarkMetagraph measures the metagraph query of a 256- and a
// 4096-uid subnet on a bbolt store (fsync on), reading from a fresh
// snapshot each time as the API does. p50-ms and p99-ms are per query.
//
// cold empties the decode caches before every query (a node's first read
// of the subnet); warm keeps them, as after a new block when most records
// are unchanged (the state is re-read and compared, not re-decoded).
func BenchmarkMetagraph(b *testing.B) {
	for _, n := range []int{256, 4096} {
		for _, cold := range []bool{true, false} {
			b.Run(fmt.Sprintf("uids=%d/cold=%v", n, cold), func(b *testing.B) {
				st, err := store.OpenBolt(filepath.Join(b.TempDir(), "chain.db"), store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				if err := querytest.Build(st, querytest.Subnet{Net: 1, UIDs: n}); err != nil {
					b.Fatal(err)
				}
				var lat []time.Duration
				b.ReportAllocs()
				cpu0 := cpuTime()
				for b.Loop() {
					if cold {
						query.ResetDecodeCaches()
					}
					start := time.Now()
					snap, err := st.Snapshot()
					if err != nil {
						b.Fatal(err)
					}
					mg, err := query.ReadMetagraph(snap, 1, query.MetagraphOptions{})
					snap.Release()
					if err != nil || len(mg.Neurons) != n {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1e3/float64(len(lat)), "cpu-ms/op")
				reportPercentiles(b, lat)
			})
		}
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / 1e6
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
