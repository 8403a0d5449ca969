package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/nhsguardian/guardian/assurance"
)

// attachPlan holds the choices that make attaching a large file fast; they
// are variables only so that bench_test.go can measure what each one gives
// (docs/performance.md has the figures). Stored chunks record their size, so
// logs written with any chunk size read back the same way.
var attachPlan = struct {
	// chunk is how evidence bytes are cut up: small enough that a file of
	// any size streams through a few fixed buffers, large enough that SQLite
	// does little work per byte. 1 MiB and 4 MiB chunks cost more CPU per
	// byte than 256 KiB ones (each chunk is copied into memory SQLite
	// allocates for it).
	chunk int
	// readAhead reads and hashes the next chunk in another goroutine while
	// SQLite stores this one.
	readAhead bool
	// rollback writes an attach with the rollback journal (see
	// Store.attachBatch), so its bytes reach the disk once, not twice.
	rollback bool
}{chunk: 256 << 10, readAhead: true, rollback: true}

const evidenceSelect = `SELECT e.id, e.question_id, e.name, e.media_type, e.size, e.sha256, e.description,
	e.added_at, e.added_by, q.ref
FROM evidence e JOIN questions q ON q.id = e.question_id`

func scanEvidence(r scanner) (*assurance.Evidence, error) {
	e := &assurance.Evidence{}
	err := r.Scan(&e.ID, &e.QuestionID, &e.Name, &e.MediaType, &e.Size, &e.SHA256, &e.Description,
		timeCol{&e.AddedAt}, &e.AddedBy, &e.QuestionRef)
	return e, err
}

func getEvidence(ctx context.Context, db querier, id int64) (*assurance.Evidence, error) {
	e, err := scanEvidence(db.QueryRowContext(ctx, evidenceSelect+` WHERE e.id = ?`, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("evidence %d", id))
	}
	return e, nil
}

// listEvidence returns the evidence on a question, or on every question for 0.
func listEvidence(ctx context.Context, db querier, questionID int64) ([]*assurance.Evidence, error) {
	query, args := evidenceSelect+` ORDER BY e.question_id, e.id`, []any(nil)
	if questionID != 0 {
		query, args = evidenceSelect+` WHERE e.question_id = ? ORDER BY e.id`, []any{questionID}
	}
	return queryAll(ctx, db, scanEvidence, "the evidence list", query, args...)
}

// Evidence returns the evidence item with the given id.
func (s *Store) Evidence(ctx context.Context, id int64) (*assurance.Evidence, error) {
	return getEvidence(ctx, s.rdb, id)
}

// EvidenceList returns the evidence on a question, or on every question for 0.
func (s *Store) EvidenceList(ctx context.Context, questionID int64) ([]*assurance.Evidence, error) {
	return listEvidence(ctx, s.rdb, questionID)
}

// AttachEvidence streams r into the log as evidence on e.QuestionID. The
// bytes are hashed as they are stored; if the log already holds identical
// content, the new copy is dropped and the stored one shared. An empty file
// is accepted: it is evidence that a file was empty.
func (w *writer) AttachEvidence(ctx context.Context, e *assurance.Evidence, r io.Reader) error {
	if err := w.check(); err != nil {
		return err
	}
	e.Name, e.Description = assurance.EvidenceName(e.Name), trimSpace(e.Description)
	if err := e.Validate(); err != nil {
		return err
	}
	ref, err := w.questionRef(ctx, e.QuestionID)
	if err != nil {
		return err
	}
	fail := func(err error) error { return dbError(err, "Cannot attach %q to %s", e.Name, ref) }
	blobID, size, sum, head, err := w.storeBlob(ctx, r)
	if err != nil {
		if ae := (*assurance.Error)(nil); !errors.As(err, &ae) {
			return fail(err)
		}
		return err
	}
	t := now()
	e.ID, e.MediaType, e.Size, e.SHA256, e.AddedAt, e.AddedBy, e.QuestionRef = 0, assurance.SniffMediaType(head, e.Name), size, sum, t, w.actor, ref
	res, err := w.tx.ExecContext(ctx, `INSERT INTO evidence (question_id, blob_id, name, media_type, size, sha256, description, added_at, added_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.QuestionID, blobID, e.Name, e.MediaType, e.Size, e.SHA256, e.Description, timeText(t), e.AddedBy)
	if err != nil {
		return fail(err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return fail(err)
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectEvidence, e.ID, e.QuestionID, ref, nil, e)
}

// storeBlob copies r into a new blob chunk by chunk, then keeps it under its
// SHA-256, or drops it in favour of an identical blob already stored. It
// returns the blob's id, size, hash and first bytes (for sniffing).
func (w *writer) storeBlob(ctx context.Context, r io.Reader) (id, size int64, sum string, head []byte, err error) {
	// The hash is only known at the end, so the blob starts under a unique
	// placeholder name.
	var nonce [12]byte
	rand.Read(nonce[:])
	res, err := w.tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, chunk_size, created_at) VALUES (?, 0, ?, ?)`,
		"pending-"+hex.EncodeToString(nonce[:]), attachPlan.chunk, timeText(now()))
	if err != nil {
		return 0, 0, "", nil, err
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, 0, "", nil, err
	}
	ins, err := w.tx.PrepareContext(ctx, `INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)`)
	if err != nil {
		return 0, 0, "", nil, err
	}
	defer ins.Close()
	size, sum, head, err = assurance.StoreChunksOf(r, attachPlan.chunk, attachPlan.readAhead, func(seq int, data []byte) error {
		_, err := ins.ExecContext(ctx, id, seq, data)
		return err
	})
	if err != nil {
		return 0, 0, "", nil, err
	}
	var existing int64
	switch err := w.tx.QueryRowContext(ctx, `SELECT id FROM blobs WHERE sha256 = ?`, sum).Scan(&existing); {
	case err == nil:
		if _, err := w.tx.ExecContext(ctx, `DELETE FROM blobs WHERE id = ?`, id); err != nil {
			return 0, 0, "", nil, err
		}
		return existing, size, sum, head, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, 0, "", nil, err
	}
	if _, err := w.tx.ExecContext(ctx, `UPDATE blobs SET sha256 = ?, size = ? WHERE id = ?`, sum, size, id); err != nil {
		return 0, 0, "", nil, err
	}
	return id, size, sum, head, nil
}

// UpdateEvidence saves a new description; nothing else about evidence changes.
func (w *writer) UpdateEvidence(ctx context.Context, e *assurance.Evidence) error {
	if err := w.check(); err != nil {
		return err
	}
	old, err := getEvidence(ctx, w.tx, e.ID)
	if err != nil {
		return err
	}
	updated := *old
	updated.Description = trimSpace(e.Description)
	if err := updated.Validate(); err != nil {
		return err
	}
	if updated.Description == old.Description {
		*e = updated // unchanged: no audit entry
		return nil
	}
	if _, err := w.tx.ExecContext(ctx, `UPDATE evidence SET description = ? WHERE id = ?`, updated.Description, e.ID); err != nil {
		return dbError(err, "Cannot save the description of %q", old.Name)
	}
	*e = updated
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectEvidence, e.ID, e.QuestionID, e.QuestionRef,
		old, e)
}

// RemoveEvidence removes an evidence item, and its stored bytes when no
// other evidence shares them.
func (w *writer) RemoveEvidence(ctx context.Context, id int64) error {
	if err := w.check(); err != nil {
		return err
	}
	old, err := getEvidence(ctx, w.tx, id)
	if err != nil {
		return err
	}
	fail := func(err error) error { return dbError(err, "Cannot remove %q from %s", old.Name, old.QuestionRef) }
	var blobID int64
	if err := w.tx.QueryRowContext(ctx, `DELETE FROM evidence WHERE id = ? RETURNING blob_id`, id).Scan(&blobID); err != nil {
		return fail(err)
	}
	if _, err := w.tx.ExecContext(ctx,
		`DELETE FROM blobs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM evidence WHERE blob_id = ?)`, blobID, blobID); err != nil {
		return fail(err)
	}
	return w.audit(ctx, assurance.AuditDelete, assurance.ObjectEvidence, id, old.QuestionID, old.QuestionRef, old, nil)
}

// AttachEvidence streams r into the log as evidence.
func (s *Store) AttachEvidence(ctx context.Context, e *assurance.Evidence, r io.Reader) error {
	return changeIn(s.attachBatch, ctx, e, func(w *writer) error { return w.AttachEvidence(ctx, e, r) })
}

// UpdateEvidence saves a new description of evidence.
func (s *Store) UpdateEvidence(ctx context.Context, e *assurance.Evidence) error {
	return change(s, ctx, e, func(w *writer) error { return w.UpdateEvidence(ctx, e) })
}

// RemoveEvidence removes an evidence item.
func (s *Store) RemoveEvidence(ctx context.Context, id int64) error {
	return s.batch(ctx, func(w *writer) error { return w.RemoveEvidence(ctx, id) })
}

// OpenEvidence streams an evidence file's bytes. The stream checks the
// SHA-256 as it goes and ends with an ECORRUPT error instead of io.EOF if
// the bytes no longer match, so a damaged file is never silently extracted.
func (s *Store) OpenEvidence(ctx context.Context, id int64) (io.ReadCloser, error) {
	e, err := getEvidence(ctx, s.rdb, id)
	if err != nil {
		return nil, err
	}
	return s.openBlob(ctx, e)
}

func (s *Store) openBlob(ctx context.Context, e *assurance.Evidence) (io.ReadCloser, error) {
	var blobID int64
	if err := s.rdb.QueryRowContext(ctx, `SELECT blob_id FROM evidence WHERE id = ?`, e.ID).Scan(&blobID); err != nil {
		return nil, notFound(err, fmt.Sprintf("evidence %d", e.ID))
	}
	// One query per chunk, so no transaction is held open while the caller
	// writes the bytes out. Chunks never change once stored, so reading
	// them in separate queries is consistent.
	next := func(ctx context.Context, seq int64) ([]byte, error) {
		var data []byte
		err := s.rdb.QueryRowContext(ctx, `SELECT data FROM blob_chunks WHERE blob_id = ? AND seq = ?`, blobID, seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, assurance.ErrNoChunk
		}
		return data, err
	}
	return assurance.NewEvidenceReader(ctx, e, next, func(err error) error { return dbError(err, "Cannot read %q", e.Name) }), nil
}

// StreamEvidence reads the evidence files in list in one pass over the
// stored bytes, in the order they are stored, with every file's size and
// SHA-256 checked (assurance.EvidenceStreamer). It reads inside one read
// transaction, so a change made meanwhile is not half seen.
func (s *Store) StreamEvidence(ctx context.Context, list []*assurance.Evidence, fn func(assurance.EvidencePart) error) error {
	fail := func(err error) error { return dbError(err, "Cannot read the evidence files") }
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	blobOf := make(map[int64]int64, len(list))
	rows, err := tx.QueryContext(ctx, `SELECT id, blob_id FROM evidence WHERE id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	if err != nil {
		return fail(err)
	}
	var blobs []int64
	for rows.Next() {
		var id, blob int64
		if err := rows.Scan(&id, &blob); err != nil {
			rows.Close()
			return fail(err)
		}
		blobOf[id] = blob
		blobs = append(blobs, blob)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	// By blob and part: the primary key's order, which is also the order
	// the parts were written in, so the file is read front to back.
	parts := func(yield func(assurance.StoredPart) error) error {
		rows, err := tx.QueryContext(ctx, `SELECT blob_id, seq, data FROM blob_chunks
			WHERE blob_id IN (SELECT value FROM json_each(?)) ORDER BY blob_id, seq`, jsonList(blobs))
		if err != nil {
			return fail(err)
		}
		defer rows.Close()
		return assurance.YieldParts(rawPartRows{rows}, yield, fail)
	}
	return assurance.CheckStoredParts(ctx, list, blobOf, parts, fn)
}

// rawPartRows reads each part's bytes as sql.RawBytes, without the copy
// database/sql makes for a []byte: StoredPart.Data need only last until
// the next row, and the copy is as many bytes again as the files hold.
type rawPartRows struct{ *sql.Rows }

func (r rawPartRows) Scan(dest ...any) error {
	var raw sql.RawBytes
	if err := r.Rows.Scan(dest[0], dest[1], &raw); err != nil {
		return err
	}
	*dest[2].(*[]byte) = raw
	return nil
}
