package store

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// btreeModel checks the copy-on-write B+tree against sorted maps over many
// generations: every retained version must read exactly as it did when it
// was written, whatever later generations changed.
func TestBTreeAgainstModel(t *testing.T) {
	for _, fan := range []int{3, 4, 7, 64} {
		t.Run(fmt.Sprintf("fanout=%d", fan), func(t *testing.T) {
			defer func(l, k int) { maxLeaf, maxKids = l, k }(maxLeaf, maxKids)
			maxLeaf, maxKids = fan, fan
			rng := rand.New(rand.NewPCG(uint64(fan), 9))
			type ver struct {
				root  *bnode
				model map[string]string
			}
			var root *bnode
			model := map[string]string{}
			var vers []ver
			keySpace := 3000
			for gen := uint64(1); gen <= 160; gen++ {
				// Phases: grow, churn, shrink to almost nothing, regrow;
				// batches from one write to hundreds, with repeated keys,
				// rewrites of the stored value and deletes of absent keys.
				n := 1 + rng.IntN(200)
				if gen%7 == 0 {
					n = 1
				}
				delP := 0.1
				switch {
				case gen%40 >= 20 && gen%40 < 30:
					delP = 0.9
				case gen%40 >= 30:
					delP = 0.5
				}
				b := NewBatch()
				want := maps.Clone(model)
				for range n {
					k := fmt.Sprintf("k%05d", rng.IntN(keySpace))
					if rng.Float64() < delP {
						b.Delete([]byte(k))
						delete(want, k)
						continue
					}
					v := fmt.Sprintf("v%d.%d", gen, rng.IntN(3))
					if old, ok := want[k]; ok && rng.IntN(4) == 0 {
						v = old // unchanged write
					}
					b.Set([]byte(k), []byte(v))
					want[k] = v
				}
				ops, _ := b.sorted()
				var changed []op
				prev := root
				root, changed = btreeApply(root, ops, nil)
				for _, o := range changed {
					old, had := model[string(o.key)]
					if o.del && !had || !o.del && had && old == string(o.val) {
						t.Fatalf("gen %d: no-op %q reported as a change", gen, o.key)
					}
				}
				nchg := 0
				for k, v := range want {
					if old, ok := model[k]; !ok || old != v {
						nchg++
					}
				}
				for k := range model {
					if _, ok := want[k]; !ok {
						nchg++
					}
				}
				if nchg != len(changed) {
					t.Fatalf("gen %d: %d changes reported, want %d", gen, len(changed), nchg)
				}
				if nchg == 0 && root != prev {
					t.Fatalf("gen %d: tree rebuilt without a change", gen)
				}
				model = want
				if err := checkInvariants(root); err != nil {
					t.Fatalf("gen %d: %v", gen, err)
				}
				checkBTree(t, root, model, rng)
				vers = append(vers, ver{root, maps.Clone(model)})
			}
			for i, v := range vers {
				if err := checkInvariants(v.root); err != nil {
					t.Fatalf("version %d: %v", i+1, err)
				}
				checkBTree(t, v.root, v.model, rng)
			}
		})
	}
}

func checkBTree(t *testing.T, root *bnode, model map[string]string, rng *rand.Rand) {
	t.Helper()
	keys := slices.Sorted(maps.Keys(model))
	var got []string
	if err := btreeAscend(root, nil, nil, func(k, v []byte) error {
		if model[string(k)] != string(v) {
			t.Fatalf("ascend: %s = %s, want %s", k, v, model[string(k)])
		}
		got = append(got, string(k))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, keys) {
		t.Fatalf("ascend: %d keys, want %d", len(got), len(keys))
	}
	for range 20 {
		a := []byte(fmt.Sprintf("k%05d", rng.IntN(3100)))
		b := []byte(fmt.Sprintf("k%05d", rng.IntN(3100)))
		if bytes.Compare(a, b) > 0 {
			a, b = b, a
		}
		var want []string
		for _, k := range keys {
			if k >= string(a) && k < string(b) {
				want = append(want, k)
			}
		}
		var fwd, rev []string
		btreeAscend(root, a, b, func(k, _ []byte) error { fwd = append(fwd, string(k)); return nil })
		btreeDescend(root, a, b, func(k, _ []byte) error { rev = append(rev, string(k)); return nil })
		slices.Reverse(rev)
		if !slices.Equal(fwd, want) || !slices.Equal(rev, want) {
			t.Fatalf("range [%s,%s): fwd %d rev %d keys, want %d", a, b, len(fwd), len(rev), len(want))
		}
		k := fmt.Sprintf("k%05d", rng.IntN(3100))
		v, ok := btreeGet(root, []byte(k))
		if w, wok := model[k]; ok != wok || string(v) != w {
			t.Fatalf("get %s = %q,%v want %q,%v", k, v, ok, w, wok)
		}
	}
}

// checkInvariants verifies key order, separators and node sizes.
func checkInvariants(n *bnode) error {
	if n == nil {
		return nil
	}
	_, _, err := walkCheck(n, nil, nil, true)
	return err
}

func walkCheck(n *bnode, lo, hi []byte, isRoot bool) (depth int, count int, err error) {
	if n.leaf() {
		if len(n.ents) == 0 || len(n.ents) > maxLeaf {
			return 0, 0, fmt.Errorf("leaf of %d entries", len(n.ents))
		}
		for i, e := range n.ents {
			if i > 0 && bytes.Compare(n.ents[i-1].key, e.key) >= 0 {
				return 0, 0, fmt.Errorf("leaf keys out of order")
			}
			if lo != nil && bytes.Compare(e.key, lo) < 0 || hi != nil && bytes.Compare(e.key, hi) >= 0 {
				return 0, 0, fmt.Errorf("key %s outside [%s,%s)", e.key, lo, hi)
			}
		}
		return 1, len(n.ents), nil
	}
	if len(n.kids) != len(n.seps)+1 || len(n.kids) > maxKids || (!isRoot && len(n.kids) == 0) || (isRoot && len(n.kids) < 2) {
		return 0, 0, fmt.Errorf("inner node with %d kids, %d seps", len(n.kids), len(n.seps))
	}
	d0 := -1
	total := 0
	for i, c := range n.kids {
		clo, chi := lo, hi
		if i > 0 {
			clo = n.seps[i-1]
		}
		if i < len(n.seps) {
			chi = n.seps[i]
		}
		d, c, err := walkCheck(c, clo, chi, false)
		if err != nil {
			return 0, 0, err
		}
		if d0 >= 0 && d != d0 {
			return 0, 0, fmt.Errorf("unbalanced: depths %d and %d", d0, d)
		}
		d0 = d
		total += c
	}
	return d0 + 1, total, nil
}
