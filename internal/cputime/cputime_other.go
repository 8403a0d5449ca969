//go:build !unix

package cputime

import "time"

// Process is not measured on this platform; benchmarks then report wall time only.
func Process() time.Duration { return 0 }
