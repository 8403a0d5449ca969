package userdirs

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDocuments(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows asks the system")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	if got := Documents(); got != home {
		t.Errorf("no Documents folder: got %q, want the home folder", got)
	}
	docs := filepath.Join(home, "Documents")
	os.Mkdir(docs, 0o700)
	if got := Documents(); got != docs {
		t.Errorf("got %q, want %q", got, docs)
	}
}
