//go:build !windows

package userdirs

// knownDocuments: other systems keep Documents in the home folder (a
// renamed XDG folder is rare on the machines Guardian serves).
func knownDocuments() string { return "" }

// knownFolder: elsewhere the folders are in the home folder.
func knownFolder(string) string { return "" }

// drives: other systems have one tree of folders.
func drives() []Place { return nil }
