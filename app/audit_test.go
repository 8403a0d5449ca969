package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// TestAuditViewUsesPlainLabels answers a question and reads the audit tab:
// the row and the full record name each field as the editor does
// ("Responded on"), never by its internal name ("RespondedOn"), and show
// dates and levels as users write them.
func TestAuditViewUsesPlainLabels(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "Does the board see sickness data?")), false)
	ctx := context.Background()
	qs := mustQuestions(t, u.store)
	ans := qs[0]
	ans.Status, ans.Response, ans.RespondedOn, ans.Level = assurance.StatusAnswered, "Quarterly, by ward.", assurance.MustDate("2026-12-03"), assurance.Limited
	if err := u.store.UpdateQuestion(ctx, ans); err != nil {
		t.Fatal(err)
	}
	ws := u.ws
	ws.selectTab(tabAudit)
	ws.audit.refresh()
	row := -1
	for i, e := range ws.audit.entries {
		if e.Action == assurance.AuditUpdate && e.Object == assurance.ObjectQuestion {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("no change of the question among %d audit entries", len(ws.audit.entries))
	}
	internal := []string{"RespondedOn", "AskedOf", "RaisedOn", "UpdatedAt", `"Level"`, "limited", "answered"}
	details := ws.audit.cellText(row, 4)
	for _, want := range []string{"Responded on: 3 Dec 2026", "Assurance level: Not yet assessed → Limited", "Status: Draft → Answered", "Response: Quarterly, by ward."} {
		if !strings.Contains(details, want) {
			t.Errorf("audit row says %q; want %q", details, want)
		}
	}
	for _, bad := range internal {
		if strings.Contains(details, bad) {
			t.Errorf("audit row shows %q: %q", bad, details)
		}
	}
	ws.audit.onSelected(widget.TableCellID{Row: row, Col: 4})
	record := dialogText(u)
	if !strings.Contains(record, "Responded on\n    before: (none)\n    after: 3 Dec 2026") {
		t.Errorf("full record = %q; want the response date under its label", record)
	}
	for _, bad := range append(internal, "{") {
		if strings.Contains(record, bad) {
			t.Errorf("full record shows %q: %q", bad, record)
		}
	}
}
