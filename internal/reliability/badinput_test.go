package reliability

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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

// badInput is one hostile or unusual input, and every one goes to the store:
// a question to create or a file to attach. A refused input names, in field
// and words, the field the user must correct; an accepted one must read back
// exactly as given (an evidence name keeps only its last part, stored).
type badInput struct {
	name string
	// field and words say what a refusal must name: field is the key of
	// assurance.FieldErrors ("" when the problem is the file itself, not a
	// field of the form), words the text the message must contain. An input
	// with no words must be accepted.
	field, words string
	q            *assurance.Question
	ev           *evidenceInput
}

// evidenceInput is a file to attach: its name, description and bytes, or a
// reader that fails part way.
type evidenceInput struct {
	name, description string
	data              []byte
	r                 io.Reader // read instead of data when set
	stored            string    // the name the store keeps, when not name
}

func (c badInput) refused() bool { return c.words != "" }

func question(text string) *assurance.Question {
	return &assurance.Question{Area: "2.5", Text: text, AskedOf: "Chief Nurse"}
}

func file(name, data string) *evidenceInput { return &evidenceInput{name: name, data: []byte(data)} }

// refuseQ and refuseE build refused inputs, acceptQ and acceptE accepted ones.
func refuseQ(name, field, words string, q *assurance.Question) badInput {
	return badInput{name: name, field: field, words: words, q: q}
}
func acceptQ(name string, q *assurance.Question) badInput { return badInput{name: name, q: q} }
func refuseE(name, field, words string, e *evidenceInput) badInput {
	return badInput{name: name, field: field, words: words, ev: e}
}
func acceptE(name string, e *evidenceInput) badInput { return badInput{name: name, ev: e} }

const fileName, description = assurance.FieldName, assurance.FieldDescription

var badInputs = []badInput{
	refuseQ("question text of 1 MB", assurance.FieldText, "The question", question(strings.Repeat("Is the board assured? ", 1<<20/22))),
	refuseQ("question text of invalid UTF-8", assurance.FieldText, "The question", question("Minutes \xff\xfe pasted from a damaged file")),
	refuseQ("question text with a NUL character", assurance.FieldText, "The question", question("before\x00after")),
	refuseQ("question text with terminal escape codes", assurance.FieldText, "The question", question("\x1b[31mred\x1b[0m")),
	refuseQ("question text with a bell and a form feed", assurance.FieldText, "The question", question("ring\a page\f")),
	refuseQ("asked-of with a line break", assurance.FieldAskedOf, "Asked of", &assurance.Question{Area: "1.1", Text: "Who?", AskedOf: "Chief\nExecutive"}),
	refuseQ("question text of 32,001 characters", assurance.FieldText, "The question", question(strings.Repeat("é", assurance.MaxText+1))),
	acceptQ("question text of exactly 32,000 characters", question(strings.Repeat("é", assurance.MaxText))),
	acceptQ("right-to-left text, emoji and combining accents", question("שלום عليكم 👩‍⚕️🏥 — cafe\u0301 \u202eevil\u202c; tabs\tand\nlines")),
	acceptQ("question text with SQL and search syntax", question(`Q-0001' OR '1'='1 "unterminated NEAR( * a OR -x ^ text: '); DROP TABLE questions; --`)),
	refuseQ("raised in year 1", assurance.FieldRaisedOn, "date raised", &assurance.Question{Area: "1.1", Text: "Ancient", RaisedOn: assurance.Date{Year: 1, Month: 1, Day: 1}}),
	refuseQ("due in year 99999", assurance.FieldDueOn, "due date", &assurance.Question{Area: "1.1", Text: "Far future", DueOn: assurance.Date{Year: 99999, Month: 12, Day: 31}}),
	refuseQ("due on 30 February", assurance.FieldDueOn, "due date", &assurance.Question{Area: "1.1", Text: "No such day", DueOn: assurance.Date{Year: 2026, Month: 2, Day: 30}}),
	acceptQ("dates at the limits, 1 Jan 1900 and 31 Dec 2999", &assurance.Question{Area: "1.1", Text: "Limits", RaisedOn: assurance.NewDate(1900, 1, 1), DueOn: assurance.NewDate(2999, 12, 31)}),
	refuseQ("question in an area that does not exist", assurance.FieldArea, "action area", &assurance.Question{Area: "9.9", Text: "Nowhere"}),
	acceptE("0-byte evidence", file("empty.txt", "")),
	refuseE("evidence with an empty name", fileName, "file name", file("", "x")),
	refuseE("evidence named only ..", fileName, "file name", file("..", "x")),
	refuseE("evidence that vanishes after 300 KB", "", "the file being attached", &evidenceInput{name: "minutes.pdf", r: &vanishing{left: 300 << 10}}),
	refuseE("evidence that vanishes at once", "", "the file being attached", &evidenceInput{name: "minutes.pdf", r: &vanishing{}}),
	acceptE("evidence named ../../etc/passwd", &evidenceInput{name: "../../etc/passwd", data: []byte("a"), stored: "passwd"}),
	acceptE(`evidence named ..\..\Windows\win.ini`, &evidenceInput{name: `..\..\Windows\win.ini`, data: []byte("b"), stored: "win.ini"}),
	acceptE("evidence named /etc/shadow", &evidenceInput{name: "/etc/shadow", data: []byte("c"), stored: "shadow"}),
	acceptE(`evidence named C:\Users\Public\report.docx`, &evidenceInput{name: `C:\Users\Public\report.docx`, data: []byte("d"), stored: "report.docx"}),
	acceptE(`evidence named \\server\share\board.xlsx`, &evidenceInput{name: `\\server\share\board.xlsx`, data: []byte("e"), stored: "board.xlsx"}),
	acceptE("evidence named CON", file("CON", "f")),
	acceptE("evidence named NUL.txt", file("NUL.txt", "g")),
	acceptE("evidence named com1.pdf", file("com1.pdf", "h")),
	acceptE("evidence named with 400 characters", file(strings.Repeat("long name ", 40)+".pdf", "i")),
	refuseE("evidence named with 600 characters", fileName, "file name", file(strings.Repeat("x", 600)+".pdf", "j")),
	refuseE("evidence named with control characters", fileName, "file name", file("a\x01b\x7f.txt", "k")),
	acceptE("evidence named with emoji and right-to-left text", file("תקציר 📎 report.pdf", "l")),
	acceptE("evidence named =cmd|' /C calc'!A0", &evidenceInput{name: "=cmd|' /C calc'!A0.xlsx", data: []byte("m"), stored: "C calc'!A0.xlsx"}),
	refuseE("evidence description of 1 MB", description, "description", &evidenceInput{name: "d.txt", description: strings.Repeat("d", 1<<20), data: []byte("n")}),
}

// TestBadInput gives every input in badInputs to a real log. A refused input
// must give EINVALID, a message naming the field (or the file), the same
// words against the field itself, and leave the log exactly as it was. An
// accepted one is read back from the store and must equal what was given,
// bytes included. Then every evidence file, whatever its name, must extract
// inside the chosen folder, under the name docs/reliability.md gives.
func TestBadInput(t *testing.T) {
	path := newLog(t)
	s := openLog(t, path)
	defer s.Close()
	ctx := context.Background()
	q := question("The question evidence is attached to")
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	var refused, accepted int
	for _, c := range badInputs {
		t.Run(c.name, func(t *testing.T) {
			before, err := snapshot(s)
			if err != nil {
				t.Fatal(err)
			}
			var (
				gotQ *assurance.Question
				gotE *assurance.Evidence
			)
			switch {
			case c.q != nil:
				gotQ = new(assurance.Question)
				*gotQ = *c.q
				err = s.CreateQuestion(ctx, gotQ)
			case c.ev != nil:
				gotE = &assurance.Evidence{QuestionID: q.ID, Name: c.ev.name, Description: c.ev.description}
				r := c.ev.r
				if r == nil {
					r = bytes.NewReader(c.ev.data)
				}
				err = s.AttachEvidence(ctx, gotE, r)
			default:
				t.Fatal("a bad input must go to the store")
			}
			if c.refused() {
				refused++
				after, serr := snapshot(s)
				if serr != nil {
					t.Fatal(serr)
				}
				checkRefusal(t, c, err)
				if before != after {
					t.Errorf("refused, but the log changed:\n%s\n%s", before, after)
				}
				return
			}
			accepted++
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if c.q != nil {
				checkQuestionReadBack(t, s, c.q, gotQ.ID)
			} else {
				checkEvidenceReadBack(t, s, c.ev, gotE.ID)
			}
		})
	}
	t.Logf("%d inputs: %d refused naming the field, %d accepted and read back exactly", len(badInputs), refused, accepted)
	checkStoredTextsAndNames(t, s)
}

// checkRefusal checks err is a plain EINVALID refusal naming c's field.
func checkRefusal(t *testing.T, c badInput, err error) {
	t.Helper()
	msg := assurance.ErrorMessage(err)
	switch {
	case err == nil:
		t.Fatal("accepted")
	case assurance.ErrorCode(err) != assurance.EINVALID:
		t.Fatalf("refused with code %q, want %q: %v", assurance.ErrorCode(err), assurance.EINVALID, err)
	case !strings.Contains(strings.ToLower(msg), strings.ToLower(c.words)):
		t.Errorf("message %q does not name %q", firstLine(msg), c.words)
	case strings.Contains(msg, "SQL") || strings.Contains(msg, "sqlite"):
		t.Errorf("message speaks of the database: %q", firstLine(msg))
	}
	if c.field != "" {
		fields := assurance.FieldErrors(err)
		if f := fields[c.field]; !strings.Contains(strings.ToLower(f), strings.ToLower(c.words)) || !strings.Contains(msg, f) {
			t.Errorf("field %q says %q (all: %v); want the words %q, shown in the message", c.field, firstLine(f), fields, c.words)
		}
	}
	t.Logf("refused: %s", firstLine(msg))
}

// checkQuestionReadBack reads question id back from the store and compares
// it with what was given.
func checkQuestionReadBack(t *testing.T, s assurance.Store, want *assurance.Question, id int64) {
	t.Helper()
	got, err := s.Question(context.Background(), id)
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if got.Text != want.Text || got.AskedOf != want.AskedOf || got.Area != want.Area ||
		got.RaisedOn != want.RaisedOn || got.DueOn != want.DueOn {
		t.Errorf("read back %s differs: text %d→%d bytes (equal %v), asked of %q→%q, area %q→%q, raised %v→%v, due %v→%v",
			got.Ref, len(want.Text), len(got.Text), got.Text == want.Text, want.AskedOf, got.AskedOf,
			want.Area, got.Area, want.RaisedOn, got.RaisedOn, want.DueOn, got.DueOn)
	}
}

// checkEvidenceReadBack reads evidence id back from the store, bytes
// included, and compares it with what was attached.
func checkEvidenceReadBack(t *testing.T, s assurance.Store, want *evidenceInput, id int64) {
	t.Helper()
	ctx := context.Background()
	got, err := s.Evidence(ctx, id)
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	name := want.name
	if want.stored != "" {
		name = want.stored
	}
	sum := sha256.Sum256(want.data)
	if got.Name != name || got.Description != want.description || got.Size != int64(len(want.data)) || got.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("read back %q (%q, %d bytes, %s), want %q (%q, %d bytes, %x)", got.Name, firstLine(got.Description), got.Size, got.SHA256,
			name, firstLine(want.description), len(want.data), sum)
	}
	rc, err := s.OpenEvidence(ctx, id)
	if err != nil {
		t.Fatalf("open evidence: %v", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(data, want.data) {
		t.Errorf("evidence bytes read back = %q, %v; want %q", firstLine(string(data)), err, want.data)
	}
}

// TestHostileLookups searches for FTS5 syntax and looks up a reference
// with SQL injection in a log that holds a question: searches must not
// fail, the lookup must find nothing, and the log must not change.
func TestHostileLookups(t *testing.T) {
	path := newLog(t)
	s := openLog(t, path)
	defer s.Close()
	ctx := context.Background()
	if err := s.CreateQuestion(ctx, question("Is the board assured?")); err != nil {
		t.Fatal(err)
	}
	before, err := snapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{`"unterminated`, `NEAR(`, `*`, `a OR`, `-x`, `^`, `text:`, `'); DROP TABLE questions; --`, "\x00", strings.Repeat("(", 5000)} {
		if _, err := s.Search(ctx, text, 10); err != nil {
			t.Errorf("search %q: %v", firstLine(text), err)
		}
	}
	if q, err := s.QuestionByRef(ctx, "Q-0001' OR '1'='1"); assurance.ErrorCode(err) != assurance.ENOTFOUND {
		t.Errorf("lookup with SQL injection = %v, %v; want ENOTFOUND", q, err)
	}
	if after, err := snapshot(s); err != nil || after != before {
		t.Errorf("the log changed: %v\n%s\n%s", err, before, after)
	}
}

func firstLine(s string) string {
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// extractedAs is the name part (after "Q-0001 E5 ") that docs/reliability.md
// says an evidence name is extracted under, where it is not the name itself:
// Windows' device names get a "_" first.
var extractedAs = map[string]string{"CON": "_CON", "NUL.txt": "_NUL.txt", "com1.pdf": "_com1.pdf"}

// checkExtractedName checks the file an evidence item was extracted to is
// named by its question and number, then its name: a device name made safe,
// a long one cut to 180 bytes keeping its extension, any other kept whole.
func checkExtractedName(t *testing.T, e *assurance.Evidence, got string) {
	t.Helper()
	prefix := fmt.Sprintf("%s E%d ", e.QuestionRef, e.ID)
	rest, ok := strings.CutPrefix(got, prefix)
	switch want, safe := extractedAs[e.Name]; {
	case !ok:
		t.Errorf("evidence %q extracted as %q, want it to start %q", firstLine(e.Name), got, prefix)
	case safe && rest != want:
		t.Errorf("evidence %q extracted as %q, want %q", e.Name, got, prefix+want)
	case len(e.Name) > 180 && (len(rest) != 180 || filepath.Ext(rest) != filepath.Ext(e.Name) || !strings.HasPrefix(e.Name, strings.TrimSuffix(rest, filepath.Ext(rest)))):
		t.Errorf("evidence named with %d bytes extracted as %q (%d bytes after the prefix), want its first 180 bytes with the extension kept", len(e.Name), got, len(rest))
	case !safe && len(e.Name) <= 180 && e.Name != "" && e.Name == assurance.CleanFileName(e.Name) && rest != e.Name:
		t.Errorf("evidence %q extracted as %q, want the name kept", e.Name, got)
	}
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
		checkExtractedName(t, e, filepath.Base(p))
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
