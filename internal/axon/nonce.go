package axon

import (
	"sync"
	"time"

	"github.com/taokit/taokit/internal/keys"
)

// nonceKey identifies a caller instance (bittensor's "{hotkey}:{uuid}").
type nonceKey struct {
	hotkey keys.AccountID
	uuid   string
}

type nonceEntry struct {
	nonce uint64
	seen  time.Time
}

// NonceTracker enforces nonce freshness and strict monotonicity per
// (caller hotkey, uuid). It is safe for concurrent use.
type NonceTracker struct {
	// AllowedDelta is the clock skew tolerated either way (bittensor's
	// ALLOWED_DELTA, 4 s).
	AllowedDelta time.Duration
	// Retain bounds how long an idle caller is remembered; it must exceed
	// AllowedDelta plus the longest request timeout, so a forgotten nonce
	// could only be replayed after it went stale.
	Retain time.Duration

	mu      sync.Mutex
	last    map[nonceKey]nonceEntry
	checks  int
	lastGC  time.Time
	gcEvery int
}

// NewNonceTracker returns a tracker with the given skew allowance and memory.
func NewNonceTracker(allowedDelta, retain time.Duration) *NonceTracker {
	return &NonceTracker{AllowedDelta: allowedDelta, Retain: retain, last: map[nonceKey]nonceEntry{}, gcEvery: 1024}
}

// Check accepts nonce from (hotkey, uuid) at time now for a request with
// the given timeout, recording it, or returns the refusal reason
// (ReasonStaleNonce, ReasonFutureNonce, ReasonReplayedNonce).
func (t *NonceTracker) Check(hotkey keys.AccountID, uuid string, nonce uint64, timeout time.Duration, now time.Time) (string, bool) {
	ns := now.UnixNano()
	if ns < 0 {
		ns = 0
	}
	if nonce > uint64(ns)+uint64(t.AllowedDelta) {
		return ReasonFutureNonce, false
	}
	oldest := ns - int64(t.AllowedDelta) - int64(timeout)
	k := nonceKey{hotkey, uuid}
	t.mu.Lock()
	defer t.mu.Unlock()
	prev, known := t.last[k]
	switch {
	case oldest > 0 && nonce < uint64(oldest):
		return ReasonStaleNonce, false
	case known && nonce <= prev.nonce:
		return ReasonReplayedNonce, false
	}
	t.last[k] = nonceEntry{nonce: nonce, seen: now}
	t.checks++
	if t.checks%t.gcEvery == 0 || now.Sub(t.lastGC) > t.Retain {
		t.gc(now)
	}
	return "", true
}

// gc forgets callers idle for longer than Retain: any nonce they recorded is
// older than now − Retain, which the freshness check refuses anyway.
func (t *NonceTracker) gc(now time.Time) {
	t.lastGC = now
	for k, e := range t.last {
		if now.Sub(e.seen) > t.Retain && int64(e.nonce) < now.Add(-t.Retain).UnixNano() {
			delete(t.last, k)
		}
	}
}

// Len returns the number of callers remembered.
func (t *NonceTracker) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.last)
}
