package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Every dialog Guardian shows has Guardian's own buttons, which show the
// keyboard focus with a ring (focus.go); the buttons of Fyne's ready-made
// dialogs (information, confirm, form) cannot. These helpers are those
// dialogs rebuilt on dialog.NewCustomWithoutButtons, with the same buttons
// in the same order, so the Tab order is Fyne's.

// choice is a button of a dialog that closes it.
type choice struct {
	text string
	do   func() // nil: just close
}

// choiceButtons is one button per choice; each closes the dialog *d first.
func choiceButtons(d *dialog.Dialog, choices ...choice) []fyne.CanvasObject {
	var bs []fyne.CanvasObject
	for _, c := range choices {
		bs = append(bs, newButton(c.text, nil, widget.MediumImportance, func() {
			(*d).Hide()
			if c.do != nil {
				c.do()
			}
		}))
	}
	return bs
}

// escapeDialog is a dialog that Escape dismisses, as its dismiss (or OK)
// button would, while it is the top dialog: from the button that has the
// keyboard focus, or from the window when nothing has. (A text box with the
// focus keeps Escape for itself.)
type escapeDialog struct {
	*dialog.CustomDialog
	win     fyne.Window
	dismiss func()
	top     fyne.CanvasObject
}

// newEscapeDialog is dialog.NewCustomWithoutButtons with buttons, the
// first of which is the dismiss button.
func newEscapeDialog(title string, content fyne.CanvasObject, win fyne.Window, buttons ...*focusButton) *escapeDialog {
	d := &escapeDialog{CustomDialog: dialog.NewCustomWithoutButtons(title, content, win), win: win}
	d.dismiss = buttons[0].OnTapped
	objs := make([]fyne.CanvasObject, len(buttons))
	for i, b := range buttons {
		b.escape = d.dismiss
		objs[i] = b
	}
	d.SetButtons(objs)
	return d
}

// Show shows the dialog and, until it closes, answers Escape typed while
// nothing has the focus (the window's own key handler is put back then).
func (d *escapeDialog) Show() {
	c := d.win.Canvas()
	keys := c.OnTypedKey()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape && c.Overlays().Top() == d.top {
			d.dismiss()
			return
		}
		if keys != nil {
			keys(k)
		}
	})
	d.SetOnClosed(func() { c.SetOnTypedKey(keys) })
	d.CustomDialog.Show()
	d.top = c.Overlays().Top()
}

// messageDialog is dialog.NewInformation with Guardian's OK button.
func messageDialog(title, msg string, win fyne.Window) *escapeDialog {
	var d *escapeDialog
	ok := newButton("OK", nil, widget.MediumImportance, func() { d.Hide() })
	d = newEscapeDialog(title, messageText(msg), win, ok)
	fitText(d.CustomDialog, msg, win)
	return d
}

// confirmDialog is dialog.NewCustomConfirm with Guardian's own buttons.
func confirmDialog(title, confirm, dismiss string, content fyne.CanvasObject, done func(bool), win fyne.Window) *escapeDialog {
	var d *escapeDialog
	no := newButton(dismiss, theme.CancelIcon(), widget.MediumImportance, func() { d.Hide(); done(false) })
	yes := newButton(confirm, theme.ConfirmIcon(), widget.HighImportance, func() { d.Hide(); done(true) })
	d = newEscapeDialog(title, content, win, no, yes)
	return d
}

// confirmText is dialog.NewConfirm (a question in words) with Guardian's
// own buttons.
func confirmText(title, msg, confirm, dismiss string, done func(bool), win fyne.Window) *escapeDialog {
	d := confirmDialog(title, confirm, dismiss, messageText(msg), done, win)
	fitText(d.CustomDialog, msg, win)
	return d
}

// formDialog is dialog.NewForm with Guardian's own buttons; submit is
// what pressing Return in an entry of the form does (the confirm button).
func formDialog(title, confirm, dismiss string, items []*widget.FormItem, done func(bool), win fyne.Window) (d *escapeDialog, submit func()) {
	d = confirmDialog(title, confirm, dismiss, widget.NewForm(items...), done, win)
	return d, func() { d.Hide(); done(true) }
}

// messageText is a message as Fyne's text dialogs show it: centred and
// wrapped.
func messageText(msg string) fyne.CanvasObject {
	return &widget.Label{Text: msg, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
}

// fitText sizes a text dialog as Fyne does: as wide as the message on one
// line, up to 600 points or 90% of the window, and as tall as it then wraps.
func fitText(d *dialog.CustomDialog, msg string, win fyne.Window) {
	w := widget.NewLabel(msg).MinSize().Width + 4*theme.Padding() + 32
	w = fyne.Min(fyne.Min(w, 600), win.Canvas().Size().Width*0.9)
	d.Resize(fyne.NewSize(w, 0))
	// The first layout wraps the text at that width; the second fits its height.
	d.Resize(fyne.NewSize(w, 0))
}

// conflictChoices shows what happened to a log's changes, in full (it
// lists the questions each side changed, so it scrolls), with one button
// per way out.
func conflictChoices(win fyne.Window, msg string, choices ...choice) {
	var d dialog.Dialog
	d = dialog.NewCustomWithoutButtons("Someone else changed this log", border(nil,
		container.NewHBox(choiceButtons(&d, choices...)...), nil, nil, container.NewVScroll(wrapped(msg))), win)
	d.Resize(fyne.NewSize(640, 460))
	d.Show()
}
