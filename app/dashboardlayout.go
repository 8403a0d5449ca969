package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// attentionMinWidth is the narrowest the attention list is put beside the
// heatmap, at the normal text size.
const attentionMinWidth = 240

// dashLayout puts the attention list beside the heatmap when every heatmap
// column fits beside it, and under the heatmap when not, so that no column
// needs the horizontal scroll bar in a laptop window.
type dashLayout struct{ d *dashboard }

// heatWidth is the width the heatmap needs to show every column.
func (l *dashLayout) heatWidth() float32 {
	w := theme.Padding() * 2 // the scroll bar's margin
	for _, c := range l.d.widths {
		w += c + theme.SeparatorThicknessSize()
	}
	return w
}

// beside reports whether the attention list goes beside the heatmap in a
// space width wide.
func (l *dashLayout) beside(width float32) bool {
	return width >= l.heatWidth()+theme.Padding()+attentionMinWidth*l.d.ws.ui.theme.scale
}

func (l *dashLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	heat, att := objs[0], objs[1]
	pad := theme.Padding()
	if l.beside(size.Width) {
		// The heatmap takes three quarters, or what its columns need
		// if more, and the attention list the rest.
		w := min(max(l.heatWidth(), (size.Width-pad)*0.75), size.Width-pad-attentionMinWidth*l.d.ws.ui.theme.scale)
		heat.Move(fyne.NewPos(0, 0))
		heat.Resize(fyne.NewSize(w, size.Height))
		att.Move(fyne.NewPos(w+pad, 0))
		att.Resize(fyne.NewSize(size.Width-w-pad, size.Height))
		return
	}
	h := (size.Height - pad) * 0.68
	heat.Move(fyne.NewPos(0, 0))
	heat.Resize(fyne.NewSize(size.Width, h))
	att.Move(fyne.NewPos(0, h+pad))
	att.Resize(fyne.NewSize(size.Width, size.Height-h-pad))
}

func (l *dashLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	heat, att := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(heat.Width, att.Width), heat.Height+att.Height+theme.Padding())
}
