package reliability

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

func init() { helpers["hold"] = runHolder }

// runHolder opens the log at args[0] to write, adds a question args[1],
// reports "written", waits until its standard input closes, adds args[2]
// and closes the log, reporting "closed".
func runHolder(args []string) error {
	s, err := sqlite.Open(args[0], sqlite.Options{Actor: "Holder"})
	if err != nil {
		return err
	}
	ctx := context.Background()
	if err := s.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: args[1]}); err != nil {
		return err
	}
	report(result{Op: "written"})
	io.Copy(io.Discard, os.Stdin)
	if err := s.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: args[2]}); err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	report(result{Op: "closed"})
	return nil
}

// journalMode reads the log's header: 1 for rollback mode, 2 for WAL.
func journalMode(t *testing.T, path string) byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b[18]
}

// TestTwoProgramsCloseInEitherOrder: while another program has the log open
// a close leaves it in WAL mode (SQLite refuses the switch) and loses
// nothing; whichever program closes last puts it back in rollback mode with
// nothing beside it, and every change from both is in the file.
func TestTwoProgramsCloseInEitherOrder(t *testing.T) {
	path := newLog(t)
	var want []string
	for _, helperLast := range []bool{true, false} {
		first, second, mine := "held 1", "held 2", "here"
		if !helperLast {
			first, second, mine = "held 3", "held 4", "here, closed last"
		}
		cmd := helperCommand(t, context.Background(), "hold", path, first, second)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		next := func() string {
			if !lines.Scan() {
				t.Fatal("the holder stopped early")
			}
			var r result
			json.Unmarshal(lines.Bytes(), &r)
			return r.Op
		}
		if op := next(); op != "written" {
			t.Fatalf("holder: %s", op)
		}
		s := openLog(t, path)
		if err := s.CreateQuestion(context.Background(), &assurance.Question{Area: "1.1", Text: mine}); err != nil {
			t.Fatal(err)
		}
		if helperLast {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if m := journalMode(t, path); m != 2 {
				t.Errorf("closed while another program had it open: header mode %d, want it left in WAL mode", m)
			}
		}
		stdin.Close()
		if op := next(); op != "closed" {
			t.Fatalf("holder: %s", op)
		}
		cmd.Wait()
		if !helperLast {
			if m := journalMode(t, path); m != 2 {
				t.Errorf("the other program closed first: header mode %d, want it left in WAL mode", m)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if m := journalMode(t, path); m != 1 {
			t.Errorf("after the last close: header mode %d, want rollback mode", m)
		}
		if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
			t.Errorf("after the last close the folder holds %v", entries)
		}
		want = append(want, first, second, mine)
	}
	r := openReadOnly(t, path)
	defer r.Close()
	qs, err := r.Questions(context.Background(), assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs {
		got = append(got, q.Text)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("questions %q, want %q", got, want)
	}
	verify(t, r, nil)
}
