package sqlite

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/nhsguardian/guardian/assurance"
)

// ApplicationID marks a SQLite file as a Guardian log ("GRDN"), so that any
// other database, or a file renamed by mistake, is refused before it is touched.
const ApplicationID = 0x4752444E

// SQLite's file header (https://www.sqlite.org/fileformat.html).
const (
	headerSize          = 100
	offPageSize         = 16
	offWriteVersion     = 18 // 1: rollback journal, 2: WAL
	offReadVersion      = 19
	offChangeCounter    = 24
	offPageCount        = 28
	offUserVersion      = 60
	offApplicationID    = 68
	offVersionValidFor  = 92
	sqliteHeaderMagic   = "SQLite format 3\x00"
	sqliteMinPageSize   = 512
	sqliteMaxPageSize   = 65536
	sqlitePageSizeOf64K = 1 // a page size of 65536 is written as 1
)

// fileHeader is what Open needs from a log's header before SQLite sees it.
type fileHeader struct {
	pageSize int64
	// wal is true when the header says the log is in WAL mode: it is open,
	// or whatever had it open stopped without closing it. A closed log is
	// kept in rollback-journal mode (see Store.Close).
	wal bool
}

// checkFile reads the header of path with a plain read-only open, so a file
// that is not a Guardian log, is cut short or comes from a newer Guardian is
// refused before SQLite could recover, convert or otherwise write to it.
func checkFile(path string) (fileHeader, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fileHeader{}, assurance.WrapError(assurance.ENOTFOUND, err, "There is no log called %q", name)
		}
		return fileHeader{}, assurance.WrapError(assurance.EINVALID, err, "Cannot open %q", name)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fileHeader{}, assurance.WrapError(assurance.EINVALID, err, "Cannot open %q", name)
	}
	if st.IsDir() {
		return fileHeader{}, assurance.Errorf(assurance.ENOTLOG, "%q is a folder, not a Guardian log", name)
	}
	if st.Size() == 0 {
		return fileHeader{}, assurance.Errorf(assurance.ENOTLOG, "%q is empty: it is not a Guardian log (it may not have finished copying)", name)
	}
	h := make([]byte, headerSize)
	n, err := io.ReadFull(f, h)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fileHeader{}, assurance.WrapError(assurance.EINVALID, err, "Cannot read %q", name)
	}
	if m := min(n, len(sqliteHeaderMagic)); string(h[:m]) != sqliteHeaderMagic[:m] {
		return fileHeader{}, assurance.Errorf(assurance.ENOTLOG, "%q is not a Guardian log", name)
	}
	if n < headerSize {
		return fileHeader{}, assurance.Errorf(assurance.ECORRUPT, "%q is damaged: the file has been cut short (%d bytes)", name, st.Size())
	}
	if id := binary.BigEndian.Uint32(h[offApplicationID:]); id != ApplicationID {
		return fileHeader{}, assurance.Errorf(assurance.ENOTLOG, "%q is a database, but not a Guardian log", name)
	}
	if v := int(int32(binary.BigEndian.Uint32(h[offUserVersion:]))); v > latestVersion() {
		return fileHeader{}, assurance.Errorf(assurance.ENEWER,
			"%q was saved by a newer version of Guardian (log format %d; this version reads up to %d). Update Guardian to open it", name, v, latestVersion())
	}
	pageSize := int64(binary.BigEndian.Uint16(h[offPageSize:]))
	if pageSize == sqlitePageSizeOf64K {
		pageSize = sqliteMaxPageSize
	}
	if pageSize < sqliteMinPageSize || pageSize > sqliteMaxPageSize || pageSize&(pageSize-1) != 0 {
		return fileHeader{}, assurance.Errorf(assurance.ECORRUPT, "%q is damaged: its header is not valid", name)
	}
	wal := h[offWriteVersion] == 2 || h[offReadVersion] == 2
	// The page count in the header is only meaningful when SQLite says so
	// (change counter equals version-valid-for). While a log in WAL mode has
	// its -wal file the main file can legitimately lag behind it; and a
	// write in rollback mode (an attach) marks the new page count in the
	// header before the pages reach the end of the file, so a crash part way
	// leaves a short file beside the hot journal that SQLite rolls it back
	// from. Only a log with neither is judged.
	pages := int64(binary.BigEndian.Uint32(h[offPageCount:]))
	valid := pages > 0 && binary.BigEndian.Uint32(h[offChangeCounter:]) == binary.BigEndian.Uint32(h[offVersionValidFor:])
	if valid && st.Size() < pages*pageSize && !(wal && hasWAL(path)) && !hasHotJournal(path) {
		return fileHeader{}, assurance.Errorf(assurance.ECORRUPT,
			"%q is damaged: the file has been cut short (%d bytes of %d); it may not have finished copying. Use a backup copy", name, st.Size(), pages*pageSize)
	}
	return fileHeader{pageSize: pageSize, wal: wal}, nil
}

// journalMagic opens every rollback journal that still holds a change to
// undo; SQLite zeroes or removes it once the change is committed.
var journalMagic = []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}

// hasHotJournal reports whether a rollback journal with a change still to
// undo sits beside path.
func hasHotJournal(path string) bool {
	f, err := os.Open(path + "-journal")
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, len(journalMagic))
	_, err = io.ReadFull(f, b)
	return err == nil && bytes.Equal(b, journalMagic)
}

// hasWAL reports whether a non-empty write-ahead log sits beside path.
func hasWAL(path string) bool {
	st, err := os.Stat(path + "-wal")
	return err == nil && st.Size() > 0
}
