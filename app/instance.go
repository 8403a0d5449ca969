package app

import "os"

// IsOpen reports whether path names the log open now, however it is spelt
// (another case on Windows, a link, a relative path): a second open of that
// log from the file manager then only brings this window forward
// (internal/instance).
func (u *UI) IsOpen(path string) bool {
	if u.store == nil {
		return false
	}
	open := u.store.Info().Path
	if open == path {
		return true
	}
	a, err := os.Stat(open)
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// Focus brings Guardian's window forward.
func (u *UI) Focus() { u.win.RequestFocus() }
