package importer_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
	"github.com/xuri/excelize/v2"
)

// openRefused opens path expecting a refusal naming want, and checks the
// file was not changed.
func openRefused(t *testing.T, path, want string) {
	t.Helper()
	before, _ := os.ReadFile(path)
	f, err := importer.Open(path)
	if err == nil {
		f.Close()
		t.Fatalf("%s opened; want it refused with %q", filepath.Base(path), want)
	}
	if msg := assurance.ErrorMessage(err); !strings.Contains(msg, want) || assurance.ErrorCode(err) != assurance.EINVALID {
		t.Errorf("%s: %q (%s); want a message containing %q", filepath.Base(path), msg, assurance.ErrorCode(err), want)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("%s was changed by a refused import", filepath.Base(path))
	}
}

// rewriteZip copies the workbook at src to dst, replacing or adding parts.
func rewriteZip(t *testing.T, src, dst string, parts map[string]func(w io.Writer)) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, f := range zr.File {
		if _, replaced := parts[f.Name]; replaced {
			continue
		}
		w, _ := zw.Create(f.Name)
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	for name, write := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		write(w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func emptyWorkbook(t *testing.T, dir string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	path := filepath.Join(dir, "empty.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestA50MBWorkbookIsRefusedBeforeItIsRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.xlsx")
	if err := os.WriteFile(path, []byte("PK\x03\x04"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 50<<20); err != nil {
		t.Fatal(err)
	}
	openRefused(t, path, "is 50 MB, larger than the 40 MB Guardian imports")
}

func TestAZipBombIsRefused(t *testing.T) {
	dir := t.TempDir()
	base := emptyWorkbook(t, dir)
	// A worksheet that unpacks to 300 MiB of spaces from a few hundred KB.
	bomb := filepath.Join(dir, "bomb.xlsx")
	rewriteZip(t, base, bomb, map[string]func(io.Writer){
		"xl/worksheets/sheet1.xml": func(w io.Writer) {
			chunk := bytes.Repeat([]byte(" "), 1<<20)
			for i := 0; i < 300; i++ {
				w.Write(chunk)
			}
		},
	})
	if st, _ := os.Stat(bomb); st.Size() > 8<<20 {
		t.Fatalf("the bomb is %d bytes; it should be small", st.Size())
	}
	openRefused(t, bomb, "unpacks to 300 MB")

	// A part whose header understates its size: the zip reader stops it.
	liar := filepath.Join(dir, "liar.xlsx")
	data, _ := os.ReadFile(bomb)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	out, _ := os.Create(liar)
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		h := f.FileHeader
		if f.Name == "xl/worksheets/sheet1.xml" {
			h.UncompressedSize64 = 100 // lies
		}
		w, _ := zw.CreateRaw(&h)
		r, _ := f.OpenRaw()
		io.Copy(w, r)
	}
	zw.Close()
	out.Close()
	openRefused(t, liar, `"liar.xlsx" is damaged: its part xl/worksheets/sheet1.xml cannot be read`)
}

func TestAMillionRowSheetIsRefusedInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 1,048,576-row sheet")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "million.xlsx")
	rewriteZip(t, emptyWorkbook(t, dir), path, map[string]func(io.Writer){
		"xl/worksheets/sheet1.xml": func(w io.Writer) {
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			fmt.Fprint(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>Area</t></is></c><c r="B1" t="inlineStr"><is><t>Question</t></is></c></row>`)
			for r := 2; r <= 1048576; r++ {
				fmt.Fprintf(w, `<row r="%d"><c r="A%d"><v>1.1</v></c><c r="B%d" t="inlineStr"><is><t>Q%d</t></is></c></row>`, r, r, r, r)
			}
			fmt.Fprint(w, `</sheetData></worksheet>`)
		},
	})
	start := time.Now()
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f, err := importer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = importer.Build(ctx, f, nil, framework(), importer.Options{})
	if msg := assurance.ErrorMessage(err); !strings.Contains(msg, "has more than 50,000 rows. Guardian imports up to 50,000 rows at a time") {
		t.Fatalf("a 1,048,576-row sheet: %v", err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t.Logf("refused in %v; heap in use %d MiB", time.Since(start).Round(time.Millisecond), after.HeapInuse>>20)
	if after.HeapInuse > 300<<20 {
		t.Errorf("heap in use %d MiB after refusing a million rows", after.HeapInuse>>20)
	}
}

func TestMacrosAndExternalLinksAreNotRunButTheValuesComeIn(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log with macros.xlsm")
	rewriteZip(t, messyWorkbook(t, dir), path, map[string]func(io.Writer){
		"xl/vbaProject.bin": func(w io.Writer) { w.Write([]byte("\xd0\xcf\x11\xe0 not really VBA")) },
		"xl/externalLinks/externalLink1.xml": func(w io.Writer) {
			fmt.Fprint(w, `<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`)
		},
	})
	f, err := importer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := strings.Join(f.Warnings, " ")
	if !strings.Contains(w, "contains macros. Guardian reads only the cells' values and never runs them") || !strings.Contains(w, "links to other workbooks") {
		t.Errorf("warnings %q", f.Warnings)
	}
	p, err := importer.Build(ctx, f, nil, framework(), importer.Options{Levels: rag})
	if err != nil {
		t.Fatal(err)
	}
	if n := p.Count(importer.Imported); n != 5 {
		t.Errorf("%d rows of the macro workbook would import, want 5", n)
	}
}

func TestAPasswordProtectedWorkbookIsRefusedByName(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Question")
	path := filepath.Join(dir, "protected.xlsx")
	if err := f.SaveAs(path, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	openRefused(t, path, "is protected with a password")

	old := filepath.Join(dir, "old.xls")
	os.WriteFile(old, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...), 0o600)
	openRefused(t, old, "old-style Excel 97-2003 workbook")

	other := filepath.Join(dir, "minutes.pdf")
	os.WriteFile(other, []byte("%PDF-1.7"), 0o600)
	openRefused(t, other, "is not a spreadsheet Guardian can import")
}

const csvLog = "Ref,Area,Question,Asked of,Date raised,Assurance,Response\r\n" +
	"C-1,1.1,Is the OHWB offer known to staff – all of them?,Director of People,02/12/2025,Reasonable,Yes – “Wellbeing Wednesdays” cost £1,200\r\n"

func TestCSVInUTF16AndWindows1252ComesInAsWritten(t *testing.T) {
	dir := t.TempDir()
	want := "Yes – “Wellbeing Wednesdays” cost £1,200"
	// Excel's "Unicode Text": UTF-16 little-endian with a mark, tab-separated.
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range strings.ReplaceAll(strings.ReplaceAll(csvLog, ",", "\t"), "£1\t200", "£1,200") {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	// Windows-1252, as older Excel writes "CSV" on a UK computer.
	quoted := strings.Replace(csvLog, want, `"`+want+`"`, 1)
	cp := strings.NewReplacer("–", "\x96", "“", "\x93", "”", "\x94", "£", "\xa3").Replace(quoted)
	for _, tc := range []struct {
		name string
		data []byte
		enc  string
	}{
		{"unicode.txt", utf16, "UTF-16"},
		{"windows.csv", []byte(cp), "Windows-1252"},
		{"utf8.csv", []byte("\xef\xbb\xbf" + quoted), ""},
	} {
		path := filepath.Join(dir, tc.name)
		os.WriteFile(path, tc.data, 0o600)
		f, err := importer.Open(path)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		p, err := importer.Build(ctx, f, nil, framework(), importer.Options{})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(p.Rows) != 2 || p.Rows[0].Reason != "The column headings" || p.Rows[1].Result != importer.Imported {
			t.Fatalf("%s: rows %+v", tc.name, p.Rows)
		}
		q := p.Rows[1].Question
		if q.Response != want || q.Text != "Is the OHWB offer known to staff – all of them?" || q.Level != assurance.Reasonable {
			t.Errorf("%s: response %q, text %q, level %s", tc.name, q.Response, q.Text, q.Level)
		}
		if got := strings.Join(f.Warnings, " "); (tc.enc == "") != (got == "") || !strings.Contains(got, tc.enc) {
			t.Errorf("%s: warnings %q, want the encoding %q named", tc.name, got, tc.enc)
		}
	}
}
