package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// These tests drive the real fyneFiles, Fyne's own file dialogs, on a test
// window: the app tests answer file dialogs through fakeFiles, which never
// showed that every real dialog crashed (issue 16).

// fileDialogWindow returns a 1280x800 window (the app's size) and a home
// folder with Documents/minutes.guardian in it.
func fileDialogWindow(t *testing.T) (fyne.Window, string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "minutes.guardian"), []byte("the minutes"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	keepExistingFiles()
	w := a.NewWindow("Guardian")
	w.SetContent(widget.NewLabel("the log"))
	w.Resize(fyne.NewSize(1280, 800))
	return w, docs
}

// shownDialog is the modal pop-up a file dialog puts on w's canvas.
func shownDialog(t *testing.T, w fyne.Window) *widget.PopUp {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown on the window")
	}
	p, _ := find(top, func(o fyne.CanvasObject) bool {
		_, ok := o.(*widget.PopUp)
		return ok
	}).(*widget.PopUp)
	if p == nil || !p.Visible() {
		t.Fatalf("no dialog shown on the window (top overlay: %T)", w.Canvas().Overlays().Top())
	}
	return p
}

// find returns the first object under root (through widget renderers and
// containers) that match accepts.
func find(root fyne.CanvasObject, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	if match(root) {
		return root
	}
	var children []fyne.CanvasObject
	switch o := root.(type) {
	case *fyne.Container:
		children = o.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(o).Objects()
	}
	for _, c := range children {
		if found := find(c, match); found != nil {
			return found
		}
	}
	return nil
}

func findButton(t *testing.T, root fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	b, _ := find(root, func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == text && b.Visible()
	}).(*widget.Button)
	if b == nil {
		t.Fatalf("no %q button in the dialog", text)
	}
	return b
}

// findFileItem is the file dialog's item for the file called name (the grid
// view leaves out the extension).
func findFileItem(t *testing.T, root fyne.CanvasObject, name string) fyne.Tappable {
	t.Helper()
	item, _ := find(root, func(o fyne.CanvasObject) bool {
		w, ok := o.(fyne.Widget)
		if _, tappable := o.(fyne.Tappable); !ok || !tappable {
			return false
		}
		return find(w, func(c fyne.CanvasObject) bool {
			l, ok := c.(*widget.Label)
			return ok && (l.Text == name || l.Text == strings.TrimSuffix(name, filepath.Ext(name)))
		}) != nil && o != root
	}).(fyne.Tappable)
	if item == nil {
		t.Fatalf("%s is not listed in the dialog: it did not start in the expected folder", name)
	}
	return item
}

// assertSizedToWindow checks the dialog takes about 80% of the window.
func assertSizedToWindow(t *testing.T, w fyne.Window, p *widget.PopUp) {
	t.Helper()
	win, got := w.Canvas().Size(), p.Content.Size()
	if got.Width < win.Width*0.75 || got.Width > win.Width*0.85 || got.Height < win.Height*0.75 || got.Height > win.Height*0.85 {
		t.Errorf("dialog is %v in a %v window, want about 80%%", got, win)
	}
}

func TestOpenFileDialogStartsInDocumentsAndReturnsTheChoice(t *testing.T) {
	w, docs := fileDialogWindow(t)
	f := &fyneFiles{win: w}

	var got []string
	f.OpenFile("Open a log", []string{LogExtension}, func(p string) { got = append(got, p) })
	d := shownDialog(t, w)
	assertSizedToWindow(t, w, d)
	findFileItem(t, d, "minutes.guardian")
	test.Tap(findButton(t, d, "Cancel"))
	if len(got) != 1 || got[0] != "" {
		t.Fatalf("cancel: done got %q, want one empty path", got)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("the dialog is still shown after Cancel")
	}

	got = nil
	f.OpenFile("Open a log", []string{LogExtension}, func(p string) { got = append(got, p) })
	d = shownDialog(t, w)
	test.Tap(findFileItem(t, d, "minutes.guardian"))
	test.Tap(findButton(t, d, "Open"))
	want := filepath.Join(docs, "minutes.guardian")
	if len(got) != 1 || got[0] != want {
		t.Fatalf("open: done got %q, want %q", got, want)
	}
	if f.lastDir != docs {
		t.Errorf("last folder = %q, want %q", f.lastDir, docs)
	}
}

func TestSaveFileDialogSuggestsTheNameAndNeverEmptiesAFile(t *testing.T) {
	w, docs := fileDialogWindow(t)
	f := &fyneFiles{win: w}
	other := filepath.Join(filepath.Dir(docs), "Board papers")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "March.xlsx"), []byte("last month's paper"), 0o600); err != nil {
		t.Fatal(err)
	}

	var got []string
	done := func(p string) { got = append(got, p) }
	nameEntry := func(d *widget.PopUp, name string) *widget.Entry {
		t.Helper()
		e, _ := find(d, func(o fyne.CanvasObject) bool {
			e, ok := o.(*widget.Entry)
			return ok && e.Text == name
		}).(*widget.Entry)
		if e == nil {
			t.Fatalf("no file name box showing %q in the save dialog", name)
		}
		return e
	}

	f.SaveFile("Save the board paper as", "April.xlsx", done)
	d := shownDialog(t, w)
	assertSizedToWindow(t, w, d)
	findFileItem(t, d, "minutes.guardian")
	nameEntry(d, "April.xlsx")
	test.Tap(findButton(t, d, "Cancel"))
	if len(got) != 1 || got[0] != "" {
		t.Fatalf("cancel: done got %q, want one empty path", got)
	}

	// A new file: the path comes back and nothing is created (Guardian writes
	// the file itself).
	got = nil
	f.lastDir = other
	f.SaveFile("Save the board paper as", "April.xlsx", done)
	d = shownDialog(t, w)
	findFileItem(t, d, "March.xlsx") // starts in the last folder used
	test.Tap(findButton(t, d, "Save"))
	want := filepath.Join(other, "April.xlsx")
	if len(got) != 1 || got[0] != want {
		t.Fatalf("save: done got %q, want %q", got, want)
	}
	if _, err := os.Stat(want); !os.IsNotExist(err) {
		t.Errorf("the dialog itself created or touched %s (stat: %v)", want, err)
	}

	// An existing file, confirmed at "Overwrite?": the path comes back and
	// the file is still whole.
	got = nil
	f.SaveFile("Save the board paper as", "April.xlsx", done)
	d = shownDialog(t, w)
	nameEntry(d, "April.xlsx").SetText("March.xlsx")
	test.Tap(findButton(t, d, "Save"))
	test.Tap(findButton(t, shownDialog(t, w), "Yes"))
	want = filepath.Join(other, "March.xlsx")
	if len(got) != 1 || got[0] != want {
		t.Fatalf("overwrite: done got %q, want %q", got, want)
	}
	if b, _ := os.ReadFile(want); string(b) != "last month's paper" {
		t.Fatalf("the existing file now holds %q: the dialog emptied it", b)
	}
}
