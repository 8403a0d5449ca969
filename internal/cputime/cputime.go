// Package cputime measures the CPU time this process has used. Benchmarks
// report it beside wall time because, on a build machine shared with other
// work, it says more about what an operation costs.
package cputime

import (
	"testing"
	"time"
)

// ReportPerOp adds the CPU milliseconds per operation used since start (a
// value of Process taken before the timed loop) to b's results.
func ReportPerOp(b *testing.B, start time.Duration) {
	if cpu := Process(); cpu > 0 && b.N > 0 {
		b.ReportMetric(float64(cpu-start)/1e6/float64(b.N), "cpu-ms/op")
	}
}
