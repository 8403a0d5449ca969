package importer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/xuri/excelize/v2"
)

var ctx = context.Background()

var catalogue = assets.MustCatalogue()

func framework() *assurance.Framework { return catalogue.Default() }

func newLog(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(filepath.Join(t.TempDir(), "trust.guardian"), sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: "Test Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const hyperlinkQuestion = `=HYPERLINK("https://intranet.example.nhs.uk/policy","Is the wellbeing policy on the intranet up to date?")`

// messyWorkbook writes a log as Guardians keep them by hand: merged title
// rows, a note above the headings, blank lines, dates typed every way and as
// date cells, RAG colours, an unknown area, a reference used twice, an
// impossible date, a due date before the date raised, a formula-looking
// question, a real formula with no saved value, a question alone without
// its area that starts "Total", a totals row and a signature line.
func messyWorkbook(t testing.TB, dir string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Guardian log"
	f.SetSheetName("Sheet1", sh)
	f.NewSheet("Read me")
	f.SetCellValue("Read me", "A1", "This workbook is the Wellbeing Guardian's log.")
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	row := func(n int, cells ...any) {
		t.Helper()
		for i, v := range cells {
			if v == nil {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(i+1, n)
			set(name, v)
		}
	}
	set("A1", "Northshire Community Health NHS Trust: Wellbeing Guardian assurance log")
	f.MergeCell(sh, "A1", "L1")
	set("A2", "Board and People Committee questions, 2025-26")
	f.MergeCell(sh, "A2", "L2")
	// row 3 blank
	row(4, "Note: RAG ratings as agreed at People Committee, March 2025.")
	row(5, "Ref", "Area", "Question asked", "Asked of", "Date raised", "Due date", "Response", "Date of response", "Assurance (RAG)", "Status", "Guardian's comments", "Actions")
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	dateCell := func(cell, iso string) {
		t.Helper()
		set(cell, assurance.MustDate(iso).Time())
		f.SetCellStyle(sh, cell, cell, dateStyle)
	}
	row(6, "R-1", "2.3", "How does the trust's service framework include OHWB?", "Chief People Officer", "03/12/2025", nil, "", "", "", "Open")
	dateCell("F6", "2026-01-15")
	row(7, "R-2", "Area 4.1 – Using data to demonstrate the impact of OHWB", "What data shows the impact of the OHWB service?", "Director of Workforce",
		"3 Dec 2025", "June 2026", "A quarterly dashboard goes to the People Committee.", nil, "Amber", "Answered", "Good start; needs outcomes.", "Add outcome measures\nReport to Board in Q1")
	dateCell("H7", "2026-02-10")
	// row 8 blank
	row(9, "R-3", "Service innovation", "Which innovations has OHWB piloted?", "Head of OH", "2025-12-04", "2026-03-01", "Two pilots: physio self-referral and MSK app.", "2026-02-20", "Significant", "Closed")
	row(10, "R-4", "9.9 Staff parking", "Is staff parking adequate?", "Estates", "04/12/2025")
	row(11, "R-2", "1.1", "A second question under the same reference", "CEO", "05/12/2025")
	row(12, "R-5", "1.1", "Is OHWB integrated with the trust's people strategy?", "CEO", "31/02/2026")
	row(13, "R-6", "3.1", "Is there an OHWB workforce plan?", "Director of Workforce", "01/03/2026", "01/02/2026")
	row(14, "R-7", "2.3 Common service development framework", hyperlinkQuestion, "Communications", "06/12/2025")
	f.SetCellFormula(sh, "K14", `HYPERLINK("https://intranet.example.nhs.uk/log","see log")`)
	row(15, "R-8", "2.1", "Is OHWB resourced to meet need?", "Finance Director", "07/12/2025", "", "Funding agreed for two more nurses.", "10/01/2026", "Green", "answered")
	row(16, nil, nil, "Total rewards: do staff know the wellbeing offer?")
	row(17, "Total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
	f.SetCellFormula(sh, "C17", "COUNTA(C6:C15)")
	row(18, "Prepared by Dr A Morgan, Wellbeing Guardian")
	path := filepath.Join(dir, "Guardian log 2025-26.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

type outcome struct {
	Row    int
	Result importer.Result
	Column string
	Value  string
	Reason string
}

func outcomes(p *importer.Plan) []outcome {
	var out []outcome
	for _, o := range p.Rows {
		out = append(out, outcome{o.Row, o.Result, o.Column, o.Value, o.Reason})
	}
	return out
}

var rag = map[string]assurance.AssuranceLevel{"Green": assurance.Substantial, "Amber": assurance.Limited, "Red": assurance.NoAssurance}

func TestMessyWorkbookImportsExactlyTheRightRows(t *testing.T) {
	path := messyWorkbook(t, t.TempDir())
	f, err := importer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !reflect.DeepEqual(f.Sheets, []string{"Guardian log", "Read me"}) {
		t.Fatalf("sheets %q", f.Sheets)
	}
	st := newLog(t)
	p, err := importer.Build(ctx, f, st, framework(), importer.Options{Levels: rag})
	if err != nil {
		t.Fatal(err)
	}
	if p.HeaderRow != 5 || p.Remembered {
		t.Errorf("header row %d (remembered %v), want 5 found from the headings", p.HeaderRow, p.Remembered)
	}
	wantMap := importer.Mapping{importer.Ref: 0, importer.Area: 1, importer.Question: 2, importer.AskedOf: 3, importer.Raised: 4,
		importer.Due: 5, importer.Response: 6, importer.Responded: 7, importer.Level: 8, importer.Status: 9, importer.Comment: 10, importer.Actions: 11}
	if !reflect.DeepEqual(p.Mapping, wantMap) {
		t.Errorf("mapping %v\nwant %v", p.Mapping, wantMap)
	}
	headings := "Ref, Area, Question asked, Asked of, Date raised, Due date, Response, Date of response, Assurance (RAG), Status, Guardian's comments, Actions"
	want := []outcome{
		{1, importer.Skipped, "", "Northshire Community Health NHS Trust: Wellbeing Guardian assurance log", "Above the column headings (a title or a note)"},
		{2, importer.Skipped, "", "Board and People Committee questions, 2025-26", "Above the column headings (a title or a note)"},
		{3, importer.Skipped, "", "", "Blank line"},
		{4, importer.Skipped, "", "Note: RAG ratings as agreed at People Committee, March 2025.", "Above the column headings (a title or a note)"},
		{5, importer.Skipped, "", headings, "The column headings"},
		{6, importer.Imported, "", "How does the trust's service framework include OHWB?", ""},
		{7, importer.Imported, "", "What data shows the impact of the OHWB service?", ""},
		{8, importer.Skipped, "", "", "Blank line"},
		{9, importer.Imported, "", "Which innovations has OHWB piloted?", ""},
		{10, importer.Rejected, "B (Area)", "9.9 Staff parking", "There is no action area 9.9 in Growing OHWB Together"},
		{11, importer.Rejected, "A (Ref)", "R-2", "The reference R-2 is also on row 7, which comes in; a reference can be imported once"},
		{12, importer.Rejected, "E (Date raised)", "31/02/2026", `"31/02/2026" is not a real date: February 2026 has 28 days`},
		{13, importer.Rejected, "F (Due date)", "01/02/2026", "The due date is before the date the question was raised."},
		{14, importer.Imported, "", hyperlinkQuestion, ""},
		{15, importer.Imported, "", "Is OHWB resourced to meet need?", ""},
		{16, importer.Rejected, "B (Area)", "", "The action area is blank"},
		{17, importer.Skipped, "", "Total", "Totals row"},
		{18, importer.Skipped, "", "Prepared by Dr A Morgan, Wellbeing Guardian", "Note, not a question (no question and action area)"},
	}
	if got := outcomes(p); !reflect.DeepEqual(got, want) {
		t.Errorf("outcomes:\n%s", diff(got, want))
	}
	byRow := map[int]importer.Outcome{}
	for _, o := range p.Rows {
		byRow[o.Row] = o
	}
	if fl := byRow[7].Flags; len(fl) != 1 || !strings.Contains(fl[0], `"June 2026" has no day: taken as 1 Jun 2026`) {
		t.Errorf("row 7 flags %q, want the month-only due date flagged", fl)
	}

	sum, err := importer.Apply(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 5 || sum.Skipped != 8 || sum.Rejected != 5 {
		t.Errorf("summary %+v, want 5 imported, 8 skipped, 5 rejected", sum)
	}
	qs, err := st.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type q struct {
		Area, Text, AskedOf, Raised, Due, Response, Responded string
		Level                                                 assurance.AssuranceLevel
		Status                                                assurance.Status
		Comment                                               string
		Actions                                               int
	}
	var got []q
	for _, x := range qs {
		got = append(got, q{x.Area, x.Text, x.AskedOf, x.RaisedOn.String(), x.DueOn.String(), x.Response, x.RespondedOn.String(), x.Level, x.Status, x.Comment, x.OpenActions})
	}
	wantQ := []q{
		{"2.3", "How does the trust's service framework include OHWB?", "Chief People Officer", "2025-12-03", "2026-01-15", "", "", assurance.NotAssessed, assurance.StatusAsked, "", 0},
		{"4.1", "What data shows the impact of the OHWB service?", "Director of Workforce", "2025-12-03", "2026-06-01", "A quarterly dashboard goes to the People Committee.", "2026-02-10", assurance.Limited, assurance.StatusAnswered, "Good start; needs outcomes.", 2},
		{"2.4", "Which innovations has OHWB piloted?", "Head of OH", "2025-12-04", "2026-03-01", "Two pilots: physio self-referral and MSK app.", "2026-02-20", assurance.Substantial, assurance.StatusClosed, "", 0},
		{"2.3", hyperlinkQuestion, "Communications", "2025-12-06", "", "", "", assurance.NotAssessed, assurance.StatusAsked, `=HYPERLINK("https://intranet.example.nhs.uk/log","see log")`, 0},
		{"2.1", "Is OHWB resourced to meet need?", "Finance Director", "2025-12-07", "", "Funding agreed for two more nurses.", "2026-01-10", assurance.Substantial, assurance.StatusAnswered, "", 0},
	}
	if !reflect.DeepEqual(got, wantQ) {
		t.Errorf("questions in the log:\n%s", diff(got, wantQ))
	}

	// Each imported question's audit entry names the file and its SHA-256.
	entries, err := st.Audit(ctx, assurance.AuditFilter{Object: assurance.ObjectQuestion})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 5 {
		t.Fatalf("%d audit entries for questions, want 5", len(entries))
	}
	for _, e := range entries {
		var rec struct{ ImportedFrom *assurance.ImportSource }
		if err := json.Unmarshal([]byte(e.After), &rec); err != nil || rec.ImportedFrom == nil {
			t.Fatalf("%s audit entry %s: no source (%v)", e.Ref, e.After, err)
		}
		if rec.ImportedFrom.File != "Guardian log 2025-26.xlsx" || rec.ImportedFrom.SHA256 != f.SHA256 || len(f.SHA256) != 64 || rec.ImportedFrom.Row < 6 {
			t.Errorf("%s imported from %+v, want the file's name and SHA-256 %s", e.Ref, rec.ImportedFrom, f.SHA256)
		}
	}
}

func TestRAGWordsNeedTheGuardiansMapping(t *testing.T) {
	f, err := importer.Open(messyWorkbook(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := importer.Build(ctx, f, nil, framework(), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range p.Rows {
		if o.Row == 7 || o.Row == 15 {
			if o.Result != importer.Rejected || o.Column != "I (Assurance (RAG))" || !strings.Contains(o.Reason, "is a RAG colour, not an assurance level") {
				t.Errorf("row %d without a RAG mapping: %+v", o.Row, o)
			}
		}
	}
	if n := p.Count(importer.Imported); n != 3 {
		t.Errorf("%d imported without the RAG mapping, want 3", n)
	}
}

func TestReimportIsIdempotentAndRemembersTheMapping(t *testing.T) {
	dir := t.TempDir()
	path := messyWorkbook(t, dir)
	st := newLog(t)
	run := func(opt importer.Options) *importer.Plan {
		t.Helper()
		f, err := importer.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		p, err := importer.Build(ctx, f, st, framework(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := importer.Apply(ctx, st, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// The first import maps the comment column to nothing.
	first := run(importer.Options{Levels: rag, Mapping: importer.Mapping{importer.Comment: -1}})
	if first.Count(importer.Imported) != 5 {
		t.Fatalf("first import: %d imported", first.Count(importer.Imported))
	}
	second := run(importer.Options{Levels: rag})
	if n := second.Count(importer.Imported); n != 0 {
		t.Errorf("second import of the same file imported %d rows, want none", n)
	}
	if !second.Remembered {
		t.Error("the second import did not use the mapping remembered from the first")
	}
	if _, ok := second.Mapping[importer.Comment]; ok {
		t.Error("the remembered mapping lost the choice to leave the comments out")
	}
	already := 0
	for _, o := range second.Rows {
		if strings.HasPrefix(o.Reason, "Already in the log: reference R-") {
			already++
		}
	}
	if already != 5 {
		t.Errorf("%d rows reported as already in the log, want 5", already)
	}
	qs, _ := st.Questions(ctx, assurance.QuestionFilter{})
	if len(qs) != 5 {
		t.Errorf("%d questions after importing twice, want 5", len(qs))
	}
}

func TestTheRAGMappingIsRememberedForTheNextFileOfTheSameShape(t *testing.T) {
	dir := t.TempDir()
	first := messyWorkbook(t, dir)
	st := newLog(t)
	importFile := func(path string, opt importer.Options) *importer.Plan {
		t.Helper()
		f, err := importer.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		p, err := importer.Build(ctx, f, st, framework(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := importer.Apply(ctx, st, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	importFile(first, importer.Options{Levels: rag})
	// Next quarter's log: the same layout, new references.
	next := filepath.Join(t.TempDir(), "Guardian log Q4.xlsx")
	x, err := excelize.OpenFile(first)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []int{6, 7, 9, 14, 15} {
		x.SetCellValue("Guardian log", fmt.Sprintf("A%d", r), fmt.Sprintf("Q4-%d", r))
	}
	if err := x.SaveAs(next); err != nil {
		t.Fatal(err)
	}
	x.Close()
	p := importFile(next, importer.Options{}) // no --rag this time
	if p.Levels["amber"] != assurance.Limited || p.Levels["green"] != assurance.Substantial {
		t.Errorf("remembered colours %v", p.Levels)
	}
	if n := p.Count(importer.Imported); n != 5 {
		t.Errorf("%d rows of the next file imported, want 5 (the colours remembered)", n)
	}
	q, err := st.QuestionByRef(ctx, "Q-0007")
	if err != nil || q.Level != assurance.Limited {
		t.Errorf("Q-0007 (row 7, Amber) = %v, %v", q, err)
	}
}

func TestNothingIsWrittenWhenARowFailsToSave(t *testing.T) {
	path := messyWorkbook(t, t.TempDir())
	st := newLog(t)
	f, err := importer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := importer.Build(ctx, f, st, framework(), importer.Options{Levels: rag})
	if err != nil {
		t.Fatal(err)
	}
	// Another import of the same rows lands between the dry run and this
	// one: the last row's key is taken, so the whole import must fail.
	var imported []*importer.Outcome
	for i := range p.Rows {
		if p.Rows[i].Result == importer.Imported {
			imported = append(imported, &p.Rows[i])
		}
	}
	imported[len(imported)-1].Key = imported[0].Key
	if _, err := importer.Apply(ctx, st, p); err == nil || !strings.Contains(assurance.ErrorMessage(err), "Nothing was imported: row 15") {
		t.Fatalf("Apply with a clashing row: %v", err)
	}
	if qs, _ := st.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 0 {
		t.Errorf("%d questions written by a failed import, want none", len(qs))
	}
	if m, _ := st.ImportMapping(ctx, p.Shape); m != nil {
		t.Errorf("a failed import remembered its mapping: %v", m)
	}
}

func diff[T any](got, want []T) string {
	var b strings.Builder
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w any = "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		mark := "  "
		if !reflect.DeepEqual(g, w) {
			mark = "≠ "
		}
		b.WriteString(mark + jsonOf(g) + "\n")
		if mark != "  " {
			b.WriteString("  want " + jsonOf(w) + "\n")
		}
	}
	return b.String()
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
