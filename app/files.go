package app

import (
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// FileChooser asks the user for files. Guardian works with paths on local
// or mapped drives, so choices come back as paths; "" means cancelled.
type FileChooser interface {
	// OpenFile asks for an existing file; exts, if any, filter the list.
	OpenFile(title string, exts []string, done func(path string))
	// SaveFile asks where to write a new file, suggesting name.
	SaveFile(title, name string, done func(path string))
}

// fyneFiles is the FileChooser of a real window: Fyne's file dialogs,
// sized to the window and starting in the last folder used.
type fyneFiles struct {
	win     fyne.Window
	lastDir string
}

func (f *fyneFiles) OpenFile(title string, exts []string, done func(string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			done("")
			return
		}
		r.Close()
		f.lastDir = filepath.Dir(r.URI().Path())
		done(r.URI().Path())
	}, f.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.SetTitleText(title)
	f.show(d)
}

func (f *fyneFiles) SaveFile(title, name string, done func(string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			done("")
			return
		}
		// Fyne created the file to hand us a writer; the caller writes it
		// itself (often through a temporary file), so remove the empty one.
		w.Close()
		p := w.URI().Path()
		if fi, err := os.Stat(p); err == nil && fi.Size() == 0 {
			os.Remove(p)
		}
		f.lastDir = filepath.Dir(p)
		done(p)
	}, f.win)
	d.SetFileName(name)
	d.SetTitleText(title)
	f.show(d)
}

func (f *fyneFiles) show(d *dialog.FileDialog) {
	dir := f.lastDir
	if dir == "" {
		dir, _ = os.UserHomeDir()
		if docs := filepath.Join(dir, "Documents"); isDir(docs) {
			dir = docs
		}
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
	size := f.win.Canvas().Size()
	d.Resize(fyne.NewSize(size.Width*0.8, size.Height*0.8))
	d.Show()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// Recent logs are kept in Fyne's preferences, newest first.
const (
	prefRecent    = "recentLogs"
	prefTextScale = "textScale"
	maxRecent     = 8
)

func recentLogs(p fyne.Preferences) []string { return p.StringList(prefRecent) }

func addRecent(p fyne.Preferences, path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	list := slices.DeleteFunc(recentLogs(p), func(s string) bool { return s == path })
	list = append([]string{path}, list...)
	if len(list) > maxRecent {
		list = list[:maxRecent]
	}
	p.SetStringList(prefRecent, list)
}

func forgetRecent(p fyne.Preferences, path string) {
	p.SetStringList(prefRecent, slices.DeleteFunc(recentLogs(p), func(s string) bool { return s == path }))
}

func storageURI(p string) fyne.URI { return storage.NewFileURI(p) }
