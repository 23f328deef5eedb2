package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func bucketLen(t *testing.T, s *BoltStore, name []byte) int {
	t.Helper()
	n := 0
	if err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(name).Stats().KeyN
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBoltPruning checks that history stays bounded to the window and that a
// lowered retention catches up at most maxPrunePerCommit heights per commit.
func TestBoltPruning(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := OpenBolt(path, Options{NoSync: true}) // archive
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	commit := func(h uint64) {
		b.Reset()
		for i := range 5 { // 5 distinct keys written per height
			b.Set(fmt.Appendf(nil, "k%d", (int(h)+i)%11), fmt.Appendf(nil, "%d", h))
		}
		mustCommit(t, s, h, b)
	}
	for h := uint64(1); h <= 40; h++ {
		commit(h)
	}
	if s.Oldest() != 0 || bucketLen(t, s, bkHIdx) != 40*5 || bucketLen(t, s, bkHist) != 40*5 || bucketLen(t, s, bkRoots) != 41 {
		t.Fatalf("archive: oldest %d, hidx %d, hist %d, roots %d", s.Oldest(), bucketLen(t, s, bkHIdx), bucketLen(t, s, bkHist), bucketLen(t, s, bkRoots))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	const retain = 5
	if s, err = OpenBolt(path, Options{Retain: retain, NoSync: true}); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	for h := uint64(41); h <= 60; h++ {
		before := s.Oldest()
		commit(h)
		target := h + 1 - retain
		want := min(target, before+maxPrunePerCommit)
		if s.Oldest() != want {
			t.Fatalf("height %d: oldest %d, want %d", h, s.Oldest(), want)
		}
		if _, err := s.At(s.Oldest() - 1); !errors.Is(err, ErrPruned) {
			t.Fatalf("height %d: At(oldest-1): %v", h, err)
		}
		// history holds exactly the heights (oldest, h]
		n := int(h - s.Oldest())
		if got := bucketLen(t, s, bkHIdx); got != 5*n {
			t.Fatalf("height %d: %d hidx records, want %d", h, got, 5*n)
		}
		if got := bucketLen(t, s, bkHist); got != 5*n {
			t.Fatalf("height %d: %d hist records, want %d", h, got, 5*n)
		}
		if got := bucketLen(t, s, bkRoots); got != n+1 {
			t.Fatalf("height %d: %d roots, want %d", h, got, n+1)
		}
	}
	if s.Oldest() != 60+1-retain {
		t.Fatalf("did not catch up: oldest %d", s.Oldest())
	}
}

func TestBoltCorruptMeta(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tamper func(tx *bolt.Tx) error
	}{
		{"root mismatch", func(tx *bolt.Tx) error { return tx.Bucket(bkMeta).Put(metaRoot, make([]byte, 32)) }},
		{"short height", func(tx *bolt.Tx) error { return tx.Bucket(bkMeta).Put(metaHeight, []byte{1}) }},
		{"bad bucket hash", func(tx *bolt.Tx) error { return tx.Bucket(bkBHash).Put([]byte{0xff, 0xff}, make([]byte, 32)) }},
		{"future format", func(tx *bolt.Tx) error { return tx.Bucket(bkMeta).Put(metaFormat, u64(99)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "state.db")
			s, err := OpenBolt(path, Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			b := NewBatch()
			b.Set([]byte("a"), []byte("1"))
			mustCommit(t, s, 1, b)
			if err := s.db.Update(tc.tamper); err != nil {
				t.Fatal(err)
			}
			_ = s.Close()
			if _, err := OpenBolt(path, Options{}); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("open: %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestBoltCorruptHistory(t *testing.T) {
	t.Parallel()
	s := boltOpener(t, Options{NoSync: true}).(*BoltStore)
	b := NewBatch()
	b.Set([]byte("a"), []byte("1"))
	mustCommit(t, s, 1, b)
	b.Set([]byte("a"), []byte("2"))
	mustCommit(t, s, 2, b)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bkHist).Put(append(escKey([]byte("a")), u64(2)...), []byte{7})
	}); err != nil {
		t.Fatal(err)
	}
	snap, err := s.At(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Release()
	if _, _, err := snap.Get([]byte("a")); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("get: %v", err)
	}
	if err := snap.Iterate(All, func(k, v []byte) error { return nil }); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("iterate: %v", err)
	}
}

func TestBoltBackup(t *testing.T) {
	t.Parallel()
	s := boltOpener(t, Options{NoSync: true}).(*BoltStore)
	b := NewBatch()
	for h := uint64(1); h <= 3; h++ {
		b.Set(fmt.Appendf(nil, "k%d", h), []byte("v"))
		mustCommit(t, s, h, b)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := OpenBolt(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Close() }()
	if c.Height() != 3 || c.Root() != s.Root() {
		t.Fatalf("backup at %d root %x, want 3 %x", c.Height(), c.Root(), s.Root())
	}
	if got, _ := RecomputeRoot(c); got != c.Root() {
		t.Fatal("backup root does not recompute")
	}
}
