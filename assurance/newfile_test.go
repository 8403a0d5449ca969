package assurance_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func TestNewFilePath(t *testing.T) {
	dir := t.TempDir()
	taken := filepath.Join(dir, "Board log.guardian")
	if err := os.WriteFile(taken, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ what, want string }{
		{"", `A file called "Board log.guardian" already exists; Guardian never overwrites a file, so choose another name`},
		{"the backup", `A file called "Board log.guardian" already exists; Guardian never overwrites a file, so choose another name for the backup`},
	} {
		_, err := assurance.NewFilePath(taken, tc.what)
		if assurance.ErrorCode(err) != assurance.EINVALID || assurance.ErrorMessage(err) != tc.want {
			t.Errorf("NewFilePath(taken, %q) = %v; want EINVALID %q", tc.what, err, tc.want)
		}
	}
	if b, err := os.ReadFile(taken); err != nil || string(b) != "keep me" {
		t.Errorf("the existing file changed: %q, %v", b, err)
	}

	// Under a file, Lstat fails with ENOTDIR on Unix: not "absent", so refused.
	// (Windows reports such a path as not found.)
	if runtime.GOOS != "windows" {
		_, err := assurance.NewFilePath(filepath.Join(taken, "copy.guardian"), "the backup")
		if assurance.ErrorCode(err) != assurance.EINVALID || assurance.ErrorMessage(err) != `Cannot write the backup "copy.guardian"` {
			t.Errorf("NewFilePath under a file = %v; want EINVALID Cannot write the backup", err)
		}
	}

	free := filepath.Join(dir, "New log.guardian")
	abs, err := assurance.NewFilePath(free, "")
	if err != nil || abs != free {
		t.Errorf("NewFilePath(free) = %q, %v; want %q", abs, err, free)
	}
	if _, err := os.Lstat(free); !os.IsNotExist(err) {
		t.Errorf("NewFilePath made a file: %v", err)
	}
}
