package validator

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/axon"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/query"
)

// helperEnv makes the test binary act as a scorer (see TestMain): "single"
// is a per-answer scorer, "batch" a batch scorer, both rating answers with
// helperQuality.
const helperEnv = "TAOKIT_VALIDATOR_TEST_SCORER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "single":
		os.Exit(helperSingle())
	case "batch":
		os.Exit(helperBatch())
	default:
		fmt.Fprintln(os.Stderr, "unknown helper mode")
		os.Exit(2)
	}
}

// helperQuality is the helpers' scoring rule; it uses every field a scorer
// gets, so batch and per-answer scoring agree only if both pass them alike.
func helperQuality(uid int, hotkey string, challenge, expected, response []byte, latencyMS int64) float64 {
	if len(hotkey) != 48 || !strings.HasPrefix(string(challenge), "2+2") {
		return 0
	}
	var q float64
	switch {
	case bytes.Equal(response, expected):
		q = 1
	case len(expected) > 0 && bytes.Contains(response, expected):
		q = 0.5
	case len(response) > 0 && response[0] == 0xff:
		q = 0.25
	}
	if latencyMS > 60_000 {
		q /= 2
	}
	return q * (1 - 0.1*float64(uid%4))
}

func helperSingle() int {
	resp, err := readAll(os.Stdin)
	if err != nil {
		return 3
	}
	ch, err1 := os.ReadFile(os.Getenv("VALIDATE_CHALLENGE_FILE"))
	exp, err2 := os.ReadFile(os.Getenv("VALIDATE_EXPECTED_FILE"))
	uid, err3 := strconv.Atoi(os.Getenv("VALIDATE_UID"))
	lat, err4 := strconv.ParseInt(os.Getenv("VALIDATE_LATENCY_MS"), 10, 64)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	fmt.Println(strconv.FormatFloat(helperQuality(uid, os.Getenv("VALIDATE_HOTKEY"), ch, exp, resp, lat), 'g', -1, 64))
	return 0
}

func readAll(f *os.File) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(f)
	return b.Bytes(), err
}

// field is a record's text field, or its _b64 twin, or (absent both) the
// file named by the environment variable.
func field(text *string, b64 []byte, file string) ([]byte, error) {
	switch {
	case text != nil:
		return []byte(*text), nil
	case b64 != nil:
		return b64, nil
	case file != "":
		return os.ReadFile(os.Getenv(file))
	}
	return nil, nil
}

func helperBatch() int {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(nil, 64<<20)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	n := 0
	for sc.Scan() {
		var r batchRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 3
		}
		ch, err1 := field(r.Challenge, r.ChallengeB64, "VALIDATE_CHALLENGE_FILE")
		exp, err2 := field(r.Expected, r.ExpectedB64, "VALIDATE_EXPECTED_FILE")
		resp, err3 := field(r.Response, r.ResponseB64, "")
		if err := errors.Join(err1, err2, err3); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 3
		}
		fmt.Fprintln(w, strconv.FormatFloat(helperQuality(int(r.UID), r.Hotkey, ch, exp, resp, r.LatencyMS), 'g', -1, 64))
		n++
	}
	if strconv.Itoa(n) != os.Getenv("VALIDATE_COUNT") {
		fmt.Fprintln(os.Stderr, "VALIDATE_COUNT", os.Getenv("VALIDATE_COUNT"), "but", n, "records")
		return 3
	}
	return 0
}

// helperCommand is the sh -c line running the test binary as a scorer.
func helperCommand(t testing.TB, mode string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return helperEnv + "=" + mode + " '" + strings.ReplaceAll(exe, "'", `'\''`) + "'"
}

func TestBatchEqualsPerAnswerScorer(t *testing.T) {
	hk := func(i int) string {
		kp, _ := keys.FromSURI(fmt.Sprintf("//miner%d", i))
		return kp.SS58()
	}
	responses := [][]byte{[]byte("4"), []byte("4\n"), []byte("it is 4"), []byte("wrong"), {}, {0xff, 0x00, '4'},
		[]byte(`"quoted" \ <html> & 4`), []byte("ünïcode 4")}
	big := append([]byte("2+2"), bytes.Repeat([]byte(" "), envInline)...) // challenge only in the file
	total := 0
	for _, ch := range []Challenge{{Body: []byte("2+2"), Expected: []byte("4")}, {Body: []byte("2+2\x00?"), Expected: []byte{'4'}},
		{Body: big, Expected: []byte("4")}, {Body: []byte("2+2"), Expected: []byte{0xff}}} {
		var samples []*Sample
		for i, r := range responses {
			samples = append(samples, &Sample{UID: uint16(i + 1), Hotkey: hk(i + 1), Challenge: ch.Body, Expected: ch.Expected,
				Response: r, Latency: time.Duration(i*20_000+7) * time.Millisecond})
		}
		single := &CommandScorer{Command: helperCommand(t, "single")}
		batch := &BatchCommandScorer{Command: helperCommand(t, "batch")}
		res, err := batch.ScoreBatch(t.Context(), samples)
		if err != nil || len(res) != len(samples) {
			t.Fatalf("batch: %v %v", res, err)
		}
		nonzero := 0
		for i, s := range samples {
			want, err := single.Score(t.Context(), s)
			if err != nil {
				t.Fatalf("per-answer scorer, sample %d: %v", i, err)
			}
			if res[i].Err != nil || res[i].Quality != want {
				t.Errorf("challenge %.10q sample %d (%q): batch %v %v, per-answer %v", ch.Body, i, s.Response, res[i].Quality, res[i].Err, want)
			}
			if want > 0 {
				nonzero++
			}
		}
		if nonzero == 0 {
			t.Errorf("challenge %.10q: no sample scored above 0; the comparison proves little", ch.Body)
		}
		total += nonzero
	}
	if total < 15 {
		t.Errorf("only %d samples scored above 0", total)
	}
}

func TestEncodeBatch(t *testing.T) {
	big := bytes.Repeat([]byte("x"), envInline+1)
	in, err := EncodeBatch([]*Sample{
		{UID: 1, Hotkey: "h1", Challenge: []byte("c<&>"), Expected: []byte("e"), Response: []byte("r\n"), Latency: 1500 * time.Microsecond},
		{UID: 2, Hotkey: "h2", Challenge: big, Expected: []byte{0xfe}, Response: []byte{0xff}, Latency: time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"uid":1,"hotkey":"h1","challenge":"c<&>","response":"r\n","expected":"e","latency_ms":1}` + "\n" +
		`{"uid":2,"hotkey":"h2","response_b64":"/w==","expected_b64":"/g==","latency_ms":1000}` + "\n"
	if string(in) != want {
		t.Fatalf("records:\n%s\nwant:\n%s", in, want)
	}
}

func TestParseBatch(t *testing.T) {
	res, err := ParseBatch([]byte("1\n0.5 extra\r\nnope\n\n0\n\n  \n"), 6)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1 <nil>", "0.5 <nil>", "0 error", "0 error", "0 <nil>", "0 error"}
	for i, r := range res {
		got := fmt.Sprint(r.Quality, " ", r.Err)
		if r.Err != nil {
			got = fmt.Sprint(r.Quality, " error")
			if !errors.Is(r.Err, ErrScorer) {
				t.Errorf("line %d: %v is not ErrScorer", i+1, r.Err)
			}
		}
		if got != want[i] {
			t.Errorf("line %d: %s, want %s", i+1, got, want[i])
		}
	}
	if _, err := ParseBatch([]byte("1\n1\n1\n"), 2); !errors.Is(err, ErrScorer) {
		t.Fatalf("extra lines: %v", err)
	}
}

func TestNewScorerChoice(t *testing.T) {
	val, _ := keys.FromSURI("//validator")
	one := ScorerFunc(func(context.Context, *Sample) (float64, error) { return 1, nil })
	many := BatchScorerFunc(func(context.Context, []*Sample) ([]BatchResult, error) { return nil, nil })
	if _, err := New(Config{Keypair: val, Node: &fakeNode{}, Scorer: one, BatchScorer: many}); !errors.Is(err, ErrBadConfig) {
		t.Fatalf("both scorers: %v", err)
	}
	if _, err := New(Config{Keypair: val, Node: &fakeNode{}}); !errors.Is(err, ErrBadConfig) {
		t.Fatalf("no scorer: %v", err)
	}
	if _, err := New(Config{Keypair: val, Node: &fakeNode{}, BatchScorer: many}); err != nil {
		t.Fatalf("batch scorer alone: %v", err)
	}
}

// answers gives the miners of a test subnet a mix of right, partly right,
// wrong, empty and binary answers.
func answers(uid int) axon.Handler {
	return axon.HandlerFunc(func(context.Context, *axon.Request) ([]byte, error) {
		return [][]byte{[]byte("4"), []byte("4\n"), []byte("the answer is 4"), []byte("5"), {}, {0xff, 0xfe}}[uid%6], nil
	})
}

// deadMiner adds a uid served on a closed port.
func deadMiner(t *testing.T, fn *fakeNode, uid uint16) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	kp, _ := keys.FromSURI(fmt.Sprintf("//miner%d", uid))
	fn.mg.Neurons = append(fn.mg.Neurons, query.Neuron{UID: uid, Hotkey: query.Address(kp.AccountID()),
		Axon: query.Axon{IP: "127.0.0.1", Port: uint16(port), IPType: 4}})
}

func TestRoundBatchEqualsPerAnswer(t *testing.T) {
	val, _ := keys.FromSURI("//validator")
	fn := localSubnet(t, 12, val, answers)
	deadMiner(t, fn, 13)
	round := func(cfg Config) map[uint16]Score {
		cfg.Netuid, cfg.Keypair, cfg.Node, cfg.Timeout, cfg.Challenge, cfg.DryRun = 1, val, fn, 5*time.Second, staticExpected{}, true
		v, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		out, err := v.Once(t.Context(), NewState(1, val.SS58()))
		if err != nil {
			t.Fatal(err)
		}
		m := map[uint16]Score{}
		for _, s := range out.Scores {
			m[s.UID] = s
		}
		return m
	}
	per := round(Config{Scorer: &CommandScorer{Command: helperCommand(t, "single")}})
	bat := round(Config{BatchScorer: &BatchCommandScorer{Command: helperCommand(t, "batch")}})
	if len(per) != 13 || len(bat) != 13 {
		t.Fatalf("%d and %d records", len(per), len(bat))
	}
	ok, positive := 0, 0
	for uid, p := range per {
		b := bat[uid]
		if p.Status != b.Status || p.Quality != b.Quality || p.Score != b.Score || p.Weight != b.Weight {
			t.Errorf("uid %d: per-answer %+v, batch %+v", uid, p, b)
		}
		if p.Status == "ok" {
			ok++
		}
		if p.Quality > 0 {
			positive++
		}
	}
	if ok != 12 || positive < 6 || per[13].Status != axon.ReasonUnreachable {
		t.Fatalf("%d answered, %d scored above 0, uid 13 %q", ok, positive, per[13].Status)
	}
}

func TestBatchScorerFailures(t *testing.T) {
	val, _ := keys.FromSURI("//validator")
	fn := localSubnet(t, 6, val, arith)
	deadMiner(t, fn, 7)
	for _, tc := range []struct {
		name, cmd string
		okUIDs    []uint16 // the uids scored ok; the other answered ones fail
		log       string
	}{
		{"all good", `while IFS= read -r l; do echo 1; done`, []uint16{1, 2, 3, 4, 5, 6}, ""},
		{"garbage line", `i=0; while IFS= read -r l; do i=$((i+1)); [ $i = 2 ] && echo garbage || echo 1; done`,
			[]uint16{1, 3, 4, 5, 6}, `msg="scorer failed; score 0" uid=2`},
		{"out of range", `i=0; while IFS= read -r l; do i=$((i+1)); [ $i = 5 ] && echo 1.5 || echo 1; done`,
			[]uint16{1, 2, 3, 4, 6}, `msg="scorer failed; score 0" uid=5`},
		{"too few lines", `cat >/dev/null; echo 1; echo 0.5`, []uint16{1, 2}, `msg="scorer failed; score 0" uid=6`},
		{"too many lines", `cat >/dev/null; for i in 1 2 3 4 5 6 7; do echo 1; done`, nil, "printed 7 lines for 6 records"},
		{"non-zero exit", `cat >/dev/null; for i in 1 2 3 4 5 6; do echo 1; done; echo broken >&2; exit 3`, nil, "exit status 3: broken"},
		{"timeout", `sleep 30`, nil, "ran past"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs strings.Builder
			var mu sync.Mutex
			v, err := New(Config{Netuid: 1, Keypair: val, Node: fn, Timeout: 5 * time.Second, Challenge: staticExpected{}, DryRun: true,
				BatchScorer: &BatchCommandScorer{Command: tc.cmd, Timeout: 300 * time.Millisecond * raceFactor},
				Logger:      slog.New(slog.NewTextHandler(lockedWriter{&logs, &mu}, nil))})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			out, err := v.Once(t.Context(), NewState(1, val.SS58()))
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("round took %v", took)
			}
			okSet := map[uint16]bool{}
			for _, u := range tc.okUIDs {
				okSet[u] = true
			}
			for _, s := range out.Scores {
				switch {
				case s.UID == 7:
					if s.Status != axon.ReasonUnreachable {
						t.Errorf("uid 7: %+v", s)
					}
				case okSet[s.UID]:
					if s.Status != "ok" || s.Quality == 0 || s.Score == 0 {
						t.Errorf("uid %d should score: %+v", s.UID, s)
					}
				default:
					if s.Status != "scorer_failed" || s.Quality != 0 || s.Score != 0 || s.Weight != 0 {
						t.Errorf("uid %d should score 0: %+v", s.UID, s)
					}
				}
			}
			mu.Lock()
			logged := logs.String()
			mu.Unlock()
			if tc.log == "" {
				if strings.Contains(logged, "scorer failed") {
					t.Errorf("unexpected failure log:\n%s", logged)
				}
				return
			}
			if !strings.Contains(logged, tc.log) {
				t.Errorf("log lacks %q:\n%s", tc.log, logged)
			}
			if tc.okUIDs == nil && !strings.Contains(logged, "batch scorer failed; every answered miner scores 0") {
				t.Errorf("no batch failure line:\n%s", logged)
			}
		})
	}
}

// trivialBatchScorer rates "4" right, anything else wrong, in one sh.
const trivialBatchScorer = `while IFS= read -r l; do case $l in *'"response":"4"'*) echo 1;; *) echo 0;; esac; done`

// TestRound256Batch is the performance bar with a real scorer process: a
// round over 256 loopback miners (answering at once) with one batch scorer
// process takes at most 2 s.
func TestRound256Batch(t *testing.T) {
	val, _ := keys.FromSURI("//validator")
	fn := localSubnet(t, 256, val, arith)
	v, err := New(Config{Netuid: 1, Keypair: val, Node: fn, Timeout: 5 * time.Second, Challenge: staticExpected{},
		BatchScorer: &BatchCommandScorer{Command: trivialBatchScorer}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := v.Once(t.Context(), NewState(1, val.SS58()))
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	ok, right := 0, 0
	for _, s := range out.Scores {
		if s.Status == "ok" {
			ok++
		}
		if s.Quality == 1 {
			right++
		}
	}
	t.Logf("round over 256 miners, batch scorer: %v (%d answered, %d right)", took, ok, right)
	if ok != 256 || right != 256-256/3 || took > 2*time.Second*raceFactor {
		t.Fatalf("%d answered, %d right, in %v", ok, right, took)
	}
}

// BenchmarkRound256Batch is BenchmarkRound256CommandScorer with one batch
// scorer process (sh -c) per round instead of one per answer.
func BenchmarkRound256Batch(b *testing.B) {
	val, _ := keys.FromSURI("//validator")
	fn := localSubnet(b, 256, val, arith)
	v, err := New(Config{Netuid: 1, Keypair: val, Node: fn, Timeout: 5 * time.Second, Challenge: staticExpected{},
		BatchScorer: &BatchCommandScorer{Command: trivialBatchScorer}})
	if err != nil {
		b.Fatal(err)
	}
	st := NewState(1, val.SS58())
	start := time.Now()
	for b.Loop() {
		out, err := v.Once(context.Background(), st)
		if err != nil {
			b.Fatal(err)
		}
		if out.Scores[0].Status != "ok" {
			b.Fatalf("uid %d: %s", out.Scores[0].UID, out.Scores[0].Status)
		}
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/round")
}
