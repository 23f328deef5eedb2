package pow

import (
	"context"
	"fmt"
	"math"
)

// Work is a Problem prepared for searching: the block-and-hotkey hash and
// the difficulty threshold are computed once. It is immutable and safe for
// concurrent use.
type Work struct {
	Problem Problem
	// BlockHotkey is Keccak-256(BlockHash ‖ Hotkey), the last 32 bytes of
	// every 40-byte SHA-256 input.
	BlockHotkey [32]byte
	// Threshold is ⌊(2²⁵⁶−1)/Difficulty⌋: a seal passes iff its value in
	// Problem.Order is ≤ Threshold.
	Threshold U256
}

// NewWork prepares p for searching.
func NewWork(p Problem) *Work {
	return &Work{
		Problem:     p,
		BlockHotkey: BlockHotkeyHash(p.BlockHash, p.Hotkey),
		Threshold:   Threshold(p.Difficulty),
	}
}

// Seal returns the seal of nonce for this work's problem.
func (w *Work) Seal(nonce uint64) [32]byte {
	return SealFromBlockHotkey(w.BlockHotkey, nonce)
}

// Meets reports whether seal meets the problem's difficulty in its order.
func (w *Work) Meets(seal [32]byte) bool {
	return SealValue(seal, w.Problem.Order).Cmp(w.Threshold) <= 0
}

// NonceRange is the nonces Start, Start+1, …, Start+Count−1. Count is at
// least 1 and the range does not wrap past 2⁶⁴−1.
type NonceRange struct {
	Start uint64
	Count uint64
}

// Last returns the last nonce of the range.
func (r NonceRange) Last() uint64 { return r.Start + r.Count - 1 }

// Validate returns ErrInvalidRange (wrapped) for an empty or wrapping range.
func (r NonceRange) Validate() error {
	if r.Count == 0 || r.Count-1 > math.MaxUint64-r.Start {
		return fmt.Errorf("nonce range start %d count %d: %w", r.Start, r.Count, ErrInvalidRange)
	}
	return nil
}

// SearchResult is what a Backend found in one NonceRange.
type SearchResult struct {
	// Found is true when Nonce is the smallest nonce of the range whose
	// seal meets the difficulty; Seal is that seal.
	Found bool
	Nonce uint64
	Seal  [32]byte
	// Hashes is the number of nonces examined, from r.Start up to the
	// solution or the end of the range (a backend that hashes whole
	// batches may report the seals it computed, which can be more).
	Hashes uint64
	// BestNonce and BestSeal are the nonce with the smallest seal value
	// among those computed (valid when Hashes > 0), for progress reports.
	BestNonce uint64
	BestSeal  [32]byte
}

// Backend hashes nonce ranges. Solve calls Search concurrently from
// Options.Threads goroutines, with disjoint ranges, so implementations must
// be safe for concurrent use.
//
// Search must return the smallest valid nonce in r (SearchResult.Found), or
// Found false after checking every nonce of r. It may stop early only for
// that reason or when ctx is done, in which case it returns an error
// wrapping ctx.Err(). A GPU backend meets the "smallest" contract by taking
// the minimum over all valid nonces of the launch, not the first one a
// thread happens to report.
type Backend interface {
	// Name identifies the backend in logs and progress, e.g. "cpu".
	Name() string
	// Search scans r for w's problem.
	Search(ctx context.Context, w *Work, r NonceRange) (SearchResult, error)
}

// Tuner is an optional Backend interface. Solve uses its values when
// Options leaves Threads or ChunkSize zero: a GPU backend wants one or two
// host goroutines and ranges of many millions of nonces, the CPU backend
// one goroutine per core and short ranges.
type Tuner interface {
	DefaultThreads() int
	DefaultChunkSize() uint64
}

// CPU is the portable Backend. On amd64 (without the purego tag) it uses
// SHA-NI for SHA-256 and AVX-512 for Keccak-f[1600], eight nonces at a time,
// when the CPU has them; otherwise crypto/sha256 and a generated Go
// Keccak-f[1600] specialised for one 32-byte block. Every path gives the
// same results. Its zero value is ready to use.
type CPU struct{}

var _ Backend = CPU{}

// Name returns "cpu".
func (CPU) Name() string { return "cpu" }

// cancelCheckInterval sets how often Search polls ctx: every 4096 nonces,
// about 1.5 ms on one core.
const cancelCheckInterval = 1 << 12

// Search scans r in nonce order on the calling goroutine. With AVX-512 it
// hashes eight consecutive nonces per step and checks the eight seals in
// nonce order, so the result is the same as one at a time.
func (CPU) Search(ctx context.Context, w *Work, r NonceRange) (SearchResult, error) {
	if err := r.Validate(); err != nil {
		return SearchResult{}, err
	}
	sc := newScan(w)
	if hasKeccak8 {
		return sc.search8(ctx, r)
	}
	return sc.search1(ctx, r)
}

// scan is the state of one CPU Search.
type scan struct {
	s         sealer
	order     Endian
	threshold U256
	best      U256
	bestWords [4]uint64
	res       SearchResult
}

func newScan(w *Work) *scan {
	sc := &scan{order: w.Problem.Order, threshold: w.Threshold, best: maxU256}
	sc.s.init(w.BlockHotkey)
	return sc
}

// check records nonce's seal words as a candidate best and reports whether
// the seal meets the threshold.
func (sc *scan) check(nonce, o0, o1, o2, o3 uint64) bool {
	v := wordsValue(o0, o1, o2, o3, sc.order)
	if v[3] <= sc.best[3] && (sc.res.Hashes == 0 || v.Cmp(sc.best) < 0) {
		sc.best = v
		sc.bestWords = [4]uint64{o0, o1, o2, o3}
		sc.res.BestNonce = nonce
	}
	sc.res.Hashes++
	if v[3] <= sc.threshold[3] && v.Cmp(sc.threshold) <= 0 {
		sc.res.Found = true
		sc.res.Nonce = nonce
		sc.res.Seal = sealBytes(o0, o1, o2, o3)
		return true
	}
	return false
}

func (sc *scan) result() SearchResult {
	if sc.res.Hashes > 0 {
		w := sc.bestWords
		sc.res.BestSeal = sealBytes(w[0], w[1], w[2], w[3])
	}
	return sc.res
}

func (sc *scan) cancelled(ctx context.Context, r NonceRange) error {
	select {
	case <-ctx.Done():
		return fmt.Errorf("search nonces from %d: %w", r.Start, ctx.Err())
	default:
		return nil
	}
}

// search1 hashes one nonce at a time.
func (sc *scan) search1(ctx context.Context, r NonceRange) (SearchResult, error) {
	nonce := r.Start
	for i := uint64(0); i < r.Count; i, nonce = i+1, nonce+1 {
		if i%cancelCheckInterval == cancelCheckInterval-1 {
			if err := sc.cancelled(ctx, r); err != nil {
				return sc.result(), err
			}
		}
		o0, o1, o2, o3 := sc.s.words(nonce)
		if sc.check(nonce, o0, o1, o2, o3) {
			break
		}
	}
	return sc.result(), nil
}

// search8 hashes eight nonces per keccak256x32x8 call and the remainder of
// the range one at a time.
func (sc *scan) search8(ctx context.Context, r NonceRange) (SearchResult, error) {
	var in, out [4][8]uint64
	nonce := r.Start
	i := uint64(0)
	for ; r.Count-i >= 8; i, nonce = i+8, nonce+8 {
		if i%cancelCheckInterval == cancelCheckInterval-8 {
			if err := sc.cancelled(ctx, r); err != nil {
				return sc.result(), err
			}
		}
		sc.s.blk.digestWords8(nonce, &in)
		keccak256x32x8(&in, &out)
		for j := uint64(0); j < 8; j++ {
			if sc.check(nonce+j, out[0][j], out[1][j], out[2][j], out[3][j]) {
				return sc.result(), nil
			}
		}
	}
	for ; i < r.Count; i, nonce = i+1, nonce+1 {
		o0, o1, o2, o3 := sc.s.words(nonce)
		if sc.check(nonce, o0, o1, o2, o3) {
			break
		}
	}
	return sc.result(), nil
}

// DefaultThreads returns 0: Solve then uses runtime.NumCPU().
func (CPU) DefaultThreads() int { return 0 }

// DefaultChunkSize returns DefaultChunkSize.
func (CPU) DefaultChunkSize() uint64 { return DefaultChunkSize }
