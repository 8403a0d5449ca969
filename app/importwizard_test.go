package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
)

// oldLogWorkbook writes a log as a Guardian might keep it in Excel: a
// merged title, a note, then the headings on row 4.
func oldLogWorkbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Log"
	f.SetSheetName("Sheet1", sh)
	rows := [][]any{
		{"Wellbeing Guardian assurance log 2025-26"},
		{"Ratings: RAG as agreed at People Committee"},
		nil,
		{"Ref", "Area", "Question", "Asked of", "Date raised", "Due date", "Response", "RAG", "Comments"},
		{"WG-01", "2.3", "How does the service framework include OHWB?", "Chief People Officer", "03/12/2025", "15/01/2026"},
		{"WG-02", "Area 4.1 – Using data to demonstrate the impact of OHWB", "What data shows the impact of the OHWB service?", "Director of Workforce", "3 Dec 2025", "June 2026", "A quarterly dashboard.", "Amber", "Needs outcomes."},
		{"WG-03", "Staff parking", "Is staff parking adequate?", "Estates", "04/12/2025"},
		{"WG-04", "Service innovation", "Which innovations has OHWB piloted?", "Head of OH", "2025-12-04", "31/02/2026"},
		{"Total: 4"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if r != nil {
			if err := f.SetSheetRow(sh, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.MergeCell(sh, "A1", "I1")
	path := filepath.Join(t.TempDir(), "Guardian log 2025-26.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportWizardDryRunThenImport(t *testing.T) {
	u, files := newTestUI(t)
	u.OpenLog(newTestLog(t), false)
	files.open = oldLogWorkbook(t)

	// File, Import… opens the wizard on its first step.
	shortcut(u, ctrl(fyne.KeyI))
	if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(texts(top), "Import an existing log") {
		t.Fatal("Ctrl+I did not open the import wizard")
	}
	u.win.Canvas().Overlays().Top().Hide()
	u.win.Canvas().Overlays().Remove(u.win.Canvas().Overlays().Top())

	x := newImportWizard(u.ws)
	x.show()
	test.Tap(button(t, u, "Choose…"))
	if x.sheet.Selected != "Log" {
		t.Fatalf("sheet %q after choosing the file", x.sheet.Selected)
	}
	test.Tap(button(t, u, "Next"))
	settle(u)
	if x.step != stepColumns {
		t.Fatalf("step %d after Next, message %q", x.step, x.message.Text)
	}
	if !strings.Contains(x.where.Text, "The headings are on row 4 of the sheet \"Log\"") {
		t.Errorf("columns step says %q", x.where.Text)
	}
	for f, want := range map[importer.Field]string{importer.Ref: "A: Ref", importer.Question: "C: Question",
		importer.Raised: "E: Date raised", importer.Level: "H: RAG", importer.Comment: "I: Comments", importer.Status: notImported} {
		if got := x.columns[f].Selected; got != want {
			t.Errorf("%s column %q, want %q", f.Label(), got, want)
		}
	}
	if n := x.preview.Length; n == nil {
		t.Error("no preview")
	} else if rows, _ := n(); rows != 6 { // headings + 5 rows
		t.Errorf("preview has %d rows, want the headings and 5", rows)
	}
	x.rag["Amber"].SetSelected(assurance.Limited.Label())
	if bad := unringed(u); len(bad) > 0 {
		t.Errorf("import wizard, columns step: focusable controls without the focus ring: %v", bad)
	}
	writePNG(t, "import-mapping", u.win.Canvas().Capture())

	test.Tap(button(t, u, "Check every row"))
	settle(u)
	if x.step != stepCheck {
		t.Fatalf("step %d after the dry run, message %q", x.step, x.message.Text)
	}
	if bad := unringed(u); len(bad) > 0 {
		t.Errorf("import wizard, check step: focusable controls without the focus ring: %v", bad)
	}
	if want := "2 rows will be imported, 5 skipped and 2 rejected. This is a dry run: nothing has been added to the log yet."; x.summary.Text != want {
		t.Errorf("summary %q\nwant %q", x.summary.Text, want)
	}
	if got := cellText(&x.results.Table, 7, 4); !strings.Contains(got, "\"Staff parking\" is not an action area") {
		t.Errorf("row 7's reason %q", got)
	}
	if got := cellText(&x.results.Table, 8, 4); !strings.Contains(got, "February 2026 has 28 days") {
		t.Errorf("row 8's reason %q", got)
	}
	if n := len(mustQuestions(t, u.store)); n != 0 {
		t.Fatalf("the dry run wrote %d questions", n)
	}
	writePNG(t, "import-check", u.win.Canvas().Capture())

	test.Tap(button(t, u, "Import 2 questions"))
	settle(u)
	qs := mustQuestions(t, u.store)
	if len(qs) != 2 || qs[1].Level != assurance.Limited || qs[1].DueOn != assurance.MustDate("2026-06-01") {
		t.Fatalf("after import: %d questions %+v", len(qs), qs)
	}
	if !strings.Contains(x.message.Text, "Imported 2 questions, Q-0001 to Q-0002") {
		t.Errorf("message %q", x.message.Text)
	}
	if len(u.ws.questions) != 2 {
		t.Errorf("the question list shows %d questions after the import, want 2", len(u.ws.questions))
	}
	test.Tap(button(t, u, "Close"))

	// Again: the mapping is remembered and nothing comes in twice.
	x = newImportWizard(u.ws)
	x.show()
	test.Tap(button(t, u, "Choose…"))
	test.Tap(button(t, u, "Next"))
	settle(u)
	if !strings.Contains(x.where.Text, "you chose when you last imported") || x.columns[importer.Level].Selected != "H: RAG" {
		t.Errorf("second import: %q, level column %q", x.where.Text, x.columns[importer.Level].Selected)
	}
	if got := x.rag["Amber"].Selected; got != assurance.Limited.Label() {
		t.Errorf("Amber means %q on the second import, want Limited remembered", got)
	}
	test.Tap(button(t, u, "Check every row"))
	settle(u)
	if !strings.HasPrefix(x.summary.Text, "0 rows will be imported, 7 skipped") || !x.importB.Disabled() {
		t.Errorf("second import: %q, import button enabled %v", x.summary.Text, !x.importB.Disabled())
	}
}

func TestImportWizardExplainsAFileItCannotRead(t *testing.T) {
	u, files := newTestUI(t)
	u.OpenLog(newTestLog(t), false)
	files.open = filepath.Join(t.TempDir(), "minutes.pdf")
	if err := os.WriteFile(files.open, []byte("%PDF-1.7"), 0o600); err != nil {
		t.Fatal(err)
	}
	x := newImportWizard(u.ws)
	x.show()
	test.Tap(button(t, u, "Choose…"))
	if !strings.Contains(x.message.Text, "is not a spreadsheet Guardian can import") {
		t.Errorf("message %q", x.message.Text)
	}
	test.Tap(button(t, u, "Next"))
	if x.step != stepFile {
		t.Errorf("moved on to step %d with an unreadable file", x.step)
	}
}

// texts joins the text of every label and button inside o.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range objects(o) {
		switch v := c.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *widget.RichText:
			b.WriteString(v.String() + "\n")
		}
	}
	return b.String()
}

// cellText is what a table shows in one cell.
func cellText(t *widget.Table, row, col int) string {
	l := t.CreateCell().(*widget.Label)
	t.UpdateCell(widget.TableCellID{Row: row, Col: col}, l)
	return l.Text
}
