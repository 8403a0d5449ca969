package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Reading a sheet through excelize's Rows decodes every cell with
// reflection, and was most of the time an import or a round trip of
// answers spent reading a 10,000-row sheet. sheetCells reads the
// worksheet's XML from the zip itself, token by token, giving each row the
// same raw text excelize's Rows and Columns (RawCellValue) give. Whatever
// it is not sure of — another encoding, a row out of order, escaped
// characters (_x000D_), shared strings kept on disk — it hands back to
// excelize (errNotPlain), so an unusual file reads exactly as before.

// errNotPlain says the sheet is one for excelize to read.
var errNotPlain = errors.New("not a plain worksheet")

// sheetParts maps each sheet's name to its worksheet part, as workbook.xml
// and its relationships say; nil if they cannot be read plainly.
func sheetParts(zr *zip.Reader) map[string]string {
	type rel struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	}
	var rels struct {
		Rel []rel `xml:"Relationship"`
	}
	if err := unmarshalPart(zr, "_rels/.rels", &rels); err != nil {
		return nil
	}
	book := ""
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			book = strings.TrimPrefix(r.Target, "/")
		}
	}
	if book == "" {
		return nil
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var bookRels struct {
		Rel []rel `xml:"Relationship"`
	}
	dir := path.Dir(book)
	if unmarshalPart(zr, book, &wb) != nil || unmarshalPart(zr, dir+"/_rels/"+path.Base(book)+".rels", &bookRels) != nil {
		return nil
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		for _, r := range bookRels.Rel {
			if r.ID == s.ID && s.ID != "" {
				p := strings.TrimPrefix(path.Clean(dir+"/"+r.Target), "/")
				if strings.HasPrefix(r.Target, "/") {
					p = strings.TrimPrefix(path.Clean(r.Target), "/")
				}
				parts[s.Name] = p
			}
		}
	}
	return parts
}

func zipPart(zr *zip.Reader, name string) *zip.File {
	for _, zf := range zr.File {
		if zf.Name == name {
			return zf
		}
	}
	return nil
}

func unmarshalPart(zr *zip.Reader, name string, v any) error {
	zf := zipPart(zr, name)
	if zf == nil {
		return errNotPlain
	}
	r, err := zf.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(r).Decode(v)
}

// A worksheet is read a piece of about pieceSize at a time, each cut just
// after a row ends, so that a big sheet (a 10,000-question board paper's
// is 18 MB) is never held whole. A cut inside a comment or CDATA leaves
// the scanner an unfinished token, which is not plain: excelize reads it.
var pieceSize = 1 << 20 // a variable so that a test can cut a small sheet into pieces

// rowPieces cuts a worksheet's XML into pieces that end after a </row>.
type rowPieces struct {
	r    io.Reader
	left []byte // read after the last piece's cut
	done bool   // the last piece has been given
}

func (p *rowPieces) next() ([]byte, error) {
	for {
		buf := make([]byte, len(p.left), len(p.left)+pieceSize)
		copy(buf, p.left)
		n, err := io.ReadFull(p.r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			p.done, p.left = true, nil
			return buf, nil
		case err != nil:
			return nil, errNotPlain
		}
		if k := bytes.LastIndex(buf, []byte("</row>")); k >= 0 {
			k += len("</row>")
			p.left = bytes.Clone(buf[k:])
			return buf[:k], nil
		}
		if len(buf) > maxUnzippedXML {
			return nil, errNotPlain // no row ends in 8 MB (a prefixed </x:row>, say)
		}
		p.left = buf
	}
}

// readPart unpacks a small part into memory, or says it is not plain.
func readPart(zr *zip.Reader, name string, limit int64) ([]byte, error) {
	zf := zipPart(zr, name)
	if zf == nil || zf.UncompressedSize64 > uint64(limit) {
		return nil, errNotPlain
	}
	r, err := zf.Open()
	if err != nil {
		return nil, errNotPlain
	}
	defer r.Close()
	b := bytes.NewBuffer(make([]byte, 0, zf.UncompressedSize64+1))
	if n, err := b.ReadFrom(io.LimitReader(r, limit+1)); err != nil || n > limit {
		return nil, errNotPlain
	}
	return b.Bytes(), nil
}

// sharedStrings reads xl/sharedStrings.xml, the part excelize reads, or
// says it is not plain: too big to hold (excelize keeps those on disk) or
// holding what xmlScanner does not read.
func sharedStrings(zr *zip.Reader) ([]string, error) {
	if zipPart(zr, "xl/sharedStrings.xml") == nil {
		return nil, nil
	}
	b, err := readPart(zr, "xl/sharedStrings.xml", maxUnzippedXML)
	if err != nil {
		return nil, err
	}
	s, err := newXMLScanner(b)
	if err != nil {
		return nil, err
	}
	var out []string
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		if s.start && s.is("si") {
			t, err := richText(s)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
	}
}

// richText reads a string item (<si> or <is>) up to its end: its <t>, or
// its runs' <t>s joined, as excelize's xlsxSI.String gives it; phonetic
// runs are left out.
func richText(s *xmlScanner) (string, error) {
	var t string
	var runs []string
	depth, inRun := 0, false
	for {
		ok, err := s.next()
		if err != nil {
			return "", err
		}
		if !ok {
			return "", errNotPlain
		}
		switch {
		case s.start:
			depth++
			switch {
			case depth == 1 && s.is("r"):
				inRun = true
				runs = append(runs, "")
			case s.is("t") && (depth == 1 || depth == 2 && inRun):
				text, err := elementText(s)
				if err != nil {
					return "", err
				}
				depth--
				if depth == 0 {
					t = text
				} else {
					runs[len(runs)-1] = text // the last <t> of a run is kept, as xml.Unmarshal keeps it
				}
			}
		case s.end:
			if depth == 0 {
				text := t + strings.Join(runs, "")
				if strings.Contains(text, "_x") {
					return "", errNotPlain // excelize unescapes _xHHHH_
				}
				return text, nil
			}
			if depth == 1 {
				inRun = false
			}
			depth--
		}
	}
}

// elementText returns the text of an element holding only text, read up to
// its end.
func elementText(s *xmlScanner) (string, error) {
	var text []byte
	parts := 0
	for {
		ok, err := s.next()
		if err != nil {
			return "", err
		}
		switch {
		case !ok || s.start:
			return "", errNotPlain
		case s.end:
			return string(text), nil
		case parts == 0:
			text, parts = s.text, 1
		default:
			text = append(append([]byte(nil), text...), s.text...)
		}
	}
}

// sheetCells reads a worksheet part row by row, calling row with each
// row's number and cells (gaps in the numbering as rows with no cells),
// until the sheet ends or row says stop.
func sheetCells(zr *zip.Reader, part string, sst []string, row func(num int, cells []string) (stop bool, err error)) error {
	zf := zipPart(zr, part)
	if zf == nil {
		return errNotPlain
	}
	r, err := zf.Open()
	if err != nil {
		return errNotPlain
	}
	defer r.Close()
	pieces := &rowPieces{r: r}
	b, err := pieces.next()
	if err != nil {
		return err
	}
	s := &xmlScanner{}
	if err := s.feed(b, !pieces.done); err != nil {
		return err
	}
	num := 0           // the row being read
	var cells []string // its cells
	open := false      // inside a <row>
	flush := func() (bool, error) {
		if !open {
			return false, nil
		}
		open = false
		return row(num, cells)
	}
	col := 0
	for {
		ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok && s.more {
			b, err := pieces.next()
			if err != nil {
				return err
			}
			if err := s.feed(b, !pieces.done); err != nil {
				return err
			}
			continue
		}
		if !ok {
			break
		}
		switch {
		case s.start && s.is("row"):
			if stop, err := flush(); stop || err != nil {
				return err
			}
			next := num + 1
			if v := s.attr("r"); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n <= num || n > excelize.TotalRows {
					return errNotPlain
				}
				next = n
			}
			for num+1 < next { // rows left out of the XML are blank
				num++
				if stop, err := row(num, nil); stop || err != nil {
					return err
				}
			}
			num, cells, col, open = next, nil, 0, true
		case s.start && s.is("c"):
			if !open {
				return errNotPlain
			}
			col++
			if ref := s.attr("r"); ref != "" {
				if col, _, err = excelize.CellNameToCoordinates(ref); err != nil {
					return errNotPlain
				}
			}
			v, formula, err := cellValue(s, sst)
			if err != nil {
				return err
			}
			if v != "" || formula {
				for len(cells) < col-1 {
					cells = append(cells, "")
				}
				cells = append(cells, v)
			}
		case s.end && s.is("sheetData"):
			_, err := flush()
			return err
		}
	}
	_, err = flush()
	return err
}

// cellValue reads a <c>, just started, up to its end: its raw value as
// excelize's getValueFrom gives it with RawCellValue, and whether it has a
// formula.
func cellValue(s *xmlScanner, sst []string) (v string, formula bool, err error) {
	typ := s.attr("t")
	if st := s.attr("s"); st != "" {
		if _, err := strconv.ParseInt(st, 10, 64); err != nil {
			return "", false, errNotPlain
		}
	}
	var inline *string
	for {
		ok, err := s.next()
		if err != nil {
			return "", false, err
		}
		switch {
		case !ok:
			return "", false, errNotPlain
		case s.start && s.is("v"):
			if v, err = elementText(s); err != nil {
				return "", false, err
			}
		case s.start && s.is("is"):
			t, err := richText(s)
			if err != nil {
				return "", false, err
			}
			inline = &t
		case s.start:
			formula = formula || s.is("f")
			if err := s.skip(); err != nil {
				return "", false, err
			}
		case s.end:
			switch typ {
			case "s":
				if v == "" {
					return "", formula, nil
				}
				i, _ := strconv.Atoi(strings.TrimSpace(v))
				if i < 0 || i >= len(sst) {
					return "", formula, nil // excelize gives no value for a string that is not there
				}
				return sst[i], formula, nil
			case "inlineStr":
				if inline != nil {
					return *inline, formula, nil
				}
			}
			return v, formula, nil
		}
	}
}
