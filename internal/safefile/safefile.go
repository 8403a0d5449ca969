// Package safefile holds the mechanics Guardian uses so that a file it
// writes is never seen half-written and survives a power cut: a 0600
// temporary file in the target's folder, flushed to disk, then renamed, with
// the folder flushed after the rename.
//
// It returns plain errors and imports nothing of Guardian's: each caller (a
// backup, an export, a save-back) words a failure for the user in its own
// terms. The one check whose words are shared, never overwriting a file, is
// assurance.NewFilePath, because its message is the domain's.
package safefile

import (
	"fmt"
	"io"
	"os"
)

// WriteTemp writes a new file in dir through write and returns its name. The
// file is named from pattern as os.CreateTemp names it, so it is readable by
// its owner only (0600 on Unix), and lives in dir so that renaming it over
// its target stays on one file system. When durable, it is flushed to disk
// before it is closed. On any failure it is removed.
func WriteTemp(dir, pattern string, durable bool, write func(*os.File) error) (_ string, err error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return "", err
	}
	if durable {
		if err = f.Sync(); err != nil {
			return "", fmt.Errorf("flush to disk: %w", err)
		}
	}
	if err = f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// SyncFile flushes the file at path to disk, for files another program
// (SQLite) wrote.
func SyncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// CopyNew copies src to dst, which must not exist yet: the copy is readable
// by its owner only (0600 on Unix) and flushed to disk, and on any failure
// it is removed.
func CopyNew(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(dst)
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Sync()
}
