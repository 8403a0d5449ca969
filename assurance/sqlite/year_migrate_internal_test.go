package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// A log made by the current release (schema 1) upgrades to the year's
// tables with every row kept, and then takes requests and decisions.
func TestSchema1LogUpgradesToYearTables(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "release.guardian")
	full := migrations
	withMigrations(t, full[:1])
	s, err := Create(path, Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	q := &assurance.Question{Area: "2.3", Text: "Made by the release", Status: assurance.StatusAnswered, Response: "Yes", Level: assurance.Limited}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "a.txt"}, strings.NewReader("a")); err != nil {
		t.Fatal(err)
	}
	counts := func(s *Store) map[string]int {
		out := map[string]int{}
		for _, tb := range []string{"questions", "evidence", "blobs", "audit", "meetings", "actions"} {
			var n int
			s.rdb.QueryRow(`SELECT count(*) FROM ` + tb).Scan(&n)
			out[tb] = n
		}
		return out
	}
	before := counts(s)
	oldQ, _ := s.Question(ctx, q.ID)
	s.Close()

	migrations = full
	s, err = Open(path, Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Info().SchemaVersion != latestVersion() {
		t.Fatalf("schema %d, want %d", s.Info().SchemaVersion, latestVersion())
	}
	if after := counts(s); len(after) != len(before) || after["questions"] != before["questions"] || after["audit"] != before["audit"] || after["evidence"] != before["evidence"] {
		t.Fatalf("rows before %v, after %v", before, after)
	}
	newQ, _ := s.Question(ctx, q.ID)
	if *newQ != *oldQ {
		t.Fatalf("question changed by the upgrade:\n%+v\n%+v", oldQ, newQ)
	}
	r := &assurance.EvidenceRequest{QuestionID: q.ID, From: "HR/OD", What: "Survey"}
	if err := s.CreateEvidenceRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	if ls, err := s.LogSettings(ctx); err != nil || ls.Org != assurance.OrgTrust {
		t.Fatalf("default log settings: %+v, %v", ls, err)
	}
}
