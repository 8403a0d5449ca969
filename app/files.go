package app

import (
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
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

// fyneFiles is the FileChooser of a real window: Guardian's own file
// dialog (filedialog.go), sized to the window and starting in the last
// folder used, or in Documents.
type fyneFiles struct {
	win     fyne.Window
	lastDir string
	shown   *fileDialog // the one shown last
}

func (f *fyneFiles) OpenFile(title string, exts []string, done func(string)) {
	f.show(title, false, exts, "", done)
}

// SaveFile lists the files with the suggested name's extension, and adds
// it to a name typed without it.
func (f *fyneFiles) SaveFile(title, name string, done func(string)) {
	var exts []string
	if e := filepath.Ext(name); e != "" {
		exts = []string{e}
	}
	f.show(title, true, exts, name, done)
}

func (f *fyneFiles) show(title string, save bool, exts []string, name string, done func(string)) {
	dir := f.lastDir
	if fi, err := os.Stat(dir); dir == "" || err != nil || !fi.IsDir() {
		dir = userdirs.Documents()
	}
	f.shown = newFileDialog(f.win, title, save, exts, name, dir, f.lastDir, func(p string) {
		if p != "" {
			f.lastDir = filepath.Dir(p)
		}
		done(p)
	})
	f.shown.show()
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

// keepExistingFiles makes Fyne's storage writer safe for existing files.
// Guardian's own file dialog (filedialog.go) never opens the file chosen;
// Fyne's save dialog, which Guardian used before, opened it for writing as
// soon as the user confirmed "Overwrite?", emptying a log picked by mistake
// before Guardian could refuse it. Guardian writes through a temporary file
// and a rename, never through this writer, so a lazy writer keeps any
// future use of Fyne's dialog or storage.Writer from touching the file.
// Call it once the driver has registered its repository (after
// app.NewWithID).
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
