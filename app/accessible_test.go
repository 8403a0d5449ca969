package app

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/nhsguardian/guardian/assurance"
)

// labelled returns the accessibility labels of the objects of type T
// inside o (T being one of Guardian's widgets).
func labelled[T fyne.Accessible](o fyne.CanvasObject) []string {
	var out []string
	for _, x := range objects(o) {
		if a, ok := x.(T); ok && x.Visible() {
			out = append(out, a.AccessibilityLabel())
		}
	}
	return out
}

func a11yLog(t *testing.T) string {
	t.Helper()
	limited := q("1.3", "How is the menopause policy used on wards?")
	limited.Status, limited.Response, limited.RespondedOn = assurance.StatusAsked, "Partly: a pilot on two wards.", assurance.MustDate("2026-09-20")
	limited.Level, limited.DueOn = assurance.Limited, assurance.MustDate("2026-07-22")
	limited.RaisedOn = assurance.MustDate("2026-06-01")
	later := q("2.1", "Who signs off the health and wellbeing plan?")
	later.DueOn = assurance.MustDate("2099-01-31")
	return newTestLog(t, limited, later)
}

// The question table, the tree and the dashboard read as words a screen
// reader user wants: the row, the level, the due date and whether it is
// overdue; the counts and what needs attention.
func TestGuardiansWidgetsReadAsWords(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(a11yLog(t), false)
	ws := u.ws

	cells := labelled[*questionCell](ws.list.table)
	for _, want := range []string{
		"Q-0001, area 1.3, Limited assurance, due 22 July 2026, overdue, Asked",
		"Q-0002, area 2.1, not yet assessed, due 31 January 2099, Draft",
		"Assurance: Limited assurance",
		"Due: 22 July 2026, overdue",
	} {
		if !slices.Contains(cells, want) {
			t.Errorf("no question cell reads %q; they read:\n%s", want, strings.Join(cells, "\n"))
		}
	}
	chips := labelled[*assuranceChip](ws.list.table)
	if !slices.Contains(chips, "Limited assurance") {
		t.Errorf("assurance chips read %q", chips)
	}

	rows := labelled[*navRow](ws.nav.tree)
	area13 := u.fw.Area("1.3").Label()
	if want := area13 + " (1), weakest answer Limited assurance"; !slices.Contains(rows, want) {
		t.Errorf("no tree row reads %q; they read:\n%s", want, strings.Join(rows, "\n"))
	}

	ws.selectTab(tabDashboard)
	figures := labelled[*figureCard](ws.dashboard.cards)
	for _, want := range []string{"Questions: 2", "Overdue: 1, needs attention", "Evidence files: 0"} {
		if !slices.Contains(figures, want) {
			t.Errorf("no dashboard figure reads %q; they read %q", want, figures)
		}
	}
	heat := labelled[*heatCell](ws.dashboard.heatmap)
	for _, want := range []string{
		"Area 1.3, Limited assurance: 1 of 1 question",
		"Area " + area13 + ": 1 question, 0 evidence files, needs attention",
	} {
		if !slices.Contains(heat, want) {
			t.Errorf("no heatmap cell reads %q; they read:\n%s", want, strings.Join(heat[:min(len(heat), 20)], "\n"))
		}
	}
}

// Every widget type Guardian defines says what it is: a widget added
// later without words fails here.
func TestEveryGuardianWidgetIsAccessible(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(a11yLog(t), false)
	u.ws.showQuestion(u.ws.questions[0].ID)
	pkg := reflect.TypeOf(UI{}).PkgPath()
	seen := map[string]bool{}
	for tab := range u.ws.tabs.Items {
		u.ws.selectTab(tab)
		for _, o := range objects(u.win.Content()) {
			typ := reflect.TypeOf(o)
			if typ.Kind() != reflect.Pointer || typ.Elem().PkgPath() != pkg {
				continue
			}
			name := typ.Elem().Name()
			seen[name] = true
			a, ok := o.(fyne.Accessible)
			if !ok {
				t.Errorf("%s is not fyne.Accessible", name)
				continue
			}
			if _, isButton := o.(*focusButton); isButton {
				continue // Fyne's button names its icon when it has no text
			}
			if o.Visible() && a.AccessibilityLabel() == "" && !emptyCell(o) {
				t.Errorf("a visible %s has no accessibility label", name)
			}
		}
	}
	for _, want := range []string{"questionCell", "assuranceChip", "navRow", "figureCard", "heatCell", "focusTree", "focusTable", "focusSelect", "focusCheck", "focusButton"} {
		if !seen[want] {
			t.Errorf("no %s on screen: the test did not look at it", want)
		}
	}
}

// emptyCell: a table keeps spare cells it has not filled.
func emptyCell(o fyne.CanvasObject) bool {
	switch c := o.(type) {
	case *questionCell:
		return c.label.Text == "" && c.chip.Hidden
	case *heatCell:
		return c.label.Text == ""
	}
	return false
}

// bridged is what Fyne 2.8.1's Windows UI Automation bridge
// (internal/driver/glfw/accessibility_windows.go) hands a screen reader:
// the labels of accessible objects that are not containers, found by
// walking plain containers only.
func bridged(o fyne.CanvasObject) []string {
	if o == nil || !o.Visible() {
		return nil
	}
	var out []string
	if a, ok := o.(fyne.Accessible); ok && a.AccessibilityRole() != fyne.AccessibleRoleContainer {
		out = append(out, a.AccessibilityLabel())
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			out = append(out, bridged(child)...)
		}
	}
	return out
}

// What the README says a screen reader gets on Windows today: the start
// screen's text and buttons, and nothing of the workspace.
func TestWhatFynesBridgeReaches(t *testing.T) {
	u, _ := newTestUI(t)
	start := bridged(u.win.Content())
	for _, want := range []string{"Open a log…", "Open read-only…", "Create a new log…", "Recent logs"} {
		if !slices.Contains(start, want) {
			t.Errorf("the start screen does not expose %q; it exposes %q", want, start)
		}
	}
	u.OpenLog(a11yLog(t), false)
	if got := bridged(u.win.Content()); len(got) != 0 {
		t.Errorf("the workspace now exposes %q: Fyne's bridge walks further than the README says; update it", got)
	}
}
