package importer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
)

// FuzzImport feeds the importer arbitrary bytes as a workbook or a CSV
// file. Whatever the bytes, it must not panic, must refuse with a plain
// EINVALID message rather than an internal error, and every row it lists
// must have a result and, unless imported, a reason; every row it would
// import must be a question the log accepts. The seeds in
// testdata/fuzz/FuzzImport (the messy workbook, CSVs in three encodings,
// damaged zips) run as ordinary tests in make test.
func FuzzImport(f *testing.F) {
	f.Add([]byte(csvLog), ".csv")
	f.Add([]byte("Question,Area\n=HYPERLINK(\"x\"),2.3\n"), ".csv")
	fw := framework()
	f.Fuzz(func(t *testing.T, data []byte, ext string) {
		if ext != ".csv" && ext != ".xlsx" {
			ext = ".xlsx"
		}
		path := filepath.Join(t.TempDir(), "log"+ext)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := importer.Open(path)
		if err != nil {
			if assurance.ErrorCode(err) != assurance.EINVALID {
				t.Fatalf("Open: %v (%s), want an EINVALID refusal", err, assurance.ErrorCode(err))
			}
			return
		}
		defer file.Close()
		p, err := importer.Build(ctx, file, nil, fw, importer.Options{Levels: rag})
		if err != nil {
			if assurance.ErrorCode(err) != assurance.EINVALID {
				t.Fatalf("Build: %v (%s), want an EINVALID refusal", err, assurance.ErrorCode(err))
			}
			return
		}
		last := 0
		for _, o := range p.Rows {
			if o.Row <= last {
				t.Fatalf("row %d listed after row %d", o.Row, last)
			}
			last = o.Row
			switch o.Result {
			case importer.Imported:
				if err := o.Question.Validate(catalogue); err != nil {
					t.Fatalf("row %d would import an invalid question: %v", o.Row, err)
				}
			case importer.Skipped, importer.Rejected:
				if o.Reason == "" {
					t.Fatalf("row %d %s with no reason", o.Row, o.Result)
				}
			default:
				t.Fatalf("row %d has result %q", o.Row, o.Result)
			}
		}
	})
}

// TestWriteFuzzSeeds writes the seed corpus when GUARDIAN_WRITE_SEEDS=1.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("GUARDIAN_WRITE_SEEDS") != "1" {
		t.Skip("set GUARDIAN_WRITE_SEEDS=1 to rewrite testdata/fuzz/FuzzImport")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzImport")
	os.MkdirAll(dir, 0o755)
	seed := func(name string, data []byte, ext string) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\nstring(%s)\n", strconv.Quote(string(data)), strconv.Quote(ext))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	messy, _ := os.ReadFile(messyWorkbook(t, t.TempDir()))
	seed("messy-workbook", messy, ".xlsx")
	seed("truncated-workbook", messy[:len(messy)/2], ".xlsx")
	seed("csv-utf8", []byte("\xef\xbb\xbf"+csvLog), ".csv")
	seed("csv-windows-1252", []byte("Ref;Area;Question;Raised\nA1;2.3;Caf\xe9 \x96 \x93open\x94?;31/02/2026\n"), ".csv")
	seed("csv-utf16", append([]byte{0xFF, 0xFE}, []byte("Q\x00u\x00e\x00s\x00t\x00i\x00o\x00n\x00\t\x00A\x00r\x00e\x00a\x00\n\x00x\x00\t\x002\x00.\x003\x00")...), ".csv")
	seed("ole-header", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, ".xlsx")
}
