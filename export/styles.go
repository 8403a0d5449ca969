package export

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// NHS identity colours, and the agreed assurance colour scale. Text on each
// fill meets WCAG AA contrast, and every coloured cell also carries the
// level in words, so the scale survives black-and-white printing.
const (
	nhsBlue     = "005EB8"
	nhsDarkBlue = "003087"
	nhsPaleGrey = "E8EDEE"
	white       = "FFFFFF"
	black       = "000000"
)

// levelColour is the fill and font colour of each assurance level.
var levelColour = map[assurance.AssuranceLevel][2]string{
	assurance.Substantial: {"007F3B", white}, // NHS green
	assurance.Reasonable:  {"C5E0A5", black}, // light green, leaning to amber
	assurance.Limited:     {"FFB81C", black}, // NHS warm yellow: amber
	assurance.NoAssurance: {"DA291C", white}, // NHS emergency red
	assurance.NotAssessed: {"D8DDE0", black}, // NHS pale grey
}

// levelMeaning is the wording NHS internal audit uses for each level, printed
// beside the colour key so a reader knows what the colours claim.
var levelMeaning = map[assurance.AssuranceLevel]string{
	assurance.Substantial: "Robust arrangements are in place and working; no significant gaps.",
	assurance.Reasonable:  "Arrangements are generally sound; some improvement is needed.",
	assurance.Limited:     "Significant gaps or weaknesses; action is needed.",
	assurance.NoAssurance: "Arrangements are absent or not working; urgent action is needed.",
	assurance.NotAssessed: "No response yet, or the Guardian has not yet given a level.",
}

// Every cell is Arial, the NHS identity's fallback typeface, which every
// Windows PC has and LibreOffice replaces with the metric-compatible
// Liberation Sans, so row heights come out the same.
const (
	fontFamily = "Arial"
	fontSize   = 10.0
)

// Number formats. Dates are true Excel dates shown the UK way.
const (
	fmtDate     = "dd/mm/yyyy"
	fmtDateTime = "dd/mm/yyyy hh:mm"
	fmtCount    = "#,##0"
)

// styles holds every cell style a paper uses, created once per workbook.
type styles struct {
	f *excelize.File

	title, subtitle, heading, label, value, header, driverRow int
	date, dateLeft, dateTime, count, countBold, note, link    int
	level, levelBold                                          map[assurance.AssuranceLevel]int
	overdue                                                   int // a conditional (dxf) format

	quoted map[int]int // style -> the same style with Excel's quote prefix
	// open maps a style to the same style unlocked and outlined (unlocked),
	// copied from the template style openTmpl.
	open     map[int]int
	openTmpl int
}

var thin = []excelize.Border{
	{Type: "left", Color: "AEB7BD", Style: 1}, {Type: "right", Color: "AEB7BD", Style: 1},
	{Type: "top", Color: "AEB7BD", Style: 1}, {Type: "bottom", Color: "AEB7BD", Style: 1},
}

func solid(c string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
}

func newStyles(f *excelize.File) (*styles, error) {
	if err := f.SetDefaultFont(fontFamily); err != nil {
		return nil, err
	}
	s := &styles{f: f, quoted: map[int]int{}, level: map[assurance.AssuranceLevel]int{}, levelBold: map[assurance.AssuranceLevel]int{}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	dateFmt, dateTimeFmt, countFmt := fmtDate, fmtDateTime, fmtCount
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Family: fontFamily, Size: size, Bold: bold, Color: color}
	}
	normal, strong := font(false, fontSize, black), font(true, fontSize, black)
	// Numbers and dates sit centred in their columns, clear of the text beside them.
	centred := &excelize.Alignment{Vertical: "top", Horizontal: "center"}
	defs := []struct {
		id *int
		st excelize.Style
	}{
		{&s.title, excelize.Style{Font: font(true, 18, white), Fill: solid(nhsBlue), Alignment: &excelize.Alignment{Vertical: "center", Indent: 1}}},
		{&s.subtitle, excelize.Style{Font: font(true, 13, nhsDarkBlue), Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.heading, excelize.Style{Font: font(true, 12, nhsDarkBlue), Border: []excelize.Border{{Type: "bottom", Color: nhsBlue, Style: 2}}, Alignment: &excelize.Alignment{Vertical: "bottom"}}},
		{&s.label, excelize.Style{Font: strong, Fill: solid(nhsPaleGrey), Border: thin, Alignment: top}},
		{&s.value, excelize.Style{Font: normal, Border: thin, Alignment: top}},
		{&s.header, excelize.Style{Font: font(true, fontSize, white), Fill: solid(nhsBlue), Border: thin, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&s.driverRow, excelize.Style{Font: font(true, 11, nhsDarkBlue), Fill: solid("D6E4F4"), Border: thin, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.date, excelize.Style{Font: normal, CustomNumFmt: &dateFmt, Alignment: centred, Border: thin}},
		{&s.dateLeft, excelize.Style{Font: normal, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}, Border: thin}},
		{&s.dateTime, excelize.Style{Font: normal, CustomNumFmt: &dateTimeFmt, Alignment: centred, Border: thin}},
		{&s.count, excelize.Style{Font: normal, CustomNumFmt: &countFmt, Alignment: centred, Border: thin}},
		{&s.countBold, excelize.Style{Font: strong, CustomNumFmt: &countFmt, Alignment: centred, Border: thin}},
		{&s.link, excelize.Style{Font: &excelize.Font{Family: fontFamily, Size: fontSize, Color: "0563C1", Underline: "single"}, Border: thin, Alignment: top}},
		{&s.note, excelize.Style{Font: &excelize.Font{Family: fontFamily, Size: fontSize, Italic: true, Color: "425563"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	for _, l := range assurance.AssuranceLevels {
		c := levelColour[l]
		for _, bold := range []bool{false, true} {
			id, err := f.NewStyle(&excelize.Style{Font: font(bold, fontSize, c[1]), Fill: solid(c[0]), Border: thin, Alignment: top})
			if err != nil {
				return nil, err
			}
			if bold {
				s.levelBold[l] = id
			} else {
				s.level[l] = id
			}
		}
	}
	var err error
	s.overdue, err = f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "8A1538", Bold: true}, Fill: solid("FDE0DC")})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// quote returns style id with Excel's quote prefix set: the flag Excel itself
// sets when someone types '=1+1, which keeps the text literal even if the
// cell is later edited and re-entered. excelize's Style has no field for it,
// so the flag is set on a copy of the cell format record.
func (s *styles) quote(id int) int {
	if q, ok := s.quoted[id]; ok {
		return q
	}
	xfs := s.f.Styles.CellXfs
	if xfs == nil || id < 0 || id >= len(xfs.Xf) {
		return id
	}
	xf := xfs.Xf[id]
	yes := true
	xf.QuotePrefix = &yes
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	s.quoted[id] = len(xfs.Xf) - 1
	return s.quoted[id]
}

// risky reports whether text would be taken for a formula, or a DDE or
// hyperlink trick, if typed into a spreadsheet or pasted into one.
func risky(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n', '|':
		return true
	}
	// Full-width equals and plus signs are turned into formulas by some
	// East Asian input settings.
	r, _ := utf8.DecodeRuneInString(s)
	return r == '＝' || r == '＋' || r == '－' || r == '＠'
}

// maxCellUnits is Excel's limit on a cell's text, in UTF-16 code units.
const maxCellUnits = 32767

// cutNote ends text cut at the cell limit, so the reader knows it goes on.
const cutNote = " […text continues in Guardian: cut at Excel's 32,767-character cell limit]"

// cellText makes user text safe for a cell: invalid UTF-8 and the control
// characters XML 1.0 cannot hold become U+FFFD (visible, rather than a
// workbook Excel must repair), line endings become \n, and text over the
// cell limit is cut with a note saying so. cut reports whether it was cut.
func cellText(s string) (out string, cut bool) {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || r == '\r' || (r < 0x20 && r != '\t' && r != '\n') || r == 0xFFFE || r == 0xFFFF || (r >= 0x7F && r <= 0x9F) {
			clean = false
			break
		}
	}
	if !clean {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '\r':
				return '\n'
			case r == '\t' || r == '\n':
				return r
			case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0x7F && r <= 0x9F):
				return '\uFFFD'
			}
			return r
		}, strings.ToValidUTF8(s, "\uFFFD"))
	}
	if len(s) <= maxCellUnits/3 || utf16Len(s) <= maxCellUnits {
		return s, false
	}
	room := maxCellUnits - utf16Len(cutNote)
	n := 0
	for i, r := range s {
		n += len(utf16.Encode([]rune{r}))
		if n > room {
			return s[:i] + cutNote, true
		}
	}
	return s, false
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// cleanLine is cellText for one-line places such as document properties
// and sheet headers: line breaks and tabs become spaces.
func cleanLine(s string) string {
	s, _ = cellText(s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// excelEpoch is day 0 of Excel's 1900 date system as it behaves from 1 March
// 1900 on (Excel counts a 29 February 1900 that never was).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial returns the Excel serial number of a date, or nil for no date, so
// that dates are real dates Excel can sort, filter and reformat.
func serial(d assurance.Date) any {
	if d.IsZero() {
		return nil
	}
	n := float64(d.Time().Sub(excelEpoch) / (24 * time.Hour))
	if d.Before(assurance.NewDate(1900, time.March, 1)) {
		n--
	}
	return n
}

// serialTime is serial for a moment, in this computer's time zone.
func serialTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.Local()
	day := serial(assurance.DateOf(t)).(float64)
	// Whole seconds over whole days, so 10:00 comes back as 10:00, not 09:59.
	return day + float64(t.Hour()*3600+t.Minute()*60+t.Second())/86400
}
