package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Tab moves through the workspace in the order a sighted reader sees it:
// the framework tree on the left, then the search row, the filters and the
// question table.
func TestTabOrderFollowsTheScreen(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "First?")), false)
	l := u.ws.list
	want := []fyne.Focusable{u.ws.nav.tree, l.search, l.search.ActionItem.(fyne.Focusable), l.newQ, l.export,
		l.status, l.level, l.meeting, l.tagF.sel, l.overdue, l.table}
	c := u.win.Canvas()
	var got []fyne.Focusable
	for range want {
		c.FocusNext()
		got = append(got, c.Focused())
	}
	if !slices.Equal(got, want) {
		t.Errorf("Tab visits\n%v\nwant\n%v", focusNames(got), focusNames(want))
	}
}

func focusNames(fs []fyne.Focusable) []string {
	var out []string
	for _, f := range fs {
		switch v := f.(type) {
		case *focusButton:
			out = append(out, "button "+v.Text)
		case *focusSelect:
			out = append(out, "select "+v.Selected)
		case *focusCheck:
			out = append(out, "check "+v.Text)
		case *focusTree:
			out = append(out, "tree")
		case *focusTable:
			out = append(out, "table")
		case *widget.Entry:
			out = append(out, "entry "+v.PlaceHolder)
		default:
			out = append(out, fmt.Sprintf("%T", f))
		}
	}
	return out
}

// Tabs are not in Fyne's Tab order: Ctrl+Tab and Ctrl+Shift+Tab move
// between the workspace's tabs, Ctrl+Page Down and Up between the open
// question's tabs.
func TestTabsAreReachableFromTheKeyboard(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "First?")), false)
	tabs := u.ws.tabs
	shortcut(u, ctrl(fyne.KeyTab))
	if tabs.SelectedIndex() != tabDashboard {
		t.Errorf("Ctrl+Tab selected tab %d, want the dashboard", tabs.SelectedIndex())
	}
	shortcut(u, ctrlShift(fyne.KeyTab))
	shortcut(u, ctrlShift(fyne.KeyTab)) // round the start to the last tab
	if tabs.SelectedIndex() != tabAudit {
		t.Errorf("Ctrl+Shift+Tab twice selected tab %d, want the audit log", tabs.SelectedIndex())
	}

	// Alt+1 to Alt+6 select the tabs in the order they are shown.
	for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6} {
		shortcut(u, alt(k))
		if tabs.SelectedIndex() != i {
			t.Errorf("Alt+%d selected the tab %q, want %q", i+1, tabs.Selected().Text, tabs.Items[i].Text)
		}
	}
	if n := len(tabs.Items); n != 6 {
		t.Errorf("%d tabs, but Alt+1 to Alt+6 reach 6", n)
	}

	u.ws.showQuestion(u.ws.questions[0].ID)
	e := u.ws.editor
	shortcut(u, ctrl(fyne.KeyPageDown))
	if e.tabs.Selected() != e.evidenceTab {
		t.Errorf("Ctrl+Page Down in the editor selected %q, want Evidence", e.tabs.Selected().Text)
	}
	shortcut(u, ctrl(fyne.KeyPageUp))
	shortcut(u, ctrl(fyne.KeyPageUp))
	if e.tabs.Selected() != e.historyTab {
		t.Errorf("Ctrl+Page Up twice selected %q, want History", e.tabs.Selected().Text)
	}
}

// Every menu item the issue named has a shortcut, no two menu items share
// one, none takes a text field's own (Ctrl+A, C, V, X, Z, Y), and the
// shortcut does what the item does.
func TestMenuShortcutsCoverEveryActionWithoutClashes(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "First?")), false)
	byLabel := map[string]string{}
	seen := map[string]string{}
	for _, k := range []fyne.KeyName{fyne.KeyA, fyne.KeyC, fyne.KeyV, fyne.KeyX, fyne.KeyZ, fyne.KeyY} {
		seen[shortcutText(ctrl(k))] = "text fields"
	}
	for _, m := range u.menu.menu.Items {
		for _, it := range m.Items {
			if it.IsSeparator || it.Shortcut == nil {
				continue
			}
			k := shortcutText(it.Shortcut)
			if other, ok := seen[k]; ok {
				t.Errorf("%s is the shortcut of both %q and %q", k, it.Label, other)
			}
			seen[k] = it.Label
			byLabel[it.Label] = k
		}
	}
	for _, label := range []string{"Log settings…", "Send a copy…", "Restore a backup…", "Delete question…",
		"About Guardian", "Keyboard shortcuts", "Next tab", "Previous tab"} {
		if byLabel[label] == "" {
			t.Errorf("menu item %q has no shortcut", label)
		}
	}

	shortcut(u, ctrl(fyne.KeyF1))
	if !strings.Contains(dialogText(u), "Assurance questions, evidence and board papers") {
		t.Errorf("Ctrl+F1 did not show About Guardian:\n%s", dialogText(u))
	}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		top.Hide()
	}
	shortcut(u, ctrl(fyne.KeyComma))
	if top := u.win.Canvas().Overlays().Top(); top == nil || !top.Visible() || !slices.ContainsFunc(objects(top), func(o fyne.CanvasObject) bool {
		return o == u.ws.settings.org
	}) {
		t.Error("Ctrl+, did not open the log settings")
	}
}

// The search box has a visible label, not only a placeholder that
// disappears as soon as one types.
func TestSearchBoxHasAVisibleLabel(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "First?")), false)
	test.Type(u.ws.list.search, "night")
	for _, o := range objects(u.ws.listUI) {
		if c, ok := o.(*fyne.Container); ok && slices.Contains(c.Objects, fyne.CanvasObject(u.ws.list.search)) {
			for _, s := range c.Objects {
				if l, ok := s.(*widget.Label); ok && l.Visible() && l.Text == "Search" {
					return
				}
			}
		}
	}
	t.Error("no visible label beside the search box")
}

// Ctrl+Shift+D asks before deleting the open question, in a dialog whose
// buttons show the keyboard focus (Fyne's own confirm dialog's do not).
func TestDeleteShortcutAsksWithFocusableButtons(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "First?")), false)
	u.ws.showQuestion(u.ws.questions[0].ID)
	u.menu.refresh()
	shortcut(u, ctrlShift(fyne.KeyD))
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Ctrl+Shift+D showed no dialog")
	}
	var texts []string
	for _, o := range objects(top) {
		if b, ok := o.(*focusButton); ok {
			texts = append(texts, b.Text)
		}
	}
	if !slices.Contains(texts, "Delete") || !slices.Contains(texts, "Keep it") {
		t.Fatalf("delete dialog's ringed buttons = %q, want Delete and Keep it", texts)
	}
	test.Tap(button(t, u, "Delete"))
	if n := len(mustQuestions(t, u.store)); n != 0 {
		t.Errorf("%d questions left after Delete", n)
	}
}
