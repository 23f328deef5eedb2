//go:build !linux

package pow

import "time"

func threadCPUTime() time.Duration { return 0 }

func processCPUTime() time.Duration { return 0 }

func lockThread() func() { return func() {} }
