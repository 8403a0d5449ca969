package export

import (
	"fmt"
	"path/filepath"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// Excel table names: unique, without spaces, and unlike any cell reference.
const (
	TableQuestions = "GuardianQuestions"
	TableActions   = "GuardianActions"
	TableEvidence  = "GuardianEvidence"
	TableChanges   = "GuardianChanges"
)

var questionColumns = []column{
	{"Reference", 9, colText},
	{"Action area", 15, colText},
	{"Question", 36, colText},
	{"Asked of", 14, colText},
	{"Raised", 10.5, colDate},
	{"Raised at meeting", 15, colText},
	{"Due", 10.5, colDate},
	{"Status", 9.5, colText},
	{"Overdue", 8.5, colText},
	{"Response", 36, colText},
	{"Responded", 10.5, colDate},
	{"Assurance level", 12, colLevel},
	{"Guardian's comment", 26, colText},
	{"Open actions", 8, colCount},
	{"Evidence items", 8.5, colCount},
	{"Tags", 16, colText},
}

// questionOverdueCol is the Overdue column, highlighted when "Yes".
const questionOverdueCol = 9

func (e *exporter) areaLabel(q *assurance.Question) string {
	fw := q.Framework
	if fw == "" {
		fw = e.d.fw.ID
	}
	if a := e.cat.Area(fw, q.Area); a != nil {
		return a.Label()
	}
	return q.Area
}

func (e *exporter) meetingLabel(id int64) string {
	if m := e.d.meetingBy[id]; m != nil {
		return m.Label()
	}
	return ""
}

func (e *exporter) writeQuestions(f *excelize.File) error {
	t, err := e.newTitledTable(f, SheetQuestions, TableQuestions, "Questions in this paper", e.questionCols(), nil)
	if err != nil {
		return err
	}
	n := len(e.d.questions)
	for i, q := range e.d.questions {
		if err := e.tick(SheetQuestions, i, n); err != nil {
			return err
		}
		overdue := ""
		if q.Overdue(e.opt.Today) {
			overdue = "Yes"
		}
		err := t.add(append([]any{
			q.Ref, e.areaLabel(q), q.Text, q.AskedOf, serial(q.RaisedOn), e.meetingLabel(q.MeetingID),
			serial(q.DueOn), q.Status.Label(), overdue, q.Response, serial(q.RespondedOn), q.Level,
			q.Comment, q.OpenActions, q.EvidenceCount, e.tagsOf(q),
		}, e.questionPeriodValues(q)...), "")
		if err != nil {
			return err
		}
	}
	e.progress(SheetQuestions, n, n)
	if err := e.highlight(f, t, questionOverdueCol, fmt.Sprintf(`$%s%d="Yes"`, colName(questionOverdueCol), t.headerRow+1)); err != nil {
		return err
	}
	return t.close("There are no questions in the scope of this paper.")
}

var actionColumns = []column{
	{"Question", 10, colText},
	{"Action area", 18, colText},
	{"Action", 50, colText},
	{"Owner", 22, colText},
	{"Due", 11, colDate},
	{"Done", 11, colDate},
	{"State", 12, colText},
	{"Question asked", 50, colText},
}

// Columns of the action tracker the overdue rule reads.
const (
	actionDueCol  = 5
	actionDoneCol = 6
)

func (e *exporter) writeActions(f *excelize.File) error {
	t, err := e.newTitledTable(f, SheetActions, TableActions, "Follow-up actions on the questions in this paper", actionColumns, nil)
	if err != nil {
		return err
	}
	n := len(e.d.actions)
	for i, a := range e.d.actions {
		if err := e.tick(SheetActions, i, n); err != nil {
			return err
		}
		q := e.d.questionBy[a.QuestionID]
		state := "Open"
		switch {
		case a.Done():
			state = "Done"
		case a.Overdue(e.opt.Today):
			state = "Overdue"
		}
		if err := t.add([]any{q.Ref, e.areaLabel(q), a.Text, a.Owner, serial(a.DueOn), serial(a.DoneOn), state, q.Text}, ""); err != nil {
			return err
		}
	}
	e.progress(SheetActions, n, n)
	// Overdue: not done, and due before the date the paper was prepared. The
	// date is fixed rather than TODAY() so that the paper says what it said
	// on the day it went to the board, whenever it is opened.
	r := t.headerRow + 1
	due, done := colName(actionDueCol), colName(actionDoneCol)
	rule := fmt.Sprintf("AND($%s%d=\"\",ISNUMBER($%s%d),$%s%d<DATE(%d,%d,%d))",
		done, r, due, r, due, r, e.opt.Today.Year, int(e.opt.Today.Month), e.opt.Today.Day)
	if err := e.highlight(f, t, 0, rule); err != nil {
		return err
	}
	return t.close("There are no follow-up actions on the questions in the scope of this paper.")
}

// highlight adds the overdue conditional format to one column (col > 0) or
// to whole rows (col 0) of a table, for the rule given as an Excel formula
// written by Guardian, never from user text.
func (e *exporter) highlight(f *excelize.File, t *table, col int, rule string) error {
	if t.row == t.headerRow {
		return nil
	}
	ref := t.ref(col)
	if col == 0 {
		a, _ := excelize.CoordinatesToCellName(1, t.headerRow+1)
		b, _ := excelize.CoordinatesToCellName(len(t.cols), t.row)
		ref = a + ":" + b
	}
	return f.SetConditionalFormat(t.sheet, ref, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: rule, Format: &e.st.overdue},
	})
}

func colName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

var evidenceColumns = []column{
	{"File name", 34, colText},
	{"Question", 10, colText},
	{"Description", 40, colText},
	{"Type", 16, colText},
	{"Size (bytes)", 12, colCount},
	{"Date added", 16, colDateTime},
	{"Added by", 14, colText},
	{"SHA-256 fingerprint", 40, colText},
	{"Kind", 20, colText},
}

func (e *exporter) writeEvidenceRegister(f *excelize.File) error {
	var preamble []preRow
	if e.opt.IncludeEvidence {
		note := fmt.Sprintf("Each file name links to its copy in the folder \"%s\" beside this workbook: keep the two together. The SHA-256 fingerprint lets anyone check that a copy is unaltered.", filepath.Base(e.res.EvidenceDir))
		preamble = []preRow{{cells: []any{e.text(note, e.st.note)}, merge: true, height: rowHeight(2)}}
	}
	t, err := e.newTitledTable(f, SheetEvidence, TableEvidence, "Evidence register", evidenceColumns, preamble)
	if err != nil {
		return err
	}
	n := len(e.d.evidence)
	for i, ev := range e.d.evidence {
		if err := e.tick(SheetEvidence, i, n); err != nil {
			return err
		}
		link := ""
		if e.opt.IncludeEvidence {
			link = evidenceLink(e.res.EvidenceDir, ev)
		}
		err := t.add([]any{ev.Name, ev.QuestionRef, ev.Description, ev.MediaType, ev.Size, serialTime(ev.AddedAt), ev.AddedBy, ev.SHA256, e.kindOf(ev)}, link)
		if err != nil {
			return err
		}
	}
	if t.links == maxLinks && n > maxLinks {
		e.warn("Excel allows %d links on a sheet: the first %d evidence files are linked, and the rest are in the evidence folder by name.", maxLinks, maxLinks)
	}
	e.progress(SheetEvidence, n, n)
	return t.close("There is no evidence on the questions in the scope of this paper.")
}
