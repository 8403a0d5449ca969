package safefile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhsguardian/guardian/internal/safefile"
)

func TestWriteTempWritesAndCloses(t *testing.T) {
	dir := t.TempDir()
	for _, durable := range []bool{true, false} {
		tmp, err := safefile.WriteTemp(dir, ".paper.xlsx.*.tmp", durable, func(f *os.File) error {
			_, err := f.WriteString("board paper")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Dir(tmp) != dir {
			t.Errorf("temporary file %q is not in %q", tmp, dir)
		}
		if got, err := os.ReadFile(tmp); err != nil || string(got) != "board paper" {
			t.Errorf("durable=%v: read back %q, %v", durable, got, err)
		}
		// Closed: on Windows an open file could not be removed.
		if err := os.Remove(tmp); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteTempLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	full := errors.New("disk full")
	tmp, err := safefile.WriteTemp(dir, ".paper.xlsx.*.tmp", true, func(f *os.File) error {
		if _, err := f.WriteString("half a board pa"); err != nil {
			return err
		}
		return full
	})
	if !errors.Is(err, full) || tmp != "" {
		t.Fatalf("WriteTemp = %q, %v; want the write's error", tmp, err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("a failed write left %v", left)
	}
}

func TestWriteTempMissingFolder(t *testing.T) {
	called := false
	_, err := safefile.WriteTemp(filepath.Join(t.TempDir(), "gone"), "x.*.tmp", true, func(*os.File) error {
		called = true
		return nil
	})
	if !errors.Is(err, os.ErrNotExist) || called {
		t.Errorf("WriteTemp into a missing folder = %v (write called: %v); want ErrNotExist before writing", err, called)
	}
}

func TestSyncFileAndDir(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.guardian")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := safefile.SyncFile(path); err != nil {
		t.Errorf("SyncFile: %v", err)
	}
	if err := safefile.SyncFile(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("SyncFile of a missing file = %v, want ErrNotExist", err)
	}
	if err := safefile.SyncDir(dir); err != nil {
		t.Errorf("SyncDir: %v", err)
	}
}

func TestCopyNewCopiesAndNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "log.guardian"), filepath.Join(dir, "copy.guardian")
	if err := os.WriteFile(src, []byte("questions and evidence"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := safefile.CopyNew(src, dst); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "questions and evidence" {
		t.Fatalf("copy holds %q", got)
	}
	if err := os.WriteFile(src, []byte("changed"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := safefile.CopyNew(src, dst); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("copying over an existing file: err = %v, want ErrExist", err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "questions and evidence" {
		t.Fatalf("existing copy was changed to %q", got)
	}
	if err := safefile.CopyNew(filepath.Join(dir, "missing"), filepath.Join(dir, "other")); err == nil {
		t.Fatal("copying a missing file succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "other")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a failed copy left a file behind: %v", err)
	}
}

func TestFolderCreatesNewFilesOnly(t *testing.T) {
	dir := t.TempDir()
	f, err := safefile.OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	nf, err := f.Create("Q-0001 E1 Präsentation.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nf.Write([]byte("evidence")); err != nil {
		t.Fatal(err)
	}
	if err := nf.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := nf.Close(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "Q-0001 E1 Präsentation.pdf")); err != nil || string(b) != "evidence" {
		t.Fatalf("read back %q, %v", b, err)
	}
	if _, err := f.Create("Q-0001 E1 Präsentation.pdf"); !errors.Is(err, fs.ErrExist) {
		t.Errorf("creating over an existing file: %v, want ErrExist", err)
	}
	for _, bad := range []string{"", ".", "..", "../out.txt", "sub/file.txt"} {
		if _, err := f.Create(bad); err == nil {
			t.Errorf("Create(%q) made a file", bad)
		}
	}
	if left, _ := os.ReadDir(filepath.Dir(dir)); len(left) != 1 {
		t.Errorf("beside the folder: %v", left)
	}
}
