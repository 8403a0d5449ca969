package reliability

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// TestTwoWriters runs two writer processes on one log at the same moment,
// each making 120 changes (questions, answers to each other's questions,
// actions, evidence, batches). Neither may ever see "database is locked":
// both must finish, or be told in plain words that the log is in use. Then
// every change either reported is in the log.
func TestTwoWriters(t *testing.T) {
	path := newLog(t)
	const writers, changes = 2, "120"
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		reported []result
		failures []result
	)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := helperCommand(t, context.Background(), "writer", path, string(rune('1'+i)), changes)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Error(err)
				return
			}
			if err := cmd.Start(); err != nil {
				t.Error(err)
				return
			}
			res, rerr := readResults(out)
			werr := cmd.Wait()
			mu.Lock()
			defer mu.Unlock()
			if rerr != nil {
				t.Error(rerr)
			}
			for _, r := range res {
				if r.Op == "error" {
					failures = append(failures, r)
				} else {
					reported = append(reported, r)
				}
			}
			if werr != nil && len(failures) == 0 {
				t.Errorf("writer %d failed without saying why: %v", i+1, werr)
			}
		}()
	}
	wg.Wait()
	for _, f := range failures {
		// The only acceptable failure is the plain-words "in use" refusal.
		if f.Code != assurance.ELOCKED || strings.Contains(strings.ToLower(f.Message), "database is locked") || strings.Contains(f.Message, "SQLITE") {
			t.Errorf("a writer was shown %q (code %s; %s)", f.Message, f.Code, f.Detail)
		} else {
			t.Logf("a writer was told: %s", f.Message)
		}
	}
	// Both have closed: the last to close put the log back in rollback
	// mode, unless they closed at the same instant and each saw the other;
	// then the log is left as a crash would leave it, and recovered below.
	// A -wal beside a log marked rollback mode would be set aside unread.
	hdr, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, walErr := os.Stat(path + "-wal")
	if hdr[18] == 1 && walErr == nil {
		t.Errorf("a -wal was left beside a log marked rollback mode: its changes would be set aside")
	}
	t.Logf("after both closed: header mode %d, -wal left: %v", hdr[18], walErr == nil)
	s := openLog(t, path)
	defer s.Close()
	if n := s.Info().Notices; len(n) != 0 {
		t.Errorf("reopening the log after two writers: %q", n)
	}
	n := verify(t, s, reported)
	writes, finished := 0, 0
	for _, r := range reported {
		switch r.Op {
		case "done":
			finished++
		case "ready":
		default:
			writes++
		}
	}
	t.Logf("%d writers, %d changes committed side by side, %d refused in plain words; %d rows checked", writers, writes, len(failures), n)
	if finished+len(failures) != writers {
		t.Errorf("%d writers finished and %d were refused, of %d", finished, len(failures), writers)
	}
}
