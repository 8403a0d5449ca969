package app

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
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
	verb := map[string]string{assurance.AuditCreate: "added", assurance.AuditUpdate: "changed", assurance.AuditDelete: "deleted"}[e.Action]
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

// auditDetails says in a line what changed: the fields that differ, or
// the name or text of what was added or deleted.
func auditDetails(e *assurance.AuditEntry) string {
	before, after := decodeJSON(e.Before), decodeJSON(e.After)
	switch {
	case before == nil && after != nil:
		return describe(after)
	case after == nil && before != nil:
		return describe(before)
	}
	var changed []string
	for k, v := range after {
		switch k {
		case "Version", "UpdatedAt", "CreatedAt", "EvidenceCount", "OpenActions":
			continue
		}
		if !reflect.DeepEqual(before[k], v) {
			changed = append(changed, fmt.Sprintf("%s: %s", k, short(fmt.Sprint(v), 40)))
		}
	}
	slices.Sort(changed)
	if len(changed) == 0 {
		return ""
	}
	return strings.Join(changed, "; ")
}

func describe(m map[string]any) string {
	for _, k := range []string{"Name", "Text", "Title", "Organisation"} {
		if v, ok := m[k].(string); ok && v != "" {
			return short(v, 120)
		}
	}
	return ""
}

func decodeJSON(s string) map[string]any {
	if s == "" {
		return nil
	}
	var m map[string]any
	if json.Unmarshal([]byte(s), &m) != nil {
		return nil
	}
	return m
}

func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
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
	text += ".\n\nBefore:\n" + indentJSON(e.Before) + "\n\nAfter:\n" + indentJSON(e.After)
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	body.Selectable = true
	scroll := container.NewVScroll(body)
	a.ws.ui.showCustom("Audit record", scroll, fyne.NewSize(640, 480))
	a.table.UnselectAll()
}

func indentJSON(s string) string {
	m := decodeJSON(s)
	if m == nil {
		return "(nothing)"
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return string(b)
}
