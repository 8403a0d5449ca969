package postgres

import (
	"context"
	"fmt"
	"io"

	"github.com/nhsguardian/guardian/assurance"
)

// VerifyEvidence re-reads an evidence file and recomputes its SHA-256,
// returning ECORRUPT, naming the file, if it no longer matches.
func (s *Store) VerifyEvidence(ctx context.Context, id int64) error {
	e, err := s.getEvidence(ctx, s.pool, id)
	if err != nil {
		return err
	}
	return s.verify(ctx, e)
}

func (s *Store) verify(ctx context.Context, e *assurance.Evidence) error {
	r, err := s.openBlob(ctx, e)
	if err != nil {
		return err
	}
	defer r.Close()
	if _, err := io.Copy(io.Discard, r); err != nil {
		return fmt.Errorf("verify evidence %q: %w", e.Name, err)
	}
	return nil
}

// consistency are the checks a shared log's rows must pass beyond what its
// constraints already enforce; each query returns one line per problem.
var consistency = []string{
	// Stored bytes whose parts do not add up to the recorded size, or
	// whose parts are not numbered 0, 1, 2, ... without gaps.
	`SELECT format('stored file %s: %s bytes in %s parts, recorded as %s bytes', b.id, coalesce(sum(length(c.data)), 0), count(c.seq), b.size)
	FROM blobs b LEFT JOIN blob_chunks c ON c.org_id = b.org_id AND c.blob_id = b.id
	WHERE b.org_id = $1 GROUP BY b.id, b.size
	HAVING coalesce(sum(length(c.data)), 0) <> b.size OR coalesce(max(c.seq) + 1, 0) <> count(c.seq)`,
	// Evidence whose recorded hash or size is not its stored bytes'.
	`SELECT format('evidence %s (%s) records a different hash or size from its stored bytes', e.id, e.name)
	FROM evidence e JOIN blobs b ON b.org_id = e.org_id AND b.id = e.blob_id
	WHERE e.org_id = $1 AND (e.sha256 <> b.sha256 OR e.size <> b.size)`,
	// Bytes left half stored by an attach that never finished.
	`SELECT format('stored file %s was never finished', id) FROM blobs WHERE org_id = $1 AND sha256 LIKE 'pending-%'`,
	// Counters behind what they have given out would hand an id out twice.
	`SELECT 'the log''s counters are behind its contents' FROM organisations o WHERE o.id = $1 AND (
		o.next_question <= (SELECT coalesce(max(id), 0) FROM questions WHERE org_id = $1) OR
		o.next_ref <= (SELECT coalesce(max(seq), 0) FROM questions WHERE org_id = $1) OR
		o.next_audit <= (SELECT coalesce(max(id), 0) FROM audit WHERE org_id = $1))`,
}

// Check runs the shared log's consistency checks over this organisation's
// rows (the server looks after its own storage) and verifies every evidence
// file against its SHA-256, reading bytes shared by several items once.
func (s *Store) Check(ctx context.Context) (*assurance.CheckReport, error) {
	rep := &assurance.CheckReport{}
	for _, q := range consistency {
		lines, err := queryAll(ctx, s.pool, func(r scanner) (string, error) {
			var line string
			return line, r.Scan(&line)
		}, "the log", q, s.org)
		if err != nil {
			return nil, dbError(err, "Cannot check the log")
		}
		rep.Integrity = append(rep.Integrity, lines...)
	}
	evidence, err := s.listEvidence(ctx, s.pool, 0)
	if err != nil {
		return nil, err
	}
	if err := assurance.VerifyAll(ctx, evidence, func(e *assurance.Evidence) error { return s.verify(ctx, e) }, rep); err != nil {
		return nil, err
	}
	return rep, nil
}
