package assurance_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
)

// The fuzz targets in this file run their seed corpora (the f.Add calls and
// testdata/fuzz/) on every `go test`; `make fuzz` runs them for longer.

// FuzzParseCatalogue feeds arbitrary bytes to the framework-file loader. It
// must never panic, and whatever it accepts must keep the rules the rest of
// Guardian relies on: unique ids, areas numbered under their driver, links set,
// and a catalogue that survives being written out and read back.
func FuzzParseCatalogue(f *testing.F) {
	f.Add(shippedExcerpt(f))
	f.Add([]byte(`{"frameworks":[{"id":"x","name":"X","version":"1","drivers":[{"id":"1","title":"T","areas":[{"id":"1.1","short_title":"s","title":"t","description":"d"}]}]}]}`))
	f.Add([]byte(`{"frameworks":[]}`))
	f.Add([]byte(`{"frameworks":[null]}`))
	f.Add([]byte(`{"frameworks":[{"id":"x","drivers":[null]}]}`))
	f.Add([]byte(`{} {}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := assurance.ParseCatalogue(data)
		if err != nil {
			if c != nil {
				t.Fatalf("error %v with a catalogue", err)
			}
			if !strings.HasPrefix(err.Error(), "framework file is not valid: ") {
				t.Fatalf("error does not say which file is at fault: %v", err)
			}
			return
		}
		checkCatalogue(t, c)
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := assurance.ParseCatalogue(again)
		if err != nil {
			t.Fatalf("accepted catalogue does not read back: %v\n%s", err, again)
		}
		again2, _ := json.Marshal(c2)
		if string(again) != string(again2) {
			t.Fatalf("catalogue changed on a round trip:\n%s\n%s", again, again2)
		}
	})
}

// shippedExcerpt is the shipped framework file cut down to two drivers of two
// areas: the real shape, small enough for the fuzzer to mutate quickly (the
// whole 12 KB file slows Go's mutator to a few runs a second).
func shippedExcerpt(f *testing.F) []byte {
	data, err := os.ReadFile(filepath.Join("..", "assets", assets.FrameworkFile))
	if err != nil {
		f.Fatal(err)
	}
	c, err := assurance.ParseCatalogue(data)
	if err != nil {
		f.Fatal(err)
	}
	fw := *c.Default()
	fw.Drivers = fw.Drivers[:2]
	for i, d := range fw.Drivers {
		cut := *d
		cut.Areas = cut.Areas[:2]
		for j, a := range cut.Areas {
			short := *a
			short.Description = short.Description[:40]
			cut.Areas[j] = &short
		}
		fw.Drivers[i] = &cut
	}
	out, err := json.MarshalIndent(assurance.Catalogue{Frameworks: []*assurance.Framework{&fw}}, "", " ")
	if err != nil {
		f.Fatal(err)
	}
	return out
}

func checkCatalogue(t *testing.T, c *assurance.Catalogue) {
	t.Helper()
	if len(c.Frameworks) == 0 || c.Default() == nil {
		t.Fatal("accepted a catalogue with no framework")
	}
	fws := map[string]bool{}
	for _, fw := range c.Frameworks {
		if fws[fw.ID] || c.Framework(fw.ID) != fw {
			t.Fatalf("framework %q not unique", fw.ID)
		}
		fws[fw.ID] = true
		areas := map[string]bool{}
		for _, d := range fw.Drivers {
			if d.Framework != fw || fw.Driver(d.ID) != d {
				t.Fatalf("driver %q not linked or not unique", d.ID)
			}
			if len(d.Areas) == 0 {
				t.Fatalf("driver %q has no areas", d.ID)
			}
			for _, a := range d.Areas {
				if a.Driver != d || !strings.HasPrefix(a.ID, d.ID+".") || areas[a.ID] || c.Area(fw.ID, a.ID) != a {
					t.Fatalf("area %q wrong: under %q, seen %v", a.ID, d.ID, areas[a.ID])
				}
				areas[a.ID] = true
				if strings.TrimSpace(a.Title) == "" || strings.TrimSpace(a.Description) == "" {
					t.Fatalf("area %q accepted without title or description", a.ID)
				}
			}
		}
	}
}

// reservedWindowsStem reports whether Windows treats a file whose name starts
// with stem (before the first dot, trailing spaces ignored) as a device. The
// superscript digits are on Microsoft's list too ("Naming Files, Paths, and
// Namespaces").
func reservedWindowsStem(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(stem) >= 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) {
		switch stem[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// FuzzCleanFileName checks that no evidence name, however hostile, yields a
// file name that leaves the chosen folder or that Windows would refuse or
// treat as a device.
func FuzzCleanFileName(f *testing.F) {
	for _, s := range []string{
		"minutes.pdf", "", ".", "..", "...", "../../etc/passwd", `..\..\Windows\win.ini`,
		"/etc/shadow", `C:\Users\x\report.docx`, `\\server\share\f.xlsx`, "CON", "con.txt", "NUL ", "nul.tar.gz",
		"COM1", "LPT9.log", "COM¹.txt", "CONIN$", "a:b", "a\x00b", "x\ty", "report. . .", " spaced ",
		strings.Repeat("a", 300) + ".pdf", strings.Repeat("é", 200), "\xff\xfe.txt", "مرحبا.txt", "😀.png",
		"a/..", "a\\..", "..\x00", "name.verylongextensionthatgoesonandon", "\u202egnp.exe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := assurance.CleanFileName(name)
		if got == "" || got == "." || got == ".." {
			t.Fatalf("CleanFileName(%q) = %q", name, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("CleanFileName(%q) = %q: not valid UTF-8", name, got)
		}
		if len(got) > 180 {
			t.Fatalf("CleanFileName(%q) is %d bytes long", name, len(got))
		}
		if strings.ContainsAny(got, `/\:<>"|?*`) {
			t.Fatalf("CleanFileName(%q) = %q: contains a path or forbidden character", name, got)
		}
		for _, r := range got {
			if r < 32 || r == 127 {
				t.Fatalf("CleanFileName(%q) = %q: contains control character %U", name, got, r)
			}
		}
		if strings.HasSuffix(got, ".") || strings.HasSuffix(got, " ") || strings.HasPrefix(got, " ") {
			t.Fatalf("CleanFileName(%q) = %q: Windows would change the name", name, got)
		}
		if reservedWindowsStem(got) {
			t.Fatalf("CleanFileName(%q) = %q: a reserved Windows name", name, got)
		}
		if !filepath.IsLocal(got) || filepath.Base(got) != got {
			t.Fatalf("CleanFileName(%q) = %q: not a plain local name", name, got)
		}
		dir := "/chosen/folder"
		if p := filepath.Join(dir, got); filepath.Dir(p) != dir {
			t.Fatalf("CleanFileName(%q) = %q escapes the folder: %s", name, got, p)
		}
		if again := assurance.CleanFileName(got); again != got {
			t.Fatalf("CleanFileName is not stable: %q -> %q -> %q", name, got, again)
		}
		// The exported name adds a prefix; it must stay one plain name too.
		e := &assurance.Evidence{ID: 7, QuestionRef: "Q-0001", Name: name}
		if en := assurance.EvidenceFileName(e); !filepath.IsLocal(en) || filepath.Base(en) != en || strings.ContainsAny(en, `/\`) {
			t.Fatalf("EvidenceFileName(%q) = %q", name, en)
		}
	})
}

// FuzzCheckText checks properties of the text rules rather than restating
// them: CheckText never panics; what it accepts survives the JSON of the
// audit log and the XML of a workbook unchanged, and stays accepted when cut
// short or when line breaks are allowed; a control character or a broken
// byte added to accepted text is refused; and a question carrying the text
// is refused exactly when CheckText objects, with EINVALID and a message that
// names the field.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"", "plain", "two\nlines", "tab\there", "nul\x00", "\x1b[31mred", "\xff", "\u200f\u05e9\u05dc\u05d5\u05dd", "😀", "\uFFFE", "\u0085", "bell\a", "cr\r\nlf", strings.Repeat("x", 600)} {
		f.Add(s, true)
		f.Add(s, false)
	}
	cat := assets.MustCatalogue()
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		most := assurance.MaxLine
		if multiline {
			most = assurance.MaxText
		}
		problem := assurance.CheckText(s, most, multiline)
		checkFieldNamed(t, cat, s, multiline, problem)
		if problem != "" {
			if problem != strings.TrimSpace(problem) || strings.HasSuffix(problem, ".") || problem[0] < 'a' || problem[0] > 'z' {
				t.Fatalf("CheckText(%q) = %q: not a phrase to follow a field's name", s, problem)
			}
			return
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > most {
			t.Fatalf("CheckText accepted %q (%d characters, most %d)", s, utf8.RuneCountInString(s), most)
		}
		if !multiline && assurance.CheckText(s, assurance.MaxText, true) != "" {
			t.Fatalf("%q is accepted on one line but not in long text", s)
		}
		roundTrips(t, s)
		cut := []rune(s)
		for _, n := range []int{len(cut) / 2, max(len(cut)-1, 0)} {
			if p := assurance.CheckText(string(cut[:n]), most, multiline); p != "" {
				t.Fatalf("%q is accepted, but its first %d characters are not: %s", s, n, p)
			}
		}
		for _, bad := range []string{"\x00", "\x1b", "\x7f", "\u0085", "\xff"} {
			if assurance.CheckText(s+bad, most, multiline) == "" {
				t.Fatalf("CheckText accepted %q followed by %q", s, bad)
			}
		}
	})
}

// roundTrips checks accepted text comes back unchanged from the JSON the
// audit log keeps and from the XML a workbook cell holds.
func roundTrips(t *testing.T, s string) {
	t.Helper()
	js, err := json.Marshal(s)
	var back string
	if err != nil || json.Unmarshal(js, &back) != nil || back != s {
		t.Fatalf("%q does not survive JSON: %s, %v -> %q", s, js, err, back)
	}
	var x strings.Builder
	x.WriteString("<c>")
	if err := xml.EscapeText(&x, []byte(s)); err != nil {
		t.Fatal(err)
	}
	x.WriteString("</c>")
	var cell struct {
		Text string `xml:",chardata"`
	}
	if err := xml.Unmarshal([]byte(x.String()), &cell); err != nil || cell.Text != s {
		t.Fatalf("%q does not survive a workbook cell: %s, %v -> %q", s, x.String(), err, cell.Text)
	}
}

// checkFieldNamed puts s in a question's comment (long text) or asked-of
// (one line) and checks Validate refuses it exactly when CheckText has a
// problem, with EINVALID, the field's key, and the field's name in the
// message the user reads.
func checkFieldNamed(t *testing.T, cat *assurance.Catalogue, s string, multiline bool, problem string) {
	t.Helper()
	q := &assurance.Question{Area: "1.1", Text: "Is the board assured?", Status: assurance.StatusDraft, Level: assurance.NotAssessed}
	field, name := assurance.FieldAskedOf, "Asked of"
	if multiline {
		field, name = assurance.FieldComment, "Your comment"
		q.Comment = s
	} else {
		q.AskedOf = s
	}
	err := q.Validate(cat)
	if problem == "" {
		if err != nil {
			t.Fatalf("CheckText accepts %q, but the question is refused: %v", s, err)
		}
		return
	}
	got := assurance.FieldErrors(err)[field]
	if assurance.ErrorCode(err) != assurance.EINVALID || got != name+" "+problem+"." || !strings.Contains(assurance.ErrorMessage(err), got) {
		t.Fatalf("question with %q: code %q, %s says %q, message %q; want EINVALID naming %q",
			s, assurance.ErrorCode(err), field, got, assurance.ErrorMessage(err), name)
	}
}

// FuzzParseDate checks the date reader never panics, keeps years plausible,
// and that what it accepts reads back the same in every form it prints.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-01-31", "31/01/2026", "1/2/2026", "2 Jan 2006", "2 January 2006", "31.12.1999",
		"0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01", "29/02/2023", "31/04/2026", "", "  ", "yesterday",
		"2026-13-01", "-1-01-01", "2026-1-1", "99999999999999999999-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := assurance.ParseDate(s)
		if err != nil {
			if assurance.ErrorCode(err) != assurance.EINVALID {
				t.Fatalf("ParseDate(%q): error code %q, want invalid", s, assurance.ErrorCode(err))
			}
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) returned %v with an error", s, d)
			}
			return
		}
		if d.IsZero() {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("ParseDate(%q) gave no date and no error", s)
			}
			return
		}
		if d.Year < 1900 || d.Year > 2999 {
			t.Fatalf("ParseDate(%q) = %v: implausible year accepted", s, d)
		}
		if assurance.NewDate(d.Year, d.Month, d.Day) != d {
			t.Fatalf("ParseDate(%q) = %#v: not a real calendar date", s, d)
		}
		for _, form := range []string{d.String(), d.UK(), d.Time().Format("02/01/2006")} {
			if back, err := assurance.ParseDate(form); err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %v, but %q reads back as %v, %v", s, d, form, back, err)
			}
		}
		var u assurance.Date
		text, _ := d.MarshalText()
		if err := u.UnmarshalText(text); err != nil || u != d {
			t.Fatalf("text round trip of %v: %v, %v", d, u, err)
		}
	})
}
