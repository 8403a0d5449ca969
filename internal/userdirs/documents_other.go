//go:build !windows

package userdirs

// knownDocuments: other systems keep Documents in the home folder (a
// renamed XDG folder is rare on the machines Guardian serves).
func knownDocuments() string { return "" }
