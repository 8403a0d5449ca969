package postgres_test

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/assurance/transfer"
)

// fill gives a log a meeting, a question with an action, evidence, a
// settings change, a closed reporting period with its answer and maturity
// and a current one: a row in every table.
func fill(t *testing.T, s *postgres.Store, word string) *assurance.Question {
	t.Helper()
	if err := s.UpdateSettings(ctx, assurance.Settings{Organisation: word + " Trust", Guardian: word}); err != nil {
		t.Fatal(err)
	}
	m := &assurance.Meeting{Kind: assurance.Board, Date: assurance.MustDate("2026-03-01")}
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	q := &assurance.Question{Area: "1.1", Text: word + " question about rotas", MeetingID: m.ID}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: word + " action"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: word + ".txt"}, strings.NewReader(word+" evidence")); err != nil {
		t.Fatal(err)
	}
	p := &assurance.Period{StartsOn: assurance.MustDate("2026-04-01")}
	if err := s.StartPeriod(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMaturity(ctx, &assurance.AreaMaturity{PeriodID: p.ID, Area: "1.1", Level: assurance.MaturityCoreDelivery}); err != nil {
		t.Fatal(err)
	}
	if err := s.ClosePeriod(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.StartPeriod(ctx, &assurance.Period{StartsOn: assurance.MustDate("2026-07-01")}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Question(ctx, q.ID) // asked again in the new period
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// connect opens a person's own database connection, as psql or Excel would.
func connect(t *testing.T, user string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, srv.URL(user, db)+"&search_path=guardian")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

var tables = []string{"organisations", "members", "meetings", "questions", "actions", "blobs", "blob_chunks", "evidence", "audit",
	"periods", "question_period_answers", "area_maturity"}

// snapshot copies a log into a new file, to show later that nothing changed.
func snapshot(t *testing.T, s *postgres.Store) assurance.Store {
	t.Helper()
	c, err := sqlite.Create(filepath.Join(t.TempDir(), "snapshot.guardian"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := transfer.Copy(ctx, s, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOneOrganisationCannotReachAnother(t *testing.T) {
	orgA, orgB := newOrganisation(t, "amira"), newOrganisation(t, "ben")
	a, b := open(t, "amira", orgA, false), open(t, "ben", orgB, false)
	fill(t, a, "Amira")
	fill(t, b, "Ben")
	before := snapshot(t, b)

	// Guardian itself refuses to open the other organisation.
	_, err := postgres.Open(ctx, srv.URL("amira", db), options(orgB))
	wantCode(t, err, assurance.ENOTFOUND)

	// Amira, on her own connection, with hand-written SQL.
	conn := connect(t, "amira")
	var orgBID int64 = -1
	// She cannot even learn organisation B's id...
	if err := conn.QueryRow(ctx, `SELECT id FROM organisations WHERE name = $1`, orgB).Scan(&orgBID); !errors.Is(err, pgx.ErrNoRows) {
		t.Fatalf("amira can see organisation B: id %d, %v", orgBID, err)
	}
	// ...so take it from the owner, as an attacker might guess it.
	oc, err := pgx.Connect(ctx, ownerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer oc.Close(ctx)
	if err := oc.QueryRow(ctx, `SELECT id FROM guardian.organisations WHERE name = $1`, orgB).Scan(&orgBID); err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		var all, theirs int
		col := "org_id"
		if table == "organisations" {
			col = "id"
		}
		if err := conn.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE `+col+` = $1) FROM `+table, orgBID).Scan(&all, &theirs); err != nil {
			t.Fatalf("select from %s: %v", table, err)
		}
		if theirs != 0 {
			t.Errorf("amira sees %d of organisation B's rows in %s", theirs, table)
		}
		if all == 0 {
			t.Errorf("amira sees none of her own rows in %s: the test proves nothing", table)
		}
	}
	var text string
	if err := conn.QueryRow(ctx, `SELECT string_agg(text, ' ') FROM questions`).Scan(&text); err != nil || strings.Contains(text, "Ben") {
		t.Fatalf("amira's questions: %q, %v", text, err)
	}

	// Changes aimed at B's rows change nothing...
	for _, q := range []string{
		`UPDATE questions SET text = 'hacked' WHERE org_id = $1`,
		`UPDATE actions SET text = 'hacked' WHERE org_id = $1`,
		`UPDATE meetings SET title = 'hacked' WHERE org_id = $1`,
		`UPDATE evidence SET description = 'hacked' WHERE org_id = $1`,
		`UPDATE organisations SET guardian = 'hacked' WHERE id = $1`,
		`UPDATE question_period_answers SET comment = 'hacked' WHERE org_id = $1`,
		`UPDATE area_maturity SET comment = 'hacked' WHERE org_id = $1`,
		`UPDATE periods SET name = 'hacked' WHERE org_id = $1`,
		`DELETE FROM area_maturity WHERE org_id = $1`,
		`DELETE FROM question_period_answers WHERE org_id = $1`,
		`DELETE FROM evidence WHERE org_id = $1`,
		`DELETE FROM blobs WHERE org_id = $1 AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.org_id = blobs.org_id AND e.blob_id = blobs.id)`,
		`DELETE FROM actions WHERE org_id = $1`,
		`DELETE FROM questions WHERE org_id = $1 AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.org_id = questions.org_id AND a.question_id = questions.id)`,
		`DELETE FROM meetings WHERE org_id = $1 AND id NOT IN (SELECT meeting_id FROM questions WHERE meeting_id IS NOT NULL)`,
	} {
		tag, err := conn.Exec(ctx, q, orgBID)
		if err != nil {
			t.Errorf("%s: %v", q, err)
		} else if tag.RowsAffected() != 0 {
			t.Errorf("%s changed %d of organisation B's rows", q, tag.RowsAffected())
		}
	}
	// ...and writing rows into B, moving her rows there, or joining B is refused.
	for _, q := range []string{
		`INSERT INTO questions (org_id, id, seq, ref, area, text, status, level, created_at, updated_at)
			VALUES ($1, 999, 999, 'Q-0999', '1.1', 'planted', 'draft', 'not_assessed', now(), now())`,
		`INSERT INTO audit (org_id, id, at, actor, action, object, object_id) VALUES ($1, 999, now(), 'x', 'create', 'question', 1)`,
		`INSERT INTO periods (org_id, id, name, cadence, starts_on, created_at) VALUES ($1, 999, 'planted', 'quarter', '2030-01-01', now())`,
		`INSERT INTO area_maturity (org_id, period_id, framework, area, level, updated_at, updated_by) VALUES ($1, 2, 'nhs', '1.1', 'x', now(), 'x')`,
		`UPDATE questions SET org_id = $1`,
		`INSERT INTO members (org_id, member) VALUES ($1, 'amira')`,
		`UPDATE organisations SET name = 'renamed' WHERE id = $1 OR true`,
	} {
		if _, err := conn.Exec(ctx, q, orgBID); err == nil {
			t.Errorf("%s was accepted", strings.Fields(q)[0]+" "+strings.Fields(q)[1]+" "+strings.Fields(q)[2])
		}
	}
	for _, q := range []string{`SET ROLE ben`, `SET ROLE guardian_owner`, `SET SESSION AUTHORIZATION ben`} {
		if _, err := conn.Exec(ctx, q); err == nil {
			t.Errorf("%s was accepted", q)
		}
	}
	diff(t, before, b) // organisation B's log is as it was
	if rep, err := b.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("organisation B's log after the attempts: %+v, %v", rep, err)
	}
	if hits, _ := a.Search(ctx, "Ben", 10); len(hits) != 0 {
		t.Fatalf("amira's search finds organisation B: %+v", hits)
	}
}

func TestAuditIsAppendOnlyInTheDatabase(t *testing.T) {
	org := newOrganisation(t, "amira")
	s := open(t, "amira", org, false)
	fill(t, s, "Amira")
	before, _ := s.Audit(ctx, assurance.AuditFilter{})
	conn := connect(t, "amira")
	// Changing one's own log by hand, without the audit entry Guardian
	// writes, is refused when the change would be committed.
	for _, q := range []string{`UPDATE questions SET text = 'quietly changed'`, `DELETE FROM actions`,
		`UPDATE evidence SET description = 'quietly changed'`, `UPDATE meetings SET title = 'quietly changed'`} {
		if _, err := conn.Exec(ctx, q); err == nil {
			t.Errorf("%s without an audit entry was committed", q)
		}
	}
	if qs, _ := s.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 1 || qs[0].Text == "quietly changed" {
		t.Fatalf("questions after the attempts: %+v", qs)
	}
	// A closed period's answers and maturity stay as they were, and no
	// period is deleted or changed unrecorded, whatever SQL is typed.
	for _, q := range []string{`UPDATE question_period_answers SET level = 'none' WHERE period_id = 1`,
		`DELETE FROM question_period_answers WHERE period_id = 1`, `UPDATE area_maturity SET comment = 'x' WHERE period_id = 1`,
		`DELETE FROM area_maturity WHERE period_id = 1`} {
		if _, err := conn.Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "closed") {
			t.Errorf("%s in a closed period: %v", q, err)
		}
	}
	for _, q := range []string{`DELETE FROM periods`, `UPDATE periods SET closed_at = NULL`,
		`UPDATE question_period_answers SET comment = 'quietly changed' WHERE period_id = 2`,
		`INSERT INTO area_maturity (org_id, period_id, framework, area, level, updated_at, updated_by)
			SELECT org_id, 2, framework, area, level, now(), 'x' FROM area_maturity`} {
		if _, err := conn.Exec(ctx, q); err == nil {
			t.Errorf("%s was committed", q)
		}
	}
	if _, err := conn.Exec(ctx, `UPDATE blobs SET sha256 = repeat('0', 64)`); err == nil || !strings.Contains(err.Error(), "cannot be changed") {
		t.Errorf("a member rewrote a stored file's hash: %v", err)
	}
	if _, err := conn.Exec(ctx, `UPDATE organisations SET next_ref = 1, next_audit = 1`); err == nil {
		t.Error("a member set the log's counters back, so numbers could be handed out twice")
	}
	for _, q := range []string{`UPDATE audit SET actor = 'someone else'`, `DELETE FROM audit`, `TRUNCATE audit`,
		`UPDATE blob_chunks SET data = 'x'`, `DELETE FROM blob_chunks`} {
		_, err := conn.Exec(ctx, q)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42501" {
			t.Errorf("%s by a member: %v, want permission denied", q, err)
		}
	}
	// Not even the owner, who may change anything else, can rewrite history.
	oc, err := pgx.Connect(ctx, ownerURL()+"&search_path=guardian")
	if err != nil {
		t.Fatal(err)
	}
	defer oc.Close(ctx)
	for _, q := range []string{`UPDATE audit SET actor = 'someone else'`, `DELETE FROM audit`, `TRUNCATE audit`, `UPDATE blob_chunks SET data = 'x'`} {
		if _, err := oc.Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") && !strings.Contains(err.Error(), "cannot be changed") {
			t.Errorf("%s by the owner: %v", q, err)
		}
	}
	after, _ := s.Audit(ctx, assurance.AuditFilter{})
	if len(after) != len(before) || after[0].Actor != before[0].Actor {
		t.Fatal("the audit log changed")
	}
	// The entry records the database login as well as the name given.
	var login string
	if err := oc.QueryRow(ctx, `SELECT DISTINCT db_user FROM audit WHERE org_id = (SELECT id FROM organisations WHERE name = $1)`, org).Scan(&login); err != nil || login != "amira" {
		t.Fatalf("audit login %q, %v", login, err)
	}
}

func TestGuardianRefusesPrivilegedRoles(t *testing.T) {
	org := newOrganisation(t, tester)
	for _, user := range []string{owner, "postgres"} {
		_, err := postgres.Open(ctx, srv.URL(user, db), options(org))
		wantCode(t, err, assurance.EINVALID)
		if !strings.Contains(assurance.ErrorMessage(err), "owner") {
			t.Errorf("%s: %v", user, err)
		}
	}
}

// Damaged stored bytes (here forged by a superuser, past the trigger that
// stops anyone else) are found by Check and VerifyEvidence, named, and
// never handed out as good.
func TestDamagedEvidenceIsReported(t *testing.T) {
	org := newOrganisation(t, tester)
	s := open(t, tester, org, false)
	q := &assurance.Question{Area: "2.3", Text: "Is the stress risk assessment done?"}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	content := strings.Repeat("risk assessment line\n", 20000) // two chunks
	bad := &assurance.Evidence{QuestionID: q.ID, Name: "risk assessment.txt"}
	good := &assurance.Evidence{QuestionID: q.ID, Name: "good.txt"}
	if err := s.AttachEvidence(ctx, bad, strings.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	if err := s.AttachEvidence(ctx, good, strings.NewReader("all fine")); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() || rep.EvidenceChecked != 2 || rep.EvidenceBytes != int64(len(content))+8 {
		t.Fatalf("check before damage: %+v, %v", rep, err)
	}
	if err := srv.Exec(ctx, db, `ALTER TABLE guardian.blob_chunks DISABLE TRIGGER blob_chunks_immutable`,
		`UPDATE guardian.blob_chunks c SET data = overlay(data placing '\x00'::bytea from 100 for 1)
			FROM guardian.organisations o WHERE o.id = c.org_id AND o.name = '`+strings.ReplaceAll(org, "'", "''")+`' AND c.seq = 1`,
		`ALTER TABLE guardian.blob_chunks ENABLE TRIGGER blob_chunks_immutable`); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || len(rep.BadEvidence) != 1 || rep.BadEvidence[0].Evidence.ID != bad.ID || rep.EvidenceChecked != 2 {
		t.Fatalf("check after damage: %+v", rep)
	}
	if p := rep.BadEvidence[0].Problem; !strings.Contains(p, "risk assessment.txt") || !strings.Contains(p, "damaged") {
		t.Fatalf("problem %q does not name the file", p)
	}
	err = s.VerifyEvidence(ctx, bad.ID)
	wantCode(t, err, assurance.ECORRUPT)
	if err := s.VerifyEvidence(ctx, good.ID); err != nil {
		t.Fatalf("undamaged evidence: %v", err)
	}
	r, err := s.OpenEvidence(ctx, bad.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = io.ReadAll(r)
	wantCode(t, err, assurance.ECORRUPT)
}
