package sqlite

import (
	"context"
	"strings"
	"unicode"

	"github.com/nhsguardian/guardian/assurance"
)

// searchFields names the field each full-text row came from: rowid % 8 (see
// the search table in the schema).
var searchFields = [...]string{"question", "response", "comment", "action", "evidence"}

// maxSearchWords bounds the query a pasted essay can produce.
const maxSearchWords = 32

// ftsQuery turns what a user typed into an FTS5 query that matches rows
// containing every word, the last one as a prefix so results appear while
// typing. Each word is quoted, so nothing the user types (quotes, AND, OR,
// NOT, NEAR, *, -, ^, :) is ever read as FTS syntax.
func ftsQuery(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	})
	words = oldRoleName(words)
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
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
		if field >= 0 && field < len(searchFields) {
			h.Field = searchFields[field]
		}
		out = append(out, h)
	}
	return out, dbError(rows.Err(), "Cannot search the log")
}

// oldRoleName lets "health and wellbeing guardian" also find text written
// before October 2023, when the role was the "wellbeing guardian": "health
// and" is dropped before "wellbeing guardian", whose words every mention
// under either name contains.
func oldRoleName(words []string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); i++ {
		if i+3 < len(words) &&
			strings.EqualFold(words[i], "health") && strings.EqualFold(words[i+1], "and") &&
			strings.EqualFold(words[i+2], "wellbeing") && strings.HasPrefix(strings.ToLower(words[i+3]), "guardian") {
			i++ // skip "health" and "and"; "wellbeing" follows
			continue
		}
		out = append(out, words[i])
	}
	return out
}
