package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// column is a table column's heading and width at normal text size.
type column struct {
	title string
	width float32
}

// newTextTable is a read-only table of truncated text with a bold header
// row; text gives each cell's text.
func newTextTable(cols []column, scale float32, rows func() int, text func(row, col int) string, selected func(widget.TableCellID)) *focusTable {
	t := (&focusTable{Table: widget.Table{
		Length:     func() (int, int) { return rows(), len(cols) },
		CreateCell: func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < rows() {
				o.(*widget.Label).SetText(text(id.Row, id.Col))
			}
		},
		ShowHeaderRow: true,
		CreateHeader: func() fyne.CanvasObject {
			return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		},
		UpdateHeader: func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Col >= 0 {
				o.(*widget.Label).SetText(cols[id.Col].title)
			}
		},
		OnSelected: selected,
	}}).init()
	setColumnWidths(t, cols, scale)
	return t
}

func setColumnWidths(t interface{ SetColumnWidth(int, float32) }, cols []column, scale float32) {
	for i, c := range cols {
		t.SetColumnWidth(i, c.width*scale)
	}
}

// fitColumns sets the columns' widths for a table width wide: each column
// its own width, but column stretch takes what the others leave (less the
// scroll bar, the padding and the lines between columns), down to half its
// own width and never narrower than its bold heading, so that every column
// shows in a laptop's window and a wide window is used for the longest
// text. Narrower still, the table scrolls sideways.
func fitColumns(t interface{ SetColumnWidth(int, float32) }, cols []column, stretch int, scale, width float32) {
	rest := theme.ScrollBarSize() + 2*theme.Padding() + float32(len(cols))*theme.SeparatorThicknessSize()
	for i, c := range cols {
		if i != stretch {
			rest += c.width * scale
		}
	}
	heading := fyne.MeasureText(cols[stretch].title, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 4*theme.Padding()
	setColumnWidths(t, cols, scale)
	t.SetColumnWidth(stretch, max(cols[stretch].width*scale/2, heading, width-rest))
}

// fieldItem is a form row whose field has its validation message right
// below it; the message label is kept in errs under the field's name.
func fieldItem(errs map[string]*widget.Label, label, field string, w fyne.CanvasObject) *widget.FormItem {
	msg := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	msg.Hide()
	errs[field] = msg
	return widget.NewFormItem(label, container.NewVBox(w, msg))
}

// showFieldErrors shows each message beside its field and hides the rest.
func showFieldErrors(errs map[string]*widget.Label, problems map[string]string) {
	for f, l := range errs {
		if msg, ok := problems[f]; ok {
			l.SetText(msg)
			l.Show()
		} else {
			l.Hide()
		}
	}
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func setAllEnabled(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		setEnabled(w, on)
	}
}

// border is container.NewBorder with its objects in reading order (top,
// left, centre, right, bottom). Fyne moves the keyboard focus in the order
// of a container's objects, and container.NewBorder puts the centre first:
// Tab would reach a list before the search box and buttons above it.
func border(top, bottom, left, right, center fyne.CanvasObject) *fyne.Container {
	var objs []fyne.CanvasObject
	for _, o := range []fyne.CanvasObject{top, left, center, right, bottom} {
		if o != nil {
			objs = append(objs, o)
		}
	}
	return container.New(layout.NewBorderLayout(top, bottom, left, right), objs...)
}

// wrapped is a label that wraps its text, for dialogs.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
