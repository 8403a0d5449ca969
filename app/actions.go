package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// actionsEditor edits a question's follow-up actions in place: add, tick
// done, delete. Changes are kept until the question is saved and then
// written in the same batch as the question.
type actionsEditor struct {
	e    *questionEditor
	rows []*actionRow
	box  *fyne.Container
	add  *focusButton
	msg  *widget.Label
}

// actionRow is one action's widgets and what it was when loaded.
type actionRow struct {
	orig    *assurance.Action // nil for a new action
	text    *widget.Entry
	owner   *widget.Entry
	due     *widget.Entry
	done    *focusCheck
	doneOn  assurance.Date
	del     *focusButton
	deleted bool
	obj     fyne.CanvasObject
}

func newActionsEditor(e *questionEditor) *actionsEditor { return &actionsEditor{e: e} }

func (a *actionsEditor) buildUI() fyne.CanvasObject {
	a.box = container.NewVBox()
	a.add = newButton("Add action", theme.ContentAddIcon(), widget.MediumImportance, a.onAdd)
	a.msg = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	a.msg.Hide()
	return container.NewVBox(a.box, a.msg, container.NewHBox(a.add))
}

func (a *actionsEditor) load(acts []*assurance.Action) {
	a.rows = nil
	a.box.RemoveAll()
	for _, act := range acts {
		a.addRow(act)
	}
	a.msg.Hide()
}

func (a *actionsEditor) onAdd() {
	if a.e.ws.readOnly || a.e.current == nil {
		return
	}
	r := a.addRow(nil)
	a.e.onEdited()
	a.e.ws.ui.win.Canvas().Focus(r.text)
}

func (a *actionsEditor) addRow(act *assurance.Action) *actionRow {
	r := &actionRow{orig: act}
	r.text = line("What is to be done", a.e.onEdited)
	r.owner = line("Who", a.e.onEdited)
	r.due = line("Due dd/mm/yyyy", a.e.onEdited)
	r.done = newCheck("Done", func(on bool) {
		switch {
		case on && r.doneOn.IsZero():
			r.doneOn = assurance.Today()
		case !on:
			r.doneOn = assurance.Date{}
		}
		a.e.onEdited()
	})
	r.del = newButton("", theme.DeleteIcon(), widget.MediumImportance, func() { a.onDelete(r) })
	if act != nil {
		loading := a.e.loading
		a.e.loading = true
		r.text.SetText(act.Text)
		r.owner.SetText(act.Owner)
		r.due.SetText(ukDate(act.DueOn))
		r.doneOn = act.DoneOn
		r.done.SetChecked(act.Done())
		a.e.loading = loading
	}
	who := container.NewGridWithColumns(2, r.owner, r.due)
	r.obj = border(nil, nil, r.done, r.del, container.NewVBox(r.text, who))
	a.rows = append(a.rows, r)
	a.box.Add(r.obj)
	if a.e.ws.readOnly {
		r.setEditable(false)
	}
	return r
}

func (a *actionsEditor) onDelete(r *actionRow) {
	if a.e.ws.readOnly {
		return
	}
	r.deleted = true
	a.box.Remove(r.obj)
	a.e.onEdited()
}

func (r *actionRow) setEditable(on bool) {
	setAllEnabled(on, r.text, r.owner, r.due, r.done, r.del)
}

func (a *actionsEditor) setEditable(on bool) {
	for _, r := range a.rows {
		r.setEditable(on)
	}
	setEnabled(a.add, on)
}

// validate checks the actions that will be written; "" if all is well.
func (a *actionsEditor) validate() string {
	var problems []string
	for i, r := range a.live() {
		if strings.TrimSpace(r.text.Text) == "" {
			problems = append(problems, fmt.Sprintf("Action %d needs a description (or delete it).", i+1))
		}
		if _, err := assurance.ParseDate(r.due.Text); err != nil {
			problems = append(problems, fmt.Sprintf("Action %d: %s.", i+1, assurance.ErrorMessage(err)))
		}
	}
	if len(problems) == 0 {
		a.msg.Hide()
		return ""
	}
	msg := strings.Join(problems, " ")
	a.msg.SetText(msg)
	a.msg.Show()
	return msg
}

func (a *actionsEditor) live() []*actionRow {
	var out []*actionRow
	for _, r := range a.rows {
		if !r.deleted {
			out = append(out, r)
		}
	}
	return out
}

// apply writes the changed, new and deleted actions of question qid.
func (a *actionsEditor) apply(ctx context.Context, w assurance.Writer, qid int64) error {
	for _, r := range a.rows {
		switch {
		case r.deleted && r.orig != nil:
			if err := w.DeleteAction(ctx, r.orig.ID); err != nil {
				return fmt.Errorf("delete action: %w", err)
			}
		case r.deleted:
		case r.orig == nil:
			act := r.value(&assurance.Action{QuestionID: qid})
			if err := w.CreateAction(ctx, act); err != nil {
				return fmt.Errorf("add action: %w", err)
			}
		default:
			c := *r.orig
			act := r.value(&c)
			if *act != *r.orig {
				if err := w.UpdateAction(ctx, act); err != nil {
					return fmt.Errorf("update action: %w", err)
				}
			}
		}
	}
	return nil
}

// value fills act from the row's widgets.
func (r *actionRow) value(act *assurance.Action) *assurance.Action {
	act.Text = strings.TrimSpace(r.text.Text)
	act.Owner = strings.TrimSpace(r.owner.Text)
	act.DueOn, _ = assurance.ParseDate(r.due.Text) // checked by validate
	act.DoneOn = r.doneOn
	return act
}
