package export

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// SheetFullText prints whole any text too long for its row on the other
// sheets: a row is at most 409 points high, so a long response would
// otherwise stop mid-sentence on paper without a mark.
const SheetFullText = "Full text"

// TableFullText is the Excel table of the Full text sheet.
const TableFullText = "GuardianFullText"

// fullTextNote marks a question whose text is too long for its printed row.
const fullTextNote = "Printed in full on the Full text sheet"

// longText is one text too long for its printed row.
type longText struct {
	sheet, ref, column, text string
}

var fullTextColumns = []column{
	{"Where", 20, colText, false},
	{"Text", 106, colText, false},
}

// fullTextChunk is about how many characters of a long text go in one row
// of the Full text sheet; lines() then makes sure each part fits its row.
const fullTextChunk = 3200

func (e *exporter) writeFullText(f *excelize.File) error {
	preamble := []preRow{{cells: []any{excelize.Cell{StyleID: e.st.note, Value: "Responses, comments and other text too long to print whole in their row, printed here in full, in parts that follow on from each other."}}, merge: true, height: rowHeight(1)}}
	t, err := e.newTitledTable(f, SheetFullText, TableFullText, "Text printed in full", fullTextColumns, preamble)
	if err != nil {
		return err
	}
	for _, l := range e.long {
		parts := splitText(l.text, fullTextColumns[1].width)
		for i, p := range parts {
			where := fmt.Sprintf("%s, %s: %s", l.ref, l.sheet, l.column)
			if len(parts) > 1 {
				where += fmt.Sprintf(", part %d of %d", i+1, len(parts))
			}
			if err := t.add([]any{where, p}, ""); err != nil {
				return err
			}
		}
	}
	return t.close("No text in this paper is too long to print whole in its row.")
}

// splitText cuts text into parts that each fit a row of a column of the
// given width, at spaces or line breaks where it can. Nothing is lost: the
// parts joined are the text.
func splitText(text string, width float64) []string {
	var parts []string
	for text != "" {
		n := min(len(text), fullTextChunk)
		for {
			cut := n
			if cut < len(text) {
				for cut > 0 && !utf8.RuneStart(text[cut]) {
					cut--
				}
				if i := strings.LastIndexAny(text[:cut], " \n"); i > cut/2 {
					cut = i + 1 // the space ends this part
				}
			}
			if lines(text[:cut], width) <= maxLines || cut < 200 {
				parts = append(parts, text[:cut])
				text = text[cut:]
				break
			}
			n = cut * 4 / 5
		}
	}
	return parts
}
