package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// Every column of the question list shows without scrolling sideways in a
// laptop's window (1280 by 800, the window's first size, and 1366 by 768),
// and a wide window gives its room to the Question column.
func TestQuestionListColumnsFitTheWindow(t *testing.T) {
	path, _ := periodLog(t)
	u, _ := newTestUI(t)
	u.OpenLog(path, false)
	table := u.ws.list.table
	d := fyne.CurrentApp().Driver()
	last := columns[len(columns)-1].title
	questionWidth := map[fyne.Size]float32{}
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(1366, 768), fyne.NewSize(1920, 1080)} {
		u.win.Resize(size)
		u.win.Content().Refresh()
		right := d.AbsolutePositionForObject(table).X + table.Size().Width
		var header, question fyne.CanvasObject
		for _, o := range objects(table) {
			if b, ok := o.(*focusButton); ok && b.Visible() {
				switch b.Text {
				case last:
					header = b
				case columns[colText].title:
					question = b
				}
			}
		}
		if header == nil || question == nil {
			t.Errorf("at %v the %q or %q heading is not shown", size, last, columns[colText].title)
			continue
		}
		if end := d.AbsolutePositionForObject(header).X + header.Size().Width; end > right {
			t.Errorf("at %v the %q column ends at %.0f, past the table's edge at %.0f", size, last, end, right)
		}
		questionWidth[size] = question.Size().Width
	}
	if wide, laptop := questionWidth[fyne.NewSize(1920, 1080)], questionWidth[fyne.NewSize(1366, 768)]; wide <= laptop {
		t.Errorf("the Question column is %.0f wide in a wide window and %.0f in a laptop's", wide, laptop)
	}
}

// widths records the column widths a table is given.
type widths map[int]float32

func (w widths) SetColumnWidth(col int, width float32) { w[col] = width }

// However narrow the table, the column that gives up width keeps room for
// its heading: the Requests tab's "Evidence asked for" ran into the next
// heading when halved.
func TestFitColumnsKeepsTheHeading(t *testing.T) {
	test.NewTempApp(t)
	for i, c := range requestColumns {
		w := widths{}
		fitColumns(w, requestColumns, i, 1, 100)
		heading := fyne.MeasureText(c.title, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
		if w[i] < heading {
			t.Errorf("%q given %.0f, narrower than its heading (%.0f)", c.title, w[i], heading)
		}
	}
}
