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
// names contain the words in text, best match first.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]assurance.SearchHit, error) {
	q := ftsQuery(text)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT m.question_id, q.ref, m.field, m.snip
		FROM (SELECT question_id, rowid % 8 AS field, snippet(search, 0, '[', ']', '…', 16) AS snip, rank
			FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?) m
		JOIN questions q ON q.id = m.question_id
		ORDER BY m.rank`, q, limit)
	if err != nil {
		return nil, dbError(err, "Cannot search the log")
	}
	defer rows.Close()
	var out []assurance.SearchHit
	for rows.Next() {
		var h assurance.SearchHit
		var field int
		if err := rows.Scan(&h.QuestionID, &h.Ref, &field, &h.Snippet); err != nil {
			return nil, dbError(err, "Cannot search the log")
		}
		h.Field = assurance.SearchField(field)
		out = append(out, h)
	}
	return out, dbError(rows.Err(), "Cannot search the log")
}
