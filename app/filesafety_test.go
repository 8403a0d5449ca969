package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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
	a := &urlApp{App: test.NewTempApp(t)}
	w := a.NewWindow("Guardian")
	files := &fakeFiles{}
	cat := assets.MustCatalogue()
	events := make(chan workcopy.Event, 100)
	base := workcopy.Options{Catalogue: cat, Actor: "alice", WorkDir: t.TempDir(), SaveDelay: 100 * time.Millisecond,
		OnEvent: func(e workcopy.Event) {
			select {
			case events <- e:
			default: // a test that does not read them must not stop the save back
			}
		},
		Classify: func(string) (place.Place, error) {
			return place.Place{Kind: place.Network, Reason: `drive H:\ is a network drive`}, nil
		}}
	var u *UI
	opts := func(path string, readOnly bool) workcopy.Options {
		o := base
		o.ReadOnly = readOnly
		o.ClearStale = func(*workcopy.Owner) bool { return u.ClearStale(path) }
		o.ClearHeld = o.ClearStale
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

// urlApp records the links Guardian asks the system to open.
type urlApp struct {
	fyne.App
	opened []*url.URL
}

func (a *urlApp) OpenURL(u *url.URL) error {
	a.opened = append(a.opened, u)
	return nil
}

// waitFor waits for a workcopy event of kind and hands it to the window,
// as cmd/guardian does with fyne.Do(ui.LogChanged).
func waitFor(t *testing.T, u *UI, events chan workcopy.Event, kind workcopy.EventKind) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case e := <-events:
			u.LogChanged()
			if e.Kind == kind {
				return
			}
		case <-deadline:
			t.Fatalf("no event %v within 20s", kind)
		}
	}
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
	if got := dialogText(u); !strings.Contains(got, "safe copy on this computer") || !strings.Contains(got, "This log is on a network drive,") || strings.Contains(got, `H:\`) {
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
	if got := u.win.Title(); !strings.Contains(got, "not yet saved to its place") {
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

// openAs opens the log at path through workcopy as someone else would, on
// this computer, with a working area of their own.
func openAs(t *testing.T, base workcopy.Options, path, actor string) *workcopy.Session {
	t.Helper()
	o := base
	o.Actor, o.WorkDir = actor, t.TempDir()
	s, err := workcopy.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Read-only because someone has the log: the dialog and the title name
// them, and "Switch to editing" is off while the holder is a Guardian
// running on this computer (it could only repeat the message).
func TestHeldLogOpensReadOnlySayingWho(t *testing.T) {
	u, _, base, _ := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	openAs(t, base, path, "bob")
	u.OpenLog(path, false)
	if !u.ReadOnly() || !strings.Contains(dialogText(u), "Open by bob on ") {
		t.Errorf("read-only %v, dialog %q", u.ReadOnly(), dialogText(u))
	}
	if got := u.win.Title(); !strings.Contains(got, "(read-only: open by bob on ") {
		t.Errorf("title = %q", got)
	}
	if !u.menu.reopenRW.Disabled {
		t.Error("Switch to editing is offered for a log a running Guardian here holds")
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
		if c, ok := o.(*focusCheck); ok {
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
	waitFor(t, u, events, workcopy.EventConflict)
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

// bobChanges changes the log at path behind Guardian's back, as someone
// saving it through a sync client would: the comment of Q-0001.
func bobChanges(t *testing.T, path string) {
	t.Helper()
	bob, err := sqlite.Open(path, sqlite.Options{Actor: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	defer bob.Close()
	bq, err := bob.QuestionByRef(context.Background(), "Q-0001")
	if err != nil {
		t.Fatal(err)
	}
	bq.Comment = "bob's comment"
	if err := bob.UpdateQuestion(context.Background(), bq); err != nil {
		t.Fatal(err)
	}
}

// After alice saved back once and bob then changed the log, the conflict
// dialog lists the questions each side changed (reference and title),
// does not name alice, and "Open theirs" says where her version is kept,
// with a button that opens that folder.
func TestConflictDialogListsQuestionsAndShowsWhereMineIsKept(t *testing.T) {
	u, _, base, events := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	u.OpenLog(path, false)
	test.Tap(button(t, u, "OK")) // the notice
	ctx := context.Background()
	if err := u.store.CreateQuestion(ctx, q("4.2", "Saved by alice")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, u, events, workcopy.EventSaved)
	bobChanges(t, path)
	if err := u.store.CreateQuestion(ctx, q("4.3", "Not yet saved")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, u, events, workcopy.EventConflict)
	got := dialogText(u)
	for _, want := range []string{"changed by bob", "You changed 1 question(s):\n  Q-0003 Not yet saved (added)", "They changed 1 question(s):\n  Q-0001 Is the OH service funded? (changed)"} {
		if !strings.Contains(got, want) {
			t.Errorf("conflict dialog lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "alice") {
		t.Errorf("conflict dialog names alice:\n%s", got)
	}
	test.Tap(button(t, u, "Open theirs"))
	if u.store == nil || len(mustQuestions(t, u.store)) != 2 {
		t.Fatal("their version is not open")
	}
	got = dialogText(u)
	kept := filepath.Join(base.WorkDir, "Kept")
	if !strings.Contains(got, kept) {
		t.Fatalf("kept dialog does not say where: %q", got)
	}
	test.Tap(button(t, u, "Open the folder"))
	a := u.app.(*urlApp)
	if len(a.opened) != 1 || a.opened[0].Scheme != "file" || filepath.Clean(a.opened[0].Path) != kept {
		t.Errorf("opened %v, want the folder %s", a.opened, kept)
	}
}

// "Decide later", then closing the log: the window says the changes are
// only on this computer and offers the choices again; "Close anyway"
// keeps them for the next start.
func TestClosingWithAConflictOffersTheChoicesAgain(t *testing.T) {
	u, _, base, events := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	u.OpenLog(path, false)
	test.Tap(button(t, u, "OK"))
	if err := u.store.CreateQuestion(context.Background(), q("4.2", "Mine")); err != nil {
		t.Fatal(err)
	}
	bobChanges(t, path)
	waitFor(t, u, events, workcopy.EventConflict)
	test.Tap(button(t, u, "Decide later"))
	u.CloseLog()
	if u.store == nil || !strings.Contains(dialogText(u), "Your changes are only on this computer") {
		t.Fatalf("closing with a conflict: open %v, dialog %q", u.store != nil, dialogText(u))
	}
	button(t, u, "Save mine as a new file…")
	test.Tap(button(t, u, "Close anyway"))
	if u.store != nil || u.start == nil {
		t.Fatal("Close anyway did not close the log")
	}
	un, err := workcopy.FindUnsaved(base.WorkDir)
	if err != nil || len(un) != 1 {
		t.Errorf("kept for the next start: %+v, %v", un, err)
	}
	// Opening it again carries on with the kept changes and says at once
	// that they cannot be saved back.
	u.OpenLog(path, false)
	if got := dialogText(u); u.store == nil || !strings.Contains(got, "changed by bob") || !strings.Contains(got, "Q-0002 Mine (added)") {
		t.Errorf("reopened: open %v, dialog %q", u.store != nil, got)
	}
}

// Between a change and the save back the title does not claim the log was
// saved: the first change after a save back is announced at once.
func TestTitleSaysNotYetSavedAfterAChange(t *testing.T) {
	u, _, _, events := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	u.OpenLog(path, false)
	ctx := context.Background()
	if err := u.store.CreateQuestion(ctx, q("4.2", "First")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, u, events, workcopy.EventSaved)
	if got := u.win.Title(); !strings.Contains(got, "saved to its place at") {
		t.Fatalf("after a save back: %q", got)
	}
	if err := u.store.CreateQuestion(ctx, q("4.3", "Second")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, u, events, workcopy.EventChanged)
	if got := u.win.Title(); !strings.Contains(got, "(not yet saved to its place)") {
		t.Errorf("after a change: %q", got)
	}
}

// An owner file from another computer (which Guardian cannot check on)
// can be cleared from "Switch to editing" after a warning.
func TestOwnerFileFromAnotherComputerCanBeClearedWithAWarning(t *testing.T) {
	u, _, _, _ := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	b, _ := json.Marshal(workcopy.Owner{User: "carol", Machine: "PC-ELSEWHERE", PID: 4242, Opened: time.Now().Add(-time.Hour)})
	if err := os.WriteFile(workcopy.OwnerPath(path), b, 0o644); err != nil {
		t.Fatal(err)
	}
	u.OpenLog(path, false)
	if !u.ReadOnly() || !strings.Contains(dialogText(u), "If you are sure they are not using it") {
		t.Fatalf("carol elsewhere: read-only %v, dialog %q", u.ReadOnly(), dialogText(u))
	}
	test.Tap(button(t, u, "Keep read-only"))
	if u.menu.reopenRW.Disabled {
		t.Fatal("Switch to editing is off for an owner file from another computer")
	}
	u.menu.reopenRW.Action()
	test.Tap(button(t, u, "Clear it and edit"))
	if u.store == nil || u.ReadOnly() {
		t.Fatalf("after clearing: open %v, read-only %v", u.store != nil, u.ReadOnly())
	}
	if o, _ := workcopy.ReadOwner(path); o == nil || o.User != "alice" {
		t.Errorf("owner now %+v", o)
	}
}

// "Save it back" at start meets a conflict: it offers the conflict's
// choices, and "Open theirs" keeps the changes aside, opens the log and
// says where they are kept.
func TestRecoveredChangesThatConflictOfferTheChoices(t *testing.T) {
	u, _ := newTestUI(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	kept := filepath.Join(t.TempDir(), "Kept", "trust (my changes).guardian")
	var did []string
	u.OfferUnsaved([]UnsavedLog{{Original: path, User: "alice", Changed: time.Now(),
		SaveBack: func(context.Context) error {
			did = append(did, "save back")
			return assurance.Errorf(assurance.ECONFLICT, "%q was changed by bob at 14:05.\n\nThey changed 1 question(s):\n  Q-0001 Is the OH service funded? (changed)", "trust.guardian")
		},
		SaveAs:    func(context.Context, string) error { return errors.New("not chosen") },
		KeepAside: func(context.Context) (string, error) { did = append(did, "keep aside"); return kept, nil },
		Discard:   func() error { return errors.New("not chosen") }}})
	test.Tap(button(t, u, "Save it back"))
	if got := dialogText(u); !strings.Contains(got, "Q-0001 Is the OH service funded?") {
		t.Fatalf("after a conflicting save back: %q", got)
	}
	button(t, u, "Save mine as a new file…")
	button(t, u, "Decide later")
	test.Tap(button(t, u, "Open theirs"))
	if strings.Join(did, ", ") != "save back, keep aside" || u.store == nil || u.store.Info().Path != path {
		t.Fatalf("did %q, open %v", did, u.store != nil)
	}
	if got := dialogText(u); !strings.Contains(got, kept) {
		t.Errorf("kept dialog = %q", got)
	}
}

// Opening a log that is copied first (from a share) runs in the background
// behind a progress notice: the window's goroutine is not held while the
// copy is made, and the log is shown when it is ready.
func TestOpeningFromAShareShowsProgressAndKeepsTheWindowResponsive(t *testing.T) {
	u, _, _, _ := onNetwork(t)
	queueUI(u)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	open, release := u.opts.Open, make(chan struct{})
	var opens atomic.Int32
	u.opts.Open = func(path string, readOnly bool) (assurance.Store, error) {
		opens.Add(1)
		<-release // a slow share
		return open(path, readOnly)
	}
	u.opts.Copies = func(string) bool { return true }
	returned := make(chan struct{})
	go func() { u.OpenLog(path, false); close(returned) }()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("OpenLog held the window's goroutine while the log was copied")
	}
	if got := dialogText(u); !strings.Contains(got, "Guardian is copying trust.guardian (") {
		t.Errorf("while copying: dialog %q", got)
	}
	var bar bool
	for _, o := range objects(u.win.Canvas().Overlays().Top()) {
		_, isBar := o.(*widget.ProgressBarInfinite)
		bar = bar || isBar
	}
	if !bar || u.store != nil {
		t.Errorf("while copying: progress bar %v, log open %v", bar, u.store != nil)
	}
	u.OpenLog(path, false) // a second open meanwhile is ignored
	close(release)
	settle(u)
	if u.store == nil || len(mustQuestions(t, u.store)) != 1 {
		t.Fatal("the log did not open once copied")
	}
	if n := opens.Load(); n != 1 {
		t.Errorf("the log was opened %d times; the second open while copying must be ignored", n)
	}
	if got := dialogText(u); strings.Contains(got, "Guardian is copying") || !strings.Contains(got, "safe copy on this computer") {
		t.Errorf("after opening: dialog %q", got)
	}
}
