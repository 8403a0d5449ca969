//go:build unix

package workcopy

import (
	"errors"
	"os"
	"path/filepath"

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
	return syncDir(dst)
}

// busy reports whether a failed replace is worth retrying.
func busy(err error) bool {
	return errors.Is(err, unix.EBUSY) || errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.ETXTBSY)
}

// syncDir flushes the folder holding path. Some network file systems refuse
// to flush a folder (EINVAL); their server orders the rename itself.
func syncDir(path string) error {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOTSUP) {
		return err
	}
	return nil
}
