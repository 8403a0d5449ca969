package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// meetingsScreen creates and edits board and committee meetings and shows
// the questions raised at each and those due by it.
type meetingsScreen struct {
	ws      *workspace
	current *assurance.Meeting // nil when none is chosen; ID 0 when new

	list    *focusList
	kind    *focusSelect
	title   *widget.Entry
	date    *widget.Entry
	errs    map[string]*widget.Label
	save    *focusButton
	del     *focusButton
	newB    *focusButton
	form    fyne.CanvasObject
	raised  *focusList
	due     *focusList
	raisedQ []*assurance.Question
	dueQ    []*assurance.Question
	heading *widget.Label
	hint    fyne.CanvasObject // shown while no meeting is chosen
}

func newMeetingsScreen(ws *workspace) *meetingsScreen {
	return &meetingsScreen{ws: ws, errs: map[string]*widget.Label{}}
}

func (m *meetingsScreen) buildUI() fyne.CanvasObject {
	m.list = newList(
		func() int { return len(m.ws.meetings) },
		func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(m.ws.meetings[i].Label()) },
	)
	m.list.OnSelected = func(i widget.ListItemID) { m.show(m.ws.meetings[i]) }
	m.list.name = "Meetings"
	m.newB = newButton("New meeting", theme.ContentAddIcon(), widget.HighImportance, m.onNew)

	var kinds []string
	for _, k := range assurance.MeetingKinds {
		kinds = append(kinds, k.Label())
	}
	m.kind = newSelect(kinds, nil)
	m.title = widget.NewEntry()
	m.title.SetPlaceHolder("Such as Public Board, November 2026")
	m.date = widget.NewEntry()
	m.date.SetPlaceHolder("dd/mm/yyyy")
	m.save = newButton("Save meeting", theme.DocumentSaveIcon(), widget.HighImportance, m.onSave)
	m.del = newButton("Delete meeting", theme.DeleteIcon(), widget.DangerImportance, m.onDelete)
	form := widget.NewForm(
		m.item("Meeting of", assurance.FieldKind, m.kind),
		m.item("Title", assurance.FieldTitle, m.title),
		m.item("Date", assurance.FieldDate, m.date),
	)
	m.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	m.raised = m.questionList(&m.raisedQ)
	m.raised.name = "Questions raised at this meeting"
	m.due = m.questionList(&m.dueQ)
	m.due.name = "Questions due by this meeting and still awaiting a response"
	lists := container.NewGridWithColumns(2,
		border(widget.NewLabelWithStyle("Questions raised at this meeting", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, m.raised),
		border(widget.NewLabelWithStyle("Questions due by this meeting and still awaiting a response", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, m.due),
	)
	m.form = border(container.NewVBox(m.heading, form, container.NewHBox(m.save, m.del), widget.NewSeparator()), nil, nil, nil, lists)
	m.form.Hide()
	m.hint = container.NewCenter(widget.NewLabel("Choose a meeting, or add one with New meeting."))
	left := border(nil, container.NewHBox(m.newB), nil, nil, m.list)
	split := container.NewHSplit(left, container.NewStack(m.hint, m.form))
	split.Offset = 0.35
	if m.ws.readOnly {
		m.newB.Disable()
	}
	return split
}

func (m *meetingsScreen) item(label, field string, w fyne.CanvasObject) *widget.FormItem {
	return fieldItem(m.errs, label, field, w)
}

func (m *meetingsScreen) questionList(qs *[]*assurance.Question) *focusList {
	l := newList(
		func() int { return len(*qs) },
		func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			q := (*qs)[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s  %s  %s", q.Ref, q.Status.Label(), firstLine(q.Text)))
		},
	)
	l.OnSelected = func(i widget.ListItemID) {
		l.UnselectAll()
		m.ws.showQuestion((*qs)[i].ID)
	}
	return l
}

func (m *meetingsScreen) refresh() {
	if m.list == nil {
		return
	}
	m.list.Refresh()
	if m.current != nil && m.current.ID != 0 {
		if fresh := m.ws.meeting(m.current.ID); fresh != nil {
			m.show(fresh)
			return
		}
		m.current = nil
		m.form.Hide()
		m.hint.Show()
	}
}

func (m *meetingsScreen) onNew() {
	m.list.UnselectAll()
	m.show(&assurance.Meeting{Kind: assurance.Board, Date: assurance.Today()})
	m.ws.ui.win.Canvas().Focus(m.title)
}

func (m *meetingsScreen) show(mt *assurance.Meeting) {
	c := *mt
	m.current = &c
	m.kind.SetSelected(mt.Kind.Label())
	m.title.SetText(mt.Title)
	m.date.SetText(ukDate(mt.Date))
	m.showErrors(nil)
	if mt.ID == 0 {
		m.heading.SetText("New meeting")
	} else {
		m.heading.SetText(mt.Label())
	}
	m.raisedQ, m.dueQ = m.questionsFor(mt)
	m.raised.Refresh()
	m.due.Refresh()
	setAllEnabled(!m.ws.readOnly, m.kind, m.title, m.date, m.save, m.del)
	if mt.ID == 0 {
		m.del.Disable()
	}
	m.hint.Hide()
	m.form.Show()
}

// questionsFor returns the questions raised at mt, and those awaiting a
// response that fall due after the previous meeting of the same kind and
// by this one: what this meeting should hear about.
func (m *meetingsScreen) questionsFor(mt *assurance.Meeting) (raised, due []*assurance.Question) {
	if mt.ID == 0 {
		return nil, nil
	}
	var prev assurance.Date
	for _, o := range m.ws.meetings {
		if o.Kind == mt.Kind && o.Date.Before(mt.Date) && (prev.IsZero() || prev.Before(o.Date)) {
			prev = o.Date
		}
	}
	for _, q := range m.ws.questions {
		if q.MeetingID == mt.ID {
			raised = append(raised, q)
		}
		if q.Status.AwaitingResponse() && !q.DueOn.IsZero() && !q.DueOn.After(mt.Date) && (prev.IsZero() || q.DueOn.After(prev)) {
			due = append(due, q)
		}
	}
	return raised, due
}

func (m *meetingsScreen) showErrors(problems map[string]string) { showFieldErrors(m.errs, problems) }

func (m *meetingsScreen) onSave() {
	if m.current == nil || m.ws.readOnly {
		return
	}
	mt := *m.current
	problems := map[string]string{}
	if i := m.kind.SelectedIndex(); i >= 0 {
		mt.Kind = assurance.MeetingKinds[i]
	}
	mt.Title = m.title.Text
	d, err := assurance.ParseDate(m.date.Text)
	if err != nil {
		problems[assurance.FieldDate] = assurance.ErrorMessage(err) + "."
	}
	mt.Date = d
	for f, msg := range assurance.FieldErrors(mt.Validate()) {
		if _, ok := problems[f]; !ok {
			problems[f] = msg
		}
	}
	m.showErrors(problems)
	if len(problems) > 0 {
		return
	}
	ctx := m.ws.ui.ctx()
	if mt.ID == 0 {
		err = m.ws.store.CreateMeeting(ctx, &mt)
	} else {
		err = m.ws.store.UpdateMeeting(ctx, &mt)
	}
	if err != nil {
		if f := assurance.FieldErrors(err); len(f) > 0 {
			m.showErrors(f)
			return
		}
		m.ws.ui.showError("Could not save the meeting", err)
		return
	}
	m.ws.meetingsChanged()
	if fresh := m.ws.meeting(mt.ID); fresh != nil {
		m.show(fresh)
	}
	m.list.Refresh()
}

func (m *meetingsScreen) onDelete() {
	mt := m.current
	if mt == nil || mt.ID == 0 || m.ws.readOnly {
		return
	}
	d := confirmDialog("Delete meeting", "Delete", "Keep it", wrapped(fmt.Sprintf("Delete the meeting %s? Questions raised at it are kept.", mt.Label())), func(ok bool) {
		if !ok {
			return
		}
		if err := m.ws.store.DeleteMeeting(m.ws.ui.ctx(), mt.ID); err != nil {
			m.ws.ui.showError("Could not delete the meeting", err)
			return
		}
		m.current = nil
		m.form.Hide()
		m.hint.Show()
		m.list.UnselectAll()
		m.ws.meetingsChanged()
		// Questions raised at it no longer name it.
		if err := m.ws.load(); err == nil {
			m.ws.changed()
		}
	}, m.ws.ui.win)
	d.Resize(fyne.NewSize(460, 180))
	d.Show()
}
