package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/axon"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/pow"
	"github.com/taokit/taokit/internal/tx"
	"github.com/taokit/taokit/internal/validator/chaintest"
)

const zeroHash = "0x0000000000000000000000000000000000000000000000000000000000000000"

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"mine"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func records(t *testing.T, s string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	dec := json.NewDecoder(strings.NewReader(s))
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("decode %q: %v", s, err)
		}
		recs = append(recs, m)
	}
	return recs
}

// TestSealGoldenVectors checks the seal rule at the CLI against the vectors
// of ecosystem spec §4.2 (//Alice, all-zero block hash).
func TestSealGoldenVectors(t *testing.T) {
	cases := []struct {
		nonce       uint64
		order, diff string
		seal        string
		meets       bool
	}{
		{0, "little", "1", "8f451590e942a76be6bad67804a7858b8ac3d5c04d1aa6204a10ff61c601b03f", true},
		{1, "little", "1", "117e98c05c4baec0e9e394725c304dad23e4acf1e1a4651370ae5398b8c8918a", true},
		{1538, "big", "1000", "0014f6c1", true},
		{1538, "little", "1000", "0014f6c1", false},
		{3029, "little", "1000", "2725e6fe", true},
		{3029, "big", "1000", "2725e6fe", false},
	}
	for _, tc := range cases {
		code, out, errs := run(t, "seal", "--block-hash", zeroHash, "--hotkey", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
			"--nonce", strconv.FormatUint(tc.nonce, 10), "--difficulty", tc.diff, "--order", tc.order, "-o", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		r := records(t, out)[0]
		if r["block_hotkey_hash"] != "c0624595063eff7717b713bc2903b05ef476c0f969bb8e1342576dad3cf5932f" {
			t.Fatalf("bhk %v", r["block_hotkey_hash"])
		}
		if !strings.HasPrefix(r["seal"].(string), tc.seal) || r["meets"] != tc.meets {
			t.Errorf("nonce %d %s: seal %v meets %v", tc.nonce, tc.order, r["seal"], r["meets"])
		}
	}
	if code, _, _ := run(t, "seal", "--block-hash", "0x12", "--hotkey", "//Alice"); code != exitBadInput {
		t.Fatalf("bad hash: exit %d", code)
	}
}

// TestPowSameNonceAnyThreads: the solver returns the smallest nonce, so one
// and two threads agree (and match the golden first nonces).
func TestPowSameNonceAnyThreads(t *testing.T) {
	for _, tc := range []struct{ order, diff, start, want string }{
		{"little", "1000", "0", "3029"}, {"big", "1000", "0", "1538"}, {"little", "300000", "777", ""},
	} {
		var got []string
		for _, threads := range []string{"1", "2", "0"} {
			code, out, errs := run(t, "pow", "--offline", "--block-hash", zeroHash, "--hotkey-pub", "//Alice", "--difficulty", tc.diff,
				"--order", tc.order, "--start-nonce", tc.start, "--threads", threads, "-o", "json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			recs := records(t, out)
			last := recs[len(recs)-1]
			if last["event"] != "solved" {
				t.Fatalf("last record %v", last)
			}
			got = append(got, strconv.FormatFloat(last["nonce"].(float64), 'f', 0, 64))
		}
		if got[0] != got[1] || got[1] != got[2] || (tc.want != "" && got[0] != tc.want) {
			t.Fatalf("%s %s: nonces %v want %s", tc.order, tc.diff, got, tc.want)
		}
	}
}

func TestPowRegistersOnChain(t *testing.T) {
	n := chaintest.Start(t, chaintest.Options{})
	hot := chaintest.Key(t, "//Dave//pow")
	// Move the chain past genesis: the difficulty is clamped to the
	// minimum (10 000 000) from block 1 on.
	n.MustOK(chaintest.Key(t, "//Bob"), tx.BurnedRegister{Netuid: 1, Hotkey: chaintest.Key(t, "//Bob//x").AccountID()})
	code, out, errs := run(t, "pow", "--node", n.URL, "--netuid", "1", "--wallet.name", "//Dave", "--wallet.hotkey", "//Dave//pow", "--threads", "2", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	recs := records(t, out)
	last := recs[len(recs)-1]
	if last["event"] != "registered" || last["uid"].(float64) < 1 {
		t.Fatalf("records %v", recs)
	}
	seal, _ := last["seal"].(string)
	var work [32]byte
	if b, err := hexDecode(seal); err != nil || len(b) != 32 {
		t.Fatalf("seal %q", seal)
	} else {
		copy(work[:], b)
	}
	if !pow.MeetsDifficulty(work, 10_000_000) {
		t.Fatal("registered seal does not meet the difficulty")
	}
	n.Neuron(n.Metagraph(), hot.AccountID())
	// Again: already registered is a precondition failure (exit 4).
	if code, _, errs := run(t, "pow", "--node", n.URL, "--netuid", "1", "--wallet.name", "//Dave", "--wallet.hotkey", "//Dave//pow"); code != exitRejected {
		t.Fatalf("second registration: exit %d %s", code, errs)
	}
}

// TestServeIntegration runs `mine serve` against an in-process chain and
// sends it real signed requests over loopback HTTP.
func TestServeIntegration(t *testing.T) {
	n := chaintest.Start(t, chaintest.Options{BlockTime: 100 * time.Millisecond, Tempo: 5, Hyper: map[string]int64{"max_allowed_validators": 2}})
	p := n.Populate()
	miner, val := p.Miners[0], p.Validators[0]
	dir := t.TempDir()
	script := filepath.Join(dir, "model.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nexpr $(cat)\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	addrFile := filepath.Join(dir, "addr")
	ctx, cancel := context.WithCancel(context.Background())
	var code atomic.Int64
	code.Store(-1)
	var serr bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		var out bytes.Buffer
		code.Store(int64(tcli.RunContext(ctx, newApp(), []string{"mine", "serve", "--node", n.URL, "--netuid", "1",
			"--wallet.hotkey", "//Dave//m1", "--listen", "127.0.0.2:0", "--addr-file", addrFile,
			"--refresh", "200ms", "--timeout", "5s", "--log.format", "json", "--", script}, strings.NewReader(""), &out, &serr)))
	}()
	defer func() {
		cancel()
		<-done
		if c := code.Load(); c != exitInterrupted {
			t.Errorf("serve exit %d: %s", c, serr.String())
		}
	}()
	var addr string
	n.WaitFor(20*time.Second, "the axon address file", func() bool {
		b, err := os.ReadFile(addrFile)
		addr = strings.TrimSpace(string(b))
		return err == nil && addr != ""
	})
	port := addr[strings.LastIndexByte(addr, ':')+1:]
	n.WaitFor(20*time.Second, "the axon on chain", func() bool {
		ax := n.Neuron(n.Metagraph(), miner.AccountID()).Axon
		return ax.IP == "127.0.0.2" && strconv.Itoa(int(ax.Port)) == port
	})
	target := axon.Target{Hotkey: miner.AccountID(), Addr: addr}
	d := axon.NewDendrite(val, nil)
	if res := d.Call(ctx, target, "Sum", []byte("2 + 3"), 5*time.Second); !res.OK() || string(res.Body) != "5\n" {
		t.Fatalf("validator request: %+v", res)
	}
	body := []byte("1 + 1")
	send := func(h axon.RequestHeaders, b []byte) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/Sum", bytes.NewReader(b))
		h.Apply(req.Header)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get(axon.HeaderAxonStatusMsg)
	}
	sign := func(kp *keys.Keypair, nonce uint64) axon.RequestHeaders {
		h, err := axon.SignRequest(kp, miner.AccountID(), "it", nonce, "Sum", body, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	now := uint64(time.Now().UnixNano())
	first := sign(val, now)
	tampered := sign(val, now+1)
	tampered.Signature[0] ^= 0xff
	for _, tc := range []struct {
		name   string
		h      axon.RequestHeaders
		status int
		reason string
	}{
		{"accepted", first, 200, axon.ReasonOK},
		{"replayed", first, 401, axon.ReasonReplayedNonce},
		{"tampered", tampered, 401, axon.ReasonBadSignature},
		{"stale", sign(val, now-uint64(30*time.Second)), 401, axon.ReasonStaleNonce},
		{"unregistered", sign(chaintest.Key(t, "//Nobody"), now), 403, axon.ReasonUnregistered},
		{"no permit", sign(p.Miners[1], now), 403, axon.ReasonNoValidatorPermit},
	} {
		if st, reason := send(tc.h, body); st != tc.status || reason != tc.reason {
			t.Errorf("%s: %d %s, want %d %s", tc.name, st, reason, tc.status, tc.reason)
		}
	}
}

func hexDecode(s string) ([]byte, error) {
	b := make([]byte, len(s)/2)
	for i := range b {
		v, err := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
		if err != nil {
			return nil, err
		}
		b[i] = byte(v)
	}
	return b, nil
}
