package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// writeLogEnv, when set, makes the test binary the other process that
// TestBackupWhileWriting and TestTwoProcessesWriting write beside: it adds
// questions through guardianctl until it is killed. It runs from TestMain,
// so it is never listed as a test that passed.
const writeLogEnv = "GUARDIANCTL_WRITE_LOG"

// writeUntilKilled adds questions to log; a failed add ends the process
// with guardianctl's exit code and its message on stderr.
func writeUntilKilled(log string) {
	for i := 0; ; i++ {
		var out, errOut strings.Builder
		if code := run([]string{"question", "add", log, "--area", "3.5", "--text", fmt.Sprintf("Written during a backup %d", i)}, &out, &errOut); code != 0 {
			fmt.Fprint(os.Stderr, errOut.String())
			os.Exit(code)
		}
	}
}

// startWriter starts writeUntilKilled on log in another process. stop kills
// it and waits for it (calling it twice is harmless); it returns an error
// if the writer had already ended by itself, which means a write failed.
func startWriter(t *testing.T, log string) (stop func() error, stderr *strings.Builder) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), writeLogEnv+"="+log)
	stderr = &strings.Builder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var once sync.Once
	var early error
	return func() error {
		once.Do(func() {
			select {
			case err := <-exited:
				early = fmt.Errorf("the other writer ended by itself (%v): %s", err, stderr.String())
			default:
				cancel()
				<-exited
			}
		})
		return early
	}, stderr
}

// TestBackupWhileWriting runs guardianctl backup while another process adds
// questions to the log: every copy checks clean and holds at least the
// questions there before it began.
func TestBackupWhileWriting(t *testing.T) {
	log := newLog(t)
	stop, _ := startWriter(t, log)
	defer stop()
	count := func(path string) int {
		var n int
		out := must(t, "question", "list", path)
		if m := regexp.MustCompile(`(\d+) question\(s\)`).FindStringSubmatch(out); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		return n
	}
	for deadline := time.Now().Add(20 * time.Second); count(log) < 5; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the writer did not get going")
		}
	}
	dir := t.TempDir()
	last := 0
	for i := range 4 {
		before := count(log)
		dest := filepath.Join(dir, fmt.Sprintf("copy %d.guardian", i))
		must(t, "backup", log, dest)
		if out := must(t, "check", dest); !strings.HasPrefix(out, "OK:") {
			t.Fatalf("backup %d: %s", i, out)
		}
		n := count(dest)
		if n < before || n < last {
			t.Fatalf("backup %d holds %d questions; the log had %d before it began", i, n, before)
		}
		last = n
		time.Sleep(100 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if last <= 5 {
		t.Errorf("the writer wrote too little to test anything: %d questions", last)
	}
}

func TestBackupListAndRestore(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "1.1", "--text", "In the backup")
	if out := must(t, "backup", "list", log); !strings.Contains(out, "No backups") {
		t.Errorf("list with no backups:\n%s", out)
	}
	s, err := sqlite.Open(log, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := backup.Rolling{Log: log}
	if _, err := r.Make(context.Background(), s, backup.Daily); err != nil {
		t.Fatal(err)
	}
	s.Close()
	must(t, "question", "add", log, "--area", "1.1", "--text", "After the backup")
	out := must(t, "backup", "list", log)
	if !strings.Contains(out, "daily") || !strings.Contains(out, backup.FolderName) {
		t.Errorf("list:\n%s", out)
	}
	// A damaged file is refused and the log left alone.
	bad := filepath.Join(t.TempDir(), "bad.guardian")
	os.WriteFile(bad, []byte("SQLite format 3\x00 but nothing else"), 0o600)
	if code, _, errOut := ctl(t, "backup", "restore", log, bad); code == 0 || !strings.Contains(errOut, "cannot be restored") {
		t.Errorf("restore of a damaged file: exit %d\n%s", code, errOut)
	}
	if code, _, _ := ctl(t, "backup", "restore", log, "9"); code != 2 {
		t.Errorf("restore of backup 9 of 1: exit %d, want 2", code)
	}
	out = must(t, "backup", "restore", log, "1")
	if !strings.Contains(out, "before-restore") {
		t.Errorf("restore printed:\n%s", out)
	}
	if list := must(t, "question", "list", log); !strings.Contains(list, "1 question(s)") || strings.Contains(list, "After the backup") {
		t.Errorf("after restore:\n%s", list)
	}
	// The log as it was is among the backups, and can itself be restored.
	must(t, "backup", "restore", log, "1")
	if list := must(t, "question", "list", log); !strings.Contains(list, "After the backup") {
		t.Errorf("after undoing the restore:\n%s", list)
	}
}

// TestTwoProcessesWriting runs guardianctl question add here while another
// process adds questions through guardianctl to the same log: every add in
// both succeeds, and "database is locked" is never shown.
func TestTwoProcessesWriting(t *testing.T) {
	log := newLog(t)
	stop, helperErr := startWriter(t, log)
	defer stop()
	const mine = 40
	for i := range mine {
		code, out, errOut := ctl(t, "question", "add", log, "--area", "2.2", "--text", fmt.Sprintf("Added alongside another writer %d", i))
		if code != 0 || strings.Contains(strings.ToLower(out+errOut), "locked") {
			t.Fatalf("add %d beside another writer: exit %d\n%s%s", i, code, out, errOut)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(helperErr.String()), "database is locked") {
		t.Errorf("the other writer was shown: %s", helperErr.String())
	}
	list := must(t, "question", "list", log)
	if got := strings.Count(list, "Added alongside another writer"); got != mine {
		t.Errorf("%d of my %d questions are in the log", got, mine)
	}
	if n := strings.Count(list, "Written during a backup"); n == 0 {
		t.Error("the other process wrote nothing: the test did not test two writers")
	}
	if out := must(t, "check", log); !strings.HasPrefix(out, "OK:") {
		t.Errorf("check after two writers:\n%s", out)
	}
}
