package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nhsguardian/guardian/assurance"
)

var _ assurance.Watcher = (*Store)(nil)

// channel is the LISTEN channel the database notifies on when the
// organisation's log changes (migration 0004).
func (s *Store) channel() string { return "guardian_log_" + strconv.FormatInt(s.org, 10) }

// Watch listens for changes to the organisation's log on a connection of
// its own, outside the pool, and calls changed after each one committed
// by another connection. Changes made through this Store's own
// connections (their server process ids are recorded as they connect) are
// not reported: the window that made them already shows them.
func (s *Store) Watch(ctx context.Context, changed func()) error {
	conn, err := s.listen(ctx)
	if err != nil {
		return err
	}
	go func() {
		for {
			n, err := conn.WaitForNotification(ctx)
			if err == nil {
				if _, own := s.pids.Load(n.PID); !own {
					changed()
				}
				continue
			}
			conn.Close(context.Background())
			if ctx.Err() != nil {
				return
			}
			// The connection was lost (the server restarted, the network
			// dropped): listen again, then report a change, since any made
			// meanwhile went unheard.
			for conn == nil || conn.IsClosed() {
				select {
				case <-ctx.Done():
					return
				case <-time.After(5 * time.Second):
				}
				conn, _ = s.listen(ctx)
			}
			changed()
		}
	}()
	return nil
}

// listen takes a connection out of the pool and listens on it.
func (s *Store) listen(ctx context.Context) (*pgx.Conn, error) {
	pc, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, connectError(err, s.where)
	}
	conn := pc.Hijack()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel()}.Sanitize()); err != nil {
		conn.Close(context.Background())
		return nil, dbError(err, "Cannot watch the shared log at %s for changes", s.where)
	}
	return conn, nil
}

// recordPIDs makes the pool record the server process id of each
// connection it opens, so Watch can tell this Store's changes from others'.
func (s *Store) recordPIDs(cfg *pgxpool.Config) {
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		s.pids.Store(c.PgConn().PID(), true)
		return nil
	}
}
