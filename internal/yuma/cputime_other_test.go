//go:build !linux

package yuma

// threadCPU is unavailable here; benchmarks then report no CPU time.
func threadCPU() int64 { return 0 }
