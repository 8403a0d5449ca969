package app

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
)

// importWizard brings a log kept in Excel or CSV into the open log, in
// three steps: choose the file and sheet; check which column is which
// (with the first rows as they are in the file) and what RAG colours mean;
// then see what becomes of every row (a dry run) before importing. Nothing
// is written until the last step's Import button, and then all or nothing.
type importWizard struct {
	ws *workspace

	d       *dialog.CustomDialog
	body    *fyne.Container // the current step
	step    int
	message *widget.Label

	// Step 1: the file.
	path  *widget.Entry
	sheet *focusSelect
	// Step 2: the columns.
	where     *widget.Label
	headerRow *widget.Entry
	columns   map[importer.Field]*focusSelect
	rag       map[string]*focusSelect
	preview   *focusTable
	// Step 3: the dry run.
	summary *widget.Label
	results *focusTable

	back, next, importB, closeB *focusButton

	file *importer.File
	plan *importer.Plan
}

const (
	stepFile = iota
	stepColumns
	stepCheck
	stepDone
)

// notImported is the column choice that leaves a field out.
const notImported = "(not imported)"

// ragColours are the colours a log may rate answers with; what each means
// as an assurance level is the Guardian's to say.
var ragColours = []string{"Green", "Amber", "Red"}

func newImportWizard(ws *workspace) *importWizard { return &importWizard{ws: ws} }

func (x *importWizard) show() {
	x.message = widget.NewLabel("")
	x.message.Wrapping = fyne.TextWrapWord
	x.body = container.NewStack()
	x.back = newButton("Back", theme.NavigateBackIcon(), widget.MediumImportance, x.onBack)
	x.next = newButton("Next", theme.NavigateNextIcon(), widget.HighImportance, x.onNext)
	x.importB = newButton("Import", theme.DownloadIcon(), widget.HighImportance, x.onImport)
	x.closeB = newButton("Cancel", nil, widget.MediumImportance, x.onClose)
	x.d = dialog.NewCustomWithoutButtons("Import an existing log", border(nil, x.message, nil, nil, x.body), x.ws.ui.win)
	x.d.Resize(fyne.NewSize(1100, 760))
	x.d.SetOnClosed(x.release)
	x.showStep(stepFile)
	x.d.Show()
}

// showStep puts step s in the dialog, with the buttons it needs.
func (x *importWizard) showStep(s int) {
	x.step = s
	var content fyne.CanvasObject
	switch s {
	case stepFile:
		content = x.fileStep()
	case stepColumns:
		content = x.columnsStep()
	case stepCheck, stepDone:
		content = x.checkStep()
	}
	x.body.Objects = []fyne.CanvasObject{content}
	x.body.Refresh()
	x.next.SetText(map[bool]string{true: "Check every row", false: "Next"}[s == stepColumns])
	buttons := []fyne.CanvasObject{x.closeB}
	switch s {
	case stepFile:
		buttons = append(buttons, x.next)
	case stepColumns:
		buttons = append(buttons, x.back, x.next)
	case stepCheck:
		n := x.plan.Count(importer.Imported)
		x.importB.SetText(fmt.Sprintf("Import %d questions", n))
		setEnabled(x.importB, n > 0)
		buttons = append(buttons, x.back, x.importB)
	case stepDone:
		x.closeB.SetText("Close")
	}
	// Set afresh each step, so the dialog lays out the buttons it shows.
	x.d.SetButtons(buttons)
}

func (x *importWizard) fileStep() fyne.CanvasObject {
	if x.path == nil {
		x.path = widget.NewEntry()
		x.path.SetPlaceHolder("The workbook (.xlsx) or CSV file your log is kept in")
		x.sheet = newSelect(nil, nil)
		x.sheet.PlaceHolder = "Choose the file first"
	}
	choose := newButton("Choose…", theme.FolderOpenIcon(), widget.MediumImportance, x.onChoose)
	intro := widget.NewLabel("Guardian reads the file and changes nothing in it. You will see which column is which, " +
		"and what becomes of every row, before anything is added to this log.")
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem("File", border(nil, nil, nil, choose, x.path)),
		widget.NewFormItem("Sheet", x.sheet),
	)
	return container.NewVBox(intro, form)
}

func (x *importWizard) onChoose() {
	x.ws.ui.files.OpenFile("Choose the log to import", []string{".xlsx", ".xlsm", ".csv"}, func(p string) {
		if p == "" {
			return
		}
		x.path.SetText(p)
		x.openFile()
	})
}

// openFile opens the chosen file and lists its sheets.
func (x *importWizard) openFile() bool {
	x.release()
	f, err := importer.Open(strings.TrimSpace(x.path.Text))
	if err != nil {
		x.message.SetText(plainMessage(err))
		return false
	}
	x.file = f
	x.sheet.Options = f.Sheets
	x.sheet.SetSelectedIndex(0)
	msg := ""
	for _, w := range f.Warnings {
		msg += w + " "
	}
	x.message.SetText(strings.TrimSpace(msg))
	return true
}

func (x *importWizard) onNext() {
	switch x.step {
	case stepFile:
		if strings.TrimSpace(x.path.Text) == "" {
			x.message.SetText("Choose the file to import.")
			return
		}
		if x.file == nil || x.file.Path != strings.TrimSpace(x.path.Text) {
			if !x.openFile() {
				return
			}
		}
		x.build(importer.Options{Sheet: x.sheet.Selected}, stepColumns)
	case stepColumns:
		opt, problem := x.options()
		if problem != "" {
			x.message.SetText(problem)
			return
		}
		x.build(opt, stepCheck)
	}
}

func (x *importWizard) onBack() {
	if x.step > stepFile {
		x.message.SetText("")
		x.showStep(x.step - 1)
	}
}

// build makes the plan in the background, then shows step next.
func (x *importWizard) build(opt importer.Options, next int) {
	u, f, st := x.ws.ui, x.file, x.ws.store
	il, _ := st.(assurance.ImportLog)
	x.message.SetText("Reading " + f.Name + "…")
	x.next.Disable()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		p, err := importer.Build(u.ctx(), f, il, u.fw, opt)
		u.do(func() {
			x.next.Enable()
			if err != nil {
				x.message.SetText(plainMessage(err))
				return
			}
			x.plan = p
			x.message.SetText("")
			x.showStep(next)
		})
	}()
}

// columnChoices lists the file's columns as "C: Question asked".
func (x *importWizard) columnChoices() []string {
	out := []string{notImported}
	for i, h := range x.plan.Headings {
		out = append(out, columnLabel(i, h))
	}
	return out
}

func columnLabel(i int, heading string) string {
	letters := ""
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		letters = string(rune('A'+(n-1)%26)) + letters
	}
	if h := strings.TrimSpace(heading); h != "" {
		return letters + ": " + h
	}
	return letters
}

func (x *importWizard) columnsStep() fyne.CanvasObject {
	p := x.plan
	how := "Guardian matched the columns by their headings; check them."
	if p.Remembered {
		how = "These are the columns you chose when you last imported a file laid out the same way."
	}
	x.where = widget.NewLabel(fmt.Sprintf("The headings are on row %d of the sheet %q. %s", p.HeaderRow, p.Sheet, how))
	x.where.Wrapping = fyne.TextWrapWord
	x.headerRow = widget.NewEntry()
	x.headerRow.SetText(strconv.Itoa(p.HeaderRow))
	choices := x.columnChoices()
	x.columns = map[importer.Field]*focusSelect{}
	grid := container.NewGridWithColumns(4)
	for _, f := range importer.Fields {
		s := newSelect(choices, nil)
		s.SetSelected(notImported)
		if c, ok := p.Mapping[f]; ok && c+1 < len(choices) {
			s.SetSelectedIndex(c + 1)
		}
		x.columns[f] = s
		grid.Add(widget.NewLabel(f.Label()))
		grid.Add(s)
	}
	levels := []string{"(not set)"}
	for _, l := range assurance.AssuranceLevels {
		levels = append(levels, l.Label())
	}
	if x.rag == nil {
		x.rag = map[string]*focusSelect{}
		for _, c := range ragColours {
			s := newSelect(levels, nil)
			s.SetSelectedIndex(0)
			if l, ok := p.Levels[strings.ToLower(c)]; ok {
				s.SetSelected(l.Label()) // remembered from the last import
			}
			x.rag[c] = s
		}
	}
	ragRow := container.NewHBox(widget.NewLabel("If the log rates answers by colour:"))
	for _, c := range ragColours {
		ragRow.Add(widget.NewLabel(c + " means"))
		ragRow.Add(x.rag[c])
	}
	x.preview = x.newPreview()
	previewTitle := widget.NewLabelWithStyle(fmt.Sprintf("The first rows after the headings, as they are in %s:", x.file.Name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewVBox(x.where,
		widget.NewForm(widget.NewFormItem("Headings on row", x.headerRow)),
		grid, ragRow, previewTitle)
	return border(top, nil, nil, nil, x.preview)
}

// newPreview shows the headings and the first rows as the file has them.
func (x *importWizard) newPreview() *focusTable {
	p := x.plan
	rows := append([]importer.Row{{Num: p.HeaderRow, Cells: p.Headings}}, p.Preview...)
	cols := len(p.Headings)
	for _, r := range rows {
		cols = max(cols, len(r.Cells))
	}
	t := textTable("The file's first rows", len(rows), cols+1, func(r, c int) string {
		if c == 0 {
			return strconv.Itoa(rows[r].Num)
		}
		return previewText(rows[r].Cell(c-1), 40)
	})
	t.SetColumnWidth(0, 48)
	for c := 1; c <= cols; c++ {
		t.SetColumnWidth(c, 160)
	}
	return t
}

// options reads the columns step into import options.
func (x *importWizard) options() (importer.Options, string) {
	opt := importer.Options{Sheet: x.plan.Sheet, Mapping: importer.Mapping{}, Levels: map[string]assurance.AssuranceLevel{}}
	n, err := strconv.Atoi(strings.TrimSpace(x.headerRow.Text))
	if err != nil || n < 1 {
		return opt, "Give the number of the row that holds the column headings, such as 5."
	}
	if n != x.plan.HeaderRow {
		// Other headings mean other columns: match them afresh.
		opt.HeaderRow = n
		return opt, ""
	}
	opt.HeaderRow = n
	for f, s := range x.columns {
		opt.Mapping[f] = s.SelectedIndex() - 1 // -1: not imported
	}
	for c, s := range x.rag {
		if i := s.SelectedIndex(); i > 0 {
			opt.Levels[c] = assurance.AssuranceLevels[i-1]
		}
	}
	return opt, ""
}

func (x *importWizard) checkStep() fyne.CanvasObject {
	p := x.plan
	rows := "rows will be"
	if p.Count(importer.Imported) == 1 {
		rows = "row will be"
	}
	x.summary = widget.NewLabel(fmt.Sprintf("%d %s imported, %d skipped and %d rejected. This is a dry run: nothing has been added to the log yet.",
		p.Count(importer.Imported), rows, p.Count(importer.Skipped), p.Count(importer.Rejected)))
	x.summary.Wrapping = fyne.TextWrapWord
	heads := []string{"Row", "Result", "Column", "Value", "Reason"}
	x.results = textTable("What the import would do, row by row", len(p.Rows)+1, len(heads), func(row, c int) string {
		if row == 0 {
			return heads[c]
		}
		r := p.Rows[row-1]
		why := strings.TrimSpace(r.Reason + " " + strings.Join(r.Flags, "; "))
		return []string{strconv.Itoa(r.Row), resultLabel(r.Result), r.Column, previewText(r.Value, 40), why}[c]
	})
	for c, w := range []float32{56, 100, 170, 300, 600} {
		x.results.SetColumnWidth(c, w)
	}
	return border(x.summary, nil, nil, nil, x.results)
}

func resultLabel(r importer.Result) string {
	switch r {
	case importer.Imported:
		return "Imported"
	case importer.Skipped:
		return "Skipped"
	}
	return "Rejected"
}

func (x *importWizard) onImport() {
	u, st, p := x.ws.ui, x.ws.store, x.plan
	x.importB.Disable()
	x.back.Disable()
	x.message.SetText("Importing…")
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		sum, err := importer.Apply(u.ctx(), st, p)
		u.do(func() { x.imported(sum, err) })
	}()
}

func (x *importWizard) imported(sum *importer.Summary, err error) {
	x.back.Enable()
	if err != nil {
		x.importB.Enable()
		x.message.SetText("Nothing was imported. " + plainMessage(err))
		return
	}
	x.message.SetText(fmt.Sprintf("Imported %d questions, %s to %s. Their history names %s and its fingerprint (SHA-256).",
		sum.Imported, sum.Refs[0], sum.Refs[len(sum.Refs)-1], x.file.Name))
	x.showStep(stepDone)
	ws := x.ws
	if err := ws.load(); err != nil {
		ws.ui.showError("Could not show the imported questions", err)
		return
	}
	ws.loaded()
}

func (x *importWizard) onClose() { x.d.Hide() }

// release closes the file (a workbook may hold temporary files).
func (x *importWizard) release() {
	if x.file != nil {
		x.file.Close()
		x.file = nil
	}
}

// textTable is a table of text, its first row in bold as headings; name
// is what a screen reader calls it.
func textTable(name string, rows, cols int, text func(row, col int) string) *focusTable {
	return (&focusTable{name: name, Table: widget.Table{
		Length:     func() (int, int) { return rows, cols },
		CreateCell: func() fyne.CanvasObject { return widget.NewLabel("") },
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0
			l.Truncation = fyne.TextTruncateEllipsis
			l.SetText(text(id.Row, id.Col))
		}}}).init()
}

// previewText shows a cell on one line, cut to n characters.
func previewText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
