package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/nhsguardian/guardian/assurance"
)

const evidenceSelect = `SELECT e.id, e.question_id, e.name, e.media_type, e.size, e.sha256, e.description,
	e.added_at, e.added_by, q.ref
FROM evidence e JOIN questions q ON q.org_id = e.org_id AND q.id = e.question_id
WHERE e.org_id = $1`

func scanEvidence(r scanner) (*assurance.Evidence, error) {
	e := &assurance.Evidence{}
	err := r.Scan(&e.ID, &e.QuestionID, &e.Name, &e.MediaType, &e.Size, &e.SHA256, &e.Description, &e.AddedAt, &e.AddedBy, &e.QuestionRef)
	e.AddedAt = e.AddedAt.UTC()
	return e, err
}

func (s *Store) getEvidence(ctx context.Context, db querier, id int64) (*assurance.Evidence, error) {
	e, err := scanEvidence(db.QueryRow(ctx, evidenceSelect+` AND e.id = $2`, s.org, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("evidence %d", id))
	}
	return e, nil
}

// listEvidence returns the evidence on a question, or on every question for 0.
func (s *Store) listEvidence(ctx context.Context, db querier, questionID int64) ([]*assurance.Evidence, error) {
	if questionID != 0 {
		return queryAll(ctx, db, scanEvidence, "the evidence list", evidenceSelect+` AND e.question_id = $2 ORDER BY e.id`, s.org, questionID)
	}
	return queryAll(ctx, db, scanEvidence, "the evidence list", evidenceSelect+` ORDER BY e.question_id, e.id`, s.org)
}

// Evidence returns the evidence item with the given id.
func (s *Store) Evidence(ctx context.Context, id int64) (*assurance.Evidence, error) {
	return s.getEvidence(ctx, s.pool, id)
}

// EvidenceList returns the evidence on a question, or on every question for 0.
func (s *Store) EvidenceList(ctx context.Context, questionID int64) ([]*assurance.Evidence, error) {
	return s.listEvidence(ctx, s.pool, questionID)
}

// AttachEvidence streams r into the log as evidence on e.QuestionID, hashing
// it as it is stored; identical content already in this organisation's log
// is shared rather than stored twice.
func (w *writer) AttachEvidence(ctx context.Context, e *assurance.Evidence, r io.Reader) error {
	if err := w.check(); err != nil {
		return err
	}
	e.Name, e.Description = assurance.EvidenceName(e.Name), strings.TrimSpace(e.Description)
	if err := e.Validate(); err != nil {
		return err
	}
	ref, err := w.questionRef(ctx, e.QuestionID)
	if err != nil {
		return err
	}
	blobID, size, sum, head, err := w.storeBlob(ctx, r)
	if err != nil {
		return dbError(err, "Cannot attach %q to %s", e.Name, ref)
	}
	id, err := w.next(ctx, nextEvidence)
	if err != nil {
		return err
	}
	e.ID, e.MediaType, e.Size, e.SHA256, e.AddedAt, e.AddedBy, e.QuestionRef = id, assurance.SniffMediaType(head, e.Name), size, sum, now(), w.actor, ref
	if err := w.insertEvidence(ctx, e, blobID); err != nil {
		return err
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectEvidence, e.ID, e.QuestionID, ref, nil, e)
}

func (w *writer) insertEvidence(ctx context.Context, e *assurance.Evidence, blobID int64) error {
	err := w.exec(ctx, `INSERT INTO evidence (org_id, id, question_id, blob_id, name, media_type, size, sha256, description, added_at, added_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		w.s.org, e.ID, e.QuestionID, blobID, e.Name, e.MediaType, e.Size, e.SHA256, e.Description, e.AddedAt, e.AddedBy)
	return dbError(err, "Cannot attach %q", e.Name)
}

// storeBlob copies r into a new blob chunk by chunk, then keeps it under its
// SHA-256, or drops it in favour of an identical blob already stored. It
// returns the blob's id, size, hash and first bytes (for sniffing).
func (w *writer) storeBlob(ctx context.Context, r io.Reader) (id, size int64, sum string, head []byte, err error) {
	if id, err = w.next(ctx, nextBlob); err != nil {
		return 0, 0, "", nil, err
	}
	// The hash is known only at the end: the blob starts under a name no
	// hash can have.
	if _, err := w.tx.Exec(ctx, `INSERT INTO blobs (org_id, id, sha256, size, chunk_size, created_at) VALUES ($1, $2, $3, 0, $4, $5)`,
		w.s.org, id, fmt.Sprintf("pending-%d", id), assurance.ChunkSize, now()); err != nil {
		return 0, 0, "", nil, err
	}
	size, sum, head, err = assurance.StoreChunks(r, func(seq int, data []byte) error {
		_, err := w.tx.Exec(ctx, `INSERT INTO blob_chunks (org_id, blob_id, seq, data) VALUES ($1, $2, $3, $4)`, w.s.org, id, seq, data)
		return err
	})
	if err != nil {
		return 0, 0, "", nil, err
	}
	var existing int64
	switch err := w.tx.QueryRow(ctx, `SELECT id FROM blobs WHERE org_id = $1 AND sha256 = $2`, w.s.org, sum).Scan(&existing); {
	case err == nil:
		if _, err := w.tx.Exec(ctx, `DELETE FROM blobs WHERE org_id = $1 AND id = $2`, w.s.org, id); err != nil {
			return 0, 0, "", nil, err
		}
		return existing, size, sum, head, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return 0, 0, "", nil, err
	}
	if _, err := w.tx.Exec(ctx, `UPDATE blobs SET sha256 = $3, size = $4 WHERE org_id = $1 AND id = $2`, w.s.org, id, sum, size); err != nil {
		return 0, 0, "", nil, err
	}
	return id, size, sum, head, nil
}

// UpdateEvidence saves a new description; nothing else about evidence changes.
func (w *writer) UpdateEvidence(ctx context.Context, e *assurance.Evidence) error {
	if err := w.check(); err != nil {
		return err
	}
	old, err := w.s.getEvidence(ctx, w.tx, e.ID)
	if err != nil {
		return err
	}
	updated := *old
	updated.Description = strings.TrimSpace(e.Description)
	if err := updated.Validate(); err != nil {
		return err
	}
	if updated.Description == old.Description {
		*e = updated // unchanged: no audit entry
		return nil
	}
	if _, err := w.tx.Exec(ctx, `UPDATE evidence SET description = $3 WHERE org_id = $1 AND id = $2`, w.s.org, e.ID, updated.Description); err != nil {
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
	old, err := w.s.getEvidence(ctx, w.tx, id)
	if err != nil {
		return err
	}
	fail := func(err error) error { return dbError(err, "Cannot remove %q from %s", old.Name, old.QuestionRef) }
	var blobID int64
	if err := w.tx.QueryRow(ctx, `DELETE FROM evidence WHERE org_id = $1 AND id = $2 RETURNING blob_id`, w.s.org, id).Scan(&blobID); err != nil {
		return fail(err)
	}
	if _, err := w.tx.Exec(ctx, `DELETE FROM blobs b WHERE b.org_id = $1 AND b.id = $2
		AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.org_id = b.org_id AND e.blob_id = b.id)`, w.s.org, blobID); err != nil {
		return fail(err)
	}
	return w.audit(ctx, assurance.AuditDelete, assurance.ObjectEvidence, id, old.QuestionID, old.QuestionRef, old, nil)
}

// AttachEvidence streams r into the log as evidence.
func (s *Store) AttachEvidence(ctx context.Context, e *assurance.Evidence, r io.Reader) error {
	return change(s, ctx, e, func(w *writer) error { return w.AttachEvidence(ctx, e, r) })
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
// the bytes no longer match.
func (s *Store) OpenEvidence(ctx context.Context, id int64) (io.ReadCloser, error) {
	e, err := s.getEvidence(ctx, s.pool, id)
	if err != nil {
		return nil, err
	}
	return s.openBlob(ctx, e)
}

func (s *Store) openBlob(ctx context.Context, e *assurance.Evidence) (io.ReadCloser, error) {
	var blobID int64
	if err := s.pool.QueryRow(ctx, `SELECT blob_id FROM evidence WHERE org_id = $1 AND id = $2`, s.org, e.ID).Scan(&blobID); err != nil {
		return nil, notFound(err, fmt.Sprintf("evidence %d", e.ID))
	}
	// One query per part, so no connection or transaction is held while the
	// caller writes the bytes out. Parts never change once stored (a trigger
	// refuses), so separate queries read one file.
	next := func(ctx context.Context, seq int64) ([]byte, error) {
		var data []byte
		err := s.pool.QueryRow(ctx, `SELECT data FROM blob_chunks WHERE org_id = $1 AND blob_id = $2 AND seq = $3`, s.org, blobID, seq).Scan(&data)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, assurance.ErrNoChunk
		}
		return data, err
	}
	return assurance.NewEvidenceReader(ctx, e, next, func(err error) error { return dbError(err, "Cannot read %q", e.Name) }), nil
}

// StreamEvidence reads the evidence files in list in one pass over the
// stored bytes, by blob and part (the primary key's order), with every
// file's size and SHA-256 checked (assurance.EvidenceStreamer). It reads in
// one read-only snapshot, so a change made meanwhile is not half seen.
func (s *Store) StreamEvidence(ctx context.Context, list []*assurance.Evidence, fn func(assurance.EvidencePart) error) error {
	fail := func(err error) error { return dbError(err, "Cannot read the evidence files") }
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	blobOf := make(map[int64]int64, len(list))
	var blobs []int64
	rows, err := tx.Query(ctx, `SELECT id, blob_id FROM evidence WHERE org_id = $1 AND id = ANY($2)`, s.org, ids)
	if err != nil {
		return fail(err)
	}
	var id, blob int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &blob}, func() error {
		blobOf[id] = blob
		blobs = append(blobs, blob)
		return nil
	}); err != nil {
		return fail(err)
	}
	parts := func(yield func(assurance.StoredPart) error) error {
		rows, err := tx.Query(ctx, `SELECT blob_id, seq, data FROM blob_chunks
			WHERE org_id = $1 AND blob_id = ANY($2) ORDER BY blob_id, seq`, s.org, blobs)
		if err != nil {
			return fail(err)
		}
		defer rows.Close()
		return assurance.YieldParts(rows, yield, fail)
	}
	return assurance.CheckStoredParts(ctx, list, blobOf, parts, fn)
}
