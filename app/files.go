package app

import (
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/storage/repository"

	"github.com/nhsguardian/guardian/internal/userdirs"
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
		// The caller writes the file itself, through a temporary file and a
		// rename; the writer is lazy (see keepExistingFiles), so closing it
		// unused leaves an existing file exactly as it was.
		w.Close()
		p := w.URI().Path()
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
		dir = userdirs.Documents()
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
	// Show first: Fyne 2.8.1 builds the dialog in Show, and Resize before
	// that dereferences nil (the crash on every file dialog, issue 16).
	// Guardian's builds (Windows, Linux outside Flatpak, macOS) never hand
	// the dialog to the system's own, so Show always builds it.
	d.Show()
	size := f.win.Canvas().Size()
	d.Resize(fyne.NewSize(size.Width*0.8, size.Height*0.8))
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

// fileRepository is everything Fyne's own "file" repository offers.
type fileRepository interface {
	repository.ListableRepository
	repository.WritableRepository
	repository.AppendableRepository
	repository.HierarchicalRepository
	repository.CopyableRepository
	repository.MovableRepository
}

// keepingRepository is Fyne's file repository with one change: Writer opens
// (and so truncates) the file only when the first byte is written.
type keepingRepository struct{ fileRepository }

// keepExistingFiles makes Fyne's save dialog safe for existing files. The
// dialog opens the chosen file for writing as soon as the user confirms
// "Overwrite?", which would empty a Guardian log picked by mistake before
// Guardian could refuse it; Guardian never writes through that writer (it
// saves through a temporary file and a rename), so a lazy writer means the
// file is never touched. Call it once the driver has registered its
// repository (after app.NewWithID).
func keepExistingFiles() {
	r, err := repository.ForScheme("file")
	if err != nil {
		return
	}
	if _, done := r.(keepingRepository); done {
		return
	}
	if full, ok := r.(fileRepository); ok {
		repository.Register("file", keepingRepository{full})
	}
}

func (r keepingRepository) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	return &lazyWriter{uri: u, open: r.fileRepository.Writer}, nil
}

// lazyWriter opens its file on the first Write.
type lazyWriter struct {
	uri  fyne.URI
	open func(fyne.URI) (fyne.URIWriteCloser, error)
	w    fyne.URIWriteCloser
}

func (l *lazyWriter) URI() fyne.URI { return l.uri }

func (l *lazyWriter) Write(p []byte) (int, error) {
	if l.w == nil {
		w, err := l.open(l.uri)
		if err != nil {
			return 0, err
		}
		l.w = w
	}
	return l.w.Write(p)
}

func (l *lazyWriter) Close() error {
	if l.w == nil {
		return nil
	}
	return l.w.Close()
}
