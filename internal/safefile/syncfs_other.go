//go:build !linux

package safefile

// SyncsFileSystem says whether SyncFileSystem flushes. Only Linux can flush
// a whole file system in one call; elsewhere each file must be flushed.
const SyncsFileSystem = false

// SyncFileSystem does nothing here (see SyncsFileSystem).
func SyncFileSystem(string) error { return nil }
