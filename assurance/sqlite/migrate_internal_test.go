package sqlite

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhsguardian/guardian/assurance"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// withMigrations makes this build know ms for the rest of the test.
func withMigrations(t *testing.T, ms []migration) {
	saved := migrations
	migrations = ms
	t.Cleanup(func() { migrations = saved })
}

func TestOlderLogIsUpgradedAndNewerRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.guardian")
	s, err := Create(path, Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Made by the old version"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	old := migrations
	next := migration{version: len(old) + 1, name: "test_note", sql: `ALTER TABLE questions ADD COLUMN test_note TEXT NOT NULL DEFAULT 'upgraded'`}
	withMigrations(t, append(slices.Clone(old), next))

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := s.Info().SchemaVersion; v != next.version {
		t.Fatalf("schema version %d after upgrade, want %d", v, next.version)
	}
	var note string
	var recorded, userVersion int
	if err := s.rdb.QueryRow(`SELECT test_note FROM questions`).Scan(&note); err != nil || note != "upgraded" {
		t.Fatalf("new column: %q, %v", note, err)
	}
	s.rdb.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&recorded)
	s.rdb.QueryRow(`PRAGMA user_version`).Scan(&userVersion)
	if recorded != next.version || userVersion != next.version {
		t.Fatalf("recorded migrations %d, user_version %d; want %d", recorded, userVersion, next.version)
	}
	if q, err := s.QuestionByRef(ctx, "Q-0001"); err != nil || q.Text != "Made by the old version" {
		t.Fatalf("question after upgrade: %+v, %v", q, err)
	}
	s.Close()

	// The old build meets the upgraded log: refused, untouched.
	migrations = old
	before := fileSum(t, path)
	for _, ro := range []bool{false, true} {
		_, err = Open(path, Options{ReadOnly: ro})
		if assurance.ErrorCode(err) != assurance.ENEWER {
			t.Fatalf("old build opening a newer log (read-only %v): %v, want ENEWER", ro, err)
		}
	}
	if fileSum(t, path) != before {
		t.Fatal("refusing a newer log changed it")
	}
}

func TestReadOnlyOpenOfOlderLogAsksForUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.guardian")
	s, err := Create(path, Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := fileSum(t, path)
	withMigrations(t, append(slices.Clone(migrations), migration{version: len(migrations) + 1, name: "later", sql: `CREATE TABLE later (x)`}))
	_, err = Open(path, Options{ReadOnly: true})
	if assurance.ErrorCode(err) != assurance.EREADONLY || !strings.Contains(assurance.ErrorMessage(err), "older version") {
		t.Fatalf("read-only open of an older log: %v", err)
	}
	if fileSum(t, path) != before {
		t.Fatal("read-only open changed an older log")
	}
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.guardian")
	s, err := Create(path, Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	old := migrations
	withMigrations(t, append(slices.Clone(old), migration{version: len(old) + 1, name: "broken",
		sql: `CREATE TABLE half_done (x); CREATE TABLE questions (x)`})) // the second statement fails
	_, err = Open(path, Options{})
	if err == nil || !strings.Contains(assurance.ErrorMessage(err), "broken") {
		t.Fatalf("open with a failing migration: %v", err)
	}
	migrations = old
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	s.rdb.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).Scan(&n)
	if n != 0 || s.Info().SchemaVersion != len(old) {
		t.Fatalf("failed migration left half_done (%d) or version %d", n, s.Info().SchemaVersion)
	}
}

func TestLoadMigrationsChecksNamesAndOrder(t *testing.T) {
	good := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (x);")},
		"migrations/0002_b.sql": {Data: []byte("CREATE TABLE b (x);")},
	}
	ms, err := loadMigrations(good)
	if err != nil || len(ms) != 2 || ms[1].version != 2 || ms[1].name != "b" {
		t.Fatalf("%+v, %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"gap":      {"migrations/0001_a.sql": {}, "migrations/0003_c.sql": {}},
		"bad name": {"migrations/0001_a.sql": {}, "migrations/second.sql": {}},
		"zero":     {"migrations/0000_a.sql": {}},
	} {
		if _, err := loadMigrations(fsys); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := loadMigrations(migrationFiles); err != nil {
		t.Fatalf("the embedded migrations: %v", err)
	}
}

func TestFTSQueryQuotesEverything(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"  ":                 "",
		"wellbeing":          `"wellbeing"*`,
		`staff AND "survey"`: `"staff" "AND" "survey"*`,
		"NEAR(a b)":          `"NEAR" "a" "b"*`,
		"-x *":               `"x"*`,
		"naïve café":         `"naïve" "café"*`,
	} {
		if got := ftsQuery(in); got != want {
			t.Errorf("ftsQuery(%q) = %s, want %s", in, got, want)
		}
	}
}
