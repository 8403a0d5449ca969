package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// questionEditor shows one question with every field, its follow-up
// actions, evidence and history. Nothing reaches the log until Save; leaving
// with unsaved changes asks first.
type questionEditor struct {
	ws      *workspace
	current *assurance.Question // being edited; ID 0 for a new question
	choices []areaChoice        // the areas e.area offers, in order
	dirty   bool
	loading bool // set while widgets are filled, so that is not an edit

	heading     *widget.Label
	area        *focusSelect
	text        *widget.Entry
	askedOf     *widget.Entry
	raisedOn    *widget.Entry
	meeting     *focusSelect
	dueOn       *widget.Entry
	status      *focusSelect
	response    *widget.Entry
	respondedOn *widget.Entry
	level       *focusSelect
	comment     *widget.Entry
	recurring   *focusCheck
	errs        map[string]*widget.Label
	summary     *widget.Label
	save        *focusButton
	revert      *focusButton
	del         *focusButton

	actions  *actionsEditor
	periods  *periodCompare
	evidence *evidencePanel
	history  *auditView

	tabs        *container.AppTabs
	evidenceTab *container.TabItem
	historyTab  *container.TabItem

	// leaveDialog is the unsaved-changes prompt while it is showing.
	leaveDialog *dialog.CustomDialog
}

func newQuestionEditor(ws *workspace) *questionEditor {
	e := &questionEditor{ws: ws, errs: map[string]*widget.Label{}}
	e.actions = newActionsEditor(e)
	e.periods = newPeriodCompare(e)
	e.evidence = newEvidencePanel(e)
	e.history = newAuditView(ws, -1)
	return e
}

func (e *questionEditor) buildUI() fyne.CanvasObject {
	e.choices = e.ws.areaChoices()
	areas := e.areaLabels()
	e.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.heading.Wrapping = fyne.TextWrapWord
	e.area = newSelect(areas, func(string) { e.onEdited() })
	e.area.PlaceHolder = "Choose the action area"
	e.text = multiLine("The question put to the board or an executive", e.onEdited)
	e.askedOf = line("Role and name, such as Chief People Officer (J. Smith)", e.onEdited)
	e.raisedOn = line("dd/mm/yyyy", e.onEdited)
	e.meeting = newSelect(nil, func(string) { e.onEdited() })
	e.dueOn = line("dd/mm/yyyy", e.onEdited)
	var statuses, levels []string
	for _, s := range assurance.Statuses {
		statuses = append(statuses, s.Label())
	}
	for _, l := range assurance.AssuranceLevels {
		levels = append(levels, levelLabel(l))
	}
	e.status = newSelect(statuses, func(string) { e.onEdited() })
	e.response = multiLine("The response given", e.onEdited)
	e.respondedOn = line("dd/mm/yyyy", e.onEdited)
	e.level = newSelect(levels, func(string) { e.onEdited() })
	e.comment = multiLine("Your comment on the assurance given", e.onEdited)
	e.recurring = newCheck("Ask again in every reporting period, even once closed", func(bool) { e.onEdited() })
	e.meetingsChanged()

	form := widget.NewForm(
		e.item("Action area", assurance.FieldArea, e.area),
		e.item("Question", assurance.FieldText, e.text),
		e.item("Asked of", assurance.FieldAskedOf, e.askedOf),
		e.item("Raised on", assurance.FieldRaisedOn, e.raisedOn),
		e.item("Raised at", assurance.FieldMeeting, e.meeting),
		e.item("Due by", assurance.FieldDueOn, e.dueOn),
		e.item("Status", assurance.FieldStatus, e.status),
		e.item("Response", assurance.FieldResponse, e.response),
		e.item("Response on", assurance.FieldRespondedOn, e.respondedOn),
		e.item("Assurance level", assurance.FieldLevel, e.level),
		e.item("Your comment", assurance.FieldComment, e.comment),
		e.item("Recurring", assurance.FieldRecurring, e.recurring),
	)
	actionsHeading := widget.NewLabelWithStyle("Follow-up actions", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	details := container.NewVBox(form, e.periods.buildUI(), widget.NewSeparator(), actionsHeading, e.actions.buildUI())

	e.save = newButton("Save (Ctrl+S)", theme.DocumentSaveIcon(), widget.HighImportance, func() { e.onSave() })
	e.revert = newButton("Undo changes", theme.ContentUndoIcon(), widget.MediumImportance, e.onRevert)
	e.del = newButton("Delete question", theme.DeleteIcon(), widget.DangerImportance, e.onDelete)
	e.summary = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	e.summary.Hide()
	bar := border(e.summary, nil, nil, e.del, container.NewHBox(e.save, e.revert))

	e.evidenceTab = container.NewTabItemWithIcon("Evidence", theme.FileIcon(), e.evidence.buildUI())
	e.historyTab = container.NewTabItemWithIcon("History", theme.HistoryIcon(), e.history.buildUI())
	e.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Question", theme.DocumentIcon(), border(nil, bar, nil, nil, container.NewVScroll(details))),
		e.evidenceTab,
		e.historyTab,
	)
	e.tabs.OnSelected = func(*container.TabItem) {
		if e.tabs.Selected() == e.historyTab {
			e.history.refresh()
		}
	}
	closeB := newButton("", theme.CancelIcon(), widget.LowImportance, e.onClose)
	return border(border(nil, nil, nil, closeB, e.heading), nil, nil, nil, e.tabs)
}

// nextTab moves step tabs on among the question's tabs that are enabled
// (a question not yet saved has no evidence or history), round the end.
func (e *questionEditor) nextTab(step int) {
	n := len(e.tabs.Items)
	i := e.tabs.SelectedIndex()
	for range n {
		i = ((i+step)%n + n) % n
		if !e.tabs.Items[i].Disabled() {
			e.tabs.SelectIndex(i)
			return
		}
	}
}

// onClose closes the editor, once unsaved changes are dealt with, giving
// the list the full width again.
func (e *questionEditor) onClose() {
	e.confirmLeave(func() {
		e.clear()
		e.ws.list.table.UnselectAll()
	})
}

func (e *questionEditor) item(label, field string, w fyne.CanvasObject) *widget.FormItem {
	return fieldItem(e.errs, label, field, w)
}

func line(placeholder string, changed func()) *widget.Entry {
	en := widget.NewEntry()
	en.SetPlaceHolder(placeholder)
	en.OnChanged = func(string) { changed() }
	return en
}

func multiLine(placeholder string, changed func()) *widget.Entry {
	en := widget.NewMultiLineEntry()
	en.Wrapping = fyne.TextWrapWord
	en.SetMinRowsVisible(3)
	en.SetPlaceHolder(placeholder)
	en.OnChanged = func(string) { changed() }
	return en
}

func (e *questionEditor) meetingsChanged() {
	opts := []string{"(no meeting)"}
	for _, m := range e.ws.meetings {
		opts = append(opts, m.Label())
	}
	loading := e.loading
	e.loading = true
	old := e.meeting.SelectedIndex()
	e.meeting.SetOptions(opts)
	if old >= 0 && old < len(opts) {
		e.meeting.SetSelectedIndex(old)
	}
	e.loading = loading
	if e.current != nil {
		e.setMeeting(e.current.MeetingID)
	}
}

func (e *questionEditor) setMeeting(id int64) {
	loading := e.loading
	e.loading = true
	defer func() { e.loading = loading }()
	for i, m := range e.ws.meetings {
		if m.ID == id {
			e.meeting.SetSelectedIndex(i + 1)
			return
		}
	}
	e.meeting.SetSelectedIndex(0)
}

func (e *questionEditor) onEdited() {
	if e.loading || e.current == nil || e.ws.readOnly {
		return
	}
	if !e.dirty {
		e.dirty = true
		e.showHeading()
	}
}

func (e *questionEditor) showHeading() {
	q := e.current
	if q == nil {
		return
	}
	h := "New question"
	if q.ID != 0 {
		h = q.Ref
		if a := e.ws.areaOf(q); a != nil {
			h += " · " + a.Label()
		}
	}
	if e.dirty {
		h += " (unsaved changes)"
	}
	if e.ws.readOnly {
		h += " (read-only)"
	}
	e.heading.SetText(h)
	e.ws.ui.menu.refresh()
}

// clear shows no question.
func (e *questionEditor) clear() {
	e.current, e.dirty = nil, false
	e.ws.showEditor(false)
	e.ws.ui.menu.refresh()
}

// newQuestion starts a new question, in area if one is chosen in the tree.
func (e *questionEditor) newQuestion(area string) {
	e.show(&assurance.Question{
		Framework: e.ws.list.framework, Area: area, Status: assurance.StatusDraft, Level: assurance.NotAssessed, RaisedOn: assurance.Today(),
	}, nil)
	e.tabs.SelectIndex(0)
	e.ws.ui.win.Canvas().Focus(e.text)
}

// load shows a saved question with its actions and evidence.
func (e *questionEditor) load(q *assurance.Question) {
	acts, err := e.ws.store.Actions(e.ws.ui.ctx(), q.ID)
	if err != nil {
		e.ws.ui.showError("Could not read the question's actions", err)
		return
	}
	e.show(q, acts)
}

func (e *questionEditor) show(q *assurance.Question, acts []*assurance.Action) {
	c := *q
	e.current = &c
	e.loading = true
	defer func() { e.loading = false }()
	e.selectArea(q)
	e.text.SetText(q.Text)
	e.askedOf.SetText(q.AskedOf)
	e.raisedOn.SetText(ukDate(q.RaisedOn))
	e.setMeeting(q.MeetingID)
	e.dueOn.SetText(ukDate(q.DueOn))
	e.status.SetSelected(q.Status.Label())
	e.response.SetText(q.Response)
	e.respondedOn.SetText(ukDate(q.RespondedOn))
	e.level.SetSelected(levelLabel(q.Level))
	e.comment.SetText(q.Comment)
	e.recurring.SetChecked(q.Recurring)
	e.actions.load(acts)
	e.periods.load(q)
	e.showErrors(nil)
	e.dirty = false
	if q.ID == 0 {
		if e.tabs.Selected() != e.tabs.Items[0] {
			e.tabs.SelectIndex(0)
		}
		e.tabs.DisableItem(e.evidenceTab)
		e.tabs.DisableItem(e.historyTab)
	} else {
		e.tabs.EnableItem(e.evidenceTab)
		e.tabs.EnableItem(e.historyTab)
		e.history.questionID = q.ID
		if e.tabs.Selected() == e.historyTab {
			e.history.refresh()
		}
	}
	e.evidence.load(q.ID)
	e.tabs.Refresh()
	e.setEditable(!e.ws.readOnly)
	e.periods.freezeAnswers()
	e.ws.showEditor(true)
	e.showHeading()
}

// ukDate writes a date as the date fields expect it: 31/01/2026.
func ukDate(d assurance.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("02/01/2006")
}

// setEditable enables or disables every editing control.
func (e *questionEditor) setEditable(on bool) {
	setAllEnabled(on, e.area, e.text, e.askedOf, e.raisedOn, e.meeting, e.dueOn,
		e.status, e.response, e.respondedOn, e.level, e.comment, e.recurring, e.save, e.revert, e.del)
	if e.current != nil && e.current.ID == 0 {
		e.del.Disable()
	}
	e.actions.setEditable(on)
}

// collect reads the form into a copy of the current question; dates that
// cannot be read are reported against their fields.
func (e *questionEditor) collect() (*assurance.Question, map[string]string) {
	q := *e.current
	problems := map[string]string{}
	if a := e.area.SelectedIndex(); a >= 0 && a < len(e.choices) {
		q.Framework, q.Area = e.choices[a].fw.ID, e.choices[a].area.ID
	}
	q.Text = e.text.Text
	q.AskedOf = e.askedOf.Text
	q.MeetingID = 0
	if i := e.meeting.SelectedIndex(); i > 0 && i-1 < len(e.ws.meetings) {
		q.MeetingID = e.ws.meetings[i-1].ID
	}
	if i := e.status.SelectedIndex(); i >= 0 {
		q.Status = assurance.Statuses[i]
	}
	q.Response = e.response.Text
	if i := e.level.SelectedIndex(); i >= 0 {
		q.Level = assurance.AssuranceLevels[i]
	}
	q.Comment = e.comment.Text
	q.Recurring = e.recurring.Checked
	for _, d := range []struct {
		field string
		entry *widget.Entry
		to    *assurance.Date
	}{
		{assurance.FieldRaisedOn, e.raisedOn, &q.RaisedOn},
		{assurance.FieldDueOn, e.dueOn, &q.DueOn},
		{assurance.FieldRespondedOn, e.respondedOn, &q.RespondedOn},
	} {
		v, err := assurance.ParseDate(d.entry.Text)
		if err != nil {
			problems[d.field] = assurance.ErrorMessage(err) + "."
			continue
		}
		*d.to = v
	}
	q.Normalise()
	for f, msg := range assurance.FieldErrors(q.Validate(e.ws.catalogue())) {
		if _, ok := problems[f]; !ok {
			problems[f] = msg
		}
	}
	return &q, problems
}

// showErrors puts each message beside its field, or clears them all.
func (e *questionEditor) showErrors(problems map[string]string) {
	var unplaced []string
	for f, msg := range problems {
		if _, ok := e.errs[f]; !ok {
			unplaced = append(unplaced, msg)
		}
	}
	showFieldErrors(e.errs, problems)
	if len(problems) == 0 {
		e.summary.Hide()
		return
	}
	text := "The question has not been saved: please correct the items marked in red."
	for _, m := range unplaced {
		text += " " + m
	}
	e.summary.SetText(text)
	e.summary.Show()
}

// onSave saves the question and its actions together, reporting whether it
// was saved.
func (e *questionEditor) onSave() bool {
	if e.current == nil || e.ws.readOnly {
		return false
	}
	q, problems := e.collect()
	if msg := e.actions.validate(); msg != "" {
		problems["actions"] = msg
	}
	e.showErrors(problems)
	if len(problems) > 0 {
		return false
	}
	ctx := e.ws.ui.ctx()
	err := e.ws.store.Batch(ctx, func(w assurance.Writer) error {
		if q.ID == 0 {
			if err := w.CreateQuestion(ctx, q); err != nil {
				return err
			}
		} else if err := w.UpdateQuestion(ctx, q); err != nil {
			return err
		}
		return e.actions.apply(ctx, w, q.ID)
	})
	if err != nil {
		if fields := assurance.FieldErrors(err); len(fields) > 0 && assurance.ErrorCode(err) == assurance.EINVALID {
			e.showErrors(fields)
			return false
		}
		if c := assurance.ConflictOf(err); c != nil && c.Theirs != nil {
			newConflictView(e, q, c).show()
			return false
		}
		if assurance.ErrorCode(err) == assurance.ECONFLICT {
			e.ws.ui.showMessage("Someone else changed this question",
				"This question was changed in the log after you opened it, so your changes were not saved over theirs. "+
					"Copy anything you need from the form, then choose Undo changes to see the latest version.")
			return false
		}
		e.ws.ui.showError("Could not save the question", err)
		return false
	}
	e.dirty = false
	e.ws.questionChanged(q.ID)
	if saved := e.ws.question(q.ID); saved != nil {
		e.load(saved)
	}
	return true
}

func (e *questionEditor) onRevert() {
	if e.current == nil {
		return
	}
	if e.current.ID == 0 {
		e.dirty = false
		e.clear()
		return
	}
	if q := e.ws.question(e.current.ID); q != nil {
		// Read it afresh: someone may have changed it since.
		fresh, err := e.ws.store.Question(e.ws.ui.ctx(), q.ID)
		if err == nil {
			q = fresh
		}
		e.load(q)
	}
}

func (e *questionEditor) onDelete() {
	q := e.current
	if q == nil || q.ID == 0 || e.ws.readOnly {
		return
	}
	msg := widget.NewLabel(fmt.Sprintf("Delete %s, with its actions and evidence? The audit log keeps a record of it.", q.Ref))
	msg.Wrapping = fyne.TextWrapWord
	d := confirmDialog("Delete question", "Delete", "Keep it", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := e.ws.store.DeleteQuestion(e.ws.ui.ctx(), q.ID); err != nil {
			e.ws.ui.showError("Could not delete the question", err)
			return
		}
		e.dirty = false
		e.clear()
		e.ws.questionDeleted(q.ID)
	}, e.ws.ui.win)
	d.Resize(fyne.NewSize(460, 180))
	d.Show()
}

// confirmLeave runs next now, or once the user has saved or discarded the
// unsaved changes; if they cancel, nothing happens.
func (e *questionEditor) confirmLeave(next func()) { e.confirmLeaveOr(next, func() {}) }

func (e *questionEditor) confirmLeaveOr(next, cancel func()) {
	if !e.dirty || e.current == nil || e.ws.readOnly {
		next()
		return
	}
	name := "this new question"
	if e.current.ID != 0 {
		name = e.current.Ref
	}
	msg := widget.NewLabel(fmt.Sprintf("You have changed %s but not saved it. Save your changes first?", name))
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	saveB := newButton("Save changes", nil, widget.HighImportance, func() {
		d.Hide()
		e.leaveDialog = nil
		if e.onSave() {
			next()
		} else {
			cancel()
		}
	})
	discard := newButton("Discard changes", nil, widget.DangerImportance, func() {
		d.Hide()
		e.leaveDialog = nil
		e.dirty = false
		next()
	})
	stay := newButton("Cancel", nil, widget.MediumImportance, func() {
		d.Hide()
		e.leaveDialog = nil
		cancel()
	})
	d = dialog.NewCustomWithoutButtons("Unsaved changes", msg, e.ws.ui.win)
	d.SetButtons([]fyne.CanvasObject{stay, discard, saveB})
	d.Resize(fyne.NewSize(480, 180))
	e.leaveDialog = d
	d.Show()
}

func (e *questionEditor) selectEvidenceTab() {
	if e.tabs.Selected() != e.evidenceTab {
		e.tabs.Select(e.evidenceTab)
	}
}
