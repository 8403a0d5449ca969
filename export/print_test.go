package export_test

import (
	"encoding/xml"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/nhsguardian/guardian/export"
)

// pdfWord is one word of a PDF as pdftotext -bbox places it, in points.
type pdfWord struct {
	page                   int
	text                   string
	xMin, yMin, xMax, yMax float64
}

// pdfWords reads every word of a PDF with its box (poppler's pdftotext
// -bbox), and the page height.
func pdfWords(t *testing.T, pdf string) (words []pdfWord, pageHeight float64) {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox (poppler-utils): %v", err)
	}
	d := xml.NewDecoder(strings.NewReader(string(out)))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	page := 0
	attr := func(se xml.StartElement, name string) float64 {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				v, _ := strconv.ParseFloat(a.Value, 64)
				return v
			}
		}
		return 0
	}
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			page++
			pageHeight = attr(se, "height")
		case "word":
			var text string
			if err := d.DecodeElement(&text, &se); err != nil {
				t.Fatal(err)
			}
			words = append(words, pdfWord{page, text, attr(se, "xMin"), attr(se, "yMin"), attr(se, "xMax"), attr(se, "yMax")})
		}
	}
	return words, pageHeight
}

// noTextUnder9Points fails for each page of a printed paper with a word
// under 9 points. pdftotext's box spans the font's full height: the cover's
// 18-point title (printed at 100%: the cover fits the page) gives the ratio
// of box height to point size for the typeface.
func noTextUnder9Points(t *testing.T, words []pdfWord) {
	t.Helper()
	ratio := 0.0
	for _, w := range words {
		if w.page == 1 && w.text == "Health" {
			ratio = max(ratio, (w.yMax-w.yMin)/18)
		}
	}
	if ratio < 1 || ratio > 1.5 {
		t.Fatalf("cannot calibrate font size from the cover title (ratio %.3f)", ratio)
	}
	smallest := map[int]pdfWord{}
	for _, w := range words {
		if s, ok := smallest[w.page]; !ok || w.yMax-w.yMin < s.yMax-s.yMin {
			smallest[w.page] = w
		}
	}
	for page, w := range smallest {
		if size := (w.yMax - w.yMin) / ratio; size < 8.95 {
			t.Errorf("page %d prints %q at %.1f points: nothing may be under 9", page, w.text, size)
		}
	}
}

// TestPrintedPaperIsReadable prints a paper through LibreOffice and reads
// the PDF back: no text on any page is smaller than 9 points, and a
// response of 5,000 characters (more than a row can show) is printed whole
// on the Full text sheet, every character of it, while its row on the
// Questions sheet says so.
func TestPrintedPaperIsReadable(t *testing.T) {
	l := hostileLog()
	long := prose(3, 5000) + " END-OF-RESPONSE"
	l.questions[0].Response = long
	l.questions[3].Comment = strings.Repeat("A long comment that goes on. ", 60)
	path, _ := writePaper(t, l, export.Options{IncludeEvidence: true})
	f := open(t, path)
	if v := rowOf(t, f, export.SheetQuestions, "Q-0001"); v[8] != "Printed in full on the Full text sheet" {
		t.Errorf("Q-0001's row does not say its response is printed in full elsewhere: %q", v)
	}
	out := t.TempDir()
	if keep := os.Getenv("GUARDIAN_EXPORT_PDF_DIR"); keep != "" {
		out = keep
	}
	pdf := libreOffice(t, out, path)[0]
	words, pageHeight := pdfWords(t, pdf)
	if len(words) == 0 {
		t.Fatal("no words in the PDF")
	}

	noTextUnder9Points(t, words)

	// The Full text sheet's Text column, read top to bottom, page by page,
	// without the page headers and footers, holds the whole response.
	var textX float64
	first := 0
	for _, w := range words {
		if w.text == "Text" && textX == 0 && first == 0 {
			for _, v := range words {
				if v.page == w.page && v.text == "Where" && v.yMin == w.yMin {
					textX, first = w.xMin-2, w.page
				}
			}
		}
	}
	if first == 0 {
		t.Fatal("no Full text sheet in the PDF")
	}
	var col []pdfWord
	for _, w := range words {
		if w.page >= first && w.xMin >= textX && w.yMin > 0.12*pageHeight && w.yMax < 0.88*pageHeight {
			col = append(col, w)
		}
	}
	sort.SliceStable(col, func(i, j int) bool {
		a, b := col[i], col[j]
		if a.page != b.page {
			return a.page < b.page
		}
		if a.yMin != b.yMin {
			return a.yMin < b.yMin
		}
		return a.xMin < b.xMin
	})
	var printed strings.Builder
	for _, w := range col {
		printed.WriteString(w.text)
	}
	squash := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	if got := printed.String(); !strings.Contains(got, squash(long)) {
		i := 0
		want := squash(long)
		for i < len(want) && strings.Contains(got, want[:i+1]) {
			i++
		}
		t.Errorf("the PDF does not print the 5,000-character response whole: it stops after %d of its %d characters (without spaces)", i, len(want))
	}
	if !strings.Contains(printed.String(), squash(l.questions[3].Comment)) {
		t.Error("the PDF does not print the long comment whole")
	}
}
