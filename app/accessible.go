package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// The widgets Guardian draws itself say what they show in words, through
// fyne.Accessible: what a screen reader reads on Windows (UI Automation)
// and macOS in a build with the accessibility tag. The interface is not
// behind the tag, so these compile, and are tested, either way. Fyne 2.8.1
// has no bridge on Linux.

var (
	_ fyne.Accessible = (*assuranceChip)(nil)
	_ fyne.Accessible = (*questionCell)(nil)
	_ fyne.Accessible = (*heatCell)(nil)
	_ fyne.Accessible = (*figureCard)(nil)
	_ fyne.Accessible = (*navRow)(nil)
)

// levelWords is an assurance level as a sentence says it: "Limited
// assurance", "No assurance", "not yet assessed".
func levelWords(l assurance.AssuranceLevel) string {
	switch l {
	case assurance.NotAssessed, "":
		return "not yet assessed"
	case assurance.NoAssurance:
		return "No assurance"
	}
	if currentScale().ID != assurance.ScaleAssurance {
		return levelLabel(l) // "Amber-red", "Moderate": the scale's own words
	}
	return l.Label() + " assurance"
}

// dateWords is a date as it is read aloud: "22 July 2026".
func dateWords(d assurance.Date) string { return d.Time().Format("2 January 2006") }

// questionWords is a question's row read aloud: "Q-0003, area 1.3,
// Limited assurance, due 22 July 2026, overdue".
func questionWords(q *assurance.Question, today assurance.Date) string {
	s := fmt.Sprintf("%s, area %s, %s", q.Ref, q.Area, levelWords(q.Level))
	switch {
	case q.DueOn.IsZero():
		s += ", no due date"
	case q.Overdue(today):
		s += ", due " + dateWords(q.DueOn) + ", overdue"
	default:
		s += ", due " + dateWords(q.DueOn)
	}
	return s + ", " + q.Status.Label()
}

// assuranceChip is an assurance level as a coloured chip with its name.
type assuranceChip struct {
	widget.BaseWidget
	level assurance.AssuranceLevel
}

func newAssuranceChip() *assuranceChip {
	c := &assuranceChip{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *assuranceChip) setLevel(l assurance.AssuranceLevel) {
	c.level = l
	c.Refresh()
}

func (c *assuranceChip) AccessibilityLabel() string             { return levelWords(c.level) }
func (c *assuranceChip) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (c *assuranceChip) CreateRenderer() fyne.WidgetRenderer {
	bg := &canvas.Rectangle{CornerRadius: 10}
	text := &canvas.Text{TextStyle: fyne.TextStyle{Bold: true}}
	r := &chipRenderer{c: c, bg: bg, text: text}
	r.WidgetRenderer = widget.NewSimpleRenderer(container.NewStack(container.NewPadded(bg), container.NewCenter(text)))
	r.Refresh()
	return r
}

type chipRenderer struct {
	fyne.WidgetRenderer
	c    *assuranceChip
	bg   *canvas.Rectangle
	text *canvas.Text
}

func (r *chipRenderer) Refresh() {
	r.bg.FillColor = levelColour(r.c.level)
	r.text.Text = levelLabel(r.c.level)
	r.text.Color = levelTextColour(r.c.level)
	r.text.TextSize = theme.Size(theme.SizeNameCaptionText) * 1.1 // follows the text size
	r.bg.Refresh()
	r.text.Refresh()
}

// questionCell is a cell of the question table: text, or the assurance
// chip. It reads as "column: value"; the Ref cell reads the whole row.
type questionCell struct {
	widget.BaseWidget
	label *widget.Label
	chip  *assuranceChip
	words string
}

func newQuestionCell() *questionCell {
	c := &questionCell{label: &widget.Label{Truncation: fyne.TextTruncateEllipsis}, chip: newAssuranceChip()}
	c.ExtendBaseWidget(c)
	return c
}

func (c *questionCell) AccessibilityLabel() string             { return c.words }
func (c *questionCell) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (c *questionCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.chip, c.label))
}

// heatCell is a cell of the dashboard's heatmap: a count on a shade of
// its level's colour, or an area's name.
type heatCell struct {
	widget.BaseWidget
	bg    *canvas.Rectangle
	label *widget.Label
	words string
}

func newHeatCell() fyne.CanvasObject {
	c := &heatCell{bg: canvas.NewRectangle(color.Transparent), label: &widget.Label{Truncation: fyne.TextTruncateEllipsis}}
	c.ExtendBaseWidget(c)
	return c
}

func (c *heatCell) AccessibilityLabel() string             { return c.words }
func (c *heatCell) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (c *heatCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, c.label))
}

// figureCard is one of the dashboard's headline figures with its caption.
type figureCard struct {
	widget.BaseWidget
	caption string
	n       int
	warn    bool // drawn in red, and said to need attention
}

func newFigureCard(caption string, n int, warn bool) *figureCard {
	c := &figureCard{caption: caption, n: n, warn: warn}
	c.ExtendBaseWidget(c)
	return c
}

func (c *figureCard) AccessibilityLabel() string {
	s := fmt.Sprintf("%s: %d", c.caption, c.n)
	if c.warn {
		s += ", needs attention"
	}
	return s
}

func (c *figureCard) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (c *figureCard) CreateRenderer() fyne.WidgetRenderer {
	col := theme.Color(theme.ColorNamePrimary)
	if c.warn {
		col = nhsRed
	}
	num := canvas.NewText(fmt.Sprint(c.n), col)
	num.TextSize = theme.Size(theme.SizeNameHeadingText) * 1.5
	num.TextStyle.Bold = true
	num.Alignment = fyne.TextAlignCenter
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 8
	caption := widget.NewLabelWithStyle(c.caption, fyne.TextAlignCenter, fyne.TextStyle{})
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewPadded(container.NewVBox(num, caption))))
}

// navRow is a node of the framework tree: its name and count, with a dot
// in the colour of the weakest assurance given there.
type navRow struct {
	widget.BaseWidget
	dot   *canvas.Circle
	label *widget.Label
	words string
}

func newNavRow() *navRow {
	r := &navRow{dot: canvas.NewCircle(nhsMidGrey), label: &widget.Label{Truncation: fyne.TextTruncateEllipsis}}
	r.ExtendBaseWidget(r)
	return r
}

func (r *navRow) AccessibilityLabel() string             { return r.words }
func (r *navRow) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (r *navRow) CreateRenderer() fyne.WidgetRenderer {
	dot := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(12), r.dot))
	return widget.NewSimpleRenderer(border(nil, nil, dot, nil, r.label))
}
