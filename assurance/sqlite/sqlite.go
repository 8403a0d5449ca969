// Package sqlite keeps an assurance log in a single SQLite file (a shared
// log in a database is assurance/postgres).
//
// A log is one file a Guardian can copy, email and open offline, so the file
// is guarded on every side: it is recognised by its application id before
// SQLite touches it, upgraded only by recorded migrations, written with full
// syncs, and every change is one transaction with its audit entry.
//
// A log is in WAL mode only while a store has it open to write, and is
// switched back to rollback-journal mode when the last one closes it, so a
// closed log is one file with nothing beside it: copying, moving or
// restoring it cannot separate it from committed changes, and a read-only
// open makes no files. A -wal file found beside a closed log therefore
// cannot be the log's own; Open moves it aside (sidecar.go) rather than let
// SQLite replay another database's changes into the log. A -wal beside a
// log still marked WAL mode is what a crash left, and SQLite recovers it.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var _ assurance.Store = (*Store)(nil)

// DefaultBusyTimeout is how long a change waits for another program that has
// the log open to finish before giving up with ELOCKED.
const DefaultBusyTimeout = 5 * time.Second

// Options tune how a log is opened.
type Options struct {
	ReadOnly bool
	// Catalogue, if set, is used to check that questions name a real area.
	Catalogue *assurance.Catalogue
	// Actor is the name changes are recorded under; default the OS user.
	Actor       string
	BusyTimeout time.Duration

	// BeforeMigrate, if set, is asked for a path before an existing log is
	// upgraded from format from to format to; the store writes a backup
	// there (as Backup does) and upgrades only once it is safely made.
	// backup.Rolling.BeforeMigrate fits.
	BeforeMigrate func(from, to int) (dest string, err error)

	immutable bool // read-only media: see openOnReadOnlyMedia
}

// Store is an open assurance log.
type Store struct {
	path     string
	readOnly bool
	counted  bool // in openHere until closed
	cat      *assurance.Catalogue

	// Writes go through one connection so that changes in this process queue
	// in Go rather than spin on SQLite's lock; reads use their own pool and
	// see the last committed state (WAL; during an attach, written with the
	// rollback journal, they wait for it: see useRollback).
	wdb *sql.DB
	rdb *sql.DB

	mu    sync.Mutex
	actor string

	walMu sync.Mutex // guards inWAL

	schema    int
	createdAt time.Time

	beforeMigrate func(from, to int) (string, error)

	// inWAL: the log has been put in WAL mode for this store's changes.
	inWAL bool
	// rollbackOnClose: Close puts the log back in rollback-journal mode.
	// Only a log opened to write is switched; a file refused on the way
	// in is left as it was.
	rollbackOnClose bool
	// tidyOnClose: this read-only store's SQLite made the -wal and -shm
	// files beside a log left in WAL mode; Close removes them if it can.
	tidyOnClose bool
	notices     []string
}

// Create makes a new, empty log at path. It refuses to touch an existing file.
func Create(path string, opt Options) (*Store, error) {
	if opt.ReadOnly {
		return nil, assurance.Errorf(assurance.EINVALID, "A new log cannot be created read-only")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "%q is not a usable file name", path)
	}
	if err := checkNameLength(abs); err != nil {
		return nil, err
	}
	// O_EXCL makes "refuse if it exists" atomic; 0600 because a log holds
	// sensitive information.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, assurance.WrapError(assurance.EINVALID, err,
				"A file called %q already exists; Guardian never overwrites a file, so choose another name", filepath.Base(abs))
		}
		return nil, assurance.WrapError(assurance.EINVALID, err, "Cannot create the log %q", abs)
	}
	if err := f.Close(); err != nil {
		os.Remove(abs)
		return nil, assurance.WrapError(assurance.EINTERNAL, err, "Cannot create the log %q", abs)
	}
	s, err := open(abs, opt, true)
	if err != nil {
		for _, f := range []string{abs, abs + "-journal", abs + "-wal", abs + "-shm"} {
			os.Remove(f)
		}
		return nil, err
	}
	return s, nil
}

// Open opens an existing log. A file that is not a Guardian log, is damaged,
// or comes from a newer Guardian is refused with ENOTLOG, ECORRUPT or ENEWER
// and left exactly as it was.
func Open(path string, opt Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "%q is not a usable file name", path)
	}
	h, err := checkFile(abs)
	if err != nil {
		return nil, err
	}
	if !opt.ReadOnly {
		if err := checkNameLength(abs); err != nil {
			return nil, err
		}
		// Opening does not write, so a log that cannot be changed where it
		// is (read-only media) is refused now rather than at the first
		// change: every change needs a journal file made beside the log.
		if !folderWritable(filepath.Dir(abs)) {
			return nil, readOnlyMediaError(abs, nil)
		}
	}
	notice, err := setAsideStrayWAL(abs, time.Now())
	if err != nil {
		return nil, err
	}
	if opt.ReadOnly {
		rollBackUnfinished(abs)
	}
	before := noteSidecars(abs)
	s, err := open(abs, opt, false)
	if err != nil {
		s, err = openOnReadOnlyMedia(abs, opt, err)
	}
	if err != nil {
		before.tidy()
		return nil, err
	}
	if notice != "" {
		s.notices = append(s.notices, notice)
	}
	// A log an older Guardian closed in WAL mode: SQLite makes -wal and -shm
	// files to read it, which a read-only connection cannot remove again.
	s.tidyOnClose = opt.ReadOnly && h.wal && !before.wal
	return s, nil
}

// maxNameBytes is the longest log name whose rollback journal,
// "NAME-journal", fits the 255-byte name limit of most file systems: a
// closed log is in rollback mode, and SQLite needs that journal to change it.
const maxNameBytes = 255 - len("-journal")

func checkNameLength(path string) error {
	if name := filepath.Base(path); len(name) > maxNameBytes {
		return assurance.Errorf(assurance.EINVALID,
			"The name %q is too long for Guardian to save changes to the log (%d bytes; at most %d). Give the file a shorter name", name, len(name), maxNameBytes)
	}
	return nil
}

// closeAsLastUser opens and closes the log at path as a writer, so that if
// nobody else has it open SQLite removes its empty -wal and -shm files, as
// the last connection to close does; otherwise they stay for the others.
// The log's header is not changed, nor are its pages unless another program
// left changes in the -wal (which SQLite then copies into the file).
func closeAsLastUser(path string) {
	db, err := sql.Open("sqlite", dsn(path, false, true, time.Millisecond))
	if err != nil {
		return
	}
	defer db.Close()
	var n int
	db.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&n)
}

// rollBackUnfinished undoes the change a crash left unfinished in the
// rollback journal beside the log at path (an attach is written with one),
// as opening the log to write would: SQLite refuses to read the log until
// that is done, and a read-only connection cannot do it. A journal that
// another program is still writing is not left by a crash, and SQLite
// leaves it alone; where the folder cannot be written nothing is done.
func rollBackUnfinished(path string) {
	if st, err := os.Stat(path + "-journal"); err != nil || st.Size() == 0 || !folderWritable(filepath.Dir(path)) {
		return
	}
	closeAsLastUser(path)
}

// toRollback switches a closed log in WAL mode to rollback-journal mode, if
// nobody else has it open; otherwise it stays as it is. It does not wait:
// SQLite refuses at once while another connection has the log open.
func toRollback(path string) {
	db, err := sql.Open("sqlite", dsn(path, false, true, time.Millisecond))
	if err != nil {
		return
	}
	defer db.Close()
	db.Exec(`PRAGMA journal_mode = DELETE`)
}

func open(path string, opt Options, create bool) (_ *Store, err error) {
	s := &Store{path: path, readOnly: opt.ReadOnly, cat: opt.Catalogue, actor: opt.Actor, beforeMigrate: opt.BeforeMigrate}
	openHere.add(path, 1)
	s.counted = true
	if s.actor == "" {
		s.actor = assurance.DefaultActor()
	}
	busy := opt.BusyTimeout
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	rdsn := dsn(path, opt.ReadOnly, false, busy)
	if opt.immutable {
		rdsn += "&immutable=1"
	}
	if s.rdb, err = sql.Open("sqlite", rdsn); err != nil {
		return nil, assurance.WrapError(assurance.EINTERNAL, err, "Cannot open the log %q", path)
	}
	s.rdb.SetMaxOpenConns(4)
	s.rdb.SetMaxIdleConns(readConns)
	if !opt.ReadOnly {
		if s.wdb, err = sql.Open("sqlite", dsn(path, false, true, busy)); err != nil {
			return nil, assurance.WrapError(assurance.EINTERNAL, err, "Cannot open the log %q", path)
		}
		s.wdb.SetMaxOpenConns(1)
	}
	ctx := context.Background()
	// The page size can only be chosen before the file has its first page.
	if create {
		if _, err := s.wdb.ExecContext(ctx, fmt.Sprintf(`PRAGMA page_size = %d`, newLogPageSize)); err != nil {
			return nil, dbError(err, "Cannot create %q", s.name())
		}
	}
	if err := s.migrate(ctx, create); err != nil {
		return nil, err
	}
	var created string
	if err := s.rdb.QueryRowContext(ctx, `SELECT created_at FROM log_info WHERE id = 1`).Scan(&created); err != nil {
		return nil, dbError(err, "Cannot read the log %q", filepath.Base(path))
	}
	s.createdAt, _ = time.Parse(time.RFC3339Nano, created)
	if err := s.loadFrameworks(ctx); err != nil {
		return nil, err
	}
	s.rollbackOnClose = !opt.ReadOnly
	return s, nil
}

// newLogPageSize is the page size of new logs. 16 KiB pages store a 256 KiB
// evidence chunk in 16 pages rather than SQLite's default 64, for less CPU
// per byte attached; 64 KiB pages attached more slowly (docs/performance.md).
// A variable only so that bench_test.go can measure other sizes.
var newLogPageSize = 16384

// dsn builds a modernc.org/sqlite URI for path. writer connections take the
// write lock when a transaction begins (_txlock=immediate), so two programs
// changing one log wait on busy_timeout instead of failing at commit.
func dsn(path string, readOnly, writer bool, busy time.Duration) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x becomes /C:/x, as SQLite's URIs want on Windows
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	// SQLite's default page cache (2 MiB a connection): 16 MiB listed a
	// 10,000-question log no faster (the OS caches the file too) but added
	// 27 MB to the memory a board-paper export of it takes.
	q.Add("_pragma", "cache_size(-2048)")
	switch {
	case readOnly:
		q.Set("mode", "ro")
		q.Add("_pragma", "query_only(1)")
	case writer:
		q.Set("mode", "rw")
		// EXTRA is FULL plus a sync of the folder once the rollback journal
		// is deleted: in rollback mode (an attach, see useRollback) that
		// deletion is the commit, and FULL alone could lose a reported
		// change to a power cut. In WAL mode EXTRA and FULL are the same.
		q.Add("_pragma", "synchronous(EXTRA)")
		// Keep a leftover -wal file small after a big evidence import.
		q.Add("_pragma", "journal_size_limit(67108864)")
		q.Set("_txlock", "immediate")
	default:
		q.Set("mode", "rw")
		q.Add("_pragma", "query_only(1)")
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	return u.String()
}

// SetActor sets the name changes are recorded under in the audit log.
func (s *Store) SetActor(name string) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = assurance.DefaultActor()
	}
	s.mu.Lock()
	s.actor = name
	s.mu.Unlock()
}

func (s *Store) currentActor() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actor
}

// Info describes the open log.
func (s *Store) Info() assurance.LogInfo {
	return assurance.LogInfo{Path: s.path, SchemaVersion: s.schema, CreatedAt: s.createdAt, ReadOnly: s.readOnly,
		Notices: append([]string(nil), s.notices...)}
}

// Close closes the log. The writer closes last: it checkpoints the WAL back
// into the file, removes it and puts the log back in rollback-journal mode,
// so a closed log has no -wal file that could be lost or mixed up. While
// another program still has the log open SQLite refuses the switch; the log
// then stays in WAL mode, with its -wal, for the last one to close it.
func (s *Store) Close() error {
	var errs []error
	if s.counted {
		defer openHere.add(s.path, -1) // once SQLite has let go of it
		s.counted = false
	}
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
		s.rdb = nil
	}
	if s.wdb != nil {
		left := true
		if s.rollbackOnClose {
			var err error
			left, err = s.leaveWAL()
			errs = append(errs, err)
		}
		errs = append(errs, s.wdb.Close())
		s.wdb = nil
		if !left {
			// The other program may have closed meanwhile, refused by this
			// one: one more try now that this store's connection is gone.
			toRollback(s.path)
		}
	}
	if s.tidyOnClose {
		s.tidyOnClose = false
		closeAsLastUser(s.path)
	}
	if err := errors.Join(errs...); err != nil {
		return dbError(err, "Cannot close the log %q", filepath.Base(s.path))
	}
	return nil
}

// useWAL puts the log in WAL mode before this store's first change, so that
// reads (the app's, or another program's) carry on while it writes. Only a
// change switches it: opening a log and closing it again leaves the file
// byte-identical. If another program is reading the log in rollback mode
// SQLite refuses the switch; the change is then written with a rollback
// journal, which is as safe, and the next change tries again.
func (s *Store) useWAL(ctx context.Context) {
	s.walMu.Lock()
	defer s.walMu.Unlock()
	if s.inWAL {
		return
	}
	var mode string
	if err := s.wdb.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err == nil && mode == "wal" {
		s.inWAL = true
	}
}

// readConns is how many idle connections the read pool keeps (database/sql's default).
const readConns = 2

// useRollback puts the log back in rollback-journal mode before a large
// write, if nobody else has it open. With the rollback journal, the pages a
// write adds at the end of the file are written once and need no journal
// copy; in WAL mode every page is written to the -wal and then again into
// the file. While such a write is under way, reads wait for it (this
// store's and other programs', up to the busy timeout), as they would for
// any change in rollback mode.
// If another program has the log open, SQLite refuses the switch at once
// and the write goes through the WAL as usual.
func (s *Store) useRollback(context.Context) {
	s.walMu.Lock()
	defer s.walMu.Unlock()
	if !s.inWAL {
		return
	}
	// This store's own idle readers hold the log open in WAL mode too.
	s.rdb.SetMaxIdleConns(0)
	defer s.rdb.SetMaxIdleConns(readConns)
	if left, _ := s.leaveWAL(); left {
		s.inWAL = false
	}
}

// leaveWAL switches the log back to rollback-journal mode, and reports
// whether it is. SQLite checkpoints and removes the -wal file before it
// marks the header, so a crash part way leaves a log that is recovered like
// any other.
func (s *Store) leaveWAL() (bool, error) {
	_, err := s.wdb.ExecContext(context.Background(), `PRAGMA journal_mode = DELETE`)
	if busy(err) {
		return false, nil // another program has it open: the last to close switches
	}
	return err == nil, err
}
