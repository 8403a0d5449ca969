package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
)

// A batch of many questions prepares each of its statements once.
func TestABatchPreparesEachStatementOnce(t *testing.T) {
	s, err := Create(filepath.Join(t.TempDir(), "log.guardian"), Options{Catalogue: assets.MustCatalogue(), Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var distinct int
	err = s.batch(ctx, func(w *writer) error {
		for i := 0; i < 200; i++ {
			q := &assurance.Question{Area: "1.1", Text: "Is it working?", Status: assurance.StatusAsked}
			if err := w.CreateQuestion(ctx, q); err != nil {
				return err
			}
			if err := w.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: "Check"}); err != nil {
				return err
			}
		}
		distinct = len(w.tx.stmts)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if distinct == 0 || distinct > 12 {
		t.Errorf("%d statements prepared for 400 changes of two kinds, want a handful", distinct)
	}
	if qs, _ := s.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 200 {
		t.Errorf("%d questions saved, want 200", len(qs))
	}
}
