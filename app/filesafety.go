package app

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
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
	ui *UI
	// mu guards the two maps: a log is opened in the background, where
	// the opener asks for them (Passphrase, ClearStale).
	mu          sync.Mutex
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
	u.safety.mu.Lock()
	defer u.safety.mu.Unlock()
	p, ok := u.safety.passphrases[path]
	return p, ok
}

// ClearStale reports whether the user chose to clear the owner file a
// Guardian that stopped left beside the log at path.
func (u *UI) ClearStale(path string) bool {
	u.safety.mu.Lock()
	defer u.safety.mu.Unlock()
	return u.safety.clearStale[path]
}

// remember records, for the opener to ask, what the user chose about the
// log at path.
func (f *fileSafety) remember(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn()
}

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
		u.safety.showConflict(k.Conflict, nil)
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
		return " (not yet saved to its place)"
	case k.LastSaved.IsZero():
		return " (working on a safe copy)"
	}
	return " (saved to its place at " + k.LastSaved.Local().Format("15:04") + ")"
}

// readOnlyNote says in the title that the log is read-only, and who has
// it when that is why.
func (f *fileSafety) readOnlyNote() string {
	if k, _ := f.ui.keeping(); k.HeldBy != "" {
		return " (read-only: " + strings.ToLower(k.HeldBy[:1]) + k.HeldBy[1:] + ")"
	}
	return " (read-only)"
}

// canClear reports whether the user may clear the owner file that makes
// the open log read-only: its Guardian seems to have stopped, or it is on
// another computer Guardian cannot check on.
func canClear(k assurance.Keeping) bool { return k.HeldBy != "" && (k.HeldStale || k.HeldElsewhere) }

// offerClear explains who holds the log and, when the user may clear the
// owner file, offers to with a warning; then it opens the log for editing.
func (f *fileSafety) offerClear(path string, k assurance.Keeping) {
	var msg string
	switch {
	case k.HeldStale:
		msg = k.HeldBy + ".\n\nGuardian there seems to have stopped without closing the log (a crash or power cut). " +
			"If you are sure no one is using it, you can clear this and open the log for editing."
	case k.HeldElsewhere:
		msg = k.HeldBy + ". You can read the log; to change it, wait until they have closed it.\n\n" +
			"If you are sure they are not using it (for example their computer was switched off without closing Guardian), you can clear this and open the log for editing. " +
			"If they are still using it, Guardian will not save over their changes or yours: whoever saves second is asked to save theirs as a new file."
	default:
		f.ui.showMessage("Opened read-only", k.HeldBy+". You can read the log; to change it, wait until they have closed it.")
		return
	}
	confirmText("Opened read-only", msg, "Clear it and edit", "Keep read-only", func(clear bool) {
		if clear {
			f.remember(func() { f.clearStale[path] = true })
			f.ui.reopen(false)
		}
	}, f.ui.win).Show()
}

// heldHere reports whether the open log is read-only because a Guardian
// still running on this computer has it: it cannot be switched to editing.
func heldHere(u *UI) bool {
	k, _ := u.keeping()
	return k.HeldBy != "" && !canClear(k)
}

// switchToEditing is File > "Switch to editing": a log someone holds is
// offered for clearing (the menu item is off when it cannot be).
func (f *fileSafety) switchToEditing() {
	if k, _ := f.ui.keeping(); canClear(k) {
		f.offerClear(f.ui.store.Info().Path, k)
		return
	}
	f.ui.reopen(false)
}

// opened tells the user, once, what Guardian does with a log away from this
// computer's disk, and who has it when it opened read-only.
func (f *fileSafety) opened(path string) {
	f.remember(func() { delete(f.clearStale, path) })
	k, ok := f.ui.keeping()
	if !ok {
		return
	}
	switch {
	case k.HeldBy != "":
		f.offerClear(path, k)
	case k.Conflict != "":
		f.shown = k.Conflict
		f.showConflict(k.Conflict, nil)
	case !k.Local && !f.ui.app.Preferences().Bool(prefPlaceNotice):
		f.ui.app.Preferences().SetBool(prefPlaceNotice, true)
		f.ui.showMessage("Working on a safe copy", "This log is on "+k.Where+", not on this computer's own disk.\n\n"+
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
	if _, tried := f.ui.Passphrase(path); tried {
		why = assurance.ErrorMessage(err)
	}
	f.remember(func() { delete(f.passphrases, path) })
	entry := widget.NewPasswordEntry()
	items := []*widget.FormItem{{Text: "Passphrase", Widget: entry, HintText: why}}
	d, submit := formDialog("Open "+filepath.Base(path), "Open", "Cancel", items, func(ok bool) {
		if ok && entry.Text != "" {
			f.remember(func() { f.passphrases[path] = entry.Text })
			f.ui.openLog(path, readOnly)
		}
	}, f.ui.win)
	entry.OnSubmitted = func(string) { submit() }
	d.Resize(fyne.NewSize(460, 200))
	d.Show()
	f.ui.win.Canvas().Focus(entry)
	return true
}

// showConflict offers the two ways out of a conflict. Neither loses a
// change. then, if not nil, is what the user was doing (closing the log,
// opening another): it follows a choice, and "Close anyway" leaves the
// changes on this computer, offered at the next start.
func (f *fileSafety) showConflict(msg string, then func()) {
	later := "Decide later"
	if then != nil {
		later = "Close anyway"
		msg = "Your changes are only on this computer: they have not reached the log.\n\n" + msg +
			"\n\nIf you close anyway, they stay safe on this computer and Guardian offers them again when it next starts."
	}
	conflictChoices(f.ui.win, msg, choice{"Save mine as a new file…", func() { f.saveMineAs(then) }},
		choice{"Open theirs", func() { f.openTheirs(then) }}, choice{later, then})
}

// leaving runs next, unless the open log's changes are held back by a
// conflict: then the choices are offered again first, with "Close anyway".
func (f *fileSafety) leaving(next func()) {
	if k, _ := f.ui.keeping(); k.Conflict != "" {
		f.showConflict(k.Conflict, next)
		return
	}
	next()
}

// showKept says where the user's own version was kept, with a button that
// opens the folder.
func (f *fileSafety) showKept(title, kept string) {
	var d dialog.Dialog
	open := newButton("Open the folder", nil, widget.MediumImportance, func() { f.ui.openFolder(filepath.Dir(kept)) })
	closeB := newButton("Close", nil, widget.MediumImportance, func() { d.Hide() })
	text := widget.NewLabel("Your version is kept, with all your changes, at:\n" + kept +
		"\n\nOpen it like any other log to look at it or copy your changes across.")
	text.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewHBox(open, closeB), nil, nil, text), f.ui.win)
	d.Resize(fyne.NewSize(560, 240))
	d.Show()
}

// openFolder shows a folder in the system's file manager.
func (u *UI) openFolder(dir string) {
	link, _ := url.Parse(storage.NewFileURI(dir).String())
	if err := u.app.OpenURL(link); err != nil {
		u.showError("Could not open the folder", err)
	}
}

func (f *fileSafety) saveMineAs(then func()) {
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
			if then != nil {
				then()
			}
		})
	})
}

func (f *fileSafety) openTheirs(then func()) {
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
		f.showKept("Their version is open", kept)
		if then != nil {
			then()
		}
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
	// SaveBack fails with ECONFLICT when the log was changed meanwhile;
	// its message says by whom and lists the questions.
	SaveBack func(ctx context.Context) error
	SaveAs   func(ctx context.Context, dest string) error
	// KeepAside keeps the changes as a file and discards them from the
	// working area, so the log can be opened as it is: "Open theirs".
	KeepAside func(ctx context.Context) (string, error)
	Discard   func() error
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
	saveAsNew := func(then func(error)) {
		u.files.SaveFile("Save the unsaved changes as a new log", strings.TrimSuffix(name, LogExtension)+" (recovered)"+LogExtension, func(dest string) {
			if dest != "" {
				then(un.SaveAs(u.ctx(), dest))
			}
		})
	}
	save := newButton("Save it back", nil, widget.MediumImportance, func() {
		err := un.SaveBack(u.ctx())
		if assurance.ErrorCode(err) != assurance.ECONFLICT {
			done("save your changes back", err)
			return
		}
		// Someone changed the log meanwhile: the same ways out as in the window.
		d.Hide()
		conflictChoices(u.win, assurance.ErrorMessage(err),
			choice{"Save mine as a new file…", func() {
				saveAsNew(func(err error) {
					if err != nil {
						u.showError("Could not save your changes", err)
					}
					next()
				})
			}},
			choice{"Open theirs", func() { u.keepAside(un, next) }},
			choice{"Decide later", next})
	})
	saveAs := newButton("Save as a new file…", nil, widget.MediumImportance, func() { saveAsNew(func(err error) { done("save your changes", err) }) })
	discard := newButton("Discard them", nil, widget.MediumImportance, func() {
		confirmText("Discard the changes?", "The changes to "+name+" that were never saved will be deleted.", "Yes", "No", func(ok bool) {
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

// keepAside keeps a recovered copy's changes as a file, opens the log as
// it now is and says where the changes are kept.
func (u *UI) keepAside(un UnsavedLog, next func()) {
	kept, err := un.KeepAside(u.ctx())
	if err != nil {
		u.showError("Could not keep your changes", err)
		next()
		return
	}
	u.OpenLog(un.Original, false)
	u.safety.showKept("Their version is open", kept)
	next()
}

// sendCopy writes a closed, standalone copy of the open log for email or a
// USB stick, encrypted with a passphrase if the box is ticked.
func (f *fileSafety) sendCopy() {
	u := f.ui
	if u.store == nil {
		return
	}
	encrypt := newCheck("Encrypt with a passphrase", nil)
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
	d, _ := formDialog("Send a copy", "Choose where…", "Cancel", items, func(ok bool) {
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
