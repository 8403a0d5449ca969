package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne 2.8 shows focus by tinting a control's fill with the theme's focus
// colour, and in trees and tables with the hover colour. No tint can be
// both visible (3:1 against the unfocused fill, WCAG 1.4.11) and keep the
// control's text readable: the grey text of a light grey button needs its
// fill to stay light, and a 3:1 change would make it dark. So Guardian's
// focusable controls also draw a ring in colorNameFocusRing while they hold
// the focus: around a button, select or check box (with a gap, so the ring
// touches only the window background), or just inside a tree or table's
// edge.

// colorNameFocusRing is the theme colour of the focus ring (theme.go).
const colorNameFocusRing fyne.ThemeColorName = "guardianFocusRing"

// Ring geometry: outside the control, in the padding between controls.
const (
	ringWidth = 2
	ringGap   = 1
)

// Focusable controls that Fyne does not expose to screen readers say what
// they are (accessible.go): a drop-down its choice, a tick box its state,
// a tree, table or list the name it is given.
var (
	_ fyne.Accessible = (*focusSelect)(nil)
	_ fyne.Accessible = (*focusCheck)(nil)
	_ fyne.Accessible = (*focusTree)(nil)
	_ fyne.Accessible = (*focusTable)(nil)
	_ fyne.Accessible = (*focusList)(nil)
)

// focusRing is the ring a focusable control draws while it has the focus.
type focusRing struct {
	w       interface{ Theme() fyne.Theme } // the control, for its theme
	rect    *canvas.Rectangle
	outside bool // around the control, or just inside its edge
	on      bool
}

func (f *focusRing) set(on bool) {
	f.on = on
	if f.rect != nil {
		f.update()
	}
}

func (f *focusRing) update() {
	th := f.w.Theme()
	f.rect.StrokeColor = th.Color(colorNameFocusRing, fyne.CurrentApp().Settings().ThemeVariant())
	f.rect.Hidden = !f.on
	f.rect.Refresh()
}

// wrap adds the ring to the control's own renderer.
func (f *focusRing) wrap(r fyne.WidgetRenderer) fyne.WidgetRenderer {
	f.rect = &canvas.Rectangle{StrokeWidth: ringWidth, CornerRadius: 4}
	f.update()
	return &ringRenderer{WidgetRenderer: r, ring: f}
}

type ringRenderer struct {
	fyne.WidgetRenderer
	ring *focusRing
}

func (r *ringRenderer) Layout(s fyne.Size) {
	r.WidgetRenderer.Layout(s)
	off := float32(0)
	if r.ring.outside {
		off = ringWidth + ringGap
	}
	// The stroke is centred on the rectangle's edge.
	half := float32(ringWidth) / 2
	r.ring.rect.Move(fyne.NewPos(-off+half, -off+half))
	r.ring.rect.Resize(fyne.NewSize(s.Width+2*off-ringWidth, s.Height+2*off-ringWidth))
}

func (r *ringRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.ring.rect)
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.ring.update()
}

// focusButton is a widget.Button with a focus ring.
type focusButton struct {
	widget.Button
	ring   focusRing
	escape func() // what Escape does while it has the focus (file dialog: Cancel); nil: nothing
}

// newButton is a button with a focus ring; importance is Fyne's.
func newButton(text string, icon fyne.Resource, importance widget.Importance, tapped func()) *focusButton {
	b := &focusButton{Button: widget.Button{Text: text, Icon: icon, Importance: importance, OnTapped: tapped}}
	b.ring = focusRing{w: b, outside: true}
	b.ExtendBaseWidget(b)
	return b
}

func (b *focusButton) CreateRenderer() fyne.WidgetRenderer {
	return b.ring.wrap(b.Button.CreateRenderer())
}

func (b *focusButton) FocusGained() { b.ring.set(true); b.Button.FocusGained() }
func (b *focusButton) FocusLost()   { b.ring.set(false); b.Button.FocusLost() }

func (b *focusButton) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && b.escape != nil {
		b.escape()
		return
	}
	b.Button.TypedKey(k)
}

// focusSelect is a widget.Select with a focus ring.
type focusSelect struct {
	widget.Select
	ring focusRing
}

func newSelect(options []string, changed func(string)) *focusSelect {
	s := &focusSelect{Select: widget.Select{Options: options, OnChanged: changed, PlaceHolder: "(Select one)"}}
	s.ring = focusRing{w: s, outside: true}
	s.ExtendBaseWidget(s)
	return s
}

func (s *focusSelect) CreateRenderer() fyne.WidgetRenderer {
	return s.ring.wrap(s.Select.CreateRenderer())
}

func (s *focusSelect) FocusGained() { s.ring.set(true); s.Select.FocusGained() }
func (s *focusSelect) FocusLost()   { s.ring.set(false); s.Select.FocusLost() }

func (s *focusSelect) AccessibilityLabel() string {
	if s.Selected == "" {
		return s.PlaceHolder
	}
	return s.Selected
}

func (s *focusSelect) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// focusCheck is a widget.Check with a focus ring.
type focusCheck struct {
	widget.Check
	ring focusRing
}

func newCheck(label string, changed func(bool)) *focusCheck {
	c := &focusCheck{Check: widget.Check{Text: label, OnChanged: changed}}
	c.ring = focusRing{w: c, outside: true}
	c.ExtendBaseWidget(c)
	return c
}

func (c *focusCheck) CreateRenderer() fyne.WidgetRenderer {
	return c.ring.wrap(c.Check.CreateRenderer())
}

func (c *focusCheck) FocusGained() { c.ring.set(true); c.Check.FocusGained() }
func (c *focusCheck) FocusLost()   { c.ring.set(false); c.Check.FocusLost() }

func (c *focusCheck) AccessibilityLabel() string {
	if c.Checked {
		return c.Text + ", ticked"
	}
	return c.Text + ", not ticked"
}

func (c *focusCheck) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// focusTree is a widget.Tree with a focus ring inside its edge; the node
// the arrow keys are on keeps Fyne's highlight.
type focusTree struct {
	widget.Tree
	ring focusRing
	name string // what a screen reader calls it
}

// newTree is widget.NewTree with a focus ring.
func newTree(children func(widget.TreeNodeID) []widget.TreeNodeID, isBranch func(widget.TreeNodeID) bool,
	create func(bool) fyne.CanvasObject, update func(widget.TreeNodeID, bool, fyne.CanvasObject)) *focusTree {
	t := &focusTree{Tree: widget.Tree{ChildUIDs: children, IsBranch: isBranch, CreateNode: create, UpdateNode: update}}
	t.ring = focusRing{w: t}
	t.ExtendBaseWidget(t)
	return t
}

func (t *focusTree) CreateRenderer() fyne.WidgetRenderer {
	return t.ring.wrap(t.Tree.CreateRenderer())
}

func (t *focusTree) FocusGained() { t.ring.set(true); t.Tree.FocusGained() }
func (t *focusTree) FocusLost()   { t.ring.set(false); t.Tree.FocusLost() }

func (t *focusTree) AccessibilityLabel() string             { return t.name }
func (t *focusTree) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleContainer }

// focusTable is a widget.Table with a focus ring inside its edge.
type focusTable struct {
	widget.Table
	ring focusRing
	name string // what a screen reader calls it
	// fit, if set, sets the column widths for the table's new width each
	// time it is resized (fitColumns).
	fit func(width float32)
}

// Resize fits the columns to the new width before the table lays out.
func (t *focusTable) Resize(s fyne.Size) {
	if t.fit != nil && s.Width != t.Size().Width {
		t.fit(s.Width)
	}
	t.Table.Resize(s)
}

// stretch makes column stretch of cols take the table's spare width
// (fitColumns), at the text size scale gives at the time.
func (t *focusTable) stretch(cols []column, stretch int, scale func() float32) *focusTable {
	t.fit = func(width float32) { fitColumns(t, cols, stretch, scale(), width) }
	return t
}

// refit fits the columns again, after the text size changed.
func (t *focusTable) refit() {
	if t.fit != nil {
		t.fit(t.Size().Width)
	}
}

// init readies a table built as &focusTable{Table: widget.Table{...}}.
func (t *focusTable) init() *focusTable {
	t.ring = focusRing{w: t}
	t.ExtendBaseWidget(t)
	return t
}

func (t *focusTable) CreateRenderer() fyne.WidgetRenderer {
	return t.ring.wrap(t.Table.CreateRenderer())
}

func (t *focusTable) FocusGained() { t.ring.set(true); t.Table.FocusGained() }
func (t *focusTable) FocusLost()   { t.ring.set(false); t.Table.FocusLost() }

func (t *focusTable) AccessibilityLabel() string             { return t.name }
func (t *focusTable) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleContainer }

// focusList is a widget.List with a focus ring inside its edge.
type focusList struct {
	widget.List
	ring focusRing
	name string // what a screen reader calls it
}

// newList is widget.NewList with a focus ring.
func newList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *focusList {
	l := &focusList{List: widget.List{Length: length, CreateItem: create, UpdateItem: update}}
	l.ring = focusRing{w: l}
	l.ExtendBaseWidget(l)
	return l
}

func (l *focusList) CreateRenderer() fyne.WidgetRenderer {
	return l.ring.wrap(l.List.CreateRenderer())
}

func (l *focusList) FocusGained() { l.ring.set(true); l.List.FocusGained() }
func (l *focusList) FocusLost()   { l.ring.set(false); l.List.FocusLost() }

func (l *focusList) AccessibilityLabel() string             { return l.name }
func (l *focusList) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleContainer }

// newSelectEntry is widget.NewSelectEntry whose drop-down arrow is a ring
// button (Fyne's is a stock button, with only the faint tint); it shows
// the same menu of options under the box.
func newSelectEntry(options []string) *widget.SelectEntry {
	e := widget.NewSelectEntry(options)
	arrow := newButton("", theme.MenuDropDownIcon(), widget.LowImportance, nil)
	arrow.OnTapped = func() {
		c := fyne.CurrentApp().Driver().CanvasForObject(e)
		if c == nil {
			return
		}
		items := make([]*fyne.MenuItem, len(options))
		for i, o := range options {
			items[i] = fyne.NewMenuItem(o, func() { e.SetText(o) })
		}
		m := widget.NewPopUpMenu(fyne.NewMenu("", items...), c)
		m.ShowAtPosition(fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(0, e.Size().Height)))
		m.Resize(fyne.NewSize(e.Size().Width, m.MinSize().Height))
	}
	e.ActionItem = arrow // SelectEntry keeps an action item it is given
	return e
}

// checkGroup is a widget.CheckGroup made of focusChecks, so each choice
// shows the ring.
type checkGroup struct {
	widget.BaseWidget
	checks     []*focusCheck
	horizontal bool
}

func newCheckGroup(options []string, horizontal bool) *checkGroup {
	g := &checkGroup{horizontal: horizontal}
	for _, o := range options {
		g.checks = append(g.checks, newCheck(o, nil))
	}
	g.ExtendBaseWidget(g)
	return g
}

func (g *checkGroup) CreateRenderer() fyne.WidgetRenderer {
	return groupRenderer(g.checks, g.horizontal)
}

// groupRenderer shows a group's choices in a row or a column.
func groupRenderer[T fyne.CanvasObject](choices []T, horizontal bool) fyne.WidgetRenderer {
	objs := make([]fyne.CanvasObject, len(choices))
	for i, c := range choices {
		objs[i] = c
	}
	if horizontal {
		return widget.NewSimpleRenderer(container.NewHBox(objs...))
	}
	return widget.NewSimpleRenderer(container.NewVBox(objs...))
}

// Selected is the ticked choices, in the order shown.
func (g *checkGroup) Selected() []string {
	var out []string
	for _, c := range g.checks {
		if c.Checked {
			out = append(out, c.Text)
		}
	}
	return out
}

// SetSelected ticks exactly the choices in sel.
func (g *checkGroup) SetSelected(sel []string) {
	for _, c := range g.checks {
		c.SetChecked(slices.Contains(sel, c.Text))
	}
}

// radioGroup is a widget.RadioGroup (with Required set) whose choices show
// the ring: one choice is always chosen.
type radioGroup struct {
	widget.BaseWidget
	Selected  string
	OnChanged func(string)
	choices   []*radioChoice
}

func newRadioGroup(options []string, changed func(string)) *radioGroup {
	g := &radioGroup{OnChanged: changed}
	for _, o := range options {
		g.choices = append(g.choices, newRadioChoice(o, g))
	}
	g.ExtendBaseWidget(g)
	return g
}

func (g *radioGroup) CreateRenderer() fyne.WidgetRenderer {
	return groupRenderer(g.choices, false)
}

// SetSelected chooses the option s and tells OnChanged.
func (g *radioGroup) SetSelected(s string) {
	if s == g.Selected {
		return
	}
	g.Selected = s
	for _, c := range g.choices {
		c.update()
	}
	if g.OnChanged != nil {
		g.OnChanged(s)
	}
}

// radioChoice is one choice of a radioGroup: a radio icon and its text,
// chosen by a tap or the space bar.
type radioChoice struct {
	widget.BaseWidget
	text  string
	group *radioGroup
	icon  *widget.Icon
	ring  focusRing
}

var _ fyne.Accessible = (*radioChoice)(nil)

func newRadioChoice(text string, g *radioGroup) *radioChoice {
	c := &radioChoice{text: text, group: g, icon: widget.NewIcon(nil)}
	c.ring = focusRing{w: c, outside: true}
	c.update()
	c.ExtendBaseWidget(c)
	return c
}

func (c *radioChoice) update() {
	if c.group.Selected == c.text {
		c.icon.SetResource(theme.NewPrimaryThemedResource(theme.RadioButtonCheckedIcon()))
	} else {
		c.icon.SetResource(theme.RadioButtonIcon())
	}
}

func (c *radioChoice) CreateRenderer() fyne.WidgetRenderer {
	return c.ring.wrap(widget.NewSimpleRenderer(container.NewHBox(c.icon, widget.NewLabel(c.text))))
}

func (c *radioChoice) Tapped(*fyne.PointEvent) {
	if fc := fyne.CurrentApp().Driver().CanvasForObject(c); fc != nil {
		fc.Focus(c)
	}
	c.group.SetSelected(c.text)
}

func (c *radioChoice) FocusGained()            { c.ring.set(true) }
func (c *radioChoice) FocusLost()              { c.ring.set(false) }
func (c *radioChoice) TypedKey(*fyne.KeyEvent) {}

func (c *radioChoice) TypedRune(r rune) {
	if r == ' ' {
		c.group.SetSelected(c.text)
	}
}

func (c *radioChoice) AccessibilityLabel() string {
	if c.group.Selected == c.text {
		return c.text + ", chosen"
	}
	return c.text + ", not chosen"
}

func (c *radioChoice) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }
