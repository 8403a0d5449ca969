package sqlite_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
)

// The four quarters the tests run through, in order.
var quarters = []assurance.Date{
	assurance.MustDate("2026-04-01"), assurance.MustDate("2026-07-01"),
	assurance.MustDate("2026-10-01"), assurance.MustDate("2027-01-01"),
}

// planLevel is the level question i of area k gets in period p (0-3): by
// design, areas with k%5 of 0 improve, 1 worsen, 2 stay the same (the
// weakest is Reasonable throughout, though the strongest falls in the last
// period from Substantial), 3 are first
// assessed in the last period and 4 are not assessed in the last period.
func planLevel(k, i, p int) assurance.AssuranceLevel {
	up := []assurance.AssuranceLevel{assurance.NoAssurance, assurance.Limited, assurance.Reasonable, assurance.Substantial}
	switch k % 5 {
	case 0:
		return up[p]
	case 1:
		return up[3-p]
	case 2:
		if i%2 == 0 || p == 3 {
			return assurance.Reasonable
		}
		return assurance.Substantial
	case 3:
		if p == 3 {
			return assurance.Limited
		}
	case 4:
		if p < 3 {
			return assurance.Reasonable
		}
	}
	return assurance.NotAssessed
}

var planTrend = []assurance.Trend{assurance.TrendBetter, assurance.TrendWorse, assurance.TrendSame, assurance.TrendNew, assurance.TrendNone}

// TestThousandQuestionsAcrossFourPeriods carries 1,000 questions through
// four quarters, answering each in each, and checks that every period keeps
// its own answers, that questions closed without recurring stop rolling
// forward, and that each area's trend over the four is the designed one.
func TestThousandQuestionsAcrossFourPeriods(t *testing.T) {
	s, path := newLog(t)
	areas := assets.MustCatalogue().Default().Areas()
	const n = 1000
	qs := make([]*assurance.Question, n)
	areaOf := map[int64]int{}
	err := s.Batch(ctx, func(w assurance.Writer) error {
		for i := range qs {
			k := i % len(areas)
			qs[i] = &assurance.Question{Area: areas[k].ID, Text: fmt.Sprintf("Question %d", i), Status: assurance.StatusAsked,
				RaisedOn: assurance.MustDate("2026-03-01"), Recurring: i%10 == 1}
			if err := w.CreateQuestion(ctx, qs[i]); err != nil {
				return err
			}
			areaOf[qs[i].ID] = k
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// want[p][question id] is the answer question id should keep in period p.
	want := make([]map[int64]*assurance.PeriodAnswer, len(quarters))
	for p, start := range quarters {
		per := &assurance.Period{StartsOn: start}
		if err := s.StartPeriod(ctx, per); err != nil {
			t.Fatalf("start period %d: %v", p+1, err)
		}
		want[p] = map[int64]*assurance.PeriodAnswer{}
		current, err := s.Questions(ctx, assurance.QuestionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Batch(ctx, func(w assurance.Writer) error {
			for _, q := range current {
				i := int(q.ID - qs[0].ID)
				if p > 0 && q.Status == assurance.StatusClosed && !q.Recurring {
					continue // not carried: keeps its last answer, in no new period
				}
				if p > 0 && (q.Response != "" || q.Level != assurance.NotAssessed) {
					return fmt.Errorf("%s carried into %s with its old answer %q", q.Ref, per.Name, q.Response)
				}
				q.Response = fmt.Sprintf("Answer to %s in %s", q.Ref, per.Name)
				q.RespondedOn = start.AddDays(i % 60)
				q.Level = planLevel(areaOf[q.ID], i, p)
				q.Comment = fmt.Sprintf("Comment %d/%d", p, i)
				q.Status = assurance.StatusAnswered
				if p == 1 && i%5 == 1 {
					q.Status = assurance.StatusClosed // half of these recur (i%10 == 1)
				}
				if err := w.UpdateQuestion(ctx, q); err != nil {
					return err
				}
				want[p][q.ID] = assurance.AnswerOf(q, per.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("answer in period %d: %v", p+1, err)
		}
	}
	s = reopen(t, s, path, options())

	got, err := s.Periods(ctx)
	if err != nil || len(got) != 4 {
		t.Fatalf("periods: %d, %v", len(got), err)
	}
	if got[0].Name != "2026/27 Q1" || got[3].Name != "2026/27 Q4" || got[3].EndsOn != assurance.MustDate("2027-03-31") {
		t.Errorf("periods are named %q .. %q ending %s", got[0].Name, got[3].Name, got[3].EndsOn)
	}
	answers := map[int64][]*assurance.PeriodAnswer{}
	for p, per := range got {
		as, err := s.AnswersIn(ctx, per.ID)
		if err != nil {
			t.Fatal(err)
		}
		answers[per.ID] = as
		if len(as) != len(want[p]) {
			t.Errorf("%s holds %d answers, want %d", per.Name, len(as), len(want[p]))
		}
		for _, a := range as {
			w := want[p][a.QuestionID]
			if w == nil || !assurance.SameAnswer(a, w) {
				t.Fatalf("%s in %s: %+v, want %+v", a.Ref, per.Name, a, w)
			}
		}
	}
	// Closed, not recurring: out of periods 3 and 4; closed and recurring: in all four.
	for _, i := range []int{6, 1} {
		hist, err := s.PeriodAnswers(ctx, qs[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		wantN := map[int]int{6: 2, 1: 4}[i]
		if len(hist) != wantN {
			t.Errorf("question %d has answers in %d periods, want %d", i, len(hist), wantN)
		}
	}
	trends := assurance.AreaTrends(got, answers)
	// The lean reads give the same levels and the same trends.
	byArea := map[int64][]*assurance.PeriodAnswer{}
	for _, per := range got {
		levels, err := s.LevelsIn(ctx, per.ID)
		if err != nil || len(levels) != len(answers[per.ID]) {
			t.Fatalf("LevelsIn(%s): %d, %v", per.Name, len(levels), err)
		}
		for i, l := range levels {
			if a := answers[per.ID][i]; l.QuestionID != a.QuestionID || l.Level != a.Level || l.Area != a.Area || l.Framework != a.Framework {
				t.Fatalf("LevelsIn(%s)[%d] = %+v, AnswersIn has %+v", per.Name, i, l, a)
			}
		}
		if byArea[per.ID], err = s.AreaLevelsIn(ctx, per.ID); err != nil || len(byArea[per.ID]) > 5*len(areas) {
			t.Fatalf("AreaLevelsIn(%s): %d rows, %v", per.Name, len(byArea[per.ID]), err)
		}
	}
	lean := assurance.AreaTrends(got, byArea)
	for k, tr := range trends {
		if l := lean[k]; l == nil || fmt.Sprint(*l) != fmt.Sprint(*tr) {
			t.Errorf("trend of %s from AreaLevelsIn %+v, from AnswersIn %+v", k, l, tr)
		}
	}
	for k, a := range areas {
		tr := trends[assurance.AreaKey(assets.MustCatalogue().Default().ID, a.ID)]
		if tr == nil {
			t.Fatalf("no trend for area %s", a.ID)
		}
		if tr.Trend != planTrend[k%5] {
			t.Errorf("area %s: trend %q over %v, want %q", a.ID, tr.Trend, tr.Levels, planTrend[k%5])
		}
	}
	// The questions hold the current period's answers.
	now, _ := s.Questions(ctx, assurance.QuestionFilter{})
	for _, q := range now {
		if w := want[3][q.ID]; w != nil && !assurance.SameAnswer(assurance.AnswerOf(q, w.PeriodID), w) {
			t.Fatalf("%s holds %+v, want the current period's %+v", q.Ref, q, w)
		}
	}
}

// TestClosedPeriodRefusesEdits closes a period and checks that its answers,
// maturity and questions with answers in it cannot change, that the close
// and reopen are audited, and that after reopening the edit is accepted.
func TestClosedPeriodRefusesEdits(t *testing.T) {
	s, path := newLog(t)
	q := mustQuestion(t, s, "4.1", "Is the OH service used?")
	per := &assurance.Period{StartsOn: quarters[0]}
	if err := s.StartPeriod(ctx, per); err != nil {
		t.Fatal(err)
	}
	q.Response, q.Level, q.Status = "Yes, 40 referrals a month", assurance.Reasonable, assurance.StatusAnswered
	if err := s.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: per.ID, Area: "4.1", Level: assurance.MaturityCoreDelivery}); err != nil {
		t.Fatal(err)
	}
	if err := s.ClosePeriod(ctx, per.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ClosePeriod(ctx, per.ID), assurance.EINVALID)
	before := fmt.Sprint(tableDump(t, path, nil)) // through another connection: it sees the -wal too

	edit := *q
	edit.Level = assurance.Substantial
	err := s.UpdateQuestion(ctx, &edit)
	wantCode(t, err, assurance.EREADONLY)
	if msg := assurance.ErrorMessage(err); !strings.Contains(msg, `"2026/27 Q1" is closed`) || !strings.Contains(msg, "Reopen") {
		t.Errorf("refusal says %q", msg)
	}
	if edit.Level != assurance.Substantial || edit.Version != q.Version {
		t.Errorf("a refused save changed the form's copy: %+v", edit)
	}
	wantCode(t, s.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: per.ID, Area: "4.1", Level: assurance.MaturityExemplary}), assurance.EREADONLY)
	wantCode(t, s.DeleteQuestion(ctx, q.ID), assurance.EREADONLY)
	wantCode(t, s.CreateQuestion(ctx, &assurance.Question{Area: "4.2", Text: "Answered late", Response: "Late answer", Status: assurance.StatusAnswered}), assurance.EREADONLY)
	if after := fmt.Sprint(tableDump(t, path, nil)); after != before {
		t.Error("refused changes changed the log")
	}
	got, _ := s.Question(ctx, q.ID)
	if got.Level != assurance.Reasonable || got.Version != q.Version {
		t.Errorf("question changed by a refused save: %+v", got)
	}
	// What is not an answer can still change, and a new unanswered question
	// waits for the next period.
	edit = *got
	edit.Text = "Is the OH service used by night staff?"
	if err := s.UpdateQuestion(ctx, &edit); err != nil {
		t.Errorf("changing the wording in a closed period: %v", err)
	}
	if err := s.CreateQuestion(ctx, &assurance.Question{Area: "4.2", Text: "New this week"}); err != nil {
		t.Errorf("a new unanswered question in a closed period: %v", err)
	}

	// Even a program that ignores the store cannot change a closed period.
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`UPDATE question_period_answers SET level = 'none'`)
	db.Close()
	if err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("a direct change to a closed period's answers: %v", err)
	}

	if err := s.ReopenPeriod(ctx, per.ID); err != nil {
		t.Fatal(err)
	}
	edit.Level = assurance.Substantial
	if err := s.UpdateQuestion(ctx, &edit); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	as, _ := s.PeriodAnswers(ctx, q.ID)
	if len(as) != 1 || as[0].Level != assurance.Substantial {
		t.Errorf("answers after reopening: %+v", as)
	}
	audit, err := s.Audit(ctx, assurance.AuditFilter{Object: assurance.ObjectPeriod})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range audit {
		actions = append(actions, e.Action+" by "+e.Actor)
	}
	if got := strings.Join(actions, ", "); got != "reopen by Test Guardian, close by Test Guardian, create by Test Guardian" {
		t.Errorf("period audit: %s", got)
	}
	for _, e := range audit {
		if _, err := assurance.DecodeAudit(e); err != nil {
			t.Errorf("audit entry %d does not read back: %v", e.ID, err)
		}
	}
}

// TestStartPeriodRefusesBadInput: an earlier start or a taken name is
// refused with words, and nothing is changed.
func TestStartPeriodRefusesBadInput(t *testing.T) {
	s, _ := newLog(t)
	if err := s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[1]}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[0]}), assurance.EINVALID)
	wantCode(t, s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[2], Name: "2026/27 q2"}), assurance.EINVALID)
	wantCode(t, s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[2], Cadence: "fortnight"}), assurance.EINVALID)
	ps, _ := s.Periods(ctx)
	if len(ps) != 1 {
		t.Errorf("%d periods after refused starts", len(ps))
	}
	m := &assurance.Period{StartsOn: assurance.MustDate("2026-11-12"), Cadence: assurance.CadenceMeeting}
	if err := s.StartPeriod(ctx, m); err != nil || m.Name != "Board 12 Nov 2026" {
		t.Errorf("period per meeting: %q, %v", m.Name, err)
	}
}

// TestCarryForwardIsAudited: emptying a carried question's answer for the
// new period is a change to the question like any other, one audit entry
// per saved version, so its history says what the answer was.
func TestCarryForwardIsAudited(t *testing.T) {
	s, _ := newLog(t)
	q := mustQuestion(t, s, "4.1", "Is OH used?")
	if err := s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[0]}); err != nil {
		t.Fatal(err)
	}
	q.Response, q.Level, q.Status = "Yes, 40 referrals a month", assurance.Reasonable, assurance.StatusAnswered
	if err := s.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if err := s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[1]}); err != nil {
		t.Fatal(err)
	}
	now, _ := s.Question(ctx, q.ID)
	entries, err := s.Audit(ctx, assurance.AuditFilter{QuestionID: q.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != int(now.Version) {
		t.Errorf("%d audit entries for a question at version %d", len(entries), now.Version)
	}
	c, err := assurance.DecodeAudit(entries[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Line(40); !strings.Contains(got, "Response: Yes, 40 referrals a month → (none)") || !strings.Contains(got, "Status: Answered → Asked") {
		t.Errorf("the carry forward is recorded as %q", got)
	}
}
