package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	fyneapp "github.com/nhsguardian/guardian"
	"github.com/nhsguardian/guardian/internal/instance"
)

func TestIsOpen(t *testing.T) {
	u, _ := newTestUI(t)
	path := newTestLog(t, q("1.1", "How are concerns raised?"))
	if u.IsOpen(path) {
		t.Error("open with no log open")
	}
	u.OpenLog(path, false)
	settle(u)
	if !u.IsOpen(path) {
		t.Fatal("the open log is not reported open")
	}
	// The file manager may name the same file another way.
	t.Chdir(filepath.Dir(path))
	if !u.IsOpen(filepath.Base(path)) {
		t.Error("the open log under a relative name is not reported open")
	}
	other := filepath.Join(t.TempDir(), "other.guardian")
	os.WriteFile(other, nil, 0o600)
	if u.IsOpen(other) || u.IsOpen(filepath.Join(t.TempDir(), "missing.guardian")) {
		t.Error("another file is reported open")
	}
}

// focusCounter is the window, counting the times it is brought forward.
type focusCounter struct {
	fyne.Window
	n int
}

func (w *focusCounter) RequestFocus() { w.n++; w.Window.RequestFocus() }

// A log opened again from the file manager while this Guardian has it open
// reaches this window through the hand-off with the Opener cmd/guardian
// gives it: the log is not opened a second time (the same store stays
// open), the window comes forward. A different log opens in its place.
func TestSecondOpenOfSameLogFocusesFirst(t *testing.T) {
	u, _ := newTestUI(t)
	path := newTestLog(t, q("1.1", "How are concerns raised?"))
	u.OpenLog(path, false)
	settle(u)
	first := u.store
	if first == nil {
		t.Fatal("the log did not open")
	}
	win := &focusCounter{Window: u.win}
	u.win = win

	dir := t.TempDir()
	// The hand-off's work runs here, on the test goroutine, as fyne.Do runs
	// it on the UI goroutine in the app.
	onUI := make(chan func(), 1)
	srv, err := instance.Listen(instance.Options{Dir: dir, Opener: u.Opener(), Do: func(f func()) { onUI <- f }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	handOff := func(p string) {
		t.Helper()
		if ok, err := instance.Handoff(dir, p); !ok || err != nil {
			t.Fatalf("the running Guardian did not take %s: %v", p, err)
		}
		select {
		case f := <-onUI:
			f()
			settle(u)
		case <-time.After(5 * time.Second):
			t.Fatalf("the running Guardian was not asked to open %s", p)
		}
	}

	handOff(path)
	handOff(path)
	if u.store != first {
		t.Error("opening the open log again opened it a second time")
	}
	if win.n != 2 {
		t.Errorf("the window was brought forward %d times for two opens of the open log, want 2", win.n)
	}

	other := newTestLog(t, q("2.1", "What is the OH waiting time?"))
	handOff(other)
	if u.store == first || u.store == nil || u.store.Info().Path != other {
		t.Errorf("another log handed over is not the one open now")
	}
	if win.n != 3 {
		t.Errorf("the window was brought forward %d times after three hand-offs, want 3", win.n)
	}
}

// metaApp is the test app with the metadata cmd/guardian gives the real one.
type metaApp struct {
	fyne.App
	md fyne.AppMetadata
}

func (a metaApp) Metadata() fyne.AppMetadata { return a.md }

// Help → About shows the version written in FyneApp.toml, as compiled into
// every build through fyneapp.Metadata (read here straight from the file,
// not through the code under test).
func TestAboutShowsVersionFromFyneAppToml(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("no Version in FyneApp.toml")
	}
	want := "Guardian " + string(m[1]) + " "

	u, _ := newTestUI(t)
	u.app = metaApp{App: u.app, md: fyneapp.Metadata()}
	u.menu.showAbout()
	var text string
	for _, o := range objects(u.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "Guardian ") {
			text = l.Text
		}
	}
	if !strings.HasPrefix(text, want) {
		t.Errorf("About says %q, want it to start %q", text, want)
	}
}

// About is as tall as its text (it was a fixed 480x300 with space below
// the words): what is not the text is the title, the button and padding.
func TestAboutFitsItsText(t *testing.T) {
	u, _ := newTestUI(t)
	u.menu.showAbout()
	top := u.win.Canvas().Overlays().Top()
	var label *widget.Label
	for _, o := range objects(top) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "Guardian ") {
			label = l
		}
	}
	p, _ := find(top, func(o fyne.CanvasObject) bool { _, ok := o.(*widget.PopUp); return ok }).(*widget.PopUp)
	if label == nil || p == nil {
		t.Fatal("About shows no text")
	}
	// The label fills the dialog's middle; its MinSize is the wrapped text's
	// height at that width.
	dialog, text := p.Content.Size().Height, label.MinSize().Height
	if label.Size().Height < text {
		t.Errorf("the text is cut: %v tall, needs %v", label.Size().Height, text)
	}
	t.Logf("About: %v tall, the text %v", dialog, text)
	if extra := dialog - text; extra > 130 {
		t.Errorf("About is %v tall for %v of text: %v of it is empty", dialog, text, extra)
	}
}
