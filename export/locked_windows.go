package export

import (
	"errors"

	"golang.org/x/sys/windows"
)

// inUse reports whether err means another program (usually Excel, which
// locks a workbook while it is open) holds the file.
func inUse(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) || errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
