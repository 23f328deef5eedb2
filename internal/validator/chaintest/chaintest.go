// Package chaintest starts an in-process taod (chain, block producer and
// HTTP API on a loopback port) with a small subnet of registered, staked
// validators and miners, for the participant programs' integration tests.
// It follows internal/api's own test harness.
package chaintest

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// Node is a running in-process node.
type Node struct {
	URL    string
	Client *client.Client
	Node   *node.Node
	t      testing.TB
}

// Options configure Start.
type Options struct {
	BlockTime time.Duration    // 0: instant (a block as soon as calls are ready)
	Tempo     int64            // subnet 1's tempo (default 10)
	Hyper     map[string]int64 // more subnet 1 hyperparameters
}

// Start runs a node whose genesis funds the dev accounts and creates subnet
// 1 (owner //Alice, owner hotkey //Alice//owner), started, emitting, with
// commit-reveal off and no weights rate limit unless Hyper says otherwise.
func Start(t testing.TB, o Options) *Node {
	t.Helper()
	if o.Tempo == 0 {
		o.Tempo = 10
	}
	hp := map[string]int64{"tempo": o.Tempo, "commit_reveal_weights_enabled": 0, "weights_rate_limit": 0,
		"network_pow_registration_allowed": 1}
	for k, v := range o.Hyper {
		hp[k] = v
	}
	g := chain.DevGenesis()
	g.Subnets = []runtime.GenesisSubnet{{Owner: "//Alice", Hotkey: "//Alice//owner", Started: true, EmissionEnabled: true,
		Name: "test", Hyperparameters: hp}}
	st := store.NewMemory(store.Options{})
	app, err := chain.Open(st, g, chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := node.Config{Instant: o.BlockTime == 0, BlockTime: o.BlockTime}
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
	done := make(chan error, 2)
	srv := api.New(n, api.Config{})
	go func() { done <- srv.Serve(ctx, ln) }()
	go func() {
		err := n.Run(ctx)
		n.Hub().Close()
		done <- err
	}()
	tn := &Node{URL: "http://" + ln.Addr().String(), Node: n, t: t}
	tn.Client = client.New(tn.URL)
	t.Cleanup(func() {
		cancel()
		for range 2 {
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("node stopped with %v", err)
			}
		}
		_ = st.Close()
	})
	return tn
}

// Key derives a key from a secret URI.
func Key(t testing.TB, suri string) *keys.Keypair {
	t.Helper()
	kp, err := keys.FromSURI(suri)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// MustOK sends call signed by kp, waits for its block and requires success.
func (n *Node) MustOK(kp *keys.Keypair, call tx.Call) uint64 {
	n.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := n.Client.Send(ctx, kp, call, true)
	if err != nil {
		n.t.Fatalf("send %s: %v", call.CallName(), err)
	}
	if res.Inclusion == nil || !res.Inclusion.Receipt.OK {
		n.t.Fatalf("%s failed: %+v", call.CallName(), res.Inclusion)
	}
	return res.Inclusion.Height
}

// Metagraph reads subnet 1's metagraph.
func (n *Node) Metagraph() *query.Metagraph {
	n.t.Helper()
	mg, err := n.Client.Metagraph(context.Background(), 1, query.MetagraphOptions{Weights: true})
	if err != nil {
		n.t.Fatal(err)
	}
	return mg
}

// Neuron returns hotkey's neuron on subnet 1.
func (n *Node) Neuron(mg *query.Metagraph, hotkey keys.AccountID) query.Neuron {
	n.t.Helper()
	for _, nr := range mg.Neurons {
		if nr.Hotkey.ID() == hotkey {
			return nr
		}
	}
	n.t.Fatalf("hotkey %s not registered", hotkey)
	return query.Neuron{}
}

// WaitFor polls cond every 50 ms for up to d.
func (n *Node) WaitFor(d time.Duration, what string, cond func() bool) {
	n.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	n.t.Fatalf("timed out waiting for %s", what)
}

// Participants are the subnet members Populate registers.
type Participants struct {
	Validators []*keys.Keypair // //Bob//v1, //Charlie//v2: staked, permits
	Miners     []*keys.Keypair // //Dave//m1, //Eve//m2, //Ferdie//m3
}

// Populate registers two validators (staking 1000 τ each from their
// coldkeys) and three miners on subnet 1, and waits until an epoch gave
// the validators their permits (max_allowed_validators must be 2 so the
// miners get none: set it in Options.Hyper). Needs a timer-mode node.
func (n *Node) Populate() Participants {
	n.t.Helper()
	p := Participants{
		Validators: []*keys.Keypair{Key(n.t, "//Bob//v1"), Key(n.t, "//Charlie//v2")},
		Miners:     []*keys.Keypair{Key(n.t, "//Dave//m1"), Key(n.t, "//Eve//m2"), Key(n.t, "//Ferdie//m3")},
	}
	colds := []string{"//Bob", "//Charlie"}
	for i, v := range p.Validators {
		ck := Key(n.t, colds[i])
		n.MustOK(ck, tx.BurnedRegister{Netuid: 1, Hotkey: v.AccountID()})
		n.MustOK(ck, tx.AddStake{Hotkey: v.AccountID(), Netuid: 1, Amount: 1000_000_000_000})
	}
	for i, m := range p.Miners {
		n.MustOK(Key(n.t, "//"+keys.DevAccountNames[3+i]), tx.BurnedRegister{Netuid: 1, Hotkey: m.AccountID()})
	}
	n.WaitFor(60*time.Second, "validator permits", func() bool {
		mg := n.Metagraph()
		for _, v := range p.Validators {
			if !n.Neuron(mg, v.AccountID()).ValidatorPermit {
				return false
			}
		}
		return true
	})
	return p
}
