package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/nhsguardian/guardian/assurance"
)

// openCSV decodes a CSV file: UTF-8 (with or without a byte-order mark),
// UTF-16 as Excel's "Unicode Text" writes it, or Windows-1252 as older
// Excel writes "CSV" on a UK Windows computer. The separator is a comma,
// semicolon or tab, whichever the first lines use.
func (f *File) openCSV(data []byte) error {
	f.Kind = KindCSV
	f.Sheets = []string{strings.TrimSuffix(f.Name, filepath.Ext(f.Name))}
	text, enc, err := decodeText(data)
	if err != nil {
		return assurance.Errorf(assurance.EINVALID, "%q %s", f.Name, err)
	}
	if enc != "" {
		f.warn("The file was read as " + enc + " text.")
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffSeparator(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return assurance.WrapError(assurance.EINVALID, err, "%q is not a readable CSV file", f.Name)
		}
		f.csv = append(f.csv, rec)
		if len(f.csv) > MaxRows+maxTrailingBlank {
			return tooManyRows(fmt.Sprintf("%q", f.Name))
		}
	}
	return nil
}

// decodeText returns data as UTF-8 and the name of the encoding it was
// converted from ("" for UTF-8).
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], false), "UTF-16", nil
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], true), "UTF-16", nil
	case looksUTF16(data):
		return decodeUTF16(data, data[0] == 0), "UTF-16", nil
	}
	if utf8.Valid(data) {
		if bytes.IndexByte(data, 0) >= 0 {
			return "", "", errors.New("is not a text file (it contains binary data)")
		}
		return string(data), "", nil
	}
	return decodeWindows1252(data), "Windows-1252 (Western European)", nil
}

// looksUTF16 spots UTF-16 without a byte-order mark: English text in it has
// a zero byte in every other place.
func looksUTF16(data []byte) bool {
	n := min(len(data), 512) &^ 1
	if n < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	return even*10 > n*4 || odd*10 > n*4 // zeros in over 80% of one half
}

func decodeUTF16(data []byte, bigEndian bool) string {
	u := make([]uint16, len(data)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// cp1252 is Windows-1252 from 0x80 to 0x9F; the other bytes are Latin-1.
var cp1252 = [32]rune{
	'€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
	'\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
}

func decodeWindows1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/4)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// sniffSeparator picks the separator used most on the first lines.
func sniffSeparator(text string) rune {
	head := text
	if len(head) > 4096 {
		head = head[:4096]
	}
	best, n := ',', strings.Count(head, ",")
	for _, c := range []rune{';', '\t'} {
		if k := strings.Count(head, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}
