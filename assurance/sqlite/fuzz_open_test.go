package sqlite_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// fuzzSeedLog returns the bytes of a small, closed log with one question.
func fuzzSeedLog(f *testing.F) []byte {
	path := filepath.Join(f.TempDir(), "seed.guardian")
	s, err := sqlite.Create(path, sqlite.Options{Actor: "Fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	if err := s.CreateQuestion(context.Background(), &assurance.Question{Area: "1.1", Text: "Seed question"}); err != nil {
		f.Fatal(err)
	}
	if err := s.Close(); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// FuzzOpen hands sqlite.Open arbitrary bytes as a log file. It must return an
// error or a store that answers, never panic or hang, and a file it refuses
// (or opens read-only) must be left byte-identical, and one it refuses with
// nothing beside it.
func FuzzOpen(f *testing.F) {
	good := fuzzSeedLog(f)
	f.Add(good[:4096])
	f.Add(good[:100])
	f.Add(good[:99])
	f.Add([]byte("SQLite format 3\x00"))
	f.Add([]byte("not a log at all"))
	f.Add([]byte{})
	newer := bytes.Clone(good[:4096])
	binary.BigEndian.PutUint32(newer[60:], 999) // user_version from the future
	f.Add(newer)
	other := bytes.Clone(good[:4096])
	binary.BigEndian.PutUint32(other[68:], 0) // a database, but not Guardian's
	f.Add(other)
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "fuzz.guardian")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{true, false} {
			done := make(chan struct{})
			var mustBeUnchanged bool
			go func() {
				defer close(done)
				s, err := sqlite.Open(path, sqlite.Options{ReadOnly: ro, BusyTimeout: time.Second})
				if err != nil {
					if assurance.ErrorMessage(err) == "" {
						t.Errorf("error without a message: %v", err)
					}
					mustBeUnchanged = true
					return
				}
				ctx := context.Background()
				s.Questions(ctx, assurance.QuestionFilter{})
				s.Audit(ctx, assurance.AuditFilter{Limit: 5})
				s.Check(ctx)
				s.Close()
				mustBeUnchanged = ro
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("Open (read-only %v) hung on %d bytes", ro, len(data))
			}
			if !mustBeUnchanged {
				continue // opened to write: it may upgrade or checkpoint the log
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("Open (read-only %v) changed a file it refused or only read", ro)
			}
			// Neither a refusal nor a read-only open leaves anything beside it.
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Fatalf("Open (read-only %v) left files beside the log: %v", ro, entries)
			}
		}
	})
}
