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
	questionPeriodColumns = []column{
		{"Previous level", 12, colLevel, true},
		{"Current level", 12, colLevel, true},
		{"Trend", 10, colText, true},
	}
)

// areaCols is the area sheet's columns for this paper.
func (e *exporter) areaCols() []column {
	if e.d.periods == nil {
		return areaColumns
	}
	return slices.Concat(areaColumns, areaPeriodColumns)
}

// questionCols is the question sheet's columns for this paper.
func (e *exporter) questionCols() []column {
	if e.d.periods == nil {
		return questionColumns
	}
	return slices.Concat(questionColumns, questionPeriodColumns)
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
	if t := p.trends[assurance.AreaKey(e.d.fw.ID, c.Area.ID)]; t != nil {
		prev, cur, trend = t.Previous, t.Current, t.Trend.Label()
	}
	level, comment := "", ""
	if m := p.maturity[assurance.AreaKey(e.d.fw.ID, c.Area.ID)]; m != nil {
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

// questionPeriodValues are a question's period values for the question sheet.
func (e *exporter) questionPeriodValues(q *assurance.Question) []any {
	p := e.d.periods
	if p == nil {
		return nil
	}
	prev := assurance.NotAssessed
	if a := p.previous[q.ID]; a != nil {
		prev = a.Level
	}
	if !p.inCurrent[q.ID] {
		return []any{prev, assurance.NotAssessed, "Not asked this period"}
	}
	return []any{prev, q.Level, assurance.TrendOf(prev, q.Level).Label()}
}
