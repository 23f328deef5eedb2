package validator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Sample is one miner's answer to a challenge, as a scorer sees it.
type Sample struct {
	UID       uint16
	Hotkey    string
	Challenge []byte
	Expected  []byte // the challenge command's expected answer (may be empty)
	Response  []byte
	Latency   time.Duration
}

// Scorer rates an answer's quality in [0,1].
type Scorer interface {
	Score(ctx context.Context, s *Sample) (float64, error)
}

// ScorerFunc adapts a function to Scorer.
type ScorerFunc func(ctx context.Context, s *Sample) (float64, error)

// Score implements Scorer.
func (f ScorerFunc) Score(ctx context.Context, s *Sample) (float64, error) { return f(ctx, s) }

// envInline is the largest value also passed inline in an environment
// variable (Linux caps one string at 128 KiB).
const envInline = 64 << 10

// CommandScorer runs a shell command line (sh -c) per answer. The answer is
// on its stdin; the environment has VALIDATE_CHALLENGE and VALIDATE_EXPECTED
// (inline when ≤ 64 KiB), VALIDATE_CHALLENGE_FILE, VALIDATE_EXPECTED_FILE and
// VALIDATE_RESPONSE_FILE (always), VALIDATE_UID, VALIDATE_HOTKEY and
// VALIDATE_LATENCY_MS. The first word of its stdout must be a number in
// [0,1]; anything else, a non-zero exit, or running past Timeout is an
// error (the round scores that miner 0 and logs why).
type CommandScorer struct {
	Command string
	Timeout time.Duration // default 10 s
	Dir     string        // scratch directory for the files (default the system temp dir)
}

// Score implements Scorer.
func (c *CommandScorer) Score(ctx context.Context, s *Sample) (float64, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	dir, err := os.MkdirTemp(c.Dir, "validate-score-")
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrScorer, err)
	}
	defer os.RemoveAll(dir)
	files := map[string][]byte{"challenge": s.Challenge, "expected": s.Expected, "response": s.Response}
	env := os.Environ()
	for _, k := range []string{"challenge", "expected", "response"} {
		p := filepath.Join(dir, k)
		if err := os.WriteFile(p, files[k], 0o600); err != nil {
			return 0, fmt.Errorf("%w: %w", ErrScorer, err)
		}
		env = append(env, "VALIDATE_"+strings.ToUpper(k)+"_FILE="+p)
	}
	for _, k := range []string{"challenge", "expected"} {
		if v := files[k]; len(v) <= envInline && !bytes.ContainsRune(v, 0) {
			env = append(env, "VALIDATE_"+strings.ToUpper(k)+"="+string(v))
		}
	}
	env = append(env, "VALIDATE_UID="+strconv.Itoa(int(s.UID)), "VALIDATE_HOTKEY="+s.Hotkey,
		"VALIDATE_LATENCY_MS="+strconv.FormatInt(s.Latency.Milliseconds(), 10))
	out, err := runShell(ctx, c.Command, timeout, env, s.Response, 4096)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrScorer, err)
	}
	return ParseScore(out)
}

// ParseScore reads a scorer's output: the first word must be a finite
// number in [0,1].
func ParseScore(out []byte) (float64, error) {
	f := strings.Fields(string(out))
	if len(f) == 0 {
		return 0, fmt.Errorf("%w: printed nothing", ErrScorer)
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w: printed %q, not a number", ErrScorer, trunc(f[0], 40))
	}
	if v < 0 || v > 1 {
		return 0, fmt.Errorf("%w: score %v outside [0,1]", ErrScorer, v)
	}
	return v, nil
}

func trunc(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Challenge is one round's challenge.
type Challenge struct {
	Body     []byte
	Expected []byte
}

// ChallengeSource produces a round's challenge.
type ChallengeSource interface {
	Challenge(ctx context.Context, round, block uint64) (Challenge, error)
}

// StaticChallenge always sends the same body.
type StaticChallenge []byte

// Challenge implements ChallengeSource.
func (s StaticChallenge) Challenge(context.Context, uint64, uint64) (Challenge, error) {
	return Challenge{Body: s}, nil
}

// ChallengeCommand runs a shell command line (sh -c) per round: its stdout
// is the challenge body; it may write the expected answer to the file named
// by VALIDATE_EXPECTED_FILE (passed to the scorer). VALIDATE_ROUND and
// VALIDATE_BLOCK are set.
type ChallengeCommand struct {
	Command string
	Timeout time.Duration // default 10 s
}

// Challenge implements ChallengeSource.
func (c *ChallengeCommand) Challenge(ctx context.Context, round, block uint64) (Challenge, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	f, err := os.CreateTemp("", "validate-expected-")
	if err != nil {
		return Challenge{}, fmt.Errorf("%w: %w", ErrChallenge, err)
	}
	f.Close()
	defer os.Remove(f.Name())
	env := append(os.Environ(), "VALIDATE_EXPECTED_FILE="+f.Name(),
		"VALIDATE_ROUND="+strconv.FormatUint(round, 10), "VALIDATE_BLOCK="+strconv.FormatUint(block, 10))
	out, err := runShell(ctx, c.Command, timeout, env, nil, 16<<20)
	if err != nil {
		return Challenge{}, fmt.Errorf("%w: %w", ErrChallenge, err)
	}
	exp, err := os.ReadFile(f.Name())
	if err != nil {
		return Challenge{}, fmt.Errorf("%w: read expected answer: %w", ErrChallenge, err)
	}
	return Challenge{Body: out, Expected: exp}, nil
}

// runShell runs sh -c line with stdin, returning stdout (at most limit
// bytes) or an error naming the exit status and the start of stderr.
func runShell(ctx context.Context, line string, timeout time.Duration, env []string, stdin []byte, limit int) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", line)
	cmd.Env = env
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	setProcessGroup(cmd)
	cmd.WaitDelay = 500 * time.Millisecond
	err := cmd.Run()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%q ran past %v", line, timeout)
		}
		return nil, ctx.Err()
	}
	if err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg != "" {
			return nil, fmt.Errorf("%q: %w: %s", line, err, trunc(msg, 200))
		}
		return nil, fmt.Errorf("%q: %w", line, err)
	}
	if out.Len() > limit {
		return nil, fmt.Errorf("%q printed more than %d bytes", line, limit)
	}
	return out.Bytes(), nil
}

// Rule combines quality and latency into a score.
type Rule struct {
	// LatencyWeight w in [0,1]: score = (1−w)·quality + w·latency_score.
	LatencyWeight float64
	// Timeout is the query timeout; latency_score = 1 − latency/Timeout,
	// clamped to [0,1].
	Timeout time.Duration
}

// Combine returns (latency_score, score) for an answer. A failed query or
// an answer of quality 0 earns nothing for speed: its latency_score is 0.
func (r Rule) Combine(ok bool, quality float64, latency time.Duration) (latencyScore, score float64) {
	if !ok {
		return 0, 0
	}
	if quality > 0 && r.Timeout > 0 {
		latencyScore = min(1, max(0, 1-float64(latency)/float64(r.Timeout)))
	}
	w := min(1, max(0, r.LatencyWeight))
	return latencyScore, (1-w)*quality + w*latencyScore
}

// EMA is the moving-average update: alpha·score + (1−alpha)·prev.
func EMA(prev, score, alpha float64) float64 {
	v := alpha*score + (1-alpha)*prev
	return min(1, max(0, v))
}
