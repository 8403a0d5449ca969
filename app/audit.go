package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// auditView lists audit entries, newest first: for the whole log (the Audit
// log tab) or for one question (the editor's History tab).
type auditView struct {
	ws         *workspace
	questionID int64 // 0 for the whole log
	entries    []*assurance.AuditEntry
	table      *focusTable
	count      *widget.Label
}

// auditLimit keeps the whole-log view quick on a log with years of history.
const auditLimit = 2000

var auditColumns = []column{{"When", 140}, {"Who", 110}, {"Change", 150}, {"Question", 80}, {"Details", 420}}

// newAuditView shows the audit log of question qid; 0 means the whole log
// and -1 a question chosen later.
func newAuditView(ws *workspace, qid int64) *auditView {
	return &auditView{ws: ws, questionID: qid}
}

func (a *auditView) buildUI() fyne.CanvasObject {
	a.count = widget.NewLabel("")
	a.table = newTextTable(auditColumns, a.ws.ui.theme.scale, func() int { return len(a.entries) }, a.cellText, a.onSelected)
	a.table.name = "Audit log of every change"
	a.table.stretch(auditColumns, len(auditColumns)-1, a.ws.scale) // Details
	if a.questionID != 0 {
		a.table.name = "History of this question"
	}
	return border(a.count, nil, nil, nil, a.table)
}

func (a *auditView) refresh() {
	if a.table == nil || a.questionID < 0 {
		return
	}
	f := assurance.AuditFilter{QuestionID: a.questionID}
	if a.questionID == 0 {
		f.Limit = auditLimit
	}
	entries, err := a.ws.store.Audit(a.ws.ui.ctx(), f)
	if err != nil {
		a.ws.ui.showError("Could not read the audit log", err)
		return
	}
	a.entries = entries
	text := fmt.Sprintf("%d changes recorded. Choose a row to see the full record.", len(entries))
	if a.questionID == 0 && len(entries) == auditLimit {
		text = fmt.Sprintf("The latest %d changes. Choose a row to see the full record.", auditLimit)
	}
	a.count.SetText(text)
	a.table.UnselectAll()
	a.table.Refresh()
}

func (a *auditView) cellText(row, col int) string {
	e := a.entries[row]
	var text string
	switch col {
	case 0:
		text = e.At.Local().Format("2 Jan 2006 15:04")
	case 1:
		text = e.Actor
	case 2:
		text = changeLabel(e)
	case 3:
		text = e.Ref
	case 4:
		text = auditDetails(e)
	}
	return text
}

func changeLabel(e *assurance.AuditEntry) string {
	verb := map[string]string{assurance.AuditCreate: "added", assurance.AuditUpdate: "changed", assurance.AuditDelete: "deleted",
		assurance.AuditClose: "closed", assurance.AuditReopen: "reopened"}[e.Action]
	if e.Object == assurance.ObjectPeriod && e.Action == assurance.AuditCreate {
		verb = "started"
	}
	if e.Object == assurance.ObjectEvidence && e.Action == assurance.AuditCreate {
		verb = "attached"
	}
	if e.Object == assurance.ObjectEvidence && e.Action == assurance.AuditDelete {
		verb = "removed"
	}
	if verb == "" {
		verb = e.Action
	}
	obj := strings.ToUpper(e.Object[:min(1, len(e.Object))]) + e.Object[min(1, len(e.Object)):]
	return obj + " " + verb
}

// auditDetails says in a line what changed: the fields that differ, under
// the labels the forms use, or the name or text of what was added or
// deleted.
func auditDetails(e *assurance.AuditEntry) string {
	c, _ := assurance.DecodeAudit(e) // shown as far as it can be read; onSelected reports the rest
	return c.Line(40)
}

// onSelected shows one entry's full before and after.
func (a *auditView) onSelected(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(a.entries) {
		return
	}
	e := a.entries[id.Row]
	text := fmt.Sprintf("%s by %s on %s", changeLabel(e), e.Actor, e.At.Local().Format("2 January 2006 at 15:04:05"))
	if e.Ref != "" {
		text += ", question " + e.Ref
	}
	c, err := assurance.DecodeAudit(e)
	if err != nil {
		fyne.LogError("audit", err)
		text += "\n\nPart of this record could not be read."
	}
	text += "\n\n" + auditRecord(e, c)
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	body.Selectable = true
	scroll := container.NewVScroll(body)
	a.ws.ui.showCustom("Audit record", scroll, fyne.NewSize(640, 480))
	a.table.UnselectAll()
}

// auditRecord lists an entry's fields one to a line, under their labels:
// what an addition was given, what a deletion had, or each field a change
// touched with its value before and after.
func auditRecord(e *assurance.AuditEntry, c *assurance.AuditChange) string {
	if len(c.Fields) == 0 {
		return "No field changed."
	}
	var b strings.Builder
	for _, f := range c.Fields {
		switch e.Action {
		case assurance.AuditCreate:
			fmt.Fprintf(&b, "%s: %s\n", f.Label, f.After)
		case assurance.AuditDelete:
			fmt.Fprintf(&b, "%s: %s\n", f.Label, f.Before)
		default:
			fmt.Fprintf(&b, "%s\n    before: %s\n    after: %s\n", f.Label, orNone(f.Before), orNone(f.After))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
