-- Guardian assurance log, schema 5: every period's answers are searchable.
-- The search table holds the questions' own text, which is the current
-- period's answer; a closed period's response and comment live only in
-- question_period_answers, so they get an index of their own. Each row's
-- rowid encodes where it came from, (question id * 2^24 + period id) * 2,
-- plus 1 for the comment, so triggers replace a row by rowid instead of
-- scanning; empty texts are not indexed.

CREATE VIRTUAL TABLE answer_search USING fts5 (
	body,
	question_id UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER answers_search_insert AFTER INSERT ON question_period_answers
BEGIN
	INSERT INTO answer_search (rowid, body, question_id)
		SELECT (new.question_id * 16777216 + new.period_id) * 2, new.response, new.question_id WHERE new.response <> ''
		UNION ALL
		SELECT (new.question_id * 16777216 + new.period_id) * 2 + 1, new.comment, new.question_id WHERE new.comment <> '';
END;

CREATE TRIGGER answers_search_update AFTER UPDATE OF response, comment ON question_period_answers
WHEN old.response IS NOT new.response OR old.comment IS NOT new.comment
BEGIN
	DELETE FROM answer_search WHERE rowid IN ((old.question_id * 16777216 + old.period_id) * 2, (old.question_id * 16777216 + old.period_id) * 2 + 1);
	INSERT INTO answer_search (rowid, body, question_id)
		SELECT (new.question_id * 16777216 + new.period_id) * 2, new.response, new.question_id WHERE new.response <> ''
		UNION ALL
		SELECT (new.question_id * 16777216 + new.period_id) * 2 + 1, new.comment, new.question_id WHERE new.comment <> '';
END;

CREATE TRIGGER answers_search_delete AFTER DELETE ON question_period_answers
BEGIN
	DELETE FROM answer_search WHERE rowid IN ((old.question_id * 16777216 + old.period_id) * 2, (old.question_id * 16777216 + old.period_id) * 2 + 1);
END;

INSERT INTO answer_search (rowid, body, question_id)
	SELECT (question_id * 16777216 + period_id) * 2, response, question_id FROM question_period_answers WHERE response <> ''
	UNION ALL
	SELECT (question_id * 16777216 + period_id) * 2 + 1, comment, question_id FROM question_period_answers WHERE comment <> '';
