//go:build unix

package reliability

import (
	"context"
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
	var checked, midWrite int
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
		// Mostly kill while writing; sometimes while the log is still opening.
		wait := time.Duration(20+rnd.IntN(400)) * time.Millisecond
		if rnd.IntN(6) == 0 {
			wait = time.Duration(rnd.IntN(15)) * time.Millisecond
		}
		done := make(chan []result)
		go func() {
			res, err := readResults(out)
			if err != nil {
				t.Error(err)
			}
			done <- res
		}()
		time.Sleep(wait)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", kill, err)
		}
		res := <-done
		err = cmd.Wait()
		cancel()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			// It died by itself: a writer error, which the helper printed.
			t.Fatalf("kill %d: writer ended before the kill: %v %+v", kill, err, res)
		}
		if _, err := os.Stat(path + "-wal"); err == nil {
			midWrite++
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
	t.Logf("survived %d SIGKILLs (%d left a -wal to recover); %d committed writes reported and all present; %d rows and audit entries checked in all",
		kills, midWrite, writes, checked)
}
