package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/assurance/transfer"
	"github.com/nhsguardian/guardian/internal/pgtest"
)

var pg *pgtest.Server

// The shared-log commands run against a real PostgreSQL server, set up as
// docs/shared-log.md describes: an owner role and one login per person.
// TestMain runs a helper process when asked (the writer beside backups and
// adds), and otherwise starts the PostgreSQL server the shared-log tests use.
func TestMain(m *testing.M) {
	if log := os.Getenv(writeLogEnv); log != "" {
		writeUntilKilled(log) // never returns: it is killed, or exits on a failed add
	}
	pgtest.Main(m, &pg, func(s *pgtest.Server) error {
		return s.Exec(context.Background(), "postgres",
			`CREATE ROLE guardian_owner LOGIN CREATEROLE`,
			`CREATE DATABASE guardian OWNER guardian_owner`,
			`CREATE ROLE jsmith LOGIN`,
			`CREATE ROLE `+pgtest.PasswordGroup,
			`CREATE ROLE carol LOGIN PASSWORD 'secret' IN ROLE `+pgtest.PasswordGroup)
	})
}

func TestPublishPullAndUseASharedLog(t *testing.T) {
	ownerURL, userURL := pg.URL("guardian_owner", "guardian"), pg.URL("jsmith", "guardian")
	const org = "Northshire Community Health NHS Trust"
	must(t, "shared", "setup", ownerURL)
	if out := must(t, "shared", "setup", ownerURL); !strings.Contains(out, "up to date") {
		t.Fatalf("second setup: %s", out)
	}
	must(t, "shared", "add", ownerURL, org)
	must(t, "shared", "grant", ownerURL, org, "jsmith")
	must(t, "shared", "grant", ownerURL, org, "carol")

	log := filepath.Join(t.TempDir(), "trust.guardian")
	must(t, "demo", log, "--questions", "25", "--evidence", "10")
	out := must(t, "publish", log, userURL, "--organisation", org)
	if !strings.Contains(out, "25 questions") || !strings.Contains(out, "10 evidence files") || !strings.Contains(out, "SHA-256 checked") {
		t.Fatalf("publish said %q", out)
	}
	if out := must(t, "publish", log, userURL, "--organisation", org); !strings.Contains(out, "nothing copied") {
		t.Fatalf("second publish said %q", out)
	}

	// What is pulled back is the log that was published, field by field.
	shared := userURL + "#" + org
	pulled := filepath.Join(t.TempDir(), "review copy.guardian")
	if out := must(t, "pull", shared, pulled); !strings.Contains(out, "25 questions") {
		t.Fatalf("pull said %q", out)
	}
	same(t, log, pulled)

	// Every command that takes a LOG takes the shared log too.
	must(t, "--as", "J Smith", "question", "add", shared, "--area", "4.1", "--text", "Asked in the shared log")
	if out := must(t, "question", "list", shared); !strings.Contains(out, "Q-0026") {
		t.Fatalf("question list: %s", out)
	}
	if out := must(t, "search", shared, "shared"); !strings.Contains(out, "Q-0026") {
		t.Fatalf("search: %s", out)
	}
	if out := must(t, "audit", shared, "--limit", "1"); !strings.Contains(out, "J Smith") {
		t.Fatalf("audit: %s", out)
	}
	must(t, "demo", shared, "--questions", "3", "--evidence", "2", "--seed", "9")
	if out := must(t, "check", shared); !strings.Contains(out, "OK") || !strings.Contains(out, "12 evidence") {
		t.Fatalf("check: %s", out)
	}
	if out := must(t, "pull", shared, filepath.Join(t.TempDir(), "later.guardian")); !strings.Contains(out, "29 questions") {
		t.Fatalf("second pull said %q", out)
	}

	// A password the password file (here PGPASSWORD) gives is used.
	t.Setenv("PGPASSWORD", "secret")
	must(t, "question", "list", pg.URL("carol", "guardian")+"#"+org)
	os.Unsetenv("PGPASSWORD")

	// Plain words, and nothing left behind, when it cannot be done.
	failed := filepath.Join(t.TempDir(), "x.guardian")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"pull", userURL + "#Nowhere Trust", failed}, exitFailed, "no access"},
		{[]string{"pull", userURL, failed}, exitUsage, "say which organisation"},
		{[]string{"pull", shared, pulled}, exitFailed, "already exists"},
		{[]string{"publish", log, "/tmp/not-a-url"}, exitUsage, "not a shared log's address"},
		{[]string{"init", shared}, exitUsage, "added by your IT team"},
		{[]string{"backup", shared, filepath.Join(t.TempDir(), "b.guardian")}, exitFailed, "guardianctl pull"},
		{[]string{"question", "list", pg.URL("guardian_owner", "guardian") + "#" + org}, exitFailed, "owner"},
		{[]string{"question", "list", pg.URL("carol", "guardian") + "#" + org}, exitFailed, "password file"},
	} {
		code, out, errOut := ctl(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("guardianctl %q: exit %d, stderr %q (stdout %q); want exit %d saying %q", tc.args, code, errOut, out, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(failed); err == nil {
		t.Fatal("a failed pull left a file behind")
	}
}

// same fails the test unless the two log files hold the same log.
func same(t *testing.T, a, b string) {
	t.Helper()
	sa, err := sqlite.Open(a, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sa.Close()
	sb, err := sqlite.Open(b, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if diffs, err := transfer.Diff(context.Background(), sa, sb); err != nil || len(diffs) > 0 {
		t.Fatalf("%s and %s differ (%v): %v", a, b, err, diffs)
	}
}
