package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/nhsguardian/guardian/assurance"
)

func TestFrameworkAddedInTheAppTakesQuestionsAndShowsInTheTree(t *testing.T) {
	u, files := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "Default framework question")), false)
	ws := u.ws
	file := filepath.Join(t.TempDir(), "plan.json")
	os.WriteFile(file, []byte(`{"frameworks": [{"id": "northshire-people-plan", "name": "Northshire People Plan", "short_name": "People Plan", "version": "2026",
	  "drivers": [{"id": "1", "title": "Looking after our people", "areas": [
	    {"id": "1.1", "short_title": "Rest spaces", "title": "Rest spaces on every site", "description": "Every site has a rest space open at night."}]}]}]}`), 0o600)
	files.open = file
	ws.onAddFramework()
	if assurance.YearOf(ws.store).Catalogue().Framework("northshire-people-plan") == nil {
		t.Fatal("framework not added")
	}
	// The editor offers its area after the built-in frameworks'.
	want := "People Plan: 1.1 Rest spaces"
	if opts := ws.editor.area.Options; opts[len(opts)-1] != want {
		t.Fatalf("last area offered %q, want %q", opts[len(opts)-1], want)
	}
	test.Tap(ws.list.newQ)
	ws.editor.area.SetSelected(want)
	ws.editor.text.SetText("Are rest spaces open at night?")
	if !ws.editor.onSave() {
		for f, l := range ws.editor.errs {
			if l.Visible() {
				t.Errorf("%s: %s", f, l.Text)
			}
		}
		t.Fatal("not saved")
	}
	saved := ws.questions[len(ws.questions)-1]
	if saved.Framework != "northshire-people-plan" || saved.Area != "1.1" {
		t.Fatalf("saved question: %+v", saved)
	}
	// The tree groups it under its framework; choosing the area scopes the list.
	roots := ws.nav.childUIDs("")
	if roots[len(roots)-1] != "f:northshire-people-plan" {
		t.Fatalf("tree roots %v", roots)
	}
	if text, _, _ := ws.nav.nodeText("b:northshire-people-plan|1.1"); text != "1.1 Rest spaces (1)" {
		t.Fatalf("area node %q", text)
	}
	ws.nav.onSelected("b:northshire-people-plan|1.1")
	if len(ws.list.rows) != 1 || ws.list.rows[0].ID != saved.ID {
		t.Fatalf("area scope shows %d questions", len(ws.list.rows))
	}
	// The default framework's 1.1 no longer shows the other framework's 1.1.
	ws.nav.onSelected("a:1.1")
	if len(ws.list.rows) != 1 || ws.list.rows[0].Framework == "northshire-people-plan" {
		t.Fatalf("default 1.1 shows %+v", ws.list.rows)
	}
	// The dashboard adds the framework's groups and counts its question.
	ws.selectTab(tabDashboard)
	d := ws.dashboard
	last := d.rows[len(d.rows)-1]
	group := d.rows[len(d.rows)-2]
	if group.driver == nil || d.driverText(group.driver) != "People Plan: 1. Looking after our people" || last.area == nil || last.area.Questions != 1 {
		t.Fatalf("dashboard's last rows: %+v %+v", group, last)
	}
	if d.nodeOf(last) != "b:northshire-people-plan|1.1" {
		t.Fatalf("row leads to %q", d.nodeOf(last))
	}
	// A duplicate is refused with the id named, and nothing changes.
	ws.onAddFramework()
	if n := len(assurance.YearOf(ws.store).Catalogue().Frameworks); n != 3 {
		t.Fatalf("%d frameworks after a refused duplicate", n)
	}
}
