package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// onKind sets the selected file's kind of evidence (a built-in kind or
// one of the log's own), by which the board paper's register is grouped.
func (p *evidencePanel) onKind() {
	ev := p.current()
	u := p.e.ws.ui
	y := assurance.YearOf(p.e.ws.store)
	if ev == nil || p.e.ws.readOnly || y == nil {
		return
	}
	ls, err := y.LogSettings(u.ctx())
	if err != nil {
		u.showError("Could not read the log's settings", err)
		return
	}
	kinds, err := y.EvidenceKindsOf(u.ctx())
	if err != nil {
		u.showError("Could not read the kinds of evidence", err)
		return
	}
	p.kind = newSelect(ls.Kinds(), nil)
	p.kind.SetSelected(kinds[ev.ID])
	var d *dialog.CustomDialog
	save := newButton("Save", nil, widget.HighImportance, func() {
		if err := y.SetEvidenceKind(u.ctx(), ev.ID, p.kind.Selected); err != nil {
			u.showError("Could not save the kind of evidence", err)
			return
		}
		d.Hide()
	})
	text := widget.NewLabel("The board paper's evidence register groups files by kind. Add your own kinds in Log settings.")
	text.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("Kind of evidence: "+ev.Name, container.NewVBox(text, p.kind), u.win)
	d.SetButtons([]fyne.CanvasObject{newButton("Cancel", nil, widget.MediumImportance, func() { d.Hide() }), save})
	d.Resize(fyne.NewSize(520, 220))
	d.Show()
}
