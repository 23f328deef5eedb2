package amm

import (
	"math/big"
	"runtime"
	"syscall"
	"testing"
)

// threadCPU returns this OS thread's CPU time in ns (RUSAGE_THREAD). On a
// shared box it measures the work itself rather than time spent waiting.
func threadCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// cpuLoop runs f under b.Loop and reports thread CPU ns/op as "cpu-ns/op".
func cpuLoop(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	start := threadCPU()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64(threadCPU()-start)/float64(n), "cpu-ns/op")
}

// benchPool is a mainnet-sized pool: 10k TAO against 40k alpha.
func benchPool(w Perquintill) Pool {
	p := NewPool(10_000_000_000_000, 40_000_000_000_000)
	p.QuoteWeight = w
	return p
}

const driftedWeight Perquintill = 499848306996458184 // A11's first injection

func BenchmarkSwapHalf(b *testing.B) {
	p := benchPool(HalfWeight)
	cpuLoop(b, func() { _, _, _ = p.Swap(BuyOrder(1_000_000_000)) })
}

func BenchmarkSwapHalfSell(b *testing.B) {
	p := benchPool(HalfWeight)
	cpuLoop(b, func() { _, _, _ = p.Swap(SellOrder(1_000_000_000)) })
}

func BenchmarkSwapDrifted(b *testing.B) {
	p := benchPool(driftedWeight)
	cpuLoop(b, func() { _, _, _ = p.Swap(BuyOrder(1_000_000_000)) })
}

func BenchmarkSwapDriftedSell(b *testing.B) {
	p := benchPool(driftedWeight)
	cpuLoop(b, func() { _, _, _ = p.Swap(SellOrder(1_000_000_000)) })
}

// BenchmarkSwapDriftedPartial hits the limit: one more pow at precision 1024.
func BenchmarkSwapDriftedPartial(b *testing.B) {
	p := benchPool(driftedWeight)
	cpuLoop(b, func() { _, _, _ = p.Swap(BuyOrder(5_000_000_000_000).WithLimit(300_000_000)) })
}

func BenchmarkSwapDriftedRef(b *testing.B) {
	p := benchPool(driftedWeight)
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = p.SwapRef(BuyOrder(1_000_000_000))
	}
}

func benchPowArgs() (u128, u128, uint64, uint64) {
	return u128{0, 10_000_000_000_000}, u128{0, 10_001_000_000_000}, uint64(PerquintillOne - driftedWeight), uint64(driftedWeight)
}

func BenchmarkPowFast(b *testing.B) {
	bn, bd, en, ed := benchPowArgs()
	cpuLoop(b, func() { powFast(bn, bd, en, ed, precisionSwap) })
}

func BenchmarkPowRef(b *testing.B) {
	bn, bd, en, ed := benchPowArgs()
	b.ReportAllocs()
	for b.Loop() {
		powRef(bn, bd, en, ed, precisionSwap)
	}
}

func BenchmarkPowRefPrecision1024(b *testing.B) {
	bn, bd, en, ed := benchPowArgs()
	b.ReportAllocs()
	for b.Loop() {
		powRef(bn, bd, en, ed, precisionDelta)
	}
}

func BenchmarkPowExactPathRef(b *testing.B) {
	bn, bd := big.NewInt(21e15), big.NewInt(28e15)
	en, ed, sc := big.NewInt(6e17), big.NewInt(4e17), big.NewInt(1e18)
	b.ReportAllocs()
	for b.Loop() {
		PowRatioScaledRef(bn, bd, en, ed, 4096, sc)
	}
}

func BenchmarkMaxAmountAdd(b *testing.B) {
	p := benchPool(driftedWeight)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = p.MaxAmountAdd(300_000_000)
	}
}

func BenchmarkMaxAmountAddHalf(b *testing.B) {
	p := benchPool(HalfWeight)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = p.MaxAmountAdd(300_000_000)
	}
}

// BenchmarkPowFastExactPath is A01's exact-path input (exponent 3/2).
func BenchmarkPowFastExactPath(b *testing.B) {
	bn, bd := u128{0, 21e15}, u128{0, 28e15}
	cpuLoop(b, func() { powFast(bn, bd, 6e17, 4e17, 4096) })
}
