package app

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/export"
)

// An ICB tags questions to its own staff or commissioned services, filters
// the list by tag and exports a paper for one.
func TestICBTagsFilterTheListAndThePaper(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "How do our own staff reach OH?"), q("2.1", "Do providers report sickness absence?")), false)
	ws := u.ws
	ws.showQuestion(ws.questions[1].ID)
	dlg := openTagsDialog(ws)
	if dlg == nil {
		t.Fatal("no tags dialog")
	}
	dlg.roles.SetSelected([]string{assurance.TagCommissioned})
	test.Tap(button(t, u, "Save"))
	y := assurance.YearOf(ws.store)
	tags, _ := y.QuestionTags(context.Background())
	if len(tags[ws.questions[1].ID]) != 1 || tags[ws.questions[1].ID][0] != assurance.TagCommissioned {
		t.Fatalf("tags saved: %v", tags)
	}
	ws.list.tagF.sel.SetSelected(assurance.TagCommissioned)
	if len(ws.list.rows) != 1 || ws.list.rows[0].Ref != "Q-0002" {
		t.Fatalf("tag filter shows %d rows", len(ws.list.rows))
	}

	test.Tap(ws.list.export)
	x := ws.export
	out := filepath.Join(t.TempDir(), "icb.xlsx")
	x.path.SetText(out)
	x.scope.SetSelected(scopeTag)
	x.tag.SetSelected(assurance.TagCommissioned)
	test.Tap(button(t, u, "Export"))
	settle(u)
	if x.result == nil || x.result.Questions != 1 {
		t.Fatalf("export: %+v %q", x.result, x.stage.Text)
	}
}

func TestCoverSheetEditedInTheExportDialogIsRememberedAndPrinted(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "Does the board see sickness data?")), false)
	ws := u.ws
	ctx := context.Background()
	m := &assurance.Meeting{Kind: assurance.Board, Title: "Public Board", Date: assurance.Today().AddDays(14)}
	if err := ws.store.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	ws.meetingsChanged()
	test.Tap(ws.list.export)
	x := ws.export
	if x.paperFor.Selected != m.Label() {
		t.Fatalf("paper for %q, want the next meeting", x.paperFor.Selected)
	}
	x.onCover()
	c := x.cover
	if bad := unringed(u); len(bad) > 0 {
		t.Errorf("cover sheet: focusable controls without the focus ring: %v", bad)
	}
	c.agenda.SetText("7.2")
	c.lead.SetText("Chief People Officer")
	c.purpose.SetSelected("Assurance")
	c.level.SetSelectedIndex(1) // Reasonable
	c.reason.SetText("Most areas answered with evidence")
	c.cqc.SetSelected([]string{"Well-led"})
	c.equality.SetText("No adverse impact identified")
	c.previously.SetText("People Committee")
	test.Tap(button(t, u, "Save cover sheet"))
	saved, err := assurance.YearOf(ws.store).CoverSheet(ctx, m.ID)
	if err != nil || saved.AgendaItem != "7.2" || saved.Level != assurance.Reasonable || saved.Purpose != "Assurance" || len(saved.CQCDomains) != 1 {
		t.Fatalf("saved cover: %+v, %v", saved, err)
	}
	out := filepath.Join(t.TempDir(), "paper.xlsx")
	x.path.SetText(out)
	test.Tap(button(t, u, "Export"))
	settle(u)
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(export.SheetCover)
	found := map[string]string{}
	for _, r := range rows {
		if len(r) > 1 {
			found[r[0]] = r[1]
		}
	}
	for label, want := range map[string]string{"Agenda item": "7.2", "Executive lead": "Chief People Officer", "Level of assurance": "Reasonable",
		"Links to CQC domains": "Well-led", "Equality impact": "No adverse impact identified", "Previously considered by": "People Committee"} {
		if found[label] != want {
			t.Errorf("cover %s = %q, want %q", label, found[label], want)
		}
	}
}
