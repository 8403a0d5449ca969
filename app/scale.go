package app

import (
	"image/color"
	"strconv"
	"sync/atomic"

	"github.com/nhsguardian/guardian/assurance"
)

// shownScale is the open log's assurance scale: its words and colours are
// used wherever a level is shown. One window shows one log at a time, so
// the scale is set when a log is opened and when its settings change.
var shownScale atomic.Pointer[assurance.Scale]

func currentScale() *assurance.Scale {
	if s := shownScale.Load(); s != nil {
		return s
	}
	return assurance.ScaleByID("")
}

// useScale reads the log's scale, falling back to the default for a log
// that keeps none.
func (ws *workspace) useScale() {
	scale := assurance.ScaleByID("")
	if y := assurance.YearOf(ws.store); y != nil {
		if ls, err := y.LogSettings(ws.ui.ctx()); err == nil {
			scale = assurance.ScaleByID(ls.Scale)
		}
	}
	shownScale.Store(scale)
}

// levelLabel is a level in the log's own words.
func levelLabel(l assurance.AssuranceLevel) string { return currentScale().Label(l) }

// hexColour reads RRGGBB.
func hexColour(s string) color.NRGBA {
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil || len(s) != 6 {
		return nhsMidGrey
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// boardWord is what the organisation calls its board: "board", or a
// primary care organisation's "senior management team".
func (ws *workspace) boardWord() string {
	if y := assurance.YearOf(ws.store); y != nil {
		if ls, err := y.LogSettings(ws.ui.ctx()); err == nil {
			return ls.Org.BoardWord()
		}
	}
	return assurance.OrgTrust.BoardWord()
}
