package sqlite

import (
	"path/filepath"
	"testing"
)

// TestWritesAreDurableInBothJournalModes checks the writer's sync level. An
// attach commits in rollback-journal mode by deleting the journal, and only
// synchronous=EXTRA (3) syncs the folder after that deletion; FULL (2)
// would leave a reported attach to be undone by a power cut.
func TestWritesAreDurableInBothJournalModes(t *testing.T) {
	s, err := Create(filepath.Join(t.TempDir(), "trust.guardian"), Options{Actor: "Test Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var level int
	if err := s.wdb.QueryRow(`PRAGMA synchronous`).Scan(&level); err != nil {
		t.Fatal(err)
	}
	if level != 3 {
		t.Fatalf("the writer's synchronous level is %d, want 3 (EXTRA)", level)
	}
}
