//go:build unix

package reliability

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// crashKills is how many times TestCrash kills the writer. `make test` uses
// the default; `make crash` sets GUARDIAN_CRASH_KILLS for the long run.
func crashKills(t *testing.T) int {
	if v := os.Getenv("GUARDIAN_CRASH_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("GUARDIAN_CRASH_KILLS=%q is not a number of kills", v)
		}
		return n
	}
	if testing.Short() {
		return 3
	}
	return 12
}

// TestCrash kills a writer process with SIGKILL at random moments (while it
// creates questions, saves answers, adds actions, streams evidence of up to
// 4 MB, commits a batch, or closes the log, checkpointing it, and opens it
// again) and after each kill reopens the log and checks
// that SQLite finds it sound, every write the writer had reported committed
// is there and unchanged, every evidence file matches its SHA-256, no batch
// is half saved, and the audit log matches the data.
//
// Most kills wait until the writer has reported a random number (1 to 10)
// of commits, so every such run is known to have died mid-workload, whatever
// the machine's load; one kill in six lands a few milliseconds after the
// start, while the log is opening. The test reports which is which, never
// guessing from files left beside the log.
func TestCrash(t *testing.T) {
	kills := crashKills(t)
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("GUARDIAN_CRASH_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("seed %d (set GUARDIAN_CRASH_SEED to repeat)", seed)
	rnd := rand.New(rand.NewPCG(seed, 1))
	path := newLog(t)
	var reported []result
	var checked, midWork, opening, beforeReady int
	for kill := 1; kill <= kills; kill++ {
		ctx, cancel := context.WithCancel(context.Background())
		cmd := helperCommand(t, ctx, "writer", path, strconv.FormatUint(seed+uint64(kill), 10), "0")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := streamResults(t, out)
		fail := func(format string, args ...any) {
			cancel() // kills the writer
			t.Fatalf(format, args...)
		}
		var res []result
		writes := 0
		if rnd.IntN(6) == 0 {
			opening++
			time.Sleep(time.Duration(rnd.IntN(15)) * time.Millisecond)
		} else {
			// Wait for the writer's commits, then kill a little later:
			// between writes, or in the middle of the next one.
			least := 1 + rnd.IntN(10)
			deadline := time.After(30 * time.Second)
			for writes < least {
				select {
				case r, ok := <-lines:
					if !ok {
						fail("kill %d: the writer ended after %d of %d commits: %+v", kill, writes, least, res)
					}
					res = append(res, r)
					if r.Op != "ready" {
						writes++
					}
				case <-deadline:
					fail("kill %d: the writer reported %d commits in 30 s, want %d", kill, writes, least)
				}
			}
			midWork++
			time.Sleep(time.Duration(rnd.IntN(60)) * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", kill, err)
		}
		for r := range lines {
			res = append(res, r)
		}
		err = cmd.Wait()
		cancel()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			// It died by itself: a writer error, which the helper printed.
			t.Fatalf("kill %d: writer ended before the kill: %v %+v", kill, err, res)
		}
		if len(res) == 0 {
			beforeReady++
		}
		reported = append(reported, res...)
		s := openLog(t, path)
		if n := s.Info().Notices; len(n) != 0 {
			// A kill leaves the log marked WAL mode with its own -wal,
			// which must be recovered, never set aside.
			t.Fatalf("kill %d: reopening said %q", kill, n)
		}
		checked += verify(t, s, reported)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	writes := 0
	for _, r := range reported {
		if r.Op != "ready" {
			writes++
		}
	}
	if writes < midWork {
		t.Errorf("%d commits reported in %d kills mid-workload: each should have had at least one", writes, midWork)
	}
	t.Logf("survived %d SIGKILLs: %d after the writer had reported 1 to 10 commits (mid-workload), %d within 15 ms of its start (%d of them before it had opened the log); %d committed writes reported and all present; %d rows and audit entries checked in all",
		kills, midWork, opening, beforeReady, writes, checked)
}

// streamResults passes a helper's result lines on as they come, closing the
// channel when its output ends.
func streamResults(t *testing.T, r io.Reader) <-chan result {
	lines := make(chan result)
	go func() {
		defer close(lines)
		if err := scanResults(r, func(res result) { lines <- res }); err != nil {
			t.Error(err)
		}
	}()
	return lines
}
