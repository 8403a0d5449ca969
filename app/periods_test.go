package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// periodLog makes a log with four quarters of answers: area 1.1 improves,
// 2.1 worsens, 4.1 stays the same and 2.3 is first assessed in the last
// quarter; 2.3 and 4.1 have a maturity recorded in it.
func periodLog(t *testing.T) (path string, first *assurance.Question) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "trust.guardian")
	s, err := testOptions(nil).Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	levels := map[string][]assurance.AssuranceLevel{
		"1.1": {assurance.NoAssurance, assurance.Limited, assurance.Limited, assurance.Reasonable},
		"2.1": {assurance.Substantial, assurance.Reasonable, assurance.Reasonable, assurance.Limited},
		"4.1": {assurance.Reasonable, assurance.Reasonable, assurance.Reasonable, assurance.Reasonable},
		"2.3": {assurance.NotAssessed, assurance.NotAssessed, assurance.NotAssessed, assurance.Limited},
	}
	texts := map[string]string{
		"1.1": "How does the board know staff can reach occupational health within five working days?",
		"2.1": "Is the health and wellbeing plan funded for the whole year?",
		"4.1": "How are managers trained to hold wellbeing conversations?",
		"2.3": "Has the OHWB service assessed itself against the maturity framework?",
	}
	answers := map[string][]string{
		"1.1": {"No data yet.", "Referral data for day staff only.", "Referral data for day staff only; night staff audit planned.",
			"Median 4 days from referral to first appointment, day and night staff (OH activity report, Q4)."},
		"2.1": {"Fully funded.", "Funded to September.", "Funded to September; bid for the rest in progress.",
			"The bid for October to March was not approved; the plan stops in January."},
		"4.1": {"Training in place.", "Training in place.", "Training in place.", "Training in place; 71% of managers trained."},
		"2.3": {"", "", "", "A first self-assessment was made in February."},
	}
	var qs []*assurance.Question
	for _, area := range []string{"1.1", "2.1", "4.1", "2.3"} {
		q := &assurance.Question{Area: area, Text: texts[area], AskedOf: "Chief People Officer",
			RaisedOn: assurance.MustDate("2026-03-10"), Status: assurance.StatusAsked, Recurring: true}
		if err := s.CreateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	for p, start := range []string{"2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"} {
		per := &assurance.Period{StartsOn: assurance.MustDate(start)}
		if err := s.StartPeriod(ctx, per); err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			q, _ = s.Question(ctx, q.ID)
			q.Response, q.Level = answers[q.Area][p], levels[q.Area][p]
			if q.Response != "" {
				q.Status, q.RespondedOn = assurance.StatusAnswered, per.StartsOn.AddDays(40)
				q.Comment = fmt.Sprintf("Reviewed at the People Committee in %s.", per.StartsOn.AddDays(45).Time().Format("January"))
			}
			if err := s.UpdateQuestion(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if p < 3 {
			if err := s.ClosePeriod(ctx, per.ID); err != nil {
				t.Fatal(err)
			}
			continue
		}
		for area, m := range map[string]assurance.MaturityLevel{"2.3": assurance.MaturityCoreDelivery, "4.1": assurance.MaturityTransformative} {
			if err := s.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: per.ID, Area: area, Level: m, Comment: "Self-assessed in February."}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return path, qs[0]
}

// The editor sets a question's previous answer beside this period's, and
// the dashboard shows each area's levels over the last four periods, its
// trend and its maturity.
func TestPeriodComparisonInEditorAndDashboard(t *testing.T) {
	path, first := periodLog(t)
	u, _ := newTestUI(t)
	u.OpenLog(path, false)
	ws := u.ws
	ws.showQuestion(first.ID)
	c := ws.editor.periods
	if !c.box.Visible() {
		t.Fatal("the period comparison is hidden for a question with answers in four periods")
	}
	var texts []string
	for _, o := range objects(c.box) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Previous period: 2026/27 Q3", "This period: 2026/27 Q4", "Limited, response on 10 Nov 2026",
		"Reasonable, response on 10 Feb 2027", "Response: Referral data for day staff only; night staff audit planned.",
		"Assurance since the previous period: ▲ Better"} {
		if !strings.Contains(all, want) {
			t.Errorf("the comparison lacks %q:\n%s", want, all)
		}
	}
	if !ws.editor.recurring.Checked {
		t.Error("the recurring box is not ticked for a recurring question")
	}

	ws.selectTab(tabDashboard)
	d := ws.dashboard
	cell := newHeatCell().(*heatCell)
	got := map[string][]string{}
	for i, r := range d.rows {
		if r.area == nil {
			continue
		}
		for col := range trendColumns {
			d.updateCell(widget.TableCellID{Row: i, Col: trendCol0 + col}, cell)
			got[r.area.Area.ID] = append(got[r.area.Area.ID], cell.label.Text)
		}
	}
	for area, want := range map[string][]string{
		"1.1": {"N  L  L  R", "▲ Better", ""},
		"2.1": {"S  R  R  L", "▼ Worse", ""},
		"4.1": {"R  R  R  R", "= Same", "Transformative"},
		"2.3": {"–  –  –  L", "★ New", "Core delivery"},
		"3.1": {"", "", ""},
	} {
		if strings.Join(got[area], "|") != strings.Join(want, "|") {
			t.Errorf("area %s trend columns %q, want %q", area, got[area], want)
		}
	}
	if !strings.Contains(d.attention.Text, "Areas where assurance fell since the previous period (1)") ||
		!strings.Contains(d.attention.Text, "(from Reasonable to Limited)") {
		t.Errorf("the attention panel does not name the area that fell:\n%s", d.attention.Text)
	}
	if !strings.Contains(d.period.Text, "2026/27 Q4") {
		t.Errorf("the dashboard does not name the period: %q", d.period.Text)
	}
}

// Saving an answer in a closed period is refused in the editor, saying
// why, and nothing is saved.
func TestEditorRefusesAnswersInAClosedPeriod(t *testing.T) {
	path, first := periodLog(t)
	u, _ := newTestUI(t)
	u.OpenLog(path, false)
	ws := u.ws
	cur, err := u.store.CurrentPeriod(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := u.store.ClosePeriod(context.Background(), cur.ID); err != nil {
		t.Fatal(err)
	}
	ws.showQuestion(first.ID)
	if !ws.editor.level.Disabled() || !ws.editor.response.Disabled() || ws.editor.text.Disabled() {
		t.Error("in a closed period the answer fields should be disabled and the rest not")
	}
	ws.editor.level.SetSelected(assurance.Substantial.Label())
	if ws.editor.onSave() {
		t.Fatal("an answer in a closed period was saved")
	}
	settle(u)
	if q, _ := u.store.Question(context.Background(), first.ID); q.Level != assurance.Reasonable {
		t.Errorf("level is %s after a refused save", q.Level)
	}
	var said []string
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range objects(top) {
			if l, ok := o.(*widget.Label); ok {
				said = append(said, l.Text)
			}
		}
	}
	if s := strings.Join(said, " "); !strings.Contains(s, `"2026/27 Q4" is closed`) {
		t.Errorf("the refusal says %q", s)
	}
}

// The Reporting periods dialog starts the first and next periods, carrying
// the open questions, and closes and reopens a period; the dashboard's
// maturity cell records an area's maturity.
func TestPeriodsDialogAndMaturity(t *testing.T) {
	answered := q("1.1", "Is OH reached within five days?")
	answered.Status, answered.Response, answered.Level = assurance.StatusAnswered, "Yes, median four days.", assurance.Reasonable
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, answered), false)
	ws := u.ws
	ctx := context.Background()
	p := ws.periods

	p.show()
	p.startsOn.SetText("01/10/2026")
	test.Tap(button(t, u, "Start this period"))
	ps, _ := u.store.Periods(ctx)
	if len(ps) != 1 || ps[0].Name != "2026/27 Q3" {
		t.Fatalf("periods after the first start: %+v", ps)
	}
	p.show()
	if p.startsOn.Text != "01/01/2027" {
		t.Errorf("the next period is offered from %q, want the day after Q3 ends", p.startsOn.Text)
	}
	p.startsOn.SetText("01/09/2026")
	test.Tap(button(t, u, "Start this period"))
	if !p.errs.Visible() || !strings.Contains(p.errs.Text, "must start later") {
		t.Errorf("an earlier start is not refused in the dialog: %q", p.errs.Text)
	}
	p.startsOn.SetText("01/01/2027")
	test.Tap(button(t, u, "Start this period"))
	if got := ws.question(ws.questions[0].ID); got.Level != assurance.NotAssessed || got.Status != assurance.StatusAsked {
		t.Errorf("the open question was not carried into Q4 with an empty answer: %+v", got)
	}
	p.show()
	p.which.SetSelected("2026/27 Q3")
	if p.toggle.Text != "Close period" {
		t.Errorf("toggle says %q for an open period", p.toggle.Text)
	}
	test.Tap(&p.toggle.Button)
	if ps, _ = u.store.Periods(ctx); !ps[0].Closed() || ps[0].ClosedBy != "tester" {
		t.Errorf("Q3 after closing: %+v", ps[0])
	}
	p.show()
	p.which.SetSelected("2026/27 Q3")
	test.Tap(button(t, u, "Reopen period"))
	if ps, _ = u.store.Periods(ctx); ps[0].Closed() {
		t.Error("Q3 is still closed after reopening")
	}

	ws.selectTab(tabDashboard)
	d := ws.dashboard
	row := -1
	for i, r := range d.rows {
		if r.area != nil && r.area.Area.ID == "2.3" {
			row = i
		}
	}
	d.onSelected(widget.TableCellID{Row: row, Col: trendCol0 + trendMaturity})
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no maturity dialog")
	}
	for _, o := range objects(top) {
		switch w := o.(type) {
		case *focusSelect:
			w.SetSelected(assurance.MaturityTransformative.Label())
		case *widget.Entry:
			w.SetText("Peer review by the ICB in January.")
		}
	}
	test.Tap(button(t, u, "Save"))
	ms, _ := u.store.Maturity(ctx, ps[1].ID)
	if len(ms) != 1 || ms[0].Area != "2.3" || ms[0].Level != assurance.MaturityTransformative || ms[0].Comment != "Peer review by the ICB in January." {
		t.Errorf("maturity saved: %+v", ms)
	}
	cell := newHeatCell().(*heatCell)
	d.updateCell(widget.TableCellID{Row: row, Col: trendCol0 + trendMaturity}, cell)
	if cell.label.Text != "Transformative" {
		t.Errorf("the dashboard shows maturity %q", cell.label.Text)
	}
}

// A search finds a question by what was answered in an earlier period, and
// the count line says which period's answer matched.
func TestSearchFindsAnEarlierPeriodsAnswer(t *testing.T) {
	path, first := periodLog(t)
	u, _ := newTestUI(t)
	u.OpenLog(path, false)
	l := u.ws.list
	test.Type(l.search, "night staff audit") // only in 1.1's third-quarter response
	settle(u)
	if len(l.rows) != 1 || l.rows[0].ID != first.ID {
		t.Fatalf("the search shows %d rows, want only %s", len(l.rows), first.Ref)
	}
	if want := "found in an earlier period's answer: " + first.Ref + " (2026/27 Q3)"; !strings.Contains(l.count.Text, want) {
		t.Errorf("count line %q does not say %q", l.count.Text, want)
	}
	// A match in this period's answer names no earlier period.
	l.search.SetText("")
	test.Type(l.search, "Median")
	settle(u)
	if len(l.rows) != 1 || strings.Contains(l.count.Text, "earlier period") {
		t.Errorf("this period's answer: %d rows, count %q", len(l.rows), l.count.Text)
	}
}
