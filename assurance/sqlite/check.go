package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/internal/safefile"
)

// VerifyEvidence re-reads an evidence file and recomputes its SHA-256,
// returning ECORRUPT, naming the file, if it no longer matches.
func (s *Store) VerifyEvidence(ctx context.Context, id int64) error {
	e, err := getEvidence(ctx, s.rdb, id)
	if err != nil {
		return err
	}
	_, err = s.verify(ctx, e)
	return err
}

// verify streams e's bytes through its hash check and returns how many bytes it read.
func (s *Store) verify(ctx context.Context, e *assurance.Evidence) (int64, error) {
	r, err := s.openBlob(ctx, e)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return n, fmt.Errorf("verify evidence %q: %w", e.Name, err)
	}
	return n, nil
}

// Check runs SQLite's integrity and foreign-key checks over the whole file
// and verifies every evidence file against its SHA-256. Stored bytes shared
// by several evidence items are read once.
func (s *Store) Check(ctx context.Context) (*assurance.CheckReport, error) {
	rep := &assurance.CheckReport{}
	for _, pragma := range []string{`PRAGMA integrity_check`, `PRAGMA foreign_key_check`} {
		problems, err := s.pragmaProblems(ctx, pragma)
		if err != nil {
			return nil, err
		}
		rep.Integrity = append(rep.Integrity, problems...)
	}
	evidence, err := listEvidence(ctx, s.rdb, 0)
	if err != nil {
		return nil, err
	}
	if err := assurance.VerifyAll(ctx, evidence, func(e *assurance.Evidence) error { _, err := s.verify(ctx, e); return err }, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// pragmaProblems runs a checking pragma and returns each problem it reports
// as a line of text; integrity_check's single "ok" means none.
func (s *Store) pragmaProblems(ctx context.Context, pragma string) ([]string, error) {
	rows, err := s.rdb.QueryContext(ctx, pragma)
	if err != nil {
		return nil, dbError(err, "Cannot check the log")
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, dbError(err, "Cannot check the log")
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, dbError(err, "Cannot check the log")
		}
		line := fmt.Sprint(vals...)
		if len(cols) > 1 {
			line = fmt.Sprintf("foreign key problem: %v", vals)
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, dbError(rows.Err(), "Cannot check the log")
}

// Backup writes a consistent copy of the log to dest while it stays open,
// using VACUUM INTO. The copy is made under a temporary name in dest's
// folder, flushed to disk, and only then renamed to dest, so dest is either
// absent or complete. An existing dest is never overwritten.
func (s *Store) Backup(ctx context.Context, dest string) (err error) {
	abs, err := assurance.NewFilePath(dest, "the backup")
	if err != nil {
		return err
	}
	name := filepath.Base(abs)
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+name+".*.tmp") // 0600
	if err != nil {
		return assurance.WrapError(assurance.EINVALID, err, "Cannot write the backup %q", name)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			os.Remove(tmpPath)
		}
	}()
	// VACUUM INTO writes by name and accepts an empty file, so the 0600 file
	// made (and closed) above keeps its permissions.
	if err := s.vacuumInto(ctx, tmpPath); err != nil {
		return dbError(err, "Cannot write the backup %q", name)
	}
	if err := safefile.SyncFile(tmpPath); err != nil {
		return assurance.WrapError(assurance.EINTERNAL, err, "Cannot write the backup %q", name)
	}
	if _, err := checkFile(tmpPath); err != nil {
		return fmt.Errorf("backup %q: the copy did not come out as a Guardian log: %w", name, err)
	}
	if _, err := assurance.NewFilePath(abs, "the backup"); err != nil {
		return err
	}
	if err := os.Rename(tmpPath, abs); err != nil {
		return assurance.WrapError(assurance.EINTERNAL, err, "Cannot write the backup %q", name)
	}
	_ = safefile.SyncDir(filepath.Dir(abs)) // best effort: a failure here does not undo the rename
	return nil
}

// vacuumInto copies the log to path from a read connection. Those refuse
// every write (query_only), VACUUM INTO included, so the guard is lifted on
// one connection for the copy; the log itself is only read, and in a
// read-only store SQLite opened it read-only anyway.
func (s *Store) vacuumInto(ctx context.Context, path string) (err error) {
	conn, err := s.rdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.Background(), `PRAGMA query_only = 1`); rerr != nil {
			// Never hand a writable connection back to the read pool.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			err = errors.Join(err, rerr)
		}
	}()
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}
