package sqlite_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func TestAuditIsAppendOnly(t *testing.T) {
	s, path := newLog(t)
	mustQuestion(t, s, "1.1", "Permanent record")
	db := rawDB(t, path)
	for _, stmt := range []string{
		`UPDATE audit SET actor = 'someone else'`,
		`DELETE FROM audit`,
		`DELETE FROM audit WHERE id = 1`,
	} {
		_, err := db.Exec(stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refusal", stmt, err)
		}
	}
	_, err := db.Exec(`UPDATE blob_chunks SET data = x'00'`)
	if err != nil {
		t.Fatal(err) // no rows yet: nothing to refuse
	}
	entries, err := s.Audit(ctx, assurance.AuditFilter{})
	if err != nil || len(entries) != 1 || entries[0].Actor != "Test Guardian" {
		t.Fatalf("audit after tampering attempts: %+v, %v", entries, err)
	}
}

func TestStoredEvidenceCannotBeRewritten(t *testing.T) {
	s, path := newLog(t)
	q := mustQuestion(t, s, "1.1", "Evidence")
	if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "a.txt"}, strings.NewReader("original")); err != nil {
		t.Fatal(err)
	}
	_, err := rawDB(t, path).Exec(`UPDATE blob_chunks SET data = ?`, []byte("forged!!"))
	if err == nil || !strings.Contains(err.Error(), "cannot be changed") {
		t.Fatalf("rewriting stored evidence: %v, want refusal", err)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Fatal(fmt.Sprint(rep, err))
	}
}
