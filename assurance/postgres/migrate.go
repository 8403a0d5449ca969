package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nhsguardian/guardian/assurance"
)

// Migrations are numbered NNNN_name.sql and applied in order, each in its
// own transaction with its record in schema_migrations, by the role that
// owns the tables (Setup), never by Guardian at run time. Never edit a
// released migration: add the next number.
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
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			panic(fmt.Sprintf("migration file %q is not named NNNN_name.sql", e.Name()))
		}
		b, err := fs.ReadFile(migrationFiles, path.Join("migrations", e.Name()))
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			panic(fmt.Sprintf("migration %04d_%s is out of sequence", m.version, m.name))
		}
	}
	return ms
}

func latestVersion() int { return migrations[len(migrations)-1].version }

// schemaVersion reads the database's schema version, refusing a database
// that is not a shared log or was set up by a newer Guardian.
func schemaVersion(ctx context.Context, db querier, where string) (int, error) {
	var v *int
	err := db.QueryRow(ctx, `SELECT max(version) FROM guardian.schema_migrations`).Scan(&v)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "42P01" || pe.Code == "3F000") { // no such table or schema
		return 0, assurance.WrapError(assurance.ENOTLOG, err,
			"The database at %s holds no Guardian shared log. Ask your IT team to set it up (guardianctl shared setup)", where)
	}
	if errors.As(err, &pe) && pe.Code == "42501" { // not a member of guardian_user
		return 0, assurance.WrapError(assurance.ENOTFOUND, err,
			"Your account has no access to the shared log at %s. Ask your IT team to add you", where)
	}
	if err != nil {
		return 0, dbError(err, "Cannot open the shared log at %s", where)
	}
	if v == nil {
		return 0, nil
	}
	if *v > latestVersion() {
		return 0, assurance.Errorf(assurance.ENEWER,
			"The shared log at %s was set up by a newer Guardian (format %d; this one knows up to %d). Install the newer Guardian to open it", where, *v, latestVersion())
	}
	return *v, nil
}

// admin connects as the role that owns (or will own) the tables.
func admin(ctx context.Context, rawURL string) (*pgxpool.Pool, string, error) {
	cfg, where, err := connConfig(rawURL, false, 2)
	if err != nil {
		return nil, "", err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		return nil, "", connectError(err, where)
	}
	return pool, where, nil
}

// Setup creates or upgrades the shared log's tables. It connects as the role
// that is to own them (never a person's own account), which needs the right
// to create roles the first time, for the group role guardian_user.
// It returns the schema version before and after.
func Setup(ctx context.Context, rawURL string) (from, to int, err error) {
	pool, where, err := admin(ctx, rawURL)
	if err != nil {
		return 0, 0, err
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS guardian;
		CREATE TABLE IF NOT EXISTS guardian.schema_migrations (
			version    integer PRIMARY KEY,
			name       text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
		return 0, 0, dbError(err, "Cannot set up the shared log at %s", where)
	}
	if from, err = schemaVersion(ctx, pool, where); err != nil {
		return 0, 0, err
	}
	for _, m := range migrations[from:] {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			// Two set-ups at once take turns.
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(727274)`); err != nil {
				return err
			}
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM guardian.schema_migrations WHERE version = $1)`, m.version).Scan(&done); err != nil || done {
				return err
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO guardian.schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name)
			return err
		})
		if err != nil {
			return from, 0, dbError(err, "Cannot set up the shared log at %s", where)
		}
	}
	return from, latestVersion(), nil
}

// AddOrganisation adds an organisation with an empty log; adding one that
// exists changes nothing. It connects as the tables' owner.
func AddOrganisation(ctx context.Context, rawURL, name string) error {
	name = strings.TrimSpace(name)
	if msg := assurance.CheckText(name, 200, false); name == "" || msg != "" {
		return assurance.Errorf(assurance.EINVALID, "%q is not a usable organisation name", name)
	}
	pool, where, err := admin(ctx, rawURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	_, err = pool.Exec(ctx, `INSERT INTO guardian.organisations (name, organisation) VALUES ($1, $1) ON CONFLICT (name) DO NOTHING`, name)
	return dbError(err, "Cannot add the organisation %q at %s", name, where)
}

// Grant lets the login role use an organisation's log. It connects as the
// tables' owner.
func Grant(ctx context.Context, rawURL, organisation, role string) error {
	pool, where, err := admin(ctx, rawURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO guardian.members (org_id, member)
			SELECT id, $2 FROM guardian.organisations WHERE name = $1 ON CONFLICT DO NOTHING`, organisation, role)
		if err != nil {
			return dbError(err, "Cannot give %s access to %q at %s", role, organisation, where)
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM guardian.organisations WHERE name = $1)`, organisation).Scan(&exists); err != nil || !exists {
				return assurance.Errorf(assurance.ENOTFOUND, "There is no organisation %q in the shared log at %s", organisation, where)
			}
		}
		if _, err := tx.Exec(ctx, `GRANT guardian_user TO `+pgx.Identifier{role}.Sanitize()); err != nil {
			return dbError(err, "Cannot give %s access to %q at %s", role, organisation, where)
		}
		return nil
	})
}
