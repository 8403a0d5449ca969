package assurance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// ExtractEvidence writes the evidence file e, read from r, into the folder
// dir and returns the path it wrote. The name is EvidenceFileName(e), with
// " (2)", " (3)", ... added rather than overwrite a file already there. The
// file is created through an os.Root on dir, so no name, symbolic link or
// ".." can make it land outside the folder; it is readable by its owner only
// (0600 on Unix), flushed to disk, and checked against the recorded SHA-256
// as it is written: a damaged file is removed and reported as ECORRUPT.
func ExtractEvidence(ctx context.Context, r Reader, e *Evidence, dir string) (string, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", WrapError(EINVALID, err, "Cannot write to the folder %q", dir)
	}
	defer root.Close()
	name := EvidenceFileName(e)
	ext := path.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	stem := strings.TrimSuffix(name, ext)
	var f *os.File
	for i := 2; ; i++ {
		f, err = root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil || !errors.Is(err, os.ErrExist) || i > 999 {
			break
		}
		name = fmt.Sprintf("%s (%d)%s", stem, i, ext)
	}
	if err != nil {
		return "", WrapError(EINVALID, err, "Cannot create %q in the folder %q", name, dir)
	}
	if err := writeEvidence(ctx, r, e, f); err != nil {
		f.Close()
		root.Remove(name)
		return "", err
	}
	if err := f.Close(); err != nil {
		root.Remove(name)
		return "", writeFailure(err, name, dir)
	}
	return filepath.Join(dir, name), nil
}

func writeEvidence(ctx context.Context, r Reader, e *Evidence, f *os.File) error {
	rc, err := r.OpenEvidence(ctx, e.ID)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), rc)
	if err != nil {
		return writeFailure(err, e.Name, filepath.Dir(f.Name()))
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != e.SHA256 || n != e.Size {
		return Errorf(ECORRUPT, "The stored copy of %q is damaged (its contents no longer match the fingerprint recorded when it was attached); it was not extracted", e.Name)
	}
	if err := f.Sync(); err != nil {
		return writeFailure(err, e.Name, filepath.Dir(f.Name()))
	}
	return nil
}

// DiskFull reports whether err is a write that failed for want of room on
// the disk (or share) it went to, so that a message can say so plainly.
func DiskFull(err error) bool {
	var errno syscall.Errno
	return errors.Is(err, syscall.ENOSPC) ||
		runtime.GOOS == "windows" && errors.As(err, &errno) && (errno == 39 || errno == 112) // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
}

// writeFailure words a failed write for the user, naming a full disk.
func writeFailure(err error, name, dir string) error {
	if DiskFull(err) {
		return WrapError(EINTERNAL, err, "Cannot write %q to the folder %q: the disk is full", name, dir)
	}
	return WrapError(EINTERNAL, err, "Cannot write %q to the folder %q", name, dir)
}
