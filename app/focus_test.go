package app

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// luminance is WCAG 2.2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2.2's contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// over paints c (which may be translucent) on the opaque colour under.
func over(c, under color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	u := color.NRGBAModel.Convert(under).(color.NRGBA)
	a := float64(n.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: mix(n.R, u.R), G: mix(n.G, u.G), B: mix(n.B, u.B), A: 0xFF}
}

// variantTheme shows th in one variant whatever the system prefers.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

var variants = []struct {
	name string
	v    fyne.ThemeVariant
}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}}

// The focus ring must stand out 3:1 (WCAG 1.4.11) from everything it can
// be drawn beside: the window, a hovered or selected row, the inside of a
// table, the blue of a primary button, a button's or field's fill.
func TestFocusRingContrastInBothThemes(t *testing.T) {
	th := &guardianTheme{scale: 1}
	for _, vt := range variants {
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, vt.v) }
		bg := c(theme.ColorNameBackground)
		ring := c(colorNameFocusRing)
		beside := map[string]color.Color{
			"background":         bg,
			"primary blue":       c(theme.ColorNamePrimary),
			"hovered background": over(c(theme.ColorNameHover), bg),
			"selected row":       over(c(theme.ColorNameSelection), bg),
			"button":             c(theme.ColorNameButton),
			"field":              c(theme.ColorNameInputBackground),
			"table heading":      c(theme.ColorNameHeaderBackground),
			"dialog":             c(theme.ColorNameOverlayBackground),
		}
		for what, col := range beside {
			if r := contrast(ring, col); r < 3 {
				t.Errorf("%s theme: focus ring %v against %s %v is %.2f:1, want at least 3:1", vt.name, ring, what, col, r)
			}
		}
		// The ring differs from a mere hover too (the old focus mark was the hover tint).
		if r := contrast(ring, over(c(theme.ColorNameHover), c(theme.ColorNameButton))); r < 3 {
			t.Errorf("%s theme: focus ring against a hovered button is %.2f:1", vt.name, r)
		}
		// A focused text box shows a primary-coloured border (2 px, theme.go):
		// it must show against the window and a dialog outside it, the box's
		// fill inside it, and the unfocused border it replaces.
		for what, col := range map[string]color.Color{
			"background":       bg,
			"dialog":           c(theme.ColorNameOverlayBackground),
			"text box fill":    c(theme.ColorNameInputBackground),
			"unfocused border": c(theme.ColorNameInputBorder),
		} {
			if r := contrast(c(theme.ColorNamePrimary), col); r < 3 {
				t.Errorf("%s theme: a focused text box's border (primary) against the %s is %.2f:1, want 3:1", vt.name, what, r)
			}
		}
		// Text on a primary button stays readable.
		if r := contrast(c(theme.ColorNameForegroundOnPrimary), c(theme.ColorNamePrimary)); r < 4.5 {
			t.Errorf("%s theme: text on a primary button is %.2f:1, want 4.5:1", vt.name, r)
		}
	}
}

// capture renders content alone in a window and returns the image.
func capture(t *testing.T, content fyne.CanvasObject, focus fyne.Focusable) image.Image {
	t.Helper()
	w := test.NewWindow(container.NewCenter(container.NewPadded(content)))
	defer w.Close()
	w.Resize(fyne.NewSize(320, 120))
	if focus != nil {
		w.Canvas().Focus(focus)
	}
	return w.Canvas().Capture()
}

// writePNG keeps a capture for a person to look at (GUARDIAN_SHOTS=dir).
func writePNG(t *testing.T, name string, img image.Image) {
	dir := os.Getenv("GUARDIAN_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// focusMarkPixels counts the pixels that change with at least 3:1 contrast
// between the unfocused and the focused picture.
func focusMarkPixels(before, after image.Image) int {
	n := 0
	b := before.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if contrast(before.At(x, y), after.At(x, y)) >= 3 {
				n++
			}
		}
	}
	return n
}

// Focusing the blue primary button (and the other controls) must change a
// ring of pixels around it by at least 3:1, in the light and dark themes.
func TestFocusedControlsShowARing(t *testing.T) {
	test.NewTempApp(t)
	for _, vt := range variants {
		th := variantTheme{&guardianTheme{scale: 1}, vt.v}
		fyne.CurrentApp().Settings().SetTheme(th)
		controls := []struct {
			name string
			make func() (fyne.CanvasObject, fyne.Focusable)
		}{
			{"primary-button", func() (fyne.CanvasObject, fyne.Focusable) {
				b := newButton("New question", theme.ContentAddIcon(), widget.HighImportance, nil)
				return b, b
			}},
			{"button", func() (fyne.CanvasObject, fyne.Focusable) {
				b := newButton("Export…", theme.DocumentSaveIcon(), widget.MediumImportance, nil)
				return b, b
			}},
			{"select", func() (fyne.CanvasObject, fyne.Focusable) {
				s := newSelect([]string{"All statuses", "Open"}, nil)
				s.SetSelectedIndex(0)
				return s, s
			}},
			{"check", func() (fyne.CanvasObject, fyne.Focusable) {
				c := newCheck("Overdue only", nil)
				return c, c
			}},
			{"radio", func() (fyne.CanvasObject, fyne.Focusable) {
				g := newRadioGroup([]string{"Every question", "Open questions"}, nil)
				g.SetSelected("Every question")
				return g, g.choices[1]
			}},
			{"check-group", func() (fyne.CanvasObject, fyne.Focusable) {
				g := newCheckGroup([]string{"Safe", "Effective"}, true)
				return g, g.checks[0]
			}},
			{"text-box", func() (fyne.CanvasObject, fyne.Focusable) {
				e := widget.NewEntry()
				e.SetText("Head of occupational health")
				return container.NewGridWrap(fyne.NewSize(260, e.MinSize().Height), e), e
			}},
			{"select-entry-arrow", func() (fyne.CanvasObject, fyne.Focusable) {
				e := newSelectEntry([]string{"Chief People Officer"})
				return container.NewGridWrap(fyne.NewSize(260, e.MinSize().Height), e), e.ActionItem.(*focusButton)
			}},
			{"file-list", func() (fyne.CanvasObject, fyne.Focusable) {
				var l *pickList
				l = newPickList("Files", func() int { return 2 }, func() fyne.CanvasObject { return newFileRow(theme.FileIcon(), "minutes.guardian") },
					func(id widget.ListItemID, o fyne.CanvasObject) {
						o.(*fileRow).show(l, id, theme.FileIcon(), "minutes.guardian", "")
					})
				return container.NewGridWrap(fyne.NewSize(200, 90), l), l
			}},
			{"tree", func() (fyne.CanvasObject, fyne.Focusable) {
				tr := newTree(func(id widget.TreeNodeID) []widget.TreeNodeID {
					if id == "" {
						return []string{"1", "2"}
					}
					return nil
				}, func(id widget.TreeNodeID) bool { return id == "" },
					func(bool) fyne.CanvasObject { return widget.NewLabel("area") },
					func(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) { o.(*widget.Label).SetText("Area " + id) })
				return container.NewGridWrap(fyne.NewSize(200, 90), tr), tr
			}},
			{"table", func() (fyne.CanvasObject, fyne.Focusable) {
				tb := newTextTable([]column{{"Ref", 80}, {"Area", 80}}, 1, func() int { return 2 },
					func(r, c int) string { return "Q-000" + string(rune('1'+r)) }, nil)
				return container.NewGridWrap(fyne.NewSize(200, 90), tb), tb
			}},
		}
		for _, c := range controls {
			o, _ := c.make()
			before := capture(t, o, nil)
			o, f := c.make()
			after := capture(t, o, f)
			writePNG(t, "focus-"+vt.name+"-"+c.name, after)
			// A ring 2 px wide around even a small control is well over
			// 200 pixels; Fyne's own focus tint changes none by 3:1.
			if n := focusMarkPixels(before, after); n < 200 {
				t.Errorf("%s theme, %s: focusing it changed %d pixels by 3:1 or more, want a visible ring (200+)", vt.name, c.name, n)
			}
		}
	}
}

// In the real window: focusing "New question", and "Save changes" in the
// unsaved-changes dialog, draws a ring that changes 3:1 or more, light and dark.
func TestFocusRingInTheWorkspaceAndDialog(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "First?")), false)
	c := u.win.Canvas()
	for _, vt := range variants {
		u.app.Settings().SetTheme(variantTheme{u.theme, vt.v})
		c.Unfocus()
		before := c.Capture()
		c.Focus(u.ws.list.newQ)
		after := c.Capture()
		writePNG(t, "workspace-"+vt.name+"-new-question", after)
		if n := focusMarkPixels(before, after); n < 200 {
			t.Errorf("%s theme: focusing New question changed %d pixels by 3:1, want a ring (200+)", vt.name, n)
		}
		c.Unfocus()
	}

	// An edited question, then another: the unsaved-changes dialog.
	u.app.Settings().SetTheme(variantTheme{u.theme, theme.VariantLight})
	u.ws.showQuestion(u.ws.questions[0].ID)
	test.Type(u.ws.editor.askedOf, " and the Chief Nurse")
	u.CloseLog()
	save := button(t, u, "Save changes")
	before := c.Capture()
	var fb fyne.Focusable
	for _, o := range objects(c.Overlays().Top()) {
		if b, ok := o.(*focusButton); ok && b.Text == "Save changes" {
			fb = b
		}
	}
	if fb == nil || save == nil {
		t.Fatal("no Save changes button in the dialog")
	}
	c.Focus(fb)
	after := c.Capture()
	writePNG(t, "dialog-light-save-changes", after)
	if n := focusMarkPixels(before, after); n < 200 {
		t.Errorf("focusing Save changes changed %d pixels by 3:1, want a ring (200+)", n)
	}
}

// The "Asked of" box's drop-down arrow is a ring button that still offers
// the roles: tapping it shows them under the box, and a role chosen fills it.
func TestSelectEntryArrowOffersTheOptions(t *testing.T) {
	test.NewTempApp(t)
	e := newSelectEntry([]string{"Chief People Officer", "Head of occupational health"})
	w := test.NewWindow(container.NewVBox(e))
	defer w.Close()
	w.Resize(fyne.NewSize(400, 300))
	arrow, ok := e.ActionItem.(*focusButton)
	if !ok {
		t.Fatalf("the arrow is a %T, want a ring button", e.ActionItem)
	}
	test.Tap(arrow)
	menu, _ := find(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool {
		_, ok := o.(*widget.PopUpMenu)
		return ok
	}).(*widget.PopUpMenu)
	if menu == nil {
		t.Fatal("tapping the arrow showed no menu")
	}
	item := find(menu, func(o fyne.CanvasObject) bool {
		switch o.(type) {
		case *widget.PopUpMenu, *widget.Menu, *widget.PopUp:
			return false // the menu itself, not one of its items
		}
		_, tappable := o.(fyne.Tappable)
		return tappable && find(o, func(c fyne.CanvasObject) bool {
			tx, ok := c.(*canvas.Text)
			return ok && tx.Text == "Head of occupational health"
		}) != nil
	})
	if item == nil {
		t.Fatal("the menu does not offer Head of occupational health")
	}
	test.Tap(item.(fyne.Tappable))
	if e.Text != "Head of occupational health" {
		t.Errorf("after choosing a role the box says %q", e.Text)
	}
}
