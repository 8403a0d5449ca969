//go:build !unix

package pgtest

// stopLeftovers does nothing here: the servers these tests start run on
// Linux (Debian's postgresql package).
func stopLeftovers(parent string) {}
