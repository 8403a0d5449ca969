package app

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// periodView is what the screens show of a log's reporting periods: the
// current one, each area's trend over the last periods and its maturity now.
type periodView struct {
	periods  []*assurance.Period // oldest first
	current  *assurance.Period   // nil while the log has no periods
	window   []*assurance.Period // the periods the trends cover, oldest first
	trends   map[string]*assurance.AreaTrend
	maturity map[string]*assurance.AreaMaturity // by assurance.AreaKey
}

// loadPeriodView reads the periods, the answers of the last TrendWindow of
// them and the current period's maturity.
func loadPeriodView(ctx context.Context, st assurance.PeriodReader) (*periodView, error) {
	v := &periodView{trends: map[string]*assurance.AreaTrend{}, maturity: map[string]*assurance.AreaMaturity{}}
	ps, err := st.Periods(ctx)
	if err != nil || len(ps) == 0 {
		return v, err
	}
	v.periods, v.current = ps, ps[len(ps)-1]
	v.window = ps[max(0, len(ps)-assurance.TrendWindow):]
	answers := map[int64][]*assurance.PeriodAnswer{}
	for _, p := range v.window {
		if answers[p.ID], err = st.AreaLevelsIn(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	v.trends = assurance.AreaTrends(v.window, answers)
	ms, err := st.Maturity(ctx, v.current.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		v.maturity[assurance.AreaKey(m.Framework, m.Area)] = m
	}
	return v, nil
}

// trend returns an area's trend, or nil if it had no answer in the window.
func (v *periodView) trend(fw, area string) *assurance.AreaTrend {
	return v.trends[assurance.AreaKey(fw, area)]
}

// trendColour is the colour a trend is drawn on: NHS green better, red
// worse, blue new, grey the same.
func trendColour(t assurance.Trend) color.NRGBA {
	switch t {
	case assurance.TrendBetter:
		return nhsGreen
	case assurance.TrendWorse:
		return nhsRed
	case assurance.TrendNew:
		return color.NRGBA{R: 0x00, G: 0x5e, B: 0xb8, A: 0xff} // NHS blue
	case assurance.TrendSame:
		return nhsMidGrey
	}
	return color.NRGBA{}
}

// trendText is a trend as a cell shows it: "▲ Better".
func trendText(t assurance.Trend) string { return t.Arrow() + " " + t.Label() }

// levelInitials is a run of levels in a few characters each, oldest first,
// for a narrow column: "L  R  R  S", a dash where none was given.
func levelInitials(levels []assurance.AssuranceLevel) string {
	s := ""
	for i, l := range levels {
		if i > 0 {
			s += "  "
		}
		switch l {
		case assurance.NoAssurance:
			s += "N"
		case assurance.NotAssessed, "":
			s += "–"
		default:
			s += l.Label()[:1]
		}
	}
	return s
}

// periodCompare is the editor's panel that sets a question's answer in the
// previous period beside its answer in this one.
type periodCompare struct {
	e      *questionEditor
	closed bool // the current period is closed: its answers cannot change
	box    *fyne.Container
	sides  *fyne.Container
	trend  *widget.Label
}

func newPeriodCompare(e *questionEditor) *periodCompare { return &periodCompare{e: e} }

func (c *periodCompare) buildUI() fyne.CanvasObject {
	c.sides = container.NewGridWithColumns(2)
	c.trend = widget.NewLabel("")
	c.box = container.NewVBox(widget.NewSeparator(), bold("Compared with the previous period"), c.sides, c.trend)
	c.box.Hide()
	return c.box
}

// load shows q's answers in the previous and current periods; the panel is
// hidden for a new question or a log without periods.
func (c *periodCompare) load(q *assurance.Question) {
	c.box.Hide()
	c.closed = false
	if q.ID == 0 {
		return
	}
	ui, st := c.e.ws.ui, c.e.ws.store
	ps, err := st.Periods(ui.ctx())
	if err != nil {
		ui.showError("Could not read the reporting periods", err)
		return
	}
	if len(ps) == 0 {
		return
	}
	hist, err := st.PeriodAnswers(ui.ctx(), q.ID)
	if err != nil {
		ui.showError("Could not read the question's answers by period", err)
		return
	}
	cur := ps[len(ps)-1]
	c.closed = cur.Closed()
	names := map[int64]string{}
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	var prev, now *assurance.PeriodAnswer
	for _, a := range hist {
		if a.PeriodID == cur.ID {
			now = a
		} else {
			prev = a // oldest first: the last before the current is the latest
		}
	}
	prevTitle := "Previous period"
	if prev != nil {
		prevTitle = "Previous period: " + names[prev.PeriodID]
	}
	nowTitle := "This period: " + cur.Name
	if cur.Closed() {
		nowTitle += " (closed: answers cannot change)"
	}
	missingNow := "Not asked in this period (closed before it started, and not recurring)"
	c.sides.Objects = []fyne.CanvasObject{
		answerCard(prevTitle, prev, "No answer in an earlier period"),
		answerCard(nowTitle, now, missingNow),
	}
	c.sides.Refresh()
	t := assurance.TrendNone
	switch {
	case now != nil && prev != nil:
		t = assurance.TrendOf(prev.Level, now.Level)
	case now != nil:
		t = assurance.TrendOf(assurance.NotAssessed, now.Level)
	}
	c.trend.SetText("Assurance since the previous period: " + trendText(t))
	c.box.Show()
}

// freezeAnswers disables the answer fields while the current period is
// closed, so the form does not offer a change the log would refuse.
func (c *periodCompare) freezeAnswers() {
	if c.closed {
		e := c.e
		setAllEnabled(false, e.response, e.respondedOn, e.level, e.comment)
	}
}

// answerCard shows one period's answer: its level on its colour, the date,
// the response and the comment.
func answerCard(title string, a *assurance.PeriodAnswer, missing string) fyne.CanvasObject {
	items := []fyne.CanvasObject{bold(title)}
	if a == nil {
		items = append(items, wrapped(missing))
		return container.NewVBox(items...)
	}
	sw := canvas.NewRectangle(levelColour(a.Level))
	sw.SetMinSize(fyne.NewSize(16, 16))
	sw.CornerRadius = 3
	on := ""
	if !a.RespondedOn.IsZero() {
		on = ", response on " + a.RespondedOn.UK()
	}
	items = append(items,
		container.NewHBox(container.NewCenter(sw), widget.NewLabel(a.Level.Label()+on)),
		wrapped("Response: "+orNone(a.Response)),
		wrapped("Your comment: "+orNone(a.Comment)))
	return container.NewVBox(items...)
}

func bold(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}
