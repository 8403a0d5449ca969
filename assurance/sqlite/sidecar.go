package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// sidecars notes which of a log's -wal and -shm files exist before an open,
// so that a refused open can remove the ones SQLite made on the way in:
// opening a damaged file must leave its folder as it found it.
type sidecars struct {
	path     string
	wal, shm bool
}

func noteSidecars(path string) sidecars {
	return sidecars{path: path, wal: exists(path + "-wal"), shm: exists(path + "-shm")}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// tidy removes sidecar files that were not there before, if the -wal is
// empty (so it holds nothing anyone wrote).
func (s sidecars) tidy() {
	if st, err := os.Stat(s.path + "-wal"); err == nil && st.Size() > 0 {
		return
	}
	if !s.wal {
		os.Remove(s.path + "-wal")
	}
	if !s.shm {
		os.Remove(s.path + "-shm")
	}
}

// SQLite's WAL header (https://www.sqlite.org/fileformat.html#the_write_ahead_log).
const (
	walHeaderSize  = 32
	walMagicBE     = 0x377f0683
	walMagicLE     = 0x377f0682
	offWALPageSize = 8
)

// SetAsideSuffix is added to a log's name, with a time, to name a -wal file
// that was found beside the log but did not belong to it.
const SetAsideSuffix = "-wal.set-aside-"

// setAsideStrayWAL moves a -wal file that does not belong to the log at path
// out of SQLite's way before SQLite opens the log: SQLite replays any -wal
// it finds beside a database into it, whatever database wrote it, and a
// foreign one ruins the log on the next write. It returns a sentence for the
// user when it moved one. Nothing is deleted: the file is renamed.
//
// A closed log is kept in rollback-journal mode (Store.Close), so a -wal
// beside a log whose header says rollback mode cannot be its own: it was
// copied there, or the log was replaced (say by a backup copied over it by
// hand) after a crash left the -wal. A log whose header says WAL mode is
// open now or was left by a crash, and its -wal holds its committed changes,
// which SQLite must recover; only a -wal written with another page size is
// recognisably foreign there. A -wal that another log's crash left, copied
// beside a log that itself crashed in WAL mode with the same page size,
// cannot be told apart (SQLite's WAL records no database identity).
func setAsideStrayWAL(path string, now time.Time) (notice string, err error) {
	wal := path + "-wal"
	if !exists(wal) {
		return "", nil
	}
	// Judge it only while no program has the log open. SQLite holds its
	// shared lock on a log for as long as it has it open in WAL mode, and
	// makes a -wal only while holding it, so under lockOut no -wal can
	// appear, go or be in use, and the header cannot change. Judged without
	// the lock, another Guardian's own -wal, made between the two looks by a
	// program that opened the log just after a third closed it, was once
	// moved aside with a change it had reported saved. When someone has the
	// log open, the -wal is theirs: they judged it when they opened the log.
	// A log that cannot be opened to write (read-only media) cannot be
	// changed by anyone either, and is judged as it is.
	if unlock, ok, err := lockOut(path); err == nil {
		if !ok {
			return "", nil
		}
		defer unlock()
		if !exists(wal) {
			return "", nil
		}
	}
	h, err := checkFile(path)
	if err != nil {
		return "", err
	}
	var why string
	switch ps, ok := walPageSize(wal); {
	case !h.wal:
		why = "the log had been closed properly, so it has no such file of its own"
	case ok && ps != h.pageSize:
		why = "it was written for a different database"
	default:
		return "", nil // the log's own unsaved changes: SQLite recovers them
	}
	name := filepath.Base(path)
	dest, err := setAside(wal, path+SetAsideSuffix+now.Format("2006-01-02-150405"))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil // its owner closed the log and removed it meanwhile
	}
	if err != nil {
		return "", assurance.WrapError(assurance.ELOCKED, err,
			"%q has a file %q beside it that does not belong to it (%s), and Guardian could not move it aside (another program may have it open). Move that file somewhere else, then open the log again", name, filepath.Base(wal), why)
	}
	return fmt.Sprintf("A file %q was found beside %q that does not belong to it (%s). Guardian did not use it, so the log is unchanged; the file was moved aside as %q in case anyone needs it.",
		filepath.Base(wal), name, why, filepath.Base(dest)), nil
}

// setAside renames from to dest, or to dest with a number added if dest is
// taken, never replacing a file.
func setAside(from, dest string) (string, error) {
	for i := 1; i < 100; i++ {
		d := dest
		if i > 1 {
			d = fmt.Sprintf("%s-%d", dest, i)
		}
		if exists(d) {
			continue
		}
		return d, os.Rename(from, d)
	}
	return "", fmt.Errorf("set aside %q: too many files set aside already", from)
}

// walPageSize reads the page size a -wal file was written for; ok is false
// when the file has no valid WAL header (SQLite then ignores its contents).
func walPageSize(path string) (size int64, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	h := make([]byte, walHeaderSize)
	if _, err := io.ReadFull(f, h); err != nil {
		return 0, false
	}
	if m := binary.BigEndian.Uint32(h); m != walMagicBE && m != walMagicLE {
		return 0, false
	}
	return int64(binary.BigEndian.Uint32(h[offWALPageSize:])), true
}
