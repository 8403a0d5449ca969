package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/nhsguardian/guardian/assurance"
)

// yearTestLog is a log with one question and one overdue evidence request.
func yearTestLog(t *testing.T) string {
	t.Helper()
	path := newTestLog(t, q("4.1", "Is sickness absence falling?"), q("1.1", "Is OHWB heard at board?"))
	s, err := testOptions(nil).Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	y := assurance.YearOf(s)
	today := assurance.Today()
	if err := y.CreateEvidenceRequest(context.Background(), &assurance.EvidenceRequest{QuestionID: 1, From: "Head of occupational health",
		What: "OH activity report for Q2", RequestedOn: today.AddDays(-40), DueOn: today.AddDays(-10)}); err != nil {
		t.Fatal(err)
	}
	if err := y.CreateEvidenceRequest(context.Background(), &assurance.EvidenceRequest{QuestionID: 2, From: "Chief People Officer",
		What: "Staff survey results", RequestedOn: today.AddDays(-2), DueOn: today.AddDays(20)}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOverdueEvidenceRequestsListedInTheApp(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(yearTestLog(t), false)
	ws := u.ws

	ws.selectTab(tabDashboard)
	if text := ws.dashboard.attention.Text; !strings.Contains(text, "Evidence requests overdue (1)") || !strings.Contains(text, "Q-0001: OH activity report for Q2 from Head of occupational health") {
		t.Fatalf("dashboard attention:\n%s", text)
	}

	ws.selectTab(tabRequests)
	r := ws.requests
	if len(r.shown) != 2 || r.cell(0, 0) != "OVERDUE" || r.cell(0, 1) != "Q-0001" || r.cell(1, 0) != "Requested" {
		t.Fatalf("requests shown: %d, first %q %q", len(r.shown), r.cell(0, 0), r.cell(0, 1))
	}
	test.Tap(&r.overdueOnly.Check)
	if len(r.shown) != 1 || r.shown[0].QuestionRef != "Q-0001" {
		t.Fatalf("overdue only: %+v", r.shown)
	}
	if !strings.Contains(r.summary.Text, "2 evidence requests; 1 overdue") {
		t.Fatalf("summary %q", r.summary.Text)
	}

	// Receiving it takes it off the overdue list and the dashboard.
	r.choose(r.shown[0])
	test.Tap(&r.receive.Button)
	if len(r.shown) != 0 {
		t.Fatalf("still overdue after receipt: %+v", r.shown)
	}
	ws.selectTab(tabDashboard)
	if text := ws.dashboard.attention.Text; !strings.Contains(text, "Evidence requests overdue (0)") {
		t.Fatalf("dashboard after receipt:\n%s", text)
	}
}

func TestEvidenceRequestFormSavesAndNamesProblems(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(yearTestLog(t), false)
	ws := u.ws
	ws.selectTab(tabRequests)
	r := ws.requests
	test.Tap(&r.add.Button)
	if !r.errs["question"].Visible() {
		t.Fatal("no message asking for the question")
	}
	r.question.SetSelectedIndex(1)
	r.what.SetText("Sickness absence report by staff group")
	r.due.SetText("31/01/2099")
	test.Tap(&r.add.Button)
	if !r.errs[assurance.FieldFrom].Visible() {
		t.Fatal("no message asking who the request is to")
	}
	r.from.SetText("Freedom to Speak Up Guardian")
	r.kind.SetSelected("Sickness absence report")
	test.Tap(&r.add.Button)
	if len(r.all) != 3 {
		t.Fatalf("%d requests after adding, want 3", len(r.all))
	}
	got := r.find(r.selected.ID)
	if got.QuestionRef != "Q-0002" || got.From != "Freedom to Speak Up Guardian" || got.Kind != "Sickness absence report" || got.DueOn != assurance.MustDate("2099-01-31") {
		t.Fatalf("saved request: %+v", got)
	}
}

func TestDecisionScreenSaves(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(yearTestLog(t), false)
	ws := u.ws
	ws.selectTab(tabDecisions)
	d := ws.decisions
	d.decision.SetText("Close the staff car park for rebuilding")
	d.meeting.SetText("Board")
	d.date.SetText("05/11/2026")
	test.Tap(&d.save.Button)
	if !d.errs[assurance.FieldImpact].Visible() {
		t.Fatal("no message asking whether the effect was considered")
	}
	d.impact.SetSelected("Partly")
	d.unintended.SetChecked(true)
	d.question.SetSelectedIndex(1)
	test.Tap(&d.save.Button)
	if len(d.all) != 1 || d.cell(0, 3) != "Partly" || d.cell(0, 4) != "Yes" || d.cell(0, 5) != "Q-0001" {
		t.Fatalf("decisions: %d %+v", len(d.all), d.all)
	}
}

func TestEvidenceKindSetFromTheEvidencePanel(t *testing.T) {
	path := yearTestLog(t)
	s, err := testOptions(nil).Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	ev := &assurance.Evidence{QuestionID: 1, Name: "absence.csv"}
	if err := s.AttachEvidence(context.Background(), ev, strings.NewReader("a,b\n")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	u, _ := newTestUI(t)
	u.OpenLog(path, false)
	u.ws.showQuestion(1)
	p := u.ws.editor.evidence
	p.selected = 0
	p.enableButtons()
	test.Tap(&p.kindB.Button)
	p.kind.SetSelected("Sickness absence report")
	test.Tap(button(t, u, "Save"))
	kinds, err := assurance.YearOf(u.ws.store).EvidenceKindsOf(context.Background())
	if err != nil || kinds[ev.ID] != "Sickness absence report" {
		t.Fatalf("kinds %v, %v", kinds, err)
	}
}
