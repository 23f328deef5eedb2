package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/axon"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/tx"
	"github.com/taokit/taokit/internal/validator"
	"github.com/taokit/taokit/internal/validator/chaintest"
)

const (
	challengeCmd = `echo "3 + 4"; echo 7 > "$VALIDATE_EXPECTED_FILE"`
	scorerCmd    = `[ "$(cat)" = "$(cat "$VALIDATE_EXPECTED_FILE")" ] && echo 1 || echo 0`
	// batchScorerCmd is scorerCmd for --scorer-batch: a response equal to
	// the expected answer (give or take the trailing newline) scores 1.
	batchScorerCmd = `exp=$(cat "$VALIDATE_EXPECTED_FILE"); while IFS= read -r l; do
	case $l in *"\"response\":\"$exp\""*|*"\"response\":\"$exp\\n\""*) echo 1;; *) echo 0;; esac; done`
)

// batchArgs turns round arguments using --scorer into the same with
// --scorer-batch.
func batchArgs(args []string) []string {
	out := append([]string(nil), args...)
	for i := range out {
		if out[i] == "--scorer" {
			out[i], out[i+1] = "--scorer-batch", batchScorerCmd
		}
	}
	return out
}

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"validate"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func scores(t *testing.T, s string) map[uint16]validator.Score {
	t.Helper()
	m := map[uint16]validator.Score{}
	dec := json.NewDecoder(strings.NewReader(s))
	for dec.More() {
		var sc validator.Score
		if err := dec.Decode(&sc); err != nil {
			t.Fatalf("decode %q: %v", s, err)
		}
		m[sc.UID] = sc
	}
	return m
}

// serveMiner runs an axon for kp answering with the shell script and
// publishes it on chain at 127.0.0.2 (the chain refuses 127.0.0.1).
func serveMiner(t *testing.T, n *chaintest.Node, kp *keys.Keypair, script string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "model.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	reg := axon.NewStaticRegistry(nil)
	refresh := func() {
		m := map[keys.AccountID]axon.Caller{}
		for _, nr := range n.Metagraph().Neurons {
			m[nr.Hotkey.ID()] = axon.Caller{UID: nr.UID, Stake: nr.TotalStake, ValidatorPermit: nr.ValidatorPermit}
		}
		reg.Set(m)
	}
	refresh()
	srv, err := axon.NewServer(axon.Config{Keypair: kp, Handler: &axon.Command{Argv: []string{path}}, Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ctx, ln, time.Second) }()
	t.Cleanup(func() { cancel(); <-done })
	n.MustOK(kp, tx.ServeAxon{Netuid: 1, Version: 1, IP: "127.0.0.2", Port: uint16(ln.Addr().(*net.TCPAddr).Port), IPType: 4, Protocol: 4})
}

func roundArgs(n *chaintest.Node, hotkey, state string, extra ...string) []string {
	return append([]string{"once", "--node", n.URL, "--netuid", "1", "--wallet.hotkey", hotkey, "--state", state,
		"--scorer", scorerCmd, "--challenge-cmd", challengeCmd, "--timeout", "3s", "--latency-weight", "0.3",
		"--alpha", "1", "-o", "json", "--log.format", "json"}, extra...)
}

// TestValidatorRoundToIncentives: two validators score three miners (right,
// wrong, slow) on an in-process chain; their weights are stored and the
// next epoch orders the miners' incentives by quality.
func TestValidatorRoundToIncentives(t *testing.T) {
	n := chaintest.Start(t, chaintest.Options{BlockTime: 100 * time.Millisecond, Tempo: 10,
		Hyper: map[string]int64{"max_allowed_validators": 2}})
	p := n.Populate()
	good, wrong, slow := p.Miners[0], p.Miners[1], p.Miners[2]
	serveMiner(t, n, good, `expr $(cat)`)
	serveMiner(t, n, wrong, `cat >/dev/null; echo 999`)
	serveMiner(t, n, slow, `in=$(cat); sleep 1; expr $in`)
	dir := t.TempDir()
	mg := n.Metagraph()
	uGood, uWrong, uSlow := n.Neuron(mg, good.AccountID()).UID, n.Neuron(mg, wrong.AccountID()).UID, n.Neuron(mg, slow.AccountID()).UID
	for i, v := range []string{"//Bob//v1", "//Charlie//v2"} {
		args := roundArgs(n, v, filepath.Join(dir, "v"+string(rune('1'+i))+".json"))
		if i == 1 { // the second validator scores the round with one batch scorer process
			args = batchArgs(args)
		}
		code, out, errs := run(t, args...)
		if code != 0 {
			t.Fatalf("validate once %s: exit %d\n%s", v, code, errs)
		}
		sc := scores(t, out)
		if sc[uGood].Quality != 1 || sc[uWrong].Quality != 0 || sc[uSlow].Quality != 1 || sc[uWrong].Status != "ok" {
			t.Fatalf("scores %+v", sc)
		}
		if !(sc[uGood].Score > sc[uSlow].Score && sc[uSlow].Score > 0.7 && sc[uWrong].Weight == 0 && sc[uGood].Weight == 65535) {
			t.Fatalf("latency not rewarded: %+v", sc)
		}
	}
	// The weights are on chain …
	mg = n.Metagraph()
	row := n.Neuron(mg, p.Validators[0].AccountID()).Weights
	if len(row) != 2 || row[0].UID != min(uGood, uSlow) {
		t.Fatalf("v1 weights on chain: %+v", row)
	}
	// … and the next epoch turns them into incentives ordered by quality.
	n.WaitFor(30*time.Second, "incentives", func() bool {
		mg := n.Metagraph()
		return n.Neuron(mg, good.AccountID()).Incentive > 0
	})
	mg = n.Metagraph()
	ig, is, iw := n.Neuron(mg, good.AccountID()).Incentive, n.Neuron(mg, slow.AccountID()).Incentive, n.Neuron(mg, wrong.AccountID()).Incentive
	t.Logf("incentives: right %d, slow %d, wrong %d", ig, is, iw)
	if !(ig > is && is > iw) {
		t.Fatalf("incentives not ordered by quality: right %d slow %d wrong %d", ig, is, iw)
	}

	// dry-run computes the same records but submits and saves nothing.
	before, _ := os.ReadFile(filepath.Join(dir, "v1.json"))
	args := roundArgs(n, "//Bob//v1", filepath.Join(dir, "v1.json"))
	args[0] = "dry-run"
	code, out, errs := run(t, args...)
	if sc := scores(t, out); code != 0 || sc[uGood].Weight != 65535 || !strings.Contains(errs, `"action":"dry_run"`) {
		t.Fatalf("dry-run: exit %d %v\n%s", code, sc, errs)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "v1.json")); !bytes.Equal(before, after) {
		t.Fatal("dry-run changed the state file")
	}

	// Rate limit: raise it (sudo) and the next round has nothing to do (exit 5).
	n.MustOK(chaintest.Key(t, "//Alice"), tx.SetHyperparameter{Netuid: 1, Name: "weights_rate_limit", Value: 10_000})
	if code, _, errs := run(t, roundArgs(n, "//Bob//v1", filepath.Join(dir, "v1.json"))...); code != exitNothing || !strings.Contains(errs, "rate_limited") {
		t.Fatalf("rate limited round: exit %d\n%s", code, errs)
	}
	n.MustOK(chaintest.Key(t, "//Alice"), tx.SetHyperparameter{Netuid: 1, Name: "weights_rate_limit", Value: 0})

	// Commit-reveal: commit (salt saved), then reveal in the window (one
	// tempo long: 40 blocks of 100 ms, so a round with the slow miner fits).
	n.MustOK(chaintest.Key(t, "//Alice"), tx.SetHyperparameter{Netuid: 1, Name: "tempo", Value: 40})
	n.MustOK(chaintest.Key(t, "//Alice"), tx.SetHyperparameter{Netuid: 1, Name: "commit_reveal_weights_enabled", Value: 1})
	state := filepath.Join(dir, "v2.json")
	code, _, errs = run(t, roundArgs(n, "//Charlie//v2", state)...)
	if code != 0 || !strings.Contains(errs, `"action":"committed"`) {
		t.Fatalf("commit round: exit %d\n%s", code, errs)
	}
	st, _, err := validator.LoadState(state, 1, chaintest.Key(t, "//Charlie//v2").SS58())
	if err != nil || st.Pending == nil || len(st.Pending.Salt) == 0 || st.Pending.CommitBlock == 0 {
		t.Fatalf("pending commit not saved: %+v %v", st, err)
	}
	from := st.Pending.RevealFrom
	// Too early: nothing to do.
	if h, _ := n.Client.Head(context.Background()); h.Height+20 < from {
		if code, _, errs := run(t, roundArgs(n, "//Charlie//v2", state)...); code != exitNothing || !strings.Contains(errs, "waiting_reveal") {
			t.Fatalf("early round: exit %d\n%s", code, errs)
		}
	}
	n.WaitFor(30*time.Second, "the reveal window", func() bool {
		h, err := n.Client.Head(context.Background())
		return err == nil && h.Height+1 >= from
	})
	code, _, errs = run(t, roundArgs(n, "//Charlie//v2", state)...)
	if code != 0 || !strings.Contains(errs, "weights revealed") {
		t.Fatalf("reveal round: exit %d\n%s", code, errs)
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	// Node unreachable: exit 12.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String()
	ln.Close()
	state := filepath.Join(dir, "s.json")
	args := []string{"once", "--node", dead, "--netuid", "1", "--wallet.hotkey", "//Bob//v1", "--state", state, "--scorer", "echo 1"}
	if code, _, errs := run(t, args...); code != exitNode {
		t.Fatalf("unreachable node: exit %d %s", code, errs)
	}
	// A corrupt state file is reported and moved aside, not replaced.
	if err := os.WriteFile(state, []byte("{garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, args...)
	if code != exitNode || !strings.Contains(errs, "state file is corrupt") {
		t.Fatalf("corrupt state: exit %d %s", code, errs)
	}
	if b, err := os.ReadFile(state + ".corrupt-1"); err != nil || string(b) != "{garbage" {
		t.Fatalf("corrupt state not kept aside: %q %v", b, err)
	}
	// Usage and config errors.
	if code, _, _ := run(t, "once", "--netuid", "1"); code != exitUsage {
		t.Fatalf("missing --scorer: exit %d", code)
	}
	if code, _, errs := run(t, append(args, "--scorer-batch", "cat")...); code != exitUsage || !strings.Contains(errs, "exactly one of --scorer") {
		t.Fatalf("--scorer with --scorer-batch: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, batchArgs(args)...); code != exitNode {
		t.Fatalf("--scorer-batch alone: exit %d %s", code, errs)
	}
	if code, _, _ := run(t, append(args, "--latency-weight", "2")...); code != exitConfig {
		t.Fatalf("bad latency weight: exit %d", code)
	}
}

// TestRunLoop: `validate run` follows the block stream, runs rounds, sets
// weights, and stops cleanly on cancellation with its state saved.
func TestRunLoop(t *testing.T) {
	n := chaintest.Start(t, chaintest.Options{BlockTime: 100 * time.Millisecond, Tempo: 5,
		Hyper: map[string]int64{"max_allowed_validators": 2}})
	p := n.Populate()
	serveMiner(t, n, p.Miners[0], `expr $(cat)`)
	state := filepath.Join(t.TempDir(), "run.json")
	args := roundArgs(n, "//Bob//v1", state, "--every", "3")
	args[0] = "run"
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- tcliRunContext(ctx, append([]string{"validate"}, args...), &out, &errb)
	}()
	hk := p.Validators[0].AccountID()
	n.WaitFor(30*time.Second, "weights from validate run", func() bool {
		return len(n.Neuron(n.Metagraph(), hk).Weights) > 0
	})
	n.WaitFor(30*time.Second, "a second round", func() bool {
		st, _, err := validator.LoadState(state, 1, p.Validators[0].SS58())
		return err == nil && st.Round >= 2
	})
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Fatalf("run exit %d\n%s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("validate run did not stop")
	}
	if st, aside, err := validator.LoadState(state, 1, p.Validators[0].SS58()); err != nil || aside != "" || st.Round < 2 {
		t.Fatalf("state after stop: %+v %q %v", st, aside, err)
	}
}

func tcliRunContext(ctx context.Context, args []string, stdout, stderr *bytes.Buffer) int {
	return tcli.RunContext(ctx, newApp(), args, strings.NewReader(""), stdout, stderr)
}
