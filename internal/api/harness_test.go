package api_test

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// testOpts configure an in-process node.
type testOpts struct {
	genesis   *chain.Genesis
	timer     time.Duration // timer mode with this block time; 0 = instant
	retain    uint64        // store heights kept (0 = archive)
	bolt      bool          // persist in a bbolt file (fsync on) instead of memory
	mempool   node.MempoolConfig
	apiCfg    api.Config
	blockTxs  int
	noCleanup bool
}

// testNode is a node with its API on a random loopback port.
type testNode struct {
	t      testing.TB
	node   *node.Node
	app    *chain.App
	st     store.Store
	c      *client.Client
	url    string
	cancel context.CancelFunc
	done   chan error
}

func alice(t testing.TB) *keys.Keypair { return dev(t, "Alice") }
func bob(t testing.TB) *keys.Keypair   { return dev(t, "Bob") }

func dev(t testing.TB, name string) *keys.Keypair {
	kp, ok := keys.DevKeyByName(name)
	if !ok {
		t.Fatalf("no dev key %s", name)
	}
	return kp
}

// devGenesis funds the dev accounts and creates one started subnet owned
// by //Alice (tempo 10 so epochs come quickly).
func devGenesis() *chain.Genesis {
	g := chain.DevGenesis()
	g.Subnets = []runtime.GenesisSubnet{{
		Owner: "//Alice", Hotkey: "//Alice//subnet1", Started: true, EmissionEnabled: true, Name: "one",
		Hyperparameters: map[string]int64{"tempo": 10, "commit_reveal_weights_enabled": 0, "weights_rate_limit": 0},
	}}
	return g
}

func startTestNode(t testing.TB, o testOpts) *testNode {
	t.Helper()
	if o.genesis == nil {
		o.genesis = devGenesis()
	}
	var st store.Store
	if o.bolt {
		bs, err := store.OpenBolt(filepath.Join(t.TempDir(), "chain.db"), store.Options{Retain: o.retain})
		if err != nil {
			t.Fatal(err)
		}
		st = bs
	} else {
		st = store.NewMemory(store.Options{Retain: o.retain})
	}
	app, err := chain.Open(st, o.genesis, chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := node.Config{Instant: o.timer == 0, BlockTime: o.timer, Mempool: o.mempool, MaxBlockTxs: o.blockTxs}
	if cfg.BlockTime == 0 {
		cfg.BlockTime = time.Hour
	}
	n, err := node.New(app, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tn := &testNode{t: t, node: n, app: app, st: st, url: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 2)}
	tn.c = client.New(tn.url)
	srv := api.New(n, o.apiCfg)
	go func() { tn.done <- srv.Serve(ctx, ln) }()
	go func() {
		err := n.Run(ctx)
		n.Hub().Close()
		tn.done <- err
	}()
	t.Cleanup(tn.stop)
	return tn
}

func (tn *testNode) stop() {
	if tn.cancel == nil {
		return
	}
	tn.cancel()
	tn.cancel = nil
	for range 2 {
		if err := <-tn.done; err != nil && !errors.Is(err, context.Canceled) {
			tn.t.Errorf("node stopped with %v", err)
		}
	}
	_ = tn.st.Close()
}

// sign signs call for kp at the given nonce.
func (tn *testNode) sign(kp *keys.Keypair, nonce uint64, call tx.Call) []byte {
	tn.t.Helper()
	raw, err := tx.Sign(kp, tn.app.GenesisHash(), nonce, call)
	if err != nil {
		tn.t.Fatal(err)
	}
	return raw
}

// send signs call with the committed nonce and waits for its receipt.
func (tn *testNode) send(kp *keys.Keypair, call tx.Call) *api.SubmitResult {
	tn.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := tn.c.Send(ctx, kp, call, true)
	if err != nil {
		tn.t.Fatalf("send %s: %v", call.CallName(), err)
	}
	if res.Inclusion == nil {
		tn.t.Fatalf("send %s: no inclusion in %+v", call.CallName(), res)
	}
	return res
}

// mustOK sends call and requires that it succeeded.
func (tn *testNode) mustOK(kp *keys.Keypair, call tx.Call) *api.SubmitResult {
	tn.t.Helper()
	res := tn.send(kp, call)
	if rc := res.Inclusion.Receipt; !rc.OK {
		tn.t.Fatalf("%s failed: valid=%v error=%q", call.CallName(), rc.Valid, rc.Error)
	}
	return res
}

// produce makes n blocks directly (timer-mode tests).
func (tn *testNode) produce(n int) {
	tn.t.Helper()
	for range n {
		if _, err := tn.node.ProduceBlock(); err != nil {
			tn.t.Fatal(err)
		}
	}
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
