//go:build unix

package workcopy

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/nhsguardian/guardian/internal/safefile"
	"golang.org/x/sys/unix"
)

// processAlive reports whether a process with this id exists. EPERM means it
// exists but belongs to someone else.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}

// hideFile does nothing: a leading "~$" is enough on Unix desktops.
func hideFile(string) {}

// replaceFile renames tmp over dst, then flushes the folder so the rename
// itself survives a power cut.
func replaceFile(tmp, dst string) error {
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	return safefile.SyncDir(filepath.Dir(dst))
}

// busy reports whether a failed replace is worth retrying.
func busy(err error) bool {
	return errors.Is(err, unix.EBUSY) || errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.ETXTBSY)
}
