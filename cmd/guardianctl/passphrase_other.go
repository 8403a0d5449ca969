//go:build !linux && !windows

package main

// readHidden cannot turn off the terminal's echo here: the passphrase must
// come from --passphrase-file.
func readHidden(string) (string, error) { return "", errNoTerminal }
