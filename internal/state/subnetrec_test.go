package state

import (
	"testing"

	"github.com/taokit/taokit/internal/store"
)

// TestSubnetRecords: Pools and Emissions of every subnet share one key;
// either half may be absent, a subnet with neither is a nil element, no
// subnet at all deletes the key, Load and Read restore exactly what was
// set, and historical reads see each height's halves.
func TestSubnetRecords(t *testing.T) {
	s := New()
	st := store.NewMemory(store.Options{})
	commit := func(h uint64) { t.Helper(); flushTo(t, s, st, h) }
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
	if keys != 1 {
		t.Fatalf("%d subnet record keys, want 1", keys)
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

	// Every subnet gone: the key goes.
	for _, n := range []NetUID{1, 3, 4} {
		s.Pools.Delete(n)
		s.Emissions.Delete(n)
	}
	commit(3)
	if _, ok, _ := st.Get(subnetGroupKey); ok {
		t.Fatal("subnet records kept with no subnet")
	}
	if _, ok, err := s.Pools.Read(st, 1); ok || err != nil {
		t.Fatalf("Read pool 1 with no records: %v %v", ok, err)
	}

	// A malformed value is an error, not a panic.
	for i, raw := range [][]byte{
		{},                             // empty
		{0xc0},                         // not an array
		{0x91, 0xc4},                   // truncated bin header
		{0x91, 0xc4, 9, 1},             // bin past the end
		{0x91, 0xc4, 0},                // empty record
		{0x91, 0xa1, 'x'},              // string element
		{0x91, 0xc4, 2, 0x91, 0xc0},    // one-element record
		{0x90, 0xc0},                   // bytes after the last element
		{0xdd, 0xff, 0xff, 0xff, 0xff}, // huge count
	} {
		b := store.NewBatch()
		b.Set(subnetGroupKey, raw)
		if _, err := st.Commit(uint64(4+i), b); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(st); err == nil {
			t.Errorf("case %d: malformed subnet records %x loaded", i, raw)
		}
	}
}

// FuzzSubnetRecords: any value under the subnet records key loads or fails
// with an error, and what loads reads back the same through Read.
func FuzzSubnetRecords(f *testing.F) {
	s := New()
	s.Pools.Set(2, Pool{TaoReserve: 5})
	s.Emissions.Set(2, Emission{N: 3})
	s.Emissions.Set(20, Emission{Burn: 1})
	b := store.NewBatch()
	if err := s.Flush(b); err != nil {
		f.Fatal(err)
	}
	st := store.NewMemory(store.Options{})
	if _, err := st.Commit(1, b); err != nil {
		f.Fatal(err)
	}
	good, _, _ := st.Get(subnetGroupKey)
	f.Add(good)
	f.Add([]byte{0x92, 0xc0, 0xc4, 2, 0x92, 0xc0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		st := store.NewMemory(store.Options{})
		b := store.NewBatch()
		b.Set(subnetGroupKey, raw)
		if _, err := st.Commit(1, b); err != nil {
			t.Fatal(err)
		}
		l, err := Load(st)
		if err != nil {
			return
		}
		for _, n := range l.Pools.Keys() {
			want, _ := l.Pools.Get(n)
			if got, ok, err := l.Pools.Read(st, n); err != nil || !ok || got != want {
				t.Fatalf("pool %d: Read %+v %v %v, loaded %+v", n, got, ok, err, want)
			}
		}
		for _, n := range l.Emissions.Keys() {
			want, _ := l.Emissions.Get(n)
			if got, ok, err := l.Emissions.Read(st, n); err != nil || !ok || got != want {
				t.Fatalf("emission %d: Read %+v %v %v, loaded %+v", n, got, ok, err, want)
			}
		}
	})
}
