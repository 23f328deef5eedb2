package axon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/axon"
	"github.com/taokit/taokit/internal/keys"
)

func key(t testing.TB, suri string) *keys.Keypair {
	t.Helper()
	kp, err := keys.FromSURI(suri)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// startAxon serves cfg on a loopback port and returns its address.
func startAxon(t testing.TB, cfg axon.Config) (*axon.Server, string) {
	t.Helper()
	srv, err := axon.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return srv, ln.Addr().String()
}

func TestBodyHashVector(t *testing.T) {
	if got := axon.BodyHash(nil); got != axon.EmptyBodyHash {
		t.Fatalf("empty body hash %s", got)
	}
	// SHA3-256("abc"), FIPS 202 test vector.
	if got := axon.BodyHash([]byte("abc")); got != "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532" {
		t.Fatalf("sha3-256(abc) = %s", got)
	}
}

func TestSignedMessageShape(t *testing.T) {
	alice, bob := key(t, "//Alice"), key(t, "//Bob")
	msg := axon.RequestMessage(42, alice.AccountID(), bob.AccountID(), "u-1", axon.EmptyBodyHash)
	want := "42." + alice.SS58() + "." + bob.SS58() + ".u-1." + axon.EmptyBodyHash
	if string(msg) != want {
		t.Fatalf("message %q want %q", msg, want)
	}
	h, err := axon.SignRequest(alice, bob.AccountID(), "u-1", 42, "Query", nil, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !keys.Verify(alice.Public(), []byte(want), h.Signature) {
		t.Fatal("signature does not verify over the documented message")
	}
	hd := http.Header{}
	h.Apply(hd)
	back, err := axon.ParseRequestHeaders(hd)
	if err != nil {
		t.Fatal(err)
	}
	if back.Nonce != 42 || back.UUID != "u-1" || back.DendriteHotkey != alice.AccountID() || back.AxonHotkey != bob.AccountID() ||
		back.Timeout != time.Second || !bytes.Equal(back.Signature, h.Signature) {
		t.Fatalf("round trip %+v", back)
	}
}

// rawCall posts body with the given headers and returns status and reason.
func rawCall(t *testing.T, addr, name string, h axon.RequestHeaders, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/"+name, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	h.Apply(req.Header)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var eb struct{ Reason string }
	_ = json.NewDecoder(resp.Body).Decode(&eb)
	if r := resp.Header.Get(axon.HeaderAxonStatusMsg); r != "" && eb.Reason != "" && r != eb.Reason {
		t.Fatalf("header reason %q body reason %q", r, eb.Reason)
	}
	return resp.StatusCode, resp.Header.Get(axon.HeaderAxonStatusMsg)
}

func echo() axon.Handler {
	return axon.HandlerFunc(func(_ context.Context, r *axon.Request) ([]byte, error) { return r.Body, nil })
}

func TestVerificationRefusals(t *testing.T) {
	miner, val, nopermit, stranger := key(t, "//Alice//miner"), key(t, "//Bob//validator"), key(t, "//Charlie//hot"), key(t, "//Dave//hot")
	reg := axon.NewStaticRegistry(map[keys.AccountID]axon.Caller{
		val.AccountID():      {UID: 1, Stake: 100, ValidatorPermit: true},
		nopermit.AccountID(): {UID: 2, Stake: 5},
	})
	srv, addr := startAxon(t, axon.Config{Keypair: miner, Handler: echo(), Registry: reg})
	body := []byte("2+2")
	sign := func(kp *keys.Keypair, nonce uint64, to keys.AccountID) axon.RequestHeaders {
		h, err := axon.SignRequest(kp, to, "uuid-1", nonce, "Query", body, 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	now := uint64(time.Now().UnixNano())
	good := sign(val, now, miner.AccountID())
	if code, reason := rawCall(t, addr, "Query", good, body); code != 200 || reason != axon.ReasonOK {
		t.Fatalf("good request: %d %s", code, reason)
	}
	cases := []struct {
		name   string
		h      axon.RequestHeaders
		body   []byte
		status int
		reason string
	}{
		{"replayed nonce", good, body, 401, axon.ReasonReplayedNonce},
		{"tampered signature", func() axon.RequestHeaders {
			h := sign(val, now+1, miner.AccountID())
			h.Signature[10] ^= 1
			return h
		}(), body, 401, axon.ReasonBadSignature},
		{"tampered nonce", func() axon.RequestHeaders { h := sign(val, now+2, miner.AccountID()); h.Nonce++; return h }(), body, 401, axon.ReasonBadSignature},
		{"missing signature", func() axon.RequestHeaders { h := sign(val, now+3, miner.AccountID()); h.Signature = nil; return h }(), body, 401, axon.ReasonBadSignature},
		{"tampered body", sign(val, now+4, miner.AccountID()), []byte("2+3"), 400, axon.ReasonBodyHashMismatch},
		{"body and hash swapped, signature then fails", func() axon.RequestHeaders {
			h := sign(val, now+5, miner.AccountID())
			h.BodyHash = axon.BodyHash([]byte("2+3"))
			return h
		}(), []byte("2+3"), 401, axon.ReasonBadSignature},
		{"signed for another miner", sign(val, now+6, stranger.AccountID()), body, 401, axon.ReasonWrongAxon},
		{"stale nonce", sign(val, now-uint64(time.Minute), miner.AccountID()), body, 401, axon.ReasonStaleNonce},
		{"future nonce", sign(val, now+uint64(time.Minute), miner.AccountID()), body, 401, axon.ReasonFutureNonce},
		{"unregistered", sign(stranger, now+7, miner.AccountID()), body, 403, axon.ReasonUnregistered},
		{"no permit", sign(nopermit, now+8, miner.AccountID()), body, 403, axon.ReasonNoValidatorPermit},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, reason := rawCall(t, addr, "Query", tc.h, tc.body)
			if code != tc.status || reason != tc.reason {
				t.Fatalf("got %d %s, want %d %s", code, reason, tc.status, tc.reason)
			}
		})
	}
	// The refused requests did not consume the validator's nonces: a later
	// fresh nonce still works, and so does the stats bookkeeping.
	if code, _ := rawCall(t, addr, "Query", sign(val, now+100, miner.AccountID()), body); code != 200 {
		t.Fatalf("fresh request after refusals: %d", code)
	}
	if got := srv.Stats.Snapshot()[axon.ReasonOK]; got != 2 {
		t.Fatalf("ok count %d", got)
	}
	// GET is refused.
	resp, err := http.Get("http://" + addr + "/Query")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
}

func TestAllowFlags(t *testing.T) {
	miner, stranger := key(t, "//Alice//miner"), key(t, "//Dave//hot")
	_, addr := startAxon(t, axon.Config{Keypair: miner, Handler: echo(), Registry: axon.NewStaticRegistry(nil), AllowUnregistered: true})
	d := axon.NewDendrite(stranger, nil)
	res := d.Call(t.Context(), axon.Target{Hotkey: miner.AccountID(), Addr: addr}, "Query", []byte("x"), 2*time.Second)
	if !res.OK() || string(res.Body) != "x" || !res.Verified {
		t.Fatalf("allowed unregistered: %+v", res)
	}
}

func TestDendriteAgainstCommandAndTimeouts(t *testing.T) {
	miner, val := key(t, "//Alice//miner"), key(t, "//Bob//validator")
	dir := t.TempDir()
	script := filepath.Join(dir, "model.sh")
	// "hang" sleeps far past any timeout (in a child, to check the process
	// group is killed); anything else is answered at once.
	if err := os.WriteFile(script, []byte("#!/bin/sh\nin=$(cat)\nif [ \"$in\" = hang ]; then sleep 30 & wait; fi\nif [ \"$in\" = fail ]; then echo boom >&2; exit 3; fi\necho \"$AXON_SYNAPSE:$in\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	reg := axon.NewStaticRegistry(map[keys.AccountID]axon.Caller{val.AccountID(): {UID: 1, Stake: 1, ValidatorPermit: true}})
	_, addr := startAxon(t, axon.Config{Keypair: miner, Handler: &axon.Command{Argv: []string{script}}, Registry: reg, MaxConcurrent: 2})
	d := axon.NewDendrite(val, nil)
	target := axon.Target{Hotkey: miner.AccountID(), Addr: addr}
	ctx := t.Context()
	if res := d.Call(ctx, target, "Sum", []byte("1+1"), 5*time.Second); !res.OK() || string(res.Body) != "Sum:1+1\n" {
		t.Fatalf("command answer: %+v", res)
	}
	if res := d.Call(ctx, target, "Sum", []byte("fail"), 5*time.Second); res.OK() || res.Status != 500 || res.Reason != axon.ReasonCommandFailed {
		t.Fatalf("failing command: %+v", res)
	}
	var wg sync.WaitGroup
	var hang *axon.Response
	wg.Add(1)
	go func() {
		defer wg.Done()
		hang = d.Call(ctx, target, "Sum", []byte("hang"), 4*time.Second)
	}()
	time.Sleep(200 * time.Millisecond) // let the hanging one take its slot
	start := time.Now()
	for i := range 5 {
		res := d.Call(ctx, target, "Sum", fmt.Appendf(nil, "%d", i), 5*time.Second)
		if !res.OK() {
			t.Fatalf("request %d behind a hanging one: %+v", i, res)
		}
	}
	if took := time.Since(start); took > 2500*time.Millisecond {
		t.Fatalf("requests were blocked by the hanging command for %v", took)
	}
	wg.Wait()
	if hang.OK() || hang.Reason != axon.ReasonTimeout || hang.Latency > 6*time.Second {
		t.Fatalf("hanging command: %+v", hang)
	}
}

func TestBusyAndPriority(t *testing.T) {
	miner := key(t, "//Alice//miner")
	rich, poor, mid := key(t, "//V1"), key(t, "//V2"), key(t, "//V3")
	reg := axon.NewStaticRegistry(map[keys.AccountID]axon.Caller{
		rich.AccountID(): {UID: 1, Stake: 1000, ValidatorPermit: true},
		mid.AccountID():  {UID: 3, Stake: 500, ValidatorPermit: true},
		poor.AccountID(): {UID: 2, Stake: 1, ValidatorPermit: true},
	})
	release := make(chan struct{})
	var mu sync.Mutex
	var order []uint16
	h := axon.HandlerFunc(func(ctx context.Context, r *axon.Request) ([]byte, error) {
		if string(r.Body) == "block" {
			<-release
			return nil, nil
		}
		mu.Lock()
		order = append(order, r.Info.UID)
		mu.Unlock()
		return nil, nil
	})
	srv, addr := startAxon(t, axon.Config{Keypair: miner, Handler: h, Registry: reg, MaxConcurrent: 1, MaxQueue: 2})
	target := axon.Target{Hotkey: miner.AccountID(), Addr: addr}
	ctx := t.Context()
	var wg sync.WaitGroup
	call := func(kp *keys.Keypair, body string) *axon.Response {
		return axon.NewDendrite(kp, nil).Call(ctx, target, "Q", []byte(body), 5*time.Second)
	}
	wg.Add(1)
	go func() { defer wg.Done(); call(rich, "block") }()
	waitFor(t, func() bool { r, _ := srv.Queue().Stats(); return r == 1 })
	results := make([]*axon.Response, 2)
	wg.Add(2)
	go func() { defer wg.Done(); results[0] = call(poor, "p") }()
	waitFor(t, func() bool { _, w := srv.Queue().Stats(); return w == 1 })
	go func() { defer wg.Done(); results[1] = call(mid, "m") }()
	waitFor(t, func() bool { _, w := srv.Queue().Stats(); return w == 2 })
	// The queue is full: the next caller is refused busy.
	if res := call(rich, "r"); res.Status != 503 || res.Reason != axon.ReasonBusy {
		t.Fatalf("full queue: %+v", res)
	}
	close(release)
	wg.Wait()
	for _, r := range results {
		if !r.OK() {
			t.Fatalf("queued request: %+v", r)
		}
	}
	if len(order) != 2 || order[0] != 3 || order[1] != 2 {
		t.Fatalf("served in order %v, want higher stake (uid 3) first", order)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("condition not reached")
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	d := axon.NewDendrite(key(t, "//Bob"), nil)
	res := d.Call(t.Context(), axon.Target{Hotkey: key(t, "//Alice").AccountID(), Addr: addr}, "Q", nil, time.Second)
	if res.OK() || res.Reason != axon.ReasonUnreachable {
		t.Fatalf("unreachable: %+v", res)
	}
}

func TestNonceTrackerForgetsOnlyStale(t *testing.T) {
	tr := axon.NewNonceTracker(4*time.Second, 10*time.Second)
	hk := key(t, "//Alice").AccountID()
	now := time.Unix(1_700_000_000, 0)
	if r, ok := tr.Check(hk, "u", uint64(now.UnixNano()), time.Second, now); !ok {
		t.Fatal(r)
	}
	later := now.Add(time.Minute)
	// A fresh nonce from another caller triggers GC of the idle one.
	if _, ok := tr.Check(key(t, "//Bob").AccountID(), "u", uint64(later.UnixNano()), time.Second, later); !ok {
		t.Fatal("fresh nonce refused")
	}
	if tr.Len() != 1 {
		t.Fatalf("remembered %d callers", tr.Len())
	}
	// The forgotten nonce is refused as stale, not accepted again.
	if r, ok := tr.Check(hk, "u", uint64(now.UnixNano()), time.Second, later); ok || r != axon.ReasonStaleNonce {
		t.Fatalf("replay of a forgotten nonce: %v %s", ok, r)
	}
}
