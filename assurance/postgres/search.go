package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// tsQuery builds the text-search query for words, whose values go in as
// parameters from $first on: every word must match, by its English stem or
// as written (so stop words such as "and" still count), the last one also as
// a prefix so that results appear while typing. Each word is quoted inside
// to_tsquery, and a word holds only letters, digits and marks, so nothing a
// user types is read as query syntax.
func tsQuery(words []string, first int) (string, []any) {
	var parts []string
	var args []any
	for i, w := range words {
		term := `'` + strings.ReplaceAll(w, `'`, `''`) + `'`
		if i == len(words)-1 {
			term += `:*`
		}
		args = append(args, term)
		n := first + i
		parts = append(parts, fmt.Sprintf(`(to_tsquery('pg_catalog.english', $%d) || to_tsquery('pg_catalog.simple', $%d))`, n, n))
	}
	return strings.Join(parts, ` && `), args
}

// Search finds questions whose text, response, comment, actions or evidence
// names contain the words in text, best match first: ranked by PostgreSQL's
// ts_rank, which like the log file's ranking favours texts where the words
// are more frequent. In a log with reporting periods, responses and
// comments are found in every period's answers (the current one's
// included), and each such hit names its period.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]assurance.SearchHit, error) {
	words := assurance.SearchWords(text)
	if len(words) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = 100
	}
	tq, args := tsQuery(words, 3)
	args = append([]any{s.org, limit}, args...)
	query := `WITH tq AS (SELECT ` + tq + ` AS q),
	periodic AS (SELECT EXISTS (SELECT FROM periods WHERE org_id = $1) AS yes),
	m AS (
		SELECT id AS question_id, 0 AS field, text AS body, ts_rank(text_tsv, tq.q) AS rank, NULL::bigint AS period_id FROM questions, tq WHERE org_id = $1 AND text_tsv @@ tq.q
		UNION ALL SELECT id, 1, response, ts_rank(response_tsv, tq.q), NULL FROM questions, tq, periodic WHERE org_id = $1 AND NOT periodic.yes AND response_tsv @@ tq.q
		UNION ALL SELECT id, 2, comment, ts_rank(comment_tsv, tq.q), NULL FROM questions, tq, periodic WHERE org_id = $1 AND NOT periodic.yes AND comment_tsv @@ tq.q
		UNION ALL SELECT question_id, 1, response, ts_rank(response_tsv, tq.q), period_id FROM question_period_answers, tq WHERE org_id = $1 AND response_tsv @@ tq.q
		UNION ALL SELECT question_id, 2, comment, ts_rank(comment_tsv, tq.q), period_id FROM question_period_answers, tq WHERE org_id = $1 AND comment_tsv @@ tq.q
		UNION ALL SELECT question_id, 3, text, ts_rank(text_tsv, tq.q), NULL FROM actions, tq WHERE org_id = $1 AND text_tsv @@ tq.q
		UNION ALL SELECT question_id, 4, name, ts_rank(name_tsv, tq.q), NULL FROM evidence, tq WHERE org_id = $1 AND name_tsv @@ tq.q
		ORDER BY rank DESC, question_id, field, period_id DESC LIMIT $2
	)
	SELECT m.question_id, q.ref, m.field,
		ts_headline('pg_catalog.english', m.body, tq.q, 'StartSel=[, StopSel=], MaxWords=24, MinWords=12, ShortWord=0, HighlightAll=false, MaxFragments=1, FragmentDelimiter=…'),
		coalesce(p.name, '')
	FROM m JOIN questions q ON q.org_id = $1 AND q.id = m.question_id
		LEFT JOIN periods p ON p.org_id = $1 AND p.id = m.period_id, tq
	ORDER BY m.rank DESC, m.question_id, m.field, m.period_id DESC`
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, dbError(err, "Cannot search the log")
	}
	defer rows.Close()
	var out []assurance.SearchHit
	for rows.Next() {
		var h assurance.SearchHit
		var field int
		if err := rows.Scan(&h.QuestionID, &h.Ref, &field, &h.Snippet, &h.Period); err != nil {
			return nil, dbError(err, "Cannot search the log")
		}
		h.Field = assurance.SearchField(field)
		out = append(out, h)
	}
	return out, dbError(rows.Err(), "Cannot search the log")
}
