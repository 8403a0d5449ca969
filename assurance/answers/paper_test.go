package answers_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/answers"
	"github.com/nhsguardian/guardian/assurance/importer"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	paper "github.com/nhsguardian/guardian/export"
	"github.com/xuri/excelize/v2"
)

// exportPaper writes the board paper of st, the workbook a committee is
// sent and edits.
func exportPaper(t *testing.T, st *sqlite.Store) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "board paper.xlsx")
	if _, err := paper.WriteFile(ctx, st, assets.MustCatalogue(), path, paper.Options{Today: assurance.MustDate("2026-11-23")}); err != nil {
		t.Fatal(err)
	}
	return path
}

// paperEdits are committeeEdits made on the paper: its title row and
// headings come first, so Q-0001 is row 3; Response is F, Assurance level
// G, Guardian's comment H, Responded N; an action's Done is F.
var paperEdits = map[string]any{
	"Questions!F3": "Yes: agreed at the People Committee in November.",
	"Questions!N3": assurance.MustDate("2026-11-20").Time(),
	"Questions!G3": "Substantial",
	"Questions!H5": "Chased twice.",
	"Actions!F3":   "01/12/2026",
}

func TestPaperEditedWithExcelizeComesBackExactly(t *testing.T) {
	st := seeded(t)
	path := exportPaper(t, st)
	checkRows(t, path)
	edit(t, path, paperEdits)
	p, f := compare(t, st, path)
	checkApplied(t, st, p, f)
}

// checkRows makes sure the cells paperEdits names are the ones it means.
func checkRows(t *testing.T, path string) {
	t.Helper()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for cell, want := range map[string]string{"Questions!A3": "Q-0001", "Questions!A5": "Q-0003", "Questions!F2": "Response",
		"Questions!G2": "Assurance level", "Questions!H2": "Guardian's comment", "Questions!N2": "Responded", "Actions!A3": "Q-0002", "Actions!F2": "Done"} {
		sheet, c, _ := strings.Cut(cell, "!")
		if got, _ := x.GetCellValue(sheet, c); got != want {
			t.Fatalf("%s = %q, want %q", cell, got, want)
		}
	}
}

// resave opens path in another program and saves it again as .xlsx, as a
// committee member's spreadsheet program does, and returns the new file.
func resave(t *testing.T, program string, path string) string {
	t.Helper()
	out := t.TempDir()
	var cmd *exec.Cmd
	switch program {
	case "soffice":
		cmd = exec.Command("soffice", "--headless", "-env:UserInstallation=file://"+t.TempDir(), "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, path)
	case "ssconvert":
		cmd = exec.Command("ssconvert", "--export-type=Gnumeric_Excel:xlsx2", path, filepath.Join(out, filepath.Base(path)))
	}
	if _, err := exec.LookPath(program); err != nil {
		t.Fatalf("%s is not installed: run make deps-test", program)
	}
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", program, err, b)
	}
	resaved := filepath.Join(out, filepath.Base(path))
	before, _ := os.ReadFile(path)
	after, err := os.ReadFile(resaved)
	if err != nil || string(before) == string(after) {
		t.Fatalf("%s did not rewrite the workbook: %v", program, err)
	}
	return resaved
}

// LibreOffice and Gnumeric rewrite every part of the file; they stand in
// for Excel and Google Sheets, which cannot run here.
func TestPaperResavedByAnotherProgramComesBack(t *testing.T) {
	for _, program := range []string{"soffice", "ssconvert"} {
		t.Run(program, func(t *testing.T) {
			st := seeded(t)
			path := exportPaper(t, st)
			edit(t, path, paperEdits)
			p, f := compare(t, st, resave(t, program, path))
			checkApplied(t, st, p, f)
		})
	}
}

func TestPaperEditedInBothPlacesIsReportedNotApplied(t *testing.T) {
	st := seeded(t)
	editedInBothPlaces(t, st, exportPaper(t, st), "Questions!F4", "Questions!H4")
}

func TestPaperFromAnotherLogIsRefusedByName(t *testing.T) {
	st := seeded(t)
	path := exportPaper(t, st)
	before, _ := os.ReadFile(path)
	other := newLog(t, "other trust.guardian")
	f, err := importer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = answers.Compare(ctx, f, other, other.Info())
	if msg := assurance.ErrorMessage(err); !strings.Contains(msg, `"board paper.xlsx" was written from another log, "trust.guardian", not this one`) {
		t.Errorf("a paper from another log: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the refused paper changed")
	}
}

// Programs that drop custom document properties keep cell values: the
// stamp is also in hidden cells of the title row.
func TestPaperWithoutPropertiesIsKnownByItsHiddenStamp(t *testing.T) {
	st := seeded(t)
	path := exportPaper(t, st)
	edit(t, path, paperEdits)
	stripCustomProps(t, path)
	p, f := compare(t, st, path)
	if f.CustomProps()[assurance.StampLog] != "" {
		t.Fatal("the custom properties are still there")
	}
	checkApplied(t, st, p, f)
}

func TestPaperOpensOnlyTheAnswerCells(t *testing.T) {
	st := seeded(t)
	x, err := excelize.OpenFile(exportPaper(t, st))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	checkLocked(t, x, 3, map[string]map[string]bool{
		"Questions": {"A": true, "C": true, "D": true, "F": false, "G": false, "H": false, "I": true, "N": false, "R": true, "T": true},
		"Actions":   {"A": true, "C": true, "E": true, "F": false, "G": true, "I": true},
	})
	for _, sheet := range []string{"Questions", "Actions"} {
		if p, _ := x.GetSheetProtection(sheet); !p.AutoFilter {
			t.Errorf("%s's filters do not work on the protected sheet", sheet)
		}
	}
	// The round-trip columns are hidden, headed as the reader expects, and
	// outside the printed area; the stamp is in the title row above them.
	heads, _ := x.GetRows("Questions")
	for i, h := range heads[1] {
		col, _ := excelize.ColumnNumberToName(i + 1)
		vis, _ := x.GetColVisible("Questions", col)
		if hidden := strings.HasPrefix(h, "Guardian ") || strings.HasPrefix(h, "Exported "); hidden == vis {
			t.Errorf("column %s %q visible %v", col, h, vis)
		}
	}
	if !strings.Contains(strings.Join(heads[0], "|"), assurance.StampLog+"="+assurance.LogIdentity(st.Info())) {
		t.Errorf("title row %q has no stamp", heads[0])
	}
	if props, _ := x.GetCustomProps(); len(props) != 3 {
		t.Errorf("custom properties %+v", props)
	}
}

// A log on its own scale shows levels in its words on the paper, and takes
// them back in those words.
func TestPaperLevelsInTheLogsOwnWords(t *testing.T) {
	st := seeded(t)
	ys := assurance.YearOf(st)
	ls, _ := ys.LogSettings(ctx)
	ls.Scale = assurance.ScaleRAG
	if err := ys.UpdateLogSettings(ctx, ls); err != nil {
		t.Fatal(err)
	}
	path := exportPaper(t, st)
	edit(t, path, map[string]any{"Questions!G3": "Amber-red"})
	p, _ := compare(t, st, path)
	if got := keys(p.Apply); !reflect.DeepEqual(got, []string{"Q-0001 Assurance level = Limited"}) || len(p.Problems) != 0 {
		t.Fatalf("applied %q, problems %q", got, p.Problems)
	}
}

// In a log with reporting periods the paper puts the previous level and the
// trend either side of the assurance level, moving the answer cells: they
// are found and opened by their headings, and come back.
func TestPaperWithPeriodsOpensAndTakesBackTheMovedAnswerCells(t *testing.T) {
	st := seeded(t)
	if err := st.StartPeriod(ctx, &assurance.Period{StartsOn: assurance.MustDate("2026-10-01")}); err != nil {
		t.Fatal(err)
	}
	path := exportPaper(t, st)
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	heads, _ := x.GetRows("Questions")
	col := map[string]string{}
	for i, h := range heads[1] {
		col[h], _ = excelize.ColumnNumberToName(i + 1)
	}
	for _, h := range []string{"Previous level", "Trend"} {
		if col[h] == "" {
			t.Fatalf("no %q column on a paper with periods: %q", h, heads[1])
		}
	}
	checkLocked(t, x, 3, map[string]map[string]bool{"Questions": {
		"A": true, col["Response"]: false, col["Previous level"]: true, col["Assurance level"]: false,
		col["Trend"]: true, col["Guardian's comment"]: false, col["Responded"]: false,
	}})
	x.Close()
	edit(t, path, map[string]any{
		"Questions!" + col["Response"] + "3":           paperEdits["Questions!F3"],
		"Questions!" + col["Responded"] + "3":          paperEdits["Questions!N3"],
		"Questions!" + col["Assurance level"] + "3":    paperEdits["Questions!G3"],
		"Questions!" + col["Guardian's comment"] + "5": paperEdits["Questions!H5"],
		"Actions!F3": paperEdits["Actions!F3"],
	})
	p, f := compare(t, st, path)
	checkApplied(t, st, p, f)
}
