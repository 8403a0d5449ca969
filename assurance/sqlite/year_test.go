package sqlite_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func addQuestion(t testing.TB, s assurance.Store, area, text string) *assurance.Question {
	t.Helper()
	q := &assurance.Question{Area: area, Text: text}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	return q
}

func TestEvidenceRequestsOverdueAndSatisfiedByEvidence(t *testing.T) {
	s, path := newLog(t)
	q := addQuestion(t, s, "4.1", "How do we know sickness absence is falling?")
	today := assurance.MustDate("2026-12-02")
	late := &assurance.EvidenceRequest{QuestionID: q.ID, From: "Head of occupational health", What: "OH activity report for Q2",
		Kind: "OH activity report", RequestedOn: assurance.MustDate("2026-10-01"), DueOn: assurance.MustDate("2026-11-01")}
	onTime := &assurance.EvidenceRequest{QuestionID: q.ID, From: "Chief People Officer", What: "Sickness absence report",
		RequestedOn: assurance.MustDate("2026-11-20"), DueOn: assurance.MustDate("2026-12-20")}
	withdrawn := &assurance.EvidenceRequest{QuestionID: q.ID, From: "HR/OD", What: "Old survey", State: assurance.RequestWithdrawn,
		RequestedOn: assurance.MustDate("2026-09-01"), DueOn: assurance.MustDate("2026-09-30")}
	for _, r := range []*assurance.EvidenceRequest{late, onTime, withdrawn} {
		if err := s.CreateEvidenceRequest(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	overdue, err := s.EvidenceRequests(ctx, assurance.RequestFilter{OverdueOn: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(overdue) != 1 || overdue[0].ID != late.ID || overdue[0].QuestionRef != q.Ref || overdue[0].Shown(today) != assurance.RequestOverdue {
		t.Fatalf("overdue requests: %+v", overdue)
	}

	// Evidence on another question cannot satisfy it.
	other := addQuestion(t, s, "1.1", "Another")
	ev := &assurance.Evidence{QuestionID: other.ID, Name: "report.txt"}
	if err := s.AttachEvidence(ctx, ev, strings.NewReader("OH activity")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ReceiveEvidence(ctx, late.ID, ev.ID, today), assurance.EINVALID)

	ev = &assurance.Evidence{QuestionID: q.ID, Name: "oh-q2.pdf"}
	if err := s.AttachEvidence(ctx, ev, strings.NewReader("%PDF-1.4 OH activity")); err != nil {
		t.Fatal(err)
	}
	if err := s.ReceiveEvidence(ctx, late.ID, ev.ID, today); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, path, options())
	all, err := s.EvidenceRequests(ctx, assurance.RequestFilter{QuestionID: q.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Fatalf("%d requests, want 3", len(all))
	}
	got := all[1] // ordered by due date: withdrawn (Sep), late (Nov), on time (Dec)
	if got.ID != late.ID || got.State != assurance.RequestReceived || got.EvidenceID != ev.ID || got.ReceivedOn != today || got.Version != 2 {
		t.Fatalf("received request: %+v", got)
	}
	if overdue, _ := s.EvidenceRequests(ctx, assurance.RequestFilter{OverdueOn: today}); len(overdue) != 0 {
		t.Fatalf("still overdue after receipt: %+v", overdue)
	}
	entries, err := s.Audit(ctx, assurance.AuditFilter{Object: assurance.ObjectRequest})
	if err != nil || len(entries) != 4 {
		t.Fatalf("audit entries for requests: %d, %v", len(entries), err)
	}
	c, err := assurance.DecodeAudit(entries[0])
	if err != nil || !strings.Contains(c.Line(40), "State: Requested → Received") {
		t.Fatalf("audit of the receipt: %q, %v", c.Line(40), err)
	}

	// A request with no one to ask is refused, naming the field.
	bad := &assurance.EvidenceRequest{QuestionID: q.ID, What: "Anything"}
	err = s.CreateEvidenceRequest(ctx, bad)
	wantCode(t, err, assurance.EINVALID)
	if e, ok := err.(*assurance.Error); !ok || e.Fields[assurance.FieldFrom] == "" {
		t.Fatalf("error does not name the field: %v", err)
	}
}

func TestEvidenceKindsAndTags(t *testing.T) {
	s, _ := newLog(t)
	q := addQuestion(t, s, "4.1", "Q")
	ev := &assurance.Evidence{QuestionID: q.ID, Name: "mhs.csv"}
	if err := s.AttachEvidence(ctx, ev, strings.NewReader("a,b\n1,2\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetEvidenceKind(ctx, ev.ID, "Model Health System extract"); err != nil {
		t.Fatal(err)
	}
	kinds, err := s.EvidenceKindsOf(ctx)
	if err != nil || kinds[ev.ID] != "Model Health System extract" {
		t.Fatalf("kinds: %v, %v", kinds, err)
	}
	if err := s.SetQuestionTags(ctx, q.ID, []string{assurance.TagCommissioned, " baf:SR2 ", ""}); err != nil {
		t.Fatal(err)
	}
	tags, err := s.QuestionTags(ctx)
	if err != nil || !reflect.DeepEqual(tags[q.ID], []string{"baf:SR2", assurance.TagCommissioned}) {
		t.Fatalf("tags: %v, %v", tags, err)
	}
	// Removing the evidence removes its kind; deleting the question its tags.
	if err := s.RemoveEvidence(ctx, ev.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteQuestion(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	kinds, _ = s.EvidenceKindsOf(ctx)
	tags, _ = s.QuestionTags(ctx)
	if len(kinds) != 0 || len(tags) != 0 {
		t.Fatalf("left behind: kinds %v, tags %v", kinds, tags)
	}
}

func TestDecisionsLogSettingsAndCoverSheet(t *testing.T) {
	s, path := newLog(t)
	q := addQuestion(t, s, "1.2", "Was the effect on night staff considered?")
	d := &assurance.Decision{Decision: "Close the staff car park for rebuilding", Meeting: "Board, 5 Nov 2026",
		DecidedOn: assurance.MustDate("2026-11-05"), Impact: assurance.ImpactPartly, Unintended: true,
		Comment: "Night staff parking not addressed", QuestionID: q.ID}
	if err := s.CreateDecision(ctx, d); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateDecision(ctx, &assurance.Decision{Decision: "No answer"}), assurance.EINVALID)

	ls := assurance.LogSettings{Scale: assurance.ScaleRAG, Org: assurance.OrgICB, Committee: "People Committee",
		Cadence: "Quarterly", EvidenceKinds: []string{"Pulse survey", "pulse survey"}, BAFRisks: []string{"SR2 Workforce capacity"}}
	if err := s.UpdateLogSettings(ctx, ls); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.UpdateLogSettings(ctx, assurance.LogSettings{Scale: "stars"}), assurance.EINVALID)
	m := &assurance.Meeting{Kind: assurance.Board, Date: assurance.MustDate("2027-01-14")}
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	cover := assurance.CoverSheet{AgendaItem: "7.2", Author: "A. Guardian", ExecutiveLead: "Chief People Officer",
		Purpose: "Assurance", Level: assurance.Reasonable, LevelReason: "Most areas answered with evidence",
		CQCDomains: []string{"Well-led"}, BAFRisks: []string{"SR2"}, Equality: "No adverse impact identified",
		PreviouslyBy: "People Committee, 10 Dec 2026", Recommendation: "The board is asked to note", ExecutiveSummary: "Summary"}
	if err := s.SaveCoverSheet(ctx, m.ID, cover); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SaveCoverSheet(ctx, m.ID, assurance.CoverSheet{Purpose: "Decoration"}), assurance.EINVALID)

	s = reopen(t, s, path, options())
	ds, err := s.Decisions(ctx)
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions: %v, %v", ds, err)
	}
	got := ds[0]
	if got.QuestionRef != q.Ref || got.Impact != assurance.ImpactPartly || !got.Unintended || got.Comment != d.Comment || got.DecidedOn != d.DecidedOn {
		t.Fatalf("decision read back: %+v", got)
	}
	gotLS, err := s.LogSettings(ctx)
	ls.EvidenceKinds = []string{"Pulse survey"}
	if err != nil || !reflect.DeepEqual(gotLS, ls) {
		t.Fatalf("log settings: %+v, %v", gotLS, err)
	}
	gotCover, err := s.CoverSheet(ctx, m.ID)
	if err != nil || !reflect.DeepEqual(gotCover, cover) {
		t.Fatalf("cover sheet: %+v, %v", gotCover, err)
	}
	// Deleting the question keeps the decision, without its link.
	if err := s.DeleteQuestion(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	ds, _ = s.Decisions(ctx)
	if ds[0].QuestionID != 0 {
		t.Fatalf("decision still links a deleted question: %+v", ds[0])
	}
	for _, object := range []string{assurance.ObjectDecision, assurance.ObjectLogSettings, assurance.ObjectCoverSheet} {
		entries, err := s.Audit(ctx, assurance.AuditFilter{Object: object})
		if err != nil || len(entries) == 0 {
			t.Fatalf("no audit entry for %s: %v", object, err)
		}
		if _, err := assurance.DecodeAudit(entries[0]); err != nil {
			t.Fatalf("audit entry for %s: %v", object, err)
		}
	}
}

func TestSearchForTheNewRoleNameFindsTheOld(t *testing.T) {
	s, _ := newLog(t)
	old := addQuestion(t, s, "1.2", "Does the Wellbeing Guardian see the sickness data?")
	newer := addQuestion(t, s, "1.2", "Does the health and wellbeing guardian attend the People Committee?")
	addQuestion(t, s, "1.2", "Is health and safety reported?")
	for _, query := range []string{"health and wellbeing guardian", "Health and Wellbeing Guardian", "wellbeing guardian"} {
		hits, err := s.Search(ctx, query, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]bool{}
		for _, h := range hits {
			got[h.QuestionID] = true
		}
		if !got[old.ID] || !got[newer.ID] || len(got) != 2 {
			t.Errorf("%q found %v, want both names and nothing else", query, got)
		}
	}
}
