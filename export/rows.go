package export

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// rowFile holds the XML of a big sheet's data rows, written as they are
// made into a temporary file rather than kept in memory, and spliced into
// the sheet when the workbook is saved (paperZip). excelize lays out the
// rest of the sheet: columns, panes, the rows above the table, the table,
// links and page setup.
//
// The XML is written by hand because excelize's stream writer spends most
// of a large export building and escaping each cell through encoding/xml,
// and keeps up to 16 MiB of each sheet in memory.
type rowFile struct {
	f     *os.File
	w     *bufio.Writer
	buf   []byte    // one row's XML
	links []rowLink // hyperlinks from the first cell of rows, in row order
}

// rowLink is a hyperlink from column A of a row to a file beside the paper.
type rowLink struct {
	row    int
	target string // a relative address built by Guardian, never user text
}

// linkTip is the tooltip of every evidence link.
const linkTip = "Open the exported evidence file"

// linkID is the relationship id of the n-th link (from 0): a prefix of its
// own, so it cannot meet the ids excelize gives the sheet's table.
func linkID(n int) string { return "rIdLink" + strconv.Itoa(n+1) }

// hyperlinksXML is the sheet's <hyperlinks> element for the links.
func (r *rowFile) hyperlinksXML() []byte {
	if len(r.links) == 0 {
		return nil
	}
	b := []byte(`<hyperlinks>`)
	for i, l := range r.links {
		b = append(b, `<hyperlink ref="A`...)
		b = strconv.AppendInt(b, int64(l.row), 10)
		b = append(b, `" r:id="`...)
		b = append(b, linkID(i)...)
		b = append(b, `" tooltip="`+linkTip+`"/>`...)
	}
	return append(b, `</hyperlinks>`...)
}

// relsXML is the sheet's relationships for the links.
func (r *rowFile) relsXML() []byte {
	var b []byte
	for i, l := range r.links {
		b = append(b, `<Relationship Id="`...)
		b = append(b, linkID(i)...)
		b = append(b, `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="`...)
		b = appendEscaped(b, l.target)
		b = append(b, `" TargetMode="External"/>`...)
	}
	return b
}

func newRowFile() (*rowFile, error) {
	// Readable by its owner only (CreateTemp's 0600): the rows are the
	// paper's contents. Where the system allows it the name is removed at
	// once, so nothing is left behind even if Guardian is killed; Windows
	// keeps it until close.
	f, err := os.CreateTemp("", "guardian-rows-*.xml")
	if err != nil {
		return nil, fmt.Errorf("temporary file for the rows: %w", err)
	}
	if runtime.GOOS != "windows" {
		os.Remove(f.Name())
	}
	return &rowFile{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// row writes one row of cells from column A. height 0 leaves the row at
// its natural height.
func (r *rowFile) row(n int, height float64, cells []excelize.Cell) error {
	b := append(r.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(n), 10)
	if height > 0 {
		b = append(b, `" ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1`...)
	}
	b = append(b, `">`...)
	for i, c := range cells {
		b = appendCell(b, i, n, c)
	}
	b = append(b, `</row>`...)
	r.buf = b
	_, err := r.w.Write(b)
	return err
}

// copyTo writes the rows into w (the zip) and removes the file.
func (r *rowFile) copyTo(w io.Writer) error {
	if err := r.w.Flush(); err != nil {
		return err
	}
	if _, err := r.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, r.f)
	return err
}

// close removes the file; it is safe to call more than once.
func (r *rowFile) close() {
	if r.f != nil {
		r.f.Close()
		os.Remove(r.f.Name())
		r.f = nil
	}
}

// colNames are the column letters of a table's columns.
var colNames = func() []string {
	out := make([]string, 52)
	for i := range out {
		out[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	return out
}()

func appendCell(b []byte, col, row int, c excelize.Cell) []byte {
	b = append(b, `<c r="`...)
	b = append(b, colNames[col]...)
	b = strconv.AppendInt(b, int64(row), 10)
	b = append(b, '"')
	if c.StyleID != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(c.StyleID), 10)
		b = append(b, '"')
	}
	var num float64
	switch v := c.Value.(type) {
	case nil:
		return append(b, `/>`...)
	case string:
		if v == "" {
			return append(b, `/>`...)
		}
		b = append(b, ` t="inlineStr"><is><t`...)
		if first, last := v[0], v[len(v)-1]; isSpace(first) || isSpace(last) {
			b = append(b, ` xml:space="preserve"`...)
		}
		b = append(b, '>')
		b = appendEscaped(b, v)
		return append(b, `</t></is></c>`...)
	case float64:
		num = v
	case int:
		num = float64(v)
	case int64:
		num = float64(v)
	default:
		panic(fmt.Sprintf("export: no cell writer for %T", v))
	}
	b = append(b, `><v>`...)
	if num == math.Trunc(num) && math.Abs(num) < 1e15 {
		b = strconv.AppendInt(b, int64(num), 10)
	} else {
		b = strconv.AppendFloat(b, num, 'f', -1, 64)
	}
	return append(b, `</v></c>`...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// bstr finds text that a reader would take for an escaped character
// (_x000D_): its underscore is escaped in turn, as Excel does.
var bstr = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// appendEscaped appends text escaped for XML. cellText has already turned
// the characters XML cannot hold into U+FFFD.
func appendEscaped(b []byte, s string) []byte {
	if strings.Contains(s, "_x") {
		s = bstr.ReplaceAllString(s, "_x005F$0")
	}
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		b = append(append(b, s[last:i]...), esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
