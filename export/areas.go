package export

import (
	"fmt"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// areaColumns are the columns of the Assurance by area sheet.
var areaColumns = []column{
	{"Area", 6, colText, false},
	{"Action area", 40, colText, false},
	{"Questions", 10, colCount, false},
	{"Open", 8, colCount, false},
	{"Overdue", 9, colCount, false},
	{"Latest assurance level", 16, colLevel, false},
	{"Weakest level given", 16, colLevel, false},
	{"Evidence items", 10, colCount, false},
	{"Date last reviewed", 12, colDate, false},
}

// areaHeaderRow is where the column headings sit, under a title and a note.
const areaHeaderRow = 4

// TableAreas is the Excel table of the Assurance by area sheet.
const TableAreas = "GuardianAreas"

// writeAreas writes one row per action area, grouped under its driver, with
// the latest level filled in the agreed colour, then the colour key.
func (e *exporter) writeAreas(f *excelize.File) error {
	sh, st := SheetAreas, e.st
	e.progress(SheetAreas, 0, len(e.d.areas))
	areaColumns := e.areaCols() // with the period columns when the log keeps periods
	if err := e.printSetup(f, sh, areaHeaderRow); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(areaColumns))
	// Title, note and colour key span the printed columns only, so that
	// none of their words fall off the printed page.
	band, _ := excelize.ColumnNumberToName(e.areaPrinted())
	for i, c := range areaColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, c.width); err != nil {
			return err
		}
	}
	if err := e.band(f, sh, 1, band, "Assurance by action area", st.heading, 24); err != nil {
		return err
	}
	note := fmt.Sprintf("%s. Figures as at %s. \"Latest\" is the level given on the most recent response in the area; \"weakest\" is the lowest level given on any question in it. Overdue means still awaiting a response after its due date.%s",
		e.scopeText(), e.opt.Today.UK(), e.periodNote())
	width := 0.0
	for _, c := range areaColumns[:e.areaPrinted()] {
		width += c.width
	}
	if err := e.band(f, sh, 2, band, note, st.note, rowHeight(max(2, lines(note, width)))); err != nil {
		return err
	}
	for i, c := range areaColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, areaHeaderRow)
		if err := e.put(f, sh, cell, c.head, st.header); err != nil {
			return err
		}
	}
	headLines := 2
	for _, c := range areaColumns[:e.areaPrinted()] {
		headLines = max(headLines, lines(c.head, c.width))
	}
	if err := f.SetRowHeight(sh, areaHeaderRow, rowHeight(headLines)); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: areaHeaderRow, TopLeftCell: fmt.Sprintf("A%d", areaHeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := areaHeaderRow
	var driver *assurance.Driver
	for i, c := range e.d.areas {
		if c.Area.Driver != driver {
			driver = c.Area.Driver
			row++
			// Not merged: the driver rows sit inside the Excel table, and
			// the text runs on over the empty cells beside it.
			cells := make([]any, len(areaColumns))
			cells[0] = excelize.Cell{StyleID: st.driverRow, Value: e.driverLabel(driver)}
			for i := 1; i < len(cells); i++ {
				cells[i] = excelize.Cell{StyleID: st.driverRow, Value: ""}
			}
			if err := e.putRow(f, sh, row, cells); err != nil {
				return err
			}
			if err := f.SetRowHeight(sh, row, 20); err != nil {
				return err
			}
		}
		row++
		values := []any{
			excelize.Cell{StyleID: st.value, Value: c.Area.ID},
			e.text(c.Area.Title, st.value),
			excelize.Cell{StyleID: st.count, Value: c.Questions},
			excelize.Cell{StyleID: st.count, Value: c.Open},
			excelize.Cell{StyleID: st.count, Value: c.Overdue},
			excelize.Cell{StyleID: st.level[c.Latest], Value: e.levelWord(c.Latest)},
			excelize.Cell{StyleID: st.level[c.Weakest], Value: e.levelWord(c.Weakest)},
			excelize.Cell{StyleID: st.count, Value: c.Evidence},
			excelize.Cell{StyleID: st.date, Value: serial(c.LastReviewed)},
		}
		for _, cell := range e.areaPeriodCells(c) {
			values = append(values, cell)
		}
		if err := e.putRow(f, sh, row, values); err != nil {
			return err
		}
		// The row is as tall as its longest text: a level's words wrap in
		// the narrow period columns.
		n := 1
		for i, v := range values {
			if s, ok := v.(excelize.Cell).Value.(string); ok && !areaColumns[i].detail {
				n = max(n, lines(s, areaColumns[i].width))
			}
		}
		if err := f.SetRowHeight(sh, row, rowHeight(n)); err != nil {
			return err
		}
		e.progress(SheetAreas, i+1, len(e.d.areas))
	}
	// A real table, so a screen reader announces each cell's column heading.
	if err := addTable(f, sh, TableAreas, fmt.Sprintf("A%d:%s%d", areaHeaderRow, last, row), row > areaHeaderRow); err != nil {
		return err
	}
	row++
	s := e.areaTotals()
	totals := []any{
		excelize.Cell{StyleID: st.label, Value: ""},
		excelize.Cell{StyleID: st.label, Value: "All areas in scope"},
		excelize.Cell{StyleID: st.countBold, Value: s.Questions},
		excelize.Cell{StyleID: st.countBold, Value: s.Open},
		excelize.Cell{StyleID: st.countBold, Value: s.Overdue},
		excelize.Cell{StyleID: st.label, Value: ""},
		excelize.Cell{StyleID: st.label, Value: ""},
		excelize.Cell{StyleID: st.countBold, Value: s.Evidence},
		excelize.Cell{StyleID: st.label, Value: ""},
	}
	if err := e.putRow(f, sh, row, totals); err != nil {
		return err
	}
	e.used(sh, len(areaColumns), row+2+len(assurance.AssuranceLevels))
	if err := e.colourKey(f, sh, row+2, band); err != nil {
		return err
	}
	return e.areaPrintArea(f, row+2+len(assurance.AssuranceLevels))
}

// colourKey documents the agreed colour scale on the sheet itself.
func (e *exporter) colourKey(f *excelize.File, sh string, row int, last string) error {
	st := e.st
	if err := e.band(f, sh, row, last, "Colour scale for assurance levels", st.heading, 22); err != nil {
		return err
	}
	for _, l := range assurance.AssuranceLevels {
		row++
		if err := e.mergedPut(f, sh, "A", "B", row, e.levelWord(l), st.levelBold[l]); err != nil {
			return err
		}
		if err := e.mergedPut(f, sh, "C", last, row, levelMeaning[l], st.value); err != nil {
			return err
		}
		if err := f.SetRowHeight(sh, row, 18); err != nil {
			return err
		}
	}
	return nil
}

// addTable makes a range of a normal sheet an Excel table, if it has rows
// under its header (a table with none makes Excel repair the workbook).
func addTable(f *excelize.File, sh, name, ref string, hasRows bool) error {
	if !hasRows {
		return nil
	}
	no := false
	return f.AddTable(sh, &excelize.Table{Range: ref, Name: name, StyleName: "TableStyleLight9", ShowRowStripes: &no})
}

// band writes text across columns A to last of one row, merged.
func (e *exporter) band(f *excelize.File, sh string, row int, last, text string, style int, height float64) error {
	if err := e.mergedPut(f, sh, "A", last, row, text, style); err != nil {
		return err
	}
	return f.SetRowHeight(sh, row, height)
}

// putRow writes ready-made cells along a row of a normal sheet.
func (e *exporter) putRow(f *excelize.File, sh string, row int, cells []any) error {
	for i, v := range cells {
		c := v.(excelize.Cell)
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		var err error
		if s, ok := c.Value.(string); ok {
			err = f.SetCellStr(sh, cell, s)
		} else {
			err = f.SetCellValue(sh, cell, c.Value)
		}
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, cell, c.StyleID); err != nil {
			return err
		}
	}
	return nil
}
