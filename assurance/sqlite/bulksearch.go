package sqlite

import (
	"context"

	"github.com/nhsguardian/guardian/assurance"
)

// An import writes thousands of questions in one transaction. The search
// triggers (0001_initial.sql) index each row as it is written, and every
// statement that fires one opens a statement journal, at which FTS5 flushes
// its pending index to disk as a new segment and merges segments: for a
// 10,000-row import, most of the time it took. So the first imported
// question of a batch drops the two insert triggers and notes where the
// new rows start; before the batch commits, the new rows are indexed in
// one statement each and the triggers are put back from their own SQL. If
// the batch fails, the rollback restores the triggers with everything else.
//
// An import also spares two statements a row: the question numbers are
// counted in memory from the log's counter and the counter written back
// before commit, and an imported row's actions take the reference of the
// question just created rather than reading it back; the current
// reporting period is read once, not once a question.

// searchInsertTriggers are the triggers an import defers; a batch of
// answers from a workbook defers searchUpdateTrigger the same way.
var searchInsertTriggers = []string{"questions_search_insert", "actions_search_insert"}

const searchUpdateTrigger = "questions_search_update"

// bulkSearch is a batch's deferred indexing.
type bulkSearch struct {
	firstQuestion, firstAction int64
	triggers                   []string // the SQL that made the dropped triggers
	nextSeq                    int64    // the next question number; 0 until read
	lastID                     int64    // the question created last, and its reference
	lastRef                    string
	period                     *assurance.Period // the current period, once periodRead
	periodRead                 bool
	updates                    bool    // the question update trigger is deferred
	updated                    []int64 // questions changed since
}

// currentPeriod returns the latest period started, or nil if there is none.
func (w *writer) currentPeriod(ctx context.Context) (*assurance.Period, error) {
	b := w.bulk
	if b == nil {
		return currentPeriod(ctx, w.tx)
	}
	if !b.periodRead {
		p, err := currentPeriod(ctx, w.tx)
		if err != nil {
			return nil, err
		}
		b.period, b.periodRead = p, true
	}
	return b.period, nil
}

// forgetPeriod is called before a period is started or closed.
func (w *writer) forgetPeriod() {
	if w.bulk != nil {
		w.bulk.periodRead = false
	}
}

// nextQuestionSeq gives out the next question number.
func (w *writer) nextQuestionSeq(ctx context.Context) (int64, error) {
	b := w.bulk
	if b == nil {
		var seq int64
		err := w.tx.QueryRowContext(ctx,
			`UPDATE log_info SET next_question = next_question + 1 WHERE id = 1 RETURNING next_question - 1`).Scan(&seq)
		return seq, err
	}
	if b.nextSeq == 0 {
		if err := w.tx.QueryRowContext(ctx, `SELECT next_question FROM log_info WHERE id = 1`).Scan(&b.nextSeq); err != nil {
			return 0, err
		}
	}
	b.nextSeq++
	return b.nextSeq - 1, nil
}

// createdRef returns the reference of the question an action is added to.
func (w *writer) createdRef(ctx context.Context, questionID int64) (string, error) {
	if b := w.bulk; b != nil && b.lastID == questionID {
		return b.lastRef, nil
	}
	return w.questionRef(ctx, questionID)
}

// deferSearch starts deferred indexing for the rest of the batch.
func (w *writer) deferSearch(ctx context.Context) error {
	if w.bulk != nil && w.bulk.firstQuestion != 0 {
		return nil
	}
	if w.bulk == nil {
		w.bulk = &bulkSearch{}
	}
	b := w.bulk
	err := w.tx.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM questions), (SELECT COALESCE(MAX(id), 0) + 1 FROM actions)`).
		Scan(&b.firstQuestion, &b.firstAction)
	if err != nil {
		return dbError(err, "Cannot prepare the import")
	}
	for _, name := range searchInsertTriggers {
		if err := w.dropTrigger(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// deferSearchUpdates starts deferred indexing of changed questions for the
// rest of the batch: answers from a workbook change a thousand at a time.
func (w *writer) deferSearchUpdates(ctx context.Context) error {
	if w.bulk == nil {
		w.bulk = &bulkSearch{}
	}
	if w.bulk.updates {
		return nil
	}
	w.bulk.updates = true
	return w.dropTrigger(ctx, searchUpdateTrigger)
}

// dropTrigger drops a search trigger for the rest of the batch, keeping
// the SQL that puts it back.
func (w *writer) dropTrigger(ctx context.Context, name string) error {
	var def string
	if err := w.tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, name).Scan(&def); err != nil {
		return dbError(err, "Cannot prepare the import")
	}
	if _, err := w.tx.ExecContext(ctx, `DROP TRIGGER `+name); err != nil {
		return dbError(err, "Cannot prepare the import")
	}
	w.bulk.triggers = append(w.bulk.triggers, def)
	return nil
}

// searchUpdated notes a question changed while its trigger is deferred.
func (w *writer) searchUpdated(id int64) {
	if w.bulk != nil && w.bulk.updates {
		w.bulk.updated = append(w.bulk.updated, id)
	}
}

// finishSearch indexes the rows written since deferSearch, as the dropped
// triggers would have (the rowid is the object's id * 8 + its field), and
// puts the triggers back.
func (w *writer) finishSearch(ctx context.Context) error {
	b := w.bulk
	if b == nil {
		return nil
	}
	w.bulk = nil
	if b.nextSeq != 0 {
		if _, err := w.tx.ExecContext(ctx, `UPDATE log_info SET next_question = ? WHERE id = 1`, b.nextSeq); err != nil {
			return dbError(err, "Cannot save the imported questions' numbers")
		}
	}
	if b.firstQuestion != 0 {
		_, err := w.tx.ExecContext(ctx, `INSERT OR REPLACE INTO search (rowid, body, question_id)
		SELECT id * 8, text, id FROM questions WHERE id >= ?1
		UNION ALL SELECT id * 8 + 1, response, id FROM questions WHERE id >= ?1
		UNION ALL SELECT id * 8 + 2, comment, id FROM questions WHERE id >= ?1
		UNION ALL SELECT id * 8 + 3, text, question_id FROM actions WHERE id >= ?2`, b.firstQuestion, b.firstAction)
		if err != nil {
			return dbError(err, "Cannot index the imported questions for search")
		}
	}
	if len(b.updated) > 0 {
		// As the update trigger would: the question's three rows replaced.
		_, err := w.tx.ExecContext(ctx, `INSERT OR REPLACE INTO search (rowid, body, question_id)
		SELECT id * 8, text, id FROM questions WHERE id IN (SELECT value FROM json_each(?1))
		UNION ALL SELECT id * 8 + 1, response, id FROM questions WHERE id IN (SELECT value FROM json_each(?1))
		UNION ALL SELECT id * 8 + 2, comment, id FROM questions WHERE id IN (SELECT value FROM json_each(?1))`, jsonList(b.updated))
		if err != nil {
			return dbError(err, "Cannot index the changed questions for search")
		}
	}
	for _, def := range b.triggers {
		if _, err := w.tx.ExecContext(ctx, def); err != nil {
			return dbError(err, "Cannot index the imported questions for search")
		}
	}
	return nil
}
