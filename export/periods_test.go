package export_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
	"github.com/xuri/excelize/v2"
)

// TestPaperShowsPeriodsTrendAndMaturity: with reporting periods, the area
// and question sheets gain previous and current levels and the trend, and
// the area sheet the maturity beside its assurance.
func TestPaperShowsPeriodsTrendAndMaturity(t *testing.T) {
	ctx := context.Background()
	cat := catalogue(t)
	s, err := sqlite.Create(filepath.Join(t.TempDir(), "trust.guardian"), sqlite.Options{Catalogue: cat, Actor: "Test Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	better := &assurance.Question{Area: "1.1", Text: "Can staff reach OH within five days?", Status: assurance.StatusAsked}
	worse := &assurance.Question{Area: "2.1", Text: "Is the plan funded all year?", Status: assurance.StatusAsked}
	late := &assurance.Question{Area: "2.1", Text: "Asked only this quarter", Status: assurance.StatusAsked}
	must(s.CreateQuestion(ctx, better))
	must(s.CreateQuestion(ctx, worse))
	answer := func(q *assurance.Question, level assurance.AssuranceLevel) {
		t.Helper()
		fresh, err := s.Question(ctx, q.ID)
		must(err)
		fresh.Response, fresh.Level, fresh.Status = "Answer", level, assurance.StatusAnswered
		must(s.UpdateQuestion(ctx, fresh))
	}
	q3 := &assurance.Period{StartsOn: assurance.MustDate("2026-10-01")}
	must(s.StartPeriod(ctx, q3))
	answer(better, assurance.Limited)
	answer(worse, assurance.Substantial)
	must(s.ClosePeriod(ctx, q3.ID))
	q4 := &assurance.Period{StartsOn: assurance.MustDate("2027-01-01")}
	must(s.StartPeriod(ctx, q4))
	answer(better, assurance.Reasonable)
	answer(worse, assurance.Limited)
	must(s.CreateQuestion(ctx, late))
	must(s.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: q4.ID, Area: "1.1", Level: assurance.MaturityTransformative, Comment: "Peer-reviewed by the ICB"}))

	path, _ := writePaper(t, s, export.Options{})
	f := open(t, path)
	head := rowOf(t, f, export.SheetAreas, "Area")
	for _, want := range []string{"Previous level", "Current level", "Trend", "Maturity (self-assessed)", "Guardian's comment on maturity"} {
		if !slices.Contains(head, want) {
			t.Errorf("area sheet lacks the column %q: %q", want, head)
		}
	}
	col := func(head []string, name string) int { return slices.Index(head, name) }
	for area, want := range map[string][]string{
		"1.1": {"Limited", "Reasonable", "Better", "Transformative", "Peer-reviewed by the ICB"},
		"2.1": {"Substantial", "Limited", "Worse", "", ""},
		"3.1": {"Not yet assessed", "Not yet assessed", "", "", ""},
	} {
		r := rowOf(t, f, export.SheetAreas, area)
		var got []string
		for _, name := range []string{"Previous level", "Current level", "Trend", "Maturity (self-assessed)", "Guardian's comment on maturity"} {
			v := ""
			if i := col(head, name); i < len(r) {
				v = r[i]
			}
			got = append(got, v)
		}
		if !slices.Equal(got, want) {
			t.Errorf("area %s: %q, want %q", area, got, want)
		}
	}
	if note := rowOf(t, f, export.SheetAreas, "Assurance by action area"); len(note) == 0 {
		t.Error("no title on the area sheet")
	}

	qhead := rowOf(t, f, export.SheetQuestions, "Reference")
	for ref, want := range map[string]string{
		better.Ref: "Limited|Reasonable|Better",
		worse.Ref:  "Substantial|Limited|Worse",
		late.Ref:   "Not yet assessed|Not yet assessed|Not assessed",
	} {
		r := rowOf(t, f, export.SheetQuestions, ref)
		i := col(qhead, "Previous level")
		if i < 0 || i+3 > len(r) || qhead[i+1] != "Assurance level" || qhead[i+2] != "Trend" {
			t.Fatalf("question sheet: the period columns are not beside the assurance level: %q", qhead)
		}
		if got := strings.Join(r[i:i+3], "|"); got != want {
			t.Errorf("%s: %s, want %s", ref, got, want)
		}
	}
	// The period columns are inside the printed page, and a long response
	// still points to the Full text sheet from the printed Full text column.
	printed := ""
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Area" && d.Scope == export.SheetQuestions {
			printed = d.RefersTo
		}
	}
	last, _ := excelize.ColumnNumberToName(col(qhead, "Full text") + 1)
	if !strings.Contains(printed, "!$A$1:$"+last+"$") || col(qhead, "Trend") > col(qhead, "Full text") {
		t.Errorf("the questions' print area %q does not end at Full text (%s) after the period columns: %q", printed, last, qhead)
	}

	// Printed through LibreOffice, the questions' page shows the three
	// columns in its heading, and no text is under 9 points.
	pdf := libreOffice(t, t.TempDir(), path)[0]
	words, _ := pdfWords(t, pdf)
	noTextUnder9Points(t, words)
	heads := map[string]bool{}
	for _, w := range words {
		if w.text != "Reference" {
			continue
		}
		for _, v := range words {
			if v.page == w.page && v.yMin >= w.yMin-14 && v.yMin <= w.yMin+14 { // the heading row, its wrapped lines centred
				heads[v.text] = true
			}
		}
	}
	for _, want := range []string{"Previous", "Assurance", "Trend", "Full"} {
		if !heads[want] {
			t.Errorf("the printed question sheet's heading lacks %q: %v", want, heads)
		}
	}
}

// A log without periods gets the paper it always had: no period columns.
func TestPaperWithoutPeriodsHasNoPeriodColumns(t *testing.T) {
	s, err := sqlite.Create(filepath.Join(t.TempDir(), "trust.guardian"), sqlite.Options{Catalogue: catalogue(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateQuestion(context.Background(), &assurance.Question{Area: "1.1", Text: "Q"}); err != nil {
		t.Fatal(err)
	}
	path, _ := writePaper(t, s, export.Options{})
	f := open(t, path)
	for _, sheet := range []string{export.SheetAreas, export.SheetQuestions} {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			if slices.Contains(r, "Previous level") || slices.Contains(r, "Trend") {
				t.Errorf("%s has period columns without periods: %q", sheet, r)
			}
		}
	}
}

// A question asked again in a new period has its level emptied: the
// changes sheet says so, and does not count it as assurance now weaker.
func TestChangesSayAskedAgainNotWeaker(t *testing.T) {
	l := hostileLog()
	q := l.addQuestion(&assurance.Question{Area: "1.2", Text: "Asked every quarter", RaisedOn: assurance.MustDate("2026-03-01"),
		Status: assurance.StatusAnswered, Response: "Yes.", RespondedOn: assurance.MustDate("2026-04-01"), Level: assurance.Reasonable}, at("2026-04-01"))
	l.update(q, at("2026-11-10"), func(q *assurance.Question) { q.AskAgain() })
	path, _ := writePaper(t, l, export.Options{})
	f := open(t, path)
	r := rowOf(t, f, export.SheetChanges, q.Ref)
	if got := strings.Join(r[3:7], "|"); got != "Assurance level|Reasonable|Not yet assessed|Asked again" {
		t.Errorf("the changes sheet says %q", got)
	}
	rows, _ := f.GetRows(export.SheetChanges)
	for _, row := range rows {
		if len(row) > 3 && row[0] == "Assurance levels now weaker" && row[3] != "1" {
			t.Errorf("weaker counts %s, want only Q-0004's 1", row[3])
		}
	}
}
