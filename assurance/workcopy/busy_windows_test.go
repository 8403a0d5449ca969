package workcopy

import "golang.org/x/sys/windows"

var errBusy error = windows.ERROR_SHARING_VIOLATION
