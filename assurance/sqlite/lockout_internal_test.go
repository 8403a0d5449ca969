package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// TestWALInUseIsNeverSetAside: a program opening the log looks for a -wal
// and at the header without SQLite. Between two other programs, one closing
// the log (marking it rollback) and one opening it (making a new -wal and
// committing into it), those looks once saw a rollback header and a -wal
// holding a change that had been reported saved, and moved it aside: the
// change was lost (TestTwoProcessesWriting, 2 runs in 40 under load). The
// test stands in for that moment by marking the header rollback while a
// store has the log open with a commit in its -wal: the -wal must stay,
// because someone has the log open.
func TestWALInUseIsNeverSetAside(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "trust.guardian")
	s, err := Create(path, Options{Actor: "Test Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	q := &assurance.Question{Framework: "growing-ohwb-together", Area: "3.2", Text: "Saved while open", RaisedOn: assurance.MustDate("2026-03-12")}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the open log has no -wal holding its commit: %v", err)
	}
	markHeader := func(mode byte) {
		t.Helper()
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteAt([]byte{mode, mode}, offWriteVersion); err != nil {
			t.Fatal(err)
		}
	}
	markHeader(1)
	notice, err := setAsideStrayWAL(path, time.Now())
	if err != nil || notice != "" || !exists(path+"-wal") {
		t.Fatalf("with the log open in this program, its -wal was judged: %q, %v", notice, err)
	}
	// As if the store were another program's: SQLite's own lock on the
	// -shm says the log is open.
	openHere.add(path, -1)
	notice, err = setAsideStrayWAL(path, time.Now())
	openHere.add(path, 1)
	markHeader(2)
	if err != nil || notice != "" || !exists(path+"-wal") {
		t.Fatalf("with the log open in another program, its -wal was judged: %q, %v", notice, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, err := r.Question(ctx, q.ID); err != nil || got.Text != "Saved while open" {
		t.Fatalf("the question saved while open: %+v, %v", got, err)
	}
}
