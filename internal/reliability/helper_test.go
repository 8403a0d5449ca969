package reliability

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// helperEnv names the helper a re-run test binary acts as. The helpers are
// plain functions of their arguments; each prints one JSON line per result.
const helperEnv = "GUARDIAN_RELIABILITY_HELPER"

var helpers = map[string]func(args []string) error{}

func TestMain(m *testing.M) {
	if name := os.Getenv(helperEnv); name != "" {
		h := helpers[name]
		if h == nil {
			fmt.Fprintf(os.Stderr, "no helper %q\n", name)
			os.Exit(3)
		}
		if err := h(os.Args[1:]); err != nil {
			fmt.Fprintf(os.Stderr, "helper %s: %v\n", name, err)
			report(result{Op: "error", Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err), Detail: err.Error()})
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// helperCommand returns a command that re-runs this test binary as helper name.
func helperCommand(t testing.TB, ctx context.Context, name string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), helperEnv+"="+name)
	cmd.Stderr = &prefixWriter{t: t, prefix: name + ": "}
	return cmd
}

// prefixWriter passes a helper's stderr to the test log.
type prefixWriter struct {
	t      testing.TB
	prefix string
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		w.t.Log(w.prefix + line)
	}
	return len(p), nil
}

// result is one line a helper prints: a committed write, or an outcome.
type result struct {
	Op       string `json:"op"`
	ID       int64  `json:"id,omitempty"`
	Question int64  `json:"q,omitempty"`
	Ref      string `json:"ref,omitempty"`
	Version  int64  `json:"v,omitempty"`
	Sum      string `json:"sum,omitempty"` // SHA-256 of the text or the evidence bytes
	Size     int64  `json:"size,omitempty"`
	Code     string `json:"code,omitempty"`
	Message  string `json:"msg,omitempty"`
	Detail   string `json:"detail,omitempty"`
	N        int    `json:"n,omitempty"`
}

// report prints r as one line. A single write of a short line either reaches
// the pipe whole or not at all, so a kill never leaves half a report that
// the parent would believe.
func report(r result) {
	b, _ := json.Marshal(r)
	os.Stdout.Write(append(b, '\n'))
}

// readResults reads every complete line a helper printed; a last line cut
// short by a kill is dropped, because the helper never finished saying it.
func readResults(r io.Reader) ([]result, error) {
	var out []result
	err := scanResults(r, func(res result) { out = append(out, res) })
	return out, err
}

// scanResults hands each complete result line to each as it is read, until
// the helper's output ends; a last line cut short by a kill is dropped.
func scanResults(r io.Reader, each func(result)) error {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var res result
		if err := json.Unmarshal([]byte(line), &res); err != nil {
			return fmt.Errorf("helper printed %q: %w", line, err)
		}
		each(res)
	}
}

// newLog creates an empty log in a fresh folder.
func newLog(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "log.guardian")
	s, err := sqlite.Create(path, sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: "Test Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// openLog opens a log read-write, as the app does.
func openLog(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(path, sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: "Checker"})
	if err != nil {
		t.Fatalf("reopen %s: %v", path, err)
	}
	return s
}
