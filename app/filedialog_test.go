package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/internal/userdirs"
)

// These tests drive the real fyneFiles, Guardian's own file dialog, on a
// test window and from the keyboard: the app tests answer file dialogs
// through fakeFiles, which never showed that every real dialog crashed
// (issue 16).

// fileDialogWindow returns a 1280x800 window (the app's size) and a home
// folder whose Documents holds minutes.guardian, notes.txt and the folder
// Board papers with March.guardian in it.
func fileDialogWindow(t *testing.T) (fyne.Window, string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	docs := filepath.Join(home, "Documents")
	papers := filepath.Join(docs, "Board papers")
	if err := os.MkdirAll(papers, 0o700); err != nil {
		t.Fatal(err)
	}
	for path, text := range map[string]string{
		filepath.Join(docs, "minutes.guardian"):     "the minutes",
		filepath.Join(docs, "notes.txt"):            "not a log",
		filepath.Join(papers, "March.guardian"):     "last month's log",
		filepath.Join(docs, ".hidden.guardian"):     "hidden",
		filepath.Join(docs, "~$minutes.guardian"):   "an owner file",
		filepath.Join(home, "Desktop-not-a-folder"): "",
	} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(&guardianTheme{scale: 1})
	w := a.NewWindow("Guardian")
	w.SetContent(widget.NewLabel("the log"))
	w.Resize(fyne.NewSize(1280, 800))
	return w, docs
}

// shownFileDialog is the file dialog on top of w.
func shownFileDialog(t *testing.T, w fyne.Window) *widget.PopUp {
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
		t.Fatalf("no dialog shown on the window (top overlay: %T)", top)
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

// press sends a key to what has the focus, as the window does: Tab moves
// the focus; with nothing focused the key goes to the canvas.
func press(c fyne.Canvas, keys ...fyne.KeyName) {
	for _, k := range keys {
		switch f := c.Focused(); {
		case k == fyne.KeyTab:
			c.FocusNext()
		case f != nil:
			f.TypedKey(&fyne.KeyEvent{Name: k})
		case c.OnTypedKey() != nil:
			c.OnTypedKey()(&fyne.KeyEvent{Name: k})
		}
	}
}

// typeRunes types text into what has the focus.
func typeRunes(c fyne.Canvas, text string) {
	for _, r := range text {
		c.Focused().TypedRune(r)
	}
}

// listed is what the dialog's file list shows, in order.
func listed(f *fileDialog) []string {
	var out []string
	for _, e := range f.entries {
		out = append(out, e.name)
	}
	return out
}

// showFiles opens a dialog through fyneFiles and returns it, with the
// answers it gives.
func showFiles(t *testing.T, f *fyneFiles, open func(done func(string))) (*fileDialog, *[]string) {
	t.Helper()
	got := &[]string{}
	open(func(p string) { *got = append(*got, p) })
	shownFileDialog(t, f.win)
	if f.shown == nil {
		t.Fatal("the dialog shown is not Guardian's file dialog")
	}
	return f.shown, got
}

func findButton(t *testing.T, root fyne.CanvasObject, text string) *focusButton {
	t.Helper()
	b, _ := find(root, func(o fyne.CanvasObject) bool {
		b, ok := o.(*focusButton)
		return ok && b.Text == text && b.Visible()
	}).(*focusButton)
	if b == nil {
		t.Fatalf("no %q button in the dialog", text)
	}
	return b
}

// assertSizedToWindow checks the dialog takes about 80% of the window.
func assertSizedToWindow(t *testing.T, w fyne.Window, p *widget.PopUp) {
	t.Helper()
	win, got := w.Canvas().Size(), p.Content.Size()
	if got.Width < win.Width*0.75 || got.Width > win.Width*0.85 || got.Height < win.Height*0.75 || got.Height > win.Height*0.85 {
		t.Errorf("dialog is %v in a %v window, want about 80%%", got, win)
	}
}

func assertAnswers(t *testing.T, what string, got *[]string, want ...string) {
	t.Helper()
	if !slices.Equal(*got, want) {
		t.Fatalf("%s: the dialog answered %q, want %q", what, *got, want)
	}
	*got = nil
}

func TestOpenDialogFromTheKeyboard(t *testing.T) {
	w, docs := fileDialogWindow(t)
	c := w.Canvas()
	f := &fyneFiles{win: w}
	openLog := func(done func(string)) { f.OpenFile("Open a log", []string{LogExtension}, done) }

	// Shown in Documents, sized to the window, the files list focused;
	// folders first, then the logs only. Escape cancels.
	d, got := showFiles(t, f, openLog)
	assertSizedToWindow(t, w, shownFileDialog(t, w))
	if want := []string{"Board papers", "minutes.guardian"}; !slices.Equal(listed(d), want) {
		t.Fatalf("Documents lists %q, want %q (folders first, logs only, nothing hidden)", listed(d), want)
	}
	if c.Focused() != d.files {
		t.Fatalf("focus starts on %T, want the file list", c.Focused())
	}
	if d.ok.Disabled() == false {
		t.Error("Open is enabled before anything is chosen")
	}
	press(c, fyne.KeyEscape)
	assertAnswers(t, "Escape", got, "")
	if c.Overlays().Top() != nil {
		t.Fatal("the dialog is still shown after Escape")
	}

	// Into the folder with Enter, up again with Backspace (back on the
	// folder), then Down and Enter chooses the log.
	d, got = showFiles(t, f, openLog)
	press(c, fyne.KeyReturn)
	if d.dir != filepath.Join(docs, "Board papers") || !slices.Equal(listed(d), []string{"March.guardian"}) {
		t.Fatalf("Enter on Board papers: in %s listing %q", d.dir, listed(d))
	}
	press(c, fyne.KeyBackspace)
	if d.dir != docs || d.files.at != 0 {
		t.Fatalf("Backspace: in %s at entry %d, want Documents at Board papers", d.dir, d.files.at)
	}
	press(c, fyne.KeyDown)
	if d.ok.Disabled() {
		t.Error("Open stays disabled with a log chosen by the arrow keys")
	}
	press(c, fyne.KeyReturn)
	assertAnswers(t, "Down, Enter", got, filepath.Join(docs, "minutes.guardian"))
	if f.lastDir != docs {
		t.Errorf("last folder = %q, want %q", f.lastDir, docs)
	}

	// Type to find, then the Open button (Tab, Tab: past Cancel) with the space bar.
	d, got = showFiles(t, f, openLog)
	typeRunes(c, "mi")
	if d.files.at != 1 {
		t.Fatalf("typing \"mi\" put the keys on entry %d, want minutes.guardian", d.files.at)
	}
	press(c, fyne.KeyTab)
	if c.Focused() != d.cancelB {
		t.Fatalf("Tab from the files reached %T, want Cancel", c.Focused())
	}
	press(c, fyne.KeyTab, fyne.KeySpace)
	assertAnswers(t, "Open button", got, filepath.Join(docs, "minutes.guardian"))

	// The Up button and the places: Up from Documents is the home folder,
	// which is also a place; choosing Documents among the places goes back.
	d, got = showFiles(t, f, openLog)
	c.Focus(d.up)
	press(c, fyne.KeySpace)
	if d.dir != filepath.Dir(docs) {
		t.Fatalf("Up: in %s", d.dir)
	}
	c.Focus(d.placesL)
	i := slices.IndexFunc(d.places, func(p userdirs.Place) bool { return p.Name == "Documents" })
	press(c, fyne.KeyHome)
	for range i {
		press(c, fyne.KeyDown)
	}
	if d.dir != docs {
		t.Fatalf("the Documents place: in %s", d.dir)
	}
	// Escape from a button cancels too, and the last folder is offered.
	c.Focus(d.up)
	press(c, fyne.KeyEscape)
	assertAnswers(t, "Escape on Up", got, "")
	d, _ = showFiles(t, f, openLog)
	if !slices.ContainsFunc(d.places, func(p userdirs.Place) bool { return p.Path == docs }) {
		t.Errorf("places %v lack the folder last used", d.places)
	}
	c.Unfocus()
	press(c, fyne.KeyEscape) // nothing focused: the window passes it on
	if c.Overlays().Top() != nil {
		t.Fatal("Escape with nothing focused left the dialog shown")
	}
}

func TestSaveDialogFromTheKeyboard(t *testing.T) {
	w, docs := fileDialogWindow(t)
	c := w.Canvas()
	f := &fyneFiles{win: w}
	create := func(done func(string)) {
		f.SaveFile("Create a new Guardian log", "Health and wellbeing guardian log"+LogExtension, done)
	}

	// The name box has the focus and the suggested name, all selected:
	// typing replaces it, and the extension is added back.
	d, got := showFiles(t, f, create)
	if c.Focused() != d.name {
		t.Fatalf("focus starts on %T, want the file name box", c.Focused())
	}
	if d.name.Text != "Health and wellbeing guardian log.guardian" || d.name.SelectedText() != d.name.Text {
		t.Fatalf("name box shows %q with %q selected", d.name.Text, d.name.SelectedText())
	}
	typeRunes(c, " ") // the space bar that pressed the button that opened it
	if d.name.Text != "Health and wellbeing guardian log.guardian" {
		t.Fatalf("a space typed over the selected name left %q", d.name.Text)
	}
	typeRunes(c, "Trust log")
	press(c, fyne.KeyReturn)
	want := filepath.Join(docs, "Trust log.guardian")
	assertAnswers(t, "a new name", got, want)
	if _, err := os.Stat(want); !os.IsNotExist(err) {
		t.Errorf("the dialog itself created %s (stat: %v)", want, err)
	}

	// An empty name: Save is disabled and Enter does nothing; Escape cancels.
	d, got = showFiles(t, f, create)
	press(c, fyne.KeyDelete)
	if d.name.Text != "" || !d.ok.Disabled() {
		t.Fatalf("name %q emptied, Save disabled %v", d.name.Text, d.ok.Disabled())
	}
	press(c, fyne.KeyReturn)
	assertAnswers(t, "Enter on an empty name", got)
	press(c, fyne.KeyEscape)
	assertAnswers(t, "Escape in the name box", got, "")

	// An existing log, reached from the list: Enter puts its name in the
	// box; saving asks first, and the file is left whole.
	d, got = showFiles(t, f, create)
	c.Focus(d.files)
	press(c, fyne.KeyDown, fyne.KeyReturn)
	if c.Focused() != d.name || d.name.Text != "minutes.guardian" {
		t.Fatalf("Enter on minutes.guardian: name %q, focus on %T", d.name.Text, c.Focused())
	}
	press(c, fyne.KeyReturn)
	assertAnswers(t, "before the question", got)
	replace := findButton(t, c.Overlays().Top(), "Replace")
	test.Tap(replace)
	assertAnswers(t, "Replace", got, filepath.Join(docs, "minutes.guardian"))
	if b, _ := os.ReadFile(filepath.Join(docs, "minutes.guardian")); string(b) != "the minutes" {
		t.Fatalf("the existing file now holds %q", b)
	}
	if c.Overlays().Top() != nil {
		t.Fatal("a dialog is still shown after Replace")
	}

	// A folder's name typed goes into it; a name with a slash is refused in words.
	d, got = showFiles(t, f, create)
	d.name.SetText("Board papers") // no extension is added to an existing folder's name
	d.onOK()
	if d.dir != filepath.Join(docs, "Board papers") {
		t.Fatalf("saving as a folder's name: in %s", d.dir)
	}
	d.name.SetText("a/b")
	d.onOK()
	if !d.problem.Visible() || len(*got) != 0 {
		t.Fatalf("a name with a slash: problem shown %v, answers %q", d.problem.Visible(), *got)
	}
	press(c, fyne.KeyEscape)
	assertAnswers(t, "Escape", got, "")
}

// A folder that cannot be read is shown empty with the reason in words,
// and Up leads out of it.
func TestFileDialogFolderGone(t *testing.T) {
	w, docs := fileDialogWindow(t)
	c := w.Canvas()
	f := &fyneFiles{win: w}
	d, got := showFiles(t, f, func(done func(string)) { f.OpenFile("Open a log", []string{LogExtension}, done) })
	if err := os.RemoveAll(filepath.Join(docs, "Board papers")); err != nil {
		t.Fatal(err)
	}
	press(c, fyne.KeyReturn)
	if len(d.entries) != 0 || !d.problem.Visible() || d.problem.Text != "The folder Board papers is not there any more (moved, deleted, or a drive not connected). Choose another folder." {
		t.Fatalf("a folder gone: %d entries, problem %q (shown %v)", len(d.entries), d.problem.Text, d.problem.Visible())
	}
	press(c, fyne.KeyBackspace)
	if d.dir != docs || d.problem.Visible() {
		t.Fatalf("Up from the folder gone: in %s, problem shown %v", d.dir, d.problem.Visible())
	}
	press(c, fyne.KeyEscape)
	assertAnswers(t, "Escape", got, "")
}

// Letters typed within a second of each other find a name by its start;
// after a pause a letter starts again.
func TestFileListTypeToFind(t *testing.T) {
	w, docs := fileDialogWindow(t)
	for _, n := range []string{"mandate.guardian", "mid-year.guardian"} {
		if err := os.WriteFile(filepath.Join(docs, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c := w.Canvas()
	f := &fyneFiles{win: w}
	d, _ := showFiles(t, f, func(done func(string)) { f.OpenFile("Open a log", []string{LogExtension}, done) })
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	d.files.now = func() time.Time { return now }
	at := func() string { return d.entries[d.files.at].name }
	typeRunes(c, "mi")
	if at() != "mid-year.guardian" {
		t.Fatalf("\"mi\" found %s", at())
	}
	now = now.Add(2 * time.Second)
	typeRunes(c, "b")
	if at() != "Board papers" {
		t.Fatalf("\"b\" after a pause found %s", at())
	}
	typeRunes(c, "m") // "bm" matches nothing: "m" alone
	if at() != "mandate.guardian" {
		t.Fatalf("\"m\" found %s", at())
	}
}

// The dialog's parts say what they are to a screen reader.
func TestFileDialogAccessibleLabels(t *testing.T) {
	w, docs := fileDialogWindow(t)
	f := &fyneFiles{win: w}
	d, _ := showFiles(t, f, func(done func(string)) { f.SaveFile("Save", "Paper.guardian", done) })
	var rows []string
	for _, o := range objects(w.Canvas().Overlays().Top()) {
		if r, ok := o.(*fileRow); ok && r.Visible() {
			rows = append(rows, r.AccessibilityLabel())
		}
	}
	for _, want := range []string{"Folder Board papers", "File minutes.guardian", "Place Documents, " + docs} {
		if !slices.Contains(rows, want) {
			t.Errorf("no row says %q; rows say %q", want, rows)
		}
	}
	if got := d.files.AccessibilityLabel(); got != "Files in "+docs {
		t.Errorf("file list says %q", got)
	}
	if got := d.name.AccessibilityLabel(); got != "File name: Paper.guardian" {
		t.Errorf("name box says %q", got)
	}
}

// The mouse: a click on a folder opens it, on a file chooses it; a double
// click on a file opens it (Open) or saves over it after the question (Save).
func TestFileDialogByMouse(t *testing.T) {
	w, docs := fileDialogWindow(t)
	f := &fyneFiles{win: w}
	row := func(name string) *fileRow {
		t.Helper()
		r, _ := find(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool {
			r, ok := o.(*fileRow)
			return ok && r.Visible() && r.label.Text == name
		}).(*fileRow)
		if r == nil {
			t.Fatalf("no row shows %s", name)
		}
		return r
	}
	d, got := showFiles(t, f, func(done func(string)) { f.OpenFile("Open a log", []string{LogExtension}, done) })
	test.Tap(row("Board papers"))
	if d.dir != filepath.Join(docs, "Board papers") {
		t.Fatalf("a click on Board papers: in %s", d.dir)
	}
	test.Tap(d.up)
	test.Tap(row("minutes.guardian"))
	if d.ok.Disabled() || len(*got) != 0 {
		t.Fatalf("a click on a log: Open disabled %v, answers %q", d.ok.Disabled(), *got)
	}
	test.DoubleTap(row("minutes.guardian"))
	assertAnswers(t, "a double click", got, filepath.Join(docs, "minutes.guardian"))

	_, got = showFiles(t, f, func(done func(string)) { f.SaveFile("Save", "Paper.guardian", done) })
	test.DoubleTap(row("minutes.guardian"))
	assertAnswers(t, "before the question", got)
	test.Tap(findButton(t, w.Canvas().Overlays().Top(), "Replace"))
	assertAnswers(t, "a double click, then Replace", got, filepath.Join(docs, "minutes.guardian"))
}

// Why a folder cannot be shown, in words (root cannot be refused a folder,
// so the permission case is checked on the error itself).
func TestFolderProblemInWords(t *testing.T) {
	for _, c := range []struct {
		dir  string
		err  error
		want string
	}{
		{"/srv/Board", &fs.PathError{Op: "open", Path: "/srv/Board", Err: fs.ErrPermission},
			"You do not have permission to open the folder Board. Choose another folder."},
		{"/", &fs.PathError{Op: "open", Path: "/", Err: errors.New("input/output error")},
			"The folder / could not be read (input/output error). Choose another folder."},
	} {
		if got := folderProblem(c.dir, c.err); got != c.want {
			t.Errorf("folderProblem(%s, %v) = %q, want %q", c.dir, c.err, got, c.want)
		}
	}
}

// The folder last used, since deleted: the dialog starts in Documents.
func TestFileDialogLastFolderGone(t *testing.T) {
	w, docs := fileDialogWindow(t)
	f := &fyneFiles{win: w, lastDir: filepath.Join(docs, "Board papers")}
	if err := os.RemoveAll(f.lastDir); err != nil {
		t.Fatal(err)
	}
	d, _ := showFiles(t, f, func(done func(string)) { f.OpenFile("Open a log", []string{LogExtension}, done) })
	if d.dir != docs || d.problem.Visible() {
		t.Errorf("starts in %s (problem shown %v), want Documents", d.dir, d.problem.Visible())
	}
}
