package sqlite_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// Closed logs are kept in rollback-journal mode, so a -wal beside one is an
// anomaly that Open moves aside instead of letting SQLite replay it; a -wal
// beside a log left in WAL mode by a crash is its own and is recovered.

func addQuestions(t testing.TB, s *sqlite.Store, texts ...string) {
	t.Helper()
	for _, text := range texts {
		q := &assurance.Question{Framework: "growing-ohwb-together", Area: "3.2", Text: text, RaisedOn: assurance.MustDate("2026-03-12")}
		if err := s.CreateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

func questionTexts(t testing.TB, path string) []string {
	t.Helper()
	s, err := sqlite.Open(path, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range qs {
		out = append(out, q.Text)
	}
	slices.Sort(out)
	return out
}

// listing is a folder's file names.
func listing(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// header returns bytes 18 and 19 of a SQLite file: 1 for rollback mode, 2 for WAL.
func header(t testing.TB, path string) [2]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return [2]byte{b[18], b[19]}
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// crashImage copies the open log at path, with its -wal, to dest: what a
// Guardian killed at that moment would have left on disk.
func crashImage(t testing.TB, path, dest string) {
	t.Helper()
	if !exists(path + "-wal") {
		t.Fatalf("%s has no -wal while open to write", filepath.Base(path))
	}
	copyFile(t, path, dest)
	copyFile(t, path+"-wal", dest+"-wal")
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func TestClosedLogIsOneFileInRollbackMode(t *testing.T) {
	s, path := newLog(t)
	addQuestions(t, s, "one", "two")
	if h := header(t, path); h != [2]byte{2, 2} || !exists(path+"-wal") {
		t.Fatalf("while open and written: header %v, -wal there %v; want WAL mode", h, exists(path+"-wal"))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := listing(t, filepath.Dir(path)); !slices.Equal(got, []string{"trust.guardian"}) {
		t.Fatalf("after close the folder holds %v, want only the log", got)
	}
	if h := header(t, path); h != [2]byte{1, 1} {
		t.Fatalf("closed log header %v, want rollback mode [1 1]", h)
	}
	// Nothing committed lives outside the file, so a -wal lost or deleted
	// while it is closed (there is none) cannot lose a question.
	os.Remove(path + "-wal")
	if got := questionTexts(t, path); !slices.Equal(got, []string{"one", "two"}) {
		t.Fatalf("questions after close %v", got)
	}
}

func TestForeignWALIsSetAsideNotReplayed(t *testing.T) {
	dir := t.TempDir()
	b, c := filepath.Join(dir, "B.guardian"), filepath.Join(dir, "C.guardian")
	sb, err := sqlite.Create(b, options())
	if err != nil {
		t.Fatal(err)
	}
	addQuestions(t, sb, "B's own question")
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}
	sc, err := sqlite.Create(c, options())
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	addQuestions(t, sc, "C one", "C two", "C three")
	// C's -wal holds committed frames; put a copy beside B, as in the issue.
	copyFile(t, c+"-wal", b+"-wal")
	before, foreign := fileHash(t, b), fileHash(t, b+"-wal")

	ro, err := sqlite.Open(b, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ro.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("check of B with C's -wal beside it: %+v, %v", rep, err)
	}
	notices := ro.Info().Notices
	ro.Close()
	if len(notices) != 1 || !strings.Contains(notices[0], "B.guardian-wal") || !strings.Contains(notices[0], "does not belong") {
		t.Fatalf("notices %q, want one naming the file set aside", notices)
	}
	if fileHash(t, b) != before {
		t.Fatal("B changed when it was checked")
	}
	var aside []string
	for _, n := range listing(t, dir) {
		if strings.HasPrefix(n, "B.guardian") && n != "B.guardian" {
			aside = append(aside, n)
		}
	}
	if len(aside) != 1 || !strings.HasPrefix(aside[0], "B.guardian"+sqlite.SetAsideSuffix) {
		t.Fatalf("beside B: %v, want only the set-aside -wal", aside)
	}
	if fileHash(t, filepath.Join(dir, aside[0])) != foreign {
		t.Fatal("the set-aside file is not the -wal that was beside B")
	}

	// The next write must not replay anything either.
	sw, err := sqlite.Open(b, options())
	if err != nil {
		t.Fatal(err)
	}
	addQuestions(t, sw, "B's second question")
	rep, err = sw.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("check after writing: %+v, %v", rep, err)
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, b); !slices.Equal(got, []string{"B's own question", "B's second question"}) {
		t.Fatalf("B holds %v", got)
	}
}

func TestBackupCopiedOverACrashedLogIsNotMixedWithItsWAL(t *testing.T) {
	dir := t.TempDir()
	s, path := newLog(t)
	addQuestions(t, s, "before the backup")
	bak := filepath.Join(dir, "backup.guardian")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	if h := header(t, bak); h != [2]byte{1, 1} {
		t.Fatalf("backup header %v, want rollback mode", h)
	}
	addQuestions(t, s, "after the backup 1", "after the backup 2")
	crashed := filepath.Join(dir, "crashed.guardian")
	crashImage(t, path, crashed)
	// Someone copies the backup over the crashed log by hand; the -wal stays.
	copyFile(t, bak, crashed)
	want := fileHash(t, bak)

	got := questionTexts(t, crashed)
	if !slices.Equal(got, []string{"before the backup"}) {
		t.Fatalf("questions %v, want the backup's", got)
	}
	if fileHash(t, crashed) != want {
		t.Fatal("the restored copy changed when it was read")
	}
	if exists(crashed + "-wal") {
		t.Fatal("the crashed log's -wal is still beside the restored copy")
	}
	w, err := sqlite.Open(crashed, options())
	if err != nil {
		t.Fatal(err)
	}
	addQuestions(t, w, "written after the restore")
	if rep, err := w.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("check: %+v, %v", rep, err)
	}
	w.Close()
}

func TestCrashedLogRecoversItsOwnWAL(t *testing.T) {
	dir := t.TempDir()
	s, path := newLog(t)
	addQuestions(t, s, "one", "two", "three")
	crashed := filepath.Join(dir, "crashed.guardian")
	crashImage(t, path, crashed)
	if h := header(t, crashed); h != [2]byte{2, 2} {
		t.Fatalf("crash image header %v, want WAL mode", h)
	}
	w, err := sqlite.Open(crashed, options())
	if err != nil {
		t.Fatal(err)
	}
	if n := w.Info().Notices; len(n) != 0 {
		t.Fatalf("notices for a log's own -wal: %q", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, crashed); !slices.Equal(got, []string{"one", "three", "two"}) {
		t.Fatalf("recovered %v", got)
	}
	if got := listing(t, dir); !slices.Equal(got, []string{"crashed.guardian"}) {
		t.Fatalf("after recovery the folder holds %v", got)
	}
}

func TestWALOfAnotherPageSizeIsSetAsideFromACrashedLog(t *testing.T) {
	dir := t.TempDir()
	s, path := newLog(t)
	addQuestions(t, s, "one")
	crashed := filepath.Join(dir, "crashed.guardian")
	crashImage(t, path, crashed)
	// A plain SQLite database with 4 KiB pages, left open with frames in its -wal.
	other := filepath.Join(dir, "other.db")
	db := rawDB(t, other+"?_pragma=page_size(4096)&_pragma=journal_mode(WAL)")
	if _, err := db.Exec(`CREATE TABLE t(x); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	copyFile(t, other+"-wal", crashed+"-wal")
	w, err := sqlite.Open(crashed, options())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n := w.Info().Notices; len(n) != 1 || !strings.Contains(n[0], "different database") {
		t.Fatalf("notices %q", n)
	}
	if rep, err := w.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("check: %+v, %v", rep, err)
	}
}

func TestReadOnlyOpenLeavesNothingBeside(t *testing.T) {
	s, path := newLog(t)
	addQuestions(t, s, "one")
	s.Close()
	dir := filepath.Dir(path)
	// And a log closed by an older Guardian, which left it in WAL mode.
	old := filepath.Join(dir, "old.guardian")
	copyFile(t, path, old)
	db := rawDB(t, old)
	if _, err := db.Exec(`PRAGMA journal_mode = WAL`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if h := header(t, old); h != [2]byte{2, 2} {
		t.Fatalf("old log header %v", h)
	}
	before := listing(t, dir)
	sum, oldSum := fileHash(t, path), fileHash(t, old)
	for _, p := range []string{path, old} {
		r, err := sqlite.Open(p, sqlite.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Questions(ctx, assurance.QuestionFilter{}); err != nil {
			t.Fatal(err)
		}
		if rep, err := r.Check(ctx); err != nil || !rep.OK() {
			t.Fatalf("check: %+v, %v", rep, err)
		}
		if err := r.Backup(ctx, filepath.Join(t.TempDir(), "copy.guardian")); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if got := listing(t, dir); !slices.Equal(got, before) {
			t.Fatalf("after a read-only open of %s the folder holds %v, before %v", filepath.Base(p), got, before)
		}
	}
	if fileHash(t, path) != sum || fileHash(t, old) != oldSum {
		t.Fatal("a read-only open changed the log")
	}
	if got := questionTexts(t, old); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("old log holds %v", got)
	}
	// The first open to write and close puts the older log in rollback mode.
	w, err := sqlite.Open(old, options())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if h := header(t, old); h != [2]byte{1, 1} || !slices.Equal(listing(t, dir), before) {
		t.Fatalf("after an open to write and close: header %v, folder %v", h, listing(t, dir))
	}
	if got := questionTexts(t, old); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("old log holds %v after an open to write", got)
	}
}

func TestTwoStoresOnOneLogTheLastToCloseLeavesWAL(t *testing.T) {
	s1, path := newLog(t)
	addQuestions(t, s1, "first")
	s2, err := sqlite.Open(path, options())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	addQuestions(t, s2, "second")
	addQuestions(t, s1, "third")
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	// s2 still has it open: the switch back waits for it.
	if h := header(t, path); h != [2]byte{2, 2} {
		t.Fatalf("header %v after the first close, want still WAL", h)
	}
	addQuestions(t, s2, "fourth")
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	if h := header(t, path); h != [2]byte{1, 1} || exists(path+"-wal") || exists(path+"-shm") {
		t.Fatalf("after the last close: header %v, -wal %v, -shm %v", h, exists(path+"-wal"), exists(path+"-shm"))
	}
	if got := questionTexts(t, path); !slices.Equal(got, []string{"first", "fourth", "second", "third"}) {
		t.Fatalf("questions %v", got)
	}
}

func TestNameTooLongForTheJournalIsRefusedPlainly(t *testing.T) {
	dir := t.TempDir()
	_, err := sqlite.Create(filepath.Join(dir, strings.Repeat("é", 120)+".guardian"), options()) // 249 bytes
	if assurance.ErrorCode(err) != assurance.EINVALID || !strings.Contains(assurance.ErrorMessage(err), "too long") {
		t.Fatalf("create: %v", err)
	}
	if got := listing(t, dir); len(got) != 0 {
		t.Fatalf("left %v", got)
	}
	path := filepath.Join(dir, strings.Repeat("é", 119)+".guardian") // 247 bytes
	s, err := sqlite.Create(path, options())
	if err != nil {
		t.Fatal(err)
	}
	addQuestions(t, s, "fits")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// The switch to WAL before the first change does not add its own wait to
// the change's: a log another program is writing is reported in use after
// one busy timeout.
func TestBusyLogWaitsOnceBeforeLocked(t *testing.T) {
	s, path := newLog(t)
	s.Close()
	opt := options()
	opt.BusyTimeout = 600 * time.Millisecond
	s, err := sqlite.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn, err := rawDB(t, path).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = s.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Is anyone there?"})
	took := time.Since(start)
	if assurance.ErrorCode(err) != assurance.ELOCKED {
		t.Fatalf("got %v, want ELOCKED", err)
	}
	if took < opt.BusyTimeout || took >= 2*opt.BusyTimeout {
		t.Fatalf("reported in use after %v, want one busy timeout (%v)", took, opt.BusyTimeout)
	}
	conn.ExecContext(ctx, `ROLLBACK`)
	addQuestions(t, s, "after the lock went")
	if h := header(t, path); h != [2]byte{2, 2} {
		t.Fatalf("header %v after a change, want WAL mode", h)
	}
}

// A write in rollback mode (an attach) marks the log's new length in its
// header before the new pages reach the end of the file. A crash between the
// two leaves a file shorter than its header says beside a hot journal: that
// is SQLite's to roll back, not a copy cut short.
func TestCrashMidRollbackWriteIsRolledBackNotRefused(t *testing.T) {
	dir := t.TempDir()
	s, path := newLog(t)
	addQuestions(t, s, "kept")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}

	// Another connection grows the log in one transaction, with a page
	// cache so small that SQLite writes the new pages into the file before
	// the commit; the journal by then holds page 1 as it was.
	db := rawDB(t, path)
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`PRAGMA cache_size = 2`,
		`CREATE TABLE bulk(b BLOB)`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) INSERT INTO bulk SELECT randomblob(4000) FROM n`,
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	crashed := filepath.Join(dir, "crashed.guardian")
	copyFile(t, path, crashed)
	copyFile(t, path+"-journal", crashed+"-journal")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// The commit writes page 1, with the new length, before the pages
	// after it: the crash came between, a few pages past the old end.
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(crashed)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int64(binary.BigEndian.Uint16(committed[16:]))
	copy(b[:pageSize], committed[:pageSize])
	b = b[:before.Size()+3*pageSize]
	if err := os.WriteFile(crashed, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if claimed := int64(binary.BigEndian.Uint32(b[28:])) * pageSize; claimed <= int64(len(b)) {
		t.Fatalf("the crash image's header claims %d bytes, no more than the %d it has: the test did not make the case", claimed, len(b))
	}

	// Without its journal the same file is a copy cut short, and refused
	// untouched.
	short := filepath.Join(t.TempDir(), "short.guardian")
	copyFile(t, crashed, short)
	if _, err := sqlite.Open(short, options()); assurance.ErrorCode(err) != assurance.ECORRUPT || !strings.Contains(err.Error(), "cut short") {
		t.Fatalf("a short log without its journal: %v, want ECORRUPT cut short", err)
	}

	w, err := sqlite.Open(crashed, options())
	if err != nil {
		t.Fatalf("a log with the journal of an unfinished write: %v", err)
	}
	if n := w.Info().Notices; len(n) != 0 {
		t.Fatalf("notices: %q", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, crashed); !slices.Equal(got, []string{"kept"}) {
		t.Fatalf("after rolling back the log holds %v", got)
	}
	if got := listing(t, dir); !slices.Equal(got, []string{"crashed.guardian"}) {
		t.Fatalf("after rolling back the folder holds %v", got)
	}
}
