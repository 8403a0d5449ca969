package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// allTags is the tag filter's "no filter" choice.
const allTags = "All tags"

// questionTags reads every question's tags, or none for a log that keeps none.
func questionTags(ws *workspace) map[int64][]string {
	y := assurance.YearOf(ws.store)
	if y == nil {
		return nil
	}
	tags, err := y.QuestionTags(ws.ui.ctx())
	if err != nil {
		ws.ui.showError("Could not read the question tags", err)
		return nil
	}
	return tags
}

// tagsInUse lists the tags a paper or the list can be filtered by: an
// ICB's two roles first, then every other tag a question carries.
func tagsInUse(ws *workspace) []string {
	out := append([]string{}, assurance.ICBTags...)
	for _, ts := range questionTags(ws) {
		for _, t := range ts {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out[len(assurance.ICBTags):])
	return out
}

// tagsDialog sets the open question's tags: for an integrated care board
// whether it is about its own staff or the staff of services it
// commissions, and its links to BAF risks and CQC domains.
type tagsDialog struct {
	ws    *workspace
	q     *assurance.Question
	roles *checkGroup
	baf   *checkGroup
	cqc   *checkGroup
	other *widget.Entry
	d     *dialog.CustomDialog
}

func showTagsDialog(ws *workspace) { openTagsDialog(ws) }

// openTagsDialog shows the dialog for the open question, or says why not and returns nil.
func openTagsDialog(ws *workspace) *tagsDialog {
	q := ws.editor.current
	y := assurance.YearOf(ws.store)
	if q == nil || q.ID == 0 || y == nil {
		ws.ui.showMessage("Tags and links", "Choose a saved question first.")
		return nil
	}
	ls, err := y.LogSettings(ws.ui.ctx())
	if err != nil {
		ws.ui.showError("Could not read the log's settings", err)
		return nil
	}
	t := &tagsDialog{ws: ws, q: q}
	have := questionTags(ws)[q.ID]
	t.roles = newCheckGroup(assurance.ICBTags, false)
	t.baf = newCheckGroup(ls.BAFRisks, false)
	t.cqc = newCheckGroup(assurance.CQCDomains, true)
	t.other = widget.NewEntry()
	t.other.SetPlaceHolder("Other tags, separated by semicolons")
	var other, roles, cqc, baf []string
	for _, tag := range have {
		switch {
		case slices.Contains(assurance.ICBTags, tag):
			roles = append(roles, tag)
		case strings.HasPrefix(tag, assurance.TagCQC):
			cqc = append(cqc, strings.TrimPrefix(tag, assurance.TagCQC))
		case strings.HasPrefix(tag, assurance.TagBAF):
			code := strings.TrimPrefix(tag, assurance.TagBAF)
			for _, r := range ls.BAFRisks {
				if strings.EqualFold(assurance.RiskCode(r), code) {
					baf = append(baf, r)
				}
			}
		default:
			other = append(other, tag)
		}
	}
	t.roles.SetSelected(roles)
	t.cqc.SetSelected(cqc)
	t.baf.SetSelected(baf)
	t.other.SetText(strings.Join(other, "; "))
	roleLabel := "About"
	if ls.Org != assurance.OrgICB {
		roleLabel = "About (for an ICB)"
	}
	form := widget.NewForm(
		widget.NewFormItem(roleLabel, t.roles),
		widget.NewFormItem("BAF risks", t.baf),
		widget.NewFormItem("CQC domains", t.cqc),
		widget.NewFormItem("Other tags", t.other),
	)
	t.d = dialog.NewCustomWithoutButtons("Tags and links: "+q.Ref, container.NewVScroll(form), ws.ui.win)
	save := newButton("Save", nil, widget.HighImportance, t.onSave)
	if ws.readOnly {
		save.Disable()
	}
	t.d.SetButtons([]fyne.CanvasObject{newButton("Cancel", nil, widget.MediumImportance, t.d.Hide), save})
	t.d.Resize(fyne.NewSize(640, 460))
	t.d.Show()
	return t
}

func (t *tagsDialog) value() []string {
	tags := append([]string{}, t.roles.Selected()...)
	for _, r := range t.baf.Selected() {
		tags = append(tags, assurance.TagBAF+assurance.RiskCode(r))
	}
	for _, c := range t.cqc.Selected() {
		tags = append(tags, assurance.TagCQC+c)
	}
	for _, o := range strings.Split(t.other.Text, ";") {
		if o = strings.TrimSpace(o); o != "" {
			tags = append(tags, o)
		}
	}
	return tags
}

func (t *tagsDialog) onSave() {
	if err := assurance.YearOf(t.ws.store).SetQuestionTags(t.ws.ui.ctx(), t.q.ID, t.value()); err != nil {
		t.ws.ui.showError("Could not save the tags", err)
		return
	}
	t.d.Hide()
	t.ws.list.tagsChanged()
}

// tagFilter is the question list's filter by tag.
type tagFilter struct {
	sel  *focusSelect
	tags map[int64][]string
}

// tagsChanged rereads the tags and refills the list's tag filter.
func (l *questionList) tagsChanged() {
	l.tagF.tags = questionTags(l.ws)
	old := l.tagF.sel.Selected
	opts := append([]string{allTags}, tagsInUse(l.ws)...)
	l.tagF.sel.SetOptions(opts)
	if slices.Contains(opts, old) {
		l.tagF.sel.SetSelected(old)
	} else {
		l.tagF.sel.SetSelectedIndex(0)
	}
	l.refresh()
}

// tagged reports whether q passes the tag filter.
func (l *questionList) tagged(q *assurance.Question) bool {
	t := l.tagF.sel
	return t == nil || t.SelectedIndex() <= 0 || slices.Contains(l.tagF.tags[q.ID], t.Selected)
}
