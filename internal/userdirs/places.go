package userdirs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Place is a folder the file dialogs offer by name.
type Place struct {
	Name string // what the dialog calls it: "Documents", "OneDrive - NHS", "Network drive (H:)"
	Path string
}

// Places are the folders a file dialog lists on its left, in this order:
// Documents, Desktop, Downloads, the home folder, then (on Windows) the
// OneDrive folders and the drives. Folders that do not exist are left out,
// and each folder is listed once.
func Places() []Place {
	home, _ := os.UserHomeDir()
	var out []Place
	add := func(name, path string) {
		if path == "" || slices.ContainsFunc(out, func(p Place) bool { return samePath(p.Path, path) }) {
			return
		}
		out = append(out, Place{Name: name, Path: path})
	}
	if d := Documents(); d != home {
		add("Documents", d)
	}
	for _, name := range []string{"Desktop", "Downloads"} {
		if d := knownFolder(name); d != "" && isDir(d) {
			add(name, d)
		} else if d := filepath.Join(home, name); home != "" && isDir(d) {
			add(name, d)
		}
	}
	if home != "" {
		add("Home", home)
	}
	for _, d := range oneDrives() {
		add(filepath.Base(d), d)
	}
	for _, d := range drives() {
		add(d.Name, d.Path)
	}
	return out
}

// oneDrives are the OneDrive folders Windows names in the environment: a
// work or school account's ("OneDrive - NHS…") and a personal one.
func oneDrives() []string {
	var out []string
	for _, v := range []string{"OneDriveCommercial", "OneDriveConsumer", "OneDrive"} {
		if d := os.Getenv(v); d != "" && isDir(d) {
			out = append(out, filepath.Clean(d))
		}
	}
	return out
}

// samePath compares folders as Windows does, ignoring case.
func samePath(a, b string) bool {
	return strings.EqualFold(filepath.Clean(a), filepath.Clean(b))
}
