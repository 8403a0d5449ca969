package instance

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// fakeGuardian records what the hand-off asks of the running Guardian.
type fakeGuardian struct {
	mu     sync.Mutex
	open   string // the log open now
	opened []string
	focus  int
}

func (g *fakeGuardian) opener() Opener {
	return Opener{
		IsOpen: func(p string) bool { g.mu.Lock(); defer g.mu.Unlock(); return p == g.open },
		Open: func(p string) {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.open = p
			g.opened = append(g.opened, p)
		},
		Focus: func() { g.mu.Lock(); defer g.mu.Unlock(); g.focus++ },
	}
}

// settled waits until the running Guardian has brought its window forward
// n times: the second Guardian exits on "ok", before the first has acted.
func (g *fakeGuardian) settled(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		g.mu.Lock()
		focus := g.focus
		g.mu.Unlock()
		if focus >= n {
			return
		}
	}
	t.Fatalf("the running Guardian did not act on %d hand-offs", n)
}

func listen(t *testing.T, dir string, g *fakeGuardian) *Server {
	t.Helper()
	s, err := Listen(Options{Dir: dir, Opener: g.opener()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func handoff(t *testing.T, dir, path string) bool {
	t.Helper()
	ok, err := Handoff(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestSecondOpenOfSameLogFocusesFirst(t *testing.T) {
	dir := t.TempDir()
	g := &fakeGuardian{}
	listen(t, dir, g)
	log := filepath.Join(t.TempDir(), "Évaluation – Board.guardian")

	if !handoff(t, dir, log) {
		t.Fatal("the running Guardian did not take the log")
	}
	if !handoff(t, dir, log) {
		t.Fatal("the running Guardian did not take the second open")
	}
	g.settled(t, 2)
	if len(g.opened) != 1 || g.opened[0] != log {
		t.Errorf("opened %q, want the log once", g.opened)
	}
	if g.focus != 2 {
		t.Errorf("window brought forward %d times, want 2", g.focus)
	}

	other := filepath.Join(filepath.Dir(log), "Other.guardian")
	handoff(t, dir, other)
	g.settled(t, 3)
	if len(g.opened) != 2 || g.opened[1] != other {
		t.Errorf("a different log: opened %q", g.opened)
	}
}

func TestHandoffSendsFullPathAndEmptyFocuses(t *testing.T) {
	dir := t.TempDir()
	g := &fakeGuardian{}
	listen(t, dir, g)
	wd := t.TempDir()
	t.Chdir(wd)
	handoff(t, dir, "Board log.guardian")
	g.settled(t, 1)
	if want := filepath.Join(wd, "Board log.guardian"); len(g.opened) != 1 || g.opened[0] != want {
		t.Errorf("opened %q, want %q", g.opened, want)
	}
	// Starting Guardian again without a log brings the first forward.
	if !handoff(t, dir, "") {
		t.Fatal("no log: not handed off")
	}
	g.settled(t, 2)
	if len(g.opened) != 1 || g.focus != 2 {
		t.Errorf("no log: opened %q, focus %d", g.opened, g.focus)
	}
}

func TestNoRunningGuardian(t *testing.T) {
	dir := t.TempDir()
	if handoff(t, dir, "x.guardian") {
		t.Error("handed off with no hand-off file")
	}

	// A file left by a Guardian that crashed: its port no longer answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	data, _ := json.Marshal(record{Port: port, Token: "abc", PID: 1})
	os.WriteFile(filepath.Join(dir, fileName), data, 0o600)
	if handoff(t, dir, "x.guardian") {
		t.Error("handed off to a port nobody listens on")
	}

	os.WriteFile(filepath.Join(dir, fileName), []byte("{not json"), 0o600)
	if handoff(t, dir, "x.guardian") {
		t.Error("handed off on a damaged file")
	}
}

func TestWrongTokenIsRefused(t *testing.T) {
	dir := t.TempDir()
	g := &fakeGuardian{}
	s := listen(t, dir, g)
	// Another program's (or user's) idea of the token.
	data, _ := json.Marshal(record{Port: s.ln.Addr().(*net.TCPAddr).Port, Token: "not-the-token"})
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, fileName), data, 0o600)
	if handoff(t, other, "x.guardian") {
		t.Error("a wrong token was accepted")
	}
	if len(g.opened) != 0 || g.focus != 0 {
		t.Errorf("a wrong token opened %q, focus %d", g.opened, g.focus)
	}
}

func TestCloseRemovesOnlyItsOwnFile(t *testing.T) {
	dir := t.TempDir()
	first, err := Listen(Options{Dir: dir, Opener: (&fakeGuardian{}).opener()})
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	if _, err := os.Stat(filepath.Join(dir, fileName)); !os.IsNotExist(err) {
		t.Errorf("hand-off file left after Close: %v", err)
	}
	if handoff(t, dir, "x.guardian") {
		t.Error("handed off to a closed Guardian")
	}

	// A later Guardian took over the file: the earlier one's Close keeps it.
	a, _ := Listen(Options{Dir: dir, Opener: (&fakeGuardian{}).opener()})
	g := &fakeGuardian{}
	listen(t, dir, g)
	a.Close()
	if !handoff(t, dir, "y.guardian") {
		t.Error("the later Guardian lost its hand-off file to the earlier one's Close")
	}
	g.settled(t, 1)
	if len(g.opened) != 1 {
		t.Error("the later Guardian lost its hand-off file to the earlier one's Close")
	}
}
