package export_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/demo"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
)

// demoLog creates a demo log of nq questions and ne evidence files in a
// temporary folder, dated as if today were today.
func demoLog(t *testing.T, nq, ne int) *sqlite.Store {
	t.Helper()
	cat := catalogue(t)
	s, err := sqlite.Create(filepath.Join(t.TempDir(), "demo.guardian"), sqlite.Options{Catalogue: cat, Actor: "Demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := demo.Fill(context.Background(), s, cat, demo.Options{Questions: nq, Evidence: ne, Seed: 7, Today: today}); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDemoLogFiguresMatchTheLog exports a demo log and checks the workbook
// against the log itself: every question, action and evidence item is
// there once, and each area's figures are the log's.
func TestDemoLogFiguresMatchTheLog(t *testing.T) {
	ctx := context.Background()
	s := demoLog(t, 150, 120)
	path, res := writePaper(t, s, export.Options{})
	qs, _ := s.Questions(ctx, assurance.QuestionFilter{})
	acts, _ := s.Actions(ctx, 0)
	evs, _ := s.EvidenceList(ctx, 0)
	if res.Questions != len(qs) || res.Actions != len(acts) || res.Evidence != len(evs) || len(qs) != 150 || len(evs) != 120 {
		t.Fatalf("result %+v; log has %d questions, %d actions, %d evidence", res, len(qs), len(acts), len(evs))
	}
	f := open(t, path)
	for sheet, want := range map[string]int{export.SheetQuestions: len(qs), export.SheetActions: len(acts), export.SheetEvidence: len(evs)} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-2 != want {
			t.Errorf("%s has %d rows under its title and header, want %d", sheet, len(rows)-2, want)
		}
	}
	// Each area row agrees with the store's own count of its questions.
	for _, a := range catalogue(t).Default().Areas() {
		inArea, err := s.Questions(ctx, assurance.QuestionFilter{Area: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		open := 0
		for _, q := range inArea {
			if q.Open() {
				open++
			}
		}
		r := rowOf(t, f, export.SheetAreas, a.ID)
		if r[2] != strconv.Itoa(len(inArea)) || r[3] != strconv.Itoa(open) {
			t.Errorf("area %s row %q; the log has %d questions, %d open", a.ID, r, len(inArea), open)
		}
	}
	// The first question's dates are dates.
	q := qs[0]
	assertDate(t, f, export.SheetQuestions, "K3", q.RaisedOn)
	if !q.DueOn.IsZero() {
		assertDate(t, f, export.SheetQuestions, "M3", q.DueOn)
	}
}
