package validator

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/axon"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
	"github.com/taokit/taokit/internal/yuma"
)

func TestWeightsMaxUpscale(t *testing.T) {
	uids, vals := Weights(map[uint16]float64{0: 0.9, 1: 0.5, 2: 0.25, 3: 0, 4: 0.1}, 5, 0, 0)
	if fmt.Sprint(uids) != "[1 2 4]" || vals[0] != 65535 {
		t.Fatalf("uids %v values %v", uids, vals)
	}
	// What we send is what the chain stores: max-upscale is idempotent on it.
	if fmt.Sprint(yuma.MaxUpscaleU16(vals)) != fmt.Sprint(vals) {
		t.Fatalf("not a fixed point of the chain's upscale: %v", vals)
	}
	if vals[1] != 32768 || vals[2] != 13107 {
		t.Fatalf("values %v", vals)
	}
	if u, _ := Weights(map[uint16]float64{1: 0}, 3, -1, 0); u != nil {
		t.Fatal("all-zero scores gave weights")
	}
	// Padding to min_allowed_weights with zero weights.
	uids, vals = Weights(map[uint16]float64{3: 1}, 5, 0, 3)
	if fmt.Sprint(uids) != "[1 2 3]" || fmt.Sprint(vals) != "[0 0 65535]" {
		t.Fatalf("padded %v %v", uids, vals)
	}
}

func TestRuleAndEMA(t *testing.T) {
	r := Rule{LatencyWeight: 0.3, Timeout: 10 * time.Second}
	if l, s := r.Combine(true, 1, 2*time.Second); l != 0.8 || fmt.Sprintf("%.2f", s) != "0.94" {
		t.Fatalf("fast right answer: %v %v", l, s)
	}
	if l, s := r.Combine(true, 0, time.Millisecond); l != 0 || s != 0 {
		t.Fatalf("fast wrong answer earns %v %v", l, s)
	}
	if _, s := r.Combine(false, 1, 0); s != 0 {
		t.Fatal("failed query scored")
	}
	if e := EMA(0.5, 1, 0.1); fmt.Sprintf("%.2f", e) != "0.55" {
		t.Fatal(e)
	}
}

func TestParseScore(t *testing.T) {
	for in, ok := range map[string]bool{"0.5\n": true, "1": true, "0 extra": true, "": false, "abc": false, "1.5": false, "-0.1": false, "NaN": false, "inf": false} {
		_, err := ParseScore([]byte(in))
		if (err == nil) != ok {
			t.Errorf("%q: err %v", in, err)
		}
	}
}

func TestCommandScorerBadOutput(t *testing.T) {
	s := &Sample{UID: 3, Hotkey: "x", Challenge: []byte("2+2"), Expected: []byte("4"), Response: []byte("4\n")}
	good := &CommandScorer{Command: `resp=$(cat); if [ "$resp" = "$VALIDATE_EXPECTED" ]; then echo 1; else echo 0; fi`}
	if v, err := good.Score(t.Context(), s); err != nil || v != 1 {
		t.Fatalf("good scorer: %v %v", v, err)
	}
	for _, cmd := range []string{"echo garbage", "echo 0.7; exit 2", "echo 7", "true", "sleep 5"} {
		sc := &CommandScorer{Command: cmd, Timeout: 300 * time.Millisecond}
		v, err := sc.Score(t.Context(), s)
		if err == nil || v != 0 {
			t.Errorf("%q: score %v err %v", cmd, v, err)
		}
	}
}

func TestCorruptStateMovedAside(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state.json")
	st := NewState(1, "hk")
	st.upsert(2).EMA = 0.5
	if err := st.Save(p); err != nil {
		t.Fatal(err)
	}
	back, aside, err := LoadState(p, 1, "hk")
	if err != nil || aside != "" || back.Neurons[0].EMA != 0.5 {
		t.Fatalf("reload: %+v %q %v", back, aside, err)
	}
	if _, _, err := LoadState(p, 2, "hk"); err == nil {
		t.Fatal("state of another subnet accepted")
	}
	for i, junk := range []string{"{not json", `{"version":1,"netuid":1,"hotkey":"hk","neurons":[{"uid":1,"ema":7}]}`} {
		if err := os.WriteFile(p, []byte(junk), 0o600); err != nil {
			t.Fatal(err)
		}
		st, aside, err := LoadState(p, 1, "hk")
		if err != nil || aside != fmt.Sprintf("%s.corrupt-%d", p, i+1) || len(st.Neurons) != 0 {
			t.Fatalf("corrupt %d: %v %q %v", i, st, aside, err)
		}
		if b, _ := os.ReadFile(aside); string(b) != junk {
			t.Fatalf("corrupt file not kept intact: %q", b)
		}
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatal("corrupt file left in place")
		}
	}
}

// fakeNode serves a synthetic metagraph and records submitted calls.
type fakeNode struct {
	mu    sync.Mutex
	mg    *query.Metagraph
	calls []tx.Call
}

func (f *fakeNode) Metagraph(context.Context, uint16, query.MetagraphOptions, ...client.QueryOption) (*query.Metagraph, error) {
	return f.mg, nil
}
func (f *fakeNode) Subnet(context.Context, uint16, ...client.QueryOption) (query.Subnet, error) {
	return f.mg.Subnet, nil
}
func (f *fakeNode) Send(_ context.Context, _ *keys.Keypair, c tx.Call, _ bool) (*api.SubmitResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	res := &api.SubmitResult{Call: c.CallName()}
	inc := nodeInclusion
	res.Inclusion = &inc
	return res, nil
}

// localSubnet starts n loopback axons answering with handler and returns a
// metagraph whose uid 0 is the validator.
func localSubnet(t testing.TB, n int, val *keys.Keypair, handler func(uid int) axon.Handler) *fakeNode {
	t.Helper()
	mg := &query.Metagraph{Height: 100, Subnet: query.Subnet{Netuid: 1, Tempo: 10, Hyperparameters: []query.Hyperparameter{
		{Name: "commit_reveal_weights_enabled", Value: 0}, {Name: "weights_rate_limit", Value: 0}}}}
	mg.Neurons = append(mg.Neurons, query.Neuron{UID: 0, Hotkey: query.Address(val.AccountID()), ValidatorPermit: true})
	reg := axon.NewStaticRegistry(map[keys.AccountID]axon.Caller{val.AccountID(): {UID: 0, Stake: 1, ValidatorPermit: true}})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	for i := 1; i <= n; i++ {
		kp, err := keys.FromSURI(fmt.Sprintf("//miner%d", i))
		if err != nil {
			t.Fatal(err)
		}
		srv, err := axon.NewServer(axon.Config{Keypair: kp, Handler: handler(i), Registry: reg, MaxConcurrent: 2})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); _ = srv.Serve(ctx, ln, time.Second) }()
		port := ln.Addr().(*net.TCPAddr).Port
		mg.Neurons = append(mg.Neurons, query.Neuron{UID: uint16(i), Hotkey: query.Address(kp.AccountID()),
			Axon: query.Axon{IP: "127.0.0.1", Port: uint16(port), IPType: 4, Protocol: 4}})
	}
	return &fakeNode{mg: mg}
}

func arith(uid int) axon.Handler {
	return axon.HandlerFunc(func(_ context.Context, r *axon.Request) ([]byte, error) {
		if uid%3 == 0 {
			return []byte("wrong"), nil
		}
		return []byte("4"), nil
	})
}

func TestRoundScoresAndSetsWeights(t *testing.T) {
	val, err := keys.FromSURI("//validator")
	if err != nil {
		t.Fatal(err)
	}
	fn := localSubnet(t, 6, val, arith)
	// uid 7: served on a closed port (unreachable).
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	kp7, _ := keys.FromSURI("//miner7")
	fn.mg.Neurons = append(fn.mg.Neurons, query.Neuron{UID: 7, Hotkey: query.Address(kp7.AccountID()),
		Axon: query.Axon{IP: "127.0.0.1", Port: uint16(dead), IPType: 4}})
	var logs strings.Builder
	var lmu sync.Mutex
	v, err := New(Config{Netuid: 1, Keypair: val, Node: fn, Timeout: 2 * time.Second, Alpha: 1,
		Scorer: ScorerFunc(func(_ context.Context, s *Sample) (float64, error) {
			if s.UID == 5 {
				return 0, fmt.Errorf("%w: printed garbage", ErrScorer)
			}
			if string(s.Response) == string(s.Expected) {
				return 1, nil
			}
			return 0, nil
		}),
		Challenge: staticExpected{}, Logger: slog.New(slog.NewTextHandler(lockedWriter{&logs, &lmu}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	st := NewState(1, val.SS58())
	out, err := v.Once(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	if out.Action != ActionSet || len(fn.calls) != 1 {
		t.Fatalf("action %s calls %v", out.Action, fn.calls)
	}
	sw := fn.calls[0].(tx.SetWeights)
	if fmt.Sprint(sw.Dests) != "[1 2 4]" || fmt.Sprint(sw.Weights) != "[65535 65535 65535]" {
		t.Fatalf("weights %v %v", sw.Dests, sw.Weights)
	}
	status := map[uint16]string{}
	for _, s := range out.Scores {
		status[s.UID] = s.Status
	}
	if status[5] != "scorer_failed" || status[7] != axon.ReasonUnreachable || status[3] != "ok" {
		t.Fatalf("statuses %v", status)
	}
	lmu.Lock()
	logged := logs.String()
	lmu.Unlock()
	if !strings.Contains(logged, "scorer failed; score 0") || !strings.Contains(logged, "miner query failed; score 0") {
		t.Fatalf("missing log lines:\n%s", logged)
	}
	// The uid changes hands: its moving average starts over.
	fn.mg.Neurons[1].Hotkey = query.Address(kp7.AccountID())
	fn.mg.Neurons[1].Axon = query.Axon{}
	if _, err := v.Once(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	if ns, _ := st.Neuron(1); ns.EMA != 0 || ns.Rounds != 1 || ns.Hotkey != kp7.SS58() {
		t.Fatalf("uid 1 after changing hands: %+v", ns)
	}
}

type staticExpected struct{}

func (staticExpected) Challenge(context.Context, uint64, uint64) (Challenge, error) {
	return Challenge{Body: []byte("2+2"), Expected: []byte("4")}, nil
}

type lockedWriter struct {
	b  *strings.Builder
	mu *sync.Mutex
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// TestRound256 is the performance bar: a round over 256 loopback miners
// (trivial in-process command) takes at most 2 s.
func TestRound256(t *testing.T) {
	val, _ := keys.FromSURI("//validator")
	fn := localSubnet(t, 256, val, arith)
	v, err := New(Config{Netuid: 1, Keypair: val, Node: fn, Timeout: 5 * time.Second, Challenge: staticExpected{},
		Scorer: ScorerFunc(func(_ context.Context, s *Sample) (float64, error) { return 1, nil })})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := v.Once(t.Context(), NewState(1, val.SS58()))
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for _, s := range out.Scores {
		if s.Status == "ok" {
			ok++
		}
	}
	t.Logf("round over 256 miners: %v (%d answered)", took, ok)
	if ok != 256 || took > 2*time.Second*raceFactor {
		t.Fatalf("%d answered in %v", ok, took)
	}
}

func BenchmarkRound256(b *testing.B) {
	val, _ := keys.FromSURI("//validator")
	fn := localSubnet(b, 256, val, arith)
	v, err := New(Config{Netuid: 1, Keypair: val, Node: fn, Timeout: 5 * time.Second, Challenge: staticExpected{},
		Scorer: ScorerFunc(func(_ context.Context, s *Sample) (float64, error) { return 1, nil })})
	if err != nil {
		b.Fatal(err)
	}
	st := NewState(1, val.SS58())
	for b.Loop() {
		if _, err := v.Once(context.Background(), st); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRound256CommandScorer is the same round with a real scorer
// process per answer (sh -c).
func BenchmarkRound256CommandScorer(b *testing.B) {
	val, _ := keys.FromSURI("//validator")
	fn := localSubnet(b, 256, val, arith)
	v, err := New(Config{Netuid: 1, Keypair: val, Node: fn, Timeout: 5 * time.Second, Challenge: staticExpected{},
		Scorer: &CommandScorer{Command: `[ "$(cat)" = "$VALIDATE_EXPECTED" ] && echo 1 || echo 0`}})
	if err != nil {
		b.Fatal(err)
	}
	st := NewState(1, val.SS58())
	for b.Loop() {
		if _, err := v.Once(context.Background(), st); err != nil {
			b.Fatal(err)
		}
	}
}

var nodeInclusion = nodeInc(101)

func nodeInc(h uint64) node.Inclusion {
	var in node.Inclusion
	in.Height = h
	in.Receipt.Valid, in.Receipt.OK = true, true
	return in
}
