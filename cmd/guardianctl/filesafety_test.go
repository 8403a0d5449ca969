package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/sqlite"
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

// A restore is a change like any other: while alice has the log open
// (through Guardian, on a network drive) bob's restore is refused, saying
// who has it, and the log is left byte-identical.
func TestRestoreRefusedWhileSomeoneHasTheLogOpen(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "1.1", "--text", "In the backup")
	s, err := sqlite.Open(log, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (backup.Rolling{Log: log}).Make(context.Background(), s, backup.Daily); err != nil {
		t.Fatal(err)
	}
	s.Close()
	must(t, "question", "add", log, "--area", "1.1", "--text", "After the backup")
	alice, err := workcopy.Open(log, workcopy.Options{Actor: "alice", WorkDir: t.TempDir(),
		Classify: func(string) (place.Place, error) { return place.Place{Kind: place.Network}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Close()
	before, _ := os.ReadFile(log)

	code, out, errOut := ctl(t, "--as", "bob", "backup", "restore", log, "1")
	if code != exitFailed || !strings.Contains(errOut, "Open by alice on ") || strings.Contains(out, "Restored") {
		t.Fatalf("restore while alice has it: exit %d, %q %q", code, out, errOut)
	}
	if after, _ := os.ReadFile(log); !bytes.Equal(after, before) {
		t.Fatal("the log alice has open was replaced")
	}
	if o, _ := workcopy.ReadOwner(log); o == nil || o.User != "alice" {
		t.Errorf("owner file after the refused restore: %+v", o)
	}
	// Once she has closed it, the restore works and leaves no owner file.
	if err := alice.Close(); err != nil {
		t.Fatal(err)
	}
	if out := must(t, "backup", "restore", log, "1"); !strings.Contains(out, "Restored") {
		t.Errorf("restore after alice closed it: %q", out)
	}
	if list := must(t, "question", "list", log); strings.Contains(list, "After the backup") {
		t.Errorf("after restore:\n%s", list)
	}
	if _, err := os.Stat(workcopy.OwnerPath(log)); !os.IsNotExist(err) {
		t.Errorf("owner file left after the restore: %v", err)
	}
}

// onShare makes guardianctl treat every log as on a network drive, with
// Guardian's working folder in a temporary folder.
func onShare(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	classify = func(string) (place.Place, error) {
		return place.Place{Kind: place.Network, Reason: "a network drive (test)"}, nil
	}
	t.Cleanup(func() { classify = nil })
}

// conflictOnShare leaves alice's change to the shared log unsaved in her
// working copy, because bob changed the log meanwhile (a save back refused,
// as after Guardian's window was closed with the conflict undecided).
func conflictOnShare(t *testing.T) (log string, theirs []byte) {
	t.Helper()
	onShare(t)
	log = newLog(t)
	must(t, "--as", "alice", "question", "add", log, "--area", "4.1", "--text", "Saved by alice")
	alice, err := workcopy.Open(log, workcopy.Options{Actor: "alice", Classify: classify})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := alice.Store().CreateQuestion(ctx, &assurance.Question{Area: "4.1", Text: "Alice's second"}); err != nil {
		t.Fatal(err)
	}
	bob, err := sqlite.Open(log, sqlite.Options{Actor: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	if err := bob.CreateQuestion(ctx, &assurance.Question{Area: "4.2", Text: "Bob's question"}); err != nil {
		t.Fatal(err)
	}
	bob.Close()
	if err := alice.Close(); assurance.ErrorCode(err) != assurance.ECONFLICT {
		t.Fatalf("alice's close: %v, want a conflict", err)
	}
	theirs, _ = os.ReadFile(log)
	return log, theirs
}

// After a save back conflicted (bob changed the shared log after alice
// last saved to it), guardianctl reports it once, refuses further changes
// before making them (printing no reference), and offers the two ways out:
// save mine as a new file, or open theirs.
func TestConflictOnAShareIsReportedOnceAndCanBeSettled(t *testing.T) {
	log, theirs := conflictOnShare(t)
	code, out, errOut := ctl(t, "--as", "alice", "question", "add", log, "--area", "4.1", "--text", "Alice's third")
	if code != exitFailed || out != "" || strings.Count(errOut, "was changed by bob") != 1 || !strings.Contains(errOut, "conflict open-theirs") {
		t.Fatalf("add after the conflict: exit %d, %q\n%s", code, out, errOut)
	}
	if got, _ := os.ReadFile(log); !bytes.Equal(got, theirs) {
		t.Fatal("bob's log was changed")
	}

	mine := filepath.Join(t.TempDir(), "mine.guardian")
	if out := must(t, "--as", "alice", "conflict", "save-mine", log, mine); !strings.Contains(out, "Saved your version as") {
		t.Errorf("save-mine printed %q", out)
	}
	list := must(t, "question", "list", mine)
	if !strings.Contains(list, "Alice's second") || strings.Contains(list, "Alice's third") || strings.Contains(list, "Bob's question") {
		t.Errorf("my version:\n%s", list)
	}
	if got, _ := os.ReadFile(log); !bytes.Equal(got, theirs) {
		t.Fatal("save-mine changed bob's log")
	}
	// Settled: changes to the shared log work again, and there is no conflict left.
	must(t, "--as", "alice", "question", "add", log, "--area", "4.1", "--text", "After settling")
	if code, _, errOut := ctl(t, "conflict", "open-theirs", log); code != exitFailed || !strings.Contains(errOut, "no conflict") {
		t.Errorf("open-theirs with no conflict: exit %d, %q", code, errOut)
	}
}

// open-theirs goes on with their version and keeps mine as a file.
func TestConflictOpenTheirs(t *testing.T) {
	log, _ := conflictOnShare(t)
	out := must(t, "--as", "alice", "conflict", "open-theirs", log)
	kept := strings.TrimSpace(out[strings.LastIndex(out, " at ")+4:])
	if list := must(t, "question", "list", kept); !strings.Contains(list, "Alice's second") {
		t.Errorf("kept %q:\n%s", kept, list)
	}
	list := must(t, "question", "list", log)
	if !strings.Contains(list, "Bob's question") || strings.Contains(list, "Alice's second") {
		t.Errorf("their version:\n%s", list)
	}
	must(t, "--as", "alice", "question", "add", log, "--area", "4.1", "--text", "Alice again")
}

// A change is reported only once it has reached the log: when the save
// back at close fails (here bob changed the shared log meanwhile), nothing
// the command printed is shown, and the error is printed once.
func TestChangeIsReportedOnlyOnceSavedBack(t *testing.T) {
	onShare(t)
	log := newLog(t)
	var out, errOut bytes.Buffer
	e := &env{ctx: context.Background(), out: &out, errOut: &errOut, actor: "alice"}
	err := e.withLog(log, true, func(st assurance.Store) error {
		if err := st.CreateQuestion(e.ctx, &assurance.Question{Area: "4.1", Text: "Alice's"}); err != nil {
			return err
		}
		fmt.Fprintln(e.out, "Added Q-0001")
		bob, err := sqlite.Open(log, sqlite.Options{Actor: "bob"})
		if err != nil {
			return err
		}
		defer bob.Close()
		return bob.CreateQuestion(e.ctx, &assurance.Question{Area: "4.2", Text: "Bob's"})
	})
	if assurance.ErrorCode(err) != assurance.ECONFLICT || out.Len() != 0 {
		t.Fatalf("withLog: %v (code %s), printed %q", err, assurance.ErrorCode(err), out.String())
	}
	code := (&env{ctx: context.Background(), out: &out, errOut: &errOut}).report(err)
	if msg := errOut.String(); code != exitFailed || strings.Count(msg, "was changed by bob") != 1 || strings.Contains(msg, "details:") {
		t.Errorf("reported (exit %d):\n%s", code, msg)
	}
	// With nothing in the way the same command prints its result.
	out.Reset()
	if err := e.withLog(newLog(t), true, func(st assurance.Store) error {
		fmt.Fprintln(e.out, "Added Q-0002")
		return st.CreateQuestion(e.ctx, &assurance.Question{Area: "4.1", Text: "Again"})
	}); err != nil || out.String() != "Added Q-0002\n" {
		t.Errorf("after a clean save back: %v, printed %q", err, out.String())
	}
}

// A save back that fails on a full share is reported once: the message
// (which says where the change is kept) and, for whoever supports the user,
// the system's own error, not the message again.
func TestFailedSaveBackIsReportedOnce(t *testing.T) {
	disk := errors.New("write /mnt/h/~$board.guardian.tmp: no space left on device")
	inner := assurance.WrapError(assurance.EINTERNAL, disk, "Cannot save %q back to its folder", "board.guardian")
	kept := assurance.WrapError(assurance.EINTERNAL, inner, "%s. Your changes are kept safe on this computer", assurance.ErrorMessage(inner))
	var errOut bytes.Buffer
	code := (&env{errOut: &errOut}).report(kept)
	got := errOut.String()
	if code != exitFailed || strings.Count(got, "Cannot save") != 1 || !strings.Contains(got, "kept safe") || !strings.Contains(got, "details: "+disk.Error()) {
		t.Errorf("reported (exit %d):\n%s", code, got)
	}
}
