package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// fileSafety shows how a log away from this computer's own disk is kept
// (assurance.Keeper, which cmd/guardian's opener provides through
// assurance/workcopy): a notice the first time such a log is opened, when it
// was last saved to its real place in the title, read-only because someone
// else has it, the passphrase of an encrypted copy, the conflict dialog,
// unsaved working copies at start, and "Send a copy…".
type fileSafety struct {
	ui          *UI
	passphrases map[string]string // typed this session, by log path
	clearStale  map[string]bool   // the user chose to clear a stale owner file
	shown       string            // the conflict already shown
}

const prefPlaceNotice = "placeNoticeShown"

func newFileSafety(u *UI) *fileSafety {
	return &fileSafety{ui: u, passphrases: map[string]string{}, clearStale: map[string]bool{}}
}

func (u *UI) keeping() (assurance.Keeping, bool) {
	k, ok := u.store.(assurance.Keeper)
	if !ok {
		return assurance.Keeping{Local: true}, false
	}
	return k.Keeping(), true
}

// Passphrase returns the passphrase the user typed for the log at path, for
// the opener cmd/guardian wires in.
func (u *UI) Passphrase(path string) (string, bool) {
	p, ok := u.safety.passphrases[path]
	return p, ok
}

// ClearStale reports whether the user chose to clear the owner file a
// Guardian that stopped left beside the log at path.
func (u *UI) ClearStale(path string) bool { return u.safety.clearStale[path] }

// LogChanged refreshes what the window shows after the open log was saved
// back, failed to save, or was found changed by someone else. Call it on
// the UI goroutine (fyne.Do).
func (u *UI) LogChanged() {
	if u.store == nil {
		return
	}
	u.setTitle()
	if k, _ := u.keeping(); k.Conflict != "" && k.Conflict != u.safety.shown {
		u.safety.shown = k.Conflict
		u.safety.showConflict(k.Conflict)
	}
}

// titleNote says in the title where the log's changes are.
func (f *fileSafety) titleNote() string {
	k, ok := f.ui.keeping()
	switch {
	case !ok || k.Local || k.HeldBy != "":
		return ""
	case k.Conflict != "":
		return " (not saved to its place: changed by someone else)"
	case k.Unsaved:
		return " (saving to its place…)"
	case k.LastSaved.IsZero():
		return " (working on a safe copy)"
	}
	return " (saved to its place at " + k.LastSaved.Local().Format("15:04") + ")"
}

// opened tells the user, once, what Guardian does with a log away from this
// computer's disk, and who has it when it opened read-only.
func (f *fileSafety) opened(path string) {
	delete(f.clearStale, path)
	k, ok := f.ui.keeping()
	if !ok {
		return
	}
	switch {
	case k.HeldBy != "" && k.HeldStale:
		msg := k.HeldBy + ".\n\nGuardian there seems to have stopped without closing the log (a crash or power cut). " +
			"If you are sure no one is using it, you can clear this and open the log for editing."
		dialog.NewConfirm("Opened read-only", msg, func(clear bool) {
			if clear {
				f.clearStale[path] = true
				f.ui.reopen(false)
			}
		}, f.ui.win).Show()
	case k.HeldBy != "":
		f.ui.showMessage("Opened read-only", k.HeldBy+". You can read the log; to change it, wait until they have closed it.")
	case !k.Local && !f.ui.app.Preferences().Bool(prefPlaceNotice):
		f.ui.app.Preferences().SetBool(prefPlaceNotice, true)
		f.ui.showMessage("Working on a safe copy", "This log is not on this computer's own disk ("+k.Where+").\n\n"+
			"Guardian works on a safe copy on this computer and saves it back a few seconds after each change and when you close the log. "+
			"The title bar shows when it was last saved to its place. If someone else changes the file meanwhile, Guardian never saves over their changes: it asks you what to do.")
	}
}

// needsPassphrase asks for the passphrase of an encrypted copy when err
// says one is needed (or was wrong), then tries to open it again.
func (f *fileSafety) needsPassphrase(path string, readOnly bool, err error) bool {
	why := assurance.FieldErrors(err)[assurance.FieldPassphrase]
	if why == "" {
		return false
	}
	if _, tried := f.passphrases[path]; tried {
		why = assurance.ErrorMessage(err)
	}
	delete(f.passphrases, path)
	entry := widget.NewPasswordEntry()
	items := []*widget.FormItem{{Text: "Passphrase", Widget: entry, HintText: why}}
	d := dialog.NewForm("Open "+filepath.Base(path), "Open", "Cancel", items, func(ok bool) {
		if ok && entry.Text != "" {
			f.passphrases[path] = entry.Text
			f.ui.openLog(path, readOnly)
		}
	}, f.ui.win)
	d.Resize(fyne.NewSize(460, 200))
	d.Show()
	f.ui.win.Canvas().Focus(entry)
	return true
}

// showConflict offers the two ways out of a conflict. Neither loses a change.
func (f *fileSafety) showConflict(msg string) {
	var d dialog.Dialog
	mine := widget.NewButton("Save mine as a new file…", func() { d.Hide(); f.saveMineAs() })
	theirs := widget.NewButton("Open theirs", func() { d.Hide(); f.openTheirs() })
	later := widget.NewButton("Decide later", func() { d.Hide() })
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("Someone else changed this log", container.NewBorder(nil,
		container.NewHBox(mine, theirs, later), nil, nil, text), f.ui.win)
	d.Resize(fyne.NewSize(560, 280))
	d.Show()
}

func (f *fileSafety) saveMineAs() {
	u := f.ui
	k, ok := u.store.(assurance.Keeper)
	if !ok {
		return
	}
	base := strings.TrimSuffix(filepath.Base(u.store.Info().Path), LogExtension)
	u.files.SaveFile("Save my version as a new log", base+" (my version)"+LogExtension, func(dest string) {
		if dest == "" {
			return
		}
		u.ws.editor.confirmLeave(func() {
			s, err := k.SaveMineAs(u.ctx(), dest)
			if err != nil {
				u.showError("Could not save your version", err)
				return
			}
			u.swapStore(s)
		})
	})
}

func (f *fileSafety) openTheirs() {
	u := f.ui
	k, ok := u.store.(assurance.Keeper)
	if !ok {
		return
	}
	u.ws.editor.confirmLeave(func() {
		s, kept, err := k.OpenTheirs(u.ctx())
		if err != nil {
			u.showError("Could not open their version", err)
			return
		}
		u.swapStore(s)
		u.showMessage("Their version is open", "Your version is kept, with all your changes, at:\n"+kept)
	})
}

// swapStore shows s in place of a store that has already been closed.
func (u *UI) swapStore(s assurance.Store) {
	u.closeStore()
	u.useStore(s)
}

// UnsavedLog is a working copy whose changes never reached its log because
// Guardian stopped first; cmd/guardian finds them at start.
type UnsavedLog struct {
	Original string
	User     string
	Changed  time.Time
	SaveBack func(ctx context.Context) error
	SaveAs   func(ctx context.Context, dest string) error
	Discard  func() error
}

// OfferUnsaved asks, one at a time, what to do with each unsaved working copy.
func (u *UI) OfferUnsaved(list []UnsavedLog) {
	if len(list) == 0 {
		return
	}
	un, rest := list[0], list[1:]
	next := func() { u.OfferUnsaved(rest) }
	name := filepath.Base(un.Original)
	var d dialog.Dialog
	done := func(what string, err error) {
		d.Hide()
		if err != nil {
			u.showError("Could not "+what, err)
		}
		next()
	}
	save := widget.NewButton("Save it back", func() { done("save your changes back", un.SaveBack(u.ctx())) })
	saveAs := widget.NewButton("Save as a new file…", func() {
		u.files.SaveFile("Save the unsaved changes as a new log", strings.TrimSuffix(name, LogExtension)+" (recovered)"+LogExtension, func(dest string) {
			if dest != "" {
				done("save your changes", un.SaveAs(u.ctx(), dest))
			}
		})
	})
	discard := widget.NewButton("Discard them", func() {
		dialog.NewConfirm("Discard the changes?", "The changes to "+name+" that were never saved will be deleted.", func(ok bool) {
			if ok {
				done("discard the changes", un.Discard())
			}
		}, u.win).Show()
	})
	msg := widget.NewLabel(fmt.Sprintf("Guardian stopped before it saved %s's changes to %s (made from %s). They are safe on this computer.\n\n%s",
		un.User, name, un.Changed.Local().Format("15:04 on 2 Jan 2006"), un.Original))
	msg.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("Unsaved changes", container.NewBorder(nil,
		container.NewHBox(save, saveAs, discard), nil, nil, msg), u.win)
	d.Resize(fyne.NewSize(560, 260))
	d.Show()
}

// sendCopy writes a closed, standalone copy of the open log for email or a
// USB stick, encrypted with a passphrase if the box is ticked.
func (f *fileSafety) sendCopy() {
	u := f.ui
	if u.store == nil {
		return
	}
	encrypt := widget.NewCheck("Encrypt with a passphrase", nil)
	pass, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	pass.Disable()
	again.Disable()
	encrypt.OnChanged = func(on bool) {
		for _, e := range []*widget.Entry{pass, again} {
			if on {
				e.Enable()
			} else {
				e.Disable()
			}
		}
	}
	items := []*widget.FormItem{widget.NewFormItem("", encrypt),
		{Text: "Passphrase", Widget: pass, HintText: "Tell the recipient by phone, never in the same email."},
		widget.NewFormItem("Again", again)}
	d := dialog.NewForm("Send a copy", "Choose where…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		p := ""
		if encrypt.Checked {
			if pass.Text != again.Text {
				u.showMessage("Send a copy", "The two passphrases are different. Nothing was written.")
				return
			}
			p = pass.Text
		}
		name := strings.TrimSuffix(filepath.Base(u.store.Info().Path), LogExtension) + " (copy)" + LogExtension
		u.files.SaveFile("Send a copy", name, func(dest string) {
			if dest != "" {
				f.writeCopy(dest, p)
			}
		})
	}, u.win)
	d.Resize(fyne.NewSize(480, 260))
	d.Show()
}

func (f *fileSafety) writeCopy(dest, passphrase string) {
	u := f.ui
	st := u.store
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		var err error
		if k, ok := st.(assurance.Keeper); ok {
			err = k.SendCopy(u.ctx(), dest, passphrase)
		} else if passphrase != "" {
			err = assurance.Errorf(assurance.EINVALID, "This build of Guardian cannot encrypt copies")
		} else {
			err = st.Backup(u.ctx(), dest)
		}
		fyne.Do(func() {
			if err != nil {
				u.showError("Could not write the copy", err)
				return
			}
			how := "It is one complete file, ready to email or copy to a USB stick."
			if passphrase != "" {
				how = "It is encrypted: Guardian asks for the passphrase when it is opened. Tell the recipient the passphrase another way, such as by phone."
			}
			u.showMessage("Copy written", dest+"\n\n"+how)
		})
	}()
}
