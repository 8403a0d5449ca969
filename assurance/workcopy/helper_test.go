package workcopy

import (
	"bufio"
	"bytes"
	"encoding/json"
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
	"github.com/nhsguardian/guardian/assurance/sqlite"
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

// crashed runs a Guardian (carol) that holds a new log with an unsaved
// change, kills it (kill -9) and returns what the next start finds.
func crashed(t *testing.T) (path, work string, un *Unsaved) {
	t.Helper()
	path, work = newLog(t, "Before"), t.TempDir()
	cmd := startHolder(t, path, work)
	cmd.Process.Kill()
	cmd.Wait()
	found, err := FindUnsaved(work)
	if err != nil || len(found) != 1 {
		t.Fatalf("FindUnsaved = %+v, %v", found, err)
	}
	return path, work, found[0]
}

func TestDiscardUnsaved(t *testing.T) {
	path, work, un := crashed(t)
	if err := un.Discard(); err != nil {
		t.Fatal(err)
	}
	if n := folderNames(t, work); len(n) != 0 {
		t.Errorf("working area after discard: %q", n)
	}
	// Its owner file went too: a colleague is not locked out.
	if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"board.guardian"}) {
		t.Errorf("beside the log after discard: %q", got)
	}
}

// After kill -9, "Save it back" at the next start takes over the user's
// own stale owner file (same person, this computer, process gone) without
// asking, and the change reaches the original.
func TestRecoverySaveBackTakesOverOwnDeadSession(t *testing.T) {
	path, work, un := crashed(t)
	// As cmd/guardian wires it: the user has not been asked about stale owners.
	opts := Options{Actor: "carol", WorkDir: work, Classify: network, ClearStale: func(*Owner) bool { return false }}
	if err := un.SaveBack(ctx, opts); err != nil {
		t.Fatalf("save back after kill -9: %v", err)
	}
	if got := questionTexts(t, path); !slices.Equal(got, []string{"Before", "Committed before the crash"}) {
		t.Errorf("original = %q", got)
	}
	if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"board.guardian"}) {
		t.Errorf("beside the log: %q", got)
	}
	// Someone else's dead session is still only cleared when they agree.
	cmd := startHolder(t, path, t.TempDir())
	cmd.Process.Kill()
	cmd.Wait()
	dave := opts
	dave.Actor, dave.WorkDir = "dave", t.TempDir()
	s, err := Open(path, dave)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.ReadOnly() || s.HeldBy() == nil || s.HeldBy().User != "carol" {
		t.Errorf("dave opened carol's stale log: read-only %v, held by %+v", s.ReadOnly(), s.HeldBy())
	}
}

// When the original changed while the crashed copy waited, "Save it back"
// is a conflict; "Open theirs" keeps the changes aside as a file.
func TestRecoveryConflictKeepsMineAside(t *testing.T) {
	path, work, un := crashed(t)
	bob, err := sqlite.Open(path, sqlite.Options{Actor: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	addQuestion(t, bob, "Bob's")
	bob.Close()
	theirs, _ := os.ReadFile(path)
	opts := Options{Actor: "carol", WorkDir: work, Classify: network}
	err = un.SaveBack(ctx, opts)
	wantCode(t, err, assurance.ECONFLICT)
	if !strings.Contains(assurance.ErrorMessage(err), "changed by bob") {
		t.Errorf("conflict = %q", assurance.ErrorMessage(err))
	}
	again, _ := FindUnsaved(work)
	if len(again) != 1 {
		t.Fatalf("after the conflict, unsaved: %d", len(again))
	}
	kept, err := again[0].KeepAside(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, kept); !slices.Equal(got, []string{"Before", "Committed before the crash"}) {
		t.Errorf("kept %s = %q", kept, got)
	}
	if filepath.Dir(kept) != filepath.Join(work, "Kept") {
		t.Errorf("kept in %s", kept)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, theirs) {
		t.Error("the original changed")
	}
	if un, _ := FindUnsaved(work); len(un) != 0 {
		t.Errorf("still unsaved: %+v", un)
	}
	if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"board.guardian"}) {
		t.Errorf("beside the log: %q", got)
	}
}

// An owner file from another computer cannot be checked on: it is cleared
// only when the user, warned, insists (ClearHeld).
func TestOwnerFromAnotherComputerClearedOnlyWhenTheUserInsists(t *testing.T) {
	path := newLog(t, "Before")
	b, _ := json.Marshal(Owner{User: "bob", Machine: "PC-ELSEWHERE", PID: 4242, Opened: time.Now().Add(-time.Hour)})
	if err := os.WriteFile(OwnerPath(path), b, 0o644); err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t, "alice")
	opts.ClearStale = func(*Owner) bool { t.Error("a one-hour-old owner file elsewhere was called stale"); return true }
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !s.ReadOnly() || !s.HeldBy().Elsewhere() {
		t.Errorf("read-only %v, held by %+v", s.ReadOnly(), s.HeldBy())
	}
	s.Close()
	var asked *Owner
	opts.ClearHeld = func(o *Owner) bool { asked = o; return true }
	s, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.ReadOnly() || asked == nil || asked.User != "bob" {
		t.Errorf("after insisting: read-only %v, asked about %+v", s.ReadOnly(), asked)
	}
	if o, _ := ReadOwner(path); o == nil || o.User != "alice" {
		t.Errorf("owner now %+v", o)
	}
}

// A Guardian killed (kill -9) half way through saving back leaves a partial
// temporary copy beside the original. The original is untouched, and the
// next open of the log on this computer removes the leftover, as does the
// next save back for one left while the log was open; a colleague's
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
	// A leftover that turns up while the log is open (another Guardian on
	// this computer, killed the same way) goes at the next save back.
	later := filepath.Join(dir, "~$board.guardian.gd-"+machineHash()+"-"+fmt.Sprint(cmd.Process.Pid)+"-79.tmp")
	if err := os.WriteFile(later, []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	addQuestion(t, s.Store(), "After reopening")
	if err := s.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if got := tempsOf(t, dir, ".tmp"); !slices.Equal(got, others) {
		t.Errorf("after the next save back: temporary files %q", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, path); !slices.Equal(got, []string{"After reopening", "Before", "Committed before the crash"}) {
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
