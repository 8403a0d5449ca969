package sqlite

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// TestBackupBeforeMigrate opens a log made at the current format with one
// more migration added, as the next release will: the copy is made at the
// old format before the upgrade, and a failed copy stops the upgrade.
func TestBackupBeforeMigrate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.guardian")
	s, err := Create(path, Options{BeforeMigrate: func(int, int) (string, error) {
		t.Error("a new log asked for a backup")
		return "", nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateQuestion(context.Background(), &assurance.Question{Area: "1.1", Text: "Asked before the upgrade"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	old := latestVersion()

	saved := migrations
	migrations = append(append([]migration(nil), saved...), migration{version: old + 1, name: "test_next", sql: `CREATE TABLE next_release (x TEXT)`})
	t.Cleanup(func() { migrations = saved })

	if _, err := Open(path, Options{BeforeMigrate: func(int, int) (string, error) {
		return filepath.Join(dir, "missing folder", "copy.guardian"), nil
	}}); err == nil {
		t.Fatal("upgraded although the backup could not be made")
	}
	if v := userVersion(t, path); v != old {
		t.Fatalf("log upgraded to %d without a backup", v)
	}
	var from, to int
	dest := filepath.Join(dir, "before upgrade.guardian")
	s, err = Open(path, Options{BeforeMigrate: func(f, tt int) (string, error) { from, to = f, tt; return dest, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if from != old || to != old+1 || s.Info().SchemaVersion != old+1 {
		t.Errorf("hook called with %d -> %d; log at %d", from, to, s.Info().SchemaVersion)
	}
	if v := userVersion(t, dest); v != old {
		t.Errorf("the backup is at format %d, want the old %d", v, old)
	}
	migrations = saved
	b, err := Open(dest, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer b.Close()
	if qs, _ := b.Questions(context.Background(), assurance.QuestionFilter{}); len(qs) != 1 {
		t.Errorf("backup holds %d questions", len(qs))
	}
}

func userVersion(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := make([]byte, 100)
	if _, err := f.ReadAt(h, 0); err != nil {
		t.Fatal(err)
	}
	return int(binary.BigEndian.Uint32(h[60:]))
}
