package pow

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultChunkSize is the number of nonces a CPU thread claims at a time:
// about 25 ms of work per core, so after a solution is found the other
// threads stop within that time.
const DefaultChunkSize = 1 << 16

// MaxChunkSize is the largest Options.ChunkSize accepted.
const MaxChunkSize = 1 << 48

// DefaultProgressInterval is how often Solve calls Options.Progress when
// Options.ProgressInterval is zero.
const DefaultProgressInterval = time.Second

// Problem is one proof-of-work registration puzzle.
type Problem struct {
	// BlockHash is the hash of the block the work is for.
	BlockHash [32]byte
	// Hotkey is the raw 32-byte public key being registered (the coldkey
	// for the faucet).
	Hotkey [32]byte
	// Difficulty is the chain's u64 difficulty; about Difficulty hashes are
	// needed per solution. 0 and 1 accept every seal.
	Difficulty uint64
	// StartNonce is the first nonce tried.
	StartNonce uint64
	// Order is how seals are read as integers; the zero value is the
	// chain's LittleEndian rule.
	Order Endian
}

// Solution is the smallest valid nonce ≥ Problem.StartNonce.
type Solution struct {
	Nonce uint64
	Seal  [32]byte
	// Problem is the problem solved (with SolveUpdates, possibly not the
	// latest one received).
	Problem Problem
	// Hashes is the number of seals computed for this problem, by all
	// threads, including chunks above the solution that were in flight.
	Hashes uint64
}

// Progress is a snapshot of a running Solve.
type Progress struct {
	Backend    string
	Difficulty uint64
	// Hashes is the number of seals computed so far (updated per chunk).
	Hashes  uint64
	Elapsed time.Duration
	// Rate is Hashes/Elapsed in seals per second; InstantRate is the rate
	// since the previous report.
	Rate        float64
	InstantRate float64
	// BestNonce, BestSeal and BestDifficulty describe the seal with the
	// smallest value so far; BestDifficulty is MaxDifficulty(BestSeal), the
	// highest difficulty it would meet, which reaches Difficulty when a
	// solution exists. All zero until the first chunk finishes.
	BestNonce      uint64
	BestSeal       [32]byte
	BestDifficulty uint64
	// Final is true for the last report, sent once as Solve returns.
	Final bool
}

// Options tunes Solve. The zero value uses the CPU backend on all cores.
type Options struct {
	// Threads is the number of concurrent Backend.Search calls; 0 means the
	// backend's Tuner default, else runtime.NumCPU().
	Threads int
	// Backend searches nonce ranges; nil means CPU{}.
	Backend Backend
	// ChunkSize is the number of nonces per Search call; 0 means the
	// backend's Tuner default, else DefaultChunkSize. The result does not
	// depend on it.
	ChunkSize uint64
	// Progress, when set, is called from one goroutine (never
	// concurrently) every ProgressInterval and once more, with Final set,
	// before Solve returns. It must not block for long.
	Progress         func(Progress)
	ProgressInterval time.Duration
}

func (o Options) resolve() (Options, error) {
	if o.Threads < 0 {
		return o, fmt.Errorf("threads %d: %w", o.Threads, ErrInvalidOptions)
	}
	if o.ProgressInterval < 0 {
		return o, fmt.Errorf("progress interval %v: %w", o.ProgressInterval, ErrInvalidOptions)
	}
	if o.Backend == nil {
		o.Backend = CPU{}
	}
	tuner, _ := o.Backend.(Tuner)
	if o.Threads == 0 && tuner != nil {
		o.Threads = tuner.DefaultThreads()
	}
	if o.Threads <= 0 {
		o.Threads = runtime.NumCPU()
	}
	if o.ChunkSize == 0 && tuner != nil {
		o.ChunkSize = tuner.DefaultChunkSize()
	}
	if o.ChunkSize == 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.ChunkSize > MaxChunkSize {
		return o, fmt.Errorf("chunk size %d above %d: %w", o.ChunkSize, uint64(MaxChunkSize), ErrInvalidOptions)
	}
	if o.ProgressInterval == 0 {
		o.ProgressInterval = DefaultProgressInterval
	}
	return o, nil
}

// noChunk marks "no chunk" in the solver's atomic chunk indices.
const noChunk = math.MaxUint64

// Solve returns the smallest nonce ≥ p.StartNonce whose seal meets
// p.Difficulty, searching with opts.Threads concurrent Backend.Search
// calls. The result does not depend on Threads, ChunkSize or timing. It
// returns ErrNoSolution when the nonce space above StartNonce holds no
// solution, an error wrapping ctx.Err() when cancelled before the smallest
// solution was established, and a backend's error otherwise.
func Solve(ctx context.Context, p Problem, opts Options) (Solution, error) {
	opts, err := opts.resolve()
	if err != nil {
		return Solution{}, err
	}
	s := &solveRun{
		work:      NewWork(p),
		opts:      opts,
		found:     noChunk,
		stopped:   noChunk,
		lastChunk: (math.MaxUint64 - p.StartNonce) / opts.ChunkSize,
		start:     time.Now(),
	}
	s.foundAt.Store(noChunk)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var wg sync.WaitGroup
	for range opts.Threads {
		wg.Go(func() { s.worker(ctx, cancel) })
	}
	var progDone chan struct{}
	if opts.Progress != nil {
		progDone = make(chan struct{})
		s.reportExit = make(chan struct{})
		go s.reportLoop(progDone)
	}
	wg.Wait()
	if progDone != nil {
		close(progDone)
		<-s.reportExit
	}
	if s.opts.Progress != nil {
		s.report(true)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	// A solution is the smallest only if no chunk below it was abandoned.
	if s.found != noChunk && s.found < s.stopped {
		sol := s.sol
		sol.Problem = p
		sol.Hashes = s.hashes.Load()
		return sol, nil
	}
	if s.err != nil {
		return Solution{}, fmt.Errorf("solve difficulty %d from nonce %d: %w", p.Difficulty, p.StartNonce, s.err)
	}
	if err := ctx.Err(); err != nil {
		return Solution{}, fmt.Errorf("solve difficulty %d from nonce %d: %w", p.Difficulty, p.StartNonce, err)
	}
	return Solution{}, fmt.Errorf("solve difficulty %d from nonce %d: %w", p.Difficulty, p.StartNonce, ErrNoSolution)
}

type solveRun struct {
	work      *Work
	opts      Options
	lastChunk uint64 // index of the last chunk in the nonce space
	start     time.Time

	next    atomic.Uint64 // next chunk index to claim
	foundAt atomic.Uint64 // lowest chunk with a solution, or noChunk
	hashes  atomic.Uint64

	mu      sync.Mutex
	found   uint64 // = foundAt, under mu
	sol     Solution
	stopped uint64 // lowest chunk abandoned before being fully scanned
	err     error  // first backend error (not cancellation)
	best    U256
	bestSet bool
	bestN   uint64
	bestS   [32]byte

	reportExit chan struct{}
	lastHashes uint64
	lastTime   time.Time
}

func (s *solveRun) worker(ctx context.Context, cancel context.CancelFunc) {
	for {
		if ctx.Err() != nil {
			return
		}
		k := s.next.Add(1) - 1
		if k > s.lastChunk || k > s.foundAt.Load() {
			return
		}
		start := s.work.Problem.StartNonce + k*s.opts.ChunkSize
		count := s.opts.ChunkSize
		if k == s.lastChunk {
			count = math.MaxUint64 - start + 1 // ≤ ChunkSize ≤ MaxChunkSize, never 0
		}
		res, err := s.opts.Backend.Search(ctx, s.work, NonceRange{Start: start, Count: count})
		s.hashes.Add(res.Hashes)
		s.mu.Lock()
		if res.Hashes > 0 {
			v := SealValue(res.BestSeal, s.work.Problem.Order)
			if !s.bestSet || v.Cmp(s.best) < 0 {
				s.best, s.bestSet, s.bestN, s.bestS = v, true, res.BestNonce, res.BestSeal
			}
		}
		if err != nil {
			if k < s.stopped {
				s.stopped = k
			}
			if s.err == nil && ctx.Err() == nil { // a failure, not a cancellation
				s.err = fmt.Errorf("%s backend: %w", s.opts.Backend.Name(), err)
			}
			s.mu.Unlock()
			cancel()
			return
		}
		if res.Found && k < s.found {
			s.found = k
			s.foundAt.Store(k)
			s.sol = Solution{Nonce: res.Nonce, Seal: res.Seal}
		}
		s.mu.Unlock()
	}
}

func (s *solveRun) reportLoop(done <-chan struct{}) {
	defer close(s.reportExit)
	t := time.NewTicker(s.opts.ProgressInterval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			s.report(false)
		}
	}
}

func (s *solveRun) report(final bool) {
	now := time.Now()
	h := s.hashes.Load()
	p := Progress{
		Backend:    s.opts.Backend.Name(),
		Difficulty: s.work.Problem.Difficulty,
		Hashes:     h,
		Elapsed:    now.Sub(s.start),
		Final:      final,
	}
	if sec := p.Elapsed.Seconds(); sec > 0 {
		p.Rate = float64(h) / sec
	}
	last := s.lastTime
	if last.IsZero() {
		last = s.start
	}
	if sec := now.Sub(last).Seconds(); sec > 0 {
		p.InstantRate = float64(h-s.lastHashes) / sec
	}
	s.lastHashes, s.lastTime = h, now
	s.mu.Lock()
	if s.bestSet {
		p.BestNonce, p.BestSeal = s.bestN, s.bestS
		p.BestDifficulty = maxDifficultyOf(s.best)
	}
	s.mu.Unlock()
	s.opts.Progress(p)
}

// SolveUpdates is Solve with restart semantics. It solves p; whenever a new
// problem arrives on updates (for instance the same hotkey on the new head
// block hash) it abandons the current search and starts the new problem
// from its StartNonce. It returns the first solution found, which names the
// problem it solves: that can be the previous one if its solution was found
// as the update arrived. A closed or nil updates channel just lets the
// current search finish.
func SolveUpdates(ctx context.Context, p Problem, updates <-chan Problem, opts Options) (Solution, error) {
	type result struct {
		sol Solution
		err error
	}
	for {
		ictx, cancel := context.WithCancel(ctx)
		done := make(chan result, 1)
		go func(p Problem) {
			sol, err := Solve(ictx, p, opts)
			done <- result{sol, err}
		}(p)
	wait:
		for {
			select {
			case r := <-done:
				cancel()
				return r.sol, r.err
			case np, ok := <-updates:
				if !ok {
					updates = nil
					continue
				}
				cancel()
				r := <-done
				if r.err == nil {
					// Found before the cancel took effect: still a valid
					// (smallest) solution of the old problem.
					return r.sol, nil
				}
				if ctx.Err() != nil {
					return Solution{}, r.err
				}
				if !errors.Is(r.err, context.Canceled) && !errors.Is(r.err, ErrNoSolution) {
					return Solution{}, r.err // a backend failure
				}
				p = np
				break wait
			}
		}
	}
}
