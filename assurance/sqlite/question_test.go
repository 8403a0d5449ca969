package sqlite_test

import (
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// A log edited by hand (or by another tool) may hold text Guardian would
// refuse; it must still list.
func TestQuestionsReadTextGuardianWouldRefuse(t *testing.T) {
	s, path := newLog(t)
	q := mustQuestion(t, s, "1.1", "Clean")
	if _, err := rawDB(t, path).Exec(`UPDATE questions SET text = 'unit' || x'1f' || 'separator', comment = char(0) || 'nul' WHERE id = ?`, q.ID); err != nil {
		t.Fatal(err)
	}
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(qs) != 1 || qs[0].Text != "unit separator" || qs[0].Comment != "\x00nul" {
		t.Fatalf("questions: %+v, %v", qs, err)
	}
}
