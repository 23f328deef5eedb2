package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/tx"
)

const tao = 1_000_000_000

func TestTransferAndBlock(t *testing.T) {
	tn := startTestNode(t, testOpts{})
	ctx := ctxT(t)
	a, b := alice(t), bob(t)
	before, err := tn.c.Account(ctx, b.AccountID())
	if err != nil {
		t.Fatal(err)
	}
	res := tn.mustOK(a, tx.Transfer{Dest: b.AccountID(), Value: 5 * tao})
	if res.Status != api.StatusIncluded || res.Call != "transfer" || res.Signer != a.AccountID() || res.Fee == 0 {
		t.Fatalf("result %+v", res)
	}
	after, err := tn.c.Account(ctx, b.AccountID())
	if err != nil {
		t.Fatal(err)
	}
	if after.Free != before.Free+5*tao {
		t.Fatalf("bob %d -> %d, want +5 TAO", before.Free, after.Free)
	}
	acc, err := tn.c.Account(ctx, a.AccountID())
	if err != nil {
		t.Fatal(err)
	}
	if acc.Nonce != 1 {
		t.Fatalf("alice nonce %d, want 1", acc.Nonce)
	}
	blk, err := tn.c.Block(ctx, res.Inclusion.Height)
	if err != nil {
		t.Fatal(err)
	}
	if len(blk.Receipts) != 1 || blk.Receipts[0].Hash != res.Hash || !blk.Receipts[0].OK || blk.Hash != res.Inclusion.BlockHash {
		t.Fatalf("block %+v", blk)
	}
	if len(blk.Receipts[0].Events) == 0 {
		t.Fatalf("transfer receipt has no events")
	}
	if blk.Root == (chain.Hash{}) {
		t.Fatal("block has no state root")
	}
	head, err := tn.c.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head.Height != res.Inclusion.Height || head.StateRoot != blk.Root || head.Hash != blk.Hash {
		t.Fatalf("head %+v vs block %d", head, res.Inclusion.Height)
	}
	if _, err := tn.c.Block(ctx, head.Height+5); !isCode(err, api.CodeNotFound) {
		t.Fatalf("future block: %v", err)
	}
}

func isCode(err error, code string) bool {
	var e *client.Error
	return errors.As(err, &e) && e.Code == code
}

func reasonOf(err error) string {
	var e *client.Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func TestNonceOrderingAndFuture(t *testing.T) {
	tn := startTestNode(t, testOpts{timer: time.Hour})
	ctx := ctxT(t)
	a, b := alice(t), bob(t)
	// Nonces 2 and 1 arrive first: held as future until 0 arrives.
	for _, n := range []uint64{2, 1} {
		r, err := tn.c.Submit(ctx, tn.sign(a, n, tx.Transfer{Dest: b.AccountID(), Value: tao}))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != api.StatusFuture {
			t.Fatalf("nonce %d status %s", n, r.Status)
		}
	}
	tn.produce(1)
	if acc, _ := tn.c.Account(ctx, a.AccountID()); acc.Nonce != 0 {
		t.Fatalf("future calls applied: nonce %d", acc.Nonce)
	}
	r, err := tn.c.Submit(ctx, tn.sign(a, 0, tx.Transfer{Dest: b.AccountID(), Value: tao}))
	if err != nil || r.Status != api.StatusPending {
		t.Fatalf("%+v %v", r, err)
	}
	// The same nonce again with another call is refused; the same call is idempotent.
	if _, err := tn.c.Submit(ctx, tn.sign(a, 0, tx.Transfer{Dest: b.AccountID(), Value: 2 * tao})); !isCode(err, api.CodeNonceTaken) {
		t.Fatalf("nonce reuse: %v", err)
	}
	tn.produce(1)
	acc, _ := tn.c.Account(ctx, a.AccountID())
	if acc.Nonce != 3 {
		t.Fatalf("nonce %d after one block, want 3 (0,1,2 in order)", acc.Nonce)
	}
	blk, err := tn.c.Block(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, rc := range blk.Receipts {
		if rc.Nonce != uint64(i) || !rc.OK {
			t.Fatalf("receipt %d: nonce %d ok %v", i, rc.Nonce, rc.OK)
		}
	}
	mp, err := tn.c.Mempool(ctx)
	if err != nil || mp.Txs != 0 {
		t.Fatalf("mempool %+v %v", mp, err)
	}
}

func TestSubnetRegistration(t *testing.T) {
	tn := startTestNode(t, testOpts{})
	ctx := ctxT(t)
	b := bob(t)
	hot := dev(t, "Charlie")
	lc, err := tn.c.LockCost(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := tn.c.Subnets(ctx)
	res := tn.mustOK(b, tx.RegisterNetwork{Hotkey: hot.AccountID(), Identity: &tx.SubnetIdentity{Name: "bobnet"}})
	subs, err := tn.c.Subnets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != len(before)+1 {
		t.Fatalf("%d subnets after registration, want %d", len(subs), len(before)+1)
	}
	s := subs[len(subs)-1]
	if s.Owner.ID() != b.AccountID() || s.OwnerHotkey.ID() != hot.AccountID() || s.Name != "bobnet" || s.Mechanism != "dynamic" {
		t.Fatalf("new subnet %+v", s)
	}
	if s.TaoIn == 0 || s.Locked != lc.LockCost || len(s.Hyperparameters) == 0 || s.Tempo == 0 {
		t.Fatalf("new subnet pool/params %+v (lock cost %d)", s, lc.LockCost)
	}
	one, err := tn.c.Subnet(ctx, s.Netuid)
	if err != nil || one.Netuid != s.Netuid {
		t.Fatalf("%+v %v", one, err)
	}
	after, err := tn.c.LockCost(ctx)
	if err != nil || after.LockCost <= lc.LockCost {
		t.Fatalf("lock cost %d -> %d (%v): registration should raise it", lc.LockCost, after.LockCost, err)
	}
	// The subnet did not exist one block earlier.
	if _, err := tn.c.Subnet(ctx, s.Netuid, client.At(res.Inclusion.Height-1)); !isCode(err, api.CodeNotFound) {
		t.Fatalf("subnet at height before registration: %v", err)
	}
	ev := false
	for _, e := range res.Inclusion.Receipt.Events {
		ev = ev || strings.Contains(e.Name, "Network")
	}
	if !ev {
		t.Fatalf("no network event in %+v", res.Inclusion.Receipt.Events)
	}
}

// expectUnsupported checks that the node refuses a call its runtime does
// not implement yet, with a clear reason, without touching the chain.
func expectUnsupported(t *testing.T, tn *testNode, kp *keys.Keypair, call tx.Call) {
	t.Helper()
	_, err := tn.c.Send(ctxT(t), kp, call, true)
	if !isCode(err, api.CodeTxRejected) || reasonOf(err) != "UnsupportedCall" {
		t.Fatalf("%s: want tx_rejected/UnsupportedCall, got %v", call.CallName(), err)
	}
	t.Logf("runtime does not implement %s yet: the node refuses it (UnsupportedCall)", call.CallName())
}

// TestNeuronsStakingWeightsEpoch registers a neuron (burned_register),
// stakes to it, sets weights and runs the subnet past an epoch, asserting
// each step's effect through the API. Calls the runtime does not implement
// yet are asserted to be refused cleanly instead (see the log).
func TestNeuronsStakingWeightsEpoch(t *testing.T) {
	tn := startTestNode(t, testOpts{})
	ctx := ctxT(t)
	a, b := alice(t), bob(t)
	bobHot := dev(t, "Dave")
	const net = 1

	if !runtime.Supported("burned_register") {
		expectUnsupported(t, tn, b, tx.BurnedRegister{Netuid: net, Hotkey: bobHot.AccountID()})
	} else {
		sub, err := tn.c.Subnet(ctx, net)
		if err != nil {
			t.Fatal(err)
		}
		bal, _ := tn.c.Account(ctx, b.AccountID())
		res := tn.mustOK(b, tx.BurnedRegister{Netuid: net, Hotkey: bobHot.AccountID()})
		mg, err := tn.c.Metagraph(ctx, net, query.MetagraphOptions{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, nu := range mg.Neurons {
			if nu.Hotkey.ID() == bobHot.AccountID() {
				found = true
				if nu.Coldkey.ID() != b.AccountID() || nu.BlockAtRegistration != res.Inclusion.Height {
					t.Fatalf("registered neuron %+v", nu)
				}
			}
		}
		if !found {
			t.Fatal("registered hotkey not in the metagraph")
		}
		after, _ := tn.c.Account(ctx, b.AccountID())
		if after.Free+sub.Burn+res.Fee != bal.Free {
			t.Fatalf("burn: balance %d -> %d, burn %d fee %d", bal.Free, after.Free, sub.Burn, res.Fee)
		}
	}

	if !runtime.Supported("add_stake") {
		expectUnsupported(t, tn, a, tx.AddStake{Hotkey: dev(t, "Alice").AccountID(), Netuid: net, Amount: 10 * tao})
	} else {
		hot := mustNeuronHotkey(t, tn, net)
		q, err := tn.c.Quote(ctx, net, "buy", 10*tao)
		if err != nil {
			t.Fatal(err)
		}
		tn.mustOK(a, tx.AddStake{Hotkey: hot, Netuid: net, Amount: 10 * tao})
		st, err := tn.c.Stake(ctx, a.AccountID())
		if err != nil {
			t.Fatal(err)
		}
		var got uint64
		for _, e := range st.Stakes {
			if e.Hotkey.ID() == hot && e.Netuid == net {
				got = e.Alpha
			}
		}
		if got == 0 || got > q.AmountOut {
			t.Fatalf("stake %d alpha, quote said %d", got, q.AmountOut)
		}
		mg, err := tn.c.Metagraph(ctx, net, query.MetagraphOptions{Stakers: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, nu := range mg.Neurons {
			if nu.Hotkey.ID() == hot && (nu.AlphaStake < got || len(nu.Stakers) == 0) {
				t.Fatalf("metagraph stake %+v", nu)
			}
		}
	}

	if !runtime.Supported("set_weights") {
		expectUnsupported(t, tn, a, tx.SetWeights{Netuid: net, Dests: []uint16{0}, Weights: []uint16{65535}})
	} else {
		owner, err := keys.FromSURI("//Alice//subnet1") // uid 0, the subnet owner's hotkey
		if err != nil {
			t.Fatal(err)
		}
		mg, err := tn.c.Metagraph(ctx, net, query.MetagraphOptions{})
		if err != nil {
			t.Fatal(err)
		}
		dests := make([]uint16, len(mg.Neurons))
		ws := make([]uint16, len(mg.Neurons))
		for i := range dests {
			dests[i], ws[i] = uint16(i), 1000
		}
		tn.mustOK(owner, tx.SetWeights{Netuid: net, Dests: dests, Weights: ws})
		mg, err = tn.c.Metagraph(ctx, net, query.MetagraphOptions{Weights: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(mg.Neurons[0].Weights) != len(dests) {
			t.Fatalf("uid 0 weights %+v after set_weights to %v", mg.Neurons[0].Weights, dests)
		}
	}

	// Epoch: run past the subnet's next epoch (tempo 10) and look at what
	// the coinbase did.
	sub0, err := tn.c.Subnet(ctx, net)
	if err != nil {
		t.Fatal(err)
	}
	target := sub0.NextEpochBlock + 2
	for {
		h, _ := tn.c.Head(ctx)
		if h.Height >= target {
			break
		}
		tn.produce(1)
	}
	sub1, err := tn.c.Subnet(ctx, net)
	if err != nil {
		t.Fatal(err)
	}
	mg, err := tn.c.Metagraph(ctx, net, query.MetagraphOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var paid uint64
	for _, nu := range mg.Neurons {
		paid += nu.Emission
	}
	coinbase := sub1.AlphaInEmission > 0 || sub1.TaoInEmission > 0 || sub1.LastStep > 0 || sub1.PendingServer > 0 || paid > 0
	if coinbase {
		if sub1.LastStep == 0 || sub1.LastStep < sub0.NextEpochBlock-uint64(sub1.Tempo) {
			t.Fatalf("coinbase ran but no epoch recorded: %+v", sub1)
		}
		if paid == 0 && sub1.PendingServer == 0 && sub1.PendingValidator == 0 {
			t.Fatalf("epoch at %d paid nothing and nothing is pending", sub1.LastStep)
		}
		var incentive int
		for _, nu := range mg.Neurons {
			incentive += int(nu.Incentive)
			if nu.AlphaStake < nu.Emission {
				t.Fatalf("uid %d: emission %d not in its stake %d", nu.UID, nu.Emission, nu.AlphaStake)
			}
		}
		if runtime.Supported("set_weights") && incentive == 0 {
			t.Fatalf("weights were set but the epoch gave no incentive: %+v", mg.Neurons)
		}
		t.Logf("epoch at block %d paid %d alpha to %d uids", sub1.LastStep, paid, len(mg.Neurons))
	} else {
		if sub1.AlphaOut != sub0.AlphaOut || sub1.TaoIn != sub0.TaoIn {
			t.Fatalf("no coinbase, yet the pool changed: %+v -> %+v", sub0, sub1)
		}
		t.Logf("runtime has no coinbase hook yet: %d blocks past the epoch, no emission (asserted unchanged pool)", target)
	}
	pe, err := tn.c.PendingEmission(ctx)
	if err != nil || len(pe) < 2 || pe[1].Netuid != net || pe[1].PendingServer != sub1.PendingServer {
		t.Fatalf("pending emission %+v %v", pe, err)
	}
}

func mustNeuronHotkey(t *testing.T, tn *testNode, net uint16) keys.AccountID {
	t.Helper()
	mg, err := tn.c.Metagraph(ctxT(t), net, query.MetagraphOptions{})
	if err != nil || len(mg.Neurons) == 0 {
		t.Fatalf("metagraph %v, %v", mg, err)
	}
	return mg.Neurons[0].Hotkey.ID()
}

func TestHistoricalQueries(t *testing.T) {
	tn := startTestNode(t, testOpts{retain: 6})
	ctx := ctxT(t)
	a, b := alice(t), bob(t)
	var heights []uint64
	var balances []uint64
	for i := range 3 {
		res := tn.mustOK(a, tx.Transfer{Dest: b.AccountID(), Value: uint64(i+1) * tao})
		heights = append(heights, res.Inclusion.Height)
		acc, _ := tn.c.Account(ctx, b.AccountID())
		balances = append(balances, acc.Free)
	}
	for i, h := range heights {
		acc, err := tn.c.Account(ctx, b.AccountID(), client.At(h))
		if err != nil {
			t.Fatal(err)
		}
		if acc.Free != balances[i] {
			t.Fatalf("at %d: %d, want %d", h, acc.Free, balances[i])
		}
		head, err := tn.c.Head(ctx, client.At(h))
		if err != nil || head.Height != h {
			t.Fatalf("head at %d: %+v %v", h, head, err)
		}
		blk, _ := tn.c.Block(ctx, h)
		if blk.Root != head.StateRoot {
			t.Fatalf("block %d root %s, head at %d root %s", h, blk.Root, h, head.StateRoot)
		}
	}
	// Genesis state is readable while in the window.
	if acc, err := tn.c.Account(ctx, b.AccountID(), client.At(0)); err != nil || acc.Free != 1_000_000*tao {
		t.Fatalf("at 0: %+v %v", acc, err)
	}
	if _, err := tn.c.Head(ctx, client.At(heights[2]+10)); !isCode(err, api.CodeFutureHeight) {
		t.Fatalf("future height: %v", err)
	}
	tn.produce(8)
	if _, err := tn.c.Account(ctx, b.AccountID(), client.At(0)); !isCode(err, api.CodePruned) {
		t.Fatalf("pruned height: %v", err)
	}
	// Blocks stay readable after their state is pruned.
	if blk, err := tn.c.Block(ctx, heights[0]); err != nil || len(blk.Receipts) != 1 {
		t.Fatalf("old block: %+v %v", blk, err)
	}
}

func TestStream(t *testing.T) {
	tn := startTestNode(t, testOpts{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	a, b := alice(t), bob(t)
	first := tn.mustOK(a, tx.Transfer{Dest: b.AccountID(), Value: tao})

	var mu sync.Mutex
	var got []*chain.BlockResult
	errc := make(chan error, 1)
	want := first.Inclusion.Height + 2
	go func() {
		errc <- tn.c.Follow(ctx, 1, func(blk *chain.BlockResult) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, blk)
			if blk.Header.Height >= want {
				return io.EOF
			}
			return nil
		})
	}()
	// SSE in parallel, live only.
	sse := make(chan string, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, tn.url+"/v1/stream", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			sse <- err.Error()
			return
		}
		defer resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); ct != api.MediaSSE {
			sse <- "content type " + ct
			return
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "data: ") && strings.Contains(sc.Text(), `"call":"transfer"`) {
				sse <- sc.Text()
				return
			}
		}
		sse <- "stream ended"
	}()
	for tn.node.Hub().Count() < 2 {
		time.Sleep(5 * time.Millisecond)
	}
	tn.mustOK(a, tx.Transfer{Dest: b.AccountID(), Value: tao})
	tn.mustOK(a, tx.Transfer{Dest: b.AccountID(), Value: tao})
	if err := <-errc; !errors.Is(err, io.EOF) {
		t.Fatalf("follow: %v", err)
	}
	mu.Lock()
	for i, blk := range got {
		if blk.Header.Height != uint64(i+1) {
			t.Fatalf("stream block %d has height %d (gap or repeat)", i, blk.Header.Height)
		}
		if blk.Root == (chain.Hash{}) || blk.Hash == (chain.Hash{}) {
			t.Fatalf("stream block %d lacks hash/root", blk.Header.Height)
		}
	}
	if len(got) != int(want) || len(got[len(got)-1].Receipts) != 1 {
		t.Fatalf("%d blocks streamed, want %d", len(got), want)
	}
	mu.Unlock()
	if line := <-sse; !strings.HasPrefix(line, "data: {") {
		t.Fatalf("sse: %s", line)
	}
}

func TestContentNegotiation(t *testing.T) {
	tn := startTestNode(t, testOpts{})
	ctx := ctxT(t)
	jc := client.New(tn.url, client.WithJSON())
	h1, err := tn.c.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := jc.Head(ctx)
	if err != nil || h1 != h2 {
		t.Fatalf("msgpack %+v vs json %+v (%v)", h1, h2, err)
	}
	s1, _ := tn.c.Subnets(ctx)
	s2, _ := jc.Subnets(ctx)
	if fmt.Sprint(s1) != fmt.Sprint(s2) {
		t.Fatalf("subnets differ between encodings")
	}
	req, _ := http.NewRequest(http.MethodGet, tn.url+"/v1/head", nil)
	req.Header.Set("Accept", "application/msgpack")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var m map[string]any
	if resp.Header.Get("Content-Type") != api.MediaMsgpack || msgpack.Unmarshal(body, &m) != nil || m["genesis_hash"] == nil {
		t.Fatalf("msgpack head: %q %v", resp.Header.Get("Content-Type"), m)
	}
	// JSON submission with hex.
	raw := tn.sign(alice(t), 0, tx.Transfer{Dest: bob(t).AccountID(), Value: tao})
	resp, err = http.Post(tn.url+"/v1/tx?wait=true", "application/json", strings.NewReader(`{"tx":"0x`+hex.EncodeToString(raw)+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"status":"included"`) || !strings.Contains(string(body), `"ok":true`) {
		t.Fatalf("json submit: %d %s", resp.StatusCode, body)
	}
}

func TestQueries(t *testing.T) {
	tn := startTestNode(t, testOpts{})
	ctx := ctxT(t)
	mg, err := tn.c.Metagraph(ctx, 1, query.MetagraphOptions{Weights: true, Bonds: true, Stakers: true})
	if err != nil {
		t.Fatal(err)
	}
	owner := dev(t, "Alice").AccountID()
	if len(mg.Neurons) == 0 || mg.Neurons[0].Coldkey.ID() != owner || mg.Subnet.Netuid != 1 || mg.Subnet.Tempo != 10 {
		t.Fatalf("metagraph %+v", mg)
	}
	for _, side := range []string{"buy", "sell"} {
		q, err := tn.c.Quote(ctx, 1, side, tao)
		if err != nil {
			t.Fatal(err)
		}
		if q.AmountOut == 0 || q.AmountOut > q.IdealOut || q.Fee == 0 || q.Price == "" {
			t.Fatalf("%s quote %+v", side, q)
		}
	}
	if _, err := tn.c.Quote(ctx, 1, "hold", tao); !isCode(err, api.CodeBadRequest) {
		t.Fatalf("bad side: %v", err)
	}
	if _, err := tn.c.Quote(ctx, 42, "buy", tao); !isCode(err, api.CodeNotFound) {
		t.Fatalf("no subnet: %v", err)
	}
	d, err := tn.c.Delegates(ctx)
	if err != nil || len(d) == 0 {
		t.Fatalf("delegates %v %v", d, err)
	}
	st, err := tn.c.Stake(ctx, owner)
	if err != nil || st.Free == 0 {
		t.Fatalf("stake %+v %v", st, err)
	}
	calls, err := tn.c.Calls(ctx)
	if err != nil || len(calls.Supported) == 0 || len(calls.Known) < len(calls.Supported) {
		t.Fatalf("calls %+v %v", calls, err)
	}
	h, err := tn.c.Health(ctx)
	if err != nil || h.Status != "ok" || h.GenesisHash != chain.Hash(tn.app.GenesisHash()) {
		t.Fatalf("health %+v %v", h, err)
	}
}

// raw performs a request and returns status and decoded error body.
func rawReq(t *testing.T, method, url, ctype string, body io.Reader) (int, api.ErrorBody) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var eb api.ErrorBody
	if resp.StatusCode >= 300 {
		if ct := resp.Header.Get("Content-Type"); ct != api.MediaJSON {
			t.Fatalf("%s %s: error content type %q: %s", method, url, ct, data)
		}
		if err := decodeJSON(data, &eb); err != nil || eb.Error == "" || eb.Code == "" {
			t.Fatalf("%s %s: error body %q", method, url, data)
		}
	}
	return resp.StatusCode, eb
}

func TestBadInput(t *testing.T) {
	tn := startTestNode(t, testOpts{apiCfg: api.Config{MaxBodyBytes: 128 << 10}})
	ctx := ctxT(t)
	a, b := alice(t), bob(t)
	good := tn.sign(a, 0, tx.Transfer{Dest: b.AccountID(), Value: tao})
	badSig := bytes.Clone(good)
	badSig[len(badSig)-1] ^= 0xff
	wrongChain, _ := tx.Sign(a, [32]byte{1}, 0, tx.Transfer{Dest: b.AccountID(), Value: tao})
	unsupported := (func() []byte {
		for _, name := range tx.CallNames() {
			if !runtime.Supported(name) && name == "dissolve_network" {
				return tn.sign(a, 0, tx.DissolveNetwork{Netuid: 1})
			}
		}
		return nil
	})()
	cases := []struct {
		name, method, path, ctype string
		body                      []byte
		status                    int
		code, reason              string
	}{
		{"garbage", "POST", "/v1/tx", api.MediaOctet, []byte("not a transaction"), 400, api.CodeMalformedTx, "Malformed"},
		{"empty", "POST", "/v1/tx", api.MediaOctet, nil, 400, api.CodeMalformedTx, "Malformed"},
		{"huge", "POST", "/v1/tx", api.MediaOctet, bytes.Repeat([]byte{0x90}, 1<<20), 413, api.CodeTooLarge, ""},
		{"wrong content type", "POST", "/v1/tx", "text/plain", good, 415, api.CodeUnsupportedMedia, ""},
		{"bad media type", "POST", "/v1/tx", "=;;", good, 415, api.CodeUnsupportedMedia, ""},
		{"json not hex", "POST", "/v1/tx", api.MediaJSON, []byte(`{"tx":"zz"}`), 400, api.CodeBadRequest, ""},
		{"json unknown field", "POST", "/v1/tx", api.MediaJSON, []byte(`{"txx":"00"}`), 400, api.CodeBadRequest, ""},
		{"json garbage", "POST", "/v1/tx", api.MediaJSON, []byte(`{{{`), 400, api.CodeBadRequest, ""},
		{"bad signature", "POST", "/v1/tx", api.MediaOctet, badSig, 422, api.CodeTxRejected, "BadSignature"},
		{"wrong chain", "POST", "/v1/tx", api.MediaOctet, wrongChain, 422, api.CodeTxRejected, "WrongChain"},
		{"bad wait", "POST", "/v1/tx?wait=maybe", api.MediaOctet, good, 400, api.CodeBadRequest, ""},
		{"unknown path", "GET", "/v2/everything", "", nil, 404, api.CodeNotFound, ""},
		{"root path", "GET", "/", "", nil, 404, api.CodeNotFound, ""},
		{"wrong method", "DELETE", "/v1/head", "", nil, 405, api.CodeMethodNotAllowed, ""},
		{"get tx", "GET", "/v1/tx", "", nil, 405, api.CodeMethodNotAllowed, ""},
		{"bad at", "GET", "/v1/head?at=yesterday", "", nil, 400, api.CodeBadRequest, ""},
		{"bad netuid", "GET", "/v1/subnets/70000", "", nil, 400, api.CodeBadRequest, ""},
		{"no subnet", "GET", "/v1/subnets/77/metagraph", "", nil, 404, api.CodeNotFound, ""},
		{"bad address", "GET", "/v1/accounts/5xyz", "", nil, 400, api.CodeBadRequest, ""},
		{"bad bool", "GET", "/v1/subnets/1/metagraph?weights=lots", "", nil, 400, api.CodeBadRequest, ""},
		{"bad amount", "GET", "/v1/subnets/1/quote?side=buy&amount=-1", "", nil, 400, api.CodeBadRequest, ""},
		{"zero amount", "GET", "/v1/subnets/1/quote?side=buy&amount=0", "", nil, 400, api.CodeBadRequest, ""},
		{"bad height", "GET", "/v1/blocks/x", "", nil, 400, api.CodeBadRequest, ""},
		{"block zero", "GET", "/v1/blocks/0", "", nil, 404, api.CodeNotFound, ""},
		{"bad from", "GET", "/v1/stream?from=0", "", nil, 400, api.CodeBadRequest, ""},
		{"far from", "GET", "/v1/stream?from=999999", "", nil, 400, api.CodeBadRequest, ""},
	}
	if unsupported != nil {
		cases = append(cases, struct {
			name, method, path, ctype string
			body                      []byte
			status                    int
			code, reason              string
		}{"unsupported call", "POST", "/v1/tx", api.MediaOctet, unsupported, 422, api.CodeTxRejected, "UnsupportedCall"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.body != nil {
				body = bytes.NewReader(tc.body)
			}
			status, eb := rawReq(t, tc.method, tn.url+tc.path, tc.ctype, body)
			if status != tc.status || eb.Code != tc.code || eb.Reason != tc.reason {
				t.Fatalf("got %d %+v, want %d %s %s", status, eb, tc.status, tc.code, tc.reason)
			}
		})
	}
	// Nothing above reached the chain: the good call still has nonce 0,
	// and blocks keep coming.
	h0, _ := tn.c.Head(ctx)
	res, err := tn.c.SubmitWait(ctx, good, 0)
	if err != nil || !res.Inclusion.Receipt.OK || res.Inclusion.Height != h0.Height+1 {
		t.Fatalf("good call after bad input: %+v %v", res, err)
	}
	// Replaying it now is a stale nonce.
	if _, err := tn.c.Submit(ctx, good); reasonOf(err) != "StaleNonce" {
		t.Fatalf("replay: %v", err)
	}
	m, err := tn.c.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`taod_submit_rejected_total{reason="BadSignature"} 1`, `taod_calls_applied_total{call="transfer"} 1`, "taod_height ", "taod_mempool_txs 0"} {
		if !strings.Contains(m, want) {
			t.Fatalf("metrics lack %q:\n%s", want, m)
		}
	}
}

func TestMempoolLimits(t *testing.T) {
	tn := startTestNode(t, testOpts{timer: time.Hour, mempool: nodeMempool(3, 2)})
	ctx := ctxT(t)
	a, b, c := alice(t), bob(t), dev(t, "Charlie")
	for n := range uint64(2) {
		if _, err := tn.c.Submit(ctx, tn.sign(a, n, tx.Transfer{Dest: b.AccountID(), Value: 1})); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tn.c.Submit(ctx, tn.sign(a, 2, tx.Transfer{Dest: b.AccountID(), Value: 1})); !isCode(err, api.CodeAccountLimit) {
		t.Fatalf("per-account limit: %v", err)
	}
	if _, err := tn.c.Submit(ctx, tn.sign(b, 0, tx.Transfer{Dest: a.AccountID(), Value: 1})); err != nil {
		t.Fatal(err)
	}
	if _, err := tn.c.Submit(ctx, tn.sign(c, 0, tx.Transfer{Dest: a.AccountID(), Value: 1})); !isCode(err, api.CodeMempoolFull) {
		t.Fatalf("total limit: %v", err)
	}
	tn.produce(1)
	if _, err := tn.c.Submit(ctx, tn.sign(c, 0, tx.Transfer{Dest: a.AccountID(), Value: 1})); err != nil {
		t.Fatalf("after a block the mempool has room: %v", err)
	}
}

func TestWaitTimeout(t *testing.T) {
	tn := startTestNode(t, testOpts{timer: time.Hour})
	ctx := ctxT(t)
	raw := tn.sign(alice(t), 0, tx.Transfer{Dest: bob(t).AccountID(), Value: 1})
	_, err := tn.c.SubmitWait(ctx, raw, 50*time.Millisecond)
	if !isCode(err, api.CodeTimeout) {
		t.Fatalf("wait without blocks: %v", err)
	}
	// The call stays pending and a later wait on the same bytes gets the receipt.
	done := make(chan *api.SubmitResult, 1)
	go func() {
		r, err := tn.c.SubmitWait(ctx, raw, 10*time.Second)
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	for {
		m, _ := tn.c.Metrics(ctx)
		if strings.Contains(m, "taod_mempool_txs 1") && waiters(tn) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	tn.produce(1)
	if r := <-done; r == nil || r.Inclusion == nil || !r.Inclusion.Receipt.OK {
		t.Fatalf("late wait: %+v", r)
	}
}

func decodeJSON(data []byte, v any) error { return json.Unmarshal(data, v) }

func nodeMempool(maxTxs, perAccount int) node.MempoolConfig {
	return node.MempoolConfig{MaxTxs: maxTxs, MaxPerAccount: perAccount}
}

func waiters(tn *testNode) bool { return tn.node.Waiters() > 0 }
