//go:build !unix

package safefile

// SyncDir does nothing: Windows cannot open a folder for flushing, and NTFS
// journals a rename itself.
func SyncDir(string) error { return nil }
