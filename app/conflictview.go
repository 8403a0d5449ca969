package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// conflictView shows a question someone else saved while the user was
// editing it: their version beside the user's unsaved one, field by field,
// the differing fields said in words, with Keep mine (save mine over
// theirs, knowingly) and Take theirs (drop mine). Nothing is overwritten
// until the user chooses.
type conflictView struct {
	e    *questionEditor
	mine *assurance.Question
	c    *assurance.Conflict
	d    *dialog.CustomDialog
}

func newConflictView(e *questionEditor, mine *assurance.Question, c *assurance.Conflict) *conflictView {
	return &conflictView{e: e, mine: mine, c: c}
}

// rows are the fields side by side, the meeting named rather than numbered.
func (v *conflictView) rows() []assurance.FieldChange {
	rows := assurance.SideBySide(v.mine, v.c.Theirs)
	for i := range rows {
		if rows[i].Field == assurance.FieldMeeting {
			rows[i].Before, rows[i].After = v.meetingName(v.mine.MeetingID), v.meetingName(v.c.Theirs.MeetingID)
		}
	}
	return rows
}

func (v *conflictView) meetingName(id int64) string {
	if m := v.e.ws.meeting(id); m != nil {
		return m.Label()
	}
	return ""
}

func (v *conflictView) show() {
	ws := v.e.ws
	ref := v.c.Theirs.Ref
	intro := wrapped(v.c.By + " saved " + ref + " at " + v.c.At.Local().Format("15:04 on 2 Jan 2006") +
		", after you opened it. Nothing of yours has been saved yet. Compare the two versions, then keep yours or take theirs.")
	// One row per field, each as tall as its own text; the differing
	// fields first, said in words as well as in colour.
	head := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	rows := container.NewVBox(container.NewGridWithColumns(3, head("Field"), head("Yours (not saved)"), head("Theirs (saved by "+v.c.By+")")))
	var same []fyne.CanvasObject
	differ := 0
	for _, r := range v.rows() {
		label := wrapped(r.Label)
		row := container.NewGridWithColumns(3, label, wrapped(orNone(r.Before)), wrapped(orNone(r.After)))
		if r.Before == r.After {
			same = append(same, row)
			continue
		}
		differ++
		label.SetText(r.Label + " (different)")
		label.TextStyle.Bold = true
		label.Importance = widget.DangerImportance
		rows.Add(row)
	}
	if differ == 0 {
		intro.SetText(intro.Text + " The two versions are the same in every field.")
	}
	rows.Add(widget.NewSeparator())
	rows.Add(head("The same in both"))
	for _, r := range same {
		rows.Add(r)
	}
	grid := rows
	later := newButton("Decide later", nil, widget.MediumImportance, func() { v.d.Hide() })
	theirs := newButton("Take theirs", theme.ContentUndoIcon(), widget.MediumImportance, v.onTakeTheirs)
	mine := newButton("Keep mine", theme.DocumentSaveIcon(), widget.HighImportance, v.onKeepMine)
	v.d = dialog.NewCustomWithoutButtons("Someone else saved "+ref, border(intro, nil, nil, nil, container.NewVScroll(grid)), ws.ui.win)
	v.d.SetButtons([]fyne.CanvasObject{later, theirs, mine})
	v.d.Resize(fyne.NewSize(900, 620))
	v.d.Show()
}

// onKeepMine saves the form over their version: the user has seen it, so
// the save is made against their version number. Should a third person
// save meanwhile, the save is refused again and shown again.
func (v *conflictView) onKeepMine() {
	v.d.Hide()
	e := v.e
	if e.current == nil || e.current.ID != v.c.Theirs.ID {
		return
	}
	e.current.Version = v.c.Theirs.Version
	e.onSave()
}

// onTakeTheirs drops the unsaved changes and shows their version.
func (v *conflictView) onTakeTheirs() {
	v.d.Hide()
	e := v.e
	e.dirty = false
	e.ws.questionChanged(v.c.Theirs.ID)
	if q := e.ws.question(v.c.Theirs.ID); q != nil {
		e.load(q)
	}
}
