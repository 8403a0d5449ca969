package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// handWorkbook is a workbook written part by part, with what other
// programs write that excelize does not: rows and cells without numbers,
// gaps, rich and phonetic text, prefixed names, entities and CDATA,
// formulas with and without saved values, and every type of cell.
func handWorkbook(t *testing.T, sheet2 string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/other.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="Log" sheetId="1" r:id="rId1"/><x:sheet name="Other" sheetId="2" r:id="rId2"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/other.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">` +
			`<si><t>Ref</t></si>` +
			`<si><t xml:space="preserve"> Question &amp; answer </t></si>` +
			`<si><r><rPr><b/></rPr><t>Rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>` +
			`<si><t><![CDATA[a < b]]></t></si>` +
			`<si><t>Caf&#233; &#x2013; "quoted"</t></si></sst>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H9"/><sheetData>` +
			`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s" s="3"><v>1</v></c><c t="s"><v> 2 </v></c></row>` +
			`<row><c t="s"><v>3</v></c><c t="s"><v>4</v></c><c t="s"><v>99</v></c><c t="s"><v></v></c><c r="G3" t="inlineStr"><is><t>inline</t></is></c></row>` +
			`<row r="6" spans="1:8" ht="20" customHeight="1"><c r="B6" t="inlineStr"><is><r><t>in</t></r><r><t>line rich</t></r></is></c><c r="D6"><v>45992</v></c><c r="E6" t="b"><v>1</v></c><c r="F6" t="e"><v>#N/A</v></c><c r="H6" t="str"><f>A1&amp;"x"</f><v>Refx</v></c></row>` +
			`<row r="7"><c r="A7"><f>HYPERLINK("https://example.org","x")</f></c><c r="B7" t="d"><v>2026-12-03T00:00:00</v></c><c r="C7" s="2"/><c r="D7"><v>1.5E-3</v></c></row>` +
			`<!-- a comment --><row r="9"/><row r="10"><c r="A10" t="inlineStr"><is><t>line one
line two</t></is></c><c r="B10" t='str'><v>&lt;tag&gt; &amp;&#10;</v></c><c r="C10"/></row></sheetData></worksheet>`,
		"xl/worksheets/other.xml": sheet2,
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// cellsBothWays reads every sheet of the workbook at path with sheetCells
// and with excelize, and fails unless they agree; it returns how many
// sheets sheetCells read itself.
func cellsBothWays(t *testing.T, path string) (plain int) {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.Sheets {
		var got, want []string
		collect := func(into *[]string) func(int, []string) (bool, error) {
			return func(num int, cells []string) (bool, error) {
				*into = append(*into, fmt.Sprintf("%d %q", num, cells))
				return false, nil
			}
		}
		err := f.plainCells(sheet, collect(&got))
		if errors.Is(err, errNotPlain) {
			continue
		}
		plain++
		werr := f.excelizeCells(sheet, collect(&want))
		if (err == nil) != (werr == nil) {
			t.Fatalf("%s: sheetCells says %v, excelize %v", sheet, err, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s of %s read differently:\nsheetCells %s\nexcelize   %s", sheet, filepath.Base(path), strings.Join(got, "\n           "), strings.Join(want, "\n           "))
		}
	}
	return plain
}

// TestSheetCellsReadsAsExcelizeDoes: the fast reader gives every row
// exactly what excelize gives, for workbooks written by hand, by excelize
// and the messy workbook, and leaves to excelize what it cannot read
// plainly.
func TestSheetCellsReadsAsExcelizeDoes(t *testing.T) {
	t.Run("whole", testSheetCells)
	// Cut into pieces of a row or two: each piece ends after a </row>.
	defer func(n int) { pieceSize = n }(pieceSize)
	pieceSize = 60
	t.Run("pieces", testSheetCells)
}

func testSheetCells(t *testing.T) {
	dir := t.TempDir()
	plainSheet := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if n := cellsBothWays(t, write("hand.xlsx", handWorkbook(t, plainSheet))); n != 2 {
		t.Errorf("sheetCells read %d of the hand-made workbook's 2 sheets itself, want 2", n)
	}
	// Not plain: excelize reads these, and must still read them the same.
	for name, sheet := range map[string]string{
		"escaped":      `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>a_x000D_b</t></is></c></row></sheetData></worksheet>`,
		"out-of-order": `<worksheet><sheetData><row r="3"><c><v>1</v></c></row><row r="2"><c><v>2</v></c></row></sheetData></worksheet>`,
		"bad-style":    `<worksheet><sheetData><row r="1"><c s="x"><v>1</v></c></row></sheetData></worksheet>`,
		"crlf":         "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>a\r\nb</t></is></c></row></sheetData></worksheet>",
		"doctype":      `<!DOCTYPE worksheet><worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData></worksheet>`,
		"mismatched":   `<worksheet><sheetData><row r="1"><c><v>1</c></v></row></sheetData></worksheet>`,
		"entity":       `<worksheet><sheetData><row r="1"><c><v>&nbsp;</v></c></row></sheetData></worksheet>`,
		"latin1":       `<?xml version="1.0" encoding="ISO-8859-1"?><worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData></worksheet>`,
	} {
		if n := cellsBothWays(t, write(name+".xlsx", handWorkbook(t, sheet))); n != 1 {
			t.Errorf("%s: sheetCells read %d sheets itself, want 1 (the other left to excelize)", name, n)
		}
	}
	messy := messyWorkbookForTest(t, dir)
	if n := cellsBothWays(t, messy); n == 0 {
		t.Error("sheetCells read none of the messy workbook's sheets itself")
	}
	x := excelize.NewFile()
	for i := 1; i <= 50; i++ {
		x.SetCellValue("Sheet1", "A"+strconv.Itoa(i*2), i)
		x.SetCellValue("Sheet1", "C"+strconv.Itoa(i*2), fmt.Sprintf("row %d <&>", i))
		x.SetCellFormula("Sheet1", "D"+strconv.Itoa(i*2), "A1*2")
	}
	x.SetCellValue("Sheet1", "B3", true)
	x.SetCellValue("Sheet1", "B5", 3.25)
	sp := filepath.Join(dir, "excelize.xlsx")
	if err := x.SaveAs(sp); err != nil {
		t.Fatal(err)
	}
	if n := cellsBothWays(t, sp); n != 1 {
		t.Errorf("sheetCells read %d of excelize's 1 sheet itself", n)
	}
}

// messyWorkbookForTest is the messy workbook of the fuzz seeds.
func messyWorkbookForTest(t *testing.T, dir string) string {
	seed, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzImport", "messy-workbook"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(seed), "\n", 3)
	data, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "messy.xlsx")
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
