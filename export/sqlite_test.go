package export_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
)

// TestRealLog exports a real SQLite log written through the Store, so the
// changes sheet reads the store's own audit records and the evidence files
// come from its vault.
func TestRealLog(t *testing.T) {
	ctx := context.Background()
	cat := catalogue(t)
	s, err := sqlite.Create(filepath.Join(t.TempDir(), "trust.guardian"), sqlite.Options{Catalogue: cat, Actor: "Test Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := assurance.Today()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.UpdateSettings(ctx, assurance.Settings{Organisation: "Northshire Community Health NHS Trust", Guardian: "Dr A. Guardian"}))
	prev := &assurance.Meeting{Kind: assurance.Board, Title: "Public Board", Date: now.AddDays(-90)}
	next := &assurance.Meeting{Kind: assurance.Board, Title: "Public Board", Date: now.AddDays(10)}
	must(s.CreateMeeting(ctx, prev))
	must(s.CreateMeeting(ctx, next))
	// Raised before the last Board, answered and closed since.
	q1 := &assurance.Question{Area: "2.5", Text: "How do we know quality improvement reaches OH?", AskedOf: "Chief Nurse",
		RaisedOn: now.AddDays(-100), MeetingID: prev.ID, DueOn: now.AddDays(-20), Status: assurance.StatusAsked}
	must(s.CreateQuestion(ctx, q1))
	q1.Status, q1.Response, q1.RespondedOn, q1.Level = assurance.StatusAnswered, "Through the QI programme board.", now.AddDays(-5), assurance.Reasonable
	must(s.UpdateQuestion(ctx, q1))
	q1.Status = assurance.StatusClosed
	must(s.UpdateQuestion(ctx, q1))
	// Raised since, hostile.
	q2 := &assurance.Question{Area: "2.5", Text: hostileQuestion, AskedOf: "Chief People Officer", RaisedOn: now.AddDays(-3), Status: assurance.StatusAsked}
	must(s.CreateQuestion(ctx, q2))
	must(s.CreateAction(ctx, &assurance.Action{QuestionID: q2.ID, Text: hostileAction, Owner: "Head of OH", DueOn: now.AddDays(-1)}))
	ev := &assurance.Evidence{QuestionID: q1.ID, Name: "QI report.pdf", Description: hostileEvDesc}
	must(s.AttachEvidence(ctx, ev, strings.NewReader("%PDF-1.4 QI report")))

	path := filepath.Join(t.TempDir(), "paper.xlsx")
	res, err := export.WriteFile(ctx, s, cat, path, export.Options{Today: now, IncludeEvidence: true})
	must(err)
	if res.Questions != 2 || res.Actions != 1 || res.Evidence != 1 || res.EvidenceFiles != 1 {
		t.Errorf("result = %+v", res)
	}
	b, err := os.ReadFile(filepath.Join(res.EvidenceDir, "Q-0001 E1 QI report.pdf"))
	if err != nil || string(b) != "%PDF-1.4 QI report" {
		t.Errorf("exported evidence = %q, %v", b, err)
	}
	f := open(t, path)
	rows, err := f.GetRows(export.SheetChanges)
	must(err)
	var got []string
	for _, r := range rows {
		if len(r) >= 7 && strings.HasPrefix(r[0], "Q-") {
			got = append(got, r[0]+" "+r[3]+" "+r[6])
		}
	}
	want := "Q-0001 Answered |Q-0001 Assurance level First assessed|Q-0001 Closed |Q-0002 Raised "
	if strings.Join(got, "|") != want {
		t.Errorf("changes = %q, want %q", strings.Join(got, "|"), want)
	}
	// Scopes reach the store's own filters.
	for _, c := range []struct {
		scope export.Scope
		want  int
	}{{export.Scope{Driver: "1"}, 0}, {export.Scope{Driver: "2"}, 2}, {export.Scope{OpenOnly: true}, 1}, {export.Scope{MeetingID: prev.ID}, 1}} {
		res, err := export.WriteFile(ctx, s, cat, filepath.Join(t.TempDir(), "scoped.xlsx"), export.Options{Today: now, Scope: c.scope})
		if err != nil || res.Questions != c.want {
			t.Errorf("scope %+v: %d questions, %v; want %d", c.scope, res.Questions, err, c.want)
		}
	}
	if v := rowOf(t, f, export.SheetQuestions, "Q-0002"); v[2] != hostileQuestion {
		t.Errorf("question text = %q", v[2])
	}
	if v := rowOf(t, f, export.SheetActions, "Q-0002"); v[2] != strings.TrimSpace(hostileAction) || v[6] != "Overdue" {
		t.Errorf("action row = %q", v)
	}
}
