package userdirs

import "golang.org/x/sys/windows"

// knownDocuments is Windows' Documents known folder, wherever policy or
// OneDrive put it.
func knownDocuments() string {
	d, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0)
	if err != nil {
		return ""
	}
	return d
}
