package app

import (
	"os"

	"github.com/nhsguardian/guardian/internal/instance"
)

// Opener is this window as a later Guardian's hand-off sees it
// (internal/instance): a log opened from the file manager while Guardian
// runs opens here or, when it is the log open now, only brings this window
// forward. cmd/guardian passes it to instance.Listen.
func (u *UI) Opener() instance.Opener {
	return instance.Opener{
		IsOpen: u.IsOpen,
		Open:   func(path string) { u.OpenLog(path, false) },
		Focus:  u.Focus,
	}
}

// IsOpen reports whether path names the log open now, however it is spelt
// (another case on Windows, a link, a relative path): a second open of that
// log from the file manager then only brings this window forward.
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
