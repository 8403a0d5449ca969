package userdirs

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// knownDocuments is Windows' Documents known folder, wherever policy or
// OneDrive put it.
func knownDocuments() string { return knownFolder("Documents") }

// knownFolder is the known folder called name (Documents, Desktop,
// Downloads), wherever policy or OneDrive put it.
func knownFolder(name string) string {
	id := map[string]*windows.KNOWNFOLDERID{
		"Documents": windows.FOLDERID_Documents,
		"Desktop":   windows.FOLDERID_Desktop,
		"Downloads": windows.FOLDERID_Downloads,
	}[name]
	if id == nil {
		return ""
	}
	d, err := windows.KnownFolderPath(id, 0)
	if err != nil {
		return ""
	}
	return d
}

// drives are the drive letters in use, named for what they are. A drive is
// not opened here: an empty card reader or a disconnected network drive
// would keep the dialog waiting.
func drives() []Place {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	var out []Place
	for i := 0; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		letter := string(rune('A' + i))
		root := letter + `:\`
		p, err := windows.UTF16PtrFromString(root)
		if err != nil {
			continue
		}
		kind := "Drive"
		switch windows.GetDriveType(p) {
		case windows.DRIVE_REMOTE:
			kind = "Network drive"
		case windows.DRIVE_REMOVABLE:
			kind = "USB stick or card"
		case windows.DRIVE_CDROM:
			kind = "CD or DVD"
		}
		out = append(out, Place{Name: fmt.Sprintf("%s (%s:)", kind, letter), Path: root})
	}
	return out
}
