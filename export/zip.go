package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"
)

// paperZip is the zip writer excelize writes the workbook through. It
// writes straight to the output (the temporary file, not a buffer of the
// whole workbook), deflates at the fastest setting (a board paper
// compresses well either way, and this halves the time spent compressing a
// large log), and rewrites the few parts excelize writes in a form some
// readers refuse or warn about:
//
//   - docProps/core.xml: excelize writes its elements without the cp:
//     prefix and a 2006 creation date; ExcelJS stops with "Unexpected xml
//     node in parseOpen: lastModifiedBy". Guardian writes its own.
//   - sheets and charts: Gnumeric warns about the namespaces excelize's
//     stream writer declares and about parts of its chart XML (rootFix,
//     chartFix).
//
// excelize calls Create for each part in turn and writes it whole before the
// next, so a rewritten part is held until the next Create or Close.
type paperZip struct {
	zw       *zip.Writer
	core     []byte              // the docProps/core.xml to write instead of excelize's
	splice   map[string]*rowFile // sheet parts whose rows (and links) Guardian writes itself
	pending  *bytes.Buffer       // a part being rewritten
	name     string              // its name
	open     *rootFix            // a part being passed through a rootFix
	dims     map[string]string   // sheet part -> the cells it uses, such as A1:O120
	relsDone map[string]bool     // relationships parts written with links
	err      error               // the first error writing a spliced sheet's rows
}

func newPaperZip(w io.Writer, core []byte, dims map[string]string) *paperZip {
	zw := zip.NewWriter(w)
	// One compressor serves every part in turn: a new one per part costs
	// about a megabyte each, some 35 MB of garbage for a paper.
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw == nil {
			var err error
			if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
				return nil, err
			}
		} else {
			fw.Reset(out)
		}
		return fw, nil
	})
	return &paperZip{zw: zw, core: core, dims: dims, splice: map[string]*rowFile{}, relsDone: map[string]bool{}}
}

const corePart = "docProps/core.xml"

// Create starts a part. Parts Guardian rewrites are collected first.
func (z *paperZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	if name == corePart || strings.HasPrefix(name, "xl/charts/chart") || z.splice[name] != nil || z.linkRels(name) != nil {
		z.pending, z.name = new(bytes.Buffer), name
		return z.pending, nil
	}
	w, err := z.zw.Create(name)
	switch {
	case err != nil:
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		z.open = z.sheetFix(name, w)
		w = z.open
	case name == "xl/styles.xml":
		z.open = &rootFix{w: w, tag: "<styleSheet", root: styleSheetRoot}
		w = z.open
	}
	return w, err
}

// worksheetRoot is the start tag of every sheet. excelize's stream writer
// declares some fifty namespaces, Microsoft's 2009 one under a prefix
// Gnumeric does not expect (it warns "Someone just declared the same
// namespace ... with a different prefix"); a sheet uses only these two,
// and the styles part (which gets the same list) only the first.
const (
	worksheetRoot  = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`
	styleSheetRoot = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
)

// sheetFix rewrites a sheet part's root element and its dimension: excelize
// writes ref="A1" whatever the sheet holds, and readers that trust it
// (openpyxl's read-only mode, which pandas uses) then see one cell.
func (z *paperZip) sheetFix(name string, w io.Writer) *rootFix {
	r := &rootFix{w: w, tag: "<worksheet", root: worksheetRoot, until: "<sheetData"}
	if d := z.dims[name]; d != "" {
		r.old, r.new = `<dimension ref="A1">`, `<dimension ref="`+d+`">`
	}
	return r
}

// rootFix passes a part through with its root element's start tag (which
// begins with tag) replaced by root, and the first old after it (up to
// until, if set) by new.
type rootFix struct {
	w         io.Writer
	tag, root string
	until     string // the head ends here (default: the end of the start tag)
	old, new  string
	head      []byte // the part so far, until the head is complete
	carry     []byte // the end of the last write, which may begin a hyperlinkOld
	done      bool
}

func (r *rootFix) Write(p []byte) (int, error) {
	if r.done {
		return len(p), r.body(p)
	}
	r.head = append(r.head, p...)
	i := bytes.Index(r.head, []byte(r.tag))
	if i < 0 {
		return len(p), nil
	}
	j := bytes.IndexByte(r.head[i:], '>')
	if j < 0 {
		return len(p), nil
	}
	j += i + 1
	if r.until != "" && !bytes.Contains(r.head[j:], []byte(r.until)) {
		return len(p), nil
	}
	r.done = true
	rest := r.head[j:]
	if r.old != "" {
		rest = bytes.Replace(rest, []byte(r.old), []byte(r.new), 1)
	}
	if _, err := r.w.Write(append(r.head[:i:i], r.root...)); err != nil {
		return 0, err
	}
	err := r.body(rest)
	r.head = nil
	return len(p), err
}

// hyperlinkOld is how excelize writes a hyperlink's relationship, declaring
// the namespace on the element itself; Gnumeric does not find the
// relationship that way ("Unknown type of hyperlink"). The sheet's root
// declares the prefix r for it.
var (
	hyperlinkOld = []byte(`xmlns:relationships="http://schemas.openxmlformats.org/officeDocument/2006/relationships" relationships:id=`)
	hyperlinkNew = []byte(`r:id=`)
)

// body writes the rest of the part with hyperlinkOld replaced, holding back
// the last bytes of each write that could begin a match split across writes.
func (r *rootFix) body(p []byte) error {
	if r.tag != "<worksheet" {
		_, err := r.w.Write(p)
		return err
	}
	data := p
	if len(r.carry) > 0 {
		data = append(r.carry, p...)
	}
	safe := max(0, len(data)-len(hyperlinkOld)+1)
	var out []byte
	for start := 0; ; {
		i := bytes.Index(data[start:], hyperlinkOld)
		if i < 0 {
			out = append(out, data[start:max(start, safe)]...)
			r.carry = append(r.carry[:0:0], data[max(start, safe):]...)
			break
		}
		out = append(append(out, data[start:start+i]...), hyperlinkNew...)
		start += i + len(hyperlinkOld)
	}
	_, err := r.w.Write(out)
	return err
}

// flush writes what is held if the head never completed (a part without
// the expected shape passes through unchanged).
func (r *rootFix) flush() error {
	if !r.done {
		r.done = true
		_, err := r.w.Write(r.head)
		return err
	}
	_, err := r.w.Write(r.carry)
	return err
}

// chartFix makes excelize's chart XML one that Gnumeric reads without a
// warning, with the same meaning for every reader: booleans as 0 and 1; no
// 3-D view, floor or walls on a flat chart; no data-label block that shows
// no labels; no empty end-of-paragraph properties.
func chartFix(b []byte) []byte {
	b = chartBool.ReplaceAll(b, []byte(` ${1}="0"`))
	b = bytes.ReplaceAll(b, []byte(`="true"`), []byte(`="1"`))
	for _, re := range chartDrop {
		b = re.ReplaceAll(b, nil)
	}
	return b
}

var (
	chartBool = regexp.MustCompile(` ([A-Za-z]+)="false"`)
	chartDrop = []*regexp.Regexp{
		regexp.MustCompile(`<view3D>.*?</view3D><floor>.*?</floor><sideWall>.*?</sideWall><backWall>.*?</backWall>`),
		regexp.MustCompile(`<dLbls>.*?</dLbls>`),
		regexp.MustCompile(`<a:endParaRPr[^>]*>(</a:endParaRPr>)?`),
	}
)

// finish writes the part being rewritten, if any.
func (z *paperZip) finish() error {
	if z.open != nil {
		err := z.open.flush()
		z.open = nil
		if err != nil {
			return err
		}
	}
	if z.pending == nil {
		return nil
	}
	b, name := z.pending.Bytes(), z.name
	z.pending = nil
	w, err := z.zw.Create(name)
	if err != nil {
		return err
	}
	switch {
	case name == corePart:
		_, err = w.Write(z.core)
	case z.splice[name] != nil:
		// excelize laid the sheet out with the rows above the table only:
		// the data rows go in before </sheetData>.
		i := bytes.LastIndex(b, []byte("</sheetData>"))
		if i < 0 {
			return fmt.Errorf("%s: no sheetData to write the rows into", name)
		}
		head := z.sheetFix(name, w)
		if _, err = head.Write(b[:i]); err == nil {
			err = head.flush()
		}
		rf := z.splice[name]
		if err == nil {
			if err = rf.copyTo(w); err != nil && z.err == nil {
				z.err = err
			}
		}
		if err == nil {
			tail := bytes.ReplaceAll(b[i:], hyperlinkOld, hyperlinkNew)
			if links := rf.hyperlinksXML(); links != nil {
				// In the place the schema gives them: before the page setup.
				at := bytes.Index(tail, []byte("<pageMargins"))
				if at < 0 {
					return fmt.Errorf("%s: no page margins to put the links before", name)
				}
				tail = append(append(append([]byte{}, tail[:at]...), links...), tail[at:]...)
			}
			_, err = w.Write(tail)
		}
	case z.linkRels(name) != nil:
		i := bytes.LastIndex(b, []byte("</Relationships>"))
		if i < 0 {
			return fmt.Errorf("%s: not a relationships part", name)
		}
		z.relsDone[name] = true
		_, err = w.Write(append(append(append([]byte{}, b[:i]...), z.linkRels(name).relsXML()...), b[i:]...))
	default:
		_, err = w.Write(chartFix(b))
	}
	return err
}

// AddFS is part of excelize's ZipWriter; excelize never calls it when saving.
func (z *paperZip) AddFS(fs.FS) error { return nil }

func (z *paperZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	// A sheet with links always has a table, so excelize has written its
	// relationships part; if not, the links' relationships go in one here.
	for part, rf := range z.splice {
		rels := relsPart(part)
		if len(rf.links) == 0 || z.relsDone[rels] {
			continue
		}
		w, err := z.zw.Create(rels)
		if err != nil {
			return err
		}
		x := append([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`), rf.relsXML()...)
		if _, err := w.Write(append(x, `</Relationships>`...)); err != nil {
			return err
		}
	}
	return z.zw.Close()
}

// relsPart is the relationships part of a sheet part.
func relsPart(sheet string) string {
	dir, file := path.Split(sheet)
	return dir + "_rels/" + file + ".rels"
}

// linkRels is the rows of the sheet whose relationships part name is, if
// that sheet has links.
func (z *paperZip) linkRels(name string) *rowFile {
	if !strings.HasSuffix(name, ".xml.rels") {
		return nil
	}
	for part, rf := range z.splice {
		if len(rf.links) > 0 && relsPart(part) == name {
			return rf
		}
	}
	return nil
}

// docProps are the document properties a paper carries (File, Info in
// Excel): what it is, who it is for and when it was written.
type docProps struct {
	Title, Subject, Creator, Keywords, Description string
	Created                                        time.Time
}

// coreXML writes docProps/core.xml the way Excel does, with every element
// in its proper namespace, so that strict readers such as ExcelJS accept it.
func coreXML(p docProps) []byte {
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	when := p.Created.UTC().Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString(`<dc:title>` + esc(p.Title) + `</dc:title>`)
	b.WriteString(`<dc:subject>` + esc(p.Subject) + `</dc:subject>`)
	b.WriteString(`<dc:creator>` + esc(p.Creator) + `</dc:creator>`)
	if p.Keywords != "" {
		b.WriteString(`<cp:keywords>` + esc(p.Keywords) + `</cp:keywords>`)
	}
	if p.Description != "" {
		b.WriteString(`<dc:description>` + esc(p.Description) + `</dc:description>`)
	}
	b.WriteString(`<cp:lastModifiedBy>` + esc(p.Creator) + `</cp:lastModifiedBy>`)
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + when + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + when + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return []byte(b.String())
}
