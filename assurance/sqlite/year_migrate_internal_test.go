package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// A log made by the release before these tables (the fixture that
// TestUpgradeFromReleaseV1 also upgrades, made by that release's code)
// upgrades to the year's tables with every row kept, and then takes
// requests and decisions.
func TestSchema1LogUpgradesToYearTables(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "release.guardian")
	fixture, err := os.ReadFile(filepath.Join("testdata", "v1", "release-v1.guardian"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	tables := []string{"questions", "evidence", "blobs", "audit", "meetings", "actions"}
	counts := func(s *Store) map[string]int {
		out := map[string]int{}
		for _, tb := range tables {
			var n int
			if err := s.rdb.QueryRow(`SELECT count(*) FROM ` + tb).Scan(&n); err != nil {
				t.Fatalf("count %s: %v", tb, err)
			}
			out[tb] = n
		}
		return out
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]int{}
	for _, tb := range tables {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM ` + tb).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", tb, err)
		}
		before[tb] = n
	}
	raw.Close()
	if before["questions"] == 0 {
		t.Fatal("the fixture holds no questions")
	}

	s, err := Open(path, Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Info().SchemaVersion != latestVersion() {
		t.Fatalf("schema %d, want %d", s.Info().SchemaVersion, latestVersion())
	}
	if after := counts(s); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("rows before %v, after %v", before, after)
	}
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(qs) == 0 {
		t.Fatalf("questions after the upgrade: %d, %v", len(qs), err)
	}
	q := qs[0]
	r := &assurance.EvidenceRequest{QuestionID: q.ID, From: "HR/OD", What: "Survey"}
	if err := s.CreateEvidenceRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	if ls, err := s.LogSettings(ctx); err != nil || ls.Org != assurance.OrgTrust {
		t.Fatalf("default log settings: %+v, %v", ls, err)
	}
}
