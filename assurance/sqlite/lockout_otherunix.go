//go:build unix && !linux

package sqlite

import "golang.org/x/sys/unix"

const lockCmd = unix.F_SETLK
