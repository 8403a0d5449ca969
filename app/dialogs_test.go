package app

import (
	"errors"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// ringed reports whether a focusable object shows Guardian's focus ring
// (focus.go). An entry is allowed too: Fyne draws its focused border in
// the theme's primary colour.
func ringed(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *focusButton, *focusSelect, *focusCheck, *radioChoice, *focusTree, *focusTable, *focusList, *widget.Entry:
		return true
	}
	return false
}

// unringed lists the focusable objects of the dialog on top that would
// show only Fyne's faint focus tint.
func unringed(u *UI) []string {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return []string{"no dialog shown"}
	}
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return // hidden, with all it holds: Tab skips it
		}
		if _, ok := o.(fyne.Focusable); ok && !ringed(o) {
			out = append(out, describe(o))
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return out
}

func closeDialogs(u *UI) {
	for top := u.win.Canvas().Overlays().Top(); top != nil; top = u.win.Canvas().Overlays().Top() {
		u.win.Canvas().Overlays().Remove(top)
	}
}

// Every dialog Guardian shows marks the keyboard focus with the ring: its
// buttons, choices and tick boxes are Guardian's own, not Fyne's stock
// widgets (whose focus tint is under 3:1).
func TestEveryDialogShowsTheFocusRing(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "Does the board see sickness data?"), q("4.1", "What does the survey say?")), false)
	settle(u)
	closeDialogs(u)
	ws := u.ws
	dialogs := []struct {
		name string
		show func()
	}{
		{"message", func() { u.showMessage("Saved", "The log was saved.") }},
		{"error", func() { u.showError("Could not save", errors.New("disk full")) }},
		{"confirm", func() {
			confirmText("Discard the changes?", "They will be deleted.", "Yes", "No", func(bool) {}, u.win).Show()
		}},
		{"conflict", func() { u.safety.showConflict("Bob changed Q-0001.", nil) }},
		{"kept", func() { u.safety.showKept("Their version is open", "/tmp/mine.guardian") }},
		{"send a copy", func() { u.safety.sendCopy() }},
		{"export", func() { test.Tap(ws.list.export) }},
		{"import wizard", func() { newImportWizard(ws).show() }},
		{"reporting periods", func() { newPeriodsDialog(ws).show() }},
		{"log settings", func() { newSettingsDialog(ws).show() }},
		{"restore a backup", func() { u.showBackups() }},
		{"tags", func() { ws.showQuestion(ws.questions[0].ID); openTagsDialog(ws) }},
	}
	for _, d := range dialogs {
		d.show()
		settle(u)
		if bad := unringed(u); len(bad) > 0 {
			t.Errorf("%s dialog: focusable controls without the focus ring: %v", d.name, bad)
		}
		closeDialogs(u)
	}
}

func describe(o fyne.CanvasObject) string {
	switch v := o.(type) {
	case *widget.Button:
		return fmt.Sprintf("button %q", v.Text)
	case *widget.Check:
		return fmt.Sprintf("tick box %q", v.Text)
	}
	return fmt.Sprintf("%T", o)
}
