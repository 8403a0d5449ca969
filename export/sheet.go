package export

import (
	"fmt"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// printSetup makes a sheet print as a board paper: A4 landscape, one page
// wide, the header row repeated on every page, the security marking at the
// top and "Page N of M" at the foot, nothing under 9 points. titleRow is the row repeated on each
// page (0 for none). It must run before a stream writer is opened on the
// sheet, because the stream writes the sheet properties first.
func (e *exporter) printSetup(f *excelize.File, sheet string, titleRow int) error {
	yes := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes, TabColorRGB: strPtr("FF" + nhsBlue)}); err != nil {
		return err
	}
	size, landscape, wide, tall := 9, "landscape", 1, 0 // 9 is A4; 0 pages tall means as many as needed
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	side, topBottom, hf := 0.4, 0.75, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &topBottom, Bottom: &topBottom, Header: &hf, Footer: &hf,
	}); err != nil {
		return err
	}
	marking := headerText(e.marking(), 80)
	org := headerText(e.organisation(), 60)
	title := headerText(e.title(), 60)
	// A space follows each font-size code: text starting with a digit (such
	// as "2gether NHS Foundation Trust") would otherwise run into the size.
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L&10 " + org + "&C&\"-,Bold\"&12 " + marking + "&R&10 &A",
		OddFooter: "&L&10 " + title + ", " + e.opt.Today.UK() + "&C&\"-,Bold\"&10 " + marking + "&R&10 Page &P of &N",
	}); err != nil {
		return err
	}
	if titleRow > 0 {
		return f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(sheet), titleRow, titleRow),
			Scope:    sheet,
		})
	}
	return nil
}

// headerText makes user text safe in a page header: '&' starts a control
// code there, so it is doubled, and each part is kept to max characters
// (after doubling) so the whole header stays under Excel's 255.
func headerText(s string, max int) string {
	var b strings.Builder
	for _, r := range cleanLine(s) {
		part := string(r)
		if r == '&' {
			part = "&&"
		}
		if b.Len()+len(part) > max-3 {
			b.WriteString("…")
			break
		}
		b.WriteString(part)
	}
	return b.String()
}

// quoteSheet quotes a sheet name for use in a reference.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

func strPtr(s string) *string { return &s }

// column describes one column of a table sheet.
type column struct {
	head  string
	width float64
	kind  colKind
	// detail columns come after the printed ones and stay off the printed
	// page, so that the rest print at a readable size.
	detail bool
}

// maxLines is how many lines of text fit in a row of Excel's greatest
// height; text longer than that would be cut off on paper.
const maxLines = 31 // (409 - 4) / lineHeight, rounded down

type colKind int

const (
	colText     colKind = iota // wrapped text
	colDate                    // a calendar date
	colDateTime                // a moment
	colCount                   // a whole number
	colLevel                   // an assurance level, coloured
)

// table writes a sheet of rows through excelize's StreamWriter, so that ten
// thousand questions cost little memory: a frozen, repeated header row, then
// the rows, then an Excel table with filters over them.
type table struct {
	e         *exporter
	f         *excelize.File
	sw        *excelize.StreamWriter
	sheet     string
	name      string // the Excel table's name
	cols      []column
	headerRow int
	row       int // the last row written
	links     int
	rows      *rowFile // the data rows, spliced in when the workbook is saved
	// answerCols are the columns (from 1) a committee may fill in, unlocked
	// on the protected sheet; levelCol is the one that takes a level.
	answerCols []int
	levelCol   int
	// fullTextCol is the column (from 1) that says a row's text is too long
	// for the printed page and is printed whole on the Full text sheet; 0
	// if the sheet has none.
	fullTextCol int
}

// maxLinks is Excel's limit on hyperlinks in one sheet.
const maxLinks = 65530

// preRow is a row above a table's header, such as a title or a summary.
// A merged row spans the table's width and gets height points (it cannot
// grow by itself).
type preRow struct {
	cells  []any
	merge  bool
	span   int // if set, the first cell is merged across this many columns
	height float64
}

// newTitledTable starts a table sheet under a title in A1, so that a
// screen reader (and anyone printing one sheet) is told what the sheet is
// before its column headings.
func (e *exporter) newTitledTable(f *excelize.File, sheet, name, title string, cols []column, preamble []preRow) (*table, error) {
	head := preRow{cells: e.stampTitleRow([]any{excelize.Cell{StyleID: e.st.heading, Value: title}}, cols), merge: true, height: 24}
	return e.newTable(f, sheet, name, cols, append([]preRow{head}, preamble...))
}

// newTable starts a table sheet. preamble rows (such as a summary) come
// first; the header row follows them.
func (e *exporter) newTable(f *excelize.File, sheet, name string, cols []column, preamble []preRow) (*table, error) {
	headerRow := len(preamble) + 1
	if err := e.printSetup(f, sheet, headerRow); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	t := &table{e: e, f: f, sw: sw, sheet: sheet, name: name, cols: cols, headerRow: headerRow}
	// Widths are set last column first: excelize keeps them in reverse
	// order, and Excel wants them in ascending order.
	for i := len(cols) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, cols[i].width); err != nil {
			return nil, err
		}
	}
	shown := shownColumns(cols)
	if shown < len(cols) {
		if err := sw.SetColVisible(shown+1, len(cols), false); err != nil {
			return nil, err
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, headerRow+1)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: cell, ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for i, p := range preamble {
		var opts []excelize.RowOpts
		if p.height > 0 {
			opts = append(opts, excelize.RowOpts{Height: p.height})
		}
		if err := t.setRow(i+1, p.cells, opts...); err != nil {
			return nil, err
		}
		if p.merge || p.span > 1 {
			a, _ := excelize.CoordinatesToCellName(1, i+1)
			b, _ := excelize.CoordinatesToCellName(max(p.span, 1), i+1)
			if p.merge {
				b, _ = excelize.CoordinatesToCellName(shown, i+1)
			}
			if err := sw.MergeCell(a, b); err != nil {
				return nil, err
			}
		}
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: e.st.header, Value: c.head}
	}
	if err := t.setRow(headerRow, head, excelize.RowOpts{Height: 30}); err != nil {
		return nil, err
	}
	t.row = headerRow
	if t.rows, err = e.rowFile(sheet); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *table) setRow(row int, values []any, opts ...excelize.RowOpts) error {
	cell, _ := excelize.CoordinatesToCellName(1, row)
	return t.sw.SetRow(cell, values, opts...)
}

// text returns a cell holding user text, neutralised: it can never become a
// formula, and it is cut (with a note) only if Excel could not hold it.
func (e *exporter) text(s string, style int) excelize.Cell {
	s, cut := cellText(s)
	if cut {
		e.warn("A piece of text longer than Excel's 32,767-character cell limit was cut short in the workbook; the full text is in the log.")
	}
	if risky(s) {
		style = e.st.quote(style)
	}
	return excelize.Cell{StyleID: style, Value: s}
}

// cells turns row values into styled cells by column kind: strings are
// text, assurance dates are dates, ints are counts.
func (t *table) cells(values []any) []excelize.Cell {
	st := t.e.st
	out := make([]excelize.Cell, len(values))
	for i, v := range values {
		switch t.cols[i].kind {
		case colDate:
			out[i] = excelize.Cell{StyleID: st.date, Value: v}
		case colDateTime:
			out[i] = excelize.Cell{StyleID: st.dateTime, Value: v}
		case colCount:
			out[i] = excelize.Cell{StyleID: st.count, Value: v}
		case colLevel:
			l, _ := v.(assurance.AssuranceLevel)
			if !l.Valid() {
				l = assurance.NotAssessed
			}
			out[i] = excelize.Cell{StyleID: st.level[l], Value: t.e.levelWord(l)}
		default:
			s, _ := v.(string)
			out[i] = t.e.text(s, st.value)
		}
	}
	return out
}

// add writes one row. link, if set, makes the first cell a hyperlink to an
// exported evidence file.
func (t *table) add(values []any, link string) error {
	t.row++
	n := 1
	long := false
	for i, v := range values {
		c := t.cols[i]
		// Row heights follow the printed columns: a detail column's text
		// shows whole in the cell's own view on screen.
		if s, ok := v.(string); ok && c.kind == colText && !c.detail && (len(s) > int(c.width) || strings.Contains(s, "\n")) {
			k := lines(s, c.width)
			n = max(n, k)
			if k > maxLines {
				// The row cannot grow enough to print it all: it is
				// printed whole on the Full text sheet, and the row says so.
				first, _ := values[0].(string)
				t.e.long = append(t.e.long, longText{sheet: t.sheet, ref: first, column: c.head, text: s})
				long = true
			}
		}
	}
	if long && t.fullTextCol > 0 {
		values[t.fullTextCol-1] = fullTextNote
	}
	height := 0.0
	if n > 1 {
		height = rowHeight(n)
	}
	cells := t.cells(values)
	t.openAnswers(cells)
	if link != "" && t.links < maxLinks {
		c := &cells[0]
		c.StyleID = t.e.st.link
		if s, ok := c.Value.(string); ok && risky(s) {
			c.StyleID = t.e.st.quote(c.StyleID)
		}
	}
	if err := t.rows.row(t.row, height, cells); err != nil {
		return err
	}
	if link != "" && t.links < maxLinks {
		t.links++
		// Written with the rows (rowFile.links): excelize's SetCellHyperLink
		// looks through every relationship of the sheet for each new one,
		// which took 9 of 17 CPU-seconds for 20,000 evidence files.
		t.rows.links = append(t.rows.links, rowLink{row: t.row, target: link})
	}
	return nil
}

// ref returns the range of one column's data rows, such as "E2:E120".
func (t *table) ref(col int) string {
	a, _ := excelize.CoordinatesToCellName(col, t.headerRow+1)
	b, _ := excelize.CoordinatesToCellName(col, max(t.row, t.headerRow+1))
	return a + ":" + b
}

// close adds the Excel table with its filter buttons and ends the sheet. A
// table with only a header row makes Excel repair the workbook, so an empty
// table becomes a plain header with a line saying why there are no rows.
func (t *table) close(empty string) error {
	if t.row == t.headerRow {
		t.row++
		if err := t.rows.row(t.row, 0, []excelize.Cell{{StyleID: t.e.st.note, Value: empty}}); err != nil {
			return err
		}
	} else {
		last, _ := excelize.CoordinatesToCellName(shownColumns(t.cols), t.row)
		first, _ := excelize.CoordinatesToCellName(1, t.headerRow)
		no := false
		if err := t.sw.AddTable(&excelize.Table{
			Range: first + ":" + last, Name: t.name, StyleName: "TableStyleLight9",
			ShowRowStripes: &no,
		}); err != nil {
			return err
		}
	}
	t.e.used(t.sheet, len(t.cols), t.row)
	if err := t.printArea(); err != nil {
		return err
	}
	if err := t.protect(); err != nil {
		return err
	}
	return t.sw.Flush()
}

// printArea keeps a table's detail columns off the printed page.
func (t *table) printArea() error {
	printed := 0
	for _, c := range t.cols {
		if !c.detail {
			printed++
		}
	}
	if printed == len(t.cols) {
		return nil
	}
	last, _ := excelize.CoordinatesToCellName(printed, t.row, true)
	return t.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", RefersTo: quoteSheet(t.sheet) + "!$A$1:" + last, Scope: t.sheet,
	})
}
