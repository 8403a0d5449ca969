package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/internal/safefile"
)

// Backups lists and restores the rolling backups Guardian keeps of a log
// (one a day of use, one before each upgrade). Options.Backups may replace
// it; nil means RollingBackups(nil): assurance/backup's copies beside the log.
type Backups interface {
	List(log string) ([]backup.Copy, error)
	// Restore puts the copy in place of the closed log after running check
	// on it, keeping the log as it was as a "before-restore" copy.
	Restore(ctx context.Context, log, copyPath string, check func(path string) error) (kept backup.Copy, err error)
}

// RollingBackups is Backups over assurance/backup's copies of a log, kept
// where the function says (cmd/guardian keeps those of a log on a shared
// drive on this computer); nil keeps them beside the log.
type RollingBackups func(log string) backup.Rolling

func (f RollingBackups) rolling(log string) backup.Rolling {
	if f == nil {
		return backup.Rolling{Log: log}
	}
	return f(log)
}

func (f RollingBackups) List(log string) ([]backup.Copy, error) { return f.rolling(log).List() }

func (f RollingBackups) Restore(ctx context.Context, log, copyPath string, check func(string) error) (backup.Copy, error) {
	return f.rolling(log).Restore(ctx, copyPath, check)
}

func (u *UI) backups() Backups {
	if u.opts.Backups != nil {
		return u.opts.Backups
	}
	return RollingBackups(nil)
}

// backupsDialog is File > "Restore a backup…": the open log's backups,
// newest first, and a Restore button that asks before it does anything.
type backupsDialog struct {
	ui      *UI
	log     string
	copies  []backup.Copy
	chosen  int
	list    *focusList
	restore *focusButton
	d       dialog.Dialog
}

func newBackupsDialog(u *UI) *backupsDialog {
	return &backupsDialog{ui: u, chosen: -1}
}

// showBackups opens the dialog for the open log.
func (u *UI) showBackups() {
	if u.store == nil || u.ReadOnly() {
		return
	}
	b := newBackupsDialog(u)
	b.log = u.store.Info().Path
	copies, err := u.backups().List(b.log)
	if err != nil {
		u.showError("Could not list the backups", err)
		return
	}
	b.copies = copies
	b.d = dialog.NewCustomWithoutButtons("Restore a backup", b.buildUI(), u.win)
	b.d.Resize(fyne.NewSize(640, 420))
	b.d.Show()
}

func (b *backupsDialog) buildUI() fyne.CanvasObject {
	name := filepath.Base(b.log)
	intro := widget.NewLabel(fmt.Sprintf("Guardian keeps a backup of %s each day you use it and before each upgrade; the last %d are kept in the folder %q beside it.",
		name, backup.DefaultKeep, backup.FolderName))
	intro.Wrapping = fyne.TextWrapWord
	b.restore = newButton("Restore…", nil, widget.MediumImportance, b.onRestore)
	b.restore.Importance = widget.HighImportance
	b.restore.Disable()
	closeB := newButton("Close", nil, widget.MediumImportance, func() { b.d.Hide() })
	var body fyne.CanvasObject
	if len(b.copies) == 0 {
		body = widget.NewLabel("There are no backups of this log yet. Guardian makes the first one the first day you use it.")
	} else {
		b.list = newList(func() int { return len(b.copies) }, b.createRow, b.updateRow)
		b.list.name = "Backups of this log"
		b.list.OnSelected = b.onSelect
		body = b.list
	}
	if k, _ := b.ui.keeping(); !k.Local {
		// A shared file may be open elsewhere: replacing it could lose
		// someone else's changes, so restoring is left to a log on this
		// computer's own disk.
		intro.SetText(intro.Text + "\n\nThis log is on " + k.Where + ", not on this computer's own disk, so Guardian does not restore it here: " +
			"someone else may be using it. To go back to a backup, open the backup file itself (read-only if you only need to look) or ask whoever looks after the shared folder.")
		b.restore.Hide()
	}
	bold := fyne.TextStyle{Bold: true}
	header := container.NewGridWithColumns(3, widget.NewLabelWithStyle("Made", fyne.TextAlignLeading, bold),
		widget.NewLabelWithStyle("Why", fyne.TextAlignLeading, bold), widget.NewLabelWithStyle("Size", fyne.TextAlignLeading, bold))
	return border(container.NewVBox(intro, header), container.NewHBox(layout.NewSpacer(), closeB, b.restore), nil, nil, body)
}

func (b *backupsDialog) createRow() fyne.CanvasObject {
	return container.NewGridWithColumns(3, widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""))
}

func (b *backupsDialog) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := b.copies[i]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(whenMade(c))
	cells[1].(*widget.Label).SetText(reasonText(c.Reason))
	cells[2].(*widget.Label).SetText(assurance.FormatSize(c.Size))
}

func whenMade(c backup.Copy) string { return c.At.Format("Mon 2 Jan 2006, 15:04") }

// reasonText says in plain words why a copy was made.
func reasonText(reason string) string {
	switch reason {
	case backup.Daily:
		return "Daily backup"
	case backup.BeforeUpgrade:
		return "Before an upgrade"
	case backup.BeforeRestore:
		return "Before a restore"
	case backup.Manual:
		return "Made by hand"
	}
	return reason
}

func (b *backupsDialog) onSelect(i widget.ListItemID) {
	b.chosen = i
	b.restore.Enable()
}

// onRestore asks, then closes the log, restores the copy and reopens the log.
func (b *backupsDialog) onRestore() {
	if b.chosen < 0 || b.chosen >= len(b.copies) {
		return
	}
	c := b.copies[b.chosen]
	msg := fmt.Sprintf("Guardian will close this log, keep a copy of it as it is now, and put the backup of %s in its place.\n\n"+
		"Anything added or changed since then will be in the kept copy, not in the log.", whenMade(c))
	confirm := confirmDialog("Restore this backup?", "Restore the backup", "Cancel", wrapped(msg), func(ok bool) {
		if ok {
			b.d.Hide()
			b.ui.restoreBackup(b.log, c)
		}
	}, b.ui.win)
	confirm.Resize(fyne.NewSize(480, 240))
	confirm.Show()
}

// restoreBackup closes the log at path (after any unsaved edit is dealt
// with), puts c in its place and opens it again. If the restore fails the
// log is left as it was and opened again. Copying and checking a large log
// takes seconds, so it runs in the background behind a modal notice and the
// window keeps responding.
func (u *UI) restoreBackup(path string, c backup.Copy) {
	u.leaveLog(func() {
		wait := dialog.NewCustomWithoutButtons("Restoring the backup…", container.NewVBox(
			widget.NewLabel("Guardian is checking the backup and putting it in place of "+filepath.Base(path)+"."),
			widget.NewProgressBarInfinite()), u.win)
		wait.Show()
		u.bg.Add(1)
		go func() {
			defer u.bg.Done()
			// Not the log's context: no log is open now, and a restore
			// half done is undone by the backup package, never left.
			kept, err := u.backups().Restore(context.Background(), path, c.Path, u.checkBackup)
			u.do(func() {
				wait.Hide()
				u.restored(path, c, kept, err)
			})
		}()
	})
}

// restored reopens the log after a restore and says how it went.
func (u *UI) restored(path string, c, kept backup.Copy, err error) {
	u.openLog(path, false)
	if err != nil {
		u.showError("Could not restore the backup", err)
		return
	}
	if u.store == nil {
		return // openLog showed why
	}
	u.showMessage("Backup restored", fmt.Sprintf("%s is back as it was on %s.\n\nThe log as it was just before is kept as a backup too (%s), so you can undo this with \"Restore a backup…\" in the File menu.",
		filepath.Base(path), whenMade(c), whenMade(kept)))
}

// checkBackup checks a copy before it is restored. It checks a scratch
// copy of it: SQLite leaves -wal and -shm files beside a log it opened,
// which would litter the backups folder.
func (u *UI) checkBackup(path string) error {
	dir, err := os.MkdirTemp("", "guardian-check-")
	if err != nil {
		return fmt.Errorf("check backup: %w", err)
	}
	defer os.RemoveAll(dir)
	scratch := filepath.Join(dir, filepath.Base(path))
	if err := safefile.CopyNew(path, scratch); err != nil {
		return fmt.Errorf("check backup %q: %w", filepath.Base(path), err)
	}
	s, err := u.opts.Open(scratch, true)
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := s.Check(context.Background())
	if err == nil && !rep.OK() {
		err = assurance.Errorf(assurance.ECORRUPT, "the backup is damaged (%d problem(s) found when it was checked)", len(rep.Integrity)+len(rep.BadEvidence))
	}
	return err
}

// BackupFailed tells the user, once a session, that the day's backup of the
// log at path could not be made. Call it on the UI goroutine (fyne.Do).
func (u *UI) BackupFailed(path string, err error) {
	fyne.LogError("daily backup of "+path, err)
	if u.backupWarned {
		return
	}
	u.backupWarned = true
	u.showMessage("Today's backup was not made", fmt.Sprintf("Guardian could not make today's backup of %s: %s\n\n"+
		"The log itself is fine and nothing is lost. Guardian will try again the next time you open it.", filepath.Base(path), plainMessage(err)))
}
