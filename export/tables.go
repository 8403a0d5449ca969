package export

import (
	"fmt"
	"path/filepath"
	"slices"

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

// questionColumns: the columns a board member reads come first and print;
// the detail columns after them stay in the workbook but outside the print
// area, so that the printed page keeps 10-point text at no less than 9
// points once fitted to the width of A4.
var questionColumns = []column{
	{"Reference", 8.5, colText, false},
	{"Action area", 12, colText, false},
	{"Question", 27, colText, false},
	{"Status", 9, colText, false},
	{"Overdue", 8, colText, false},
	{"Response", 28, colText, false},
	{"Assurance level", 10, colLevel, false},
	{"Guardian's comment", 16, colText, false},
	{"Full text", 8, colText, false},
	{"Asked of", 14, colText, true},
	{"Raised", 10.5, colDate, true},
	{"Raised at meeting", 15, colText, true},
	{"Due", 10.5, colDate, true},
	{"Responded", 10.5, colDate, true},
	{"Open actions", 8, colCount, true},
	{"Evidence items", 8.5, colCount, true},
	{"Tags", 16, colText, true},
}

// questionOverdueCol is the Overdue column, highlighted when "Yes";
// questionFullTextCol says when a text is printed in full on the Full text
// sheet.
const (
	questionOverdueCol  = 5
	questionFullTextCol = 9
)

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
	cols := slices.Concat(e.questionCols(), questionRoundTripColumns)
	t, err := e.newTitledTable(f, SheetQuestions, TableQuestions, "Questions in this paper", cols, nil)
	if err != nil {
		return err
	}
	t.fullTextCol = e.questionFullTextCol()
	t.answerCols, t.levelCol = colNumbers(cols, questionAnswerHeads...), colNumbers(cols, questionLevelHead)[0]
	n := len(e.d.questions)
	for i, q := range e.d.questions {
		if err := e.tick(SheetQuestions, i, n); err != nil {
			return err
		}
		overdue := ""
		if q.Overdue(e.opt.Today) {
			overdue = "Yes"
		}
		err := t.add(slices.Concat(e.withPeriodValues(q, []any{
			q.Ref, e.areaLabel(q), q.Text, q.Status.Label(), overdue, q.Response, q.Level, q.Comment, "",
			q.AskedOf, serial(q.RaisedOn), e.meetingLabel(q.MeetingID), serial(q.DueOn), serial(q.RespondedOn),
			q.OpenActions, q.EvidenceCount, e.tagsOf(q),
		}), e.questionRoundTrip(q)), "")
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

// actionColumns: the question's text is for reading on screen; on paper
// the reference says which question it is.
var actionColumns = []column{
	{"Question", 9, colText, false},
	{"Action area", 16, colText, false},
	{"Action", 44, colText, false},
	{"Owner", 20, colText, false},
	{"Due", 10.5, colDate, false},
	{"Done", 10.5, colDate, false},
	{"State", 10, colText, false},
	{"Question asked", 50, colText, true},
}

// Columns of the action tracker the overdue rule reads.
const (
	actionDueCol  = 5
	actionDoneCol = 6
)

func (e *exporter) writeActions(f *excelize.File) error {
	t, err := e.newTitledTable(f, SheetActions, TableActions, "Follow-up actions on the questions in this paper", slices.Concat(actionColumns, actionRoundTripColumns), nil)
	if err != nil {
		return err
	}
	t.answerCols = actionAnswerCols
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
		if err := t.add([]any{q.Ref, e.areaLabel(q), a.Text, a.Owner, serial(a.DueOn), serial(a.DoneOn), state, q.Text, a.ID, a.Version, a.DoneOn.String()}, ""); err != nil {
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
		b, _ := excelize.CoordinatesToCellName(shownColumns(t.cols), t.row)
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

// evidenceColumns: the fingerprint is for checking copies, not for reading
// on paper.
var evidenceColumns = []column{
	{"File name", 30, colText, false},
	{"Question", 9, colText, false},
	{"Description", 36, colText, false},
	{"Type", 14, colText, false},
	{"Size (bytes)", 11, colCount, false},
	{"Date added", 15, colDateTime, false},
	{"Added by", 13, colText, false},
	{"SHA-256 fingerprint", 40, colText, true},
	{"Kind", 20, colText, true},
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
			link = e.evidenceLink(ev)
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
