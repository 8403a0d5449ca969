// Package importer brings an assurance log kept in an Excel workbook or a
// CSV file into a Guardian log. It reads the file into a Plan — which sheet,
// which row holds the headings, which column is which field, and what
// becomes of every row — that a person checks (a dry run) before Apply
// writes the accepted rows in one transaction.
//
// It depends inward on assurance only; the log itself is reached through
// assurance.Store, assurance.ImportLog and assurance.ImportWriter.
package importer

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// Limits that keep an import in bounded memory and time. A log of
// questions is rarely more than a few thousand rows and a megabyte or two.
const (
	MaxFileSize = 40 << 20 // bytes of the file as it is on disk
	MaxRows     = 50000    // rows with something in them, headings and notes included (tooManyRows says it)
	// maxUnzipped bounds everything a workbook unpacks to, which stops a zip
	// bomb; worksheets over maxUnzippedXML stream from a temporary file.
	maxUnzipped    = 128 << 20
	maxUnzippedXML = 8 << 20
	// A sheet formatted down to its last row has thousands of empty rows
	// after the log: after this many in a row the sheet is taken to end.
	maxTrailingBlank = 1000
)

// Kinds of file.
const (
	KindXLSX = "xlsx"
	KindCSV  = "csv"
)

// File is an opened spreadsheet. Close it when done.
type File struct {
	Path   string
	Name   string // the file's name without its folder
	Kind   string // KindXLSX or KindCSV
	Size   int64
	SHA256 string
	Sheets []string // a CSV file has one, named after the file
	// Warnings are things the person should know that do not stop the
	// import, such as macros that were not run.
	Warnings []string

	xl *excelize.File
	// zr is the workbook's zip, which sheetCells reads sheets from; parts
	// and sst are read from it once, when a sheet is first read.
	zr    *zip.Reader
	parts map[string]string
	sst   []string
	plain bool // parts and sst were read plainly: sheetCells may be used
	read  bool // parts and sst were looked at
	// hasFormulas is false when no worksheet holds a formula, so Read
	// need not look for formulas without saved values.
	hasFormulas bool
	csv         [][]string // a CSV file's rows, decoded
}

// Open checks path is a spreadsheet Guardian can read safely and opens it.
// The file is never changed.
func Open(path string) (*File, error) {
	f := &File{Path: path, Name: filepath.Base(path)}
	fh, err := os.Open(path)
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "Cannot open %q", f.Name)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "Cannot open %q", f.Name)
	}
	if st.IsDir() {
		return nil, assurance.Errorf(assurance.EINVALID, "%q is a folder, not a spreadsheet", f.Name)
	}
	f.Size = st.Size()
	if f.Size > MaxFileSize {
		return nil, assurance.Errorf(assurance.EINVALID,
			"%q is %s, larger than the %s Guardian imports. A log of questions is usually well under 1 MB: check it is the right file, or copy the log's sheet alone into a new workbook and import that",
			f.Name, megabytes(f.Size), megabytes(MaxFileSize))
	}
	// The whole file is read once: it is hashed for the audit log and,
	// being within MaxFileSize, held while it is parsed.
	data, err := io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "Cannot read %q", f.Name)
	}
	sum := sha256.Sum256(data)
	f.SHA256 = hex.EncodeToString(sum[:])
	if err := f.open(data); err != nil {
		return nil, err
	}
	return f, nil
}

// oleMagic starts an OLE compound file: an old .xls, or an .xlsx encrypted
// with a password (Excel wraps those in one).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

func (f *File) open(data []byte) error {
	ext := strings.ToLower(filepath.Ext(f.Name))
	switch {
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, utf16le("EncryptionInfo")) || bytes.Contains(data, utf16le("EncryptedPackage")) {
			return assurance.Errorf(assurance.EINVALID,
				"%q is protected with a password, so Guardian cannot read it. Open it in Excel, remove the password (File, Info, Protect Workbook, Encrypt with Password, and clear it), save a copy and import that copy", f.Name)
		}
		return assurance.Errorf(assurance.EINVALID,
			"%q is an old-style Excel 97-2003 workbook (.xls). Open it in Excel and save it as an Excel Workbook (.xlsx), then import that", f.Name)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || ext == ".xlsx" || ext == ".xlsm":
		return f.openXLSX(data)
	case ext == ".csv" || ext == ".txt" || ext == ".tsv":
		return f.openCSV(data)
	}
	return assurance.Errorf(assurance.EINVALID, "%q is not a spreadsheet Guardian can import: use an Excel workbook (.xlsx) or a CSV file (.csv)", f.Name)
}

func (f *File) openXLSX(data []byte) error {
	f.Kind = KindXLSX
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return assurance.WrapError(assurance.EINVALID, err, "%q is not a readable Excel workbook (it may be damaged, or not really a workbook)", f.Name)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		name := strings.ToLower(zf.Name)
		switch {
		case strings.HasSuffix(name, "vbaproject.bin"):
			f.warn("The workbook contains macros. Guardian reads only the cells' values and never runs them.")
		case strings.HasPrefix(name, "xl/externallinks/"):
			f.warn("The workbook links to other workbooks. Guardian uses the values as last saved in this file and does not follow the links.")
		}
	}
	if total > maxUnzipped {
		return assurance.Errorf(assurance.EINVALID,
			"%q unpacks to %s, far more than a log of questions needs (a file built to exhaust memory looks like this). Copy the log's sheet alone into a new workbook and import that",
			f.Name, megabytes(int64(min(total, 1<<62))))
	}
	// Unpack every part once, counting what it really holds: a header can
	// understate its size, and a damaged part is better refused here than
	// read as an empty sheet.
	var actual int64
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err == nil {
			var n int64
			sink := io.Discard
			var fs *formulaSpotter
			if strings.HasPrefix(strings.ToLower(zf.Name), "xl/worksheets/") {
				fs = &formulaSpotter{}
				sink = fs
			}
			n, err = io.Copy(sink, io.LimitReader(r, maxUnzipped-actual+1))
			r.Close()
			f.hasFormulas = f.hasFormulas || fs != nil && fs.found
			if actual += n; actual > maxUnzipped {
				return assurance.Errorf(assurance.EINVALID,
					"%q unpacks to more than %s, far more than a log of questions needs (a file built to exhaust memory looks like this). Copy the log's sheet alone into a new workbook and import that",
					f.Name, megabytes(maxUnzipped))
			}
		}
		if err != nil {
			return assurance.WrapError(assurance.EINVALID, err, "%q is damaged: its part %s cannot be read", f.Name, zf.Name)
		}
	}
	xl, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return assurance.WrapError(assurance.EINVALID, err, "%q is not a readable Excel workbook (it may be damaged)", f.Name)
	}
	f.xl, f.zr = xl, zr
	f.Sheets = xl.GetSheetList()
	if len(f.Sheets) == 0 {
		return assurance.Errorf(assurance.EINVALID, "%q has no worksheets with cells in them", f.Name)
	}
	return nil
}

func (f *File) warn(msg string) {
	for _, w := range f.Warnings {
		if w == msg {
			return
		}
	}
	f.Warnings = append(f.Warnings, msg)
}

// Close releases the workbook's temporary files.
func (f *File) Close() error {
	if f.xl != nil {
		return f.xl.Close()
	}
	return nil
}

// Table is one sheet's rows, as text exactly as the cells hold it.
type Table struct {
	Sheet string
	Rows  []Row // rows with something in them, and blank rows between them
	// Trailing says how many blank rows after the last one were not read.
	Trailing int
	filled   int // rows with something in them
}

// Row is one row of a sheet. Num counts from 1 as the spreadsheet does.
type Row struct {
	Num   int
	Cells []string
}

// Blank reports whether every cell is empty or spaces.
func (r Row) Blank() bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Cell returns the text of column i (0 = A), or "".
func (r Row) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// Read reads a sheet (the first if sheet is "").
func (f *File) Read(sheet string) (*Table, error) {
	if sheet == "" {
		sheet = f.Sheets[0]
	}
	found := false
	for _, s := range f.Sheets {
		found = found || s == sheet
	}
	if !found {
		return nil, assurance.Errorf(assurance.EINVALID, "%q has no sheet called %q: its sheets are %s", f.Name, sheet, quoteList(f.Sheets))
	}
	t := &Table{Sheet: sheet}
	if f.Kind == KindCSV {
		for i, cells := range f.csv {
			if err := t.add(f.Name, Row{Num: i + 1, Cells: cells}); err != nil {
				return nil, err
			}
		}
		t.trim()
		return t, nil
	}
	blanks := 0
	take := func(num int, cells []string) (bool, error) {
		r := Row{Num: num, Cells: cells}
		if r.Blank() {
			if blanks++; blanks >= maxTrailingBlank {
				return true, nil // the sheet's formatting goes on, its log does not
			}
		} else {
			blanks = 0
		}
		return false, t.add(f.Name, r)
	}
	err := f.plainCells(sheet, take)
	if errors.Is(err, errNotPlain) {
		*t, blanks = Table{Sheet: sheet}, 0
		err = f.excelizeCells(sheet, take)
	}
	if err != nil {
		return nil, err
	}
	if err := f.formulas(t); err != nil {
		return nil, err
	}
	t.trim()
	return t, nil
}

// plainCells reads a sheet with sheetCells, or says it is not plain.
func (f *File) plainCells(sheet string, take func(int, []string) (bool, error)) error {
	if !f.read {
		f.read = true
		if f.parts = sheetParts(f.zr); f.parts != nil {
			var err error
			f.sst, err = sharedStrings(f.zr)
			f.plain = err == nil
		}
	}
	part, ok := f.parts[sheet]
	if !f.plain || !ok {
		return errNotPlain
	}
	return sheetCells(f.zr, part, f.sst, take)
}

// excelizeCells reads a sheet through excelize's Rows.
func (f *File) excelizeCells(sheet string, take func(int, []string) (bool, error)) error {
	rows, err := f.xl.Rows(sheet)
	if err != nil {
		return f.readError(err, sheet)
	}
	defer rows.Close()
	num := 0
	for rows.Next() {
		num++
		// Raw values: a date is its serial number, not text in whatever
		// format the cell shows; the date columns read serials.
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return f.readError(err, sheet)
		}
		if stop, err := take(num, cells); stop || err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return f.readError(err, sheet)
	}
	return nil
}

func (f *File) readError(err error, sheet string) error {
	if errors.Is(err, excelize.ErrMaxRows) {
		return assurance.Errorf(assurance.EINVALID, "The sheet %q of %q has more rows than Excel allows; it is damaged", sheet, f.Name)
	}
	return assurance.WrapError(assurance.EINVALID, err, "Cannot read the sheet %q of %q (the file may be damaged)", sheet, f.Name)
}

func (t *Table) add(name string, r Row) error {
	t.Rows = append(t.Rows, r)
	if !r.Blank() {
		t.filled++
	}
	if t.filled > MaxRows {
		return tooManyRows(fmt.Sprintf("The sheet %q of %q", t.Sheet, name))
	}
	return nil
}

func tooManyRows(what string) error {
	return assurance.Errorf(assurance.EINVALID,
		"%s has more than 50,000 rows. Guardian imports up to 50,000 rows at a time: split the log into smaller files", what)
}

// trim drops the blank rows after the last row with something in it.
func (t *Table) trim() {
	n := len(t.Rows)
	for n > 0 && t.Rows[n-1].Blank() {
		n--
	}
	t.Trailing += len(t.Rows) - n
	t.Rows = t.Rows[:n]
}

// formulas fills a cell whose formula has no saved value (a workbook
// written by a program that does not calculate) with the formula's text, so
// that =HYPERLINK(...) comes in as written. Formulas are never evaluated.
func (f *File) formulas(t *Table) error {
	if !f.hasFormulas {
		return nil // looking costs a second parse of the whole sheet
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Blank() {
			continue
		}
		for c, v := range r.Cells {
			if v != "" {
				continue
			}
			name, err := excelize.CoordinatesToCellName(c+1, r.Num)
			if err != nil {
				continue
			}
			formula, err := f.xl.GetCellFormula(t.Sheet, name)
			if err != nil {
				return f.readError(err, t.Sheet)
			}
			if formula != "" {
				r.Cells[c] = "=" + formula
			}
		}
	}
	return nil
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// formulaSpotter notes whether the XML written to it has a formula element
// (<f> or <f ...>), even across the boundary between two writes.
type formulaSpotter struct {
	tail  []byte
	found bool
}

func (s *formulaSpotter) Write(p []byte) (int, error) {
	if !s.found {
		buf := append(s.tail, p[:min(len(p), 3)]...)
		s.found = bytes.Contains(buf, []byte("<f>")) || bytes.Contains(buf, []byte("<f ")) ||
			bytes.Contains(p, []byte("<f>")) || bytes.Contains(p, []byte("<f "))
		s.tail = append(s.tail[:0], p[max(0, len(p)-3):]...)
	}
	return len(p), nil
}

// CustomProps returns a workbook's custom document properties as text
// (none for a CSV file).
func (f *File) CustomProps() map[string]string {
	out := map[string]string{}
	if f.xl == nil {
		return out
	}
	props, err := f.xl.GetCustomProps()
	if err != nil {
		return out
	}
	for _, p := range props {
		out[p.Name] = fmt.Sprint(p.Value)
	}
	return out
}
