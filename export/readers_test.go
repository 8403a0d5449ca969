package export_test

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/export"
	"github.com/xuri/excelize/v2"
)

// readerView is what one workbook reader found in a paper.
type readerView struct {
	Sheets []struct {
		Name  string
		Cells int
	}
	Props struct {
		Title, Subject, Creator, Created, Modified string
	}
}

func (v readerView) counts() string {
	var b strings.Builder
	for _, s := range v.Sheets {
		fmt.Fprintf(&b, "%s=%d ", s.Name, s.Cells)
	}
	return strings.TrimSpace(b.String())
}

// readersDir is internal/readers, where make deps-test installs SheetJS and
// ExcelJS.
func readersDir(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "internal", "readers")
}

// readWith opens path with one reader and returns what it saw.
func readWith(t *testing.T, reader, path string) readerView {
	t.Helper()
	dir := readersDir(t)
	var cmd *exec.Cmd
	switch reader {
	case "openpyxl":
		cmd = exec.Command("/usr/bin/python3", filepath.Join(dir, "read_openpyxl.py"), path)
	case "gnumeric":
		return readGnumeric(t, path)
	default:
		cmd = exec.Command("node", filepath.Join(dir, "read.js"), reader, path)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("%s could not open %s cleanly: %v\n%s", reader, filepath.Base(path), err, stderr.String())
	}
	var v readerView
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s: %v\n%s", reader, err, out)
	}
	return v
}

// gnumericNoise is what ssconvert prints for every workbook with an Excel
// table (Gnumeric 1.12 has no tables: it ignores them, keeping the cells),
// and a GLib warning from goffice's own chart code about a property it
// sets on itself. Anything else it says about a paper fails the test.
var gnumericNoise = regexp.MustCompile(`^(|\tworksheet|Unexpected element 'tableParts' in state : |.*GLib-GObject-WARNING.*'GogAxis' has no property named 'allow-wrap')$`)

// readGnumeric converts every sheet to CSV with ssconvert and counts the
// non-empty cells.
func readGnumeric(t *testing.T, path string) readerView {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ssconvert", "-S", path, filepath.Join(dir, "sheet.csv"))
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ssconvert %s: %v\n%s", filepath.Base(path), err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if !gnumericNoise.MatchString(line) {
			t.Errorf("Gnumeric warns about %s: %q", filepath.Base(path), line)
		}
	}
	var v readerView
	for i := 0; ; i++ {
		f, err := os.Open(filepath.Join(dir, fmt.Sprintf("sheet.csv.%d", i)))
		if err != nil {
			break
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("read Gnumeric's CSV of sheet %d: %v", i, err)
			}
			for _, c := range rec {
				if c != "" {
					n++
				}
			}
		}
		f.Close()
		v.Sheets = append(v.Sheets, struct {
			Name  string
			Cells int
		}{export.Sheets[min(i, len(export.Sheets)-1)], n})
	}
	return v
}

// excelizeCounts counts the non-empty cells of each sheet as Guardian's own
// library reads them back: the yardstick the other readers must match.
func excelizeCounts(t *testing.T, path string) readerView {
	t.Helper()
	f := open(t, path)
	var v readerView
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range rows {
			for _, c := range r {
				if c != "" {
					n++
				}
			}
		}
		v.Sheets = append(v.Sheets, struct {
			Name  string
			Cells int
		}{sh, n})
	}
	return v
}

// readersAvailable lists the readers installed here, failing the test if
// any is missing (make deps-test installs all four).
func readersAvailable(t *testing.T) []string {
	var have, missing []string
	if _, err := os.Stat("/usr/bin/python3"); err == nil && exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run() == nil {
		have = append(have, "openpyxl")
	} else {
		missing = append(missing, "openpyxl (apt python3-openpyxl)")
	}
	if _, err := exec.LookPath("node"); err == nil {
		for _, lib := range []struct{ name, dir string }{{"sheetjs", "xlsx"}, {"exceljs", "exceljs"}} {
			if _, err := os.Stat(filepath.Join(readersDir(t), "node_modules", lib.dir)); err == nil {
				have = append(have, lib.name)
			} else {
				missing = append(missing, lib.name+" (npm install in internal/readers)")
			}
		}
	} else {
		missing = append(missing, "SheetJS and ExcelJS (apt nodejs npm)")
	}
	if _, err := exec.LookPath("ssconvert"); err == nil {
		have = append(have, "gnumeric")
	} else {
		missing = append(missing, "Gnumeric (apt gnumeric)")
	}
	// make test installs every reader; one missing would leave the paper
	// unchecked by it, so it fails rather than passing quietly.
	if len(missing) > 0 {
		t.Fatalf("readers not installed here (make deps-test installs them): %s", strings.Join(missing, ", "))
	}
	return have
}

// TestReadersOpenEveryPaper opens every kind of paper Guardian writes (the
// whole log, each scope, with and without evidence, an empty scope, odd
// text, a demo log) with openpyxl, SheetJS, ExcelJS and Gnumeric: each must
// open it without an error or a warning, find the same cells on every sheet
// as excelize does, and read the right document properties.
func TestReadersOpenEveryPaper(t *testing.T) {
	readers := readersAvailable(t)
	start := time.Now().UTC().Truncate(time.Second)
	papers := map[string]export.Options{
		"whole log":                {},
		"whole log with evidence":  {IncludeEvidence: true},
		"one meeting":              {Scope: export.Scope{MeetingID: 1}},
		"one driver with evidence": {Scope: export.Scope{Driver: "4"}, IncludeEvidence: true},
		"open questions only":      {Scope: export.Scope{OpenOnly: true}},
		"empty scope":              {Scope: export.Scope{Driver: "1", OpenOnly: true}},
	}
	paths := map[string]string{}
	for name, opt := range papers {
		paths[name], _ = writePaper(t, hostileLog(), opt)
	}
	paths["odd text"], _ = writePaper(t, oddTextLog(), export.Options{})
	paths["demo log"], _ = writePaper(t, demoLog(t, 150, 120), export.Options{})
	org, author := map[string]string{"demo log": "Northshire Community Health NHS Trust"}, map[string]string{"demo log": "Dr Alex Morgan, Non-executive Director and Health and Wellbeing Guardian"}
	end := time.Now().UTC().Add(time.Second)
	for name, path := range paths {
		want := excelizeCounts(t, path)
		for _, reader := range readers {
			got := readWith(t, reader, path)
			if got.counts() != want.counts() {
				t.Errorf("%s paper, %s: cells %s; excelize reads %s", name, reader, got.counts(), want.counts())
			}
			if reader == "gnumeric" {
				continue // ssconvert's CSV has no document properties
			}
			p := got.Props
			wantOrg, wantAuthor := cmp.Or(org[name], "Northshire & District NHS Trust"), cmp.Or(author[name], "Dr A. Guardian, Health and Wellbeing Guardian")
			if p.Title != export.DefaultTitle || !strings.Contains(p.Subject, wantOrg) || p.Creator != wantAuthor {
				t.Errorf("%s paper, %s: title %q, subject %q, author %q", name, reader, p.Title, p.Subject, p.Creator)
			}
			for what, v := range map[string]string{"created": p.Created, "modified": p.Modified} {
				when, err := time.Parse(time.RFC3339, v)
				if err != nil || when.Before(start) || when.After(end) {
					t.Errorf("%s paper, %s: %s %q, want the time of the export (%s to %s)", name, reader, what, v, start, end)
				}
			}
		}
	}
}

// TestPaperXMLRules checks, without any reader installed, the rules in the
// XML that the readers above rely on: docProps/core.xml in its namespaces
// with the export's date, each sheet's dimension covering its cells, tab
// colours in ARGB, and chart booleans as 0 or 1.
func TestPaperXMLRules(t *testing.T) {
	start := time.Now().UTC().Truncate(time.Second)
	path, _ := writePaper(t, hostileLog(), export.Options{})
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
	}
	core := parts["docProps/core.xml"]
	for _, want := range []string{"<cp:coreProperties ", "<cp:lastModifiedBy>", "<dc:title>" + export.DefaultTitle + "</dc:title>",
		"<dc:creator>Dr A. Guardian, Health and Wellbeing Guardian</dc:creator>", `<dcterms:created xsi:type="dcterms:W3CDTF">` + start.Format("2006-01-02T")} {
		if !strings.Contains(core, want) {
			t.Errorf("docProps/core.xml lacks %q:\n%s", want, core)
		}
	}
	if strings.Contains(core, "<lastModifiedBy") || strings.Contains(core, "2006-09-16") {
		t.Errorf("docProps/core.xml has an unprefixed element or excelize's 2006 date:\n%s", core)
	}
	f := open(t, path)
	tab := regexp.MustCompile(`<tabColor rgb="([0-9A-F]+)"`)
	dim := regexp.MustCompile(`<dimension ref="([A-Z0-9:]+)"`)
	for i, sh := range export.Sheets {
		x := parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)]
		if m := tab.FindStringSubmatch(x); m == nil || len(m[1]) != 8 {
			t.Errorf("%s: tab colour %q, want ARGB (8 hex digits)", sh, m)
		}
		if strings.Count(x, "xmlns") > 2 {
			t.Errorf("%s declares %d namespaces, want 2", sh, strings.Count(x, "xmlns"))
		}
		rows, _ := f.GetRows(sh)
		m := dim.FindStringSubmatch(x)
		if m == nil {
			t.Errorf("%s has no dimension", sh)
			continue
		}
		_, last, _ := strings.Cut(m[1], ":")
		_, lastRow, err := excelize.CellNameToCoordinates(last)
		if err != nil || lastRow < len(rows) {
			t.Errorf("%s: dimension %s, but the sheet has %d rows", sh, m[1], len(rows))
		}
	}
	for name, x := range parts {
		if strings.HasPrefix(name, "xl/charts/") && (strings.Contains(x, `="false"`) || strings.Contains(x, `="true"`)) {
			t.Errorf("%s has a boolean written as true/false", name)
		}
	}
}
