package sqlite_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// releaseV1 is a log the release before reporting periods made (see testdata/v1/README.md).
const releaseV1 = "testdata/v1/release-v1.guardian"

// tableDump reads every row of every table of the log at path, each column
// as text in the table's own column order, so two dumps compare field by
// field. Columns a later format added are left out when only is given.
func tableDump(t *testing.T, path string, only map[string][]string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'search%' AND name NOT LIKE 'sqlite%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		cols := "*"
		if only != nil {
			if c, ok := only[table]; ok {
				cols = strings.Join(c, ", ")
			}
		}
		rs, err := db.Query(fmt.Sprintf(`SELECT %s FROM %q ORDER BY 1, 2`, cols, table))
		if err != nil {
			t.Fatal(err)
		}
		names, _ := rs.Columns()
		out["columns of "+table] = names
		for rs.Next() {
			vals := make([]any, len(names))
			ptrs := make([]any, len(names))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = fmt.Sprintf("%x", bs)
				}
				fmt.Fprintf(&b, "%s=%v\x1f", names[i], v)
			}
			out[table] = append(out[table], b.String())
		}
		rs.Close()
	}
	return out
}

// TestUpgradeFromReleaseV1 opens a copy of a log the previous release made:
// it is upgraded in place after a byte-identical backup, every row of every
// table keeps every field, and the new tables start empty.
func TestUpgradeFromReleaseV1(t *testing.T) {
	orig, err := os.ReadFile(releaseV1)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "trust.guardian")
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	before := tableDump(t, path, nil)
	if len(before["questions"]) != 60 || len(before["evidence"]) != 25 || len(before["actions"]) == 0 || len(before["audit"]) == 0 {
		t.Fatalf("fixture holds %d questions, %d evidence, %d actions, %d audit entries",
			len(before["questions"]), len(before["evidence"]), len(before["actions"]), len(before["audit"]))
	}
	only := map[string][]string{}
	for k, v := range before {
		if table, ok := strings.CutPrefix(k, "columns of "); ok {
			only[table] = v
		}
	}

	backupPath := filepath.Join(dir, "before upgrade.guardian")
	opt := options()
	opt.BeforeMigrate = func(from, to int) (string, error) {
		if from != 1 {
			t.Errorf("upgrade from format %d, want 1", from)
		}
		return backupPath, nil
	}
	s, err := sqlite.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Info().SchemaVersion < 2 {
		t.Errorf("log at format %d after opening", s.Info().SchemaVersion)
	}
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(qs) != 60 {
		t.Fatalf("%d questions after the upgrade: %v", len(qs), err)
	}
	for _, q := range qs {
		if q.Recurring {
			t.Errorf("%s recurs after the upgrade", q.Ref)
		}
	}
	if ps, err := s.Periods(ctx); err != nil || len(ps) != 0 {
		t.Errorf("periods after the upgrade: %d, %v", len(ps), err)
	}
	if hits, err := s.Search(ctx, "staff", 5); err != nil || len(hits) == 0 {
		t.Errorf("search after the upgrade: %d hits, %v", len(hits), err)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Errorf("check after the upgrade: %+v, %v", rep, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	after := tableDump(t, path, only)
	for k, rows := range before {
		got := after[k]
		if k == "schema_migrations" {
			got = got[:min(len(got), 1)] // the upgrade adds its own record
		}
		if len(got) != len(rows) {
			t.Errorf("%s: %d rows after the upgrade, %d before", k, len(got), len(rows))
			continue
		}
		for i := range rows {
			if got[i] != rows[i] {
				t.Errorf("%s row %d changed:\n before %s\n after  %s", k, i, rows[i], got[i])
			}
		}
	}
	// Every migration this Guardian has, counted from its own files.
	files, _ := fs.Glob(os.DirFS("migrations"), "*.sql")
	if n := len(after["schema_migrations"]); n != len(files) {
		t.Errorf("%d migrations recorded, want %d", n, len(files))
	}
	for _, table := range []string{"periods", "question_period_answers", "area_maturity"} {
		if _, ok := after["columns of "+table]; !ok || len(after[table]) != 0 {
			t.Errorf("new table %s: present %v, %d rows", table, ok, len(after[table]))
		}
	}
	if _, err := os.Stat(backupPath); err != nil {
		t.Fatalf("no backup before the upgrade: %v", err)
	}
	if !bytes.Equal(tableDumpBytes(t, backupPath), tableDumpBytes(t, releaseV1)) {
		t.Error("the backup before the upgrade does not hold the old log")
	}
}

func tableDumpBytes(t *testing.T, path string) []byte {
	return []byte(fmt.Sprint(tableDump(t, path, nil)))
}
