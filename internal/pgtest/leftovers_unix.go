//go:build unix

package pgtest

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// stopLeftovers stops servers left behind by test runs that died (a panic,
// a timeout) before they could stop them.
func stopLeftovers(parent string) {
	dirs, _ := filepath.Glob(filepath.Join(parent, dirPrefix+"*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner.pid"))
		if err != nil {
			continue
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		if pid > 0 && syscall.Kill(pid, 0) == nil {
			continue // its test run is still going
		}
		if pm, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			if spid, _ := strconv.Atoi(strings.TrimSpace(string(bytes.SplitN(pm, []byte("\n"), 2)[0]))); spid > 0 {
				syscall.Kill(spid, syscall.SIGINT) // fast shutdown
				for i := 0; i < 50 && syscall.Kill(spid, 0) == nil; i++ {
					time.Sleep(100 * time.Millisecond)
				}
			}
		}
		os.RemoveAll(d)
	}
}
