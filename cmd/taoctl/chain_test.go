package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/store"
)

// testChain is an in-process taod (the same wiring as internal/api's test
// harness): a dev chain in memory with full history, an instant-mode block
// producer and the API on a random loopback port.
type testChain struct {
	t      testing.TB
	node   *node.Node
	url    string
	c      *client.Client
	cancel context.CancelFunc
	done   chan error
}

// testGenesis funds the dev accounts (//Alice is sudo) and creates subnet 1
// owned by //Alice, started, with tempo 10.
func testGenesis() *chain.Genesis {
	g := chain.DevGenesis()
	g.Subnets = []runtime.GenesisSubnet{{
		Owner: "//Alice", Hotkey: "//Alice//subnet1", Started: true, EmissionEnabled: true, Name: "one",
		Hyperparameters: map[string]int64{"tempo": 10},
	}}
	return g
}

func startChain(t testing.TB) *testChain {
	t.Helper()
	st := store.NewMemory(store.Options{})
	app, err := chain.Open(st, testGenesis(), chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.New(app, node.Config{Instant: true, BlockTime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tc := &testChain{t: t, node: n, url: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 2)}
	tc.c = client.New(tc.url)
	srv := api.New(n, api.Config{})
	go func() { tc.done <- srv.Serve(ctx, ln) }()
	go func() {
		err := n.Run(ctx)
		n.Hub().Close()
		tc.done <- err
	}()
	t.Cleanup(func() {
		cancel()
		for range 2 {
			if err := <-tc.done; err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("node stopped with %v", err)
			}
		}
		_ = st.Close()
	})
	return tc
}

// produce makes n blocks (instant mode makes blocks only for calls).
func (tc *testChain) produce(n int) {
	tc.t.Helper()
	for range n {
		if _, err := tc.node.ProduceBlock(); err != nil {
			tc.t.Fatal(err)
		}
	}
}

func (tc *testChain) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tc.t.Cleanup(cancel)
	return ctx
}

func (tc *testChain) subnet(netuid uint16) query.Subnet {
	tc.t.Helper()
	s, err := tc.c.Subnet(tc.ctx(), netuid)
	if err != nil {
		tc.t.Fatal(err)
	}
	return s
}

func (tc *testChain) head() uint64 {
	tc.t.Helper()
	h, err := tc.c.Head(tc.ctx())
	if err != nil {
		tc.t.Fatal(err)
	}
	return h.Height
}

// writeResult is callResult as a test decodes it (args and preview raw).
type writeResult struct {
	Call    string          `json:"call"`
	Args    json.RawMessage `json:"args"`
	Signer  string          `json:"signer"`
	Nonce   uint64          `json:"nonce"`
	Hash    string          `json:"tx_hash"`
	Status  string          `json:"status"`
	Tx      string          `json:"tx"`
	Block   uint64          `json:"block"`
	OK      bool            `json:"ok"`
	Error   string          `json:"error"`
	Fee     uint64          `json:"fee"`
	Events  []runtime.Event `json:"events"`
	Preview json.RawMessage `json:"preview"`
}

// event returns attribute key of the first event called name.
func (w writeResult) event(t testing.TB, name, key string) string {
	t.Helper()
	for _, e := range w.Events {
		if e.Name == name {
			return e.Get(key)
		}
	}
	t.Fatalf("no %s event in %+v", name, w.Events)
	return ""
}

func mustU64(t testing.TB, s string) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func preview[T any](t testing.TB, w writeResult) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Preview, &v); err != nil {
		t.Fatalf("preview %s: %v", w.Preview, err)
	}
	return v
}
