package instance

import "golang.org/x/sys/windows"

var allowSetForegroundWindow = windows.NewLazySystemDLL("user32.dll").NewProc("AllowSetForegroundWindow")

// allowForeground lets the Guardian with process id pid bring its window
// to the front (best effort: without it Windows only flashes the taskbar).
func allowForeground(pid int) {
	if pid > 0 && allowSetForegroundWindow.Find() == nil {
		allowSetForegroundWindow.Call(uintptr(pid))
	}
}
