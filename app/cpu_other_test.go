//go:build !unix

package app

import "time"

// processCPU is not measured here; benchmarks then report 0 cpu-ms/op.
func processCPU() time.Duration { return 0 }
