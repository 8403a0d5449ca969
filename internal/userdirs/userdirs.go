// Package userdirs finds the user's own folders where the system keeps
// them, which is not always where their names suggest.
package userdirs

import (
	"os"
	"path/filepath"
)

// Documents is the folder a new log is offered in: the user's Documents
// folder, or their home folder when there is none.
//
// On Windows it asks the system (the Documents known folder), because NHS
// laptops often move Documents elsewhere, such as into OneDrive, leaving
// %USERPROFILE%\Documents missing or stale.
func Documents() string {
	if d := knownDocuments(); d != "" && isDir(d) {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if d := filepath.Join(home, "Documents"); isDir(d) {
		return d
	}
	return home
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
