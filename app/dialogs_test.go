package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/answers"
)

// ringed reports whether a focusable object shows Guardian's focus ring
// (focus.go). An entry is allowed too: Fyne draws its focused border in
// the theme's primary colour.
func ringed(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *focusButton, *focusSelect, *focusCheck, *radioChoice, *focusTree, *focusTable, *focusList, *widget.Entry,
		*pickList, *nameEntry, *widget.SelectEntry:
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
	return unringedIn(top)
}

// unringedIn lists the focusable objects under root that would show only
// Fyne's faint focus tint.
func unringedIn(top fyne.CanvasObject) []string {
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
	home := t.TempDir()
	t.Setenv("HOME", home)
	os.Mkdir(filepath.Join(home, "Documents"), 0o700)
	u, _ := newTestUI(t)
	path := newTestLog(t, q("1.1", "Does the board see sickness data?"), q("4.1", "What does the survey say?"))
	s, err := testOptions(nil).Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: 1, Name: "absence.csv"}, strings.NewReader("a,b\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.StartPeriod(ctx, &assurance.Period{StartsOn: assurance.MustDate("2026-04-01")}); err != nil {
		t.Fatal(err)
	}
	workbook := filepath.Join(home, "Documents", "answers.xlsx")
	if _, err := answers.Write(ctx, s, s.Info(), workbook, assurance.QuestionFilter{OpenOnly: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	u.OpenLog(path, false)
	settle(u)
	closeDialogs(u)
	ws := u.ws
	files := &fyneFiles{win: u.win}
	evidence := func(show func(p *evidencePanel)) func() {
		return func() {
			ws.showQuestion(1)
			p := ws.editor.evidence
			p.selected = 0
			p.enableButtons()
			show(p)
		}
	}
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
		{"open a file", func() { files.OpenFile("Open a log", []string{LogExtension}, func(string) {}) }},
		{"save a file", func() { files.SaveFile("Save the board paper as", "Paper.xlsx", func(string) {}) }},
		{"answers import", func() { newAnswersDialog(ws).open(workbook) }},
		{"describe evidence", evidence((*evidencePanel).onDescribe)},
		{"kind of evidence", evidence((*evidencePanel).onKind)},
		{"maturity", func() { ws.dashboard.refresh(); ws.dashboard.editMaturity(u.fw.Areas()[0]) }},
		{"unsaved changes", func() {
			ws.showQuestion(1)
			test.Type(ws.editor.askedOf, " and the Chief Nurse")
			ws.showQuestion(2)
		}},
	}
	// The dialogs no other test opens: each must be the one meant.
	titles := map[string]string{
		"open a file":       "Open a log",
		"save a file":       "Save the board paper as",
		"answers import":    "Import a committee's answers",
		"describe evidence": "Describe absence.csv",
		"kind of evidence":  "Kind of evidence: absence.csv",
		"maturity":          "Maturity of 1.1",
		"unsaved changes":   "Unsaved changes",
	}
	for _, d := range dialogs {
		d.show()
		settle(u)
		if want := titles[d.name]; !strings.Contains(dialogText(u), want) {
			t.Errorf("%s: the dialog shown says %q, want %q", d.name, dialogText(u), want)
		}
		if bad := unringed(u); len(bad) > 0 {
			t.Errorf("%s dialog: focusable controls without the focus ring: %v", d.name, bad)
		}
		if len(u.win.Canvas().Overlays().List()) != 1 {
			t.Errorf("%s: %d dialogs shown, want one (the one looked at): %s", d.name, len(u.win.Canvas().Overlays().List()), dialogText(u))
		}
		closeDialogs(u)
		ws.editor.dirty = false
	}

	// The tabs that have forms of their own (Requests, Decisions) too.
	for _, tab := range []int{tabRequests, tabDecisions} {
		ws.selectTab(tab)
		settle(u)
		if bad := unringedIn(ws.tabs.Items[tab].Content); len(bad) > 0 {
			t.Errorf("%s tab: focusable controls without the focus ring: %v", ws.tabs.Items[tab].Text, bad)
		}
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
