package export

import (
	"fmt"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

func (e *exporter) marking() string {
	for _, s := range []string{e.opt.SecurityMarking, e.d.settings.SecurityMarking} {
		if s = cleanLine(s); s != "" {
			return s
		}
	}
	return assurance.DefaultSecurityMarking
}

func (e *exporter) organisation() string {
	return firstNonBlank(e.opt.Organisation, e.d.settings.Organisation)
}

func firstNonBlank(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// preparedBy is the name given, or the Guardian named in the settings.
func (e *exporter) preparedBy() string {
	if p := strings.TrimSpace(e.opt.PreparedBy); p != "" {
		return p
	}
	if g := strings.TrimSpace(e.d.settings.Guardian); g != "" {
		if strings.Contains(strings.ToLower(g), "wellbeing guardian") {
			return g // the name already carries the role
		}
		return g + ", Health and Wellbeing Guardian"
	}
	return "The Health and Wellbeing Guardian"
}

// body is who the paper goes to, as a sentence names it: "Board",
// "People Committee", "senior management team"...
func (e *exporter) body() string {
	if e.d.paper != nil && e.d.paper.Kind != assurance.OtherMeetingKind && e.d.paper.Kind != assurance.Board {
		return e.d.paper.Kind.Label()
	}
	if e.y.ls.Org == assurance.OrgPrimary {
		return e.boardWord()
	}
	return "Board"
}

func (e *exporter) period() string {
	if p := strings.TrimSpace(e.opt.Period); p != "" {
		return p
	}
	w := e.window()
	if w.previous != nil {
		return fmt.Sprintf("%s to %s (since the previous %s)", w.from.AddDays(1).UK(), w.to.UK(), e.kindLabel(w.previous.Kind))
	}
	return "All questions in the log, to " + w.to.UK()
}

func (e *exporter) purpose() string {
	return firstNonBlank(e.opt.Purpose,
		"Assurance. To give the "+e.body()+" the health and wellbeing guardian's view of the assurance received on the health and wellbeing of staff, against the action areas of "+e.d.fw.Name+".")
}

func (e *exporter) recommendation() string {
	return firstNonBlank(e.opt.Recommendation,
		"The "+e.body()+" is asked to note the assurance reported in each action area, to consider the areas where assurance is Limited or absent and the responses that are overdue, and to agree any further actions.")
}

func (e *exporter) executiveSummary() string {
	if s := strings.TrimSpace(e.opt.ExecutiveSummary); s != "" {
		return s
	}
	s := e.areaTotals()
	covered := len(e.d.areas) - len(s.NoQuestions)
	text := fmt.Sprintf("%s logged against %d of the %d action areas in scope; %d %s open and %d %s overdue for a response.",
		plural(s.Questions, "question is", "questions are"), covered, len(e.d.areas),
		s.Open, verb(s.Open), s.Overdue, verb(s.Overdue))
	if weak := s.OnlyWeak; len(weak) > 0 {
		text += fmt.Sprintf(" In %s every assessed response gave Limited or No assurance: %s.", plural(len(weak), "area", "areas"), e.areaList(weak))
	}
	if none := s.NoQuestions; len(none) > 0 {
		text += fmt.Sprintf(" %s no question yet.", capital(plural(len(none), "area has", "areas have")))
	}
	return text
}

func verb(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// areasWith keeps the areas of list that are in scope.
func (e *exporter) areasWith(list []*assurance.ActionArea) []*assurance.ActionArea {
	var out []*assurance.ActionArea
	for _, a := range list {
		if e.d.driver == nil || a.Driver == e.d.driver {
			out = append(out, a)
		}
	}
	return out
}

func (e *exporter) areaList(areas []*assurance.ActionArea) string {
	if len(areas) == 0 {
		return "None"
	}
	labels := make([]string, len(areas))
	for i, a := range areas {
		labels[i] = e.areaName(a)
	}
	return strings.Join(labels, "; ")
}

// Cover sheet geometry: a wide label column and seven number columns.
const (
	coverLastCol = "H"
	coverLabelW  = 36.0
	coverNumW    = 13.0
	coverValueW  = coverNumW * 7 // columns B:H, merged for values
	lineHeight   = 13.0          // points per line of 10-point Arial
)

// put writes a value with a style on a normal (not streamed) sheet; strings
// go through the same neutralising as every streamed cell.
func (e *exporter) put(f *excelize.File, sheet, cell string, v any, style int) error {
	if s, ok := v.(string); ok {
		c := e.text(s, style)
		if err := f.SetCellStr(sheet, cell, c.Value.(string)); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, c.StyleID)
	}
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, cell, cell, style)
}

// A column of width w holds about 1.3w - 2 characters of 10-point Arial
// (measured on LibreOffice's rendering: the 2 is the cell's padding). The
// estimate stays on the cautious side, because a row a little too tall
// prints better than one that hides the end of a response.
const (
	charsPerWidth = 1.25
	cellPadding   = 2
)

// lines estimates how many lines text takes when word-wrapped in a column of
// the given width. Rows are given heights from it because neither Excel (for
// merged cells) nor LibreOffice (for streamed rows) grows them by itself.
func lines(text string, width float64) int {
	capacity := max(1, int(width*charsPerWidth-cellPadding))
	n, col, word := 1, 0, 0 // lines so far, characters on this line, in this word
	endWord := func() {
		switch {
		case word == 0:
		case col == 0:
			col = word
		case col+1+word <= capacity:
			col += 1 + word
		default:
			n++
			col = word
		}
		for col > capacity { // a word longer than the line breaks anywhere
			n++
			col -= capacity
		}
		word = 0
	}
	for _, r := range text {
		switch r {
		case '\n':
			endWord()
			n++
			col = 0
		case ' ', '\t':
			endWord()
		default:
			word++
		}
	}
	endWord()
	return n
}

// rowHeight is the height in points of a row of n lines, within Excel's
// limit of 409 points.
func rowHeight(n int) float64 { return min(409, lineHeight*float64(n)+4) }

func (e *exporter) writeCover(f *excelize.File) error {
	sh := SheetCover
	e.progress("Cover", 0, 1)
	if err := e.printSetup(f, sh, 0); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "A", "A", coverLabelW); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", coverLastCol, coverNumW); err != nil {
		return err
	}
	if err := f.SetSheetView(sh, 0, &excelize.ViewOptions{ShowGridLines: boolPtr(false)}); err != nil {
		return err
	}
	row := 4 // under the title and organisation bands
	field := func(label string, v any, style int) error {
		if err := e.put(f, sh, fmt.Sprintf("A%d", row), label, e.st.label); err != nil {
			return err
		}
		if err := e.mergedPut(f, sh, "B", coverLastCol, row, v, style); err != nil {
			return err
		}
		n := 1
		if s, ok := v.(string); ok {
			n = max(lines(s, coverValueW), lines(label, coverLabelW))
		}
		err := f.SetRowHeight(sh, row, rowHeight(n))
		row++
		return err
	}

	if err := e.band(f, sh, 1, coverLastCol, e.title(), e.st.title, 40); err != nil {
		return err
	}
	if err := e.band(f, sh, 2, coverLastCol, e.organisation(), e.st.subtitle, 24); err != nil {
		return err
	}
	meeting, meetingDate := "Not prepared for a particular meeting", any(nil)
	if m := e.d.paper; m != nil {
		meeting = e.kindLabel(m.Kind)
		if m.Title != "" {
			meeting += ": " + m.Title
		}
		meetingDate = serial(m.Date)
	}
	fields := e.coverFields(meeting, meetingDate)
	for _, fl := range fields {
		if err := field(fl.label, fl.v, fl.style); err != nil {
			return err
		}
	}
	last, err := e.coverFigures(f, row+1)
	if err != nil {
		return err
	}
	e.used(sh, 8, last) // columns A:H
	e.progress("Cover", 1, 1)
	return nil
}

func boolPtr(b bool) *bool { return &b }

// coverFigures writes the summary figures and the chart, from row on.
func (e *exporter) coverFigures(f *excelize.File, row int) (int, error) {
	sh, s, st := SheetCover, e.areaTotals(), e.st
	// The figures start a page of their own, so the cover sheet's words
	// stand alone on the first page as boards expect.
	if err := f.InsertPageBreak(sh, fmt.Sprintf("A%d", row)); err != nil {
		return row, err
	}
	if err := e.heading(f, sh, row, "Summary figures"); err != nil {
		return row, err
	}
	row++
	top := row
	// Three blocks side by side: by status (A:B), by level (C:E), key figures (F:H).
	type line struct {
		label string
		n     int
		style int
	}
	status := []line{}
	for _, x := range assurance.Statuses {
		status = append(status, line{x.Label(), s.ByStatus[x], st.value})
	}
	status = append(status, line{"Total questions", s.Questions, st.label})
	levels := []line{}
	for _, l := range assurance.AssuranceLevels {
		levels = append(levels, line{e.levelWord(l), s.ByLevel[l], st.level[l]})
	}
	openActions := 0
	for _, a := range e.d.actions {
		if !a.Done() {
			openActions++
		}
	}
	key := []line{
		{"Open questions", s.Open, st.value},
		{"Overdue for a response", s.Overdue, st.value},
		{"Open actions", openActions, st.value},
		{"Evidence items", s.Evidence, st.value},
		{"Areas with no question", len(s.NoQuestions), st.value},
		{"Areas with only Limited or No assurance", len(s.OnlyWeak), st.value},
	}
	blocks := []struct {
		title       string
		from, to, n string // label columns from:to, number column n
		lines       []line
	}{
		{"Questions by status", "A", "A", "B", status},
		{"Questions by assurance level", "C", "D", "E", levels},
		{"Key figures", "F", "G", "H", key},
	}
	bottom := row
	for _, b := range blocks {
		r := top
		if err := e.mergedPut(f, sh, b.from, b.n, r, b.title, st.label); err != nil {
			return row, err
		}
		for _, l := range b.lines {
			r++
			if err := e.mergedPut(f, sh, b.from, b.to, r, l.label, l.style); err != nil {
				return row, err
			}
			numStyle := st.count
			if l.style == st.label {
				numStyle = st.countBold
			}
			if err := e.put(f, sh, fmt.Sprintf("%s%d", b.n, r), l.n, numStyle); err != nil {
				return row, err
			}
		}
		bottom = max(bottom, r)
	}
	// The longest key-figure label needs two lines in its merged cell.
	if err := f.SetRowHeight(sh, top+len(key), rowHeight(2)); err != nil {
		return row, err
	}
	row = bottom + 2
	for _, l := range []struct {
		label string
		areas []*assurance.ActionArea
	}{
		{"Areas with no question", s.NoQuestions},
		{"Areas with only Limited or No assurance", s.OnlyWeak},
	} {
		text := e.areaList(l.areas)
		if err := e.put(f, sh, fmt.Sprintf("A%d", row), l.label, st.label); err != nil {
			return row, err
		}
		if err := e.mergedPut(f, sh, "B", coverLastCol, row, text, st.value); err != nil {
			return row, err
		}
		if err := f.SetRowHeight(sh, row, rowHeight(max(lines(text, coverValueW), lines(l.label, coverLabelW)))); err != nil {
			return row, err
		}
		row++
	}
	row++
	return e.coverChart(f, row)
}

// mergedPut writes v into columns from:to of row, merged when they differ.
func (e *exporter) mergedPut(f *excelize.File, sh, from, to string, row int, v any, style int) error {
	a, b := fmt.Sprintf("%s%d", from, row), fmt.Sprintf("%s%d", to, row)
	if from != to {
		if err := f.MergeCell(sh, a, b); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, a, b, style); err != nil {
			return err
		}
	}
	return e.put(f, sh, a, v, style)
}

func (e *exporter) heading(f *excelize.File, sh string, row int, text string) error {
	if err := e.mergedPut(f, sh, "A", coverLastCol, row, text, e.st.heading); err != nil {
		return err
	}
	return f.SetRowHeight(sh, row, 22)
}

// TableLevelsByDriver is the Excel table the cover's chart is drawn from.
const TableLevelsByDriver = "GuardianLevelsByDriver"

// chartAltText says in words what the chart shows, for readers who cannot
// see it: a screen reader reads it when the chart is reached.
func (e *exporter) chartAltText(byDriver map[*assurance.Driver]map[assurance.AssuranceLevel]int) string {
	var b strings.Builder
	b.WriteString("Stacked bar chart of the number of questions at each assurance level, one bar for each driver")
	if len(e.y.others) > 0 {
		b.WriteString(" and for each group of the other frameworks")
	}
	b.WriteString(".")
	for _, d := range e.chartDrivers() {
		fmt.Fprintf(&b, " Driver %s:", e.groupLabel(d))
		for i, l := range assurance.AssuranceLevels {
			sep := ","
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(&b, "%s %d %s", sep, byDriver[d][l], e.levelWord(l))
		}
		b.WriteString(".")
	}
	b.WriteString(" The same figures are in the table above the chart.")
	return b.String()
}

// coverChart writes the table of assurance levels by driver and a stacked
// bar chart drawn from it, coloured with the agreed scale.
func (e *exporter) coverChart(f *excelize.File, row int) (int, error) {
	sh, st := SheetCover, e.st
	if len(e.y.others) > 0 {
		// With other frameworks' groups the table is too long to share
		// the figures' page: it starts its own, so it is never split.
		if err := f.InsertPageBreak(sh, fmt.Sprintf("A%d", row)); err != nil {
			return row, err
		}
	}
	if err := e.heading(f, sh, row, "Assurance levels by driver (number of questions at each level)"); err != nil {
		return row, err
	}
	row++
	head := row
	if err := e.put(f, sh, fmt.Sprintf("A%d", row), "Driver", st.header); err != nil {
		return row, err
	}
	for i, l := range assurance.AssuranceLevels {
		cell, _ := excelize.CoordinatesToCellName(i+2, row)
		if err := e.put(f, sh, cell, e.levelWord(l), st.header); err != nil {
			return row, err
		}
	}
	totalCol, _ := excelize.ColumnNumberToName(len(assurance.AssuranceLevels) + 2)
	if err := e.put(f, sh, fmt.Sprintf("%s%d", totalCol, row), "Total", st.header); err != nil {
		return row, err
	}
	if err := f.SetRowHeight(sh, row, rowHeight(2)); err != nil {
		return row, err
	}
	byDriver := map[*assurance.Driver]map[assurance.AssuranceLevel]int{}
	for _, c := range e.d.areas {
		m := byDriver[c.Area.Driver]
		if m == nil {
			m = map[assurance.AssuranceLevel]int{}
			byDriver[c.Area.Driver] = m
		}
		for l, n := range c.Levels {
			m[l] += n
		}
	}
	for _, d := range e.chartDrivers() {
		row++
		if err := e.put(f, sh, fmt.Sprintf("A%d", row), e.groupLabel(d), st.value); err != nil {
			return row, err
		}
		total := 0
		for i, l := range assurance.AssuranceLevels {
			cell, _ := excelize.CoordinatesToCellName(i+2, row)
			total += byDriver[d][l]
			if err := e.put(f, sh, cell, byDriver[d][l], st.count); err != nil {
				return row, err
			}
		}
		if err := e.put(f, sh, fmt.Sprintf("%s%d", totalCol, row), total, st.countBold); err != nil {
			return row, err
		}
		if err := f.SetRowHeight(sh, row, rowHeight(lines(e.groupLabel(d), coverLabelW))); err != nil {
			return row, err
		}
	}
	if err := addTable(f, sh, TableLevelsByDriver, fmt.Sprintf("A%d:%s%d", head, totalCol, row), row > head); err != nil {
		return row, err
	}
	var series []excelize.ChartSeries
	q := quoteSheet(sh)
	for i, l := range assurance.AssuranceLevels {
		col, _ := excelize.ColumnNumberToName(i + 2)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", q, col, head),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", q, head+1, row),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", q, col, head+1, col, row),
			Fill:       solid(e.y.scale.Fill(l)),
		})
	}
	// The chart has a page to itself, so it is never split and prints large.
	row += 2
	if err := f.InsertPageBreak(sh, fmt.Sprintf("A%d", row)); err != nil {
		return row, err
	}
	gap, overlap := uint(60), 100
	err := f.AddChart(sh, fmt.Sprintf("A%d", row), &excelize.Chart{
		Type:   excelize.BarStacked,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: "Assurance levels by driver", Font: &excelize.Font{Family: fontFamily, Bold: true, Size: 12, Color: nhsDarkBlue},
		}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		XAxis:  excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Family: fontFamily, Size: 9, Color: black}},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Font: excelize.Font{Family: fontFamily, Size: 9, Color: black},
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Number of questions", Font: &excelize.Font{Family: fontFamily, Size: 9}}}}},
		Dimension: excelize.ChartDimension{Width: 960, Height: 520},
		Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 4, AltText: e.chartAltText(byDriver)},
		GapWidth:  &gap,
		Overlap:   &overlap,
	})
	return row + 28, err
}
