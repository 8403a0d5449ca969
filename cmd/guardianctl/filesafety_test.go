package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/workcopy"
)

// A log another user has open (through the app, on a network drive) is
// refused for changes, saying who has it; it can still be read.
func TestRefusesToChangeALogSomeoneHasOpen(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "4.1", "--text", "Is the OH service funded?")
	alice, err := workcopy.Open(log, workcopy.Options{Actor: "alice", WorkDir: t.TempDir(),
		Classify: func(string) (place.Place, error) { return place.Place{Kind: place.Network}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Close()

	code, _, errOut := ctl(t, "question", "add", log, "--area", "4.1", "--text", "Bob's question")
	if code != exitFailed || !strings.Contains(errOut, "Open by alice on ") || !strings.Contains(errOut, "does not change a log someone else has open") {
		t.Fatalf("change while alice has it: exit %d, %q", code, errOut)
	}
	if out := must(t, "question", "list", log); !strings.Contains(out, "Is the OH service funded?") {
		t.Errorf("reading while alice has it: %q", out)
	}
	// --clear-stale does not clear a live owner.
	if code, _, _ := ctl(t, "question", "add", log, "--area", "4.1", "--text", "x", "--clear-stale"); code != exitFailed {
		t.Errorf("--clear-stale cleared a live owner: exit %d", code)
	}
}

// An owner file left by a Guardian that stopped on this computer is named,
// and cleared with --clear-stale.
func TestClearsAStaleOwnerFile(t *testing.T) {
	log := newLog(t)
	dead := exec.Command(os.Args[0], "-test.run=^$")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	b, _ := json.Marshal(workcopy.Owner{User: "carol", Machine: host, PID: dead.ProcessState.Pid(), Opened: time.Now().Add(-time.Hour)})
	if err := os.WriteFile(workcopy.OwnerPath(log), b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := ctl(t, "question", "add", log, "--area", "4.1", "--text", "After a crash")
	if code != exitFailed || !strings.Contains(errOut, "Open by carol") || !strings.Contains(errOut, "--clear-stale") {
		t.Fatalf("stale owner: exit %d, %q", code, errOut)
	}
	code, _, errOut = ctl(t, "question", "add", log, "--area", "4.1", "--text", "After a crash", "--clear-stale")
	if code != exitOK || !strings.Contains(errOut, "Clearing the owner file left by a Guardian that stopped: Open by carol") {
		t.Fatalf("--clear-stale: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(workcopy.OwnerPath(log)); !os.IsNotExist(err) {
		t.Errorf("owner file still there: %v", err)
	}
}

// copyTestLog makes a log with one question for the copy tests, with
// Guardian's working folder in a temporary one and a cheap passphrase hash.
func copyTestLog(t *testing.T) string {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	workcopy.ScryptWorkFactor = 10 // the default costs seconds per copy
	t.Cleanup(func() { workcopy.ScryptWorkFactor = 0 })
	log := newLog(t)
	must(t, "question", "add", log, "--area", "4.1", "--text", "Is the OH service funded?")
	return log
}

func TestCopy(t *testing.T) {
	log := copyTestLog(t)
	out := t.TempDir()

	plain := filepath.Join(out, "for review.guardian")
	must(t, "copy", log, plain)
	if got := must(t, "question", "list", plain); !strings.Contains(got, "Is the OH service funded?") {
		t.Errorf("plain copy: %q", got)
	}
	if code, _, errOut := ctl(t, "copy", log, plain); code != exitFailed || !strings.Contains(errOut, "already exists") {
		t.Errorf("copy over an existing file: exit %d, %q", code, errOut)
	}

	pf := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(pf, []byte("correct horse battery staple\n"), 0o600)
	enc := filepath.Join(out, "board.guardian")
	if got := must(t, "copy", log, enc, "--encrypt", "--passphrase-file", pf); !strings.Contains(got, "encrypted") {
		t.Errorf("copy --encrypt said %q", got)
	}
	b, _ := os.ReadFile(enc)
	if !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) || bytes.Contains(b, []byte("OH service")) {
		t.Fatal("--encrypt wrote a readable file")
	}
	// Decrypting it again is a copy of the encrypted copy.
	back := filepath.Join(t.TempDir(), "back.guardian")
	must(t, "copy", enc, back, "--passphrase-file", pf)
	if got := must(t, "question", "list", back); !strings.Contains(got, "Is the OH service funded?") {
		t.Errorf("decrypted copy: %q", got)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("beside the copies: %d files", len(entries))
	}

	os.WriteFile(pf, []byte("wrong horse battery staple\n"), 0o600)
	code, _, errOut := ctl(t, "copy", enc, filepath.Join(t.TempDir(), "x.guardian"), "--passphrase-file", pf)
	if code != exitFailed || !strings.Contains(errOut, "That passphrase does not open") {
		t.Errorf("wrong passphrase: exit %d, %q", code, errOut)
	}
	b[len(b)/2] ^= 1
	os.WriteFile(enc, b, 0o600)
	os.WriteFile(pf, []byte("correct horse battery staple\n"), 0o600)
	code, _, errOut = ctl(t, "copy", enc, filepath.Join(t.TempDir(), "x.guardian"), "--passphrase-file", pf)
	if code != exitFailed || !strings.Contains(errOut, "damaged or was changed after it was sent") {
		t.Errorf("one flipped byte: exit %d, %q", code, errOut)
	}
	code, _, errOut = ctl(t, "question", "list", enc)
	if code != exitFailed || !strings.Contains(errOut, "--passphrase-file") && !strings.Contains(errOut, "damaged") {
		t.Errorf("encrypted log with no terminal: exit %d, %q", code, errOut)
	}
}

// TestPassphraseFileForEveryCommand follows the advice given when an
// encrypted copy is opened with no terminal: every command that says "give
// it with --passphrase-file FILE" must accept that flag and then work, and
// the encrypted file must be unchanged by reading it.
func TestPassphraseFileForEveryCommand(t *testing.T) {
	log := copyTestLog(t)
	pf := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(pf, []byte("correct horse battery staple\n"), 0o600)
	enc := filepath.Join(t.TempDir(), "board.guardian")
	must(t, "copy", log, enc, "--encrypt", "--passphrase-file", pf)
	before, _ := os.ReadFile(enc)

	code, _, errOut := ctl(t, "check", enc)
	if code != exitFailed || !strings.Contains(errOut, "give it with --passphrase-file FILE") {
		t.Fatalf("check of an encrypted copy with no terminal: exit %d, %q", code, errOut)
	}
	if out := must(t, "check", enc, "--passphrase-file", pf); !strings.HasPrefix(out, "OK:") {
		t.Errorf("check --passphrase-file: %q", out)
	}
	for _, args := range [][]string{
		{"question", "list", enc},
		{"question", "show", enc, "Q-0001"},
		{"search", enc, "funded"},
		{"audit", enc},
		{"evidence", "list", enc},
		{"evidence", "verify", enc},
		{"meeting", "list", enc},
		{"export", enc, filepath.Join(t.TempDir(), "paper.xlsx")},
		{"backup", enc, filepath.Join(t.TempDir(), "copy.guardian")},
	} {
		code, out, errOut := ctl(t, append(args, "--passphrase-file", pf)...)
		if code != exitOK {
			t.Errorf("%s --passphrase-file: exit %d\n%s%s", strings.Join(args[:len(args)-1], " "), code, out, errOut)
		}
	}
	if got, _ := os.ReadFile(enc); !bytes.Equal(got, before) {
		t.Error("reading the encrypted copy changed it")
	}
	// Every command's help lists the flag, since any of them may open an
	// encrypted copy.
	for _, c := range commands {
		out := must(t, append(strings.Fields(c.name), "--help")...)
		if !strings.Contains(out, "--passphrase-file FILE") {
			t.Errorf("help for %s does not list --passphrase-file", c.name)
		}
	}
}
