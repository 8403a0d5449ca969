package reliability

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nhsguardian/guardian/assurance"
)

// vanishing is a file that disappears while it is being read: it yields
// some bytes, then fails, as a file on a pulled USB stick or a network
// drive that drops would.
type vanishing struct{ left int }

func (v *vanishing) Read(p []byte) (int, error) {
	if v.left <= 0 {
		return 0, errors.New("read E:\\minutes.pdf: The device is not ready")
	}
	n := min(len(p), v.left)
	for i := range n {
		p[i] = byte(i)
	}
	v.left -= n
	return n, nil
}

// badInput is one hostile or unusual input: what is done, and whether it
// must be refused (EINVALID) or accepted and kept exactly.
type badInput struct {
	name   string
	refuse bool
	do     func(ctx context.Context, s assurance.Store, q *assurance.Question) error
}

func question(text string) *assurance.Question {
	return &assurance.Question{Area: "2.5", Text: text, AskedOf: "Chief Nurse"}
}

func createQ(q *assurance.Question) func(context.Context, assurance.Store, *assurance.Question) error {
	return func(ctx context.Context, s assurance.Store, _ *assurance.Question) error {
		return s.CreateQuestion(ctx, q)
	}
}

func attach(name string, r io.Reader) func(context.Context, assurance.Store, *assurance.Question) error {
	return func(ctx context.Context, s assurance.Store, q *assurance.Question) error {
		return s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: name}, r)
	}
}

var badInputs = []badInput{
	{"question text of 1 MB", true, createQ(question(strings.Repeat("Is the board assured? ", 1<<20/22)))},
	{"question text of invalid UTF-8", true, createQ(question("Minutes \xff\xfe pasted from a damaged file"))},
	{"question text with a NUL character", true, createQ(question("before\x00after"))},
	{"question text with terminal escape codes", true, createQ(question("\x1b[31mred\x1b[0m"))},
	{"question text with a bell and a form feed", true, createQ(question("ring\a page\f"))},
	{"asked-of with a line break", true, createQ(&assurance.Question{Area: "1.1", Text: "Who?", AskedOf: "Chief\nExecutive"})},
	{"question text of 32,001 characters", true, createQ(question(strings.Repeat("é", assurance.MaxText+1)))},
	{"question text of exactly 32,000 characters", false, createQ(question(strings.Repeat("é", assurance.MaxText)))},
	{"right-to-left text, emoji and combining accents", false, createQ(question("שלום عليكم 👩‍⚕️🏥 — cafe\u0301 \u202eevil\u202c; tabs\tand\nlines"))},
	{"raised in year 1", true, createQ(&assurance.Question{Area: "1.1", Text: "Ancient", RaisedOn: assurance.Date{Year: 1, Month: 1, Day: 1}})},
	{"due in year 99999", true, createQ(&assurance.Question{Area: "1.1", Text: "Far future", DueOn: assurance.Date{Year: 99999, Month: 12, Day: 31}})},
	{"due on 30 February", true, createQ(&assurance.Question{Area: "1.1", Text: "No such day", DueOn: assurance.Date{Year: 2026, Month: 2, Day: 30}})},
	{"typed date 01/01/0001", true, func(context.Context, assurance.Store, *assurance.Question) error {
		_, err := assurance.ParseDate("01/01/0001")
		return err
	}},
	{"typed date 31/12/9999", true, func(context.Context, assurance.Store, *assurance.Question) error {
		_, err := assurance.ParseDate("31/12/9999")
		return err
	}},
	{"dates at the limits, 1 Jan 1900 and 31 Dec 2999", false, createQ(&assurance.Question{Area: "1.1", Text: "Limits", RaisedOn: assurance.NewDate(1900, 1, 1), DueOn: assurance.NewDate(2999, 12, 31)})},
	{"question in an area that does not exist", true, createQ(&assurance.Question{Area: "9.9", Text: "Nowhere"})},
	{"0-byte evidence", false, attach("empty.txt", bytes.NewReader(nil))},
	{"evidence with an empty name", true, attach("", strings.NewReader("x"))},
	{"evidence named only ..", true, attach("..", strings.NewReader("x"))},
	{"evidence that vanishes after 300 KB", true, attach("minutes.pdf", &vanishing{left: 300 << 10})},
	{"evidence that vanishes at once", true, attach("minutes.pdf", &vanishing{})},
	{"evidence named ../../etc/passwd", false, attach("../../etc/passwd", strings.NewReader("a"))},
	{`evidence named ..\..\Windows\win.ini`, false, attach(`..\..\Windows\win.ini`, strings.NewReader("b"))},
	{"evidence named /etc/shadow", false, attach("/etc/shadow", strings.NewReader("c"))},
	{`evidence named C:\Users\Public\report.docx`, false, attach(`C:\Users\Public\report.docx`, strings.NewReader("d"))},
	{`evidence named \\server\share\board.xlsx`, false, attach(`\\server\share\board.xlsx`, strings.NewReader("e"))},
	{"evidence named CON", false, attach("CON", strings.NewReader("f"))},
	{"evidence named NUL.txt", false, attach("NUL.txt", strings.NewReader("g"))},
	{"evidence named com1.pdf", false, attach("com1.pdf", strings.NewReader("h"))},
	{"evidence named with 400 characters", false, attach(strings.Repeat("long name ", 40)+".pdf", strings.NewReader("i"))},
	{"evidence named with 600 characters", true, attach(strings.Repeat("x", 600)+".pdf", strings.NewReader("j"))},
	{"evidence named with control characters", true, attach("a\x01b\x7f.txt", strings.NewReader("k"))},
	{"evidence named with emoji and right-to-left text", false, attach("תקציר 📎 report.pdf", strings.NewReader("l"))},
	{"evidence named =cmd|' /C calc'!A0", false, attach("=cmd|' /C calc'!A0.xlsx", strings.NewReader("m"))},
	{"evidence description of 1 MB", true, func(ctx context.Context, s assurance.Store, q *assurance.Question) error {
		return s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "d.txt", Description: strings.Repeat("d", 1<<20)}, strings.NewReader("n"))
	}},
	{"search for FTS syntax: \" NEAR( * OR - ^ :", false, func(ctx context.Context, s assurance.Store, _ *assurance.Question) error {
		for _, text := range []string{`"unterminated`, `NEAR(`, `*`, `a OR`, `-x`, `^`, `text:`, `'); DROP TABLE questions; --`, "\x00", strings.Repeat("(", 5000)} {
			if _, err := s.Search(ctx, text, 10); err != nil {
				return err
			}
		}
		return nil
	}},
	{"reference lookup with SQL injection", true, func(ctx context.Context, s assurance.Store, _ *assurance.Question) error {
		_, err := s.QuestionByRef(ctx, "Q-0001' OR '1'='1")
		if assurance.ErrorCode(err) == assurance.ENOTFOUND {
			return assurance.Errorf(assurance.EINVALID, "%s", assurance.ErrorMessage(err)) // a plain refusal
		}
		return err
	}},
}

// TestBadInput tries every input in badInputs against a real log. A refused
// input must give an EINVALID error with a message for the user and leave
// the log exactly as it was; an accepted one must read back exactly, and
// every evidence file, whatever its name, must extract inside the folder.
func TestBadInput(t *testing.T) {
	path := newLog(t)
	s := openLog(t, path)
	defer s.Close()
	ctx := context.Background()
	q := question("The question evidence is attached to")
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	for _, c := range badInputs {
		t.Run(c.name, func(t *testing.T) {
			before, err := snapshot(s)
			if err != nil {
				t.Fatal(err)
			}
			err = c.do(ctx, s, q)
			after, serr := snapshot(s)
			if serr != nil {
				t.Fatal(serr)
			}
			switch {
			case c.refuse && err == nil:
				t.Fatalf("accepted")
			case c.refuse && (assurance.ErrorCode(err) != assurance.EINVALID && assurance.ErrorCode(err) != assurance.EINTERNAL):
				t.Fatalf("refused with code %q: %v", assurance.ErrorCode(err), err)
			case c.refuse && (assurance.ErrorMessage(err) == "" || strings.Contains(assurance.ErrorMessage(err), "SQL")):
				t.Fatalf("refused without a plain message: %v", err)
			case c.refuse && before != after:
				t.Fatalf("refused, but the log changed:\n%s\n%s", before, after)
			case !c.refuse && err != nil:
				t.Fatalf("refused: %v", err)
			}
			if err != nil {
				t.Logf("refused: %s", firstLine(assurance.ErrorMessage(err)))
			} else {
				t.Logf("accepted")
			}
		})
	}
	checkStoredTextsAndNames(t, s)
}

func firstLine(s string) string {
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// checkStoredTextsAndNames reads back what was accepted and extracts every
// evidence file into a fresh folder.
func checkStoredTextsAndNames(t *testing.T, s assurance.Store) {
	ctx := context.Background()
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if !utf8.ValidString(q.Text) || assurance.CheckText(q.Text, assurance.MaxText, true) != "" {
			t.Errorf("%s holds text that should have been refused", q.Ref)
		}
	}
	hits, err := s.Search(ctx, "שלום", 5)
	if err != nil || len(hits) == 0 {
		t.Errorf("right-to-left text not found by search: %v %v", hits, err)
	}
	evs, err := s.EvidenceList(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "chosen")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if strings.ContainsAny(e.Name, `/\`) {
			t.Errorf("evidence %d kept a folder in its name: %q", e.ID, e.Name)
		}
		p, err := assurance.ExtractEvidence(ctx, s, e, dir)
		if err != nil {
			t.Errorf("extract %q: %v", e.Name, err)
			continue
		}
		if filepath.Dir(p) != dir {
			t.Errorf("evidence %q extracted to %q, outside %q", e.Name, p, dir)
		}
		if e.Size == 0 {
			if st, err := os.Stat(p); err != nil || st.Size() != 0 {
				t.Errorf("0-byte evidence extracted as %v, %v", st, err)
			}
		}
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("files written beside the chosen folder: %v", entries)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(evs) {
		t.Errorf("%d files extracted for %d evidence items", len(entries), len(evs))
	}
	t.Logf("%d bad inputs tried; %d evidence files extracted, all inside the folder", len(badInputs), len(evs))
}
