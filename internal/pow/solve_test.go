package pow

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// firstValid is the reference: a plain scan from p.StartNonce.
func firstValid(t *testing.T, p Problem) uint64 {
	t.Helper()
	w := NewWork(p)
	for n := p.StartNonce; ; n++ {
		if w.Meets(w.Seal(n)) {
			return n
		}
		if n == math.MaxUint64 {
			t.Fatal("reference scan wrapped")
		}
	}
}

func randomProblem(r *rand.Rand) Problem {
	var p Problem
	for i := range p.BlockHash {
		p.BlockHash[i] = byte(r.Uint32())
		p.Hotkey[i] = byte(r.Uint32())
	}
	p.Difficulty = 20 + r.Uint64N(600)
	p.StartNonce = r.Uint64N(1 << 40)
	if r.IntN(4) == 0 {
		p.StartNonce = math.MaxUint64 - 1<<20 // near the top of the nonce space
	}
	if r.IntN(2) == 0 {
		p.Order = BigEndian
	}
	return p
}

func TestSolveDeterministic(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 12))
	configs := []Options{
		{Threads: 1, ChunkSize: 1 << 16},
		{Threads: 1, ChunkSize: 1},
		{Threads: 2, ChunkSize: 7},
		{Threads: 3, ChunkSize: 64},
		{Threads: 8, ChunkSize: 13},
		{Threads: 4},
	}
	for i := 0; i < 30; i++ {
		p := randomProblem(r)
		want := firstValid(t, p)
		for _, o := range configs {
			sol, err := Solve(t.Context(), p, o)
			if err != nil {
				t.Fatalf("problem %d %+v threads=%d chunk=%d: %v", i, p, o.Threads, o.ChunkSize, err)
			}
			if sol.Nonce != want {
				t.Fatalf("problem %d threads=%d chunk=%d: nonce %d, want %d", i, o.Threads, o.ChunkSize, sol.Nonce, want)
			}
			if sol.Seal != Seal(p.BlockHash, p.Hotkey, want) || sol.Problem != p {
				t.Fatalf("problem %d: wrong seal or problem in solution", i)
			}
			if sol.Hashes < want-p.StartNonce+1 {
				t.Fatalf("problem %d: Hashes %d below the %d nonces up to the solution", i, sol.Hashes, want-p.StartNonce+1)
			}
			if err := Verify(p, sol.Nonce, sol.Seal); err != nil {
				t.Fatalf("problem %d: Verify: %v", i, err)
			}
		}
	}
}

func TestSolveCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Solve(ctx, Problem{Difficulty: math.MaxUint64}, Options{Threads: 2})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("cancellation took %v", d)
	}
}

func TestSolveNoSolution(t *testing.T) {
	t.Parallel()
	var last Progress
	p := Problem{Difficulty: math.MaxUint64, StartNonce: math.MaxUint64 - 99}
	_, err := Solve(t.Context(), p, Options{Threads: 3, ChunkSize: 7, Progress: func(pr Progress) { last = pr }})
	if !errors.Is(err, ErrNoSolution) {
		t.Fatalf("err = %v, want ErrNoSolution", err)
	}
	if !last.Final || last.Hashes != 100 {
		t.Fatalf("final progress %+v, want Final and 100 hashes (nonces up to 2⁶⁴−1)", last)
	}
}

func TestSolveOptions(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{{Threads: -1}, {ChunkSize: MaxChunkSize + 1}, {ProgressInterval: -1}} {
		if _, err := Solve(t.Context(), Problem{}, o); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("options %+v: err = %v, want ErrInvalidOptions", o, err)
		}
	}
	// Difficulty 0 and 1: the start nonce itself.
	for _, d := range []uint64{0, 1} {
		sol, err := Solve(t.Context(), Problem{Difficulty: d, StartNonce: 42}, Options{})
		if err != nil || sol.Nonce != 42 {
			t.Errorf("difficulty %d: %d, %v; want 42", d, sol.Nonce, err)
		}
	}
}

// funcBackend is a Backend from a function, for orchestration tests.
type funcBackend func(ctx context.Context, w *Work, r NonceRange) (SearchResult, error)

func (funcBackend) Name() string { return "test" }
func (f funcBackend) Search(ctx context.Context, w *Work, r NonceRange) (SearchResult, error) {
	return f(ctx, w, r)
}

func TestSolveBackendError(t *testing.T) {
	t.Parallel()
	errDevice := errors.New("device lost")
	b := funcBackend(func(ctx context.Context, w *Work, r NonceRange) (SearchResult, error) {
		if r.Start >= 30 {
			return SearchResult{}, errDevice
		}
		return SearchResult{Hashes: r.Count}, nil
	})
	_, err := Solve(t.Context(), Problem{Difficulty: 10}, Options{Threads: 2, ChunkSize: 10, Backend: b})
	if !errors.Is(err, errDevice) {
		t.Fatalf("err = %v, want the backend's error", err)
	}
}

// When the context is cancelled, a solution is still returned if every
// chunk below it was fully searched, and not otherwise.
func TestSolveCancelProvenSolution(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		foundIn   uint64 // chunk whose search finds a solution and cancels
		wantFound bool
	}{
		{"solution below the abandoned chunk", 0, true},
		{"solution above the abandoned chunk", 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			b := funcBackend(func(ctx context.Context, w *Work, r NonceRange) (SearchResult, error) {
				if r.Start/10 == tc.foundIn {
					cancel()
					return SearchResult{Found: true, Nonce: r.Start + 3, Hashes: 4}, nil
				}
				<-ctx.Done() // every other chunk is abandoned
				return SearchResult{}, ctx.Err()
			})
			sol, err := Solve(ctx, Problem{Difficulty: 10}, Options{Threads: 2, ChunkSize: 10, Backend: b})
			if tc.wantFound {
				if err != nil || sol.Nonce != tc.foundIn*10+3 {
					t.Fatalf("got %d, %v; want nonce %d", sol.Nonce, err, tc.foundIn*10+3)
				}
				return
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled (nonce %d not proven smallest)", err, sol.Nonce)
			}
		})
	}
}

func TestSolveProgress(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	var mu sync.Mutex
	var reports []Progress
	p := Problem{Hotkey: aliceHotkey, Difficulty: math.MaxUint64}
	_, err := Solve(ctx, p, Options{Threads: 2, ChunkSize: 512, ProgressInterval: 20 * time.Millisecond,
		Progress: func(pr Progress) {
			mu.Lock()
			reports = append(reports, pr)
			mu.Unlock()
		}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reports) < 3 {
		t.Fatalf("%d progress reports, want several", len(reports))
	}
	for i, pr := range reports {
		if i > 0 && pr.Hashes < reports[i-1].Hashes {
			t.Fatalf("hashes went down: %d then %d", reports[i-1].Hashes, pr.Hashes)
		}
		if pr.Final != (i == len(reports)-1) {
			t.Fatalf("report %d Final = %v", i, pr.Final)
		}
		if pr.Backend != "cpu" || pr.Difficulty != p.Difficulty {
			t.Fatalf("report %d: %+v", i, pr)
		}
	}
	last := reports[len(reports)-1]
	if last.Hashes == 0 || last.Rate <= 0 || last.BestDifficulty == 0 {
		t.Fatalf("final report %+v", last)
	}
	w := NewWork(p)
	if w.Seal(last.BestNonce) != last.BestSeal || MaxDifficulty(last.BestSeal, p.Order) != last.BestDifficulty {
		t.Fatalf("best nonce/seal/difficulty inconsistent: %+v", last)
	}
	// The best seal is the minimum over everything hashed (nonces from 0).
	for n := uint64(0); n < 2000; n++ {
		if SealValue(w.Seal(n), p.Order).Cmp(SealValue(last.BestSeal, p.Order)) < 0 {
			t.Fatalf("nonce %d has a smaller seal than the reported best", n)
		}
	}
}

func TestSolveUpdates(t *testing.T) {
	t.Parallel()
	hard := Problem{Hotkey: aliceHotkey, Difficulty: math.MaxUint64}
	easy := Problem{Hotkey: aliceHotkey, BlockHash: [32]byte{1}, Difficulty: 300, StartNonce: 1000}
	updates := make(chan Problem)
	go func() {
		time.Sleep(30 * time.Millisecond)
		updates <- easy
		close(updates)
	}()
	sol, err := SolveUpdates(t.Context(), hard, updates, Options{Threads: 2, ChunkSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Problem != easy || sol.Nonce != firstValid(t, easy) {
		t.Fatalf("solution %+v, want the first valid nonce of the updated problem", sol)
	}
	// A nil channel: plain Solve.
	sol2, err := SolveUpdates(t.Context(), easy, nil, Options{Threads: 2})
	if err != nil || sol2.Nonce != sol.Nonce {
		t.Fatalf("nil updates: %d, %v", sol2.Nonce, err)
	}
	// Cancelling the parent ends it.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if _, err := SolveUpdates(ctx, hard, make(chan Problem), Options{Threads: 2}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
}

func TestCPUSearch(t *testing.T) {
	t.Parallel()
	w := NewWork(Problem{Hotkey: aliceHotkey, Difficulty: 1000, Order: BigEndian})
	var c CPU
	for _, r := range []NonceRange{{Start: 0, Count: 0}, {Start: math.MaxUint64, Count: 2}} {
		if _, err := c.Search(t.Context(), w, r); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("range %+v: err = %v, want ErrInvalidRange", r, err)
		}
	}
	res, err := c.Search(t.Context(), w, NonceRange{Start: 0, Count: 1538})
	if err != nil || res.Found || res.Hashes != 1538 {
		t.Fatalf("below the solution: %+v, %v", res, err)
	}
	res, err = c.Search(t.Context(), w, NonceRange{Start: 1000, Count: 10000})
	if err != nil || !res.Found || res.Nonce != 1538 || res.Hashes != 539 {
		t.Fatalf("range with the solution: %+v, %v", res, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	w2 := NewWork(Problem{Difficulty: math.MaxUint64})
	res, err = c.Search(ctx, w2, NonceRange{Start: 0, Count: 1 << 30})
	if !errors.Is(err, context.Canceled) || res.Hashes > cancelCheckInterval {
		t.Fatalf("cancelled search: %+v, %v", res, err)
	}
	if c.Name() != "cpu" || c.DefaultChunkSize() != DefaultChunkSize || c.DefaultThreads() != 0 {
		t.Fatal("CPU tuner values")
	}
}
