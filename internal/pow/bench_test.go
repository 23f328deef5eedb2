package pow

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"runtime"
	"sync/atomic"
	"testing"
)

var sinkWord uint64

// BenchmarkSeal is the one-at-a-time seal: one SHA-256 compression of the
// padded 40-byte input and one specialised scalar Keccak-f[1600].
func BenchmarkSeal(b *testing.B) {
	b.ReportAllocs()
	var s sealer
	s.init(BlockHotkeyHash([32]byte{}, aliceHotkey))
	var n, acc uint64
	for b.Loop() {
		o0, _, _, _ := s.words(n)
		acc ^= o0
		n++
	}
	sinkWord = acc
	reportRate(b)
}

// searchBench runs search over 4096-nonce ranges and reports seals/s
// (ns/op is per range).
func searchBench(b *testing.B, search func(*Work, NonceRange) (SearchResult, error)) {
	b.ReportAllocs()
	defer lockThread()()
	w := NewWork(Problem{Hotkey: aliceHotkey, Difficulty: math.MaxUint64})
	var start, hashes uint64
	cpu0 := threadCPUTime()
	for b.Loop() {
		res, err := search(w, NonceRange{Start: start, Count: 1 << 12})
		if err != nil {
			b.Fatal(err)
		}
		hashes += res.Hashes
		start += 1 << 12
	}
	cpu := threadCPUTime() - cpu0
	b.ReportMetric(float64(hashes)/b.Elapsed().Seconds(), "seals/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(hashes), "ns/seal")
	if cpu > 0 {
		b.ReportMetric(float64(hashes)/cpu.Seconds(), "seals/cpu-s")
	}
}

// BenchmarkSearch is CPU.Search: the production path (SHA-NI and AVX-512
// where present). Run with -cpu=1 for the per-core rate.
func BenchmarkSearch(b *testing.B) {
	searchBench(b, func(w *Work, r NonceRange) (SearchResult, error) { return CPU{}.Search(b.Context(), w, r) })
}

// BenchmarkSearchScalar is the one-nonce-at-a-time path (no AVX-512).
func BenchmarkSearchScalar(b *testing.B) {
	searchBench(b, func(w *Work, r NonceRange) (SearchResult, error) { return newScan(w).search1(b.Context(), r) })
}

// BenchmarkSearchParallel runs CPU.Search on GOMAXPROCS goroutines, each on
// its own ranges: the all-cores rate.
func BenchmarkSearchParallel(b *testing.B) {
	b.ReportAllocs()
	w := NewWork(Problem{Hotkey: aliceHotkey, Difficulty: math.MaxUint64})
	var next, hashes, cpuNS atomic.Uint64
	b.RunParallel(func(pb *testing.PB) {
		defer lockThread()()
		cpu0 := threadCPUTime()
		defer func() { cpuNS.Add(uint64(threadCPUTime() - cpu0)) }()
		var c CPU
		for pb.Next() {
			k := next.Add(1) - 1
			res, err := c.Search(b.Context(), w, NonceRange{Start: k << 12, Count: 1 << 12})
			if err != nil {
				b.Error(err)
				return
			}
			hashes.Add(res.Hashes)
		}
	})
	b.ReportMetric(float64(hashes.Load())/b.Elapsed().Seconds(), "seals/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(hashes.Load()), "ns/seal")
	if ns := cpuNS.Load(); ns > 0 {
		b.ReportMetric(float64(hashes.Load())/(float64(ns)/1e9), "seals/cpu-s")
	}
}

// BenchmarkSolve runs the full solver (Threads = GOMAXPROCS) on
// difficulty 2,000,000 problems: about 2 M hashes each.
func BenchmarkSolve(b *testing.B) {
	b.ReportAllocs()
	var hashes uint64
	var i uint64
	cpu0 := processCPUTime()
	for b.Loop() {
		var bh [32]byte
		binary.LittleEndian.PutUint64(bh[:], i)
		i++
		sol, err := Solve(b.Context(), Problem{BlockHash: bh, Hotkey: aliceHotkey, Difficulty: 2_000_000}, Options{Threads: runtime.GOMAXPROCS(0)})
		if err != nil {
			b.Fatal(err)
		}
		hashes += sol.Hashes
	}
	cpu := processCPUTime() - cpu0
	b.ReportMetric(float64(hashes)/b.Elapsed().Seconds(), "seals/s")
	if cpu > 0 {
		b.ReportMetric(float64(hashes)/cpu.Seconds(), "seals/cpu-s")
	}
}

func BenchmarkKeccak256x32(b *testing.B) {
	b.ReportAllocs()
	var n, acc uint64
	for b.Loop() {
		o0, _, _, _ := keccak256x32(n, 2, 3, 4)
		acc ^= o0
		n++
	}
	sinkWord = acc
}

func BenchmarkKeccakF1600(b *testing.B) {
	b.ReportAllocs()
	var a [25]uint64
	for b.Loop() {
		keccakF1600(&a)
	}
	sinkWord = a[0]
}

// BenchmarkSHA256Block is the solver's SHA-256: one SHA-NI compression of
// the pre-padded 40-byte input. BenchmarkSHA256of40 is crypto/sha256.Sum256.
func BenchmarkSHA256Block(b *testing.B) {
	b.ReportAllocs()
	var blk preBlock
	blk.init([32]byte{1})
	var n, acc uint64
	for b.Loop() {
		m0, _, _, _ := blk.digestWords(n)
		acc ^= m0
		n++
	}
	sinkWord = acc
}

func BenchmarkSHA256of40(b *testing.B) {
	b.ReportAllocs()
	var pre [40]byte
	var n, acc uint64
	for b.Loop() {
		binary.LittleEndian.PutUint64(pre[:], n)
		d := sha256.Sum256(pre[:])
		acc ^= binary.LittleEndian.Uint64(d[:])
		n++
	}
	sinkWord = acc
}

func BenchmarkMeetsDifficulty(b *testing.B) {
	b.ReportAllocs()
	seal := mustHex32("8f451590e942a76be6bad67804a7858b8ac3d5c04d1aa6204a10ff61c601b03f")
	var ok bool
	for b.Loop() {
		ok = MeetsDifficulty(seal, 10_000_000)
		seal[0]++
	}
	_ = ok
}

func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "seals/s")
}

// BenchmarkKeccak256x32x8 is one call: eight digests.
func BenchmarkKeccak256x32x8(b *testing.B) {
	b.ReportAllocs()
	var in, out [4][8]uint64
	for b.Loop() {
		in[0][0]++
		keccak256x32x8(&in, &out)
	}
	sinkWord = out[0][0]
}

// BenchmarkSHA256x8 is the solver's batched SHA-256: eight seal inputs,
// two SHA-NI compressions interleaved (ns/op is per eight).
func BenchmarkSHA256x8(b *testing.B) {
	b.ReportAllocs()
	var blk preBlock
	blk.init([32]byte{1})
	var out [4][8]uint64
	var n uint64
	for b.Loop() {
		blk.digestWords8(n, &out)
		n += 8
	}
	sinkWord = out[0][0]
}
