package export

import (
	"fmt"
	"slices"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// The paper carries a committee's answers back into the log
// (guardianctl import-answers, File → Import answers…, both through
// assurance/answers). Each question and action row holds, in hidden
// columns after the detail columns and outside the print area, its number
// and version and its answer fields as exported; the cells a committee may
// fill are unlocked and outlined in gold, the rest of the sheet protected
// with no password; and the workbook is stamped with the log's identity in
// custom document properties and, for programs that drop those, as
// "name=value" text in hidden cells of the title row.

var (
	questionRoundTripColumns = []column{
		{assurance.AnswerColID, 8, colCount, true},
		{assurance.AnswerColVersion, 8, colCount, true},
		{assurance.AnswerColResponse, 20, colText, true},
		{assurance.AnswerColResponded, 12, colText, true},
		{assurance.AnswerColLevel, 12, colText, true},
		{assurance.AnswerColComment, 20, colText, true},
	}
	actionRoundTripColumns = []column{
		{assurance.AnswerColID, 8, colCount, true},
		{assurance.AnswerColVersion, 8, colCount, true},
		{assurance.AnswerColDone, 12, colText, true},
	}
)

// The columns a committee may fill in: on the question sheet named, since
// the period columns move them in a paper with periods; on the action
// sheet by number (from 1).
var (
	questionAnswerHeads = []string{"Response", questionLevelHead, "Guardian's comment", "Responded"}
	actionAnswerCols    = []int{actionDoneCol}
)

// colNumbers is where each named column sits (from 1) in cols.
func colNumbers(cols []column, heads ...string) []int {
	out := make([]int, len(heads))
	for i, h := range heads {
		j := slices.IndexFunc(cols, func(c column) bool { return c.head == h })
		if j < 0 {
			panic("export: no column " + h) // a programming error: the headings are this package's own
		}
		out[i] = j + 1
	}
	return out
}

// hiddenColumn reports whether a column is one of the round trip's, kept
// hidden wherever it appears.
func hiddenColumn(c column) bool { return slices.Contains(assurance.AnswerColumns, c.head) }

// shownColumns is how many columns come before the hidden ones: the
// columns the Excel table, a merged title and a row's highlight span.
func shownColumns(cols []column) int {
	for i, c := range cols {
		if hiddenColumn(c) {
			return i
		}
	}
	return len(cols)
}

// stampOf is the stamp of a paper exported now from r, or nil when r is
// not a whole log (it cannot say which log it is).
func stampOf(r assurance.Reader, now time.Time) []assurance.StampPart {
	if l, ok := r.(interface{ Info() assurance.LogInfo }); ok {
		return assurance.AnswerStamp(l.Info(), now)
	}
	return nil
}

// stampTitleRow adds the stamp to a title row's cells, in the table's
// hidden columns (outside the merged title).
func (e *exporter) stampTitleRow(cells []any, cols []column) []any {
	h := shownColumns(cols)
	if h == len(cols) || len(e.stamp) == 0 {
		return cells
	}
	out := make([]any, h+len(e.stamp))
	copy(out, cells)
	for i, p := range e.stamp {
		out[h+i] = excelize.Cell{Value: p.Name + "=" + p.Value}
	}
	return out
}

// writeStampProps writes the stamp as custom document properties.
func (e *exporter) writeStampProps(f *excelize.File) error {
	for _, p := range e.stamp {
		if err := f.SetCustomProps(excelize.CustomProperty{Name: p.Name, Value: p.Value}); err != nil {
			return err
		}
	}
	return nil
}

// questionRoundTrip is a question's hidden values: its number, version and
// answer fields as the paper shows them.
func (e *exporter) questionRoundTrip(q *assurance.Question) []any {
	return []any{q.ID, q.Version, q.Response, q.RespondedOn.String(), e.levelWord(q.Level), q.Comment}
}

// openAnswers unlocks and outlines the cells of a row a committee may fill.
func (t *table) openAnswers(cells []excelize.Cell) {
	for _, c := range t.answerCols {
		cells[c-1].StyleID = t.e.st.unlocked(cells[c-1].StyleID)
	}
}

// protect protects a table sheet with no password, leaving its answer
// cells open; the level column takes a list of the log's words.
func (t *table) protect() error {
	if len(t.answerCols) == 0 {
		return nil
	}
	if t.row > t.headerRow {
		for _, c := range t.answerCols {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = t.ref(c)
			dv.SetInput(t.cols[c-1].head, "You may fill this in: Guardian takes it back into the log with Import answers.")
			if c == t.levelCol {
				var words []string
				for _, l := range assurance.AssuranceLevels {
					words = append(words, t.e.levelWord(l))
				}
				if err := dv.SetDropList(words); err != nil {
					return err
				}
				dv.SetError(excelize.DataValidationErrorStyleStop, "Assurance level", "Choose a level from the list.")
			}
			if err := t.f.AddDataValidation(t.sheet, dv); err != nil {
				return fmt.Errorf("answer cells: %w", err)
			}
		}
	}
	return t.f.ProtectSheet(t.sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, AutoFilter: true, Sort: true, FormatColumns: true, FormatRows: true,
	})
}

// goldBorder outlines the cells a committee may fill in.
var goldBorder = []excelize.Border{
	{Type: "left", Color: "BF9000", Style: 1}, {Type: "right", Color: "BF9000", Style: 1},
	{Type: "top", Color: "BF9000", Style: 1}, {Type: "bottom", Color: "BF9000", Style: 1},
}

// unlocked returns style id unlocked and outlined in gold: a cell the
// committee may fill in on the protected sheet. Like quote, it copies the
// cell format record, taking the border and protection of a template
// style made once.
func (s *styles) unlocked(id int) int {
	if u, ok := s.open[id]; ok {
		return u
	}
	if s.openTmpl == 0 {
		tmpl, err := s.f.NewStyle(&excelize.Style{Border: goldBorder, Protection: &excelize.Protection{Locked: false}})
		if err != nil {
			return id
		}
		s.openTmpl = tmpl
	}
	xfs := s.f.Styles.CellXfs
	if xfs == nil || id < 0 || id >= len(xfs.Xf) {
		return id
	}
	xf, tmpl := xfs.Xf[id], xfs.Xf[s.openTmpl]
	yes := true
	xf.Protection, xf.ApplyProtection = tmpl.Protection, &yes
	xf.BorderID, xf.ApplyBorder = tmpl.BorderID, &yes
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	if s.open == nil {
		s.open = map[int]int{}
	}
	s.open[id] = len(xfs.Xf) - 1
	return s.open[id]
}
