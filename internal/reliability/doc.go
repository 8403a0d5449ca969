// Package reliability holds Guardian's crash, bad-input and attack tests: the
// promises in docs/reliability.md, each checked against real log files and
// real processes. It has no code of its own; the tests re-run their own
// binary as the writer processes they kill, starve of disk or lock out.
package reliability
