package store

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// impl opens a fresh store of one implementation.
type impl struct {
	name string
	open func(t testing.TB, opts Options) Store
}

func boltOpener(t testing.TB, opts Options) Store {
	t.Helper()
	s, err := OpenBolt(filepath.Join(t.TempDir(), "state.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

var impls = []impl{
	{"memory", func(t testing.TB, opts Options) Store { return NewMemory(opts) }},
	{"bolt", boltOpener},
}

func mustCommit(t testing.TB, s Store, h uint64, b *Batch) Hash {
	t.Helper()
	root, err := s.Commit(h, b)
	if err != nil {
		t.Fatalf("commit %d: %v", h, err)
	}
	return root
}

type kv struct{ k, v string }

func collect(t testing.TB, r Reader, rg Range) []kv {
	t.Helper()
	var out []kv
	if err := r.Iterate(rg, func(k, v []byte) error {
		out = append(out, kv{string(k), string(v)})
		return nil
	}); err != nil {
		t.Fatalf("iterate: %v", err)
	}
	return out
}

func TestPrefixEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []byte
		want []byte
	}{
		{"empty", nil, nil},
		{"simple", []byte("ab"), []byte("ac")},
		{"carry", []byte{'a', 0xff}, []byte("b")},
		{"all ff", []byte{0xff, 0xff}, nil},
		{"zero", []byte{0}, []byte{1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := prefixEnd(tc.in); !bytes.Equal(got, tc.want) {
				t.Errorf("prefixEnd(%x) = %x, want %x", tc.in, got, tc.want)
			}
		})
	}
}

func TestEscKey(t *testing.T) {
	t.Parallel()
	keys := [][]byte{{0}, {0, 0}, {0, 1}, {0, 0xff}, {1}, []byte("a"), {'a', 0}, {'a', 0, 1}, {'a', 1}, []byte("ab"), {0xff}, {0xff, 0}}
	for _, k := range keys {
		for _, h := range []uint64{0, 1, 1 << 40, 1<<64 - 2} {
			raw := append(escKey(k), u64(h)...)
			gk, gh, ok := unescHistKey(raw)
			if !ok || !bytes.Equal(gk, k) || gh != h {
				t.Fatalf("round trip %x/%d: got %x/%d ok=%v", k, h, gk, gh, ok)
			}
		}
	}
	// order of records: by key, then by height
	var recs [][]byte
	for _, k := range keys {
		for _, h := range []uint64{0, 7, 1<<64 - 2} {
			recs = append(recs, append(escKey(k), u64(h)...))
		}
	}
	sorted := slices.Clone(recs)
	slices.SortFunc(sorted, bytes.Compare)
	want := slices.Clone(recs)
	slices.SortStableFunc(want, func(a, b []byte) int {
		ka, ha, _ := unescHistKey(a)
		kb, hb, _ := unescHistKey(b)
		if c := bytes.Compare(ka, kb); c != 0 {
			return c
		}
		return int(ha>>1) - int(hb>>1)
	})
	for i := range sorted {
		if !bytes.Equal(sorted[i], want[i]) {
			t.Fatalf("history record order differs at %d: %x vs %x", i, sorted[i], want[i])
		}
	}
	for _, bad := range [][]byte{nil, {0, 1}, append([]byte{'a', 0, 2}, u64(1)...), append([]byte{'a'}, u64(1)...), append([]byte{0, 1, 'x'}, u64(1)...)} {
		if _, _, ok := unescHistKey(bad); ok {
			t.Errorf("unescHistKey(%x) ok, want failure", bad)
		}
	}
}

func TestNextOldest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                    string
		oldest, h, retain, want uint64
	}{
		{"archive", 0, 100, 0, 0},
		{"window not full", 0, 3, 5, 0},
		{"window full", 0, 5, 5, 1},
		{"slides", 10, 15, 5, 11},
		{"retain 1", 9, 10, 1, 10},
		{"bounded catch-up", 0, 1000, 10, maxPrunePerCommit},
		{"never backwards", 50, 51, 100, 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := nextOldest(tc.oldest, tc.h, tc.retain); got != tc.want {
				t.Errorf("nextOldest(%d,%d,%d) = %d, want %d", tc.oldest, tc.h, tc.retain, got, tc.want)
			}
		})
	}
}

func TestBatchErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fill func(b *Batch)
		want error
	}{
		{"empty key", func(b *Batch) { b.Set(nil, []byte("x")) }, ErrEmptyKey},
		{"empty key delete", func(b *Batch) { b.Delete([]byte{}) }, ErrEmptyKey},
		{"key too large", func(b *Batch) { b.Set(make([]byte, MaxKeyLen+1), nil) }, ErrKeyTooLarge},
		{"value too large", func(b *Batch) { b.Set([]byte("k"), make([]byte, MaxValueLen+1)) }, ErrValueTooLarge},
		{"sticky after good writes", func(b *Batch) { b.Set([]byte("a"), nil); b.Set(nil, nil); b.Set([]byte("b"), nil) }, ErrEmptyKey},
		{"max sizes ok", func(b *Batch) { b.Set(bytes.Repeat([]byte{1}, MaxKeyLen), []byte("v")) }, nil},
	}
	for _, im := range impls {
		for _, tc := range tests {
			t.Run(im.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				s := im.open(t, Options{})
				b := NewBatch()
				tc.fill(b)
				_, err := s.Commit(1, b)
				if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
					t.Fatalf("commit: %v, want %v", err, tc.want)
				}
				wantH := uint64(0)
				if tc.want == nil {
					wantH = 1
				} else if s.Root() != EmptyRoot() {
					t.Fatal("failed commit changed the root")
				}
				if s.Height() != wantH {
					t.Fatalf("height %d, want %d", s.Height(), wantH)
				}
			})
		}
	}
}

func TestBasics(t *testing.T) {
	t.Parallel()
	for _, im := range impls {
		t.Run(im.name, func(t *testing.T) {
			t.Parallel()
			s := im.open(t, Options{Retain: 3})
			if s.Height() != 0 || s.Root() != EmptyRoot() {
				t.Fatalf("fresh store: height %d root %x", s.Height(), s.Root())
			}
			b := NewBatch()
			b.Set([]byte("a"), []byte("1"))
			b.Set([]byte("b"), nil) // empty value: present
			b.Set([]byte("c"), []byte("3"))
			b.Delete([]byte("c")) // last write wins
			b.Delete([]byte("zz"))
			b.Set([]byte("p/1"), []byte("x"))
			b.Set([]byte("p/2"), []byte("y"))
			b.Set([]byte("p0"), []byte("z"))
			r1 := mustCommit(t, s, 1, b)
			if r1 != s.Root() || r1 == EmptyRoot() {
				t.Fatalf("root %x, store root %x", r1, s.Root())
			}
			if v, ok, err := s.Get([]byte("b")); err != nil || !ok || v == nil || len(v) != 0 {
				t.Fatalf("empty value: %q %v %v (want non-nil empty, present)", v, ok, err)
			}
			if _, ok, _ := s.Get([]byte("c")); ok {
				t.Fatal("deleted key present")
			}
			if _, ok, _ := s.Get(nil); ok {
				t.Fatal("empty key present")
			}
			v, _, _ := s.Get([]byte("a"))
			v[0] = 'X' // Get returns a copy
			if v2, _, _ := s.Get([]byte("a")); string(v2) != "1" {
				t.Fatal("Get did not copy")
			}
			if got, want := collect(t, s, Prefix([]byte("p/"))), []kv{{"p/1", "x"}, {"p/2", "y"}}; !slices.Equal(got, want) {
				t.Fatalf("prefix: %v", got)
			}
			if got, want := collect(t, s, Range{Start: []byte("b"), End: []byte("p0"), Reverse: true}), []kv{{"p/2", "y"}, {"p/1", "x"}, {"b", ""}}; !slices.Equal(got, want) {
				t.Fatalf("reverse range: %v", got)
			}
			for _, r := range []Range{All, {Reverse: true}} {
				if err := s.Iterate(r, func(k, v []byte) error {
					if v == nil {
						t.Errorf("Iterate gave a nil value for %q", k)
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			stop := errors.New("stop")
			n := 0
			if err := s.Iterate(All, func(k, v []byte) error { n++; return stop }); err != stop || n != 1 {
				t.Fatalf("stop: %v after %d", err, n)
			}

			// an identical rewrite and an empty batch keep the root
			b.Reset()
			b.Set([]byte("a"), []byte("1"))
			if r2 := mustCommit(t, s, 2, b); r2 != r1 {
				t.Fatal("no-op commit changed the root")
			}
			if r3 := mustCommit(t, s, 3, nil); r3 != r1 {
				t.Fatal("empty commit changed the root")
			}
			// empty value differs from absent
			b.Reset()
			b.Delete([]byte("b"))
			r4 := mustCommit(t, s, 4, b)
			if r4 == r1 {
				t.Fatal("deleting an empty value kept the root")
			}
			if _, err := s.Commit(4, nil); !errors.Is(err, ErrHeightMismatch) {
				t.Fatalf("recommit: %v", err)
			}
			if _, err := s.Commit(6, nil); !errors.Is(err, ErrHeightMismatch) {
				t.Fatalf("skip: %v", err)
			}
			// history: retain 3 at height 4 -> heights 2..4
			if s.Oldest() != 2 {
				t.Fatalf("oldest %d", s.Oldest())
			}
			if _, err := s.At(1); !errors.Is(err, ErrPruned) {
				t.Fatalf("At(1): %v", err)
			}
			if _, err := s.At(5); !errors.Is(err, ErrFutureHeight) {
				t.Fatalf("At(5): %v", err)
			}
			snap, err := s.At(3)
			if err != nil {
				t.Fatal(err)
			}
			if snap.Height() != 3 || snap.Root() != r1 {
				t.Fatalf("At(3): height %d root %x", snap.Height(), snap.Root())
			}
			if _, ok, _ := snap.Get([]byte("b")); !ok {
				t.Fatal("At(3) lost b")
			}
			if got, err := RecomputeRoot(snap); err != nil || got != r1 {
				t.Fatalf("recompute At(3): %x %v", got, err)
			}
			snap.Release()
			snap.Release()
			if _, _, err := snap.Get([]byte("a")); !errors.Is(err, ErrReleased) {
				t.Fatalf("released get: %v", err)
			}
			if err := snap.Iterate(All, func(k, v []byte) error { return nil }); !errors.Is(err, ErrReleased) {
				t.Fatalf("released iterate: %v", err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatalf("second close: %v", err)
			}
			if _, _, err := s.Get([]byte("a")); !errors.Is(err, ErrClosed) {
				t.Fatalf("get after close: %v", err)
			}
			if _, err := s.Commit(5, nil); !errors.Is(err, ErrClosed) {
				t.Fatalf("commit after close: %v", err)
			}
			if _, err := s.At(4); !errors.Is(err, ErrClosed) {
				t.Fatalf("At after close: %v", err)
			}
		})
	}
}

func TestEmptyRootIsKnown(t *testing.T) {
	t.Parallel()
	s := NewMemory(Options{})
	got, err := RecomputeRoot(s)
	if err != nil || got != EmptyRoot() {
		t.Fatalf("recompute empty: %x %v", got, err)
	}
}

func TestBoltReopen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := OpenBolt(path, Options{Retain: 10})
	if err != nil {
		t.Fatal(err)
	}
	var roots []Hash
	b := NewBatch()
	for h := uint64(1); h <= 5; h++ {
		b.Reset()
		b.Set(fmt.Appendf(nil, "k%d", h), fmt.Appendf(nil, "v%d", h))
		roots = append(roots, mustCommit(t, s, h, b))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if s, err = OpenBolt(path, Options{Retain: 10}); err != nil {
			t.Fatal(err)
		}
		if s.Height() != h || s.Root() != roots[h-1] {
			t.Fatalf("reopen at %d: height %d root %x", h, s.Height(), s.Root())
		}
	}
	for h := uint64(1); h <= 5; h++ {
		snap, err := s.At(h)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := RecomputeRoot(snap); got != roots[h-1] || snap.Root() != got {
			t.Fatalf("height %d: recomputed %x, recorded %x", h, got, snap.Root())
		}
		snap.Release()
	}
	_ = s.Close()
	if _, err := OpenBolt(filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"), Options{}); err == nil {
		t.Fatal("open in a missing directory succeeded")
	}
}

// TestConcurrentReads runs readers on snapshots while commits proceed; run
// under -race.
func TestConcurrentReads(t *testing.T) {
	t.Parallel()
	for _, im := range impls {
		t.Run(im.name, func(t *testing.T) {
			t.Parallel()
			s := im.open(t, Options{Retain: 8, NoSync: true})
			var wg sync.WaitGroup
			done := make(chan struct{})
			errc := make(chan error, 4)
			for range 2 {
				wg.Go(func() {
					for {
						select {
						case <-done:
							return
						default:
						}
						snap, err := s.Snapshot()
						if err != nil {
							errc <- err
							return
						}
						got, err := RecomputeRoot(snap)
						if err == nil && got != snap.Root() {
							err = fmt.Errorf("height %d: recomputed %x, snapshot root %x", snap.Height(), got, snap.Root())
						}
						h := snap.Height()
						// Release before the next snapshot: with bbolt, a goroutine must
						// never hold two read transactions at once (see BoltStore).
						snap.Release()
						if err == nil && h > 2 {
							var old Snapshot
							if old, err = s.At(h - 1); err == nil {
								if _, _, err = old.Get([]byte("key-1")); err == nil {
									_, err = RecomputeRoot(old)
								}
								old.Release()
							} else if errors.Is(err, ErrPruned) {
								err = nil
							}
						}
						if err != nil {
							errc <- err
							return
						}
					}
				})
			}
			b := NewBatch()
			for h := uint64(1); h <= 60; h++ {
				b.Reset()
				for i := range 20 {
					b.Set(fmt.Appendf(nil, "key-%d", (int(h)*7+i*13)%97), fmt.Appendf(nil, "%d", h))
				}
				mustCommit(t, s, h, b)
			}
			close(done)
			wg.Wait()
			close(errc)
			for err := range errc {
				t.Fatal(err)
			}
		})
	}
}
