package app

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// dashboard is the picture before a board: headline counts, a heatmap of
// the 23 areas against assurance level, and the areas that need attention.
type dashboard struct {
	ws      *workspace
	summary *assurance.Summary
	periods *periodView
	widths  []float32 // the heatmap's column widths, for the layout
	rows    []heatRow

	cards     *fyne.Container
	heatmap   *focusTable
	attention *widget.Label
	// attentionHeading names the meeting in the organisation's words,
	// which the settings can change while the log is open.
	attentionHeading *widget.Label
	heading          *widget.Label // counts the areas shown, of every framework
	period           *widget.Label
	// others are the summaries of the frameworks after the default that
	// have questions, in catalogue order.
	others []*assurance.Summary
}

// heatRow is a row of the heatmap: a driver heading or an area.
type heatRow struct {
	driver *assurance.Driver
	area   *assurance.AreaCoverage
}

// Heatmap columns after the area: one per level, then totals.
var heatLevels = assurance.AssuranceLevels

const (
	heatArea = 0
)

func newDashboard(ws *workspace) *dashboard { return &dashboard{ws: ws} }

func (d *dashboard) buildUI() fyne.CanvasObject {
	d.cards = container.NewGridWithColumns(6)
	d.heatmap = (&focusTable{Table: widget.Table{
		Length:        func() (int, int) { return len(d.rows), trendCol0 + trendColumns },
		CreateCell:    newHeatCell,
		UpdateCell:    d.updateCell,
		ShowHeaderRow: true,
		CreateHeader:  newHeatHeader,
		UpdateHeader:  d.updateHeader,
		OnSelected:    d.onSelected,
	}}).init()
	d.heatmap.name = "Coverage of the action areas by assurance level"
	d.setScale(d.ws.ui.theme.scale)
	d.attention = widget.NewLabel("")
	d.attention.Wrapping = fyne.TextWrapWord
	// Headings wrap or shorten rather than widen the window at large text sizes.
	d.attentionHeading = widget.NewLabelWithStyle(d.attentionTitle(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.attentionHeading.Wrapping = fyne.TextWrapWord
	attentionBox := border(d.attentionHeading, nil, nil, nil, container.NewVScroll(d.attention))
	d.heading = widget.NewLabelWithStyle(d.headingText(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.heading.Truncation = fyne.TextTruncateEllipsis
	d.period = widget.NewLabel("")
	d.period.Wrapping = fyne.TextWrapWord
	heat := border(container.NewVBox(d.heading, d.period), nil, nil, nil, d.heatmap)
	return border(d.cards, nil, nil, nil, container.New(&dashLayout{d: d}, heat, attentionBox))
}

// headingText heads the heatmap: how many areas it shows, in how many frameworks.
func (d *dashboard) headingText() string {
	areas := 0
	for _, r := range d.rows {
		if r.area != nil {
			areas++
		}
	}
	if areas == 0 {
		areas = len(d.ws.ui.fw.Areas())
	}
	of := fmt.Sprintf("the %d action areas", areas)
	if len(d.others) > 0 {
		of += fmt.Sprintf(" of %d frameworks", len(d.others)+1)
	}
	return "Coverage of " + of + " by assurance level (choose a cell to see those questions)"
}

// attentionTitle heads the attention list in the organisation's words.
func (d *dashboard) attentionTitle() string {
	return "For your attention before the next " + d.ws.boardWord()
}

// setScale sizes the heatmap's columns for the text size. At the normal
// size every column fits beside the tree in a 1366 pixel wide window (the
// common laptop): area titles are cut short with their full words kept for
// screen readers, and headings wrap onto two lines.
func (d *dashboard) setScale(scale float32) {
	d.widths = d.widths[:0]
	set := func(col int, w float32) {
		d.heatmap.SetColumnWidth(col, w*scale)
		d.widths = append(d.widths, w*scale)
	}
	set(heatArea, 170)
	for i := range heatLevels {
		set(i+1, 84)
	}
	set(len(heatLevels)+1, 74)
	set(len(heatLevels)+2, 70)
	d.setTrendScale(set)
	// The header row is two lines high, so that a heading wraps at a space.
	two := newHeatHeader().(*widget.Label)
	two.SetText("Two\nlines")
	d.heatmap.SetRowHeight(-1, two.MinSize().Height)
}

// newHeatHeader is a heatmap column heading: bold, in the caption size so
// that "No assurance" fits a narrow column on two lines.
func newHeatHeader() fyne.CanvasObject {
	l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (d *dashboard) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	switch {
	case id.Col >= trendCol0:
		d.trendHeader(id.Col-trendCol0, l)
	case id.Col == heatArea:
		l.SetText("Action area")
	case id.Col <= len(heatLevels) && heatLevels[id.Col-1] == assurance.NotAssessed:
		l.SetText("Not assessed") // the full label does not fit the column
	case id.Col <= len(heatLevels):
		l.SetText(levelLabel(heatLevels[id.Col-1]))
	case id.Col == len(heatLevels)+1:
		l.SetText("Questions")
	default:
		l.SetText("Evidence")
	}
}

func (d *dashboard) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*heatCell)
	bg, l := c.bg, c.label
	if id.Row >= len(d.rows) {
		return
	}
	r := d.rows[id.Row]
	bg.FillColor = color.Transparent
	l.TextStyle = fyne.TextStyle{}
	l.Alignment = fyne.TextAlignCenter
	l.Importance = widget.MediumImportance
	if id.Col >= trendCol0 {
		d.updateTrendCell(r, id.Col-trendCol0, c)
		return
	}
	text, words := "", ""
	switch {
	case r.driver != nil:
		l.TextStyle.Bold = true
		l.Alignment = fyne.TextAlignLeading
		if id.Col == heatArea {
			text = d.driverText(r.driver)
		}
		words = "Driver " + d.driverText(r.driver)
	case id.Col == heatArea:
		l.Alignment = fyne.TextAlignLeading
		text = r.area.Area.Label()
		words = fmt.Sprintf("Area %s: %s, %s", text, countWords(r.area.Questions, "question"), countWords(r.area.Evidence, "evidence file"))
		if r.area.Questions == 0 || r.area.Evidence == 0 {
			l.Importance = widget.DangerImportance
			text = "⚠ " + text
			words += ", needs attention"
		}
	case id.Col <= len(heatLevels):
		level := heatLevels[id.Col-1]
		n := r.area.Levels[level]
		if n > 0 {
			text = strconv.Itoa(n)
			bg.FillColor = heatColour(level, n, r.area.Questions)
			l.TextStyle.Bold = true
		}
		words = fmt.Sprintf("Area %s, %s: %d of %s", r.area.Area.ID, levelWords(level), n, countWords(r.area.Questions, "question"))
	case id.Col == len(heatLevels)+1:
		text = strconv.Itoa(r.area.Questions)
		words = fmt.Sprintf("Area %s: %s", r.area.Area.ID, countWords(r.area.Questions, "question"))
	default:
		text = strconv.Itoa(r.area.Evidence)
		words = fmt.Sprintf("Area %s: %s", r.area.Area.ID, countWords(r.area.Evidence, "evidence file"))
		if r.area.Questions > 0 && r.area.Evidence == 0 {
			l.Importance = widget.DangerImportance
			words += ", needs attention"
		}
	}
	c.words = words
	bg.Refresh()
	l.SetText(text)
}

// countWords is "1 question" or "3 questions".
func countWords(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// heatColour shades a level's colour by the share of the area's questions at it.
func heatColour(level assurance.AssuranceLevel, n, total int) color.Color {
	c := levelColour(level)
	share := float64(n) / float64(max(total, 1))
	c.A = uint8(70 + 150*share)
	return c
}

func (d *dashboard) onSelected(id widget.TableCellID) {
	d.heatmap.UnselectAll()
	if id.Row < 0 || id.Row >= len(d.rows) {
		return
	}
	r := d.rows[id.Row]
	ws := d.ws
	if id.Col == trendCol0+trendMaturity && r.area != nil {
		d.editMaturity(r.area.Area)
		return
	}
	ws.nav.tree.Select(d.nodeOf(r))
	if id.Col >= 1 && id.Col <= len(heatLevels) && r.area != nil {
		ws.list.level.SetSelected(levelLabel(heatLevels[id.Col-1]))
	} else {
		ws.list.level.SetSelectedIndex(0)
	}
	ws.selectTab(tabQuestions)
}

// refresh recomputes the summary from the log.
func (d *dashboard) refresh() {
	ev, err := d.ws.store.EvidenceList(d.ws.ui.ctx(), 0)
	if err != nil {
		d.ws.ui.showError("Could not read the evidence list", err)
		return
	}
	s := assurance.Summarise(d.ws.ui.fw, d.ws.questions, ev, assurance.Today())
	d.summary = s
	if d.periods, err = loadPeriodView(d.ws.ui.ctx(), d.ws.store); err != nil {
		d.ws.ui.showError("Could not read the reporting periods", err)
	}
	d.attentionHeading.SetText(d.attentionTitle())
	d.period.SetText(d.periodHeading())
	d.rows = d.rows[:0]
	var last *assurance.Driver
	for _, c := range s.Areas {
		if c.Area.Driver != last {
			last = c.Area.Driver
			d.rows = append(d.rows, heatRow{driver: last})
		}
		d.rows = append(d.rows, heatRow{area: c})
	}
	t := d.addOtherFrameworks(ev)
	d.heading.SetText(d.headingText())
	d.cards.Objects = []fyne.CanvasObject{
		newFigureCard("Questions", t.Questions, false),
		newFigureCard("Open", t.Open, false),
		newFigureCard("Overdue", t.Overdue, t.Overdue > 0),
		newFigureCard("Not yet assessed", t.Unassessed, false),
		newFigureCard("Evidence files", t.Evidence, false),
	}
	overdue, err := overdueRequests(d.ws)
	if err != nil {
		d.ws.ui.showError("Could not read the evidence requests", err)
	}
	d.cards.Objects = append(d.cards.Objects, newFigureCard("Evidence overdue", len(overdue), len(overdue) > 0))
	d.cards.Refresh()
	d.heatmap.Refresh()
	d.attention.SetText(d.attentionList() + overdueRequestsText(overdue))
}

// attentionList is the attention list of each framework with questions
// (the default one always), each under its name when there is more than one.
func (d *dashboard) attentionList() string {
	if len(d.others) == 0 {
		return trendAttention(d.periods, d.ws.ui.fw) + attentionText(d.summary)
	}
	var b strings.Builder
	for _, s := range append([]*assurance.Summary{d.summary}, d.others...) {
		fmt.Fprintf(&b, "%s:\n\n", s.Framework.Name)
		b.WriteString(trendAttention(d.periods, s.Framework) + attentionText(s))
	}
	return b.String()
}

func attentionText(s *assurance.Summary) string {
	var b strings.Builder
	section := func(title string, areas []*assurance.ActionArea) {
		fmt.Fprintf(&b, "%s (%d)\n", title, len(areas))
		if len(areas) == 0 {
			b.WriteString("   none\n")
		}
		for _, a := range areas {
			fmt.Fprintf(&b, "   • %s\n", a.Label())
		}
		b.WriteString("\n")
	}
	section("Areas with no question yet", s.NoQuestions)
	section("Areas with questions but no evidence", s.NoEvidence)
	section("Areas where every assessed answer gave Limited or No assurance", s.OnlyWeak)
	if s.Overdue > 0 {
		fmt.Fprintf(&b, "%d questions are overdue: tick Overdue only in the Questions tab to see them.\n", s.Overdue)
	}
	return b.String()
}
