-- Guardian shared log, schema 3: every period's answers are searchable, as
-- schema 5 of a log file. The questions table holds the current period's
-- answer; a closed period's response and comment live only in
-- question_period_answers, so they are indexed there too.

ALTER TABLE question_period_answers
	ADD COLUMN response_tsv tsvector GENERATED ALWAYS AS (search_vector(response)) STORED,
	ADD COLUMN comment_tsv  tsvector GENERATED ALWAYS AS (search_vector(comment)) STORED;
CREATE INDEX answers_response_search ON question_period_answers USING gin (response_tsv);
CREATE INDEX answers_comment_search ON question_period_answers USING gin (comment_tsv);
