package userdirs

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
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

func TestPlaces(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows asks the system")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	od := filepath.Join(home, "OneDrive - NHS")
	for _, d := range []string{"Documents", "Downloads", "OneDrive - NHS"} {
		if err := os.Mkdir(filepath.Join(home, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("OneDriveCommercial", od)
	t.Setenv("OneDrive", od+string(filepath.Separator)) // the same folder: listed once
	t.Setenv("OneDriveConsumer", filepath.Join(home, "gone"))
	want := []Place{
		{"Documents", filepath.Join(home, "Documents")},
		{"Downloads", filepath.Join(home, "Downloads")}, // no Desktop: it does not exist
		{"Home", home},
		{"OneDrive - NHS", od},
	}
	if got := Places(); !slices.Equal(got, want) {
		t.Errorf("Places() = %q, want %q", got, want)
	}
}
