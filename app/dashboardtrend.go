package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// The dashboard's columns after the heatmap: each area's weakest level in
// each of the last periods, its trend, and its maturity this period.
const (
	trendLevels = iota
	trendTrend
	trendMaturity
	trendColumns
)

// trendCol0 is the first of those columns.
var trendCol0 = len(heatLevels) + 3

func (d *dashboard) setTrendScale(set func(col int, w float32)) {
	set(trendCol0+trendLevels, 80)
	set(trendCol0+trendTrend, 90)
	set(trendCol0+trendMaturity, 116)
}

func (d *dashboard) trendHeader(col int, l *widget.Label) {
	switch col {
	case trendLevels:
		n := assurance.TrendWindow
		if d.periods != nil && len(d.periods.window) > 0 {
			n = len(d.periods.window)
		}
		l.SetText(fmt.Sprintf("Last %d periods", n))
	case trendTrend:
		l.SetText("Trend")
	default:
		l.SetText("Maturity")
	}
}

// updateTrendCell fills a trend column of an area's row; driver rows stay blank.
func (d *dashboard) updateTrendCell(r heatRow, col int, c *heatCell) {
	text, words := "", ""
	if r.area != nil && d.periods != nil && d.periods.current != nil {
		a := r.area.Area
		fw := d.areaFramework(a)
		t := d.periods.trend(fw, a.ID)
		switch col {
		case trendLevels:
			if t != nil {
				text = levelInitials(t.Levels)
				var said []string
				for i, l := range t.Levels {
					said = append(said, d.periods.window[i].Name+" "+levelWords(l))
				}
				words = fmt.Sprintf("Area %s, weakest level by period: %s", a.ID, strings.Join(said, "; "))
			}
		case trendTrend:
			tr := assurance.TrendNone
			if t != nil {
				tr = t.Trend
				text = trendText(tr) // an area never asked about stays blank
			}
			words = fmt.Sprintf("Area %s, assurance since the previous period: %s", a.ID, tr.Label())
			if tr != assurance.TrendNone {
				bg := trendColour(tr)
				bg.A = 90
				c.bg.FillColor = bg
				c.label.TextStyle.Bold = true
			}
		default:
			m := d.periods.maturity[assurance.AreaKey(fw, a.ID)]
			level := assurance.MaturityNotAssessed
			if m != nil {
				level = m.Level
			}
			if level != assurance.MaturityNotAssessed {
				text = level.Label()
			}
			words = fmt.Sprintf("Area %s, maturity in %s: %s", a.ID, d.periods.current.Name, level.Label())
			if m != nil && m.Comment != "" {
				words += ". " + m.Comment
			}
		}
	} else if r.area != nil {
		words = "No reporting periods yet"
	}
	c.words = words
	c.bg.Refresh()
	c.label.SetText(text)
}

// periodHeading says which period the dashboard shows.
func (d *dashboard) periodHeading() string {
	if d.periods == nil || d.periods.current == nil {
		return "No reporting periods yet: the trend and maturity columns fill once the first period is started."
	}
	p := d.periods.current
	s := "Reporting period " + p.Label()
	if !p.Closed() {
		s += ", open"
	}
	return s + fmt.Sprintf(". Trend compares each area's weakest level with its last earlier one over %d periods.", len(d.periods.window))
}

// trendAttention lists the areas whose assurance fell since the previous period.
func trendAttention(v *periodView, fw *assurance.Framework) string {
	if v == nil || v.current == nil {
		return ""
	}
	var worse []string
	for _, a := range fw.Areas() {
		if t := v.trend(fw.ID, a.ID); t != nil && t.Trend == assurance.TrendWorse {
			worse = append(worse, fmt.Sprintf("   • %s (from %s to %s)", a.Label(), t.Previous.Label(), t.Current.Label()))
		}
	}
	if len(worse) == 0 {
		return "Areas where assurance fell since the previous period (0)\n   none\n\n"
	}
	return fmt.Sprintf("Areas where assurance fell since the previous period (%d)\n%s\n\n", len(worse), strings.Join(worse, "\n"))
}
