package sqlite

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// tryLock takes an exclusive lock on n bytes of f from start, without
// waiting; closing f releases it. ok is false, with no error, when someone
// holds a lock there.
func tryLock(f *os.File, start, n int64) (ok bool, err error) {
	ol := &windows.Overlapped{Offset: uint32(start), OffsetHigh: uint32(start >> 32)}
	flags := uint32(windows.LOCKFILE_EXCLUSIVE_LOCK | windows.LOCKFILE_FAIL_IMMEDIATELY)
	err = windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, uint32(n), uint32(n>>32), ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return false, nil
	}
	return err == nil, err
}
