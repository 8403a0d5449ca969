//go:build !windows

package instance

// allowForeground: only Windows restricts which program may come forward.
func allowForeground(int) {}
