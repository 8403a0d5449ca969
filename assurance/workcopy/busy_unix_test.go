//go:build unix

package workcopy

import "golang.org/x/sys/unix"

var errBusy error = unix.EBUSY
