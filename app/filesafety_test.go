package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/assurance/workcopy"
)

// onNetwork wires the UI as cmd/guardian does, through workcopy, with every
// log treated as being on a network drive.
func onNetwork(t *testing.T) (*UI, *fakeFiles, workcopy.Options, chan workcopy.Event) {
	t.Helper()
	workcopy.ScryptWorkFactor = 10
	t.Cleanup(func() { workcopy.ScryptWorkFactor = 0 })
	a := test.NewTempApp(t)
	w := a.NewWindow("Guardian")
	files := &fakeFiles{}
	cat := assets.MustCatalogue()
	events := make(chan workcopy.Event, 10)
	base := workcopy.Options{Catalogue: cat, Actor: "alice", WorkDir: t.TempDir(), SaveDelay: 100 * time.Millisecond,
		OnEvent: func(e workcopy.Event) { events <- e },
		Classify: func(string) (place.Place, error) {
			return place.Place{Kind: place.Network, Reason: `drive H:\ is a network drive`}, nil
		}}
	var u *UI
	opts := func(path string, readOnly bool) workcopy.Options {
		o := base
		o.ReadOnly = readOnly
		o.ClearStale = func(*workcopy.Owner) bool { return u.ClearStale(path) }
		o.Passphrase = func(name string) (string, error) {
			if p, ok := u.Passphrase(path); ok {
				return p, nil
			}
			return "", workcopy.NeedPassphrase(name)
		}
		return o
	}
	u = Create(a, w, Options{Catalogue: cat, Files: files,
		Open: func(path string, readOnly bool) (assurance.Store, error) {
			s, err := workcopy.Open(path, opts(path, readOnly))
			if err != nil {
				return nil, err
			}
			return s.Store(), nil
		},
		Create: func(path string) (assurance.Store, error) { return nil, nil },
	})
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() { u.closeStore() })
	return u, files, base, events
}

// dialogText is every label and hint in the dialog on top.
func dialogText(u *UI) string {
	var b strings.Builder
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range objects(top) {
			switch v := o.(type) {
			case *widget.Label:
				b.WriteString(v.Text + "\n")
			case *widget.RichText:
				b.WriteString(v.String() + "\n")
			case *canvas.Text:
				b.WriteString(v.Text + "\n")
			}
		}
	}
	return b.String()
}

func passwordEntry(t *testing.T, u *UI) *widget.Entry {
	t.Helper()
	for _, o := range objects(u.win.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			return e
		}
	}
	t.Fatal("no passphrase box on screen")
	return nil
}

func TestNetworkLogNoticeAndTitle(t *testing.T) {
	u, _, _, _ := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	u.OpenLog(path, false)
	if u.store == nil {
		t.Fatal("log not open")
	}
	if got := dialogText(u); !strings.Contains(got, "safe copy on this computer") || !strings.Contains(got, `H:\ is a network drive`) {
		t.Errorf("first non-local open: dialog %q", got)
	}
	if got := u.win.Title(); !strings.Contains(got, "(working on a safe copy)") {
		t.Errorf("title = %q", got)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "~$trust.guardian.lock")); err != nil {
		t.Errorf("no owner file beside the log: %v", err)
	}
	// A change, saved back: the title says when it reached its place.
	if err := u.store.CreateQuestion(context.Background(), q("4.2", "Second")); err != nil {
		t.Fatal(err)
	}
	u.setTitle()
	if got := u.win.Title(); !strings.Contains(got, "saving to its place") {
		t.Errorf("title with unsaved changes = %q", got)
	}
	if err := u.store.(interface{ Close() error }).Close(); err != nil {
		t.Fatal(err)
	}
	u.store, u.ws = nil, nil
	// The notice is shown once only.
	test.Tap(button(t, u, "OK"))
	u.OpenLog(path, false)
	if got := dialogText(u); strings.Contains(got, "safe copy on this computer") {
		t.Errorf("notice shown again: %q", got)
	}
	if n := len(mustQuestions(t, u.store)); n != 2 {
		t.Errorf("after save back and reopen: %d questions", n)
	}
}

func TestHeldLogOpensReadOnlySayingWho(t *testing.T) {
	u, _, base, _ := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	bob := base
	bob.Actor, bob.WorkDir = "bob", t.TempDir()
	held, err := workcopy.Open(path, bob)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	u.OpenLog(path, false)
	if !u.ReadOnly() || !strings.Contains(dialogText(u), "Open by bob on ") {
		t.Errorf("read-only %v, dialog %q", u.ReadOnly(), dialogText(u))
	}
}

func TestEncryptedCopyAsksForPassphrase(t *testing.T) {
	u, files, base, _ := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	enc := filepath.Join(t.TempDir(), "sent.guardian")
	if err := workcopy.Copy(context.Background(), path, enc, "correct horse battery", base); err != nil {
		t.Fatal(err)
	}
	u.OpenLog(enc, false)
	if u.store != nil {
		t.Fatal("an encrypted copy opened without its passphrase")
	}
	test.Type(passwordEntry(t, u), "wrong horse battery")
	test.Tap(button(t, u, "Open"))
	if u.store != nil || !strings.Contains(dialogText(u), "That passphrase does not open") {
		t.Fatalf("wrong passphrase: open %v, dialog %q", u.store != nil, dialogText(u))
	}
	test.Type(passwordEntry(t, u), "correct horse battery")
	test.Tap(button(t, u, "Open"))
	if u.store == nil || len(mustQuestions(t, u.store)) != 1 {
		t.Fatal("the right passphrase did not open the copy")
	}

	// Send a copy… of it, encrypted again with a new passphrase.
	files.save = filepath.Join(t.TempDir(), "for the HR director.guardian")
	u.safety.sendCopy()
	for _, o := range objects(u.win.Canvas().Overlays().Top()) {
		if c, ok := o.(*widget.Check); ok {
			test.Tap(c)
		}
	}
	var boxes []*widget.Entry
	for _, o := range objects(u.win.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			boxes = append(boxes, e)
		}
	}
	if len(boxes) != 2 || boxes[0].Disabled() {
		t.Fatalf("passphrase boxes: %d", len(boxes))
	}
	test.Type(boxes[0], "staple battery horse")
	test.Type(boxes[1], "staple battery horse")
	test.Tap(button(t, u, "Choose where…"))
	u.bg.Wait()
	b, err := os.ReadFile(files.save)
	if err != nil || !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) {
		t.Fatalf("sent copy: %v, encrypted %v", err, bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")))
	}
}

func TestConflictDialogSavesMineAsNewFile(t *testing.T) {
	u, files, _, events := onNetwork(t)
	path := newTestLog(t, q("4.1", "Base question"))
	u.OpenLog(path, false)
	ctx := context.Background()
	if err := u.store.CreateQuestion(ctx, q("4.2", "Mine")); err != nil {
		t.Fatal(err)
	}
	bob, err := sqlite.Open(path, sqlite.Options{Actor: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	if err := bob.CreateQuestion(ctx, q("4.3", "Bob's")); err != nil {
		t.Fatal(err)
	}
	bob.Close()
	theirs, _ := os.ReadFile(path)

	// The automatic save back finds bob's change; the event reaches the window.
	select {
	case <-events:
	case <-time.After(20 * time.Second):
		t.Fatal("no save-back event")
	}
	u.LogChanged()
	if got := dialogText(u); !strings.Contains(got, "changed by bob") {
		t.Fatalf("conflict dialog = %q", got)
	}
	if got := u.win.Title(); !strings.Contains(got, "changed by someone else") {
		t.Errorf("title = %q", got)
	}
	files.save = filepath.Join(t.TempDir(), "mine.guardian")
	test.Tap(button(t, u, "Save mine as a new file…"))
	if u.store == nil || u.store.Info().Path != files.save {
		t.Fatalf("after Save mine: open %v", u.store != nil)
	}
	var texts []string
	for _, q := range mustQuestions(t, u.store) {
		texts = append(texts, q.Text)
	}
	if strings.Join(texts, "|") != "Base question|Mine" {
		t.Errorf("my new file = %q", texts)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, theirs) {
		t.Error("bob's file was changed")
	}
}

func TestOfferUnsavedAtStart(t *testing.T) {
	u, _ := newTestUI(t)
	var did []string
	mk := func(name string) UnsavedLog {
		return UnsavedLog{Original: filepath.Join(`H:\Wellbeing`, name), User: "alice", Changed: time.Now(),
			SaveBack: func(context.Context) error { did = append(did, "save back "+name); return nil },
			SaveAs:   func(context.Context, string) error { did = append(did, "save as "+name); return nil },
			Discard:  func() error { did = append(did, "discard "+name); return nil }}
	}
	u.OfferUnsaved([]UnsavedLog{mk("board.guardian"), mk("people.guardian")})
	if got := dialogText(u); !strings.Contains(got, "saved alice's changes to board.guardian") {
		t.Fatalf("first offer = %q", got)
	}
	test.Tap(button(t, u, "Save it back"))
	if got := dialogText(u); !strings.Contains(got, "people.guardian") {
		t.Fatalf("second offer = %q", got)
	}
	test.Tap(button(t, u, "Discard them"))
	test.Tap(button(t, u, "Yes"))
	if strings.Join(did, ", ") != "save back board.guardian, discard people.guardian" {
		t.Errorf("did %q", did)
	}
}
