package app

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// Fyne's save dialog asks storage.Writer for the chosen file as soon as the
// user confirms "Overwrite?". With keepExistingFiles that must not empty an
// existing log; writing through it still works.
func TestSaveDialogWriterLeavesExistingFileAlone(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	keepExistingFiles()
	keepExistingFiles() // idempotent: not wrapped twice

	path := filepath.Join(t.TempDir(), "trust.guardian")
	if err := os.WriteFile(path, []byte("the Guardian's only copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "the Guardian's only copy" {
		t.Fatalf("file after an unused writer = %q: it was truncated", got)
	}

	w, err = storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, "replaced"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "replaced" {
		t.Fatalf("file after writing = %q", got)
	}
	if ok, _ := storage.CanList(storage.NewFileURI(filepath.Dir(path))); !ok {
		t.Fatal("the wrapped repository no longer lists folders")
	}
}
