package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// coverDialog edits the NHS cover sheet of the paper to one meeting. It is
// saved in the log for that meeting, so the next export (and the next
// paper to the same meeting) starts from it.
type coverDialog struct {
	ws      *workspace
	meeting *assurance.Meeting
	y       assurance.YearStore

	agenda, author, lead, reason, equality, previously *widget.Entry
	recommendation, summary                            *widget.Entry
	purpose, level                                     *focusSelect
	cqc, baf                                           *checkGroup
	errs                                               *widget.Label
	d                                                  *dialog.CustomDialog
	saved                                              func()
}

func newCoverDialog(ws *workspace, m *assurance.Meeting, saved func()) *coverDialog {
	return &coverDialog{ws: ws, meeting: m, y: assurance.YearOf(ws.store), saved: saved}
}

func (c *coverDialog) show() {
	if c.y == nil || c.meeting == nil {
		c.ws.ui.showMessage("Cover sheet", "Choose the meeting the paper goes to first.")
		return
	}
	ctx := c.ws.ui.ctx()
	cur, err := c.y.CoverSheet(ctx, c.meeting.ID)
	if err != nil {
		c.ws.ui.showError("Could not read the cover sheet", err)
		return
	}
	ls, err := c.y.LogSettings(ctx)
	if err != nil {
		c.ws.ui.showError("Could not read the log's settings", err)
		return
	}
	entry := func(text, hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(hint)
		e.SetText(text)
		return e
	}
	multi := func(text, hint string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.SetMinRowsVisible(3)
		e.Wrapping = fyne.TextWrapWord
		e.SetPlaceHolder(hint)
		e.SetText(text)
		return e
	}
	c.agenda = entry(cur.AgendaItem, "Such as 7.2")
	c.author = entry(cur.Author, "Default: the guardian named in Log settings")
	c.lead = entry(cur.ExecutiveLead, "Such as Chief People Officer")
	c.reason = entry(cur.LevelReason, "One line: why this level")
	c.equality = entry(cur.Equality, "Such as: No adverse impact identified")
	c.previously = entry(cur.PreviouslyBy, "Such as People Committee, 10 December 2026")
	c.recommendation = multi(cur.Recommendation, "Default: the board is asked to note the assurance…")
	c.summary = multi(cur.ExecutiveSummary, "Default: a summary written from the figures")
	var purposes []string
	for _, p := range assurance.Purposes {
		purposes = append(purposes, string(p))
	}
	c.purpose = newSelect(purposes, nil)
	c.purpose.SetSelected(string(cur.Purpose))
	var levels []string
	for _, l := range assurance.AssuranceLevels {
		levels = append(levels, levelLabel(l))
	}
	c.level = newSelect(levels, nil)
	if cur.Level != "" {
		c.level.SetSelected(levelLabel(cur.Level))
	}
	c.cqc = newCheckGroup(assurance.CQCDomains, true)
	c.cqc.SetSelected(cur.CQCDomains)
	c.baf = newCheckGroup(ls.BAFRisks, false)
	var chosen []string
	for _, r := range ls.BAFRisks {
		for _, code := range cur.BAFRisks {
			if strings.EqualFold(assurance.RiskCode(r), code) {
				chosen = append(chosen, r)
			}
		}
	}
	c.baf.SetSelected(chosen)
	var bafItem fyne.CanvasObject = c.baf
	if len(ls.BAFRisks) == 0 {
		bafItem = widget.NewLabel("List the BAF risks in Log settings to link them here.")
	}
	c.errs = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	c.errs.Hide()
	form := widget.NewForm(
		widget.NewFormItem("Agenda item", c.agenda),
		widget.NewFormItem("Author", c.author),
		widget.NewFormItem("Executive lead", c.lead),
		widget.NewFormItem("Purpose", c.purpose),
		widget.NewFormItem("Level of assurance", c.level),
		widget.NewFormItem("Reason for the level", c.reason),
		widget.NewFormItem("CQC domains", c.cqc),
		widget.NewFormItem("BAF risks", bafItem),
		widget.NewFormItem("Equality impact", c.equality),
		widget.NewFormItem("Previously considered by", c.previously),
		widget.NewFormItem("Recommendation", c.recommendation),
		widget.NewFormItem("Executive summary", c.summary),
	)
	c.d = dialog.NewCustomWithoutButtons("Cover sheet: "+c.meeting.Label(), container.NewVScroll(container.NewVBox(form, c.errs)), c.ws.ui.win)
	closeB := newButton("Cancel", nil, widget.MediumImportance, c.d.Hide)
	save := newButton("Save cover sheet", nil, widget.HighImportance, c.onSave)
	if c.ws.readOnly {
		save.Disable()
	}
	c.d.SetButtons([]fyne.CanvasObject{closeB, save})
	c.d.Resize(fyne.NewSize(760, 700))
	c.d.Show()
}

// value reads the form.
func (c *coverDialog) value() assurance.CoverSheet {
	v := assurance.CoverSheet{
		AgendaItem: strings.TrimSpace(c.agenda.Text), Author: strings.TrimSpace(c.author.Text), ExecutiveLead: strings.TrimSpace(c.lead.Text),
		Purpose: assurance.Purpose(c.purpose.Selected), LevelReason: strings.TrimSpace(c.reason.Text), CQCDomains: c.cqc.Selected(),
		Equality: strings.TrimSpace(c.equality.Text), PreviouslyBy: strings.TrimSpace(c.previously.Text),
		Recommendation: strings.TrimSpace(c.recommendation.Text), ExecutiveSummary: strings.TrimSpace(c.summary.Text),
	}
	if i := c.level.SelectedIndex(); i >= 0 {
		v.Level = assurance.AssuranceLevels[i]
	}
	for _, r := range c.baf.Selected() {
		v.BAFRisks = append(v.BAFRisks, assurance.RiskCode(r))
	}
	return v
}

func (c *coverDialog) onSave() {
	if err := c.y.SaveCoverSheet(c.ws.ui.ctx(), c.meeting.ID, c.value()); err != nil {
		if assurance.ErrorCode(err) == assurance.EINVALID {
			c.errs.SetText(assurance.ErrorMessage(err))
			c.errs.Show()
			return
		}
		c.ws.ui.showError("Could not save the cover sheet", err)
		return
	}
	c.d.Hide()
	if c.saved != nil {
		c.saved()
	}
}

// onCover edits the cover sheet of the meeting the paper goes to.
func (x *exportDialog) onCover() {
	i := x.paperFor.SelectedIndex()
	if i < 0 || i >= len(x.ws.meetings) {
		x.stage.SetText("Choose the meeting the paper is for, then its cover sheet.")
		return
	}
	x.cover = newCoverDialog(x.ws, x.ws.meetings[i], func() { x.stage.SetText("Cover sheet saved for " + x.ws.meetings[i].Label() + ".") })
	x.cover.show()
}

// nextMeeting is the index of the first meeting on or after today, else
// the last one, else -1: the meeting a paper is most likely for.
func nextMeeting(ms []*assurance.Meeting) int {
	today := assurance.Today()
	for i, m := range ms {
		if !m.Date.Before(today) {
			return i
		}
	}
	return len(ms) - 1
}
