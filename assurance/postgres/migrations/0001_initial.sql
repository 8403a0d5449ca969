-- Guardian shared log, schema 1: several organisations' logs in one database.
--
-- Every row carries its organisation, and every object's id is numbered
-- within its organisation (as in a log file), so a log can move between a
-- file and the database keeping its ids, references and audit trail.
--
-- Who sees what is decided by PostgreSQL, not by Guardian: row-level
-- security lets a person's role reach only the organisations listed for it
-- in members. Run-time roles belong to guardian_user and never own tables.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'guardian_user') THEN
		CREATE ROLE guardian_user NOLOGIN;
	END IF;
END $$;

GRANT USAGE ON SCHEMA guardian TO guardian_user;
GRANT SELECT ON schema_migrations TO guardian_user;

CREATE TABLE organisations (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name             text        NOT NULL UNIQUE CHECK (name <> ''),
	created_at       timestamptz NOT NULL DEFAULT now(),
	-- The log's settings, printed on board papers.
	organisation     text        NOT NULL DEFAULT '',
	guardian         text        NOT NULL DEFAULT '',
	security_marking text        NOT NULL DEFAULT 'OFFICIAL-SENSITIVE',
	-- Counters: ids and references are never reused within an organisation.
	next_meeting     bigint      NOT NULL DEFAULT 1,
	next_question    bigint      NOT NULL DEFAULT 1, -- question ids
	next_ref         bigint      NOT NULL DEFAULT 1, -- Q-0001, Q-0002, ...
	next_action      bigint      NOT NULL DEFAULT 1,
	next_evidence    bigint      NOT NULL DEFAULT 1,
	next_blob        bigint      NOT NULL DEFAULT 1,
	next_audit       bigint      NOT NULL DEFAULT 1
);

-- members lists which login roles may use which organisation's log.
CREATE TABLE members (
	org_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	member name   NOT NULL,
	PRIMARY KEY (org_id, member)
);
CREATE INDEX members_by_member ON members (member, org_id);

-- my_organisations is every organisation the current role is a member of.
-- It runs with the caller's rights (a definer's function would see the
-- definer as current_user), and members' own policy shows the caller only
-- their own rows.
CREATE FUNCTION my_organisations() RETURNS SETOF bigint
	LANGUAGE sql STABLE SET search_path = guardian, pg_catalog
	AS $$ SELECT org_id FROM guardian.members WHERE member = current_user $$;
REVOKE ALL ON FUNCTION my_organisations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_organisations() TO guardian_user;

CREATE TABLE meetings (
	org_id     bigint      NOT NULL REFERENCES organisations (id),
	id         bigint      NOT NULL,
	kind       text        NOT NULL,
	title      text        NOT NULL DEFAULT '',
	date       date        NOT NULL,
	version    bigint      NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	PRIMARY KEY (org_id, id)
);
CREATE INDEX meetings_by_date ON meetings (org_id, date, id);

-- search_vector is what full-text search matches: English stems (so
-- "reported" finds "reports") plus the plain words (so a stop word such as
-- "and", which the English configuration drops, can still be found).
CREATE FUNCTION search_vector(body text) RETURNS tsvector
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT to_tsvector('pg_catalog.english', body) || to_tsvector('pg_catalog.simple', body) $$;

CREATE TABLE questions (
	org_id       bigint      NOT NULL REFERENCES organisations (id),
	id           bigint      NOT NULL,
	seq          bigint      NOT NULL,
	ref          text        NOT NULL,
	framework    text        NOT NULL DEFAULT '',
	area         text        NOT NULL,
	text         text        NOT NULL,
	asked_of     text        NOT NULL DEFAULT '',
	raised_on    date,
	meeting_id   bigint,
	due_on       date,
	status       text        NOT NULL,
	response     text        NOT NULL DEFAULT '',
	responded_on date,
	level        text        NOT NULL,
	comment      text        NOT NULL DEFAULT '',
	version      bigint      NOT NULL DEFAULT 1,
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL,
	text_tsv     tsvector GENERATED ALWAYS AS (search_vector(text)) STORED,
	response_tsv tsvector GENERATED ALWAYS AS (search_vector(response)) STORED,
	comment_tsv  tsvector GENERATED ALWAYS AS (search_vector(comment)) STORED,
	PRIMARY KEY (org_id, id),
	UNIQUE (org_id, seq),
	UNIQUE (org_id, ref),
	FOREIGN KEY (org_id, meeting_id) REFERENCES meetings (org_id, id) ON DELETE RESTRICT
);
CREATE INDEX questions_by_area ON questions (org_id, framework, area);
CREATE INDEX questions_by_meeting ON questions (org_id, meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX questions_by_status ON questions (org_id, status, due_on);
CREATE INDEX questions_text_search ON questions USING gin (text_tsv);
CREATE INDEX questions_response_search ON questions USING gin (response_tsv);
CREATE INDEX questions_comment_search ON questions USING gin (comment_tsv);

CREATE TABLE actions (
	org_id      bigint      NOT NULL REFERENCES organisations (id),
	id          bigint      NOT NULL,
	question_id bigint      NOT NULL,
	text        text        NOT NULL,
	owner       text        NOT NULL DEFAULT '',
	due_on      date,
	done_on     date,
	version     bigint      NOT NULL DEFAULT 1,
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL,
	text_tsv    tsvector GENERATED ALWAYS AS (search_vector(text)) STORED,
	PRIMARY KEY (org_id, id),
	FOREIGN KEY (org_id, question_id) REFERENCES questions (org_id, id) ON DELETE RESTRICT
);
CREATE INDEX actions_by_question ON actions (org_id, question_id);
CREATE INDEX actions_text_search ON actions USING gin (text_tsv);

-- Evidence bytes, content-addressed within an organisation (never shared
-- across organisations, which row-level security would hide), in chunks so
-- that no file is ever held whole in memory.
CREATE TABLE blobs (
	org_id     bigint      NOT NULL REFERENCES organisations (id),
	id         bigint      NOT NULL,
	sha256     text        NOT NULL,
	size       bigint      NOT NULL,
	chunk_size integer     NOT NULL,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (org_id, id),
	UNIQUE (org_id, sha256)
);
CREATE TABLE blob_chunks (
	org_id  bigint  NOT NULL,
	blob_id bigint  NOT NULL,
	seq     integer NOT NULL,
	data    bytea   NOT NULL,
	PRIMARY KEY (org_id, blob_id, seq),
	FOREIGN KEY (org_id, blob_id) REFERENCES blobs (org_id, id) ON DELETE CASCADE
);
-- Most evidence (PDF, Office, images) is already compressed: do not try again.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE evidence (
	org_id      bigint      NOT NULL REFERENCES organisations (id),
	id          bigint      NOT NULL,
	question_id bigint      NOT NULL,
	blob_id     bigint      NOT NULL,
	name        text        NOT NULL,
	media_type  text        NOT NULL,
	size        bigint      NOT NULL,
	sha256      text        NOT NULL,
	description text        NOT NULL DEFAULT '',
	added_at    timestamptz NOT NULL,
	added_by    text        NOT NULL,
	name_tsv    tsvector GENERATED ALWAYS AS (search_vector(name)) STORED,
	PRIMARY KEY (org_id, id),
	FOREIGN KEY (org_id, question_id) REFERENCES questions (org_id, id) ON DELETE RESTRICT,
	FOREIGN KEY (org_id, blob_id) REFERENCES blobs (org_id, id) ON DELETE RESTRICT
);
CREATE INDEX evidence_by_question ON evidence (org_id, question_id);
CREATE INDEX evidence_by_blob ON evidence (org_id, blob_id);
CREATE INDEX evidence_name_search ON evidence USING gin (name_tsv);

-- The audit log is append-only; db_user records the database login that
-- made the change, whatever name the person gave.
CREATE TABLE audit (
	org_id      bigint      NOT NULL REFERENCES organisations (id),
	id          bigint      NOT NULL,
	at          timestamptz NOT NULL,
	actor       text        NOT NULL,
	action      text        NOT NULL,
	object      text        NOT NULL,
	object_id   bigint      NOT NULL,
	question_id bigint      NOT NULL DEFAULT 0, -- not a foreign key: outlives the question
	ref         text        NOT NULL DEFAULT '',
	before      text        NOT NULL DEFAULT '',
	after       text        NOT NULL DEFAULT '',
	db_user     name        NOT NULL DEFAULT session_user,
	PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_by_question ON audit (org_id, question_id, id);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit log is append-only');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('the audit log is append-only');
CREATE TRIGGER blob_chunks_immutable BEFORE UPDATE ON blob_chunks
	FOR EACH ROW EXECUTE FUNCTION refuse_change('stored evidence cannot be changed');
-- A blob's hash and size are written once, when its bytes are all stored.
CREATE TRIGGER blobs_immutable BEFORE UPDATE ON blobs
	FOR EACH ROW WHEN (OLD.sha256 NOT LIKE 'pending-%') EXECUTE FUNCTION refuse_change('stored evidence cannot be changed');

-- Counters only go up, whoever changes them, so no id or reference is
-- ever handed out twice.
CREATE FUNCTION counters_only_grow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.next_meeting < OLD.next_meeting OR NEW.next_question < OLD.next_question OR NEW.next_ref < OLD.next_ref
		OR NEW.next_action < OLD.next_action OR NEW.next_evidence < OLD.next_evidence OR NEW.next_blob < OLD.next_blob
		OR NEW.next_audit < OLD.next_audit THEN
		RAISE EXCEPTION 'a log''s counters cannot go back' USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER organisations_counters_grow BEFORE UPDATE ON organisations
	FOR EACH ROW EXECUTE FUNCTION counters_only_grow();

-- A person's entries name their login, whatever they write; the owner
-- restoring a dump keeps the entries as they were.
CREATE FUNCTION audit_db_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT FROM guardian.members WHERE member = current_user) THEN
		NEW.db_user := session_user;
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER audit_records_login BEFORE INSERT ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_db_user();

-- Every change a person makes to a log's records comes with its audit
-- entry in the same transaction, checked at commit, so that SQL typed by
-- hand on a person's own connection cannot change a log unrecorded. The
-- owner and superusers (a restore of a dump) are not people's roles.
CREATE INDEX audit_by_object ON audit (org_id, object, object_id);
CREATE FUNCTION change_is_audited() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF NOT EXISTS (SELECT FROM guardian.members WHERE member = current_user) THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
	IF NOT EXISTS (SELECT FROM guardian.audit a WHERE a.org_id = r.org_id AND a.object = TG_ARGV[0] AND a.object_id = r.id
			AND a.xmin::text::bigint = txid_current() & 4294967295) THEN
		RAISE EXCEPTION 'a change to a log must be recorded in its audit log (% %)', TG_ARGV[0], r.id
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER meetings_audited AFTER INSERT OR UPDATE OR DELETE ON meetings
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_is_audited('meeting');
CREATE CONSTRAINT TRIGGER questions_audited AFTER INSERT OR UPDATE OR DELETE ON questions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_is_audited('question');
CREATE CONSTRAINT TRIGGER actions_audited AFTER INSERT OR UPDATE OR DELETE ON actions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_is_audited('action');
CREATE CONSTRAINT TRIGGER evidence_audited AFTER INSERT OR UPDATE OR DELETE ON evidence
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_is_audited('evidence');

-- Grants: people read and change their organisations' logs, add to the
-- audit log but never change or remove an entry, and change only the
-- settings and counters of an organisation, never its name or members.
GRANT SELECT ON organisations, members TO guardian_user;
GRANT UPDATE (organisation, guardian, security_marking, next_meeting, next_question, next_ref,
	next_action, next_evidence, next_blob, next_audit) ON organisations TO guardian_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON meetings, questions, actions, blobs, evidence TO guardian_user;
-- Stored bytes go only with their blob (the foreign key's cascade, which
-- runs with the owner's rights), never one part at a time.
GRANT SELECT, INSERT ON blob_chunks TO guardian_user;
GRANT SELECT, INSERT ON audit TO guardian_user;
REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM PUBLIC, guardian_user;

-- Row-level security on every table.
ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_of ON organisations USING (id IN (SELECT my_organisations()));
ALTER TABLE members ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON members USING (member = current_user);
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['meetings', 'questions', 'actions', 'blobs', 'blob_chunks', 'evidence', 'audit'] LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY member_of ON %I USING (org_id IN (SELECT my_organisations())) WITH CHECK (org_id IN (SELECT my_organisations()))', t);
	END LOOP;
END $$;
