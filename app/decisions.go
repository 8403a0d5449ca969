package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// decisionsScreen records board and committee decisions the guardian
// checked for their effect on staff health and wellbeing.
type decisionsScreen struct {
	ws      *workspace
	all     []*assurance.Decision
	current *assurance.Decision // nil: a new decision

	table      *focusTable
	decision   *widget.Entry
	meeting    *widget.Entry
	date       *widget.Entry
	impact     *focusSelect
	unintended *focusCheck
	comment    *widget.Entry
	question   *focusSelect
	errs       map[string]*widget.Label
	save       *focusButton
	newB       *focusButton
	del        *focusButton
}

var decisionColumns = []column{
	{"Date", 100}, {"Meeting", 150}, {"Decision", 300}, {"Impact considered", 130}, {"Unintended raised", 130}, {"Question", 80},
}

func newDecisionsScreen(ws *workspace) *decisionsScreen {
	return &decisionsScreen{ws: ws, errs: map[string]*widget.Label{}}
}

func (d *decisionsScreen) buildUI() fyne.CanvasObject {
	d.table = newTextTable(decisionColumns, d.ws.ui.theme.scale, func() int { return len(d.all) }, d.cell, func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(d.all) {
			d.show(d.all[id.Row])
		}
	})
	d.table.name = "Decisions checked"
	d.table.stretch(decisionColumns, 2, d.ws.scale) // Decision
	d.decision = widget.NewMultiLineEntry()
	d.decision.SetMinRowsVisible(2)
	d.decision.SetPlaceHolder("What was decided")
	d.meeting = widget.NewEntry()
	d.meeting.SetPlaceHolder("Such as Board, 5 November 2026")
	d.date = widget.NewEntry()
	d.date.SetPlaceHolder("dd/mm/yyyy")
	var impacts []string
	for _, i := range assurance.Impacts {
		impacts = append(impacts, i.Label())
	}
	d.impact = newSelect(impacts, nil)
	d.unintended = newCheck("I prompted a review of unintended consequences", nil)
	d.comment = widget.NewMultiLineEntry()
	d.comment.SetMinRowsVisible(3)
	d.question = newSelect(nil, nil)
	d.question.PlaceHolder = "(No follow-up question)"
	d.save = newButton("Save decision", theme.DocumentSaveIcon(), widget.HighImportance, d.onSave)
	d.newB = newButton("New decision", theme.ContentAddIcon(), widget.MediumImportance, func() { d.show(nil) })
	d.del = newButton("Delete", theme.DeleteIcon(), widget.DangerImportance, d.onDelete)
	form := widget.NewForm(
		fieldItem(d.errs, "Decision", assurance.FieldDecision, d.decision),
		fieldItem(d.errs, "Meeting", assurance.FieldMeeting, d.meeting),
		fieldItem(d.errs, "Date", assurance.FieldDecidedOn, d.date),
		fieldItem(d.errs, "Effect on staff health and wellbeing considered", assurance.FieldImpact, d.impact),
		widget.NewFormItem("Unintended consequences", d.unintended),
		fieldItem(d.errs, "Your comment", assurance.FieldComment, d.comment),
		widget.NewFormItem("Follow-up question", d.question),
	)
	if d.ws.readOnly {
		d.save.Disable()
		d.newB.Disable()
		d.del.Disable()
	}
	side := container.NewVBox(form, container.NewHBox(d.save, d.newB, d.del))
	split := container.NewHSplit(d.table, container.NewVScroll(side))
	split.Offset = 0.55
	return split
}

func (d *decisionsScreen) cell(row, col int) string {
	x := d.all[row]
	switch col {
	case 0:
		return x.DecidedOn.UK()
	case 1:
		return x.Meeting
	case 2:
		return firstLine(x.Decision)
	case 3:
		return x.Impact.Label()
	case 4:
		if x.Unintended {
			return "Yes"
		}
		return "No"
	case 5:
		return x.QuestionRef
	}
	return ""
}

func (d *decisionsScreen) refresh() {
	if d.table == nil {
		return
	}
	y := assurance.YearOf(d.ws.store)
	if y == nil {
		return
	}
	all, err := y.Decisions(d.ws.ui.ctx())
	if err != nil {
		d.ws.ui.showError("Could not read the decisions", err)
		return
	}
	d.all = all
	opts := []string{"(No follow-up question)"}
	for _, q := range d.ws.questions {
		opts = append(opts, q.Ref+"  "+firstLine(q.Text))
	}
	d.question.SetOptions(opts)
	d.table.Refresh()
}

// show fills the form with x, or empties it for a new decision.
func (d *decisionsScreen) show(x *assurance.Decision) {
	d.current = x
	showFieldErrors(d.errs, nil)
	if x == nil {
		x = &assurance.Decision{}
	}
	d.decision.SetText(x.Decision)
	d.meeting.SetText(x.Meeting)
	d.date.SetText(x.DecidedOn.UK())
	d.impact.ClearSelected()
	if x.Impact != "" {
		d.impact.SetSelected(x.Impact.Label())
	}
	d.unintended.SetChecked(x.Unintended)
	d.comment.SetText(x.Comment)
	d.question.SetSelectedIndex(0)
	for i, q := range d.ws.questions {
		if q.ID == x.QuestionID {
			d.question.SetSelectedIndex(i + 1)
		}
	}
}

func (d *decisionsScreen) onSave() {
	y := assurance.YearOf(d.ws.store)
	if y == nil {
		return
	}
	x := &assurance.Decision{}
	if d.current != nil {
		c := *d.current
		x = &c
	}
	x.Decision, x.Meeting, x.Comment, x.Unintended = d.decision.Text, d.meeting.Text, d.comment.Text, d.unintended.Checked
	date, err := assurance.ParseDate(d.date.Text)
	if err != nil {
		showFieldErrors(d.errs, map[string]string{assurance.FieldDecidedOn: assurance.ErrorMessage(err)})
		return
	}
	x.DecidedOn = date
	x.Impact = ""
	if i := d.impact.SelectedIndex(); i >= 0 {
		x.Impact = assurance.Impacts[i]
	}
	x.QuestionID = 0
	if i := d.question.SelectedIndex(); i > 0 && i <= len(d.ws.questions) {
		x.QuestionID = d.ws.questions[i-1].ID
	}
	save := y.CreateDecision
	if x.ID != 0 {
		save = y.UpdateDecision
	}
	if err := save(d.ws.ui.ctx(), x); err != nil {
		if f := assurance.FieldErrors(err); len(f) > 0 {
			showFieldErrors(d.errs, f)
			return
		}
		d.ws.ui.showError("Could not save the decision", err)
		return
	}
	d.refresh()
	d.show(x)
}

func (d *decisionsScreen) onDelete() {
	y := assurance.YearOf(d.ws.store)
	if d.current == nil || y == nil {
		return
	}
	if err := y.DeleteDecision(d.ws.ui.ctx(), d.current.ID); err != nil {
		d.ws.ui.showError("Could not delete the decision", err)
		return
	}
	d.refresh()
	d.show(nil)
}
