package assurance_test

import (
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
)

func TestSummariseCountsCoverageAndFlagsAreas(t *testing.T) {
	fw := assets.MustCatalogue().Default()
	today := assurance.MustDate("2026-11-23")
	q := func(id int64, area string, st assurance.Status, lvl assurance.AssuranceLevel, due, responded string) *assurance.Question {
		return &assurance.Question{ID: id, Area: area, Status: st, Level: lvl,
			DueOn: assurance.MustDate(due), RespondedOn: assurance.MustDate(responded)}
	}
	qs := []*assurance.Question{
		q(1, "4.1", assurance.StatusAnswered, assurance.Reasonable, "2026-10-01", "2026-09-20"),
		q(2, "4.1", assurance.StatusClosed, assurance.Limited, "2026-10-01", "2026-10-15"),
		q(3, "2.2", assurance.StatusAsked, assurance.NotAssessed, "2026-11-01", ""), // overdue
		q(4, "3.6", assurance.StatusAnswered, assurance.NoAssurance, "", "2026-11-01"),
		{ID: 5, Framework: "another-framework", Area: "4.1", Status: assurance.StatusAsked, Level: assurance.NotAssessed},
	}
	ev := []*assurance.Evidence{{QuestionID: 1}, {QuestionID: 2}, {QuestionID: 5}}
	s := assurance.Summarise(fw, qs, ev, today)

	if len(s.Areas) != 23 || s.Questions != 4 || s.Open != 3 || s.Overdue != 1 || s.Unassessed != 1 || s.Evidence != 2 {
		t.Fatalf("summary = %d areas, %d questions, %d open, %d overdue, %d unassessed, %d evidence",
			len(s.Areas), s.Questions, s.Open, s.Overdue, s.Unassessed, s.Evidence)
	}
	var a41 *assurance.AreaCoverage
	for _, c := range s.Areas {
		if c.Area.ID == "4.1" {
			a41 = c
		}
	}
	if a41.Weakest != assurance.Limited || a41.Latest != assurance.Limited || a41.LastReviewed != assurance.MustDate("2026-10-15") || a41.Evidence != 2 {
		t.Errorf("4.1 coverage = weakest %s, latest %s, reviewed %v, evidence %d", a41.Weakest, a41.Latest, a41.LastReviewed, a41.Evidence)
	}
	if len(s.NoQuestions) != 20 {
		t.Errorf("%d areas without questions, want 20", len(s.NoQuestions))
	}
	if len(s.NoEvidence) != 2 { // 2.2 and 3.6 have questions but no evidence
		t.Errorf("areas without evidence = %d, want 2", len(s.NoEvidence))
	}
	if len(s.OnlyWeak) != 1 || s.OnlyWeak[0].ID != "3.6" {
		t.Errorf("areas with only weak assurance = %v, want [3.6]", s.OnlyWeak)
	}
	if s.ByLevel[assurance.Reasonable] != 1 || s.ByStatus[assurance.StatusAnswered] != 2 {
		t.Errorf("by level %v, by status %v", s.ByLevel, s.ByStatus)
	}
}
