//go:build linux

package pow

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPUTime returns the calling thread's user+system CPU time. The
// benchmarks lock their goroutine to a thread and report seals per CPU
// second alongside the wall-clock rate, because on a shared box other
// processes' load inflates wall time but not this thread's CPU time.
func threadCPUTime() time.Duration { return rusage(1 /* RUSAGE_THREAD */) }

// processCPUTime returns the process's user+system CPU time.
func processCPUTime() time.Duration { return rusage(syscall.RUSAGE_SELF) }

func rusage(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func lockThread() func() {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}
