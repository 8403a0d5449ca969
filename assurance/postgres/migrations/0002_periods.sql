-- Guardian shared log, schema 2: reporting periods, as schema 2 of a log
-- file. Each question in a period has its answer there; the questions table
-- holds the current period's. A closed period (closed_at set) is frozen:
-- the triggers below refuse any change to its answers or maturity, whoever
-- makes it, besides the store's own checks that give the user plain words.

ALTER TABLE questions ADD COLUMN recurring boolean NOT NULL DEFAULT false;

-- Period ids are numbered within the organisation like every other id;
-- periods are never deleted, so the next is one more than the largest.
CREATE TABLE periods (
	org_id     bigint      NOT NULL REFERENCES organisations (id),
	id         bigint      NOT NULL,
	name       text        NOT NULL CHECK (name <> ''),
	cadence    text        NOT NULL,
	starts_on  date        NOT NULL,
	ends_on    date,
	closed_at  timestamptz,
	closed_by  text        NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	PRIMARY KEY (org_id, id)
);
-- Names are unique in a log whatever their case, as in a log file.
CREATE UNIQUE INDEX periods_by_name ON periods (org_id, lower(name));

CREATE TABLE question_period_answers (
	org_id       bigint      NOT NULL REFERENCES organisations (id),
	question_id  bigint      NOT NULL,
	period_id    bigint      NOT NULL,
	response     text        NOT NULL DEFAULT '',
	responded_on date,
	level        text        NOT NULL,
	comment      text        NOT NULL DEFAULT '',
	updated_at   timestamptz NOT NULL,
	PRIMARY KEY (org_id, question_id, period_id),
	FOREIGN KEY (org_id, question_id) REFERENCES questions (org_id, id) ON DELETE RESTRICT,
	FOREIGN KEY (org_id, period_id) REFERENCES periods (org_id, id) ON DELETE RESTRICT
);
CREATE INDEX answers_by_period ON question_period_answers (org_id, period_id);

CREATE TABLE area_maturity (
	org_id     bigint      NOT NULL REFERENCES organisations (id),
	period_id  bigint      NOT NULL,
	framework  text        NOT NULL,
	area       text        NOT NULL,
	level      text        NOT NULL,
	comment    text        NOT NULL DEFAULT '',
	updated_at timestamptz NOT NULL,
	updated_by text        NOT NULL,
	PRIMARY KEY (org_id, period_id, framework, area),
	FOREIGN KEY (org_id, period_id) REFERENCES periods (org_id, id) ON DELETE RESTRICT
);

-- period_frozen refuses a change to a closed period's rows.
CREATE FUNCTION period_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF TG_OP = 'INSERT' THEN r := NEW; ELSE r := OLD; END IF;
	IF EXISTS (SELECT FROM guardian.periods p WHERE p.org_id = r.org_id AND p.id = r.period_id AND p.closed_at IS NOT NULL) THEN
		RAISE EXCEPTION 'the reporting period is closed' USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER answers_frozen BEFORE INSERT OR UPDATE OR DELETE ON question_period_answers
	FOR EACH ROW EXECUTE FUNCTION period_frozen();
CREATE TRIGGER maturity_frozen BEFORE INSERT OR UPDATE OR DELETE ON area_maturity
	FOR EACH ROW EXECUTE FUNCTION period_frozen();
-- A period is never deleted: its answers are the log's history.
CREATE TRIGGER periods_kept BEFORE DELETE ON periods
	FOR EACH ROW EXECUTE FUNCTION refuse_change('a reporting period cannot be deleted');
CREATE CONSTRAINT TRIGGER periods_audited AFTER INSERT OR UPDATE OR DELETE ON periods
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_is_audited('period');

-- An answer changes with its question (carried forward, answered in the
-- current period, deleted), as a correction in an earlier period, or when
-- the first period takes the answers as they stand; a maturity with its
-- own entry. Each needs one of those entries in the same transaction, as
-- change_is_audited checks for the other tables.
CREATE FUNCTION answer_is_audited() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF NOT EXISTS (SELECT FROM guardian.members WHERE member = current_user) THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
	IF NOT EXISTS (SELECT FROM guardian.audit a WHERE a.org_id = r.org_id
			AND ((a.object IN ('question', 'answer') AND a.question_id = r.question_id) OR (a.object = 'period' AND a.object_id = r.period_id))
			AND a.xmin::text::bigint = txid_current() & 4294967295) THEN
		RAISE EXCEPTION 'a change to a log must be recorded in its audit log (answer to question % in period %)', r.question_id, r.period_id
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER answers_audited AFTER INSERT OR UPDATE OR DELETE ON question_period_answers
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION answer_is_audited();
CREATE FUNCTION maturity_is_audited() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF NOT EXISTS (SELECT FROM guardian.members WHERE member = current_user) THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
	IF NOT EXISTS (SELECT FROM guardian.audit a WHERE a.org_id = r.org_id AND a.object = 'maturity' AND a.object_id = r.period_id
			AND a.xmin::text::bigint = txid_current() & 4294967295) THEN
		RAISE EXCEPTION 'a change to a log must be recorded in its audit log (maturity of area % in period %)', r.area, r.period_id
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER maturity_audited AFTER INSERT OR UPDATE OR DELETE ON area_maturity
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION maturity_is_audited();

-- Grants: people start, close and reopen periods (never delete one), and
-- change answers and maturity in open periods.
GRANT SELECT, INSERT, UPDATE ON periods TO guardian_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON question_period_answers, area_maturity TO guardian_user;

-- Row-level security, as on every other table.
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['periods', 'question_period_answers', 'area_maturity'] LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY member_of ON %I USING (org_id IN (SELECT my_organisations())) WITH CHECK (org_id IN (SELECT my_organisations()))', t);
	END LOOP;
END $$;
