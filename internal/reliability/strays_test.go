package reliability

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// killMidWrite runs a writer on the log at path and kills it with SIGKILL
// once it has reported some committed writes while a -wal is beside the
// log, returning what it reported. The writer closes and reopens the log
// along the way, so it is tried again if the kill lands while it is closed.
func killMidWrite(t *testing.T, path string) []result {
	t.Helper()
	var reported []result
	for try := 1; try <= 20; try++ {
		cmd := helperCommand(t, context.Background(), "writer", path, strconv.Itoa(try), "0")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		writes := 0
		for sc.Scan() {
			var r result
			if json.Unmarshal(sc.Bytes(), &r) != nil {
				continue
			}
			reported = append(reported, r)
			if r.Op != "ready" {
				writes++
			}
			if _, err := os.Stat(path + "-wal"); err == nil && writes >= 5 {
				break
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		for sc.Scan() {
			var r result
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				reported = append(reported, r)
			}
		}
		cmd.Wait()
		if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
			return reported
		}
	}
	t.Fatal("no kill left a -wal beside the log")
	return nil
}

// TestAnotherLogsWALAfterAKill is issue 17's reproduction with a real kill:
// a writer on log C is killed, leaving committed changes in C's -wal; that
// file is copied beside log B. Checking B and then writing to it must leave
// B whole, with the -wal moved aside and reported; C itself must recover
// every change the writer reported.
func TestAnotherLogsWALAfterAKill(t *testing.T) {
	b := newLog(t)
	s := openLog(t, b)
	if err := s.CreateQuestion(context.Background(), &assurance.Question{Area: "1.1", Text: "B's own question"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	c := newLog(t)
	reported := killMidWrite(t, c)
	wal, err := os.ReadFile(c + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b+"-wal", wal, 0o600); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}

	r := openReadOnly(t, b)
	rep, err := r.Check(context.Background())
	notices := r.Info().Notices
	r.Close()
	if err != nil || !rep.OK() {
		t.Fatalf("check of B with C's -wal beside it: %+v, %v", rep, err)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "does not belong") {
		t.Errorf("notices %q", notices)
	}
	if after, _ := os.ReadFile(b); !bytes.Equal(after, before) {
		t.Fatal("checking B changed it")
	}
	w := openLog(t, b)
	if err := w.CreateQuestion(context.Background(), &assurance.Question{Area: "1.1", Text: "B's second question"}); err != nil {
		t.Fatal(err)
	}
	verify(t, w, nil)
	qs, err := w.Questions(context.Background(), assurance.QuestionFilter{})
	w.Close()
	if err != nil || len(qs) != 2 {
		t.Fatalf("B holds %d questions (%v), want its own 2", len(qs), err)
	}
	var aside []string
	entries, _ := os.ReadDir(filepath.Dir(b))
	for _, e := range entries {
		aside = append(aside, e.Name())
	}
	if len(aside) != 2 || !strings.Contains(aside[1], "set-aside") {
		t.Errorf("beside B: %q, want the log and the set-aside -wal", aside)
	}

	sc := openLog(t, c)
	defer sc.Close()
	if n := sc.Info().Notices; len(n) != 0 {
		t.Fatalf("C's own -wal was not taken as its own: %q", n)
	}
	n := verify(t, sc, reported)
	t.Logf("B stayed whole with %d bytes of C's -wal beside it; C recovered every reported write (%d rows checked)", len(wal), n)
}

func openReadOnly(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(path, sqlite.Options{ReadOnly: true, Catalogue: assets.MustCatalogue()})
	if err != nil {
		t.Fatalf("open %s read-only: %v", path, err)
	}
	return s
}
