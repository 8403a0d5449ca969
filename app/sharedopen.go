package app

import (
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/internal/credentials"
)

// sharedLogs opens shared logs (a database an IT team runs) from saved
// connection profiles, and keeps what the window needs while one is open:
// its profile for the title, and the password typed this session, in
// memory only, to switch between read-only and editing without asking.
type sharedLogs struct {
	ui    *UI
	creds Credentials
	open  *SharedProfile // the profile of the open log; nil for a file or none

	mu        sync.Mutex
	passwords map[string]string // this session's, by profile key; never written anywhere
}

func newSharedLogs(u *UI) *sharedLogs {
	c := u.opts.Credentials
	if c == nil {
		c = credentials.System{}
	}
	return &sharedLogs{ui: u, creds: c, passwords: map[string]string{}}
}

// available reports whether this Guardian can open shared logs.
func (sl *sharedLogs) available() bool { return sl.ui.opts.OpenShared != nil }

// isOpen reports whether the open log is a shared one.
func (sl *sharedLogs) isOpen() bool { return sl.open != nil }

// title names the open shared log for the title bar: the organisation,
// the profile and where it is, so nobody mistakes it for a file.
func (sl *sharedLogs) title() string {
	p := sl.open
	if p == nil {
		return ""
	}
	return p.Organisation + " - " + p.Name + " (shared: " + p.where() + ")"
}

// show lists the saved profiles with Add, Edit, Remove and Open.
func (sl *sharedLogs) show() {
	if !sl.available() {
		return
	}
	newSharedOpenDialog(sl).show()
}

// openProfile opens the profile's log, asking for the password when the
// credential store has none (or cannot be reached).
func (sl *sharedLogs) openProfile(p SharedProfile, readOnly bool) {
	u := sl.ui
	sl.mu.Lock()
	pw, typed := sl.passwords[p.key()]
	sl.mu.Unlock()
	if typed {
		u.leaveLog(func() { sl.connect(p, pw, readOnly, false, false) })
		return
	}
	kept, found, err := sl.creds.Password(p.key())
	switch {
	case err != nil:
		fyne.LogError("credential store", err)
		sl.askPassword(p, readOnly, "", false)
	case found:
		u.leaveLog(func() { sl.connect(p, kept, readOnly, false, true) })
	default:
		sl.askPassword(p, readOnly, "", true)
	}
}

// askPassword asks for the profile's password. canKeep: the credential
// store works, so offer to remember it there; otherwise say why it will be
// asked again. problem is why it is asked again (a wrong password).
func (sl *sharedLogs) askPassword(p SharedProfile, readOnly bool, problem string, canKeep bool) {
	u := sl.ui
	pass := widget.NewPasswordEntry()
	remember := newCheck("Remember it in "+sl.creds.Name(), nil)
	remember.SetChecked(true)
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapped("The password of "+p.User+" for "+p.Name+" ("+p.where()+").")),
		widget.NewFormItem("Password", pass),
	}
	if problem != "" {
		wrong := wrapped(problem)
		wrong.Importance = widget.DangerImportance
		items = append(items, widget.NewFormItem("", wrong))
	}
	if canKeep {
		items = append(items, widget.NewFormItem("", remember),
			widget.NewFormItem("", wrapped("Guardian keeps the password only in "+sl.creds.Name()+", never in a file.")))
	} else {
		items = append(items, widget.NewFormItem("", wrapped("Guardian cannot remember your password here: "+sl.creds.Name()+
			" is not available. It will ask for it each time, and never writes it to disk.")))
	}
	var submit func()
	d, submit := formDialog("Password for "+p.Name, "Connect", "Cancel", items, func(ok bool) {
		if ok {
			keep := canKeep && remember.Checked
			u.leaveLog(func() { sl.connect(p, pass.Text, readOnly, keep, false) })
		}
	}, u.win)
	pass.OnSubmitted = func(string) { submit() }
	// The first layout wraps the text at that width; the second fits its height.
	d.Resize(fyne.NewSize(520, 0))
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	u.win.Canvas().Focus(pass)
}

// connect opens the shared log in the background behind a notice (a
// server across the network can take seconds), then shows its workspace.
// keep: save the password in the credential store once it is accepted;
// fromStore: it came from there, so a refusal means it changed.
func (sl *sharedLogs) connect(p SharedProfile, password string, readOnly, keep, fromStore bool) {
	u := sl.ui
	if u.opening {
		return
	}
	u.opening = true
	wait := dialog.NewCustomWithoutButtons("Connecting…", container.NewVBox(
		widget.NewLabel("Connecting to the shared log \u201c"+p.Name+"\u201d ("+p.where()+")…"), widget.NewProgressBarInfinite()), u.win)
	wait.Show()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		s, err := u.opts.OpenShared(p, password, readOnly)
		u.do(func() {
			u.opening = false
			wait.Hide()
			sl.connected(p, password, readOnly, keep, fromStore, s, err)
		})
	}()
}

func (sl *sharedLogs) connected(p SharedProfile, password string, readOnly, keep, fromStore bool, s assurance.Store, err error) {
	u := sl.ui
	if err != nil {
		if msg := assurance.FieldErrors(err)["password"]; msg != "" {
			sl.mu.Lock()
			delete(sl.passwords, p.key())
			sl.mu.Unlock()
			_, _, storeErr := sl.creds.Password(p.key())
			if fromStore {
				// The password was changed on the server: the kept one is stale.
				sl.creds.Forget(p.key())
				msg = "The password kept in " + sl.creds.Name() + " was not accepted: it may have been changed. Type the new one."
			} else {
				msg = "That password was not accepted. Check it and try again."
			}
			sl.askPassword(p, readOnly, msg, storeErr == nil)
			return
		}
		u.showError("Could not open the shared log", err)
		return
	}
	sl.mu.Lock()
	sl.passwords[p.key()] = password
	sl.mu.Unlock()
	sl.open = &p
	if !u.useStore(s) {
		return
	}
	if keep {
		if err := sl.creds.SetPassword(p.key(), password); err != nil {
			fyne.LogError("credential store", err)
			u.showMessage("Password not remembered", "Guardian could not keep the password in "+sl.creds.Name()+
				", so it will ask for it next time. It has not been written anywhere else.")
		}
	}
}

// watch refreshes the workspace when someone else changes the shared log.
func (sl *sharedLogs) watch(ws *workspace) {
	w, ok := ws.store.(assurance.Watcher)
	if !ok {
		return
	}
	r := newSharedRefresh(ws)
	if err := w.Watch(ws.ctx, r.changed); err != nil {
		// The log works without it; the user sees others' changes on the next open.
		fyne.LogError("watching the shared log for changes", err)
	}
}

// closed forgets the open shared log's profile as it closes.
func (sl *sharedLogs) closed() { sl.open = nil }

// reopen opens the open shared log again, read-only or for editing,
// reporting whether it did (false: the open log is a file).
func (sl *sharedLogs) reopen(readOnly bool) bool {
	if sl.open == nil {
		return false
	}
	sl.openProfile(*sl.open, readOnly)
	return true
}

// portText shows a port in the form: empty for the default.
func portText(p int) string {
	if p == 0 {
		return ""
	}
	return strconv.Itoa(p)
}

// sharedOpenDialog lists the saved profiles.
type sharedOpenDialog struct {
	sl       *sharedLogs
	d        *dialog.CustomDialog
	profiles []SharedProfile
	list     *focusList
	empty    *widget.Label
	selected int
	edit     *focusButton
	remove   *focusButton
	openB    *focusButton
	openRO   *focusButton
}

func newSharedOpenDialog(sl *sharedLogs) *sharedOpenDialog {
	return &sharedOpenDialog{sl: sl, selected: -1}
}

func (o *sharedOpenDialog) show() {
	u := o.sl.ui
	o.list = newList(func() int { return len(o.profiles) }, o.createRow, o.updateRow)
	o.list.name = "Shared logs"
	o.list.OnSelected = func(i widget.ListItemID) { o.selected = i; o.enable() }
	o.list.OnUnselected = func(widget.ListItemID) { o.selected = -1; o.enable() }
	o.empty = wrapped("No shared logs yet. Choose Add… and fill in what your IT team gave you: the server, the database, your user name and your organisation.")
	add := newButton("Add…", theme.ContentAddIcon(), widget.MediumImportance, func() { o.editProfile(nil) })
	o.edit = newButton("Edit…", theme.DocumentCreateIcon(), widget.MediumImportance, func() { o.editProfile(o.current()) })
	o.remove = newButton("Remove", theme.DeleteIcon(), widget.MediumImportance, o.onRemove)
	intro := wrapped("A shared log lives in a database your IT team runs, so several people can work on it at once. " +
		"Passwords are kept in " + o.sl.creds.Name() + " or asked for each time, never saved with these details.")
	top := container.NewVBox(intro, container.NewHBox(add, o.edit, o.remove))
	cancel := newButton("Cancel", theme.CancelIcon(), widget.MediumImportance, func() { o.d.Hide() })
	o.openRO = newButton("Open read-only", theme.VisibilityIcon(), widget.MediumImportance, func() { o.onOpen(true) })
	o.openB = newButton("Open", theme.FolderOpenIcon(), widget.HighImportance, func() { o.onOpen(false) })
	o.d = dialog.NewCustomWithoutButtons("Open a shared log", border(top, nil, nil, nil, container.NewStack(o.list, o.empty)), u.win)
	o.d.SetButtons([]fyne.CanvasObject{cancel, o.openRO, o.openB})
	o.reload("")
	o.d.Resize(fyne.NewSize(640, 460))
	o.d.Show()
}

// reload reads the profiles again and selects the one named sel.
func (o *sharedOpenDialog) reload(sel string) {
	o.profiles = sharedProfiles(o.sl.ui.app.Preferences())
	o.selected = -1
	o.list.UnselectAll()
	o.list.Refresh()
	for i, p := range o.profiles {
		if p.Name == sel || (sel == "" && len(o.profiles) == 1) {
			o.list.Select(i)
		}
	}
	if len(o.profiles) == 0 {
		o.empty.Show()
	} else {
		o.empty.Hide()
	}
	o.enable()
}

func (o *sharedOpenDialog) current() *SharedProfile {
	if o.selected < 0 || o.selected >= len(o.profiles) {
		return nil
	}
	p := o.profiles[o.selected]
	return &p
}

func (o *sharedOpenDialog) enable() {
	on := o.current() != nil
	setAllEnabled(on, o.edit, o.remove, o.openB, o.openRO)
}

func (o *sharedOpenDialog) createRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(name, detail)
}

func (o *sharedOpenDialog) updateRow(i widget.ListItemID, obj fyne.CanvasObject) {
	p := o.profiles[i]
	row := obj.(*fyne.Container).Objects
	row[0].(*widget.Label).SetText(p.Name)
	row[1].(*widget.Label).SetText(p.Organisation + " \u00b7 " + p.where() + " \u00b7 " + p.User)
}

func (o *sharedOpenDialog) onOpen(readOnly bool) {
	p := o.current()
	if p == nil {
		return
	}
	o.d.Hide()
	o.sl.openProfile(*p, readOnly)
}

func (o *sharedOpenDialog) onRemove() {
	p := o.current()
	if p == nil {
		return
	}
	u := o.sl.ui
	confirmText("Remove "+p.Name, "Remove \u201c"+p.Name+"\u201d from this list? The shared log itself is not touched, and its password is forgotten on this computer.",
		"Remove", "Keep it", func(ok bool) {
			if !ok {
				return
			}
			ps := sharedProfiles(u.app.Preferences())
			var kept []SharedProfile
			for _, q := range ps {
				if q.Name != p.Name {
					kept = append(kept, q)
				} else if err := o.sl.creds.Forget(q.key()); err != nil {
					fyne.LogError("credential store", err)
				}
			}
			saveSharedProfiles(u.app.Preferences(), kept)
			o.reload("")
		}, u.win).Show()
}

// editProfile shows the form for a new profile (nil) or an existing one.
func (o *sharedOpenDialog) editProfile(was *SharedProfile) {
	f := newProfileForm(o.sl.ui, was, func(p SharedProfile) {
		ps := sharedProfiles(o.sl.ui.app.Preferences())
		i := -1
		if was != nil {
			for j, q := range ps {
				if q.Name == was.Name {
					i = j
				}
			}
		}
		if i >= 0 {
			if ps[i].key() != p.key() {
				// A password kept for the old account or server is no use now.
				o.sl.creds.Forget(ps[i].key())
			}
			ps[i] = p
		} else {
			ps = append(ps, p)
		}
		saveSharedProfiles(o.sl.ui.app.Preferences(), ps)
		o.reload(p.Name)
	})
	f.show()
}
