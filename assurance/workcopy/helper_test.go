package workcopy

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// helperEnv makes the test binary run as a second Guardian that opens a log,
// commits a change and then waits to be killed.
const helperEnv = "GUARDIAN_WORKCOPY_HELPER"

func runHelper() int {
	opts := Options{Actor: "carol", WorkDir: os.Getenv("HELPER_WORKDIR"), Classify: network, SaveDelay: time.Hour}
	s, err := Open(os.Getenv("HELPER_LOG"), opts)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	if err := s.Store().CreateQuestion(ctx, &assurance.Question{Area: "3.1", Text: "Committed before the crash"}); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("ready")
	time.Sleep(time.Hour) // until killed
	return 0
}

// startHolder runs the helper and waits until it holds the log.
func startHolder(t *testing.T, path, workDir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=1", "HELPER_LOG="+path, "HELPER_WORKDIR="+workDir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(out).ReadString('\n')
		line <- l
	}()
	select {
	case l := <-line:
		if strings.TrimSpace(l) != "ready" {
			t.Fatalf("helper: %q", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("helper did not open the log within 30s")
	}
	return cmd
}

// A Guardian holding a log is killed (kill -9): its owner file is found to
// be stale, shown and cleared, and its working copy, with the change it had
// committed, is offered and saved back.
func TestKilledHolderIsClearedAndRecovered(t *testing.T) {
	path := newLog(t, "Before")
	carolWork := t.TempDir()
	cmd := startHolder(t, path, carolWork)

	// While carol's Guardian runs, dave gets a read-only copy saying so.
	opts := testOptions(t, "dave")
	opts.ClearStale = func(o *Owner) bool { t.Errorf("asked to clear a live owner %+v", o); return false }
	b, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if h := b.HeldBy(); !b.ReadOnly() || h == nil || h.User != "carol" || h.PID != cmd.Process.Pid || h.Gone() {
		t.Fatalf("while carol holds it: read-only %v, held by %+v", b.ReadOnly(), h)
	}
	b.Close()

	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to tidy up
		t.Fatal(err)
	}
	cmd.Wait()

	held, err := ReadOwner(path)
	if err != nil || held == nil || held.User != "carol" || !held.Gone() {
		t.Fatalf("after kill -9: owner %+v (gone %v), %v", held, held != nil && held.Gone(), err)
	}
	var shown *Owner
	opts.ClearStale = func(o *Owner) bool { shown = o; return true }
	d, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if d.ReadOnly() || shown == nil || shown.User != "carol" || shown.PID != cmd.Process.Pid {
		t.Fatalf("stale owner: read-only %v, shown %+v", d.ReadOnly(), shown)
	}
	if o, _ := ReadOwner(path); o == nil || o.User != "dave" {
		t.Errorf("owner file after clearing = %+v", o)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	// Carol's next start offers her unsaved working copy.
	un, err := FindUnsaved(carolWork)
	if err != nil || len(un) != 1 {
		t.Fatalf("FindUnsaved = %+v, %v", un, err)
	}
	if u := un[0]; u.Original != path || u.User != "carol" || u.Changed.IsZero() {
		t.Errorf("unsaved = %+v", u)
	}
	if err := un[0].SaveBack(ctx, Options{Actor: "carol", WorkDir: carolWork, Classify: network}); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, path); !slices.Equal(got, []string{"Before", "Committed before the crash"}) {
		t.Errorf("original after recovery = %q", got)
	}
	if un, _ := FindUnsaved(carolWork); len(un) != 0 {
		t.Errorf("still unsaved after save back: %+v", un)
	}
}

func TestDiscardUnsaved(t *testing.T) {
	path := newLog(t, "Before")
	work := t.TempDir()
	cmd := startHolder(t, path, work)
	cmd.Process.Kill()
	cmd.Wait()
	un, err := FindUnsaved(work)
	if err != nil || len(un) != 1 {
		t.Fatalf("FindUnsaved = %+v, %v", un, err)
	}
	if err := un[0].Discard(); err != nil {
		t.Fatal(err)
	}
	if n := folderNames(t, work); len(n) != 0 {
		t.Errorf("working area after discard: %q", n)
	}
}
