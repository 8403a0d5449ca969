package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/nhsguardian/guardian/assurance"
)

func TestLogOnTheRAGScaleShowsRAGWordsAndFilters(t *testing.T) {
	limited := q("4.1", "Weak?")
	limited.Status, limited.Response, limited.Level = assurance.StatusAnswered, "Partly.", assurance.Limited
	strong := q("1.1", "Strong?")
	strong.Status, strong.Response, strong.Level = assurance.StatusAnswered, "Yes.", assurance.Substantial
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, limited, strong), false)
	ws := u.ws
	t.Cleanup(func() { shownScale.Store(nil) })

	ws.settings.show()
	ws.settings.year.scale.SetSelected(assurance.ScaleByID(assurance.ScaleRAG).Name)
	ws.settings.year.org.SetSelected(assurance.OrgICB.Label())
	test.Tap(button(t, u, "Save"))

	if !slices.Contains(ws.list.level.Options, "Amber-red") || slices.Contains(ws.list.level.Options, "Limited") {
		t.Fatalf("filter options %q", ws.list.level.Options)
	}
	if !slices.Contains(ws.editor.level.Options, "Green") {
		t.Fatalf("editor options %q", ws.editor.level.Options)
	}
	ws.list.level.SetSelected("Amber-red")
	if len(ws.list.rows) != 1 || ws.list.rows[0].Level != assurance.Limited {
		t.Fatalf("Amber-red filter shows %d questions", len(ws.list.rows))
	}
	if got := levelColour(assurance.Limited); got != hexColour("ED8B00") {
		t.Fatalf("Amber-red colour %v", got)
	}
	if levelWords(assurance.Limited) != "Amber-red" {
		t.Fatalf("spoken level %q", levelWords(assurance.Limited))
	}
	// Reopening the log keeps its scale.
	path := ws.store.Info().Path
	u.closeStore()
	shownScale.Store(nil)
	u.OpenLog(path, false)
	if levelLabel(assurance.Substantial) != "Green" {
		t.Fatalf("after reopening: %q", levelLabel(assurance.Substantial))
	}
}
