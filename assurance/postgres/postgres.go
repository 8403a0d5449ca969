// Package postgres keeps assurance logs in a shared PostgreSQL database:
// several organisations' logs side by side, each person reaching only the
// organisations they are members of. It is the second implementation of
// assurance.Store, passing the same conformance suite (assurance/storetest)
// as a log file.
//
// Who may see what is enforced by PostgreSQL's row-level security on every
// table, keyed on the database login, so that a person's own hand-written
// SQL cannot reach another organisation's rows. Guardian refuses to run as
// a superuser or as the tables' owner: those roles bypass the policies.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nhsguardian/guardian/assurance"
)

var _ assurance.Store = (*Store)(nil)

// Schema is the PostgreSQL schema Guardian's tables live in.
const Schema = "guardian"

// Options tune how a shared log is opened.
type Options struct {
	// Organisation is the name of the organisation whose log to open.
	Organisation string
	ReadOnly     bool
	// Catalogue, if set, is used to check that questions name a real area.
	Catalogue *assurance.Catalogue
	// Actor is the name changes are recorded under; default the OS user.
	Actor string
	// MaxConns bounds this program's connections; default 4.
	MaxConns int32
	// Location, if set, is how messages name the database, in place of
	// its address: the app's words for a connection profile's server.
	Location string
	// Password, if set, is used instead of any in the address or the
	// password file: the app has it from the user or the system's
	// credential store, and never puts it in an address.
	Password string
}

// Store is one organisation's log in a shared database.
type Store struct {
	pool     *pgxpool.Pool
	org      int64
	orgName  string
	where    string // the database, for messages: Options.Location, or the address without any password
	addr     string // the address without any password, for Info
	readOnly bool
	cat      *assurance.Catalogue

	mu    sync.Mutex
	actor string

	schema    int
	createdAt time.Time

	// pids are the server process ids of this Store's own connections (watch.go).
	pids sync.Map
}

// IsURL reports whether a log location is a PostgreSQL connection URL rather
// than a file path.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// connConfig parses a connection URL for Guardian: TLS with full
// verification unless the server is on this machine or the URL says
// otherwise, Guardian's schema first on the search path, and read-only
// transactions for a read-only session.
func connConfig(rawURL string, readOnly bool, maxConns int32) (*pgxpool.Config, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || !IsURL(rawURL) {
		return nil, "", assurance.Errorf(assurance.EINVALID, "%q is not a PostgreSQL address: it should look like postgres://name@server/database", redact(rawURL))
	}
	q := u.Query()
	if q.Get("sslmode") == "" && !localHost(u) {
		q.Set("sslmode", "verify-full")
		u.RawQuery = q.Encode()
	}
	cfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		return nil, "", assurance.WrapError(assurance.EINVALID, err, "%q is not a usable PostgreSQL address", redact(rawURL))
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = Schema
	cfg.ConnConfig.RuntimeParams["application_name"] = "guardian"
	if readOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	if maxConns <= 0 {
		maxConns = 4
	}
	cfg.MaxConns = maxConns
	return cfg, redact(rawURL), nil
}

// localHost reports whether u names a server on this machine: a Unix socket
// or the loopback address, where TLS adds nothing.
func localHost(u *url.URL) bool {
	h := u.Hostname()
	if hq := u.Query().Get("host"); hq != "" {
		h = hq
	}
	if h == "" || strings.HasPrefix(h, "/") || h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// redact drops the password from a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the address given"
	}
	if _, has := u.User.Password(); has {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// Open opens an organisation's log in the shared database at rawURL.
func Open(ctx context.Context, rawURL string, opt Options) (_ *Store, err error) {
	name := strings.TrimSpace(opt.Organisation)
	if name == "" {
		return nil, assurance.Errorf(assurance.EINVALID, "Say which organisation's log to open in the shared database")
	}
	cfg, where, err := connConfig(rawURL, opt.ReadOnly, opt.MaxConns)
	if err != nil {
		return nil, err
	}
	if opt.Password != "" {
		cfg.ConnConfig.Password = opt.Password
	}
	addr := where
	if opt.Location != "" {
		where = opt.Location
	}
	s := &Store{orgName: name, where: where, addr: addr, readOnly: opt.ReadOnly, cat: opt.Catalogue, actor: opt.Actor}
	s.recordPIDs(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, connectError(err, where)
	}
	s.pool = pool
	defer func() {
		if err != nil {
			pool.Close()
		}
	}()
	if s.actor == "" {
		s.actor = assurance.DefaultActor()
	}
	if err := pool.Ping(ctx); err != nil {
		return nil, connectError(err, where)
	}
	if s.schema, err = schemaVersion(ctx, pool, where); err != nil {
		return nil, err
	}
	if err := s.checkRole(ctx); err != nil {
		return nil, err
	}
	if s.schema < latestVersion() {
		return nil, assurance.Errorf(assurance.EINVALID,
			"The shared log at %s needs upgrading (format %d, this Guardian uses %d): ask your IT team to run \"guardianctl shared setup\" with the owner's account",
			where, s.schema, latestVersion())
	}
	err = pool.QueryRow(ctx, `SELECT id, created_at FROM organisations WHERE name = $1`, name).Scan(&s.org, &s.createdAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, assurance.Errorf(assurance.ENOTFOUND,
			"You have no access to the organisation %q in the shared log at %s (or it does not exist). Ask your IT team to add you", name, where)
	}
	if err != nil {
		return nil, dbError(err, "Cannot open the shared log at %s", where)
	}
	return s, nil
}

// checkRole refuses roles that row-level security does not bind: a
// superuser, or a member of the role that owns the tables.
func (s *Store) checkRole(ctx context.Context) error {
	var super, owner bool
	err := s.pool.QueryRow(ctx, `SELECT r.rolsuper OR r.rolbypassrls, coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false)
		FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('guardian.questions')
		WHERE r.rolname = current_user`).Scan(&super, &owner)
	if err != nil {
		return dbError(err, "Cannot open the shared log at %s", s.where)
	}
	if super || owner {
		return assurance.Errorf(assurance.EINVALID,
			"Guardian will not use the shared log at %s as a superuser or as the owner of its tables, which are not bound by the access rules. Connect with your own account", s.where)
	}
	return nil
}

// connectError turns a failure to connect into plain words.
func connectError(err error, where string) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01":
			return &assurance.Error{Code: assurance.EINVALID, Err: err,
				Message: fmt.Sprintf("The password for %s was not accepted", where),
				Fields:  map[string]string{FieldPassword: "Wrong password."}}
		case "28000", "42501": // no pg_hba entry; no CONNECT right on the database
			return assurance.WrapError(assurance.ENOTFOUND, err, "Your account may not connect to the shared log at %s. Ask your IT team for access", where)
		case "3D000":
			return assurance.WrapError(assurance.ENOTLOG, err, "There is no such database at %s", where)
		case "53300":
			return assurance.WrapError(assurance.ELOCKED, err, "The shared log at %s has too many people connected. Try again in a minute", where)
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return assurance.WrapError(assurance.EINTERNAL, err, "Connecting to %s was cancelled", where)
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &oe) || errors.As(err, &ne) || strings.Contains(err.Error(), "dial") {
		return assurance.WrapError(assurance.EINTERNAL, err,
			"The server for the shared log at %s cannot be reached. Check your network connection, or ask your IT team whether it is running", where)
	}
	if strings.Contains(err.Error(), "tls") || strings.Contains(err.Error(), "x509") {
		return assurance.WrapError(assurance.EINTERNAL, err,
			"The server at %s could not prove who it is (its certificate was not accepted), so Guardian did not send it anything. Ask your IT team", where)
	}
	return dbError(err, "Cannot connect to %s", where)
}

// FieldPassword is the field a wrong password is reported against.
const FieldPassword = "password"

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

// Info describes the open log. Path is the database's address (without any
// password) followed by the organisation.
func (s *Store) Info() assurance.LogInfo {
	return assurance.LogInfo{Path: s.addr + "#" + s.orgName, SchemaVersion: s.schema, CreatedAt: s.createdAt, ReadOnly: s.readOnly}
}

// Organisation is the name of the organisation whose log this is.
func (s *Store) Organisation() string { return s.orgName }

// Close closes the connections.
func (s *Store) Close() error {
	if s.pool != nil {
		s.pool.Close()
		s.pool = nil
	}
	return nil
}

// Backup is not how a shared log is kept safe: the database is backed up
// as a whole by its administrators (pg_dump), and an offline copy for one
// person is made with guardianctl pull.
func (s *Store) Backup(ctx context.Context, dest string) error {
	return assurance.Errorf(assurance.EINVALID,
		"A shared log is backed up by your IT team with the database's own tools. To take an offline copy, use \"guardianctl pull\"")
}
