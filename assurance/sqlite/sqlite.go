// Package sqlite keeps an assurance log in a single SQLite file (a shared
// log in a database is assurance/postgres).
//
// A log is one file a Guardian can copy, email and open offline, so the file
// is guarded on every side: it is recognised by its application id before
// SQLite touches it, upgraded only by recorded migrations, written in WAL
// mode with full syncs, and every change is one transaction with its audit
// entry.
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
	cat      *assurance.Catalogue

	// Writes go through one connection so that changes in this process queue
	// in Go rather than spin on SQLite's lock; reads use their own pool and
	// see the last committed state (WAL).
	wdb *sql.DB
	rdb *sql.DB

	mu    sync.Mutex
	actor string

	schema    int
	createdAt time.Time

	beforeMigrate func(from, to int) (string, error)
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
		os.Remove(abs)
		os.Remove(abs + "-wal")
		os.Remove(abs + "-shm")
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
	if err := checkFile(abs); err != nil {
		return nil, err
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
	return s, nil
}

func open(path string, opt Options, create bool) (_ *Store, err error) {
	s := &Store{path: path, readOnly: opt.ReadOnly, cat: opt.Catalogue, actor: opt.Actor, beforeMigrate: opt.BeforeMigrate}
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
	if !opt.ReadOnly {
		if s.wdb, err = sql.Open("sqlite", dsn(path, false, true, busy)); err != nil {
			return nil, assurance.WrapError(assurance.EINTERNAL, err, "Cannot open the log %q", path)
		}
		s.wdb.SetMaxOpenConns(1)
	}
	ctx := context.Background()
	if !opt.ReadOnly {
		// 16 KiB pages store a 256 KiB evidence chunk in 16 pages rather
		// than 64, for less CPU per byte attached; the size can only be
		// chosen before the file has its first page, and before WAL mode.
		if create {
			if _, err := s.wdb.ExecContext(ctx, `PRAGMA page_size = 16384`); err != nil {
				return nil, dbError(err, "Cannot create %q", s.name())
			}
		}
		// WAL is recorded in the file, so setting it once per open is enough.
		if _, err := s.wdb.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
			return nil, dbError(err, "Cannot open %q", s.name())
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
	return s, nil
}

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
	q.Add("_pragma", "cache_size(-16384)") // 16 MiB, so listing a large log reads the disk once
	switch {
	case readOnly:
		q.Set("mode", "ro")
		q.Add("_pragma", "query_only(1)")
	case writer:
		q.Set("mode", "rw")
		q.Add("_pragma", "synchronous(FULL)")
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
	return assurance.LogInfo{Path: s.path, SchemaVersion: s.schema, CreatedAt: s.createdAt, ReadOnly: s.readOnly}
}

// Close closes the log. The writer closes last so that its connection
// checkpoints the WAL back into the file and removes it.
func (s *Store) Close() error {
	var errs []error
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
		s.rdb = nil
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
		s.wdb = nil
	}
	if err := errors.Join(errs...); err != nil {
		return dbError(err, "Cannot close the log %q", filepath.Base(s.path))
	}
	return nil
}
