package sqlite_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

var ctx = context.Background()

func options() sqlite.Options {
	return sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: "Test Guardian"}
}

// newLog creates a log in a temporary folder and closes it when the test ends.
func newLog(t testing.TB) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trust.guardian")
	s, err := sqlite.Create(path, options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func reopen(t testing.TB, s *sqlite.Store, path string, opt sqlite.Options) *sqlite.Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := sqlite.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	return s2
}

func fileHash(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := assurance.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

func mustQuestion(t testing.TB, s assurance.Writer, area, text string) *assurance.Question {
	t.Helper()
	q := &assurance.Question{Area: area, Text: text, AskedOf: "Chief People Officer", RaisedOn: assurance.MustDate("2026-01-10"), Status: assurance.StatusAsked}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	return q
}

func TestSmoke(t *testing.T) {
	s, path := newLog(t)
	q := mustQuestion(t, s, "4.1", "How does the board know the OH service is used?")
	if q.Ref != "Q-0001" {
		t.Fatalf("ref %q", q.Ref)
	}
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(qs) != 1 {
		t.Fatal(qs, err)
	}
	s = reopen(t, s, path, options())
	if _, err := s.QuestionByRef(ctx, "q-0001"); err != nil {
		t.Fatal(err)
	}
}

func openLog(path string) (*sqlite.Store, error) { return sqlite.Open(path, options()) }

func openWith(path string, opt sqlite.Options) (*sqlite.Store, error) { return sqlite.Open(path, opt) }
