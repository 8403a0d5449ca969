package app

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// yearSettingsForm is the part of the settings dialog for the log's own
// choices: its assurance scale, kind of organisation, receiving committee,
// reporting cadence, its own kinds of evidence and its BAF risks.
type yearSettingsForm struct {
	ws        *workspace
	y         assurance.YearStore
	scale     *focusSelect
	org       *focusSelect
	committee *widget.Entry
	cadence   *widget.Entry
	kinds     *widget.Entry
	baf       *widget.Entry
}

// newYearSettingsForm returns nil for a log that keeps no such settings.
func newYearSettingsForm(ws *workspace) (*yearSettingsForm, error) {
	y := assurance.YearOf(ws.store)
	if y == nil {
		return nil, nil
	}
	ls, err := y.LogSettings(ws.ui.ctx())
	if err != nil {
		return nil, err
	}
	f := &yearSettingsForm{ws: ws, y: y}
	var scales, orgs []string
	for _, s := range assurance.Scales {
		scales = append(scales, s.Name)
	}
	for _, k := range assurance.OrgKinds {
		orgs = append(orgs, k.Label())
	}
	f.scale = newSelect(scales, nil)
	f.scale.SetSelected(assurance.ScaleByID(ls.Scale).Name)
	f.org = newSelect(orgs, nil)
	f.org.SetSelected(ls.Org.Label())
	f.committee = widget.NewEntry()
	f.committee.SetPlaceHolder("Such as People Committee")
	f.committee.SetText(ls.Committee)
	f.cadence = widget.NewEntry()
	f.cadence.SetPlaceHolder("Such as Quarterly")
	f.cadence.SetText(ls.Cadence)
	f.kinds = widget.NewMultiLineEntry()
	f.kinds.SetPlaceHolder("One per line: kinds of evidence beyond the built-in ones")
	f.kinds.SetText(strings.Join(ls.EvidenceKinds, "\n"))
	f.baf = widget.NewMultiLineEntry()
	f.baf.SetPlaceHolder("One per line, code first: SR2 Workforce capacity")
	f.baf.SetText(strings.Join(ls.BAFRisks, "\n"))
	if ws.readOnly {
		for _, e := range []*widget.Entry{f.committee, f.cadence, f.kinds, f.baf} {
			e.Disable()
		}
		f.scale.Disable()
		f.org.Disable()
	}
	return f, nil
}

func (f *yearSettingsForm) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Assurance scale", f.scale),
		widget.NewFormItem("Organisation is", f.org),
		widget.NewFormItem("Reports to", f.committee),
		widget.NewFormItem("Reporting cadence", f.cadence),
		widget.NewFormItem("Own kinds of evidence", f.kinds),
		widget.NewFormItem("BAF risks", f.baf),
	}
}

// save stores the choices and shows the log in its scale.
func (f *yearSettingsForm) save() error {
	ls := assurance.LogSettings{Committee: f.committee.Text, Cadence: f.cadence.Text,
		EvidenceKinds: strings.Split(f.kinds.Text, "\n"), BAFRisks: strings.Split(f.baf.Text, "\n")}
	if i := f.scale.SelectedIndex(); i >= 0 {
		ls.Scale = assurance.Scales[i].ID
	}
	if i := f.org.SelectedIndex(); i >= 0 {
		ls.Org = assurance.OrgKinds[i]
	}
	if err := f.y.UpdateLogSettings(f.ws.ui.ctx(), ls); err != nil {
		return err
	}
	f.ws.scaleChanged()
	return nil
}

// scaleChanged shows every level in the log's scale again.
func (ws *workspace) scaleChanged() {
	ws.useScale()
	var levels []string
	for _, l := range assurance.AssuranceLevels {
		levels = append(levels, levelLabel(l))
	}
	// The level chosen in the editor keeps its place in the list; only
	// its words change, so an unsaved choice is not lost.
	e := ws.editor
	i := e.level.SelectedIndex()
	loading := e.loading
	e.loading = true
	e.level.SetOptions(levels)
	if i >= 0 {
		e.level.SetSelectedIndex(i)
	}
	e.loading = loading
	ws.list.level.SetOptions(append([]string{ws.list.level.Options[0]}, levels...))
	ws.list.level.SetSelectedIndex(0)
	ws.changed()
}
