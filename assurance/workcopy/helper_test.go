package workcopy

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
	if os.Getenv("HELPER_MODE") == "save" {
		// Stop half way through writing the temporary copy beside the
		// original, and say so: the test kills this process there.
		failWriter = func(w io.Writer) io.Writer { return &stallAfter{w: w, n: 8192} }
		err = s.Save(ctx)
		fmt.Println("error: save back finished:", err)
		return 1
	}
	fmt.Println("ready")
	time.Sleep(time.Hour) // until killed
	return 0
}

// stallAfter lets n bytes through, then says "saving" and never returns.
type stallAfter struct {
	w io.Writer
	n int
}

func (s *stallAfter) Write(p []byte) (int, error) {
	if len(p) > s.n {
		k, err := s.w.Write(p[:s.n])
		if f, ok := s.w.(interface{ Sync() error }); ok {
			f.Sync()
		}
		fmt.Println("saving")
		if err != nil {
			return k, err
		}
		select {} // until killed
	}
	s.n -= len(p)
	return s.w.Write(p)
}

// startHolder runs the helper and waits until it holds the log.
func startHolder(t *testing.T, path, workDir string) *exec.Cmd {
	t.Helper()
	return startHelper(t, path, workDir, "hold", "ready")
}

// startHelper runs the helper in mode and waits until it prints want.
func startHelper(t *testing.T, path, workDir, mode, want string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=1", "HELPER_LOG="+path, "HELPER_WORKDIR="+workDir, "HELPER_MODE="+mode)
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
		if strings.TrimSpace(l) != want {
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

// A Guardian killed (kill -9) half way through saving back leaves a partial
// temporary copy beside the original. The original is untouched, and the
// next open of the log on this computer removes the leftover; a colleague's
// temporary file (another computer, or a Guardian still running) stays.
func TestKilledDuringSaveBackLeavesNoTemporaryFile(t *testing.T) {
	path := newLog(t, "Before")
	before, _ := os.ReadFile(path)
	dir := filepath.Dir(path)
	// Beside it: another computer's save back, and one of a Guardian on
	// this computer that is still running (this test).
	theirs := filepath.Join(dir, "~$board.guardian.gd-0badc0de-"+fmt.Sprint(os.Getpid())+"-77.tmp")
	live := filepath.Join(dir, "~$board.guardian.gd-"+machineHash()+"-"+fmt.Sprint(os.Getppid())+"-78.tmp")
	for _, f := range []string{theirs, live} {
		if err := os.WriteFile(f, []byte("in progress"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	work := t.TempDir()
	cmd := startHelper(t, path, work, "save", "saving")
	partial := tempsOf(t, dir, fmt.Sprintf("-%d-", cmd.Process.Pid))
	if len(partial) != 1 {
		t.Fatalf("while saving back: temporary files %q", folderNames(t, dir))
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
		t.Fatal("the original changed")
	}
	if _, err := os.Stat(filepath.Join(dir, partial[0])); err != nil {
		t.Fatalf("the killed save back left no partial file to clear (%v): the test proves nothing", err)
	}

	// Carol opens it again on this computer: her stale owner file is hers
	// (cleared) and her partial copy is removed.
	opts := Options{Actor: "carol", WorkDir: work, Classify: network, SaveDelay: time.Hour, ClearStale: func(*Owner) bool { return true }}
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	others := []string{filepath.Base(theirs), filepath.Base(live)}
	slices.Sort(others)
	if got := tempsOf(t, dir, ".tmp"); !slices.Equal(got, others) {
		t.Errorf("after reopening: temporary files %q", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, path); !slices.Equal(got, []string{"Before", "Committed before the crash"}) {
		t.Errorf("original after the next save back = %q", got)
	}
	if got := folderNames(t, dir); !slices.Equal(got, append([]string{"board.guardian"}, others...)) {
		t.Errorf("left beside the original: %q", got)
	}
}

// tempsOf lists the temporary files in dir whose names contain part.
func tempsOf(t *testing.T, dir, part string) []string {
	t.Helper()
	var out []string
	for _, n := range folderNames(t, dir) {
		if strings.HasPrefix(n, "~$") && strings.HasSuffix(n, ".tmp") && strings.Contains(n, part) {
			out = append(out, n)
		}
	}
	return out
}
