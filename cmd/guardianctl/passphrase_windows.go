package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// readHidden asks on the console with echo turned off.
func readHidden(prompt string) (string, error) {
	in, err := os.OpenFile("CONIN$", os.O_RDWR, 0)
	if err != nil {
		return "", errNoTerminal
	}
	defer in.Close()
	h := windows.Handle(in.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return "", errNoTerminal
	}
	if err := windows.SetConsoleMode(h, mode&^windows.ENABLE_ECHO_INPUT|windows.ENABLE_LINE_INPUT|windows.ENABLE_PROCESSED_INPUT); err != nil {
		return "", err
	}
	defer windows.SetConsoleMode(h, mode)
	fmt.Fprint(os.Stderr, prompt)
	line, err := readLine(in)
	fmt.Fprintln(os.Stderr)
	return line, err
}
