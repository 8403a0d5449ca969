//go:build unix

package app

import (
	"syscall"
	"time"
)

// processCPU is the user and system CPU time of the whole process: on a
// machine shared with other builds it is steadier than the wall clock.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
