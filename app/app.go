// Package app is Guardian's desktop user interface, built with Fyne.
//
// It talks to a log only through assurance.Store (and writes board papers
// with package export) and never writes SQL; the store is opened by
// functions cmd/guardian injects, so the package does not import
// fyne.io/fyne/v2/app and its tests run headless with fyne/v2/test.
// Each screen lives in its own file as a small struct holding its widgets,
// built by newX and buildUI, with onX handlers.
package app

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// Opener opens an existing log, read-only when asked.
type Opener func(path string, readOnly bool) (assurance.Store, error)

// Creator creates a new, empty log at path.
type Creator func(path string) (assurance.Store, error)

// LogExtension is the file extension Guardian gives new logs.
const LogExtension = ".guardian"

// Options are what cmd/guardian wires into the UI.
type Options struct {
	Open      Opener
	Create    Creator
	Catalogue *assurance.Catalogue
	// Files chooses files; nil means Fyne's file dialogs. Tests replace it.
	Files FileChooser
	// Backups lists and restores a log's backups; nil means assurance/backup (backups.go).
	Backups Backups
	// Copies reports whether opening the log at path first copies it to
	// this computer (a log on a network drive, in a synced folder, on a
	// USB stick, or an encrypted copy): a large one takes seconds, so it
	// is opened in the background behind a progress notice and the window
	// keeps responding. Nil: logs open at once.
	Copies func(path string) bool
	// OpenShared opens a shared log (a database) from a connection
	// profile (sharedopen.go). Nil: Guardian offers no shared logs.
	OpenShared SharedOpener
	// Credentials keeps shared logs' passwords; nil means the operating
	// system's credential store.
	Credentials Credentials
}

// UI is the Guardian window: the start screen, or a workspace on an open log.
type UI struct {
	app   fyne.App
	win   fyne.Window
	opts  Options
	cat   *assurance.Catalogue
	fw    *assurance.Framework
	files FileChooser
	theme *guardianTheme
	menu  *mainMenu
	// safety shows how a log away from this computer's disk is kept (filesafety.go).
	safety *fileSafety

	store assurance.Store
	ws    *workspace
	start *startScreen

	// bg counts work running off the UI goroutine (search, attach, export),
	// so tests and Close can wait for it.
	bg sync.WaitGroup
	// tempDirs hold evidence copies opened in the system viewer; removed on exit.
	tempDirs []string
	// logCtx is the open log's context (see ctx).
	logCtx atomic.Pointer[context.Context]
	// runOnUI hands work from a background goroutine to the UI goroutine:
	// fyne.Do, or in tests a queue the test goroutine runs.
	runOnUI func(func())
	// backupWarned: a failed daily backup is shown once a session (backups.go).
	backupWarned bool
	// opening: a log is being copied to open it (openLog).
	opening bool
	// shared opens shared logs and knows the open one (sharedopen.go).
	shared *sharedLogs
}

// Create builds the Guardian UI into w: theme, main menu, shortcuts, drop
// target and the start screen. cmd/guardian then shows the window.
func Create(a fyne.App, w fyne.Window, opts Options) *UI {
	u := &UI{app: a, win: w, opts: opts, cat: opts.Catalogue, files: opts.Files, runOnUI: fyne.Do}
	if u.files == nil {
		u.files = &fyneFiles{win: w}
	}
	u.fw = u.cat.Default()
	keepExistingFiles()
	u.theme = &guardianTheme{scale: float32(a.Preferences().FloatWithFallback(prefTextScale, 1))}
	a.Settings().SetTheme(u.theme)

	u.safety = newFileSafety(u)
	u.shared = newSharedLogs(u)
	u.menu = newMainMenu(u)
	w.SetMainMenu(u.menu.buildUI())
	u.menu.addShortcuts(w.Canvas())
	w.SetOnDropped(u.onDropped)
	w.SetCloseIntercept(u.onCloseWindow)
	w.Resize(fyne.NewSize(1280, 800))
	u.showStart()
	return u
}

// Store returns the open log, or nil on the start screen.
func (u *UI) Store() assurance.Store { return u.store }

// ReadOnly reports whether the open log is read-only.
func (u *UI) ReadOnly() bool { return u.store != nil && u.store.Info().ReadOnly }

// ctx is the open log's context: closing the log cancels work still
// running on it (an attach, an export, a search), so closing never waits
// for a large file. It is safe to call from any goroutine.
func (u *UI) ctx() context.Context {
	if c := u.logCtx.Load(); c != nil {
		return *c
	}
	return context.Background()
}

// do runs f on the UI goroutine; background work reports through it.
func (u *UI) do(f func()) { u.runOnUI(f) }

func (u *UI) setTitle() {
	title := "Guardian"
	if u.store != nil {
		title = filepath.Base(u.store.Info().Path) + " - Guardian"
		if t := u.shared.title(); t != "" {
			title = t + " - Guardian"
		}
		if u.ReadOnly() {
			title += u.safety.readOnlyNote()
		}
		title += u.safety.titleNote()
	}
	u.win.SetTitle(title)
}

func (u *UI) showStart() {
	u.start = newStartScreen(u)
	u.win.SetContent(u.start.buildUI())
	u.setTitle()
	u.menu.refresh()
}

// OpenLog opens the log at path and shows its workspace, after asking about
// unsaved changes in the log open now. Errors are shown as dialogs.
func (u *UI) OpenLog(path string, readOnly bool) {
	u.leaveLog(func() { u.openLog(path, readOnly) })
}

func (u *UI) openLog(path string, readOnly bool) {
	start := time.Now()
	if u.opening {
		return // one at a time: a log is being copied in the background
	}
	if u.opts.Copies == nil || !u.opts.Copies(path) {
		s, err := u.opts.Open(path, readOnly)
		u.logOpened(path, readOnly, start, s, err)
		return
	}
	u.opening = true
	wait := dialog.NewCustomWithoutButtons("Opening "+filepath.Base(path)+"…", container.NewVBox(
		widget.NewLabel(copyingText(path)), widget.NewProgressBarInfinite()), u.win)
	wait.Show()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		s, err := u.opts.Open(path, readOnly)
		u.do(func() {
			u.opening = false
			wait.Hide()
			u.logOpened(path, readOnly, start, s, err)
		})
	}()
}

// copyingText says what Guardian is doing while it copies a log to open it.
func copyingText(path string) string {
	size := ""
	if info, err := os.Stat(path); err == nil {
		size = " (" + assurance.FormatSize(info.Size()) + ")"
	}
	return "Guardian is copying " + filepath.Base(path) + size + " to this computer to work on it safely. A large log takes a few seconds."
}

// logOpened shows the log Open returned, or why it did not open.
func (u *UI) logOpened(path string, readOnly bool, start time.Time, s assurance.Store, err error) {
	if err != nil {
		if u.safety.needsPassphrase(path, readOnly, err) {
			return
		}
		u.showError("Could not open the log", err)
		return
	}
	opened := time.Since(start)
	if u.useStore(s) {
		// One line for whoever supports the user, and for measuring: from
		// choosing the log to its list being laid out in the window, and
		// how much of that was opening the file.
		log.Printf("Guardian: opened %s: %d questions listed in %v (file opened in %v)", filepath.Base(path), len(u.ws.questions),
			time.Since(start).Round(time.Millisecond), opened.Round(time.Millisecond))
	}
}

// NewLog creates a log at path and shows its (empty) workspace.
func (u *UI) NewLog(path string) {
	u.leaveLog(func() {
		if filepath.Ext(path) == "" {
			path += LogExtension
		}
		if _, err := os.Stat(path); err == nil {
			u.showError("Could not create the log", assurance.Errorf(assurance.EINVALID,
				"A file called %s already exists there. Choose another name, or open it instead.", filepath.Base(path)))
			return
		}
		s, err := u.opts.Create(path)
		if err != nil {
			u.showError("Could not create the log", err)
			return
		}
		u.useStore(s)
		u.ws.settings.show() // a new log wants its organisation and Guardian's name
	})
}

func (u *UI) useStore(s assurance.Store) bool {
	ws, err := newWorkspace(u, s)
	if err != nil {
		s.Close()
		u.showError("Could not read the log", err)
		return false
	}
	// Read the questions while the window is laid out: on two cores that
	// hides most of the layout behind SQLite.
	type loaded struct {
		qs  []*assurance.Question
		err error
	}
	ch := make(chan loaded, 1)
	go func() {
		qs, err := s.Questions(ws.ctx, assurance.QuestionFilter{})
		ch <- loaded{qs, err}
	}()
	u.store, u.ws, u.start = s, ws, nil
	u.logCtx.Store(&ws.ctx)
	u.win.SetContent(ws.buildUI())
	r := <-ch
	if r.err != nil {
		u.closeStore()
		u.showStart()
		u.showError("Could not read the log", r.err)
		return false
	}
	ws.questions = r.qs
	if !u.shared.isOpen() {
		addRecent(u.app.Preferences(), s.Info().Path)
	}
	ws.loaded()
	u.shared.watch(ws)
	u.setTitle()
	u.menu.refresh()
	u.safety.opened(s.Info().Path)
	if n := s.Info().Notices; len(n) > 0 {
		u.showMessage("Found beside the log", strings.Join(n, "\n\n"))
	}
	return true
}

// leaveLog runs next once it is safe to leave the open log: unsaved edits
// are saved or discarded as the user chooses, then the log is closed.
func (u *UI) leaveLog(next func()) {
	if u.ws == nil {
		next()
		return
	}
	u.ws.editor.confirmLeave(func() { u.safety.leaving(func() { u.closeAndThen(next) }) })
}

// closeAndThen closes the log, shows the start screen and runs next.
func (u *UI) closeAndThen(next func()) {
	u.closeStore()
	// The start screen stays if what comes next fails (a log that
	// will not open): never a workspace on a closed log.
	u.showStart()
	next()
}

func (u *UI) closeStore() {
	if u.ws != nil {
		u.ws.cancel()
		u.ws.list.stopSearch()
	}
	u.logCtx.Store(nil)
	u.bg.Wait()
	if u.store != nil {
		if err := u.store.Close(); err != nil {
			fyne.LogError("close log", err)
		}
	}
	u.store, u.ws = nil, nil
	u.shared.closed()
}

// CloseLog returns to the start screen.
func (u *UI) CloseLog() { u.leaveLog(func() {}) }

// reopen opens the current log again, read-only or for editing.
func (u *UI) reopen(readOnly bool) {
	if u.store == nil || u.shared.reopen(readOnly) {
		return
	}
	path := u.store.Info().Path
	u.OpenLog(path, readOnly)
}

func (u *UI) onCloseWindow() {
	u.leaveLog(func() {
		for _, d := range u.tempDirs {
			os.RemoveAll(d)
		}
		u.win.Close()
	})
}

func (u *UI) onDropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, uri := range uris {
		if uri.Scheme() == "file" {
			paths = append(paths, uri.Path())
		}
	}
	if len(paths) == 0 {
		return
	}
	if u.ws == nil {
		if len(paths) == 1 && strings.EqualFold(filepath.Ext(paths[0]), LogExtension) {
			u.OpenLog(paths[0], false)
			return
		}
		u.showMessage("Open a log first", "Open or create a log, choose a question, then drop files onto the window to attach them as evidence.")
		return
	}
	u.ws.editor.evidence.attach(paths)
}

// showError shows err as a dialog in plain words. The full error goes to
// the log for whoever supports the user.
func (u *UI) showError(title string, err error) {
	fyne.LogError(title, err)
	msg := plainMessage(err)
	u.showMessage(title, msg)
}

func (u *UI) showMessage(title, msg string) {
	messageDialog(title, msg, u.win).Show()
}

// plainMessage turns an error into a sentence for the user: the domain's
// message, or plain words for the file errors people meet.
func plainMessage(err error) string {
	if assurance.ErrorCode(err) != assurance.EINTERNAL {
		return assurance.ErrorMessage(err)
	}
	switch {
	case os.IsNotExist(err):
		return "The file could not be found. It may have been moved, renamed or deleted."
	case os.IsPermission(err):
		return "Guardian is not allowed to use that file. Check that you have permission, or choose another place."
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("Guardian could not use the file %s. Check that it is not open in another program and that the drive is still connected.", filepath.Base(pe.Path))
	}
	return assurance.ErrorMessage(err)
}

func (u *UI) showCustom(title string, content fyne.CanvasObject, size fyne.Size) {
	var d *dialog.CustomDialog
	closeB := newButton("Close", nil, widget.MediumImportance, func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, content, u.win)
	d.SetButtons([]fyne.CanvasObject{closeB})
	d.Resize(size)
	d.Show()
}
