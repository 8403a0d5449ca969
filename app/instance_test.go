package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	fyneapp "github.com/nhsguardian/guardian"
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
