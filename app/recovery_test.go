package app

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/workcopy"
)

// holderEnv makes the test binary a Guardian that opens a log on a "network
// drive", commits a change and waits to be killed (kill -9).
const holderEnv = "GUARDIAN_APP_HOLDER"

func TestMain(m *testing.M) {
	if os.Getenv(holderEnv) != "" {
		os.Exit(runHolder())
	}
	code := m.Run()
	stopSharedServer() // shared_test.go: started by the first test that needs it
	os.Exit(code)
}

func runHolder() int {
	s, err := workcopy.Open(os.Getenv("HOLDER_LOG"), workcopy.Options{Actor: "alice", WorkDir: os.Getenv("HOLDER_WORKDIR"),
		SaveDelay: time.Hour, Classify: func(string) (place.Place, error) { return place.Place{Kind: place.Network}, nil }})
	if err == nil {
		err = s.Store().CreateQuestion(context.Background(), q("4.2", "Made before the crash"))
	}
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("ready")
	time.Sleep(time.Hour)
	return 0
}

// crashedHolder runs a Guardian that holds the log with an unsaved change,
// then kills it with SIGKILL.
func crashedHolder(t *testing.T, path, workDir string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holderEnv+"=1", "HOLDER_LOG="+path, "HOLDER_WORKDIR="+workDir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	if strings.TrimSpace(line) != "ready" {
		t.Fatalf("holder: %q", line)
	}
}

// unsavedFor wires FindUnsaved to the window as cmd/guardian does.
func unsavedFor(t *testing.T, workDir string, opts workcopy.Options) []UnsavedLog {
	t.Helper()
	found, err := workcopy.FindUnsaved(workDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []UnsavedLog
	for _, un := range found {
		out = append(out, UnsavedLog{Original: un.Original, User: un.User, Changed: un.Changed,
			SaveBack:  func(ctx context.Context) error { return un.SaveBack(ctx, opts) },
			SaveAs:    func(ctx context.Context, dest string) error { return un.SaveAs(ctx, dest, "") },
			KeepAside: un.KeepAside,
			Discard:   un.Discard})
	}
	return out
}

// After kill -9, "Save it back" at the next start takes over alice's own
// dead session and the change reaches the log on the share.
func TestAfterACrashSaveItBackReachesTheShare(t *testing.T) {
	u, _, base, _ := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	crashedHolder(t, path, base.WorkDir)
	opts := base
	opts.ClearStale = func(*workcopy.Owner) bool { return false } // nobody was asked
	u.OfferUnsaved(unsavedFor(t, base.WorkDir, opts))
	test.Tap(button(t, u, "Save it back"))
	if got := dialogText(u); strings.Contains(got, "Could not") {
		t.Fatalf("save it back: %q", got)
	}
	var texts []string
	for _, q := range mustQuestions(t, mustOpen(t, path)) {
		texts = append(texts, q.Text)
	}
	if !slices.Equal(texts, []string{"Is the OH service funded?", "Made before the crash"}) {
		t.Errorf("log on the share = %q", texts)
	}
	if _, err := os.Stat(workcopy.OwnerPath(path)); !os.IsNotExist(err) {
		t.Errorf("owner file left: %v", err)
	}
}

// "Discard them" removes the dead session's owner file too, so a colleague
// can open the log for editing.
func TestAfterACrashDiscardFreesTheLog(t *testing.T) {
	u, _, base, _ := onNetwork(t)
	path := newTestLog(t, q("4.1", "Is the OH service funded?"))
	crashedHolder(t, path, base.WorkDir)
	u.OfferUnsaved(unsavedFor(t, base.WorkDir, base))
	test.Tap(button(t, u, "Discard them"))
	test.Tap(button(t, u, "Yes"))
	if _, err := os.Stat(workcopy.OwnerPath(path)); !os.IsNotExist(err) {
		t.Fatalf("owner file left after Discard: %v", err)
	}
	if s := openAs(t, base, path, "bob"); s.ReadOnly() {
		t.Errorf("bob still locked out: %v", s.HeldBy())
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 2 { // the log and bob's owner file
		t.Errorf("beside the log: %d files", len(entries))
	}
}

func mustOpen(t *testing.T, path string) assurance.Store {
	t.Helper()
	s, err := testOptions(nil).Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
