package app

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/answers"
	"github.com/nhsguardian/guardian/assurance/importer"
)

// answersDialog collects a committee's answers: it writes the workbook the
// committee fills in, and takes the workbook back, showing each change and,
// side by side, each field changed both in the workbook and in the log for
// the Guardian to choose. Nothing is applied until Apply, and then all of it.
type answersDialog struct {
	ws *workspace

	d       *dialog.CustomDialog
	message *widget.Label
	summary *widget.Label
	list    *fyne.Container
	choices map[string]*focusCheck // conflict key → "use the workbook's"
	applyB  *focusButton
	closeB  *focusButton

	file *importer.File
	plan *answers.Plan
}

func newAnswersDialog(ws *workspace) *answersDialog { return &answersDialog{ws: ws} }

// export asks where to save the answer workbook and writes it.
func (x *answersDialog) export() {
	ws := x.ws
	name := "Answers for committee " + time.Now().Format("2006-01-02") + ".xlsx"
	ws.ui.files.SaveFile("Save the workbook for the committee as", name, func(p string) {
		if p == "" {
			return
		}
		if !strings.EqualFold(filepath.Ext(p), ".xlsx") {
			p += ".xlsx"
		}
		n, err := answers.Write(ws.ui.ctx(), ws.store, ws.store.Info(), p, assurance.QuestionFilter{OpenOnly: true})
		if err != nil {
			ws.ui.showError("Could not write the workbook", err)
			return
		}
		ws.ui.showMessage("Workbook for the committee", fmt.Sprintf(
			"Saved %s with %d open questions. The committee fills in the shaded cells; bring it back with File, Import answers.", filepath.Base(p), n))
	})
}

// importAnswers asks for a board paper or answer workbook the committee
// filled in, and shows what it would change.
func (x *answersDialog) importAnswers() {
	x.ws.ui.files.OpenFile("Choose the board paper or workbook of answers", []string{".xlsx"}, func(p string) {
		if p != "" {
			x.open(p)
		}
	})
}

func (x *answersDialog) open(path string) {
	u := x.ws.ui
	f, err := importer.Open(path)
	if err == nil {
		x.plan, err = answers.Compare(u.ctx(), f, x.ws.store, x.ws.store.Info())
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		u.showError("Could not take the answers from this workbook", err)
		return
	}
	x.file = f
	x.buildUI()
	x.d.Show()
}

func (x *answersDialog) buildUI() {
	p := x.plan
	x.message = widget.NewLabel("")
	x.message.Wrapping = fyne.TextWrapWord
	x.summary = widget.NewLabel(fmt.Sprintf("%s: %d questions matched. Changed only in the workbook, to be applied: %d. "+
		"Changed in the workbook and also in the log since it was written: %d; choose which to keep. Nothing has been changed yet.",
		x.file.Name, p.Matched, len(p.Apply), len(p.Conflicts)))
	x.summary.Wrapping = fyne.TextWrapWord
	x.list = container.NewVBox()
	x.choices = map[string]*focusCheck{}
	if len(p.Conflicts) > 0 {
		x.list.Add(widget.NewLabelWithStyle("Changed in both places", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		x.list.Add(compareRow("", "As exported", "In the workbook", "In the log now", true))
		for _, c := range p.Conflicts {
			ch := newCheck("Use the workbook's", nil)
			x.choices[c.Key()] = ch
			x.list.Add(compareRow(c.Key(), c.Exported, c.Workbook, c.Log, false))
			x.list.Add(container.NewHBox(widget.NewLabel("    "), ch))
		}
	}
	if len(p.Apply) > 0 {
		x.list.Add(widget.NewLabelWithStyle("Changed only in the workbook: applied", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		x.list.Add(compareRow("", "As exported", "In the workbook", "In the log now", true))
		for _, c := range p.Apply {
			x.list.Add(compareRow(c.Key(), c.Exported, c.Workbook, c.Log, false))
		}
	}
	for _, pr := range p.Problems {
		x.list.Add(widget.NewLabel("Not read: " + pr))
	}
	x.applyB = newButton("Apply", theme.ConfirmIcon(), widget.HighImportance, x.onApply)
	setEnabled(x.applyB, len(p.Apply)+len(p.Conflicts) > 0)
	x.closeB = newButton("Cancel", nil, widget.MediumImportance, func() { x.d.Hide() })
	body := border(x.summary, x.message, nil, nil, container.NewVScroll(x.list))
	x.d = dialog.NewCustomWithoutButtons("Import a committee's answers", body, x.ws.ui.win)
	x.d.SetButtons([]fyne.CanvasObject{x.closeB, x.applyB})
	x.d.SetOnClosed(func() { x.file.Close() })
	x.d.Resize(fyne.NewSize(1100, 700))
}

// compareRow lays one field out three ways, side by side.
func compareRow(key, exported, workbook, log string, head bool) fyne.CanvasObject {
	style := fyne.TextStyle{Bold: head}
	cell := func(s string) fyne.CanvasObject {
		if s == "" && !head {
			s = "(blank)"
		}
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, style)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	return container.NewGridWithColumns(4, cell(key), cell(exported), cell(workbook), cell(log))
}

func (x *answersDialog) onApply() {
	take := map[string]bool{}
	for k, c := range x.choices {
		take[k] = c.Checked
	}
	n, err := answers.Apply(x.ws.ui.ctx(), x.ws.store, x.plan, take)
	if err != nil {
		x.message.SetText(plainMessage(err))
		return
	}
	x.message.SetText(fmt.Sprintf("Applied %d changes. Each question's history names %s and its fingerprint (SHA-256).", n, x.file.Name))
	x.applyB.Hide()
	x.closeB.SetText("Close")
	if err := x.ws.load(); err != nil {
		x.ws.ui.showError("Could not show the changes", err)
		return
	}
	x.ws.loaded()
}
