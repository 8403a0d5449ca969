package sqlite

import (
	"context"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// ftsQuery turns what a user typed into an FTS5 query that matches rows
// containing every word, the last one as a prefix so results appear while
// typing. Each word is quoted, so nothing the user types (quotes, AND, OR,
// NOT, NEAR, *, -, ^, :) is ever read as FTS syntax.
func ftsQuery(text string) string {
	words := assurance.SearchWords(text)
	for i, w := range words {
		words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	if len(words) > 0 {
		words[len(words)-1] += "*"
	}
	return strings.Join(words, " ")
}

// Search finds questions whose text, response, comment, actions or evidence
// names contain the words in text, best match first. In a log with
// reporting periods, responses and comments are found in every period's
// answers (the current one's included), and each such hit names its period.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]assurance.SearchHit, error) {
	q := ftsQuery(text)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 100
	}
	// A period's answer row is 2 * (question id * 2^24 + period id), plus 1
	// for its comment (migration 0005): field 1 or 2, as in search.
	rows, err := s.rdb.QueryContext(ctx, `SELECT m.question_id, q.ref, m.field, m.snip, coalesce(p.name, '')
		FROM (SELECT question_id, rowid % 8 AS field, snippet(search, 0, '[', ']', '…', 16) AS snip, rank, 0 AS period_id
				FROM search WHERE search MATCH ?1
					AND NOT (rowid % 8 IN (1, 2) AND EXISTS (SELECT 1 FROM periods))
			UNION ALL
			SELECT question_id, 1 + rowid % 2, snippet(answer_search, 0, '[', ']', '…', 16), rank, (rowid / 2) % 16777216
				FROM answer_search WHERE answer_search MATCH ?1
			ORDER BY rank LIMIT ?2) m
		JOIN questions q ON q.id = m.question_id
		LEFT JOIN periods p ON p.id = m.period_id
		ORDER BY m.rank, p.id DESC`, q, limit)
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
