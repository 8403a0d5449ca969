package sqlite

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/nhsguardian/guardian/assurance"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// openOnReadOnlyMedia is Open's second attempt when SQLite could not open a
// log whose folder cannot be written: a write-protected USB stick, a CD, a
// read-only share. A log left in WAL mode (by a crash, or by a Guardian
// older than this one) needs its -shm file beside it even to read, so
// SQLite refuses it there. Opened read-only, the log is read as
// immutable (nobody can change a file on read-only media); opened to write,
// the user is told plainly why not and what to do.
func openOnReadOnlyMedia(path string, opt Options, cause error) (*Store, error) {
	if !cannotOpen(cause) || folderWritable(filepath.Dir(path)) {
		return nil, cause
	}
	name := filepath.Base(path)
	if !opt.ReadOnly {
		return nil, readOnlyMediaError(path, cause)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		// Immutable mode would ignore the -wal file and show stale data.
		return nil, assurance.WrapError(assurance.EREADONLY, cause,
			"%q was not closed properly before it was put on read-only media, so its latest changes cannot be read there. Copy it, together with %q, to your computer and open it there", name, name+"-wal")
	}
	opt.immutable = true
	return open(path, opt, false)
}

// readOnlyMediaError refuses to open the log at path to write where it is.
func readOnlyMediaError(path string, cause error) error {
	return assurance.WrapError(assurance.EREADONLY, cause,
		"%q is on a disk or in a folder Guardian cannot write to (such as a write-protected USB stick or a read-only shared folder). Open it read-only to review it, or copy it to your computer to make changes", filepath.Base(path))
}

// cannotOpen reports whether err is SQLite failing to open or write the file.
func cannotOpen(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_CANTOPEN || code == sqlite3.SQLITE_READONLY
}

// folderWritable reports whether a file can be created in dir.
func folderWritable(dir string) bool {
	f, err := os.CreateTemp(dir, ".guardian-probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}
