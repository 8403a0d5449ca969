package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/workcopy"
	"github.com/nhsguardian/guardian/internal/safefile"
)

// fileItem is the File menu's item labelled label.
func fileItem(t *testing.T, u *UI, label string) *fyne.MenuItem {
	t.Helper()
	for _, it := range u.menu.menu.Items[0].Items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no File menu item %q", label)
	return nil
}

// questionTexts are the texts of the questions in s.
func questionTexts(t *testing.T, s assurance.Store) []string {
	t.Helper()
	var out []string
	for _, q := range mustQuestions(t, s) {
		out = append(out, q.Text)
	}
	return out
}

// logWithBackups makes a log with one question, a daily backup, a second
// question, a before-upgrade backup an hour later, then a third question.
func logWithBackups(t *testing.T) (path string, older, newer backup.Copy) {
	t.Helper()
	ctx := context.Background()
	path = newTestLog(t, q("1.1", "First question"))
	s, err := testOptions(nil).Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.Local)
	mk := func(reason string, when time.Time) backup.Copy {
		c, err := backup.Rolling{Log: path, Now: func() time.Time { return when }}.Make(ctx, s, reason)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	older = mk(backup.Daily, at)
	if err := s.CreateQuestion(ctx, q("1.2", "Second question")); err != nil {
		t.Fatal(err)
	}
	newer = mk(backup.BeforeUpgrade, at.Add(time.Hour))
	if err := s.CreateQuestion(ctx, q("1.3", "Third question")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, older, newer
}

// onLocalDisk wires the UI as cmd/guardian does, through workcopy, with
// every log on this computer's own disk (opened in place).
func onLocalDisk(t *testing.T) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("Guardian")
	opts := testOptions(&fakeFiles{})
	local := workcopy.Options{Catalogue: opts.Catalogue, Actor: "tester", WorkDir: t.TempDir(),
		Classify: func(string) (place.Place, error) { return place.Place{Kind: place.LocalDisk}, nil }}
	opts.Open = func(path string, readOnly bool) (assurance.Store, error) {
		o := local
		o.ReadOnly = readOnly
		s, err := workcopy.Open(path, o)
		if err != nil {
			return nil, err
		}
		return s.Store(), nil
	}
	u := Create(a, w, opts)
	queueUI(u)
	t.Cleanup(func() { settle(u); u.closeStore() })
	return u
}

// chooseBackup picks row i in the open backups dialog and taps Restore….
func chooseBackup(t *testing.T, u *UI, i int) {
	t.Helper()
	var list *focusList
	for _, o := range objects(u.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*focusList); ok {
			list = l
		}
	}
	if list == nil {
		t.Fatalf("no list of backups:\n%s", dialogText(u))
	}
	list.Select(i)
	test.Tap(button(t, u, "Restore…"))
}

func TestRestoreOlderBackupFromFileMenu(t *testing.T) {
	path, older, newer := logWithBackups(t)
	u := onLocalDisk(t)
	restore := fileItem(t, u, "Restore a backup…")
	if !restore.Disabled {
		t.Error("Restore a backup… is enabled with no log open")
	}
	u.OpenLog(path, false)
	if restore.Disabled {
		t.Fatal("Restore a backup… is disabled on a log open for editing")
	}
	restore.Action()

	text := dialogText(u)
	for _, want := range []string{whenMade(newer), "Before an upgrade", whenMade(older), "Daily backup"} {
		if !strings.Contains(text, want) {
			t.Errorf("backups dialog lacks %q:\n%s", want, text)
		}
	}
	if strings.Index(text, whenMade(newer)) > strings.Index(text, whenMade(older)) {
		t.Errorf("backups not newest first:\n%s", text)
	}
	if !button(t, u, "Restore…").Disabled() {
		t.Error("Restore… is enabled before a backup is chosen")
	}
	chooseBackup(t, u, 1) // the older, daily backup
	if want := "put the backup of " + whenMade(older) + " in its place"; !strings.Contains(dialogText(u), want) {
		t.Fatalf("confirmation lacks %q:\n%s", want, dialogText(u))
	}
	test.Tap(button(t, u, "Restore the backup"))
	settle(u)

	if u.store == nil {
		t.Fatalf("log not reopened after restoring; dialog: %s", dialogText(u))
	}
	if got := questionTexts(t, u.store); strings.Join(got, "|") != "First question" {
		t.Errorf("questions after restoring the older backup = %q, want only the first", got)
	}
	if !strings.Contains(dialogText(u), "Backup restored") {
		t.Errorf("no result shown:\n%s", dialogText(u))
	}
	// The log as it was before the restore is kept, with all three questions.
	copies, err := backup.Rolling{Log: path}.List()
	if err != nil {
		t.Fatal(err)
	}
	var kept []backup.Copy
	for _, c := range copies {
		if c.Reason == backup.BeforeRestore {
			kept = append(kept, c)
		}
	}
	if len(kept) != 1 {
		t.Fatalf("before-restore copies = %d, want 1 (all: %+v)", len(kept), copies)
	}
	noStrayFiles(t, path)
	// Read the kept copy through a scratch copy, so as not to leave SQLite
	// files beside it.
	scratch := filepath.Join(t.TempDir(), "kept.guardian")
	if err := safefile.CopyNew(kept[0].Path, scratch); err != nil {
		t.Fatal(err)
	}
	ks, err := testOptions(nil).Open(scratch, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ks.Close()
	if got := questionTexts(t, ks); len(got) != 3 {
		t.Errorf("kept copy has questions %q, want all three", got)
	}

	// Undo: restoring the kept copy (newest) brings all three back.
	u.win.Canvas().Overlays().Top().Hide()
	restore.Action()
	chooseBackup(t, u, 0)
	test.Tap(button(t, u, "Restore the backup"))
	settle(u)
	if u.store == nil {
		t.Fatalf("log not reopened after undoing; dialog: %s", dialogText(u))
	}
	if got := questionTexts(t, u.store); len(got) != 3 {
		t.Errorf("questions after undoing the restore = %q, want all three", got)
	}
	noStrayFiles(t, path)
}

// noStrayFiles fails if the backups folder beside log holds anything but
// backups: checking one must not leave SQLite's -wal and -shm files there.
func noStrayFiles(t *testing.T, log string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(filepath.Dir(log), backup.FolderName))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), LogExtension) {
			t.Errorf("stray file %q in the backups folder", e.Name())
		}
	}
}

func TestRestoreNeedsAWritableLog(t *testing.T) {
	path, _, _ := logWithBackups(t)
	u, _ := newTestUI(t)
	u.OpenLog(path, true)
	if !fileItem(t, u, "Restore a backup…").Disabled {
		t.Error("Restore a backup… is enabled on a read-only log")
	}
}

func TestRestoreNotOfferedForLogAwayFromThisDisk(t *testing.T) {
	path, _, _ := logWithBackups(t)
	u, _, _, _ := onNetwork(t)
	u.OpenLog(path, false)
	u.win.Canvas().Overlays().Top().Hide() // the one-off "safe copy" notice
	u.showBackups()
	text := dialogText(u)
	if !strings.Contains(text, "not on this computer's own disk") || !strings.Contains(text, "Daily backup") {
		t.Errorf("dialog for a network log:\n%s", text)
	}
	for _, o := range objects(u.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*focusButton); ok && b.Text == "Restore…" && b.Visible() {
			t.Error("Restore… offered for a log on a network drive")
		}
	}
}

func TestFailedDailyBackupShownOnce(t *testing.T) {
	u, _ := newTestUI(t)
	err := assurance.Errorf(assurance.EINVALID, "Cannot make the backup folder %q", "Guardian backups")
	u.BackupFailed("trust.guardian", err)
	u.BackupFailed("trust.guardian", err)
	if n := len(u.win.Canvas().Overlays().List()); n != 1 {
		t.Errorf("%d notices shown, want 1", n)
	}
	if text := dialogText(u); !strings.Contains(text, "Cannot make the backup folder") || !strings.Contains(text, "nothing is lost") {
		t.Errorf("notice:\n%s", text)
	}
}
