package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/nhsguardian/guardian/assurance"
)

// NHS identity colours (NHS England's colour guidance). Blue is the accent;
// the assurance scale uses the NHS green, warm yellow, orange and red so the
// same colours mean the same thing on screen and on the board paper.
var (
	nhsBlue      = color.NRGBA{R: 0x00, G: 0x5E, B: 0xB8, A: 0xFF}
	nhsLightBlue = color.NRGBA{R: 0x41, G: 0xB6, B: 0xE6, A: 0xFF} // readable on a dark background
	// Primary buttons in the dark theme: 3.7:1 against the dark background,
	// and white text (and the white focus ring) 4.9:1 against it.
	nhsBrightBlue = color.NRGBA{R: 0x00, G: 0x72, B: 0xCE, A: 0xFF}
	nhsGreen      = color.NRGBA{R: 0x00, G: 0x96, B: 0x39, A: 0xFF}
	nhsAquaGreen  = color.NRGBA{R: 0x78, G: 0xBE, B: 0x20, A: 0xFF}
	nhsOrange     = color.NRGBA{R: 0xED, G: 0x8B, B: 0x00, A: 0xFF}
	nhsRed        = color.NRGBA{R: 0xDA, G: 0x29, B: 0x1C, A: 0xFF}
	nhsMidGrey    = color.NRGBA{R: 0x76, G: 0x86, B: 0x92, A: 0xFF}
)

// levelColour is the colour of an assurance level's chip and heatmap cells.
func levelColour(l assurance.AssuranceLevel) color.NRGBA {
	if s := currentScale(); s.ID != assurance.ScaleAssurance {
		return hexColour(s.Fill(l))
	}
	switch l {
	case assurance.Substantial:
		return nhsGreen
	case assurance.Reasonable:
		return nhsAquaGreen
	case assurance.Limited:
		return nhsOrange
	case assurance.NoAssurance:
		return nhsRed
	}
	return nhsMidGrey
}

// levelTextColour is black or white, whichever reads better on the level's colour.
func levelTextColour(l assurance.AssuranceLevel) color.Color {
	if s := currentScale(); s.ID != assurance.ScaleAssurance {
		return hexColour(s.Ink(l))
	}
	switch l {
	case assurance.Reasonable, assurance.Limited:
		return color.Black
	}
	return color.White
}

// Text size steps offered in the View menu; 1 is Fyne's normal size.
var textScales = []float32{0.9, 1, 1.15, 1.3, 1.5, 1.75, 2}

// guardianTheme is Fyne's default theme (which follows the system's light or
// dark setting) with NHS blue accents and an adjustable text size for readers
// who need larger print.
type guardianTheme struct {
	scale float32
}

// Focus ring colours (focus.go): at least 3:1 against the window
// background, the primary blue and a hovered background, in each variant.
var (
	focusRingLight = color.NRGBA{R: 0x0B, G: 0x0C, B: 0x0C, A: 0xFF}
	focusRingDark  = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

// inputBorderDark is a text box's border in the dark theme, 3.1:1 from the
// primary blue of a focused one.
var inputBorderDark = color.NRGBA{R: 0x26, G: 0x26, B: 0x29, A: 0xFF}

func (t *guardianTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	dark := v == theme.VariantDark
	accent, link, ring := nhsBlue, nhsBlue, focusRingLight
	if dark {
		accent, link, ring = nhsBrightBlue, nhsLightBlue, focusRingDark
	}
	switch n {
	case theme.ColorNamePrimary:
		return accent
	case theme.ColorNameHyperlink:
		return link
	case colorNameFocusRing:
		return ring
	case theme.ColorNameFocus:
		return withAlpha(accent, 0x7F)
	case theme.ColorNameSelection:
		return withAlpha(accent, 0x40)
	case theme.ColorNameForegroundOnPrimary:
		return color.White
	case theme.ColorNameHeaderBackground:
		if !dark {
			return color.NRGBA{R: 0xE8, G: 0xED, B: 0xEE, A: 0xFF} // NHS pale grey
		}
	case theme.ColorNameInputBorder:
		// A focused text box's border turns primary: that change must be
		// 3:1 too (Fyne's dark grey border is 2.4:1 from the blue).
		if dark {
			return inputBorderDark
		}
	}
	return theme.DefaultTheme().Color(n, v)
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

func (t *guardianTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t *guardianTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *guardianTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	switch n {
	case theme.SizeNameInputBorder:
		// Two pixels: Fyne's one-pixel border is drawn across two pixel
		// rows at half strength, so the focused colour never shows at 3:1.
		return 2
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return s * t.scale
	}
	return s
}
