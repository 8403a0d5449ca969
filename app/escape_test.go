package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Escape dismisses Guardian's message and question dialogs as their dismiss
// button does, whether a button or nothing has the focus, and never as the
// confirm button; the window's own key handler is back afterwards, and a
// question shown over another is dismissed first, alone.
func TestEscapeDismissesDialogs(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Guardian")
	w.Resize(fyne.NewSize(900, 600))
	c := w.Canvas()
	windowKeys := 0
	c.SetOnTypedKey(func(*fyne.KeyEvent) { windowKeys++ })

	var answers []bool
	done := func(ok bool) { answers = append(answers, ok) }
	ask := func() *escapeDialog {
		d := confirmText("Delete question", "Delete Q-0001?", "Delete", "Keep it", done, w)
		d.Show()
		return d
	}

	// Nothing focused.
	ask()
	press(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil || len(answers) != 1 || answers[0] {
		t.Fatalf("Escape with nothing focused: dialog shown %v, answers %v (want one false)", c.Overlays().Top() != nil, answers)
	}
	// From the confirm button: still a dismissal, not a confirmation.
	ask()
	c.FocusNext()
	c.FocusNext()
	if b, ok := c.Focused().(*focusButton); !ok || b.Text != "Delete" {
		t.Fatalf("focus on %v, want the Delete button", c.Focused())
	}
	press(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil || len(answers) != 2 || answers[1] {
		t.Fatalf("Escape on Delete: dialog shown %v, answers %v (want two false)", c.Overlays().Top() != nil, answers)
	}
	// The window has its keys back.
	press(c, fyne.KeyEscape)
	if windowKeys != 1 {
		t.Errorf("after the dialogs closed, the window's key handler ran %d times for one key, want 1", windowKeys)
	}

	// A message over a question: Escape closes the message, then the question.
	ask()
	messageDialog("Saved", "Q-0001 was saved.", w).Show()
	press(c, fyne.KeyEscape)
	if c.Overlays().Top() == nil || len(answers) != 2 {
		t.Fatalf("the first Escape closed the question under the message too (answers %v)", answers)
	}
	press(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil || len(answers) != 3 || answers[2] {
		t.Fatalf("the second Escape: dialog shown %v, answers %v", c.Overlays().Top() != nil, answers)
	}
	press(c, fyne.KeyEscape)
	if windowKeys != 2 {
		t.Errorf("after both closed, the window's key handler ran %d times in all, want 2", windowKeys)
	}
}
