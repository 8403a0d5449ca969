package sqlite_test

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// rawDB opens a log behind the store's back, as another program would.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestCreateRecordsSchemaAndReopenChangesNothing(t *testing.T) {
	s, path := newLog(t)
	info := s.Info()
	if info.SchemaVersion < 1 || info.ReadOnly || info.Path != path || time.Since(info.CreatedAt) > time.Minute {
		t.Fatalf("info after create: %+v", info)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	var appID, userVersion, migrations, maxVersion, pageSize int
	var journal string
	for q, dest := range map[string]any{
		`PRAGMA application_id`: &appID,
		`PRAGMA user_version`:   &userVersion,
		`PRAGMA journal_mode`:   &journal, `PRAGMA page_size`: &pageSize,

		`SELECT count(*) FROM schema_migrations`:     &migrations,
		`SELECT max(version) FROM schema_migrations`: &maxVersion,
	} {
		if err := db.QueryRow(q).Scan(dest); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	if appID != sqlite.ApplicationID || userVersion != info.SchemaVersion || migrations != info.SchemaVersion || maxVersion != info.SchemaVersion || journal != "delete" || pageSize != 16384 {
		t.Fatalf("application_id %#x user_version %d migrations %d (max %d) journal %s page size %d; want %#x, %d",
			appID, userVersion, migrations, maxVersion, journal, pageSize, sqlite.ApplicationID, info.SchemaVersion)
	}

	before := fileHash(t, path)
	for i := 0; i < 2; i++ {
		s, err := sqlite.Open(path, options())
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Info(); got.SchemaVersion != info.SchemaVersion || !got.CreatedAt.Equal(info.CreatedAt) {
			t.Fatalf("reopened info %+v, want %+v", got, info)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if after := fileHash(t, path); after != before {
		t.Fatal("opening and closing an up-to-date log changed the file")
	}
}

func TestCreateRefusesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.guardian")
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.Create(path, options())
	wantCode(t, err, assurance.EINVALID)
	if !strings.Contains(assurance.ErrorMessage(err), "already exists") {
		t.Fatalf("message %q does not say the file exists", assurance.ErrorMessage(err))
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatalf("existing file changed to %q", b)
	}
}

func TestCreateMakesPrivateFile(t *testing.T) {
	if os.PathSeparator == '\\' {
		return // Windows has no Unix permission bits; the file inherits the folder's ACL.
	}
	_, path := newLog(t)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("log created with mode %v, want 0600", st.Mode().Perm())
	}
}

// closedLog returns the bytes of a closed log holding a few questions.
func closedLog(t *testing.T) []byte {
	t.Helper()
	s, path := newLog(t)
	for i := 0; i < 50; i++ {
		mustQuestion(t, s, "1.1", strings.Repeat("How is staff wellbeing reported to the board? ", 20))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOpenRefusesFilesThatAreNotLogs(t *testing.T) {
	logBytes := closedLog(t)
	plain := filepath.Join(t.TempDir(), "other.db")
	db := rawDB(t, plain)
	if _, err := db.Exec(`CREATE TABLE patients (name TEXT); INSERT INTO patients VALUES ('x')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	plainBytes, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	newer := bytes.Clone(logBytes)
	binary.BigEndian.PutUint32(newer[60:], 999) // user_version: a schema from the future

	cases := []struct {
		name    string
		content []byte
		code    string
		says    string
	}{
		{"text file", []byte("Minutes of the People Committee\nItem 1: staff survey\n"), assurance.ENOTLOG, "not a Guardian log"},
		{"empty file", nil, assurance.ENOTLOG, "empty"},
		{"other SQLite database", plainBytes, assurance.ENOTLOG, "not a Guardian log"},
		{"truncated log", logBytes[:len(logBytes)/2], assurance.ECORRUPT, "cut short"},
		{"log cut inside the header", logBytes[:60], assurance.ECORRUPT, "cut short"},
		{"log from a newer Guardian", newer, assurance.ENEWER, "newer version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "board.guardian")
			if err := os.WriteFile(path, c.content, 0o600); err != nil {
				t.Fatal(err)
			}
			before := fileHash(t, path)
			for _, ro := range []bool{false, true} {
				opt := options()
				opt.ReadOnly = ro
				s, err := sqlite.Open(path, opt)
				if err == nil {
					s.Close()
					t.Fatalf("read-only %v: opened without error", ro)
				}
				wantCode(t, err, c.code)
				msg := assurance.ErrorMessage(err)
				if !strings.Contains(msg, c.says) || !strings.Contains(msg, "board.guardian") {
					t.Fatalf("message %q should name the file and say %q", msg, c.says)
				}
			}
			if after := fileHash(t, path); after != before {
				t.Fatal("a refused file was changed")
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Fatalf("opening left other files behind: %v", entries)
			}
		})
	}
}

func TestAwkwardPaths(t *testing.T) {
	for _, name := range []string{"Board papers #1 (draft).guardian", "100% wellbeing.guardian", "Ymddiriedolaeth Iechyd – café.guardian"} {
		dir := filepath.Join(t.TempDir(), "Sub folder & more")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		s, err := sqlite.Create(path, options())
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		mustQuestion(t, s, "1.1", "Stored at an awkward path")
		s = reopen(t, s, path, options())
		if qs, err := s.Questions(ctx, assurance.QuestionFilter{}); err != nil || len(qs) != 1 {
			t.Fatalf("%q: %d questions, %v", name, len(qs), err)
		}
		s.Close()
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 || entries[0].Name() != name {
			t.Fatalf("%q: folder holds %v", name, entries)
		}
	}
}

func TestOpenMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.guardian")
	_, err := sqlite.Open(path, options())
	wantCode(t, err, assurance.ENOTFOUND)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("opening a missing log created a file")
	}
}

func TestReadOnlyRefusesEveryWrite(t *testing.T) {
	s, path := newLog(t)
	m := &assurance.Meeting{Kind: assurance.Board, Title: "Public Board", Date: assurance.MustDate("2026-03-05")}
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	q := mustQuestion(t, s, "2.1", "What support do line managers get?")
	a := &assurance.Action{QuestionID: q.ID, Text: "Report training uptake"}
	if err := s.CreateAction(ctx, a); err != nil {
		t.Fatal(err)
	}
	e := &assurance.Evidence{QuestionID: q.ID, Name: "uptake.csv"}
	if err := s.AttachEvidence(ctx, e, strings.NewReader("month,count\nJan,12\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path)

	opt := options()
	opt.ReadOnly = true
	ro, err := sqlite.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !ro.Info().ReadOnly {
		t.Fatal("Info does not say read-only")
	}
	if got, err := ro.Question(ctx, q.ID); err != nil || got.Text != q.Text || got.EvidenceCount != 1 || got.OpenActions != 1 {
		t.Fatalf("read-only read: %+v, %v", got, err)
	}
	q2, m2, a2, e2 := *q, *m, *a, *e
	writes := map[string]func() error{
		"UpdateSettings": func() error { return ro.UpdateSettings(ctx, assurance.Settings{Organisation: "X"}) },
		"CreateMeeting":  func() error { return ro.CreateMeeting(ctx, &assurance.Meeting{Kind: assurance.Board, Date: m.Date}) },
		"UpdateMeeting":  func() error { return ro.UpdateMeeting(ctx, &m2) },
		"DeleteMeeting":  func() error { return ro.DeleteMeeting(ctx, m.ID) },
		"CreateQuestion": func() error { return ro.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "x"}) },
		"UpdateQuestion": func() error { return ro.UpdateQuestion(ctx, &q2) },
		"DeleteQuestion": func() error { return ro.DeleteQuestion(ctx, q.ID) },
		"CreateAction":   func() error { return ro.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: "x"}) },
		"UpdateAction":   func() error { return ro.UpdateAction(ctx, &a2) },
		"DeleteAction":   func() error { return ro.DeleteAction(ctx, a.ID) },
		"AttachEvidence": func() error {
			return ro.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "x.txt"}, strings.NewReader("x"))
		},
		"UpdateEvidence": func() error { return ro.UpdateEvidence(ctx, &e2) },
		"RemoveEvidence": func() error { return ro.RemoveEvidence(ctx, e.ID) },
		"Batch":          func() error { return ro.Batch(ctx, func(w assurance.Writer) error { return nil }) },
	}
	for name, write := range writes {
		if err := write(); assurance.ErrorCode(err) != assurance.EREADONLY {
			t.Errorf("%s on a read-only log: %v, want EREADONLY", name, err)
		}
	}
	if rep, err := ro.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("check on read-only log: %+v, %v", rep, err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if after := fileHash(t, path); after != before {
		t.Fatal("a read-only session changed the log")
	}
}

func TestBusyLogGivesLocked(t *testing.T) {
	s, path := newLog(t)
	s.Close()
	opt := options()
	opt.BusyTimeout = 100 * time.Millisecond
	s, err := sqlite.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	other := rawDB(t, path)
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	err = s.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Is anyone there?"})
	wantCode(t, err, assurance.ELOCKED)
	if msg := assurance.ErrorMessage(err); strings.Contains(msg, "database is locked") || !strings.Contains(msg, "in use") {
		t.Fatalf("locked message %q", msg)
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	q := &assurance.Question{Area: "1.1", Text: "Is anyone there?"}
	if err := s.CreateQuestion(ctx, q); err != nil || q.Ref != "Q-0001" {
		t.Fatalf("after the lock went: %v, ref %q", err, q.Ref)
	}
}
