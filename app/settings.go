package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// settingsDialog edits the log-wide details printed on board papers.
type settingsDialog struct {
	ws      *workspace
	org     *widget.Entry
	name    *widget.Entry
	marking *widget.Entry
	errs    *widget.Label
	year    *yearSettingsForm
	d       *dialog.CustomDialog
}

func newSettingsDialog(ws *workspace) *settingsDialog { return &settingsDialog{ws: ws} }

func (s *settingsDialog) show() {
	cur, err := s.ws.store.Settings(s.ws.ui.ctx())
	if err != nil {
		s.ws.ui.showError("Could not read the log's settings", err)
		return
	}
	s.org = widget.NewEntry()
	s.org.SetPlaceHolder("Such as Northshire Community Health NHS Trust")
	s.org.SetText(cur.Organisation)
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder("Your name, printed as \"prepared by\"")
	s.name.SetText(cur.Guardian)
	s.marking = widget.NewEntry()
	s.marking.SetText(cur.SecurityMarking)
	if cur.SecurityMarking == "" {
		s.marking.SetText(assurance.DefaultSecurityMarking)
	}
	s.errs = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	s.errs.Hide()
	form := widget.NewForm(
		widget.NewFormItem("Organisation", s.org),
		widget.NewFormItem("Health and wellbeing guardian", s.name),
		widget.NewFormItem("Security marking", s.marking),
	)
	if s.year, err = newYearSettingsForm(s.ws); err != nil {
		s.ws.ui.showError("Could not read the log's settings", err)
		return
	}
	if s.year != nil {
		for _, it := range s.year.items() {
			form.AppendItem(it)
		}
	}
	content := container.NewVBox(form, s.errs)
	ro := s.ws.readOnly
	if ro {
		for _, e := range []*widget.Entry{s.org, s.name, s.marking} {
			e.Disable()
		}
	}
	s.d = dialog.NewCustomWithoutButtons("Log settings", content, s.ws.ui.win)
	cancel := newButton("Close", nil, widget.MediumImportance, s.d.Hide)
	save := newButton("Save", nil, widget.HighImportance, s.onSave)
	if ro {
		save.Disable()
	}
	s.d.SetButtons([]fyne.CanvasObject{cancel, save})
	s.d.Resize(fyne.NewSize(640, 620))
	s.d.Show()
	if !ro {
		s.ws.ui.win.Canvas().Focus(s.org)
	}
}

func (s *settingsDialog) onSave() {
	v := assurance.Settings{Organisation: s.org.Text, Guardian: s.name.Text, SecurityMarking: s.marking.Text}
	err := s.ws.store.UpdateSettings(s.ws.ui.ctx(), v)
	if err == nil && s.year != nil {
		err = s.year.save()
	}
	switch {
	case err == nil:
		s.d.Hide()
	case assurance.ErrorCode(err) == assurance.EINVALID:
		s.errs.SetText(assurance.ErrorMessage(err))
		s.errs.Show()
	default:
		s.ws.ui.showError("Could not save the settings", err)
	}
}
