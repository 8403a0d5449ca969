package export_test

import (
	"archive/zip"
	"context"
	"errors"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/export"
	"github.com/xuri/excelize/v2"
)

var today = assurance.MustDate("2026-11-23")

// Hostile text: each would run, link or call out if a spreadsheet took it
// for a formula.
const (
	hostileQuestion = `=HYPERLINK("http://x","y")`
	hostileAskedOf  = `@SUM(1+1)*cmd|' /C calc'!A0`
	hostileResponse = "-2+3"
	hostileComment  = "+cmd|' /C calc'!A0"
	hostileAction   = "\t=1+1"
	hostileOwner    = "=WEBSERVICE(\"http://evil/\")"
	hostileEvName   = "=cmd.pdf"
	hostileEvDesc   = "javascript:alert(1)"
)

func at(s string) time.Time {
	d := assurance.MustDate(s)
	return time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, time.Local)
}

// hostileLog is a small log whose every user field that reaches a cell is
// hostile somewhere, with a history that moves levels since the last Board.
func hostileLog() *fakeLog {
	l := &fakeLog{settings: assurance.Settings{Organisation: "Northshire & District NHS Trust", Guardian: "Dr A. Guardian", SecurityMarking: "OFFICIAL-SENSITIVE"}}
	l.meetings = []*assurance.Meeting{
		{ID: 1, Kind: assurance.Board, Title: "Public Board, July", Date: assurance.MustDate("2026-07-15")},
		{ID: 2, Kind: assurance.PeopleCommittee, Title: "People Committee", Date: assurance.MustDate("2026-10-12")},
		{ID: 3, Kind: assurance.Board, Title: "Public Board, September", Date: assurance.MustDate("2026-09-20")},
		{ID: 4, Kind: assurance.Board, Title: "Public Board, December", Date: assurance.MustDate("2026-12-03")},
	}
	// Q-0001: answered before the last Board, closed since.
	q1 := l.addQuestion(&assurance.Question{Area: "1.1", Text: "How is OHWB represented at board level?", AskedOf: "Chief People Officer",
		RaisedOn: assurance.MustDate("2026-07-15"), MeetingID: 1, DueOn: assurance.MustDate("2026-08-15"), Status: assurance.StatusAnswered,
		Response: "A monthly people report.", RespondedOn: assurance.MustDate("2026-08-01"), Level: assurance.Reasonable}, at("2026-08-01"))
	l.update(q1, at("2026-10-05"), func(q *assurance.Question) { q.Status = assurance.StatusClosed })
	// Q-0002: raised since the last Board, overdue, hostile throughout.
	q2 := l.addQuestion(&assurance.Question{Area: "2.1", Text: hostileQuestion, AskedOf: hostileAskedOf,
		RaisedOn: assurance.MustDate("2026-10-01"), MeetingID: 2, DueOn: assurance.MustDate("2026-11-01"), Status: assurance.StatusAsked,
		Comment: hostileComment}, at("2026-10-01"))
	// Q-0003: first assessed since the last Board.
	q3 := l.addQuestion(&assurance.Question{Area: "4.1", Text: "Do we measure the impact of OHWB services?", AskedOf: "Director of Workforce",
		RaisedOn: assurance.MustDate("2026-07-15"), MeetingID: 1, DueOn: assurance.MustDate("2026-10-30"), Status: assurance.StatusAsked}, at("2026-07-16"))
	l.update(q3, at("2026-10-10"), func(q *assurance.Question) {
		q.Status, q.Response, q.RespondedOn, q.Level = assurance.StatusAnswered, hostileResponse, assurance.MustDate("2026-10-10"), assurance.Limited
	})
	// Q-0004: weakened since the last Board.
	q4 := l.addQuestion(&assurance.Question{Area: "4.1", Text: "Is sickness absence data reported by staff group?", AskedOf: "Chief Nurse",
		RaisedOn: assurance.MustDate("2026-06-01"), DueOn: assurance.MustDate("2026-07-01"), Status: assurance.StatusAnswered,
		Response: "Yes, quarterly.", RespondedOn: assurance.MustDate("2026-06-20"), Level: assurance.Substantial}, at("2026-06-20"))
	l.update(q4, at("2026-11-02"), func(q *assurance.Question) { q.Level = assurance.Limited; q.Comment = "Reporting lapsed in October." })
	// Q-0005: No assurance.
	l.addQuestion(&assurance.Question{Area: "3.2", Text: "Are OH career pathways in place?\nIncluding apprenticeships.", AskedOf: "Director of OH",
		RaisedOn: assurance.MustDate("2026-05-01"), Status: assurance.StatusAnswered, Response: "Not yet.",
		RespondedOn: assurance.MustDate("2026-05-20"), Level: assurance.NoAssurance}, at("2026-05-20"))

	l.actions = []*assurance.Action{
		{ID: 1, QuestionID: q2.ID, Text: hostileAction, Owner: hostileOwner, DueOn: assurance.MustDate("2026-11-10")},
		{ID: 2, QuestionID: q1.ID, Text: "Add OHWB to the board forward plan", Owner: "Company Secretary", DueOn: assurance.MustDate("2026-08-30"), DoneOn: assurance.MustDate("2026-08-20")},
		{ID: 3, QuestionID: q3.ID, Text: "Agree impact measures", Owner: "Head of OH", DueOn: assurance.MustDate("2027-01-31")},
	}
	q2.OpenActions, q3.OpenActions = 1, 1
	l.attach(q1, "Board minutes July.pdf", "Minutes item 7", []byte("%PDF-1.4 minutes"), at("2026-08-02"))
	l.attach(q3, hostileEvName, hostileEvDesc, []byte("%PDF-1.4 report"), at("2026-10-11"))
	l.requests = []*assurance.EvidenceRequest{
		{ID: 1, QuestionID: q2.ID, QuestionRef: q2.Ref, From: hostileOwner, What: hostileAction, Kind: hostileEvDesc,
			RequestedOn: assurance.MustDate("2026-10-01"), DueOn: assurance.MustDate("2026-11-01"), State: assurance.RequestRequested},
		{ID: 2, QuestionID: q3.ID, QuestionRef: q3.Ref, From: "Head of occupational health", What: "OH activity report",
			RequestedOn: assurance.MustDate("2026-10-01"), DueOn: assurance.MustDate("2026-10-20"), State: assurance.RequestReceived,
			ReceivedOn: assurance.MustDate("2026-10-11"), EvidenceID: 2},
	}
	l.decisions = []*assurance.Decision{
		{ID: 1, Decision: hostileQuestion, Meeting: hostileAskedOf, DecidedOn: assurance.MustDate("2026-09-20"),
			Impact: assurance.ImpactNo, Unintended: true, Comment: hostileComment, QuestionID: q2.ID, QuestionRef: q2.Ref},
	}
	return l
}

func catalogue(t testing.TB) *assurance.Catalogue {
	t.Helper()
	cat, err := assets.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func writePaper(t *testing.T, r assurance.Reader, opt export.Options) (string, *export.Result) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Board paper.xlsx")
	if opt.Today.IsZero() {
		opt.Today = today
	}
	res, err := export.WriteFile(context.Background(), r, catalogue(t), path, opt)
	if err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	return path, res
}

func open(t *testing.T, path string, opts ...excelize.Options) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, opts...)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rowOf finds the row whose column A holds want, or fails.
func rowOf(t *testing.T, f *excelize.File, sheet, want string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == want {
			return r
		}
	}
	t.Fatalf("%s: no row starting %q", sheet, want)
	return nil
}

// cellOf finds the cell holding exactly want in a sheet.
func cellOf(t *testing.T, f *excelize.File, sheet, want string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		for j, v := range r {
			if v == want {
				c, _ := excelize.CoordinatesToCellName(j+1, i+1)
				return c
			}
		}
	}
	t.Fatalf("%s: no cell holds %q", sheet, want)
	return ""
}

func TestSheetsAndFileSafety(t *testing.T) {
	path, res := writePaper(t, hostileLog(), export.Options{})
	if res.Questions != 5 || res.Actions != 3 || res.Evidence != 2 {
		t.Errorf("result counts = %d questions, %d actions, %d evidence; want 5, 3, 2", res.Questions, res.Actions, res.Evidence)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("paper mode = %v, want 0600: a board paper is OFFICIAL-SENSITIVE", fi.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*"))
	if len(left) != 1 {
		t.Errorf("folder holds %v; want only the paper (no temporary files)", left)
	}
	f := open(t, path)
	if got := f.GetSheetList(); !slices.Equal(got, export.Sheets) {
		t.Errorf("sheets = %q, want %q", got, export.Sheets)
	}
	for _, name := range f.GetSheetList() {
		if n := len([]rune(name)); n > 31 || strings.ContainsAny(name, `:\/?*[]`) || strings.EqualFold(name, "History") {
			t.Errorf("sheet name %q would make Excel repair the workbook", name)
		}
	}
}

// libreOffice converts a workbook to PDF with LibreOffice in a private
// profile, failing the test if it cannot: a workbook LibreOffice cannot
// convert would also make Excel offer a repair.
func libreOffice(t *testing.T, outDir string, xlsx ...string) []string {
	t.Helper()
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		bin, err = exec.LookPath("soffice")
	}
	if err != nil {
		t.Fatal("LibreOffice is not installed: run make deps-test (apt libreoffice-calc-nogui)")
	}
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", outDir}, xlsx...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	var pdfs []string
	for _, x := range xlsx {
		pdf := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(x), ".xlsx")+".pdf")
		fi, err := os.Stat(pdf)
		if err != nil || fi.Size() < 1000 {
			t.Fatalf("libreoffice made no PDF of %s (%v)\n%s", x, err, out)
		}
		pdfs = append(pdfs, pdf)
	}
	return pdfs
}

// TestLibreOfficeOpensPapers converts four papers in one LibreOffice run: a
// demo log's, a hostile one with evidence links, an empty scope, and one
// holding text Excel cannot hold as typed (see TestTextExcelCannotHold).
func TestLibreOfficeOpensPapers(t *testing.T) {
	demoPaper, _ := writePaper(t, demoLog(t, 150, 120), export.Options{})
	full, _ := writePaper(t, hostileLog(), export.Options{IncludeEvidence: true})
	// full is first in the list: its PDF is read below.
	empty, _ := writePaper(t, hostileLog(), export.Options{Scope: export.Scope{Driver: "1", OpenOnly: true}})
	odd, _ := writePaper(t, oddTextLog(), export.Options{})
	dir := t.TempDir()
	papers := []string{full}
	for name, src := range map[string]string{"demo.xlsx": demoPaper, "empty.xlsx": empty, "odd.xlsx": odd} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		papers = append(papers, p)
	}
	out := os.Getenv("GUARDIAN_EXPORT_PDF_DIR") // set to keep the papers and their PDFs for a look
	if out == "" {
		out = t.TempDir()
	} else {
		for _, p := range papers {
			if b, err := os.ReadFile(p); err == nil {
				_ = os.WriteFile(filepath.Join(out, filepath.Base(p)), b, 0o600)
			}
		}
	}
	pdfs := libreOffice(t, out, papers...)
	// LibreOffice shows the hostile paper's formulas as the literal text
	// typed, never as their results ("y", 2, a link).
	text, err := exec.Command("pdftotext", "-layout", pdfs[0], "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils): %v", err)
	}
	for _, want := range []string{hostileQuestion, `=WEBSERVICE("http://`, "-2+3", "OFFICIAL-SENSITIVE", "Page 1 of"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF of the hostile paper does not show %q", want)
		}
	}
}

func TestAreaSheet(t *testing.T) {
	path, _ := writePaper(t, hostileLog(), export.Options{})
	f := open(t, path)
	cat := catalogue(t)
	fw := cat.Default()
	rows, err := f.GetRows(export.SheetAreas)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		if len(r) > 0 && fw.Area(r[0]) != nil {
			ids = append(ids, r[0])
		}
	}
	if len(ids) != 23 {
		t.Fatalf("area rows = %d (%v), want 23", len(ids), ids)
	}
	for _, d := range fw.Drivers {
		rowOf(t, f, export.SheetAreas, "Driver "+d.Label())
	}
	// 4.1 has two questions, both open, latest level Limited (the most recent
	// response), and one evidence item reviewed on 10/10/2026.
	r41 := rowOf(t, f, export.SheetAreas, "4.1")
	if r41[2] != "2" || r41[3] != "2" || r41[5] != "Limited" || r41[7] != "1" || r41[8] != "10/10/2026" {
		t.Errorf("row 4.1 = %q", r41)
	}
	cell := cellOf(t, f, export.SheetAreas, "4.1")
	_, row, _ := excelize.CellNameToCoordinates(cell)
	assertNumber(t, f, export.SheetAreas, fmt5("C", row), 2)
	assertDate(t, f, export.SheetAreas, fmt5("I", row), assurance.MustDate("2026-10-10"))
	assertFill(t, f, export.SheetAreas, fmt5("F", row), "FFB81C") // Limited: amber
	r32 := rowOf(t, f, export.SheetAreas, "3.2")
	if r32[5] != "No assurance" {
		t.Errorf("row 3.2 = %q", r32)
	}
	_, row32, _ := excelize.CellNameToCoordinates(cellOf(t, f, export.SheetAreas, "3.2"))
	assertFill(t, f, export.SheetAreas, fmt5("F", row32), "DA291C") // No assurance: red
	_, row12, _ := excelize.CellNameToCoordinates(cellOf(t, f, export.SheetAreas, "1.2"))
	assertFill(t, f, export.SheetAreas, fmt5("F", row12), "D8DDE0") // Not yet assessed: grey
	// The scale is documented on the sheet: under its heading, below the
	// area rows, one row per level with the label in its colour and what the
	// level means beside it.
	_, keyRow, _ := excelize.CellNameToCoordinates(cellOf(t, f, export.SheetAreas, "Colour scale for assurance levels"))
	if keyRow <= row32 {
		t.Errorf("colour key starts on row %d, above the area rows (3.2 is row %d)", keyRow, row32)
	}
	fills := map[assurance.AssuranceLevel]string{
		assurance.Substantial: "007F3B", assurance.Reasonable: "C5E0A5", assurance.Limited: "FFB81C",
		assurance.NoAssurance: "DA291C", assurance.NotAssessed: "D8DDE0",
	}
	for i, l := range assurance.AssuranceLevels {
		row := keyRow + 1 + i
		label, _ := f.GetCellValue(export.SheetAreas, fmt5("A", row))
		meaning, _ := f.GetCellValue(export.SheetAreas, fmt5("C", row))
		if label != l.Label() || len(meaning) < 10 {
			t.Errorf("colour key row %d = %q, %q; want %q and what it means", row, label, meaning, l.Label())
		}
		assertFill(t, f, export.SheetAreas, fmt5("A", row), fills[l])
	}
}

func fmt5(col string, row int) string { return col + strconv.Itoa(row) }

// assertNumber checks a cell holds a number, not text that looks like one.
func assertNumber(t *testing.T, f *excelize.File, sheet, cell string, want float64) {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	got, err := strconv.ParseFloat(raw, 64)
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber || err != nil || got != want {
		t.Errorf("%s!%s = %q (type %v), want the number %v", sheet, cell, raw, typ, want)
	}
}

// assertDate checks a cell holds a real Excel date in a UK format.
func assertDate(t *testing.T, f *excelize.File, sheet, cell string, want assurance.Date) {
	t.Helper()
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s!%s = %q: not a date serial number", sheet, cell, raw)
		return
	}
	got, err := excelize.ExcelDateToTime(serial, false)
	if err != nil || assurance.DateOf(got) != want {
		t.Errorf("%s!%s = %v (%q), want %v", sheet, cell, got, raw, want)
	}
	id, _ := f.GetCellStyle(sheet, cell)
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || !strings.HasPrefix(*st.CustomNumFmt, "dd/mm/yyyy") {
		t.Errorf("%s!%s number format = %v, want a UK date format", sheet, cell, st.CustomNumFmt)
	}
}

func assertFill(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	id, _ := f.GetCellStyle(sheet, cell)
	st, err := f.GetStyle(id)
	if err != nil || len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], want) {
		t.Errorf("%s!%s fill = %v, want %s", sheet, cell, st.Fill.Color, want)
	}
}

func TestQuestionsTable(t *testing.T) {
	path, _ := writePaper(t, hostileLog(), export.Options{})
	f := open(t, path)
	sh := export.SheetQuestions
	head, _ := f.GetRows(sh)
	// A title, then the table's header row.
	if len(head) != 7 || head[0][0] != "Questions in this paper" || head[1][0] != "Reference" || head[1][2] != "Question" || head[1][6] != "Assurance level" {
		t.Fatalf("questions sheet rows = %d, title %q, header %q", len(head), head[0], head[1])
	}
	tables, err := f.GetTables(sh)
	if err != nil || len(tables) != 1 || tables[0].Name != export.TableQuestions || tables[0].Range != "A2:Q7" {
		t.Fatalf("tables = %+v, %v; want %s over A2:Q7", tables, err, export.TableQuestions)
	}
	if x := zipPart(t, path, "xl/tables/table1.xml"); !strings.Contains(x, "<autoFilter") {
		t.Errorf("questions table has no filter: %s", x)
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes = %+v, %v; want the title and header rows frozen", panes, err)
	}
	// Q-0002 raised 01/10/2026, due 01/11/2026, overdue; counts are numbers.
	assertDate(t, f, sh, "K4", assurance.MustDate("2026-10-01"))
	assertDate(t, f, sh, "M4", assurance.MustDate("2026-11-01"))
	if v, _ := f.GetCellValue(sh, "E4"); v != "Yes" {
		t.Errorf("Q-0002 overdue = %q", v)
	}
	assertNumber(t, f, sh, "O4", 1)
	assertNumber(t, f, sh, "P5", 1)
	// The columns a board member reads print; the details stay on screen.
	found := false
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Area" && n.Scope == sh {
			found = n.RefersTo == "'Questions'!$A$1:$I$7"
		}
	}
	if !found {
		t.Errorf("questions sheet print area is not A1:I7: %+v", f.GetDefinedName())
	}
	id, _ := f.GetCellStyle(sh, "C3")
	if st, _ := f.GetStyle(id); st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("question text is not wrapped")
	}
	if w, _ := f.GetColWidth(sh, "C"); w < 25 {
		t.Errorf("question column width = %v", w)
	}
	cf, err := f.GetConditionalFormats(sh)
	if err != nil || len(cf) == 0 {
		t.Errorf("questions sheet has no conditional format for overdue rows: %v", err)
	}
}

func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatalf("%s has no part %s", path, name)
	return ""
}

func TestActionsOverdueHighlighted(t *testing.T) {
	path, _ := writePaper(t, hostileLog(), export.Options{})
	f := open(t, path)
	sh := export.SheetActions
	cf, err := f.GetConditionalFormats(sh)
	if err != nil {
		t.Fatal(err)
	}
	rule, ok := cf["A3:H5"]
	if !ok || len(rule) != 1 || rule[0].Type != "formula" || !strings.Contains(rule[0].Criteria, "DATE(2026,11,23)") {
		t.Fatalf("actions conditional formats = %+v; want one overdue rule over A3:H5 fixed at the date prepared", cf)
	}
	// Under the title and header, actions come in question order: Q-0001's
	// (done) in row 3, then Q-0002's (due 10/11/2026, not done: overdue) in row 4.
	if v, _ := f.GetCellValue(sh, "G3"); v != "Done" {
		t.Errorf("row 3 state = %q, want Done", v)
	}
	assertDate(t, f, sh, "F3", assurance.MustDate("2026-08-20"))
	if v, _ := f.GetCellValue(sh, "G4"); v != "Overdue" {
		t.Errorf("row 4 state = %q, want Overdue", v)
	}
	assertDate(t, f, sh, "E4", assurance.MustDate("2026-11-10"))
	if v, _ := f.GetCellValue(sh, "F4"); v != "" {
		t.Errorf("undone action has done date %q", v)
	}
}

func TestPrintSettings(t *testing.T) {
	l := hostileLog()
	l.settings.Organisation = "2gether NHS Foundation Trust"
	path, _ := writePaper(t, l, export.Options{SecurityMarking: "OFFICIAL-SENSITIVE: PERSONAL & BOARD"})
	f := open(t, path)
	names := f.GetDefinedName()
	for _, sh := range export.Sheets {
		pl, err := f.GetPageLayout(sh)
		if err != nil {
			t.Fatal(err)
		}
		if *pl.Orientation != "landscape" || *pl.Size != 9 || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
			t.Errorf("%s page layout = %s, size %d, %d wide, %d tall; want A4 landscape, one page wide", sh, *pl.Orientation, *pl.Size, *pl.FitToWidth, *pl.FitToHeight)
		}
		props, err := f.GetSheetProps(sh)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s is not set to fit to page", sh)
		}
		hf, err := f.GetHeaderFooter(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hf.OddHeader, "OFFICIAL-SENSITIVE: PERSONAL && BOARD") || !strings.Contains(hf.OddFooter, "Page &P of &N") ||
			!strings.Contains(hf.OddHeader, "&10 2gether") {
			t.Errorf("%s header %q footer %q: want the marking (with & escaped) and Page N of M", sh, hf.OddHeader, hf.OddFooter)
		}
		if sh == export.SheetCover {
			continue
		}
		found := false
		for _, n := range names {
			if n.Name == "_xlnm.Print_Titles" && n.Scope == sh && strings.HasPrefix(n.RefersTo, "'"+sh+"'!$") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s has no repeated header row (defined names %+v)", sh, names)
		}
	}
}

func TestCoverAndChart(t *testing.T) {
	path, _ := writePaper(t, hostileLog(), export.Options{Purpose: "Assurance", Recommendation: "Note the report."})
	f := open(t, path)
	sh := export.SheetCover
	if v, _ := f.GetCellValue(sh, "A1"); v != export.DefaultTitle {
		t.Errorf("title = %q", v)
	}
	for label, want := range map[string]string{
		"Meeting":          "Board: Public Board, December",
		"Author":           "Dr A. Guardian, Health and Wellbeing Guardian",
		"Security marking": "OFFICIAL-SENSITIVE",
		"Purpose":          "Assurance",
		"Recommendation":   "Note the report.",
		"Period covered":   "21 Sep 2026 to 23 Nov 2026 (since the previous Board)",
	} {
		if r := rowOf(t, f, sh, label); r[1] != want {
			t.Errorf("cover %s = %q, want %q", label, r[1], want)
		}
	}
	_, row, _ := excelize.CellNameToCoordinates(cellOf(t, f, sh, "Date prepared"))
	assertDate(t, f, sh, fmt5("B", row), today)
	_, row, _ = excelize.CellNameToCoordinates(cellOf(t, f, sh, "Date of meeting"))
	assertDate(t, f, sh, fmt5("B", row), assurance.MustDate("2026-12-03"))
	for label, want := range map[string]float64{"Total questions": 5, "Overdue for a response": 1, "Areas with no question": 19, "Areas with only Limited or No assurance": 2} {
		c := cellOf(t, f, sh, label)
		col, r, _ := excelize.CellNameToCoordinates(c)
		// The figure is in the first number column to the right.
		for col++; ; col++ {
			n, _ := excelize.CoordinatesToCellName(col, r)
			if v, _ := f.GetCellValue(sh, n); v != "" && v != label {
				assertNumber(t, f, sh, n, want)
				break
			}
		}
	}
	chart := zipPart(t, path, "xl/charts/chart1.xml")
	if !strings.Contains(chart, "<barChart>") || !strings.Contains(chart, `<grouping val="stacked">`) || strings.Count(chart, "<ser>") != 5 {
		t.Errorf("chart is not a stacked bar of five levels: %.400s", chart)
	}
	if !strings.Contains(html.UnescapeString(chart), "'Cover'!$A$") {
		t.Errorf("chart does not draw from the cover's driver table")
	}
}

// TestHostileTextStaysText checks every sheet: no cell anywhere is a formula,
// every hostile string comes back exactly as typed, and each cell starting
// with a formula character carries Excel's quote prefix so that editing it
// cannot turn it into one.
func TestHostileTextStaysText(t *testing.T) {
	path, _ := writePaper(t, hostileLog(), export.Options{IncludeEvidence: true})
	f := open(t, path)
	want := map[string][]string{
		export.SheetQuestions: {hostileQuestion, hostileAskedOf, hostileResponse, hostileComment},
		export.SheetActions:   {hostileAction, hostileOwner, hostileQuestion},
		export.SheetEvidence:  {hostileEvName, hostileEvDesc},
		export.SheetChanges:   {hostileQuestion},
	}
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, r := range rows {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, _ := f.GetCellFormula(sh, cell); fm != "" {
					t.Errorf("%s!%s is the formula %q", sh, cell, fm)
				}
				seen[v] = true
				if v != "" && strings.ContainsRune("=+-@\t", rune(v[0])) {
					id, _ := f.GetCellStyle(sh, cell)
					if xf := f.Styles.CellXfs.Xf[id]; xf.QuotePrefix == nil || !*xf.QuotePrefix {
						t.Errorf("%s!%s %q has no quote prefix", sh, cell, v)
					}
				}
			}
		}
		for _, w := range want[sh] {
			if !seen[w] {
				t.Errorf("%s: %q did not come back as literal text", sh, w)
			}
		}
	}
	c := cellOf(t, f, export.SheetQuestions, hostileQuestion)
	if typ, _ := f.GetCellType(export.SheetQuestions, c); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("question cell type = %v, want a string", typ)
	}
	// The only links are to the exported evidence files, whatever the names.
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for i := range rows {
			for j := range rows[i] {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				ok, target, _ := f.GetCellHyperLink(sh, cell)
				if !ok {
					continue
				}
				if sh != export.SheetEvidence || !strings.HasPrefix(target, "Board%20paper%20evidence/Q-") || strings.Contains(target, ":") {
					t.Errorf("%s!%s links to %q", sh, cell, target)
				}
			}
		}
	}
}

func TestPassword(t *testing.T) {
	path, _ := writePaper(t, hostileLog(), export.Options{Password: "correct horse"})
	if f, err := excelize.OpenFile(path); err == nil {
		f.Close()
		t.Fatal("a password-protected paper opened without its password")
	}
	if f, err := excelize.OpenFile(path, excelize.Options{Password: "wrong"}); err == nil {
		f.Close()
		t.Fatal("a password-protected paper opened with the wrong password")
	}
	f := open(t, path, excelize.Options{Password: "correct horse"})
	if v, _ := f.GetCellValue(export.SheetCover, "A1"); v != export.DefaultTitle {
		t.Errorf("decrypted cover title = %q", v)
	}
}

func TestEvidenceFilesAndLinks(t *testing.T) {
	l := hostileLog()
	path, res := writePaper(t, l, export.Options{IncludeEvidence: true})
	dir := filepath.Join(filepath.Dir(path), "Board paper evidence")
	if res.EvidenceDir != dir || res.EvidenceFiles != 2 {
		t.Fatalf("result = %+v, want 2 files in %s", res, dir)
	}
	for _, ev := range l.evidence {
		name := assurance.EvidenceFileName(ev)
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(b) != string(l.blobs[ev.ID]) {
			t.Errorf("exported %s = %q, %v", name, b, err)
		}
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", name, fi.Mode().Perm())
		}
	}
	f := open(t, path)
	sh := export.SheetEvidence
	c := cellOf(t, f, sh, hostileEvName)
	ok, target, err := f.GetCellHyperLink(sh, c)
	if err != nil || !ok || target != "Board%20paper%20evidence/Q-0003%20E2%20=cmd.pdf" {
		t.Errorf("link from %s = %v %q %v", c, ok, target, err)
	}
	_, row, _ := excelize.CellNameToCoordinates(c)
	if v, _ := f.GetCellValue(sh, fmt5("H", row)); len(v) != 64 {
		t.Errorf("SHA-256 = %q", v)
	}
	assertNumber(t, f, sh, fmt5("E", row), float64(len(l.blobs[2])))

	// Exporting again replaces the copies and leaves the user's own files.
	notes := filepath.Join(dir, "my notes.txt")
	if err := os.WriteFile(notes, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := export.WriteFile(context.Background(), l, catalogue(t), path, export.Options{Today: today, IncludeEvidence: true}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(notes); err != nil || string(b) != "mine" {
		t.Errorf("a second export changed the user's file: %q, %v", b, err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 3 {
		t.Errorf("evidence folder after a second export holds %q", files)
	}

	// Evidence whose bytes no longer match the fingerprint is refused: the
	// paper is not written, and the evidence copied before it is removed again.
	l.blobs[2] = []byte("tampered")
	badDir := t.TempDir()
	bad := filepath.Join(badDir, "bad.xlsx")
	_, err = export.WriteFile(context.Background(), l, catalogue(t), bad, export.Options{Today: today, IncludeEvidence: true})
	if assurance.ErrorCode(err) != assurance.ECORRUPT || !strings.Contains(assurance.ErrorMessage(err), hostileEvName) {
		t.Errorf("tampered evidence: err = %v, want ECORRUPT naming the file", err)
	}
	if left, _ := filepath.Glob(filepath.Join(badDir, "*")); len(left) != 0 {
		t.Errorf("a failed export left %q", left)
	}
}

func TestFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "paper.xlsx")
	if err := os.WriteFile(path, []byte("the previous paper"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stages []string
	_, err := export.WriteFile(ctx, hostileLog(), catalogue(t), path, export.Options{Today: today, Progress: func(p export.Progress) {
		stages = append(stages, p.Stage)
		if p.Stage == export.SheetQuestions {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled export: err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "the previous paper" {
		t.Errorf("the previous paper was changed to %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 {
		t.Errorf("folder holds %v after a cancelled export", left)
	}
	if len(stages) < 3 || stages[0] != "Reading the log" {
		t.Errorf("progress stages = %q", stages)
	}
	// A folder that does not exist gives an error, not a panic or a file elsewhere.
	_, err = export.WriteFile(context.Background(), hostileLog(), catalogue(t), filepath.Join(dir, "missing", "p.xlsx"), export.Options{Today: today})
	if err == nil || assurance.ErrorMessage(err) == "" {
		t.Errorf("export to a missing folder: err = %v", err)
	}
	_, err = export.WriteFile(context.Background(), hostileLog(), catalogue(t), filepath.Join(dir, "p.csv"), export.Options{Today: today})
	if assurance.ErrorCode(err) != assurance.EINVALID {
		t.Errorf("export to .csv: err = %v, want EINVALID", err)
	}
}

// TestEmptyScope: a scope with no questions still makes a workbook Excel
// opens without repair: no table with only a header row.
func TestEmptyScope(t *testing.T) {
	l := hostileLog()
	path, res := writePaper(t, l, export.Options{Scope: export.Scope{Driver: "1", OpenOnly: true}})
	if res.Questions != 0 {
		t.Fatalf("questions in scope = %d", res.Questions)
	}
	f := open(t, path)
	for _, sh := range []string{export.SheetQuestions, export.SheetActions, export.SheetEvidence} {
		if tables, _ := f.GetTables(sh); len(tables) != 0 {
			t.Errorf("%s has a table %+v with no rows", sh, tables)
		}
	}
	if v, _ := f.GetCellValue(export.SheetQuestions, "A3"); !strings.Contains(v, "no questions") {
		t.Errorf("empty questions sheet says %q", v)
	}
	rows, _ := f.GetRows(export.SheetAreas)
	n := 0
	for _, r := range rows {
		if len(r) > 0 && catalogue(t).Default().Area(r[0]) != nil {
			n++
		}
	}
	if n != 4 {
		t.Errorf("driver 1 scope shows %d areas, want its 4", n)
	}
}

func TestChangesSinceLastMeeting(t *testing.T) {
	l := hostileLog()
	// Q-0006 was raised, answered and closed in the spring but only typed
	// into the log after the last Board: none of that is a change since it.
	l.addQuestion(&assurance.Question{Area: "1.2", Text: "Backfilled from the spring minutes", RaisedOn: assurance.MustDate("2026-03-01"),
		Status: assurance.StatusClosed, Response: "Yes.", RespondedOn: assurance.MustDate("2026-04-01"), Level: assurance.Reasonable}, at("2026-11-05"))
	path, _ := writePaper(t, l, export.Options{})
	f := open(t, path)
	rows, err := f.GetRows(export.SheetChanges)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	header := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Question" {
			header = i
			continue
		}
		if header >= 0 && len(r) >= 8 {
			got = append(got, strings.Join([]string{r[0], r[3], r[4], r[5], r[6], r[7]}, "|"))
		}
	}
	want := []string{
		"Q-0001|Closed|Answered|Closed||05/10/2026",
		"Q-0002|Raised||||01/10/2026",
		"Q-0003|Answered||||10/10/2026",
		"Q-0003|Assurance level|Not yet assessed|Limited|First assessed|10/10/2026",
		"Q-0004|Assurance level|Substantial|Limited|Weaker|02/11/2026",
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if tables, _ := f.GetTables(export.SheetChanges); len(tables) != 1 || tables[0].Name != export.TableChanges {
		t.Errorf("changes tables = %+v", tables)
	}
	for label, n := range map[string]float64{"Questions raised": 1, "Questions closed": 1, "Assurance levels now weaker": 1} {
		_, r, _ := excelize.CellNameToCoordinates(cellOf(t, f, export.SheetChanges, label))
		assertNumber(t, f, export.SheetChanges, fmt5("D", r), n)
	}
}

// TestTextExcelCannotHold: control characters XML cannot carry and text
// beyond Excel's cell limit would make Excel repair the workbook (or lose
// the end silently). They come out visible and marked instead.
func TestTextExcelCannotHold(t *testing.T) {
	path, res := writePaper(t, oddTextLog(), export.Options{})
	if len(res.Warnings) == 0 {
		t.Error("no warning that a response was cut at the cell limit")
	}
	f := open(t, path)
	v, _ := f.GetCellValue(export.SheetQuestions, "F3")
	if n := len(utf16.Encode([]rune(v))); n > 32767 || !strings.HasSuffix(v, "cell limit]") || !strings.HasPrefix(v, "Response text 😀") {
		t.Errorf("long response: %d UTF-16 units, ends %q", n, v[len(v)-40:])
	}
	if v, _ := f.GetCellValue(export.SheetQuestions, "H4"); v != "bell\uFFFD null\uFFFD escape\uFFFD end\nnext line" {
		t.Errorf("control characters came back as %q", v)
	}
}

// oddTextLog holds text a store would refuse but an older or damaged log
// might still hold: a response beyond Excel's cell limit and control
// characters XML cannot carry.
func oddTextLog() *fakeLog {
	l := hostileLog()
	l.questions[0].Response = strings.Repeat("Response text 😀 ", 2500) // 40,000 UTF-16 units
	l.questions[1].Comment = "bell\x07 null\x00 escape\x1b end\r\nnext line"
	l.meetings[3].Title = "Board\x0b December"
	return l
}

func TestLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 10, 1},
		{"short", 10, 1},
		{"one two three four", 10, 2}, // 10 characters a line
		{"a\nb\n\nc", 40, 4},
		{strings.Repeat("x", 30), 10, 3}, // one long word breaks anywhere
	} {
		if got := export.Lines(c.text, c.width); got != c.want {
			t.Errorf("lines(%q, %v) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
}

func TestLongHeaderText(t *testing.T) {
	l := hostileLog()
	l.settings.Organisation = strings.Repeat("&", 300)
	path, _ := writePaper(t, l, export.Options{SecurityMarking: strings.Repeat("OFFICIAL & ", 40), Title: strings.Repeat("Title ", 60)})
	f := open(t, path)
	hf, err := f.GetHeaderFooter(export.SheetCover)
	if err != nil {
		t.Fatal(err)
	}
	if len(hf.OddHeader) > 255 || len(hf.OddFooter) > 255 {
		t.Errorf("header %d, footer %d characters: Excel allows 255", len(hf.OddHeader), len(hf.OddFooter))
	}
}
