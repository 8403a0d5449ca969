package sqlite

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// Migrations are numbered NNNN_name.sql and applied in order, each in its own
// transaction with its record in schema_migrations and PRAGMA user_version,
// so a log is always at exactly one known version. Never edit a released
// migration: add the next number.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		panic(err)
	}
	return ms
}

func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %04d_%s is out of sequence: expected %04d", m.version, m.name, i+1)
		}
	}
	return ms, nil
}

// latestVersion is the schema version this build writes.
func latestVersion() int { return migrations[len(migrations)-1].version }

// migrate brings the log up to latestVersion.
func (s *Store) migrate(ctx context.Context, create bool) error {
	db := s.wdb
	if db == nil {
		db = s.rdb
	}
	name := s.name()
	var appID, version int
	if err := db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return dbError(err, "Cannot open %q", name)
	}
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return dbError(err, "Cannot open %q", name)
	}
	switch {
	case !create && appID != ApplicationID:
		return assurance.Errorf(assurance.ENOTLOG, "%q is a database, but not a Guardian log", name)
	case version > latestVersion():
		return assurance.Errorf(assurance.ENEWER, "%q was saved by a newer version of Guardian; update Guardian to open it", name)
	case version == latestVersion():
		s.schema = version
		return nil
	case s.readOnly:
		return assurance.Errorf(assurance.EREADONLY,
			"%q was saved by an older version of Guardian and must be upgraded before it can be read; open it once without read-only", name)
	}
	if !create && s.beforeMigrate != nil {
		if err := s.backupBeforeMigrate(ctx, version); err != nil {
			return err
		}
	}
	for _, m := range migrations[version:] {
		if err := s.apply(ctx, m); err != nil {
			return err
		}
	}
	s.schema = latestVersion()
	return nil
}

// apply runs one migration in one transaction.
func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err, "Cannot upgrade %q", s.name())
	}
	defer tx.Rollback()
	// Another program may have upgraded the log while this one waited for the lock.
	var current int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&current); err != nil {
		return dbError(err, "Cannot upgrade %q", s.name())
	}
	if current >= m.version {
		return nil
	}
	now := timeText(time.Now())
	steps := []step{
		{`CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TEXT NOT NULL)`, nil},
		{m.sql, nil},
		{`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, []any{m.version, m.name, now}},
	}
	if m.version == 1 {
		steps = append(steps,
			step{fmt.Sprintf(`PRAGMA application_id = %d`, ApplicationID), nil},
			step{`INSERT INTO log_info (id, created_at) VALUES (1, ?)`, []any{now}})
	}
	steps = append(steps, step{fmt.Sprintf(`PRAGMA user_version = %d`, m.version), nil})
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.sql, st.args...); err != nil {
			return dbError(err, "Cannot upgrade %q to log format %d (%s)", s.name(), m.version, m.name)
		}
	}
	if err := tx.Commit(); err != nil {
		return dbError(err, "Cannot upgrade %q to log format %d (%s)", s.name(), m.version, m.name)
	}
	return nil
}

type step struct {
	sql  string
	args []any
}

// backupBeforeMigrate keeps a copy of the log as it is before an upgrade, so
// that a failed or unwanted upgrade can be undone by restoring it.
func (s *Store) backupBeforeMigrate(ctx context.Context, from int) error {
	dest, err := s.beforeMigrate(from, latestVersion())
	if err != nil {
		return fmt.Errorf("keep a copy of %q before upgrading it: %w", s.name(), err)
	}
	if err := s.Backup(ctx, dest); err != nil {
		return fmt.Errorf("keep a copy of %q before upgrading it (the log was not changed): %w", s.name(), err)
	}
	return nil
}
