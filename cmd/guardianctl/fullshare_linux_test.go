package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nhsguardian/guardian/assurance/place"
)

// fullShareEnv makes the test binary the guardianctl of
// TestAWriteThatFailsOnAFullShareReportsNoChange: it names the folder the
// test prepared, and the process runs as root of its own user and mount
// namespaces, so it can put the log's folder on a small tmpfs.
const fullShareEnv = "GUARDIANCTL_FULL_SHARE"

// init runs the helper before any test: the test binary re-run with
// fullShareEnv set is the helper, not a test run.
func init() {
	if dir := os.Getenv(fullShareEnv); dir != "" {
		os.Exit(attachOnFullShare(dir))
	}
}

// fullShareResult is what the helper saw: guardianctl's exit code and
// output, and the share's folder afterwards.
type fullShareResult struct {
	Code         int
	Out, ErrOut  string
	Beside       []string
	SameOriginal bool
	Problem      string
}

// attachOnFullShare mounts a tmpfs on dir/share with room for the log and a
// little more, copies the log there and runs "guardianctl evidence add" on
// it as on a network drive: the attach fits in the working copy on this
// computer, but the save back cannot fit on the share.
func attachOnFullShare(dir string) int {
	res := fullShareResult{Code: -1}
	defer func() { json.NewEncoder(os.Stdout).Encode(res) }()
	orig, err := os.ReadFile(filepath.Join(dir, "board.guardian"))
	if err != nil {
		res.Problem = err.Error()
		return 0
	}
	share := filepath.Join(dir, "share")
	if err := syscall.Mount("tmpfs", share, "tmpfs", 0, fmt.Sprintf("size=%d", len(orig)+256<<10)); err != nil {
		res.Problem = fmt.Sprintf("mount tmpfs: %v", err)
		return 0
	}
	log := filepath.Join(share, "board.guardian")
	if err := os.WriteFile(log, orig, 0o600); err != nil {
		res.Problem = err.Error()
		return 0
	}
	classify = func(string) (place.Place, error) {
		return place.Place{Kind: place.Network, Reason: "a network drive (test)"}, nil
	}
	var out, errOut bytes.Buffer
	res.Code = run([]string{"--as", "alice", "evidence", "add", log, "Q-0001", filepath.Join(dir, "scan.bin")}, &out, &errOut)
	res.Out, res.ErrOut = out.String(), errOut.String()
	after, err := os.ReadFile(log)
	res.SameOriginal = err == nil && bytes.Equal(after, orig)
	es, _ := os.ReadDir(share)
	for _, e := range es {
		res.Beside = append(res.Beside, e.Name())
	}
	return 0
}

// A change to a log on a share that fills up: the attach succeeds in the
// working copy, the save back at the end of the command finds no room. The
// command must exit 1 having printed no evidence number (nothing reached
// the log), say once that the disk is full and where the change is kept,
// and leave the original byte for byte with no temporary copy beside it.
func TestAWriteThatFailsOnAFullShareReportsNoChange(t *testing.T) {
	dir := t.TempDir()
	must(t, "init", filepath.Join(dir, "board.guardian"))
	must(t, "question", "add", filepath.Join(dir, "board.guardian"), "--area", "4.1", "--text", "Is the OH service funded?")
	scan := make([]byte, 2<<20) // random: SQLite cannot make it smaller
	rand.Read(scan)
	if err := os.WriteFile(filepath.Join(dir, "scan.bin"), scan, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "share"), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fullShareEnv+"="+dir, "XDG_DATA_HOME="+filepath.Join(dir, "data"))
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, stdout)
	}
	var res fullShareResult
	if err := json.Unmarshal(stdout, &res); err != nil {
		t.Fatalf("helper printed %q: %v", stdout, err)
	}
	if res.Problem != "" {
		t.Fatalf("helper could not set the share up: %s", res.Problem)
	}
	t.Logf("exit %d, stdout %q, stderr:\n%s", res.Code, res.Out, res.ErrOut)
	if res.Code != exitFailed || res.Out != "" {
		t.Errorf("evidence add on a full share: exit %d, printed %q; want exit 1 and nothing printed", res.Code, res.Out)
	}
	if !strings.Contains(res.ErrOut, "the disk or share it is on is full") || strings.Count(res.ErrOut, "Cannot save") != 1 ||
		!strings.Contains(res.ErrOut, "kept safe on this computer") {
		t.Errorf("stderr should say once that the share is full and where the change is kept:\n%s", res.ErrOut)
	}
	if !res.SameOriginal {
		t.Error("the original on the share changed")
	}
	for _, n := range res.Beside {
		if strings.HasSuffix(n, ".tmp") {
			t.Errorf("a temporary copy was left on the share: %q", res.Beside)
		}
	}
}
