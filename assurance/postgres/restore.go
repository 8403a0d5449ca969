package postgres

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/nhsguardian/guardian/assurance"
)

var _ assurance.Restorer = (*Store)(nil)

// Restore fills this organisation's empty log record by record in one
// transaction (see assurance.Restorer), as guardianctl publish does.
func (s *Store) Restore(ctx context.Context, fn func(w assurance.RecordWriter) error) error {
	return s.batch(ctx, func(w *writer) error {
		var n int64
		if err := w.tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM questions WHERE org_id = $1) +
			(SELECT count(*) FROM meetings WHERE org_id = $1) + (SELECT count(*) FROM audit WHERE org_id = $1)`, s.org).Scan(&n); err != nil {
			return dbError(err, "Cannot read the log of %s", s.orgName)
		}
		if n > 0 {
			return assurance.Errorf(assurance.EINVALID, "The shared log of %s already holds questions, meetings or history; a copy goes only into an empty log", s.orgName)
		}
		r := &restorer{writer: w, blobs: map[string]int64{}}
		if err := w.tx.QueryRow(ctx, `SELECT next_blob FROM organisations WHERE id = $1`, s.org).Scan(&r.nextBlob); err != nil {
			return dbError(err, "Cannot read the log of %s", s.orgName)
		}
		w.queue = &pgx.Batch{}
		if err := fn(r); err != nil {
			return err
		}
		if err := w.flush(ctx); err != nil {
			return dbError(err, "Cannot save the copy")
		}
		// Counters continue after every id and reference put in, including
		// those only the audit log still names.
		_, err := w.tx.Exec(ctx, `UPDATE organisations o SET
			next_meeting = greatest(o.next_meeting, (SELECT coalesce(max(id), 0) + 1 FROM meetings WHERE org_id = $1),
				(SELECT coalesce(max(object_id), 0) + 1 FROM audit WHERE org_id = $1 AND object = 'meeting')),
			next_question = greatest(o.next_question, (SELECT coalesce(max(id), 0) + 1 FROM questions WHERE org_id = $1),
				(SELECT coalesce(max(object_id), 0) + 1 FROM audit WHERE org_id = $1 AND object = 'question')),
			next_ref = greatest(o.next_ref, (SELECT coalesce(max(seq), 0) + 1 FROM questions WHERE org_id = $1),
				(SELECT coalesce(max(substr(ref, 3)::bigint), 0) + 1 FROM audit WHERE org_id = $1 AND ref ~ '^Q-[0-9]{1,18}$')),
			next_action = greatest(o.next_action, (SELECT coalesce(max(id), 0) + 1 FROM actions WHERE org_id = $1),
				(SELECT coalesce(max(object_id), 0) + 1 FROM audit WHERE org_id = $1 AND object = 'action')),
			next_evidence = greatest(o.next_evidence, (SELECT coalesce(max(id), 0) + 1 FROM evidence WHERE org_id = $1),
				(SELECT coalesce(max(object_id), 0) + 1 FROM audit WHERE org_id = $1 AND object = 'evidence')),
			next_blob = greatest(o.next_blob, (SELECT coalesce(max(id), 0) + 1 FROM blobs WHERE org_id = $1)),
			next_audit = greatest(o.next_audit, (SELECT coalesce(max(id), 0) + 1 FROM audit WHERE org_id = $1))
			WHERE o.id = $1`, s.org)
		return dbError(err, "Cannot save the copy")
	})
}

// restorer puts records in as they are, inside Restore's transaction,
// queued and sent many at a time.
type restorer struct {
	*writer
	nextBlob int64
	blobs    map[string]int64 // stored bytes by SHA-256, to store each once
}

func (r *restorer) PutSettings(ctx context.Context, st assurance.Settings) error {
	err := r.exec(ctx, `UPDATE organisations SET organisation = $2, guardian = $3, security_marking = $4 WHERE id = $1`,
		r.s.org, st.Organisation, st.Guardian, st.SecurityMarking)
	return dbError(err, "Cannot save the settings")
}

func (r *restorer) PutMeeting(ctx context.Context, m *assurance.Meeting) error {
	return r.insertMeeting(ctx, m)
}

func (r *restorer) PutQuestion(ctx context.Context, q *assurance.Question) error {
	seq, err := assurance.ParseRef(q.Ref)
	if err != nil {
		return err
	}
	return r.insertQuestion(ctx, q, seq)
}

func (r *restorer) PutAction(ctx context.Context, a *assurance.Action) error {
	return r.insertAction(ctx, a)
}

// PutEvidence stores e's bytes under the hash e records, checking that they
// come out with it; bytes already copied for another item are read (so
// their hash is checked) but stored once.
func (r *restorer) PutEvidence(ctx context.Context, e *assurance.Evidence, rd io.Reader) error {
	blobID, seen := r.blobs[e.SHA256]
	var size int64
	var sum string
	var err error
	if seen {
		h := sha256.New()
		size, err = io.Copy(h, rd)
		sum = hex.EncodeToString(h.Sum(nil))
	} else {
		blobID = r.nextBlob
		r.nextBlob++
		if err := r.exec(ctx, `INSERT INTO blobs (org_id, id, sha256, size, chunk_size, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			r.s.org, blobID, e.SHA256, e.Size, assurance.ChunkSize, now()); err != nil {
			return dbError(err, "Cannot copy %q on %s", e.Name, e.QuestionRef)
		}
		size, sum, _, err = assurance.StoreChunks(rd, func(seq int, data []byte) error {
			r.queuedBytes += len(data)
			return r.exec(ctx, `INSERT INTO blob_chunks (org_id, blob_id, seq, data) VALUES ($1, $2, $3, $4)`,
				r.s.org, blobID, seq, bytes.Clone(data)) // the buffer is reused for the next part
		})
		r.blobs[e.SHA256] = blobID
	}
	if err != nil {
		return dbError(err, "Cannot copy %q on %s", e.Name, e.QuestionRef)
	}
	if err := e.CheckArrived(sum, size); err != nil {
		return err
	}
	return r.insertEvidence(ctx, e, blobID)
}

func (r *restorer) PutAudit(ctx context.Context, e *assurance.AuditEntry) error {
	err := r.exec(ctx, `INSERT INTO audit (org_id, id, at, actor, action, object, object_id, question_id, ref, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		r.s.org, e.ID, e.At, e.Actor, e.Action, e.Object, e.ObjectID, e.QuestionID, e.Ref, e.Before, e.After)
	return dbError(err, "Cannot copy the audit log")
}

func (r *restorer) PutPeriod(ctx context.Context, p *assurance.Period, answers []*assurance.PeriodAnswer, maturity []*assurance.AreaMaturity) error {
	if err := r.exec(ctx, `INSERT INTO periods (org_id, id, name, cadence, starts_on, ends_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.s.org, p.ID, p.Name, p.Cadence, dateArg(p.StartsOn), dateArg(p.EndsOn), p.CreatedAt); err != nil {
		return dbError(err, "Cannot copy the period %q", p.Name)
	}
	for _, a := range answers {
		if err := r.exec(ctx, `INSERT INTO question_period_answers
			(org_id, question_id, period_id, response, responded_on, level, comment, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			r.s.org, a.QuestionID, p.ID, a.Response, dateArg(a.RespondedOn), a.Level, a.Comment, a.UpdatedAt); err != nil {
			return dbError(err, "Cannot copy the answers of the period %q", p.Name)
		}
	}
	for _, m := range maturity {
		m := *m
		m.PeriodID = p.ID
		if err := r.putMaturity(ctx, &m); err != nil {
			return err
		}
	}
	if !p.Closed() {
		return nil
	}
	// Queued after the answers, so it reaches the server after them.
	err := r.exec(ctx, `UPDATE periods SET closed_at = $3, closed_by = $4 WHERE org_id = $1 AND id = $2`, r.s.org, p.ID, p.ClosedAt, p.ClosedBy)
	return dbError(err, "Cannot copy the period %q", p.Name)
}
