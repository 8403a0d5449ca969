package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/nhsguardian/guardian/assurance"
)

var _ assurance.YearStore = (*Store)(nil)

const requestSelect = `SELECT r.id, r.question_id, r.asked_of, r.what, r.kind, r.requested_on, r.due_on, r.state,
	r.received_on, coalesce(r.evidence_id, 0), r.version, r.created_at, r.updated_at, q.ref
	FROM evidence_requests r JOIN questions q ON q.id = r.question_id`

func scanRequest(s scanner) (*assurance.EvidenceRequest, error) {
	r := &assurance.EvidenceRequest{}
	err := s.Scan(&r.ID, &r.QuestionID, &r.From, &r.What, &r.Kind, dateCol{&r.RequestedOn}, dateCol{&r.DueOn}, &r.State,
		dateCol{&r.ReceivedOn}, &r.EvidenceID, &r.Version, timeCol{&r.CreatedAt}, timeCol{&r.UpdatedAt}, &r.QuestionRef)
	return r, err
}

func getRequest(ctx context.Context, db querier, id int64) (*assurance.EvidenceRequest, error) {
	r, err := scanRequest(db.QueryRowContext(ctx, requestSelect+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("evidence request %d", id))
	}
	return r, nil
}

// EvidenceRequests returns the requests f selects, soonest due first (those
// with no due date last).
func (s *Store) EvidenceRequests(ctx context.Context, f assurance.RequestFilter) ([]*assurance.EvidenceRequest, error) {
	all, err := queryAll(ctx, s.rdb, scanRequest, "the evidence requests",
		requestSelect+` ORDER BY r.due_on = '', r.due_on, q.ref, r.id`)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, r := range all {
		if f.Match(r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// requestRecord is a request as the audit log keeps it.
type requestRecord struct {
	*assurance.EvidenceRequest
	QuestionRef *struct{} `json:"QuestionRef,omitempty"`
}

func (w *writer) prepareRequest(ctx context.Context, r *assurance.EvidenceRequest) (string, error) {
	if err := w.check(); err != nil {
		return "", err
	}
	r.Normalise()
	if r.RequestedOn.IsZero() {
		r.RequestedOn = assurance.Today()
	}
	if r.State == assurance.RequestReceived && r.ReceivedOn.IsZero() {
		r.ReceivedOn = assurance.Today()
	}
	if err := r.Validate(); err != nil {
		return "", err
	}
	ref, err := w.questionRef(ctx, r.QuestionID)
	if err != nil {
		return "", err
	}
	if r.EvidenceID != 0 {
		var qid int64
		err := w.tx.QueryRowContext(ctx, `SELECT question_id FROM evidence WHERE id = ?`, r.EvidenceID).Scan(&qid)
		if err != nil {
			return "", notFound(err, fmt.Sprintf("evidence %d", r.EvidenceID))
		}
		if qid != r.QuestionID {
			return "", assurance.Errorf(assurance.EINVALID, "Evidence %d is attached to another question, so it cannot satisfy a request on %s", r.EvidenceID, ref)
		}
	}
	r.QuestionRef = ref
	return ref, nil
}

func (w *writer) createRequest(ctx context.Context, r *assurance.EvidenceRequest) error {
	ref, err := w.prepareRequest(ctx, r)
	if err != nil {
		return err
	}
	t := now()
	r.Version, r.CreatedAt, r.UpdatedAt = 1, t, t
	res, err := w.tx.ExecContext(ctx, `INSERT INTO evidence_requests (question_id, asked_of, what, kind, requested_on, due_on,
		state, received_on, evidence_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.QuestionID, r.From, r.What, r.Kind, dateText(r.RequestedOn), dateText(r.DueOn), r.State, dateText(r.ReceivedOn),
		nullID(r.EvidenceID), r.Version, timeText(t), timeText(t))
	if err != nil {
		return dbError(err, "Cannot save the evidence request on %s", ref)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return dbError(err, "Cannot save the evidence request on %s", ref)
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectRequest, r.ID, r.QuestionID, ref, nil, requestRecord{EvidenceRequest: r})
}

func (w *writer) updateRequest(ctx context.Context, r *assurance.EvidenceRequest) error {
	ref, err := w.prepareRequest(ctx, r)
	if err != nil {
		return err
	}
	old, err := getRequest(ctx, w.tx, r.ID)
	if err != nil {
		return err
	}
	if old.Version != r.Version {
		return conflict("The evidence request on "+ref, old.UpdatedAt)
	}
	if old.QuestionID != r.QuestionID {
		return assurance.Errorf(assurance.EINVALID, "An evidence request cannot be moved to another question; add a new one there instead")
	}
	t := now()
	if _, err := w.tx.ExecContext(ctx, `UPDATE evidence_requests SET asked_of = ?, what = ?, kind = ?, requested_on = ?, due_on = ?,
		state = ?, received_on = ?, evidence_id = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		r.From, r.What, r.Kind, dateText(r.RequestedOn), dateText(r.DueOn), r.State, dateText(r.ReceivedOn),
		nullID(r.EvidenceID), timeText(t), r.ID); err != nil {
		return dbError(err, "Cannot save the evidence request on %s", ref)
	}
	r.Version, r.CreatedAt, r.UpdatedAt = old.Version+1, old.CreatedAt, t
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectRequest, r.ID, r.QuestionID, ref,
		requestRecord{EvidenceRequest: old}, requestRecord{EvidenceRequest: r})
}

// CreateEvidenceRequest saves a new request for evidence on a question. A
// request with no date requested is dated today.
func (s *Store) CreateEvidenceRequest(ctx context.Context, r *assurance.EvidenceRequest) error {
	return change(s, ctx, r, func(w *writer) error { return w.createRequest(ctx, r) })
}

// UpdateEvidenceRequest saves changes to a request.
func (s *Store) UpdateEvidenceRequest(ctx context.Context, r *assurance.EvidenceRequest) error {
	return change(s, ctx, r, func(w *writer) error { return w.updateRequest(ctx, r) })
}

// ReceiveEvidence marks a request received on a date, satisfied by an
// evidence item on the same question (or none for 0).
func (s *Store) ReceiveEvidence(ctx context.Context, requestID, evidenceID int64, on assurance.Date) error {
	return s.batch(ctx, func(w *writer) error {
		r, err := getRequest(ctx, w.tx, requestID)
		if err != nil {
			return err
		}
		r.State, r.EvidenceID, r.ReceivedOn = assurance.RequestReceived, evidenceID, on
		return w.updateRequest(ctx, r)
	})
}

// DeleteEvidenceRequest deletes a request.
func (s *Store) DeleteEvidenceRequest(ctx context.Context, id int64) error {
	return s.batch(ctx, func(w *writer) error {
		if err := w.check(); err != nil {
			return err
		}
		old, err := getRequest(ctx, w.tx, id)
		if err != nil {
			return err
		}
		if _, err := w.tx.ExecContext(ctx, `DELETE FROM evidence_requests WHERE id = ?`, id); err != nil {
			return dbError(err, "Cannot delete the evidence request on %s", old.QuestionRef)
		}
		return w.audit(ctx, assurance.AuditDelete, assurance.ObjectRequest, id, old.QuestionID, old.QuestionRef, requestRecord{EvidenceRequest: old}, nil)
	})
}

// EvidenceKindsOf maps evidence ids to their kind.
func (s *Store) EvidenceKindsOf(ctx context.Context) (map[int64]string, error) {
	return idMap(ctx, s.rdb, "the kinds of evidence", `SELECT evidence_id, kind FROM evidence_kinds`)
}

func idMap(ctx context.Context, db querier, what, query string) (map[int64]string, error) {
	type pair struct {
		id int64
		v  string
	}
	rows, err := queryAll(ctx, db, func(s scanner) (pair, error) {
		var p pair
		return p, s.Scan(&p.id, &p.v)
	}, what, query)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(rows))
	for _, p := range rows {
		out[p.id] = p.v
	}
	return out, nil
}

// SetEvidenceKind sets the kind of an evidence item; "" clears it.
func (s *Store) SetEvidenceKind(ctx context.Context, evidenceID int64, kind string) error {
	kind = trimSpace(kind)
	if p := assurance.CheckText(kind, assurance.MaxLine, false); p != "" {
		return assurance.Errorf(assurance.EINVALID, "The kind of evidence %s", p)
	}
	return s.batch(ctx, func(w *writer) error {
		ev, err := getEvidence(ctx, w.tx, evidenceID)
		if err != nil {
			return err
		}
		var old string
		err = w.tx.QueryRowContext(ctx, `SELECT kind FROM evidence_kinds WHERE evidence_id = ?`, evidenceID).Scan(&old)
		if err != nil && err != sql.ErrNoRows {
			return dbError(err, "Cannot read the kind of evidence %d", evidenceID)
		}
		if old == kind {
			return nil
		}
		q := `INSERT INTO evidence_kinds (evidence_id, kind) VALUES (?, ?) ON CONFLICT (evidence_id) DO UPDATE SET kind = excluded.kind`
		args := []any{evidenceID, kind}
		if kind == "" {
			q, args = `DELETE FROM evidence_kinds WHERE evidence_id = ?`, []any{evidenceID}
		}
		if _, err := w.tx.ExecContext(ctx, q, args...); err != nil {
			return dbError(err, "Cannot save the kind of evidence %d", evidenceID)
		}
		ref, err := w.questionRef(ctx, ev.QuestionID)
		if err != nil {
			return err
		}
		return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectKind, evidenceID, ev.QuestionID, ref,
			assurance.LabelRecord(nonEmpty(old)), assurance.LabelRecord(nonEmpty(kind)))
	})
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// QuestionTags maps question ids to their tags, each list sorted.
func (s *Store) QuestionTags(ctx context.Context) (map[int64][]string, error) {
	type pair struct {
		id  int64
		tag string
	}
	rows, err := queryAll(ctx, s.rdb, func(s scanner) (pair, error) {
		var p pair
		return p, s.Scan(&p.id, &p.tag)
	}, "the question tags", `SELECT question_id, tag FROM question_tags ORDER BY question_id, tag`)
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for _, p := range rows {
		out[p.id] = append(out[p.id], p.tag)
	}
	return out, nil
}

// SetQuestionTags replaces a question's tags.
func (s *Store) SetQuestionTags(ctx context.Context, questionID int64, tags []string) error {
	clean := map[string]bool{}
	for _, t := range tags {
		t = trimSpace(t)
		if t == "" {
			continue
		}
		if p := assurance.CheckText(t, assurance.MaxLine, false); p != "" {
			return assurance.Errorf(assurance.EINVALID, "The tag %q %s", t, p)
		}
		clean[t] = true
	}
	next := make([]string, 0, len(clean))
	for t := range clean {
		next = append(next, t)
	}
	sort.Strings(next)
	return s.batch(ctx, func(w *writer) error {
		ref, err := w.questionRef(ctx, questionID)
		if err != nil {
			return err
		}
		old, err := queryAll(ctx, w.tx, func(s scanner) (string, error) {
			var t string
			return t, s.Scan(&t)
		}, "the question tags", `SELECT tag FROM question_tags WHERE question_id = ? ORDER BY tag`, questionID)
		if err != nil {
			return err
		}
		if fmt.Sprint(old) == fmt.Sprint(next) {
			return nil
		}
		if _, err := w.tx.ExecContext(ctx, `DELETE FROM question_tags WHERE question_id = ?`, questionID); err != nil {
			return dbError(err, "Cannot save the tags of %s", ref)
		}
		for _, t := range next {
			if _, err := w.tx.ExecContext(ctx, `INSERT INTO question_tags (question_id, tag) VALUES (?, ?)`, questionID, t); err != nil {
				return dbError(err, "Cannot save the tags of %s", ref)
			}
		}
		return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectTags, questionID, questionID, ref,
			assurance.LabelRecord(old), assurance.LabelRecord(next))
	})
}
