package store

import (
	"errors"
	"path/filepath"
	"testing"
)

// FuzzCommit drives memory and bbolt stores and a reference map with the
// same op stream decoded from the input, and checks that commits agree on
// success, roots, state and history, and never panic.
//
// Input: a sequence of records [op, klen, key..., vlen, value...]; op%5 is
// 0,1 set, 2 delete, 3 commit, 4 commit and check history. Lengths are
// taken modulo small bounds so keys collide often; klen 0 gives an empty
// (invalid) key, which must make the commit fail on both stores.
func FuzzCommit(f *testing.F) {
	f.Add([]byte{0, 1, 'a', 1, 'x', 3})
	f.Add([]byte{0, 1, 'a', 0, 2, 1, 'a', 3, 0, 2, 'a', 0, 1, 'y', 4})
	f.Add([]byte{0, 0, 1, 'x', 3, 0, 1, 'b', 0, 3})
	f.Add([]byte{1, 2, 0, 0, 0, 1, 3, 1, 1, 0, 0, 3, 2, 2, 0, 0, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{Retain: 3, NoSync: true}
		mem := NewMemory(opts)
		bs, err := OpenBolt(filepath.Join(t.TempDir(), "f.db"), opts)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = bs.Close() }()
		ref := refState{}
		pending := refState{}
		pendingDel := map[string]bool{}
		hist := []refState{{}}
		var roots []Hash
		roots = append(roots, EmptyRoot())
		b := NewBatch()
		bad := false
		next := func() (byte, bool) {
			if len(data) == 0 {
				return 0, false
			}
			c := data[0]
			data = data[1:]
			return c, true
		}
		field := func(max byte) []byte {
			n, _ := next()
			n %= max
			out := make([]byte, 0, n)
			for range n {
				c, _ := next()
				out = append(out, c)
			}
			return out
		}
		commits := 0
		for len(data) > 0 && commits < 64 {
			o, _ := next()
			switch o % 5 {
			case 0, 1:
				k, v := field(5), field(4)
				b.Set(k, v)
				if len(k) == 0 {
					bad = true
				}
				pending[string(k)] = string(v)
				delete(pendingDel, string(k))
			case 2:
				k := field(5)
				b.Delete(k)
				if len(k) == 0 {
					bad = true
				}
				delete(pending, string(k))
				pendingDel[string(k)] = true
			default:
				commits++
				h := mem.Height() + 1
				rm, errm := mem.Commit(h, b)
				rb, errb := bs.Commit(h, b)
				if bad {
					if !errors.Is(errm, ErrEmptyKey) || !errors.Is(errb, ErrEmptyKey) {
						t.Fatalf("bad batch: memory %v, bolt %v", errm, errb)
					}
				} else {
					if errm != nil || errb != nil {
						t.Fatalf("commit: memory %v, bolt %v", errm, errb)
					}
					if rm != rb {
						t.Fatalf("height %d: roots differ", h)
					}
					for k := range pendingDel {
						delete(ref, k)
					}
					for k, v := range pending {
						ref[k] = v
					}
					cp := refState{}
					for k, v := range ref {
						cp[k] = v
					}
					hist = append(hist, cp)
					roots = append(roots, rm)
				}
				b.Reset()
				bad = false
				clear(pending)
				clear(pendingDel)
				cur := mem.Height()
				for _, s := range []Store{mem, bs} {
					if s.Height() != cur || s.Root() != roots[cur] {
						t.Fatalf("%T: height %d root mismatch", s, s.Height())
					}
					got := collect(t, s, All)
					if want := ref.sortedIn(All); len(got) != len(want) {
						t.Fatalf("%T: %d keys, want %d", s, len(got), len(want))
					}
					if rr, err := RecomputeRoot(s); err != nil || rr != roots[cur] {
						t.Fatalf("%T: recomputed root differs", s)
					}
				}
				if o%5 == 4 {
					for v := mem.Oldest(); v <= cur; v++ {
						for _, s := range []Store{mem, bs} {
							snap, err := s.At(v)
							if err != nil {
								t.Fatalf("%T At(%d): %v", s, v, err)
							}
							want := hist[v].sortedIn(All)
							got := collect(t, snap, All)
							if len(got) != len(want) || snap.Root() != roots[v] {
								t.Fatalf("%T At(%d): %d keys want %d", s, v, len(got), len(want))
							}
							for i := range got {
								if got[i] != want[i] {
									t.Fatalf("%T At(%d): %q want %q", s, v, got[i], want[i])
								}
							}
							snap.Release()
						}
					}
				}
			}
		}
	})
}
