package chain

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// The benchmark chain of issues 4 and 5: 64 subnets × 256 uids, 64
// validators each (stake-weighted permits from genesis), weights on half the
// miners, tempo 360.
var bigChain = simConfig{subnets: 64, uids: 256, validators: 64, tempo: 360,
	stake: 500_000_000_000, lock: 10_000_000_000_000, permits: true}

func BenchmarkCheckTx(b *testing.B) {
	a := newDevApp(b, store.NewMemory(store.Options{}))
	alice, bob := devKey(b, "Alice"), devKey(b, "Bob")
	raw := signed(b, a, alice, 0, tx.Transfer{Dest: bob.AccountID(), Value: 1_000_000})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.CheckTx(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// mixedBlock signs 1,000 calls: 400 transfers and 300 stakes from 100
// funded accounts, and 300 weight settings from validators.
func mixedBlock(b *testing.B, sm *sim, payers []*keys.Keypair, nonces map[keys.AccountID]uint64) [][]byte {
	b.Helper()
	var txs [][]byte
	sign := func(kp *keys.Keypair, c tx.Call) {
		n := nonces[kp.AccountID()]
		raw, err := tx.Sign(kp, sm.a.GenesisHash(), n, c)
		if err != nil {
			b.Fatal(err)
		}
		nonces[kp.AccountID()] = n + 1
		txs = append(txs, raw)
	}
	for i := range 700 {
		p := payers[i%len(payers)]
		if i < 400 {
			sign(p, tx.Transfer{Dest: payers[(i+1)%len(payers)].AccountID(), Value: 1_000_000_000})
			continue
		}
		net := state.NetUID(1 + i%64)
		sign(p, tx.AddStake{Hotkey: sm.vals[net][i%64].AccountID(), Netuid: uint16(net), Amount: 1_000_000_000})
	}
	for i := range 300 {
		net := state.NetUID(1 + i%64)
		txs = append(txs, sm.weightsTx(net, (i/64)%64))
	}
	return txs
}

func payerGenesis(payers []*keys.Keypair) func(*Genesis) {
	return func(g *Genesis) {
		for _, p := range payers {
			g.Accounts = append(g.Accounts, GenesisAccount{Address: p.AccountID().String(), Balance: 10_000_000_000_000})
		}
	}
}

// BenchmarkFinalizeBlock1000 applies and commits blocks of 1,000 mixed
// signed calls on the 64×256 chain (memory store).
func BenchmarkFinalizeBlock1000(b *testing.B) {
	payers := make([]*keys.Keypair, 100)
	for i := range payers {
		payers[i] = seeded("payer", i, 0)
	}
	cfg := bigChain
	cfg.genesis = payerGenesis(payers)
	sm := newSim(b, store.NewMemory(store.Options{Retain: 1}), cfg)
	nonces := map[keys.AccountID]uint64{}
	blocks := make([][][]byte, 0, 16)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if len(blocks) == 0 {
			for range 16 {
				blocks = append(blocks, mixedBlock(b, sm, payers, nonces))
			}
		}
		txs := blocks[0]
		blocks = blocks[1:]
		b.StartTimer()
		h := sm.a.Info().Height + 1
		res, err := sm.a.FinalizeBlock(Header{Height: h}, txs)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sm.a.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		for _, rc := range res.Receipts {
			if !rc.OK {
				b.Fatalf("receipt %+v", rc)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/call")
}

// BenchmarkCommitBolt measures the commit of a block of 1,000 transfers on
// bbolt with fsync.
func BenchmarkCommitBolt(b *testing.B) {
	payers := make([]*keys.Keypair, 100)
	for i := range payers {
		payers[i] = seeded("payer", i, 0)
	}
	st, err := store.OpenBolt(filepath.Join(b.TempDir(), "chain.db"), store.Options{Retain: 7200})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	a, err := Open(st, func() *Genesis { g := DevGenesis(); payerGenesis(payers)(g); return g }(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	nonces := map[keys.AccountID]uint64{}
	for b.Loop() {
		b.StopTimer()
		var txs [][]byte
		for i := range 1000 {
			p := payers[i%len(payers)]
			n := nonces[p.AccountID()]
			raw, _ := tx.Sign(p, a.GenesisHash(), n, tx.Transfer{Dest: payers[(i+7)%len(payers)].AccountID(), Value: 1_000_000})
			nonces[p.AccountID()] = n + 1
			txs = append(txs, raw)
		}
		if _, err := a.FinalizeBlock(Header{Height: a.Info().Height + 1}, txs); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := a.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBlockNoEpoch is one empty block (coinbase, no epoch) on the
// 64×256 chain.
func BenchmarkBlockNoEpoch(b *testing.B) {
	sm := newSim(b, store.NewMemory(store.Options{Retain: 1}), bigChain)
	b.ReportAllocs()
	var cpu time.Duration
	defer func() { b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/block") }()
	for b.Loop() {
		b.StopTimer()
		// Skip blocks where an epoch runs: LastEpochBlock starts at 0 and
		// every subnet is due at multiples of the tempo (two per block).
		for {
			h := sm.a.Info().Height + 1
			due := false
			sm.state(func(s *state.State) {
				for _, n := range s.Subnets.Keys() {
					em, _ := s.Emissions.Get(n)
					if n != state.RootNet && (h-em.LastEpochBlock >= 360 || em.PendingEpochAt != 0) {
						due = true
					}
				}
			})
			if !due {
				break
			}
			sm.step()
		}
		b.StartTimer()
		c0 := cpuTime()
		if _, err := sm.a.FinalizeBlock(Header{Height: sm.a.Info().Height + 1}, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := sm.a.Commit(); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
}

// BenchmarkSimulatedDay runs 7,200 blocks (one day) of the 64×256 chain,
// validators setting weights after every epoch.
func BenchmarkSimulatedDay(b *testing.B) {
	var rejected, epochs int
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		sm := newSim(b, store.NewMemory(store.Options{Retain: 1}), bigChain)
		c0 := cpuTime()
		sm.pause = func() { b.StopTimer(); cpu += cpuTime() - c0 }
		sm.resume = func() { c0 = cpuTime(); b.StartTimer() }
		b.StartTimer()
		for range 7200 {
			res := sm.step()
			for _, rc := range res.Receipts {
				if !rc.OK {
					rejected++
				}
			}
			epochs += len(eventsNamed(res, "EpochRan"))
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(epochs)/float64(b.N), "epochs/day")
	b.ReportMetric(float64(rejected)/float64(b.N), "rejected/day")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/day")
}

// BenchmarkBlocksScaling runs one tempo (360 blocks: every subnet's epoch
// once, with its validators' weights) at several sizes, after a first tempo
// that is not timed (from genesis every subnet is first due at block 360),
// and reports CPU time per block, to show how block cost scales with
// subnets and uids.
func BenchmarkBlocksScaling(b *testing.B) {
	for _, sz := range []struct{ subnets, uids int }{{16, 64}, {16, 256}, {64, 64}, {64, 256}} {
		b.Run(fmt.Sprintf("subnets=%d/uids=%d", sz.subnets, sz.uids), func(b *testing.B) {
			cfg := bigChain
			cfg.subnets, cfg.uids, cfg.validators = sz.subnets, sz.uids, min(64, sz.uids/2)
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				sm := newSim(b, store.NewMemory(store.Options{Retain: 1}), cfg)
				for range 360 {
					sm.step()
				}
				c0 := cpuTime()
				sm.pause = func() { b.StopTimer(); cpu += cpuTime() - c0 }
				sm.resume = func() { c0 = cpuTime(); b.StartTimer() }
				b.StartTimer()
				for range 360 {
					sm.step()
				}
				cpu += cpuTime() - c0
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N)/360, "cpu-ms/block")
		})
	}
}
