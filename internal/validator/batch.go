package validator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// BatchScorer rates all of a round's answers in one call. It returns one
// result per sample, in order; a result's Err scores that sample 0. A
// non-nil error fails the whole batch (every sample scores 0).
type BatchScorer interface {
	ScoreBatch(ctx context.Context, samples []*Sample) ([]BatchResult, error)
}

// BatchResult is one sample's outcome in a batch.
type BatchResult struct {
	Quality float64
	Err     error
}

// BatchScorerFunc adapts a function to BatchScorer.
type BatchScorerFunc func(ctx context.Context, samples []*Sample) ([]BatchResult, error)

// ScoreBatch implements BatchScorer.
func (f BatchScorerFunc) ScoreBatch(ctx context.Context, samples []*Sample) ([]BatchResult, error) {
	return f(ctx, samples)
}

// BatchCommandScorer runs a shell command line (sh -c) once per round.
//
// Its stdin is JSON Lines, one record per answered miner in uid order:
//
//	{"uid":3,"hotkey":"5F…","challenge":"2+2","response":"4","expected":"4","latency_ms":12}
//
// uid, hotkey and latency_ms (whole milliseconds) are what the per-response
// scorer gets in VALIDATE_UID, VALIDATE_HOTKEY and VALIDATE_LATENCY_MS.
// challenge, response and expected are JSON strings when the bytes are
// valid UTF-8; otherwise the field is left out and challenge_b64,
// response_b64 or expected_b64 holds the bytes in standard base64.
// challenge and expected (the round's, the same in every record) are left
// out of the records when larger than 64 KiB; the environment always has
// VALIDATE_CHALLENGE_FILE and VALIDATE_EXPECTED_FILE, VALIDATE_CHALLENGE
// and VALIDATE_EXPECTED as for the per-response scorer, and VALIDATE_COUNT
// (the number of records).
//
// Its stdout must have one line per record, in order, each read like the
// per-response scorer's output: the first word a number in [0,1]. A line
// that is not gives that miner 0; missing lines give the miners without one
// 0; extra non-blank lines (the lines can no longer be trusted to line up),
// a non-zero exit or running past Timeout give every miner of the batch 0.
type BatchCommandScorer struct {
	Command string
	Timeout time.Duration // for the whole batch; default 60 s
	Dir     string        // scratch directory for the files (default the system temp dir)
}

// batchRecord is one line of a batch scorer's input.
type batchRecord struct {
	UID          uint16  `json:"uid"`
	Hotkey       string  `json:"hotkey"`
	Challenge    *string `json:"challenge,omitempty"`
	ChallengeB64 []byte  `json:"challenge_b64,omitempty"`
	Response     *string `json:"response,omitempty"`
	ResponseB64  []byte  `json:"response_b64,omitempty"`
	Expected     *string `json:"expected,omitempty"`
	ExpectedB64  []byte  `json:"expected_b64,omitempty"`
	LatencyMS    int64   `json:"latency_ms"`
}

// textOrB64 sets one of a record's text or base64 fields for b; inline
// false leaves both out.
func textOrB64(b []byte, inline bool, text **string, b64 *[]byte) {
	switch {
	case !inline:
	case utf8.Valid(b):
		s := string(b)
		*text = &s
	case len(b) > 0:
		*b64 = b
	}
}

// EncodeBatch writes the JSON Lines input of a batch scorer.
func EncodeBatch(samples []*Sample) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, s := range samples {
		r := batchRecord{UID: s.UID, Hotkey: s.Hotkey, LatencyMS: s.Latency.Milliseconds()}
		textOrB64(s.Challenge, len(s.Challenge) <= envInline, &r.Challenge, &r.ChallengeB64)
		textOrB64(s.Response, true, &r.Response, &r.ResponseB64)
		textOrB64(s.Expected, len(s.Expected) <= envInline, &r.Expected, &r.ExpectedB64)
		if err := enc.Encode(&r); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// ParseBatch reads a batch scorer's output for n records (see
// BatchCommandScorer).
func ParseBatch(out []byte, n int) ([]BatchResult, error) {
	lines := strings.Split(string(out), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) > n {
		return nil, fmt.Errorf("%w: printed %d lines for %d records", ErrScorer, len(lines), n)
	}
	res := make([]BatchResult, n)
	for i := range res {
		if i >= len(lines) {
			res[i].Err = fmt.Errorf("%w: printed %d lines for %d records, none for record %d", ErrScorer, len(lines), n, i+1)
			continue
		}
		q, err := ParseScore([]byte(lines[i]))
		if err != nil {
			res[i].Err = fmt.Errorf("line %d: %w", i+1, err)
			continue
		}
		res[i].Quality = q
	}
	return res, nil
}

// ScoreBatch implements BatchScorer.
func (c *BatchCommandScorer) ScoreBatch(ctx context.Context, samples []*Sample) ([]BatchResult, error) {
	if len(samples) == 0 {
		return nil, nil
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	in, err := EncodeBatch(samples)
	if err != nil {
		return nil, fmt.Errorf("%w: encode records: %w", ErrScorer, err)
	}
	dir, err := os.MkdirTemp(c.Dir, "validate-score-")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrScorer, err)
	}
	defer os.RemoveAll(dir)
	first := samples[0]
	files := map[string][]byte{"challenge": first.Challenge, "expected": first.Expected}
	env := os.Environ()
	for _, k := range []string{"challenge", "expected"} {
		p := filepath.Join(dir, k)
		if err := os.WriteFile(p, files[k], 0o600); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrScorer, err)
		}
		env = append(env, "VALIDATE_"+strings.ToUpper(k)+"_FILE="+p)
		if v := files[k]; len(v) <= envInline && !bytes.ContainsRune(v, 0) {
			env = append(env, "VALIDATE_"+strings.ToUpper(k)+"="+string(v))
		}
	}
	env = append(env, "VALIDATE_COUNT="+strconv.Itoa(len(samples)))
	out, err := runShell(ctx, c.Command, timeout, env, in, 4096+1024*len(samples))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrScorer, err)
	}
	return ParseBatch(out, len(samples))
}
