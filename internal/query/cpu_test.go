package query_test

import (
	"syscall"
	"time"
)

// cpuTime is the process's user+system CPU time so far. Benchmarks report
// CPU per operation next to wall time because this 2-core box is shared:
// wall-clock latencies include waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
