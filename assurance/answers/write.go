// Package answers takes a committee's answers back into a log. Write makes
// an answer workbook: one row per question with the cells a committee fills
// in (response, date of response, assurance level, comment) unlocked and
// shaded, and per action the date it was done; the rest is protected. Each
// row carries the question's or action's number and version, and the values
// as exported, in hidden columns, and the workbook is stamped with the log's
// identity. Read and Compare then set each field three ways — as exported,
// as edited, as now in the log — so that only fields changed in the
// workbook alone are applied, and fields changed in both are conflicts for
// the Guardian to settle.
//
// Hidden columns and cell values are kept by Excel, LibreOffice and Google
// Sheets when they re-save a workbook; custom document properties are kept
// by Excel and LibreOffice, so the stamp is also written to a hidden sheet.
package answers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// Sheet names: the answer workbook's, and the paper's sheet of questions
// (export.SheetQuestions; its Actions sheet has the same name as ours).
const (
	sheetQuestions      = "Answers"
	sheetActions        = "Actions"
	sheetStamp          = "Guardian"
	sheetPaperQuestions = "Questions"
)

// Columns of the Answers sheet. Visible first; the hidden ones hold the
// question's number and version and the answer fields as exported.
const (
	qRef = iota
	qArea
	qText
	qAskedOf
	qResponse
	qResponded
	qLevel
	qComment
	qID
	qVersion
	qBaseResponse
	qBaseResponded
	qBaseLevel
	qBaseComment
	qColumns
)

// Columns of the Actions sheet.
const (
	aRef = iota
	aText
	aOwner
	aDue
	aDone
	aID
	aVersion
	aBaseDone
	aColumns
)

// Write writes an answer workbook for the questions f selects to path.
func Write(ctx context.Context, r assurance.Reader, info assurance.LogInfo, path string, f assurance.QuestionFilter) (int, error) {
	qs, err := r.Questions(ctx, f)
	if err != nil {
		return 0, err
	}
	acts, err := r.Actions(ctx, 0)
	if err != nil {
		return 0, err
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := write(x, qs, acts, info); err != nil {
		return 0, assurance.WrapError(assurance.EINTERNAL, err, "Cannot write the answer workbook")
	}
	if err := x.SaveAs(path); err != nil {
		return 0, assurance.WrapError(assurance.EINVALID, err, "Cannot save %q", path)
	}
	return len(qs), nil
}

func write(x *excelize.File, qs []*assurance.Question, acts []*assurance.Action, info assurance.LogInfo) error {
	if err := x.SetSheetName("Sheet1", sheetQuestions); err != nil {
		return err
	}
	head, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E2F3"}}})
	if err != nil {
		return err
	}
	locked, err := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	// Cells to fill in are unlocked and shaded, so they are easy to find
	// and the only ones the protected sheet lets anyone change.
	open, err := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Protection: &excelize.Protection{Locked: false},
		Border: []excelize.Border{{Type: "left", Color: "BF9000", Style: 1}, {Type: "right", Color: "BF9000", Style: 1}, {Type: "top", Color: "BF9000", Style: 1}, {Type: "bottom", Color: "BF9000", Style: 1}}})
	if err != nil {
		return err
	}
	openDate, err := x.NewStyle(&excelize.Style{NumFmt: 14, Alignment: &excelize.Alignment{Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Protection: &excelize.Protection{Locked: false},
		Border: []excelize.Border{{Type: "left", Color: "BF9000", Style: 1}, {Type: "right", Color: "BF9000", Style: 1}, {Type: "top", Color: "BF9000", Style: 1}, {Type: "bottom", Color: "BF9000", Style: 1}}})
	if err != nil {
		return err
	}
	byQ := map[int64]*assurance.Question{}
	sh := sheetQuestions
	heads := []any{"Reference", "Action area", "Question", "Asked of", "Response (fill in)", "Date of response (fill in)", "Assurance level (choose)", "Guardian's comment (fill in)",
		assurance.AnswerColID, assurance.AnswerColVersion, assurance.AnswerColResponse, assurance.AnswerColResponded, assurance.AnswerColLevel, assurance.AnswerColComment}
	if err := x.SetSheetRow(sh, "A1", &heads); err != nil {
		return err
	}
	for i, q := range qs {
		byQ[q.ID] = q
		row := []any{q.Ref, q.Area, q.Text, q.AskedOf, q.Response, dateCell(q.RespondedOn), q.Level.Label(), q.Comment,
			q.ID, q.Version, q.Response, q.RespondedOn.String(), q.Level.Label(), q.Comment}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := x.SetSheetRow(sh, cell, &row); err != nil {
			return err
		}
	}
	last := len(qs) + 1
	if err := styleSheet(x, sh, last, qColumns, head, locked, []int{qResponse, qLevel, qComment}, []int{qResponded}, open, openDate, []float64{10, 14, 60, 24, 60, 14, 18, 40}); err != nil {
		return err
	}
	if last > 1 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col(qLevel), col(qLevel), last)
		var labels []string
		for _, l := range assurance.AssuranceLevels {
			labels = append(labels, l.Label())
		}
		if err := dv.SetDropList(labels); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Assurance level", "Choose a level from the list.")
		if err := x.AddDataValidation(sh, dv); err != nil {
			return err
		}
	}

	// Actions, on their own sheet: the date each was done.
	if _, err := x.NewSheet(sheetActions); err != nil {
		return err
	}
	aheads := []any{"Question", "Action", "Owner", "Due", "Done on (fill in)", assurance.AnswerColID, assurance.AnswerColVersion, assurance.AnswerColDone}
	if err := x.SetSheetRow(sheetActions, "A1", &aheads); err != nil {
		return err
	}
	n := 1
	for _, a := range acts {
		q := byQ[a.QuestionID]
		if q == nil {
			continue
		}
		n++
		row := []any{q.Ref, a.Text, a.Owner, dateCell(a.DueOn), dateCell(a.DoneOn), a.ID, a.Version, a.DoneOn.String()}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := x.SetSheetRow(sheetActions, cell, &row); err != nil {
			return err
		}
	}
	if err := styleSheet(x, sheetActions, n, aColumns, head, locked, nil, []int{aDone}, open, openDate, []float64{10, 60, 24, 12, 16}); err != nil {
		return err
	}

	// The stamp: custom properties, and a hidden sheet for programs that drop them.
	if _, err := x.NewSheet(sheetStamp); err != nil {
		return err
	}
	for i, kv := range assurance.AnswerStamp(info, time.Now()) {
		if err := x.SetCustomProps(excelize.CustomProperty{Name: kv.Name, Value: kv.Value}); err != nil {
			return err
		}
		if err := x.SetSheetRow(sheetStamp, "A"+strconv.Itoa(i+1), &[]any{kv.Name, kv.Value}); err != nil {
			return err
		}
	}
	if err := x.SetSheetVisible(sheetStamp, false); err != nil {
		return err
	}
	x.SetActiveSheet(0)
	return nil
}

// styleSheet shades the cells to fill in, hides the bookkeeping columns
// and protects the rest (with no password: anyone may read it).
func styleSheet(x *excelize.File, sh string, last, ncols, head, locked int, openCols, dateCols []int, open, openDate int, widths []float64) error {
	lastCol := col(ncols - 1)
	if err := x.SetCellStyle(sh, "A1", lastCol+"1", head); err != nil {
		return err
	}
	if last > 1 {
		if err := x.SetCellStyle(sh, "A2", fmt.Sprintf("%s%d", lastCol, last), locked); err != nil {
			return err
		}
		for _, c := range openCols {
			if err := x.SetCellStyle(sh, fmt.Sprintf("%s2", col(c)), fmt.Sprintf("%s%d", col(c), last), open); err != nil {
				return err
			}
		}
		for _, c := range dateCols {
			if err := x.SetCellStyle(sh, fmt.Sprintf("%s2", col(c)), fmt.Sprintf("%s%d", col(c), last), openDate); err != nil {
				return err
			}
		}
	}
	for i, w := range widths {
		if err := x.SetColWidth(sh, col(i), col(i), w); err != nil {
			return err
		}
	}
	if err := x.SetColVisible(sh, col(len(widths))+":"+lastCol, false); err != nil {
		return err
	}
	if err := x.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return x.ProtectSheet(sh, &excelize.SheetProtectionOptions{FormatColumns: true, FormatRows: true, SelectLockedCells: true, SelectUnlockedCells: true})
}

func dateCell(d assurance.Date) any {
	if d.IsZero() {
		return ""
	}
	return d.Time()
}

func col(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}
