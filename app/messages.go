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

// messageDialog is dialog.NewInformation with Guardian's OK button.
func messageDialog(title, msg string, win fyne.Window) *dialog.CustomDialog {
	var d *dialog.CustomDialog
	ok := newButton("OK", nil, widget.MediumImportance, func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, messageText(msg), win)
	d.SetButtons([]fyne.CanvasObject{ok})
	fitText(d, msg, win)
	return d
}

// confirmDialog is dialog.NewCustomConfirm with Guardian's own buttons.
func confirmDialog(title, confirm, dismiss string, content fyne.CanvasObject, done func(bool), win fyne.Window) *dialog.CustomDialog {
	var d *dialog.CustomDialog
	no := newButton(dismiss, theme.CancelIcon(), widget.MediumImportance, func() { d.Hide(); done(false) })
	yes := newButton(confirm, theme.ConfirmIcon(), widget.HighImportance, func() { d.Hide(); done(true) })
	d = dialog.NewCustomWithoutButtons(title, content, win)
	d.SetButtons([]fyne.CanvasObject{no, yes})
	return d
}

// confirmText is dialog.NewConfirm (a question in words) with Guardian's
// own buttons.
func confirmText(title, msg, confirm, dismiss string, done func(bool), win fyne.Window) *dialog.CustomDialog {
	d := confirmDialog(title, confirm, dismiss, messageText(msg), done, win)
	fitText(d, msg, win)
	return d
}

// formDialog is dialog.NewForm with Guardian's own buttons; submit is
// what pressing Return in an entry of the form does (the confirm button).
func formDialog(title, confirm, dismiss string, items []*widget.FormItem, done func(bool), win fyne.Window) (d *dialog.CustomDialog, submit func()) {
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
