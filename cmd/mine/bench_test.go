package main

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/taokit/taokit/internal/pow"
)

// benchWork is a problem no seal meets, so every nonce of a range is hashed.
func benchWork() *pow.Work {
	return pow.NewWork(pow.Problem{Hotkey: [32]byte{1}, Difficulty: ^uint64(0)})
}

// BenchmarkSealsPerCore: one Search of 65 536 nonces per op on one goroutine.
// The seals/s metric is per core.
func BenchmarkSealsPerCore(b *testing.B) {
	w := benchWork()
	var start uint64
	var hashes uint64
	for b.Loop() {
		r, err := pow.CPU{}.Search(context.Background(), w, pow.NonceRange{Start: start, Count: 1 << 16})
		if err != nil {
			b.Fatal(err)
		}
		start += 1 << 16
		hashes += r.Hashes
	}
	b.ReportMetric(float64(hashes)/b.Elapsed().Seconds(), "seals/s")
}

// BenchmarkSealsAllCores: the same on GOMAXPROCS goroutines (run with
// -cpu 1,2 to see the scaling); seals/s is the total.
func BenchmarkSealsAllCores(b *testing.B) {
	w := benchWork()
	var next, hashes atomic.Uint64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s := next.Add(1<<16) - 1<<16
			r, err := pow.CPU{}.Search(context.Background(), w, pow.NonceRange{Start: s, Count: 1 << 16})
			if err != nil {
				b.Error(err)
				return
			}
			hashes.Add(r.Hashes)
		}
	})
	b.ReportMetric(float64(hashes.Load())/b.Elapsed().Seconds(), "seals/s")
}
