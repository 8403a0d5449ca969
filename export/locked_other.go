//go:build !windows

package export

// inUse reports whether err means another program holds the file; only
// Windows locks files that are open elsewhere.
func inUse(error) bool { return false }
