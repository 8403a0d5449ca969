package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// periodsDialog lists the log's reporting periods and starts the next one,
// or closes or reopens one.
type periodsDialog struct {
	ws      *workspace
	periods []*assurance.Period

	cadence  *focusSelect
	startsOn *widget.Entry
	name     *widget.Entry
	which    *focusSelect
	toggle   *focusButton
	errs     *widget.Label
	d        *dialog.CustomDialog
}

func newPeriodsDialog(ws *workspace) *periodsDialog { return &periodsDialog{ws: ws} }

func (p *periodsDialog) show() {
	ws := p.ws
	// Starting a period empties the answers of the questions it carries:
	// an open question with unsaved changes is dealt with first.
	ws.editor.confirmLeave(func() {
		ps, err := ws.store.Periods(ws.ui.ctx())
		if err != nil {
			ws.ui.showError("Could not read the reporting periods", err)
			return
		}
		p.periods = ps
		p.d = dialog.NewCustomWithoutButtons("Reporting periods", p.buildUI(), ws.ui.win)
		p.d.SetButtons([]fyne.CanvasObject{newButton("Close", nil, widget.MediumImportance, p.d.Hide)})
		p.d.Resize(fyne.NewSize(680, 520))
		p.d.Show()
	})
}

func (p *periodsDialog) buildUI() fyne.CanvasObject {
	var lines []string
	for i, per := range p.periods {
		s := "• " + per.Label()
		if per.Closed() {
			s += fmt.Sprintf(" on %s by %s", per.ClosedAt.Local().Format("2 Jan 2006"), per.ClosedBy)
		}
		if i == len(p.periods)-1 {
			s += " (current)"
		}
		lines = append(lines, s)
	}
	list := "This log has no reporting periods yet. The first period takes every answer as it stands; " +
		"each later one carries the open and recurring questions into it with empty answers, and keeps the answers before."
	if len(lines) > 0 {
		list = strings.Join(lines, "\n")
	}
	var cadences []string
	for _, c := range assurance.Cadences {
		cadences = append(cadences, c.Label())
	}
	cur := p.current()
	p.cadence = newSelect(cadences, nil)
	p.cadence.SetSelectedIndex(0)
	p.startsOn = widget.NewEntry()
	p.startsOn.SetPlaceHolder("dd/mm/yyyy")
	next := assurance.Today()
	if cur != nil {
		p.cadence.SetSelected(cur.Cadence.Label())
		if !cur.EndsOn.IsZero() {
			next = cur.EndsOn.AddDays(1)
		}
	}
	p.startsOn.SetText(ukDate(next))
	p.name = widget.NewEntry()
	p.name.SetPlaceHolder("Leave empty for a name such as 2026/27 Q3")
	p.errs = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	p.errs.Hide()
	start := newButton("Start this period", nil, widget.HighImportance, p.onStart)
	form := widget.NewForm(
		widget.NewFormItem("Reporting cadence", p.cadence),
		widget.NewFormItem("Starts on", p.startsOn),
		widget.NewFormItem("Name", p.name),
	)
	var names []string
	for _, per := range p.periods {
		names = append(names, per.Name)
	}
	p.which = newSelect(names, func(string) { p.showToggle() })
	p.toggle = newButton("Close period", nil, widget.MediumImportance, p.onToggle)
	if len(names) > 0 {
		p.which.SetSelectedIndex(len(names) - 1)
	}
	p.showToggle()
	if p.ws.readOnly {
		setAllEnabled(false, p.cadence, p.startsOn, p.name, start, p.which, p.toggle)
	}
	return container.NewVScroll(container.NewVBox(
		bold("Periods, oldest first"), wrapped(list), widget.NewSeparator(),
		bold("Start the next period"), form, container.NewHBox(start), widget.NewSeparator(),
		bold("Close a period (its answers are then kept as they are) or reopen one"),
		container.NewBorder(nil, nil, nil, p.toggle, p.which), p.errs))
}

func (p *periodsDialog) current() *assurance.Period {
	if len(p.periods) == 0 {
		return nil
	}
	return p.periods[len(p.periods)-1]
}

func (p *periodsDialog) selected() *assurance.Period {
	if i := p.which.SelectedIndex(); i >= 0 && i < len(p.periods) {
		return p.periods[i]
	}
	return nil
}

// showToggle names the button for what it would do to the chosen period.
func (p *periodsDialog) showToggle() {
	per := p.selected()
	switch {
	case per == nil:
		p.toggle.SetText("Close period")
		p.toggle.Disable()
		return
	case per.Closed():
		p.toggle.SetText("Reopen period")
	default:
		p.toggle.SetText("Close period")
	}
	if !p.ws.readOnly {
		p.toggle.Enable()
	}
}

func (p *periodsDialog) onStart() {
	d, err := assurance.ParseDate(p.startsOn.Text)
	if err != nil || d.IsZero() {
		p.fail("Give the date the period starts, such as 01/01/2027.")
		return
	}
	per := &assurance.Period{StartsOn: d, Name: p.name.Text, Cadence: assurance.Cadences[max(0, p.cadence.SelectedIndex())]}
	if err := p.ws.store.StartPeriod(p.ws.ui.ctx(), per); err != nil {
		p.refused("Could not start the period", err)
		return
	}
	p.done()
}

func (p *periodsDialog) onToggle() {
	per := p.selected()
	if per == nil {
		return
	}
	change := p.ws.store.ClosePeriod
	if per.Closed() {
		change = p.ws.store.ReopenPeriod
	}
	if err := change(p.ws.ui.ctx(), per.ID); err != nil {
		p.refused("Could not change the period", err)
		return
	}
	p.done()
}

func (p *periodsDialog) fail(msg string) {
	p.errs.SetText(msg)
	p.errs.Show()
}

// refused shows a refusal the user can act on in the dialog, anything else
// as an error.
func (p *periodsDialog) refused(title string, err error) {
	if c := assurance.ErrorCode(err); c == assurance.EINVALID || c == assurance.ENOTFOUND {
		p.fail(assurance.ErrorMessage(err))
		return
	}
	p.ws.ui.showError(title, err)
}

// done closes the dialog and rereads the questions, whose answers a new
// period has emptied.
func (p *periodsDialog) done() {
	p.d.Hide()
	if err := p.ws.load(); err != nil {
		p.ws.ui.showError("Could not read the questions", err)
		return
	}
	p.ws.editor.clear()
	p.ws.changed()
}

// maturityDialog records an area's maturity in the current period.
func (d *dashboard) editMaturity(area *assurance.ActionArea) {
	ws := d.ws
	v := d.periods
	if v == nil || v.current == nil {
		ws.ui.showMessage("No reporting period", "Start a reporting period (File > Reporting periods) before recording maturity: it is kept for each period.")
		return
	}
	cur := v.current
	old := v.maturity[assurance.AreaKey(ws.ui.fw.ID, area.ID)]
	labels := []string{assurance.MaturityNotAssessed.Label()}
	for _, m := range assurance.MaturityLevels {
		labels = append(labels, m.Label())
	}
	level := newSelect(labels, nil)
	level.SetSelectedIndex(0)
	comment := multiLine("Your comment on the organisation's self-assessment", func() {})
	if old != nil {
		level.SetSelected(old.Level.Label())
		comment.SetText(old.Comment)
	}
	errs := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	errs.Hide()
	intro := wrapped(fmt.Sprintf("How mature the organisation judges its occupational health and wellbeing service to be in %s, in %s, "+
		"on the Growing OHWB Together strategy's scale: core delivery, transformative or exemplary.", area.Label(), cur.Name))
	form := widget.NewForm(widget.NewFormItem("Maturity", level), widget.NewFormItem("Your comment", comment))
	var dlg *dialog.CustomDialog
	save := newButton("Save", nil, widget.HighImportance, func() {
		m := &assurance.AreaMaturity{PeriodID: cur.ID, Framework: ws.ui.fw.ID, Area: area.ID, Comment: comment.Text}
		if i := level.SelectedIndex(); i > 0 {
			m.Level = assurance.MaturityLevels[i-1]
		}
		if err := ws.store.SetMaturity(ws.ui.ctx(), m); err != nil {
			if c := assurance.ErrorCode(err); c == assurance.EINVALID || c == assurance.EREADONLY {
				errs.SetText(assurance.ErrorMessage(err))
				errs.Show()
				return
			}
			ws.ui.showError("Could not save the maturity", err)
			return
		}
		dlg.Hide()
		d.refresh()
	})
	if ws.readOnly || cur.Closed() {
		setAllEnabled(false, level, comment, save)
		if cur.Closed() {
			errs.SetText(fmt.Sprintf("%s is closed, so its maturity cannot change. Reopen it (File > Reporting periods) to change it.", cur.Name))
			errs.Show()
		}
	}
	dlg = dialog.NewCustomWithoutButtons("Maturity of "+area.Label(), container.NewVBox(intro, form, errs), ws.ui.win)
	dlg.SetButtons([]fyne.CanvasObject{newButton("Cancel", nil, widget.MediumImportance, dlg.Hide), save})
	dlg.Resize(fyne.NewSize(600, 360))
	dlg.Show()
}
