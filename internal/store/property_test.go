package store

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
)

// refState is the reference model: a plain map per height.
type refState map[string]string

func (r refState) sortedIn(rg Range) []kv {
	var out []kv
	for _, k := range slices.Sorted(maps.Keys(r)) {
		if inRange([]byte(k), rg.Start, rg.End) {
			out = append(out, kv{k, r[k]})
		}
	}
	if rg.Reverse {
		slices.Reverse(out)
	}
	return out
}

// propKeys is a key space with keys that are prefixes of each other and
// contain 0x00 and 0xff bytes, to stress the history key encoding.
func propKeys(rng *rand.Rand) [][]byte {
	keys := [][]byte{
		{0}, {0, 0}, {0, 1}, {0, 0xff}, {1}, []byte("a"), {'a', 0}, {'a', 0, 0}, {'a', 0, 1},
		{'a', 1}, []byte("ab"), []byte("abc"), []byte("b"), {0xff}, {0xff, 0xff}, {0xff, 0},
	}
	for range 24 {
		k := make([]byte, 1+rng.IntN(6))
		for i := range k {
			k[i] = byte(rng.IntN(4)) * 0x55 // 0x00, 0x55, 0xaa, 0xff
		}
		keys = append(keys, k)
	}
	return keys
}

func randRange(rng *rand.Rand, keys [][]byte) Range {
	var rg Range
	switch rng.IntN(4) {
	case 0: // all
	case 1:
		rg.Start = keys[rng.IntN(len(keys))]
	case 2:
		rg.End = keys[rng.IntN(len(keys))]
	default:
		a, b := keys[rng.IntN(len(keys))], keys[rng.IntN(len(keys))]
		if bytes.Compare(a, b) > 0 {
			a, b = b, a
		}
		rg.Start, rg.End = a, b
	}
	if rng.IntN(3) == 0 {
		rg = Prefix(keys[rng.IntN(len(keys))][:1])
	}
	rg.Reverse = rng.IntN(2) == 0
	return rg
}

// checkReader compares r against the reference state want.
func checkReader(t *testing.T, label string, r Reader, want refState, root Hash, keys [][]byte, rng *rand.Rand, recompute bool) {
	t.Helper()
	if r.Root() != root {
		t.Fatalf("%s: root %x, want %x", label, r.Root(), root)
	}
	for _, k := range keys {
		v, ok, err := r.Get(k)
		w, wok := want[string(k)]
		if err != nil || ok != wok || string(v) != w || (ok && v == nil) {
			t.Fatalf("%s: Get(%x) = %q,%v,%v; want %q,%v", label, k, v, ok, err, w, wok)
		}
	}
	for range 4 {
		rg := randRange(rng, keys)
		got := collect(t, r, rg)
		if exp := want.sortedIn(rg); !slices.Equal(got, exp) {
			t.Fatalf("%s: Iterate(%x..%x rev=%v) = %q, want %q", label, rg.Start, rg.End, rg.Reverse, got, exp)
		}
	}
	if !recompute {
		return
	}
	got, err := RecomputeRoot(r)
	if err != nil || got != root {
		t.Fatalf("%s: RecomputeRoot = %x,%v, want %x", label, got, err, root)
	}
}

func TestPropertyMemoryBoltReference(t *testing.T) {
	t.Parallel()
	for _, retain := range []uint64{0, 1, 2, 7} {
		t.Run(fmt.Sprintf("retain=%d", retain), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(retain, 42))
			keys := propKeys(rng)
			opts := Options{Retain: retain, NoSync: true}
			mem := NewMemory(opts)
			path := filepath.Join(t.TempDir(), "state.db")
			bs, err := OpenBolt(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = bs.Close() }()

			refs := []refState{{}}
			roots := []Hash{EmptyRoot()}
			cur := refState{}
			b := NewBatch()
			const heights = 50
			for h := uint64(1); h <= heights; h++ {
				b.Reset()
				for range rng.IntN(12) {
					k := keys[rng.IntN(len(keys))]
					switch rng.IntN(5) {
					case 0, 1:
						b.Delete(k)
						delete(cur, string(k))
					default:
						v := make([]byte, rng.IntN(5))
						for i := range v {
							v[i] = byte(rng.IntN(3))
						}
						b.Set(k, v)
						cur[string(k)] = string(v)
					}
				}
				rm, err := mem.Commit(h, b)
				if err != nil {
					t.Fatal(err)
				}
				rb, err := bs.Commit(h, b)
				if err != nil {
					t.Fatal(err)
				}
				if rm != rb {
					t.Fatalf("height %d: memory root %x, bolt root %x", h, rm, rb)
				}
				refs = append(refs, maps.Clone(cur))
				roots = append(roots, rm)

				if h%10 == 0 { // reopen
					if err := bs.Close(); err != nil {
						t.Fatal(err)
					}
					if bs, err = OpenBolt(path, opts); err != nil {
						t.Fatal(err)
					}
				}
				if mem.Oldest() != bs.Oldest() {
					t.Fatalf("height %d: oldest memory %d, bolt %d", h, mem.Oldest(), bs.Oldest())
				}
				checkReader(t, fmt.Sprintf("memory latest %d", h), mem, cur, rm, keys, rng, true)
				checkReader(t, fmt.Sprintf("bolt latest %d", h), bs, cur, rm, keys, rng, true)
				for v := uint64(0); v <= h; v++ {
					// every height at the end; recent ones and a sample before
					if h != heights && v+8 < h && rng.IntN(6) != 0 {
						continue
					}
					for _, s := range []Store{mem, bs} {
						label := fmt.Sprintf("%T at %d of %d", s, v, h)
						snap, err := s.At(v)
						if v < s.Oldest() {
							if !errors.Is(err, ErrPruned) {
								t.Fatalf("%s: err %v, want ErrPruned", label, err)
							}
							continue
						}
						if err != nil {
							t.Fatalf("%s: %v", label, err)
						}
						if snap.Height() != v {
							t.Fatalf("%s: height %d", label, snap.Height())
						}
						checkReader(t, label, snap, refs[v], roots[v], keys, rng, v%4 == 0)
						snap.Release()
					}
				}
				if _, err := bs.At(h + 1); !errors.Is(err, ErrFutureHeight) {
					t.Fatalf("At(%d): %v", h+1, err)
				}
			}
			if retain != 0 && mem.Oldest() != heights+1-retain {
				t.Fatalf("oldest %d, want %d", mem.Oldest(), heights+1-retain)
			}
		})
	}
}

// TestRootDeterminism: the same writes in different batch orders (and split
// differently over blocks) give the same root on fresh stores.
func TestRootDeterminism(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 7))
	var ks, vs [][]byte
	for i := range 500 {
		ks = append(ks, fmt.Appendf(nil, "acct/%08x", rng.Uint32()))
		vs = append(vs, fmt.Appendf(nil, "%d", i))
	}
	var roots []Hash
	for _, im := range impls {
		for _, split := range []int{1, 3} {
			s := im.open(t, Options{NoSync: true})
			perm := rng.Perm(len(ks))
			for blk := range split {
				b := NewBatch()
				for _, i := range perm {
					if i%split == blk {
						b.Set(ks[i], vs[i])
					}
				}
				mustCommit(t, s, uint64(blk+1), b)
			}
			roots = append(roots, s.Root())
		}
	}
	for i := range roots {
		if roots[i] != roots[0] {
			t.Fatalf("roots differ: %x", roots)
		}
	}
}
