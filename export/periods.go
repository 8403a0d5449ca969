package export

import (
	"slices"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// periodData is what a paper shows of a log's reporting periods: each
// area's and question's level in the period before beside this one, the
// trend, and the areas' maturity. nil when the log keeps no periods (or
// the Reader offers none), and the paper then has no period columns.
type periodData struct {
	current *assurance.Period
	window  []*assurance.Period // the last TrendWindow periods, oldest first
	trends  map[string]*assurance.AreaTrend
	// previous is each question's latest answer before the current
	// period, within the window.
	previous map[int64]*assurance.PeriodAnswer
	// inCurrent holds the questions asked in the current period.
	inCurrent map[int64]bool
	maturity  map[string]*assurance.AreaMaturity
}

// loadPeriods reads the periods, if the Reader keeps them.
func (e *exporter) loadPeriods() (*periodData, error) {
	pr, ok := e.r.(assurance.PeriodReader)
	if !ok {
		return nil, nil
	}
	ps, err := pr.Periods(e.ctx)
	if err != nil || len(ps) == 0 {
		return nil, wrapRead("reporting periods", err)
	}
	p := &periodData{current: ps[len(ps)-1], window: ps[max(0, len(ps)-assurance.TrendWindow):],
		previous: map[int64]*assurance.PeriodAnswer{}, inCurrent: map[int64]bool{}, maturity: map[string]*assurance.AreaMaturity{}}
	answers := map[int64][]*assurance.PeriodAnswer{}
	for _, per := range p.window {
		if answers[per.ID], err = pr.LevelsIn(e.ctx, per.ID); err != nil {
			return nil, wrapRead("answers by period", err)
		}
		for _, a := range answers[per.ID] {
			if per == p.current {
				p.inCurrent[a.QuestionID] = true
			} else {
				p.previous[a.QuestionID] = a // oldest first: the latest wins
			}
		}
	}
	p.trends = assurance.AreaTrends(p.window, answers)
	ms, err := pr.Maturity(e.ctx, p.current.ID)
	if err != nil {
		return nil, wrapRead("maturity", err)
	}
	for _, m := range ms {
		p.maturity[assurance.AreaKey(m.Framework, m.Area)] = m
	}
	return p, nil
}

// Columns the area and question sheets gain when the log keeps periods.
var (
	areaPeriodColumns = []column{
		{"Previous level", 14, colLevel, false},
		{"Current level", 14, colLevel, false},
		{"Trend", 10, colText, false},
		{"Maturity (self-assessed)", 15, colText, false},
		{"Guardian's comment on maturity", 30, colText, true},
	}
	// The question sheet's period columns print: the previous level just
	// before the Assurance level (this period's) and the trend just after,
	// so a board member reads the three together. The longer texts give
	// up the width (questionNarrower), so the printed columns still fit
	// A4 landscape at about 94% (text at 9.4 points; LibreOffice prints a
	// column of width w about 7.8w + 5 pixels wide, and A4 landscape
	// holds 1,045 at 100%).
	questionPrevious = column{"Previous level", 10, colLevel, false}
	questionTrend    = column{"Trend", 8.5, colText, false}
	questionNarrower = map[string]float64{"Question": 23, "Response": 24, "Guardian's comment": 14}
)

// questionLevelHead heads the question sheet's column of this period's level.
const questionLevelHead = "Assurance level"

// areaCols is the area sheet's columns for this paper. With periods the
// columns are narrower, headings wrapping, so that all but the comment on
// maturity print at no less than 9 points; the comment, a detail column,
// stays beside the printed page.
func (e *exporter) areaCols() []column {
	if e.d.periods == nil {
		return areaColumns
	}
	cols := slices.Concat(areaColumns, areaPeriodColumns)
	for i, w := range areaPeriodWidths {
		cols[i].width = w
	}
	return cols
}

// areaPeriodWidths are the area sheet's column widths with periods: they
// add up to 135 for the printed ones, which fit A4 landscape at about 93%
// (as questionNarrower says).
var areaPeriodWidths = []float64{6, 21, 9, 7, 8, 11.5, 11.5, 8.5, 10.5, 11.5, 11.5, 8, 11, 30}

// areaPrinted is how many of the area sheet's columns print.
func (e *exporter) areaPrinted() int {
	cols := e.areaCols()
	n := 0
	for _, c := range cols {
		if !c.detail {
			n++
		}
	}
	return n
}

// questionLevelIndex is where the Assurance level sits in questionColumns.
func questionLevelIndex() int {
	return slices.IndexFunc(questionColumns, func(c column) bool { return c.head == questionLevelHead })
}

// questionCols is the question sheet's columns for this paper.
func (e *exporter) questionCols() []column {
	if e.d.periods == nil {
		return questionColumns
	}
	i := questionLevelIndex()
	cols := slices.Concat(questionColumns[:i], []column{questionPrevious}, questionColumns[i:i+1], []column{questionTrend}, questionColumns[i+1:])
	for j, c := range cols {
		if w, ok := questionNarrower[c.head]; ok {
			cols[j].width = w
		}
	}
	return cols
}

// questionFullTextCol is the Full text column (from 1) of this paper's
// question sheet: two further on when the period columns come before it.
func (e *exporter) questionFullTextCol() int {
	if e.d.periods == nil {
		return questionFullTextCol
	}
	return questionFullTextCol + 2
}

// periodNote explains the period columns, for the area sheet's note.
func (e *exporter) periodNote() string {
	p := e.d.periods
	if p == nil {
		return ""
	}
	return " Current is " + p.current.Name + "; previous is the area's latest earlier level in the last " +
		plural(len(p.window), "period", "periods") + ", each the weakest level given in the area then. " +
		"Maturity is the organisation's own assessment of its OHWB service on the Growing OHWB Together scale (core delivery, transformative, exemplary)."
}

// areaPeriodCells are an area's period cells, styled, for the area sheet.
func (e *exporter) areaPeriodCells(c *assurance.AreaCoverage) []excelize.Cell {
	p := e.d.periods
	if p == nil {
		return nil
	}
	st := e.st
	prev, cur, trend := assurance.NotAssessed, assurance.NotAssessed, ""
	fw := e.areaFramework(c.Area)
	if t := p.trends[assurance.AreaKey(fw, c.Area.ID)]; t != nil {
		prev, cur, trend = t.Previous, t.Current, t.Trend.Label()
	}
	level, comment := "", ""
	if m := p.maturity[assurance.AreaKey(fw, c.Area.ID)]; m != nil {
		level, comment = m.Level.Label(), m.Comment
	}
	return []excelize.Cell{
		{StyleID: st.level[prev], Value: prev.Label()},
		{StyleID: st.level[cur], Value: cur.Label()},
		{StyleID: st.value, Value: trend},
		{StyleID: st.value, Value: level},
		e.text(comment, st.value),
	}
}

// withPeriodValues puts a question's previous level before its values'
// Assurance level, and the trend since then after it, when the paper has
// period columns.
func (e *exporter) withPeriodValues(q *assurance.Question, values []any) []any {
	p := e.d.periods
	if p == nil {
		return values
	}
	prev := assurance.NotAssessed
	if a := p.previous[q.ID]; a != nil {
		prev = a.Level
	}
	trend := "Not asked this period"
	if p.inCurrent[q.ID] {
		trend = assurance.TrendOf(prev, q.Level).Label()
	}
	i := questionLevelIndex()
	return slices.Concat(values[:i], []any{prev}, values[i:i+1], []any{trend}, values[i+1:])
}

// areaPrintArea keeps the area sheet's detail columns off the printed page.
func (e *exporter) areaPrintArea(f *excelize.File, lastRow int) error {
	n := e.areaPrinted()
	if n == len(e.areaCols()) {
		return nil
	}
	last, _ := excelize.CoordinatesToCellName(n, lastRow, true)
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", RefersTo: quoteSheet(SheetAreas) + "!$A$1:" + last, Scope: SheetAreas,
	})
}
