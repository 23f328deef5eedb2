package state

import (
	"testing"

	"github.com/taokit/taokit/internal/store"
)

// TestSubnetRecords: Pools and Emissions share one key per subnet; either
// half may be absent, both absent deletes the key, Load and Read restore
// exactly what was set, and historical reads see each height's halves.
func TestSubnetRecords(t *testing.T) {
	s := New()
	st := store.NewMemory(store.Options{})
	commit := func(h uint64) {
		t.Helper()
		b := store.NewBatch()
		if err := s.Flush(b); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Commit(h, b); err != nil {
			t.Fatal(err)
		}
	}
	p1 := Pool{TaoReserve: 1 << 40, AlphaIn: 7, MovingPriceBits: [2]uint64{1, 2}, Initialized: true}
	e1 := Emission{PendingServer: 99, LastEpochBlock: 360, N: 256}
	s.Pools.Set(1, p1)
	s.Emissions.Set(1, e1)
	s.Pools.Set(2, p1)     // pool only
	s.Emissions.Set(3, e1) // emission only
	s.Pools.Set(4, Pool{}) // zero values still exist
	s.Emissions.Set(4, Emission{})
	commit(1)
	keys := 0
	st.Iterate(store.Prefix([]byte{subnetRecordPrefix}), func(k, v []byte) error { keys++; return nil })
	if keys != 4 {
		t.Fatalf("%d subnet records, want 4", keys)
	}
	if st.Iterate(store.Prefix([]byte{'e'}), func(k, v []byte) error { t.Fatalf("emission stored under its own key %x", k); return nil }) != nil {
		t.Fatal("iterate")
	}

	p2 := p1
	p2.TaoReserve++
	s.Pools.Set(1, p2)    // only one half changes
	s.Emissions.Delete(4) // half of 4 goes
	s.Pools.Delete(2)     // 2 goes entirely
	commit(2)

	l, err := Load(st)
	if err != nil {
		t.Fatal(err)
	}
	check := func(label string, pools *Table[NetUID, Pool], ems *Table[NetUID, Emission], wantP map[NetUID]Pool, wantE map[NetUID]Emission) {
		t.Helper()
		if pools.Len() != len(wantP) || ems.Len() != len(wantE) {
			t.Fatalf("%s: %d pools, %d emissions; want %d, %d", label, pools.Len(), ems.Len(), len(wantP), len(wantE))
		}
		for n, w := range wantP {
			if got, ok := pools.Get(n); !ok || got != w {
				t.Fatalf("%s: pool %d = %+v,%v", label, n, got, ok)
			}
		}
		for n, w := range wantE {
			if got, ok := ems.Get(n); !ok || got != w {
				t.Fatalf("%s: emission %d = %+v,%v", label, n, got, ok)
			}
		}
	}
	check("load", l.Pools, l.Emissions, map[NetUID]Pool{1: p2, 4: {}}, map[NetUID]Emission{1: e1, 3: e1})

	old, err := st.At(1)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Release()
	for n, want := range map[NetUID]bool{1: true, 2: true, 3: false, 4: true, 5: false} {
		_, ok, err := s.Pools.Read(old, n)
		if err != nil || ok != want {
			t.Fatalf("Read pool %d at height 1: %v %v, want %v", n, ok, err, want)
		}
	}
	if e, ok, err := s.Emissions.Read(old, 4); err != nil || !ok || e != (Emission{}) {
		t.Fatalf("Read emission 4 at height 1: %+v %v %v", e, ok, err)
	}
	if _, ok, _ := s.Emissions.Read(st, 4); ok {
		t.Fatal("emission 4 still read at height 2")
	}
	if p, _, _ := s.Pools.Read(st, 1); p != p2 {
		t.Fatalf("pool 1 at height 2: %+v", p)
	}
	var seen []NetUID
	if err := s.Emissions.ReadPrefix(st, nil, func(n NetUID, _ Emission) error { seen = append(seen, n); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != 1 || seen[1] != 3 {
		t.Fatalf("ReadPrefix emissions: %v", seen)
	}

	// A malformed record is an error naming the table, not a panic.
	b := store.NewBatch()
	b.Set([]byte{subnetRecordPrefix, 0, 9}, []byte{0x91, 0xc0})
	if _, err := st.Commit(3, b); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(st); err == nil {
		t.Fatal("one-element subnet record loaded")
	}
}
