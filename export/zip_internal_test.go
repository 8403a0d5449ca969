package export

import (
	"bytes"
	"strings"
	"testing"
)

// TestSheetFixAcrossWrites feeds a sheet part to sheetFix one byte at a
// time and in one piece: the root, the dimension and every hyperlink's
// relationship come out rewritten either way, whatever the write sizes.
func TestSheetFixAcrossWrites(t *testing.T) {
	in := `<?xml version="1.0"?>` + "\n" + `<worksheet xmlns="main" xmlns:x14="x" xr:uid="{0}"><dimension ref="A1"></dimension><sheetData><row r="1"></row></sheetData><hyperlinks>` +
		strings.Repeat(`<hyperlink ref="A4" `+string(hyperlinkOld)+`"rId1"></hyperlink>`, 3) + `</hyperlinks></worksheet>`
	want := `<?xml version="1.0"?>` + "\n" + worksheetRoot + `<dimension ref="A1:H9"></dimension><sheetData><row r="1"></row></sheetData><hyperlinks>` +
		strings.Repeat(`<hyperlink ref="A4" r:id="rId1"></hyperlink>`, 3) + `</hyperlinks></worksheet>`
	z := &paperZip{dims: map[string]string{"xl/worksheets/sheet5.xml": "A1:H9"}}
	for _, size := range []int{1, 7, len(in)} {
		var out bytes.Buffer
		r := z.sheetFix("xl/worksheets/sheet5.xml", &out)
		for i := 0; i < len(in); i += size {
			if _, err := r.Write([]byte(in[i:min(len(in), i+size)])); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("writes of %d bytes:\n got %s\nwant %s", size, out.String(), want)
		}
	}
}
