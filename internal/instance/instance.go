// Package instance keeps Guardian to one running copy per user: a log
// opened from the file manager while Guardian is already running is handed
// to the running Guardian, which opens it (or, when it is the log already
// open, brings its window forward) instead of a second window editing the
// same file.
//
// The running Guardian listens on a loopback TCP port (127.0.0.1 only; the
// same code on Windows, macOS and Linux) and writes the port and a random
// token to a file only the user can read. A second Guardian reads that
// file, connects, sends the token and the log's full path, waits for "ok"
// and exits. A file left by a Guardian that crashed names a port nobody
// answers on (or that answers without the token): the new Guardian then
// simply starts as the first.
package instance

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/nhsguardian/guardian/internal/safefile"
)

// fileName is the hand-off file in the folder given to Listen and Handoff.
const fileName = "instance.json"

// timeout bounds each step of a hand-off, so a second Guardian never hangs
// on a first one that is stuck: it starts on its own instead.
const timeout = 3 * time.Second

// Opener is the running Guardian as the hand-off sees it. Its functions run
// through Options.Do (the UI goroutine).
type Opener struct {
	// IsOpen reports whether path is the log open now.
	IsOpen func(path string) bool
	// Open opens the log at path (asking about unsaved changes first).
	Open func(path string)
	// Focus brings Guardian's window forward.
	Focus func()
}

// Options configure Listen.
type Options struct {
	// Dir holds the hand-off file (DefaultDir in the app).
	Dir    string
	Opener Opener
	// Do runs f on the UI goroutine (fyne.Do); nil runs it directly.
	Do func(f func())
}

// record is the hand-off file's content.
type record struct {
	Port  int    `json:"port"`
	Token string `json:"token"`
	PID   int    `json:"pid"`
}

// request is what a second Guardian sends: one JSON line.
type request struct {
	Token string `json:"token"`
	Path  string `json:"path"` // empty: just bring the window forward
}

// DefaultDir is the folder for the hand-off file: on Windows
// %LocalAppData%\Guardian (not the roaming profile, which may follow the
// user to another computer), elsewhere the user's config folder.
func DefaultDir() (string, error) {
	base, err := os.UserConfigDir()
	if runtime.GOOS == "windows" {
		base, err = os.UserCacheDir()
	}
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "Guardian"), nil
}

// Handoff gives path (empty: none) to a Guardian already running for this
// user. It reports whether one took it; false with a nil error means no
// Guardian is running and the caller should start as the first.
func Handoff(dir, path string) (bool, error) {
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return false, fmt.Errorf("hand over %s: %w", path, err)
		}
		path = abs
	}
	data, err := os.ReadFile(filepath.Join(dir, fileName))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("hand over to the running Guardian: %w", err)
	}
	var rec record
	if json.Unmarshal(data, &rec) != nil || rec.Port <= 0 || rec.Token == "" {
		return false, nil // a damaged file: start afresh, Listen replaces it
	}
	conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", rec.Port), timeout)
	if err != nil {
		return false, nil // left by a Guardian that is no longer running
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(timeout))
	// Windows lets the foreground program (this one, just started by
	// Explorer) allow another to come forward; without it the running
	// Guardian could only flash in the taskbar.
	allowForeground(rec.PID)
	req, _ := json.Marshal(request{Token: rec.Token, Path: path})
	if _, err := conn.Write(append(req, '\n')); err != nil {
		return false, nil
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || strings.TrimSpace(reply) != "ok" {
		return false, nil // not a Guardian, or not this user's
	}
	return true, nil
}

// Server is the first Guardian's end of the hand-off.
type Server struct {
	ln    net.Listener
	file  string
	token string
	opts  Options
	wg    sync.WaitGroup
}

// Listen makes this Guardian the one later ones hand their logs to.
func Listen(opts Options) (*Server, error) {
	if opts.Do == nil {
		opts.Do = func(f func()) { f() }
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("single-instance hand-off: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("single-instance hand-off: %w", err)
	}
	tok := make([]byte, 16)
	rand.Read(tok)
	s := &Server{ln: ln, file: filepath.Join(opts.Dir, fileName), token: hex.EncodeToString(tok), opts: opts}
	data, _ := json.Marshal(record{Port: ln.Addr().(*net.TCPAddr).Port, Token: s.token, PID: os.Getpid()})
	// Written whole and renamed, so a second Guardian never reads half.
	tmp, err := safefile.WriteTemp(opts.Dir, fileName+".*", false, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
	if err == nil {
		err = os.Rename(tmp, s.file)
	}
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("single-instance hand-off: %w", err)
	}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		s.handle(conn)
	}
}

// handle answers one hand-off; one at a time, so two quick double-clicks
// on the same log open it once.
func (s *Server) handle(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(timeout))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return
	}
	var req request
	if json.Unmarshal([]byte(line), &req) != nil || req.Token != s.token {
		return
	}
	conn.Write([]byte("ok\n"))
	done := make(chan struct{})
	s.opts.Do(func() {
		defer close(done)
		o := s.opts.Opener
		if req.Path != "" && !o.IsOpen(req.Path) {
			o.Open(req.Path)
		}
		o.Focus()
	})
	<-done
}

// Close stops listening and removes the hand-off file if it is still this
// Guardian's (a later Guardian may have replaced it).
func (s *Server) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	if data, rerr := os.ReadFile(s.file); rerr == nil {
		var rec record
		if json.Unmarshal(data, &rec) == nil && rec.Token == s.token {
			os.Remove(s.file)
		}
	}
	return err
}
