package main

import (
	"fmt"
	"io"
	"os"
	"runtime"

	"golang.org/x/term"
)

// readHidden asks on the terminal with echo turned off, through
// golang.org/x/term: a Unix terminal or the Windows console (cmd,
// PowerShell, Windows Terminal). It opens the terminal itself rather than
// reading stdin, so it still asks when stdin or stdout is redirected.
func readHidden(prompt string) (string, error) {
	name := "/dev/tty"
	if runtime.GOOS == "windows" {
		name = "CONIN$"
	}
	tty, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return "", errNoTerminal
	}
	defer tty.Close()
	fd := int(tty.Fd())
	if !term.IsTerminal(fd) {
		return "", errNoTerminal
	}
	// The console's input handle takes no output on Windows.
	var echo io.Writer = tty
	if runtime.GOOS == "windows" {
		echo = os.Stderr
	}
	fmt.Fprint(echo, prompt)
	line, err := term.ReadPassword(fd)
	fmt.Fprintln(echo)
	return string(line), err
}
