package sqlite

import (
	"context"
	"database/sql"
)

// stmtTx is a transaction that prepares each distinct statement once. A
// bulk change (an import of thousands of rows) runs the same few
// statements thousands of times, and preparing one costs about as much as
// running it. The statements close with the transaction.
type stmtTx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

// maxStmts bounds the cache; the writer's statements are a few dozen.
const maxStmts = 128

func newStmtTx(tx *sql.Tx) *stmtTx { return &stmtTx{Tx: tx, stmts: map[string]*sql.Stmt{}} }

func (t *stmtTx) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := t.stmts[query]; st != nil {
		return st, nil
	}
	st, err := t.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if len(t.stmts) < maxStmts {
		t.stmts[query] = st
	}
	return st, nil
}

func (t *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *stmtTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (t *stmtTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.prepared(ctx, query)
	if err != nil {
		// sql.Row carries its error to Scan; a failed prepare is reported there.
		return t.Tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
