//go:build unix

package sqlite_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used (user + system, every
// thread). On a shared machine it says more about a benchmark's cost than
// wall-clock time does.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
