package safefile

import (
	"fmt"
	"io"
	"strings"
)

// NewFile is a file Folder.Create made: written, optionally flushed, closed.
type NewFile interface {
	io.Writer
	Sync() error
	Close() error
}

// checkName refuses a name that is not one plain element of a path, so a
// Folder never writes outside itself.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/`+"\x00") {
		return fmt.Errorf("%q is not a file name", name)
	}
	return nil
}
