package api_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/query/querytest"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// loadAccounts returns k deterministic funded keys.
func loadAccounts(k int) []*keys.Keypair {
	out := make([]*keys.Keypair, k)
	for i := range out {
		var seed [32]byte
		binary.BigEndian.PutUint64(seed[:], uint64(i)+1)
		seed[31] = 0x4c
		out[i] = keys.FromSeed(seed)
	}
	return out
}

// BenchmarkSubmitTransfers is the load generator: each iteration posts
// `calls` pre-signed transfers from `accounts` signers over loopback with
// `workers` concurrent HTTP clients to a node persisting every block in
// bbolt (fsync on, instant blocks), then waits until all are committed.
// accepted-calls/s is the submission rate the API sustained (every call
// validated and queued); committed-calls/s counts until the last block
// holding them was committed.
func BenchmarkSubmitTransfers(b *testing.B) {
	const accounts, perAccount, workers = 200, 20, 32
	calls := accounts * perAccount
	kps := loadAccounts(accounts)
	g := devGenesis()
	for _, kp := range kps {
		g.Accounts = append(g.Accounts, chain.GenesisAccount{Address: kp.SS58(), Balance: 10_000 * tao})
	}
	tn := startTestNode(b, testOpts{genesis: g, bolt: true, mempool: node.MempoolConfig{MaxPerAccount: 1024}})
	ctx := context.Background()
	dest := bob(b).AccountID()
	var accepted, committed, cpu time.Duration
	nonce := uint64(0)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		raws := make([][]byte, 0, calls)
		for n := range perAccount { // nonce-major order: each signer's calls arrive in order
			for _, kp := range kps {
				raws = append(raws, tn.sign(kp, nonce+uint64(n), tx.Transfer{Dest: dest, Value: 1000}))
			}
		}
		startHeight := tn.node.Metrics().Height()
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		var next atomic.Int64
		var failed atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= len(raws) {
						return
					}
					if _, err := tn.c.Submit(ctx, raws[i]); err != nil {
						failed.Add(1)
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		accepted += time.Since(start)
		for {
			if txs, _ := tn.node.Mempool().Size(); txs == 0 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		committed += time.Since(start)
		cpu += cpuTime() - cpu0
		b.StopTimer()
		if failed.Load() > 0 {
			b.Fatalf("%d submissions failed", failed.Load())
		}
		// Every call was applied.
		var ok int
		for h := startHeight + 1; h <= tn.node.Metrics().Height(); h++ {
			blk, err := tn.c.Block(ctx, h)
			if err != nil {
				b.Fatal(err)
			}
			for _, rc := range blk.Receipts {
				if rc.OK {
					ok++
				}
			}
		}
		if ok != calls {
			b.Fatalf("%d of %d calls applied", ok, calls)
		}
		nonce += perAccount
		b.StartTimer()
	}
	b.ReportMetric(float64(calls*b.N)/accepted.Seconds(), "accepted-calls/s")
	b.ReportMetric(float64(calls*b.N)/committed.Seconds(), "committed-calls/s")
	// Node and load generator share the process: this is the CPU both
	// spend per call (client signing excluded: it is done beforehand).
	b.ReportMetric(float64(cpu.Microseconds())/float64(calls*b.N), "cpu-µs/call")
}

// BenchmarkAPIMetagraph measures GET /v1/subnets/1/metagraph (msgpack)
// over loopback (server time plus transfer; the client's decoding is not
// included) for a 256- and a 4096-uid subnet built directly
// in a bbolt store: cached=false turns the response cache off, so every
// request reads the whole subnet from a fresh snapshot and encodes it (the
// query package's decode caches stay warm, as on a live node after a new
// block); cached=true repeats reads of the same root.
func BenchmarkAPIMetagraph(b *testing.B) {
	for _, n := range []int{256, 4096} {
		for _, cached := range []bool{false, true} {
			b.Run(fmt.Sprintf("uids=%d/cached=%v", n, cached), func(b *testing.B) {
				st, err := store.OpenBolt(filepath.Join(b.TempDir(), "chain.db"), store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := querytest.Build(st, querytest.Subnet{Net: 1, UIDs: n}); err != nil {
					b.Fatal(err)
				}
				app, err := chain.Open(st, nil, chain.Options{})
				if err != nil {
					b.Fatal(err)
				}
				nd, err := node.New(app, node.Config{Instant: true})
				if err != nil {
					b.Fatal(err)
				}
				cfg := api.Config{}
				if !cached {
					cfg.CacheEntries = -1
				}
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				go func() { done <- api.New(nd, cfg).Serve(ctx, ln) }()
				defer func() { cancel(); <-done; st.Close() }()
				c := client.New(ln.Addr().String())
				if mg, err := c.Metagraph(ctx, 1, query.MetagraphOptions{}); err != nil || len(mg.Neurons) != n {
					b.Fatalf("metagraph: %v", err)
				}
				url := "http://" + ln.Addr().String() + "/v1/subnets/1/metagraph"
				var lat []time.Duration
				cpu0 := cpuTime()
				for b.Loop() {
					start := time.Now()
					req, _ := http.NewRequest(http.MethodGet, url, nil)
					req.Header.Set("Accept", api.MediaMsgpack)
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err != nil || resp.StatusCode != http.StatusOK {
						b.Fatal(resp.Status, err)
					}
					lat = append(lat, time.Since(start))
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1e3/float64(len(lat)), "cpu-ms/op")
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
				b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)])/1e6, "p99-ms")
			})
		}
	}
}
