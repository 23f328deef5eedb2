package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
)

const benchStateKeys = 100_000

func benchKey(i uint64) []byte {
	// 8-byte big-endian of a scrambled counter: random order, fixed width
	return binary.BigEndian.AppendUint64([]byte("acct/"), i*0x9E3779B97F4A7C15)
}

// populate commits benchStateKeys keys of 32-byte values at height 1.
func populate(b *testing.B, s Store) {
	b.Helper()
	batch := NewBatch()
	v := make([]byte, 32)
	for i := range uint64(benchStateKeys) {
		binary.BigEndian.PutUint64(v, i)
		batch.Set(benchKey(i), v)
	}
	if _, err := s.Commit(s.Height()+1, batch); err != nil {
		b.Fatal(err)
	}
}

// benchCommit commits n random-key writes (about 90% updates of existing
// keys, 10% inserts, fresh values) per block over a 100k-key state; the batch
// is built inside the timed loop (a small part of the cost).
func benchCommit(b *testing.B, s Store, n int) {
	populate(b, s)
	rng := rand.New(rand.NewPCG(1, 2))
	batch := NewBatch()
	v := make([]byte, 32)
	b.ReportAllocs()
	for b.Loop() {
		batch.Reset()
		h := s.Height() + 1
		for range n {
			binary.BigEndian.PutUint64(v, h)
			binary.BigEndian.PutUint64(v[8:], rng.Uint64())
			batch.Set(benchKey(rng.Uint64N(benchStateKeys*11/10)), v)
		}
		if _, err := s.Commit(h, batch); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBoltCommit(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			benchCommit(b, boltOpener(b, Options{Retain: 100}), n)
		})
	}
}

func BenchmarkBoltCommitNoSync(b *testing.B) {
	benchCommit(b, boltOpener(b, Options{Retain: 100, NoSync: true}), 1_000)
}

func BenchmarkMemoryCommit(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			benchCommit(b, NewMemory(Options{Retain: 100}), n)
		})
	}
}

func benchGet(b *testing.B, s Store) {
	populate(b, s)
	rng := rand.New(rand.NewPCG(3, 4))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := s.Get(benchKey(rng.Uint64N(benchStateKeys))); !ok || err != nil {
			b.Fatal("missing key", err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	b.Run("bolt", func(b *testing.B) { benchGet(b, boltOpener(b, Options{})) })
	b.Run("bolt-snapshot", func(b *testing.B) {
		s := boltOpener(b, Options{})
		populate(b, s)
		snap, err := s.Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		defer snap.Release()
		rng := rand.New(rand.NewPCG(3, 4))
		b.ReportAllocs()
		for b.Loop() {
			if _, ok, err := snap.Get(benchKey(rng.Uint64N(benchStateKeys))); !ok || err != nil {
				b.Fatal("missing key", err)
			}
		}
	})
	b.Run("memory", func(b *testing.B) { benchGet(b, NewMemory(Options{})) })
}

// BenchmarkRootUpdate measures only the incremental root maintenance (leaf
// hashes, touched bucket rehash, Merkle path update) for n changed keys over
// a 100k-key state.
func BenchmarkRootUpdate(b *testing.B) {
	for _, n := range []int{1, 1_000, 10_000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			m := NewMemory(Options{})
			populate(b, m)
			rng := rand.New(rand.NewPCG(5, 6))
			changes := make([]op, n)
			b.ReportAllocs()
			for b.Loop() {
				for i := range changes {
					changes[i] = op{key: benchKey(rng.Uint64N(benchStateKeys)), val: binary.BigEndian.AppendUint64(nil, rng.Uint64())}
				}
				m.updateRoot(changes)
			}
		})
	}
}

func BenchmarkRecomputeRoot(b *testing.B) {
	m := NewMemory(Options{})
	populate(b, m)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RecomputeRoot(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHistoricalGet(b *testing.B) {
	s := boltOpener(b, Options{})
	populate(b, s)
	batch := NewBatch()
	rng := rand.New(rand.NewPCG(7, 8))
	for h := uint64(2); h <= 50; h++ {
		batch.Reset()
		for range 1000 {
			batch.Set(benchKey(rng.Uint64N(benchStateKeys)), binary.BigEndian.AppendUint64(nil, h))
		}
		if _, err := s.Commit(h, batch); err != nil {
			b.Fatal(err)
		}
	}
	snap, err := s.At(10)
	if err != nil {
		b.Fatal(err)
	}
	defer snap.Release()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := snap.Get(benchKey(rng.Uint64N(benchStateKeys))); !ok || err != nil {
			b.Fatal("missing key", err)
		}
	}
}

// blockKey returns a chain-like key: a 1-byte table prefix and 2..66 more
// bytes, derived from i.
func blockKey(i uint64) []byte {
	r := rand.New(rand.NewPCG(i, 0x5eed))
	lens := [...]int{2, 8, 20, 21, 33, 33, 40, 66}
	k := make([]byte, 1+lens[r.IntN(len(lens))])
	k[0] = byte(1 + r.IntN(12))
	for j := 1; j < len(k); j++ {
		k[j] = byte(r.Uint32())
	}
	return k
}

// BenchmarkMemoryCommitBlock mimics the chain's blocks: a 110k-key state of
// 10..300-byte values, n changed keys per block (mostly updates, some
// inserts and deletes) plus one ~16 KB value rewritten every block. The
// batch is built inside the timed loop, as in the chain.
func BenchmarkMemoryCommitBlock(b *testing.B) {
	const stateKeys = 110_000
	for _, n := range []int{100, 400} {
		b.Run(fmt.Sprintf("changes=%d", n), func(b *testing.B) {
			s := NewMemory(Options{Retain: 100})
			keys := make([][]byte, stateKeys*11/10)
			for i := range keys {
				keys[i] = blockKey(uint64(i))
			}
			rng := rand.New(rand.NewPCG(11, 12))
			val := func(n int) []byte {
				v := make([]byte, n)
				for j := range v {
					v[j] = byte(rng.Uint32())
				}
				return v
			}
			big := []byte{0, 'b', 'i', 'g'}
			batch := NewBatch()
			for _, k := range keys[:stateKeys] {
				batch.Set(k, val(10+rng.IntN(291)))
			}
			batch.Set(big, val(16<<10))
			if _, err := s.Commit(1, batch); err != nil {
				b.Fatal(err)
			}
			bigVal := val(16 << 10)
			vals := make([][]byte, 64)
			for i := range vals {
				vals[i] = val(10 + rng.IntN(291))
			}
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				batch.Reset()
				h := s.Height() + 1
				for range n {
					k := keys[rng.IntN(len(keys))]
					if rng.IntN(20) == 0 {
						batch.Delete(k)
						continue
					}
					v := vals[rng.IntN(len(vals))]
					binary.BigEndian.PutUint64(v, h) // fresh value
					batch.Set(k, v)
				}
				binary.BigEndian.PutUint64(bigVal, h)
				batch.Set(big, bigVal)
				if _, err := s.Commit(h, batch); err != nil {
					b.Fatal(err)
				}
			}
			// process CPU time (GC workers included): steadier than wall
			// time on a shared machine
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
