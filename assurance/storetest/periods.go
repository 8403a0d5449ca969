package storetest

import (
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/transfer"
)

// The quarters the period tests run through, in order.
var quarters = []assurance.Date{
	assurance.MustDate("2026-04-01"), assurance.MustDate("2026-07-01"), assurance.MustDate("2026-10-01"),
}

func startPeriod(t testing.TB, s assurance.Store, on assurance.Date) *assurance.Period {
	t.Helper()
	p := &assurance.Period{StartsOn: on}
	if err := s.StartPeriod(ctx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func answer(t testing.TB, s assurance.Store, q *assurance.Question, response string, level assurance.AssuranceLevel, status assurance.Status) {
	t.Helper()
	q.Response, q.Level, q.Status = response, level, status
	if err := s.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
}

// testPeriodsCarryForward: the first period takes the answers as they
// stand; the next keeps them as the first's and asks the open and recurring
// questions again, emptied, each change audited on the question.
func testPeriodsCarryForward(t *testing.T, h Harness) {
	s := h.New(t)
	if p, err := s.CurrentPeriod(ctx); err != nil || p != nil {
		t.Fatalf("a new log's current period: %+v, %v", p, err)
	}
	open := mustQuestion(t, s, "1.1", "Open")
	done := mustQuestion(t, s, "1.2", "Closed, not recurring")
	again := mustQuestion(t, s, "1.3", "Closed, recurring")
	answer(t, s, done, "Done", assurance.Substantial, assurance.StatusClosed)
	again.Recurring = true
	answer(t, s, again, "Every quarter", assurance.Limited, assurance.StatusClosed)
	if got, _ := s.Question(ctx, again.ID); !got.Recurring {
		t.Fatal("Recurring did not round-trip")
	}
	p1 := startPeriod(t, s, quarters[0])
	if p1.Name != "2026/27 Q1" || p1.EndsOn != assurance.MustDate("2026-06-30") || p1.ID == 0 || p1.Closed() {
		t.Fatalf("first period %+v", p1)
	}
	in1, err := s.AnswersIn(ctx, p1.ID)
	if err != nil || len(in1) != 3 {
		t.Fatalf("the first period takes every question's answer: %d, %v", len(in1), err)
	}
	answer(t, s, open, "Partly", assurance.Reasonable, assurance.StatusAnswered)
	p2 := startPeriod(t, s, quarters[1])
	if cur, err := s.CurrentPeriod(ctx); err != nil || cur.ID != p2.ID || cur.Name != "2026/27 Q2" {
		t.Fatalf("current period %+v, %v", cur, err)
	}
	ps, err := s.Periods(ctx)
	if err != nil || len(ps) != 2 || ps[0].ID != p1.ID || ps[1].ID != p2.ID {
		t.Fatalf("periods %v, %v", ps, err)
	}
	in2, err := s.AnswersIn(ctx, p2.ID)
	if err != nil {
		t.Fatal(err)
	}
	var carried []string
	for _, a := range in2 {
		carried = append(carried, a.Ref)
		if a.Response != "" || a.Level != assurance.NotAssessed {
			t.Errorf("%s carried with its answer: %+v", a.Ref, a)
		}
	}
	if got := strings.Join(carried, " "); got != open.Ref+" "+again.Ref {
		t.Errorf("carried into the second period: %s, want the open and the recurring question", got)
	}
	for _, c := range []struct {
		q      *assurance.Question
		prev   string
		status assurance.Status
	}{{open, "Partly", assurance.StatusAsked}, {again, "Every quarter", assurance.StatusAsked}, {done, "Done", assurance.StatusClosed}} {
		got, err := s.Question(ctx, c.q.ID)
		if err != nil {
			t.Fatal(err)
		}
		hist, err := s.PeriodAnswers(ctx, c.q.ID)
		if err != nil || len(hist) == 0 || hist[0].PeriodID != p1.ID || hist[0].Response != c.prev {
			t.Errorf("%s's answers by period: %+v, %v", c.q.Ref, hist, err)
		}
		if got.Status != c.status {
			t.Errorf("%s is %s after the new period, want %s", c.q.Ref, got.Status, c.status)
		}
		if c.q != done && (got.Response != "" || got.Version != c.q.Version+1) {
			t.Errorf("%s not asked again: %+v", c.q.Ref, got)
		}
		entries, err := s.Audit(ctx, assurance.AuditFilter{QuestionID: c.q.ID})
		if err != nil || len(entries) != int(got.Version) {
			t.Errorf("%s: %d audit entries at version %d (%v)", c.q.Ref, len(entries), got.Version, err)
		}
	}
	entries, err := s.Audit(ctx, assurance.AuditFilter{Object: assurance.ObjectPeriod})
	if err != nil || len(entries) != 2 || entries[0].Action != assurance.AuditCreate || entries[0].ObjectID != p2.ID {
		t.Fatalf("period audit %+v, %v", entries, err)
	}
	// An earlier start, a taken name (whatever its case) and an unknown
	// cadence are refused, and start nothing.
	wantCode(t, s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[0], Name: "Again"}), assurance.EINVALID)
	wantCode(t, s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[2], Name: "2026/27 q1"}), assurance.EINVALID)
	wantCode(t, s.StartPeriod(ctx, &assurance.Period{StartsOn: quarters[2], Cadence: "fortnight"}), assurance.EINVALID)
	if ps, _ := s.Periods(ctx); len(ps) != 2 {
		t.Errorf("%d periods after refused starts", len(ps))
	}
}

// testClosedPeriodRefusesEdits: a closed period's answers and maturity do
// not change, in the question or through the period, until it is reopened.
func testClosedPeriodRefusesEdits(t *testing.T, h Harness) {
	s := h.New(t)
	q := mustQuestion(t, s, "4.1", "Is the OH service used?")
	p := startPeriod(t, s, quarters[0])
	answer(t, s, q, "Yes, 40 referrals a month", assurance.Reasonable, assurance.StatusAnswered)
	if err := s.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: p.ID, Area: "4.1", Level: assurance.MaturityCoreDelivery}); err != nil {
		t.Fatal(err)
	}
	if err := s.ClosePeriod(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ClosePeriod(ctx, p.ID), assurance.EINVALID)
	if ps, _ := s.Periods(ctx); len(ps) != 1 || !ps[0].Closed() || ps[0].ClosedBy != Actor {
		t.Fatalf("closed period reads back as %+v", ps[0])
	}
	edit := *q
	edit.Level = assurance.Substantial
	err := s.UpdateQuestion(ctx, &edit)
	wantCode(t, err, assurance.EREADONLY)
	if msg := assurance.ErrorMessage(err); !strings.Contains(msg, `"2026/27 Q1" is closed`) || !strings.Contains(msg, "Reopen") {
		t.Errorf("refusal says %q", msg)
	}
	wantCode(t, s.SetPeriodAnswer(ctx, &assurance.PeriodAnswer{QuestionID: q.ID, PeriodID: p.ID, Response: "x"}), assurance.EREADONLY)
	wantCode(t, s.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: p.ID, Area: "4.1", Level: assurance.MaturityExemplary}), assurance.EREADONLY)
	wantCode(t, s.DeleteQuestion(ctx, q.ID), assurance.EREADONLY)
	wantCode(t, s.CreateQuestion(ctx, &assurance.Question{Area: "4.2", Text: "Answered late", Response: "Late", Status: assurance.StatusAnswered}), assurance.EREADONLY)
	got, _ := s.Question(ctx, q.ID)
	if got.Level != assurance.Reasonable || got.Version != q.Version {
		t.Errorf("question changed by a refused save: %+v", got)
	}
	if ms, _ := s.Maturity(ctx, p.ID); len(ms) != 1 || ms[0].Level != assurance.MaturityCoreDelivery {
		t.Errorf("maturity after a refused change: %+v", ms)
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
	if err := s.ReopenPeriod(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ReopenPeriod(ctx, p.ID), assurance.EINVALID)
	edit.Level = assurance.Substantial
	if err := s.UpdateQuestion(ctx, &edit); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	if as, _ := s.PeriodAnswers(ctx, q.ID); len(as) != 1 || as[0].Level != assurance.Substantial {
		t.Errorf("answers after reopening: %+v", as)
	}
	audit, err := s.Audit(ctx, assurance.AuditFilter{Object: assurance.ObjectPeriod})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range audit {
		actions = append(actions, e.Action+" by "+e.Actor)
		if _, err := assurance.DecodeAudit(e); err != nil {
			t.Errorf("audit entry %d does not read back: %v", e.ID, err)
		}
	}
	if got := strings.Join(actions, ", "); got != "reopen by "+Actor+", close by "+Actor+", create by "+Actor {
		t.Errorf("period audit: %s", got)
	}
}

// testPeriodAnswersAndMaturity: an earlier period's answer is corrected
// only while it is open, audited on the question, leaving the current
// answer alone; in the current period it is the question's own answer.
// Maturity is recorded, replaced and audited.
func testPeriodAnswersAndMaturity(t *testing.T, h Harness) {
	s := h.New(t)
	q := mustQuestion(t, s, "4.1", "Is OH used?")
	p1 := startPeriod(t, s, quarters[0])
	answer(t, s, q, "Some data", assurance.Limited, assurance.StatusAnswered)
	if err := s.ClosePeriod(ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	p2 := startPeriod(t, s, quarters[1])
	fix := &assurance.PeriodAnswer{QuestionID: q.ID, PeriodID: p1.ID, Response: "Full data for day and night staff", Level: assurance.Reasonable}
	wantCode(t, s.SetPeriodAnswer(ctx, fix), assurance.EREADONLY)
	if err := s.ReopenPeriod(ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SetPeriodAnswer(ctx, &assurance.PeriodAnswer{QuestionID: q.ID, PeriodID: p1.ID, Level: assurance.Reasonable}), assurance.EINVALID)
	if err := s.SetPeriodAnswer(ctx, fix); err != nil {
		t.Fatal(err)
	}
	hist, err := s.PeriodAnswers(ctx, q.ID)
	if err != nil || len(hist) != 2 || hist[0].Level != assurance.Reasonable || hist[0].Response != fix.Response ||
		hist[1].Level != assurance.NotAssessed || hist[0].Ref != q.Ref || hist[0].Area != "4.1" {
		t.Fatalf("answers after the correction: %+v, %v", hist, err)
	}
	if now, _ := s.Question(ctx, q.ID); now.Level != assurance.NotAssessed || now.Response != "" {
		t.Errorf("correcting Q1 changed the question's current answer: %+v", now)
	}
	entries, _ := s.Audit(ctx, assurance.AuditFilter{QuestionID: q.ID, Limit: 1})
	if c, err := assurance.DecodeAudit(entries[0]); err != nil || entries[0].Object != assurance.ObjectAnswer ||
		!strings.Contains(c.Line(60), "Assurance level: Limited → Reasonable") {
		t.Errorf("the correction is audited as %+v (%v)", entries[0], err)
	}
	cur := &assurance.PeriodAnswer{QuestionID: q.ID, PeriodID: p2.ID, Response: "Now", Level: assurance.Substantial}
	if err := s.SetPeriodAnswer(ctx, cur); err != nil {
		t.Fatal(err)
	}
	if now, _ := s.Question(ctx, q.ID); now.Level != assurance.Substantial || now.Response != "Now" {
		t.Errorf("an answer in the current period is not the question's: %+v", now)
	}
	if in2, _ := s.AnswersIn(ctx, p2.ID); len(in2) != 1 || in2[0].Response != "Now" {
		t.Errorf("the current period's answers: %+v", in2)
	}
	other := mustQuestion(t, s, "4.2", "Added in Q2")
	wantCode(t, s.SetPeriodAnswer(ctx, &assurance.PeriodAnswer{QuestionID: other.ID, PeriodID: p1.ID, Response: "x"}), assurance.ENOTFOUND)

	m := &assurance.AreaMaturity{PeriodID: p2.ID, Area: "4.1", Level: assurance.MaturityCoreDelivery, Comment: "Getting there"}
	if err := s.SetMaturity(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.Level = assurance.MaturityExemplary
	if err := s.SetMaturity(ctx, m); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: p2.ID, Area: "99.9", Level: assurance.MaturityExemplary}), assurance.EINVALID)
	ms, err := s.Maturity(ctx, p2.ID)
	if err != nil || len(ms) != 1 || ms[0].Level != assurance.MaturityExemplary || ms[0].Comment != "Getting there" ||
		ms[0].UpdatedBy != Actor || ms[0].Framework == "" || ms[0].UpdatedAt.IsZero() {
		t.Fatalf("maturity %+v, %v", ms, err)
	}
	if ms, _ := s.Maturity(ctx, p1.ID); len(ms) != 0 {
		t.Errorf("maturity leaked into another period: %+v", ms)
	}
	entries, _ = s.Audit(ctx, assurance.AuditFilter{Object: assurance.ObjectMaturity})
	if len(entries) != 2 || entries[0].Action != assurance.AuditUpdate || entries[1].Action != assurance.AuditCreate {
		t.Errorf("maturity audit %+v", entries)
	}
}

// testLevelsAndTrends: LevelsIn and AreaLevelsIn give what AreaTrends
// needs, and the trends come out as the answers say.
func testLevelsAndTrends(t *testing.T, h Harness) {
	s := h.New(t)
	better := mustQuestion(t, s, "1.1", "Improves")
	worse := mustQuestion(t, s, "1.2", "Worsens")
	worse2 := mustQuestion(t, s, "1.2", "Worsens too, less")
	answer(t, s, better, "a", assurance.Limited, assurance.StatusAnswered)
	answer(t, s, worse, "b", assurance.Substantial, assurance.StatusAnswered)
	answer(t, s, worse2, "c", assurance.Substantial, assurance.StatusAnswered)
	p1 := startPeriod(t, s, quarters[0])
	p2 := startPeriod(t, s, quarters[1])
	for _, q := range []*assurance.Question{better, worse, worse2} {
		got, err := s.Question(ctx, q.ID) // asked again in the new period: a new version
		if err != nil {
			t.Fatal(err)
		}
		*q = *got
	}
	answer(t, s, better, "a2", assurance.Substantial, assurance.StatusAnswered)
	answer(t, s, worse, "b2", assurance.NoAssurance, assurance.StatusAnswered)
	answer(t, s, worse2, "c2", assurance.Reasonable, assurance.StatusAnswered)
	levels, err := s.LevelsIn(ctx, p2.ID)
	if err != nil || len(levels) != 3 {
		t.Fatalf("levels %+v, %v", levels, err)
	}
	for i, q := range []*assurance.Question{better, worse, worse2} {
		l := levels[i]
		if l.QuestionID != q.ID || l.PeriodID != p2.ID || l.Level != q.Level || l.Area != q.Area || l.Framework != q.Framework {
			t.Errorf("level %d: %+v, want %s's", i, l, q.Ref)
		}
	}
	byPeriod := map[int64][]*assurance.PeriodAnswer{}
	for _, p := range []*assurance.Period{p1, p2} {
		as, err := s.AreaLevelsIn(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		byPeriod[p.ID] = as
	}
	if n := len(byPeriod[p1.ID]); n != 2 {
		t.Errorf("%d distinct area levels in the first period, want 2", n)
	}
	if n := len(byPeriod[p2.ID]); n != 3 {
		t.Errorf("%d distinct area levels in the second period, want 3", n)
	}
	trends := assurance.AreaTrends([]*assurance.Period{p1, p2}, byPeriod)
	fw := better.Framework
	if tr := trends[assurance.AreaKey(fw, "1.1")]; tr == nil || tr.Trend != assurance.TrendBetter {
		t.Errorf("area 1.1: %+v", tr)
	}
	if tr := trends[assurance.AreaKey(fw, "1.2")]; tr == nil || tr.Trend != assurance.TrendWorse || tr.Current != assurance.NoAssurance {
		t.Errorf("area 1.2: %+v", tr)
	}
}

// testPeriodsCopy: a copy of a log carries its periods, their answers and
// maturity, a closed period staying closed, and recurring questions.
func testPeriodsCopy(t *testing.T, h Harness) {
	src := h.New(t)
	q := mustQuestion(t, src, "1.1", "Recurring")
	q.Recurring = true
	answer(t, src, q, "Yes", assurance.Reasonable, assurance.StatusClosed)
	p1 := startPeriod(t, src, quarters[0])
	if err := src.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: p1.ID, Area: "1.1", Level: assurance.MaturityCoreDelivery}); err != nil {
		t.Fatal(err)
	}
	if err := src.ClosePeriod(ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	startPeriod(t, src, quarters[1])
	dst := h.New(t)
	c, err := transfer.Copy(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if c.Periods != 2 {
		t.Errorf("copied %d periods, want 2", c.Periods)
	}
	if diffs, err := transfer.Diff(ctx, src, dst); err != nil || len(diffs) > 0 {
		t.Fatalf("copy differs (%v): %v", err, diffs)
	}
	// The copy keeps the closed period closed.
	wantCode(t, dst.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: p1.ID, Area: "1.1", Level: assurance.MaturityExemplary}), assurance.EREADONLY)
	// A changed answer is a difference.
	if err := src.ReopenPeriod(ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	if err := src.SetPeriodAnswer(ctx, &assurance.PeriodAnswer{QuestionID: q.ID, PeriodID: p1.ID, Response: "Changed", Level: assurance.Reasonable}); err != nil {
		t.Fatal(err)
	}
	if diffs, err := transfer.Diff(ctx, src, dst); err != nil || !strings.Contains(strings.Join(diffs, "\n"), "answers in 2026/27 Q1") {
		t.Errorf("a changed answer is not a difference: %v, %v", diffs, err)
	}
}

// testSearchEveryPeriod: a response or comment given in an earlier period
// is found as well as this period's, each hit naming its period; a
// correction to a reopened period replaces its words; the question's own
// text names no period.
func testSearchEveryPeriod(t *testing.T, h Harness) {
	s := h.New(t)
	q := mustQuestion(t, s, "1.1", "How quickly do staff see occupational health?")
	p1 := startPeriod(t, s, quarters[0])
	q.Comment = "Checked against the activity report"
	answer(t, s, q, "Referrals wait six weeks", assurance.Limited, assurance.StatusAnswered)
	if err := s.ClosePeriod(ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	p2 := startPeriod(t, s, quarters[1])
	q, err := s.Question(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	answer(t, s, q, "Referrals now seen within five days", assurance.Reasonable, assurance.StatusAnswered)
	type hit struct{ field, period, snippet string }
	find := func(text string) []hit {
		t.Helper()
		hits, err := s.Search(ctx, text, 10)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		var out []hit
		for _, h := range hits {
			if h.QuestionID != q.ID || h.Ref != q.Ref {
				t.Fatalf("%q found %+v, not %s", text, h, q.Ref)
			}
			out = append(out, hit{h.Field, h.Period, h.Snippet})
		}
		return out
	}
	for _, c := range []struct {
		text string
		want []hit
	}{
		{"six weeks", []hit{{"response", p1.Name, "[six]"}}},
		{"five days", []hit{{"response", p2.Name, "[five]"}}},
		{"activity", []hit{{"comment", p1.Name, "[activity]"}}},
		{"occupational", []hit{{"question", "", "[occupational]"}}},
	} {
		// Each store words its snippet its own way around the marked word.
		if got := find(c.text); len(got) != 1 || got[0].field != c.want[0].field || got[0].period != c.want[0].period ||
			!strings.Contains(got[0].snippet, c.want[0].snippet) {
			t.Errorf("%q: %+v, want %+v", c.text, got, c.want)
		}
	}
	// A word in both periods' responses is found in each, once a period.
	got := find("referrals")
	periods := map[string]bool{}
	for _, h := range got {
		if h.field != "response" {
			t.Errorf("referrals: a %s hit %+v", h.field, h)
		}
		periods[h.period] = true
	}
	if len(got) != 2 || !periods[p1.Name] || !periods[p2.Name] {
		t.Errorf("referrals: %+v, want one response hit in %s and one in %s", got, p1.Name, p2.Name)
	}
	// A correction to the reopened period replaces its words in the index.
	if err := s.ReopenPeriod(ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	fix := &assurance.PeriodAnswer{QuestionID: q.ID, PeriodID: p1.ID, Response: "Referrals wait seven weeks", Level: assurance.Limited}
	if err := s.SetPeriodAnswer(ctx, fix); err != nil {
		t.Fatal(err)
	}
	if got := find("six"); len(got) != 0 {
		t.Errorf("the corrected response is still found: %+v", got)
	}
	if got := find("seven"); len(got) != 1 || got[0].period != p1.Name {
		t.Errorf("the correction is not found in %s: %+v", p1.Name, got)
	}
	if got := find("activity"); len(got) != 0 {
		t.Errorf("the comment the correction left blank is still found: %+v", got)
	}
}
