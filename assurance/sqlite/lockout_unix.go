//go:build unix

package sqlite

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// tryLock takes a write lock on n bytes of f from start, without waiting;
// closing f releases it. ok is false, with no error, when someone holds a
// lock there.
func tryLock(f *os.File, start, n int64) (ok bool, err error) {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Start: start, Len: n}
	err = unix.FcntlFlock(f.Fd(), lockCmd, &lk)
	if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EACCES) {
		return false, nil
	}
	return err == nil, err
}
