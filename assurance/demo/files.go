package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// file is a generated evidence file.
type file struct {
	name, description string
	data              []byte
}

// evidenceFile makes the i-th evidence file for q: a CSV of OH metrics, an
// extract of minutes, a short PDF report or a PNG chart, each a few KB and
// each different, as real evidence would be.
func (g *generator) evidenceFile(q *assurance.Question, i int) file {
	when := q.RespondedOn
	if when.IsZero() {
		when = q.RaisedOn
	}
	if when.IsZero() {
		when = g.today
	}
	quarter := quarterAfter(when, 0)                                 // Q2 2026/27
	slug := strings.NewReplacer(" ", "-", "/", "-").Replace(quarter) // Q2-2026-27
	switch r := g.rng.IntN(100); {
	case r < 35:
		return g.csvFile(q, slug)
	case r < 65:
		return g.minutesFile(q, i)
	case r < 85:
		return g.pdfFile(q, quarter, slug)
	default:
		return g.chartFile(q, slug)
	}
}

func (g *generator) csvFile(q *assurance.Question, quarter string) file {
	names := []string{"OH-dashboard", "Referral-waiting-times", "Sickness-absence-by-reason", "Wellbeing-service-activity"}
	var b strings.Builder
	b.WriteString("Month,Management referrals,Self referrals,Median wait (working days),Returned to work within 12 weeks (%),Sickness absence (%)\n")
	refs, self, wait, rtw, absence := 80+g.rng.IntN(80), 30+g.rng.IntN(60), 8+g.rng.IntN(15), 60+g.rng.IntN(25), 4.0+g.rng.Float64()*2
	start := g.today.Time().AddDate(0, -18, 0)
	for m := range 18 {
		refs += g.rng.IntN(21) - 10
		self += g.rng.IntN(11) - 4
		wait = max(3, wait+g.rng.IntN(5)-2)
		rtw = min(98, max(40, rtw+g.rng.IntN(7)-3))
		absence = max(2.5, absence+g.rng.Float64()*0.6-0.3)
		fmt.Fprintf(&b, "%s,%d,%d,%d,%d,%.2f\n", start.AddDate(0, m, 0).Format("Jan 2006"), max(0, refs), max(0, self), wait, rtw, absence)
	}
	return file{
		name:        fmt.Sprintf("%s-%s.csv", g.pick(names), quarter),
		description: fmt.Sprintf("Eighteen months of occupational health figures supporting the response to %s", q.Ref),
		data:        []byte(b.String()),
	}
}

func (g *generator) minutesFile(q *assurance.Question, i int) file {
	// A question raised between meetings was raised at a one-to-one.
	label, kind, prefix := "Meeting with "+q.AskedOf, "Meeting", "Note-of-meeting"
	date := q.RaisedOn
	if m := g.meeting(q.MeetingID); m != nil {
		label, kind, date = m.Title, m.Kind.Label(), m.Date
		prefix = strings.ReplaceAll(kind, " ", "-") + "-minutes"
	}
	if date.IsZero() {
		date = g.today
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s: minutes (extract)\nHeld on %s\n\n", strings.ToUpper(g.org), label, date.UK())
	fmt.Fprintf(&b, "Present: Chair; Chief Executive; Director of People; Chief Nurse; Medical Director; Non-executive Directors including the Health and Wellbeing Guardian.\nIn attendance: Head of Occupational Health; Company Secretary (minutes).\n\n")
	fmt.Fprintf(&b, "Item %d. Staff health and wellbeing\n\n", 4+g.rng.IntN(9))
	fmt.Fprintf(&b, "%s. The Health and Wellbeing Guardian asked: %s\n\n", q.Ref, q.Text)
	if q.Response != "" {
		fmt.Fprintf(&b, "%s responded: %s\n\n", q.AskedOf, q.Response)
		if q.Level.Assessed() {
			fmt.Fprintf(&b, "The Guardian recorded %s assurance.\n\n", strings.ToLower(q.Level.Label()))
		}
	} else {
		fmt.Fprintf(&b, "%s undertook to respond by %s.\n\n", q.AskedOf, q.DueOn.UK())
	}
	fmt.Fprintf(&b, "The %s NOTED the discussion. Minute reference %s/%02d/%03d.\n", kind, date.Time().Format("0601"), i+1, g.rng.IntN(1000))
	return file{
		name:        fmt.Sprintf("%s-%s.txt", prefix, date),
		description: fmt.Sprintf("Minutes (%s) recording the question and response", label),
		data:        []byte(b.String()),
	}
}

func (g *generator) meeting(id int64) *assurance.Meeting {
	for _, m := range g.past {
		if m.ID == id {
			return m
		}
	}
	if g.upcoming != nil && g.upcoming.ID == id {
		return g.upcoming
	}
	return nil
}

func (g *generator) pdfFile(q *assurance.Question, quarter, slug string) file {
	titles := []string{"OHWB-quarterly-report", "Wellbeing-survey-summary", "OH-internal-audit-summary", "People-Committee-paper"}
	title := g.pick(titles)
	lines := []string{
		g.org,
		strings.ReplaceAll(title, "-", " ") + ", " + quarter,
		"",
		"Prepared for the Health and Wellbeing Guardian, reference " + q.Ref + ", action area " + q.Area + ".",
		"",
	}
	lines = append(lines, wrap("Question: "+q.Text, 90)...)
	if q.Response != "" {
		lines = append(lines, "")
		lines = append(lines, wrap("Summary: "+q.Response, 90)...)
	}
	lines = append(lines, "", fmt.Sprintf("Key figures: referrals %d, median wait %d working days, staff survey response rate %d%%.",
		100+g.rng.IntN(200), 5+g.rng.IntN(20), 35+g.rng.IntN(30)), "", "OFFICIAL-SENSITIVE")
	return file{
		name:        fmt.Sprintf("%s-%s.pdf", title, slug),
		description: "Report presented to the committee in support of the response",
		data:        minimalPDF(lines),
	}
}

func (g *generator) chartFile(q *assurance.Question, quarter string) file {
	names := []string{"Absence-trend-chart", "Waiting-times-chart", "Referrals-by-month-chart"}
	return file{
		name:        fmt.Sprintf("%s-%s.png", g.pick(names), quarter),
		description: "Chart of the twelve-month trend shown to the committee for " + q.Ref,
		data:        g.barChart(),
	}
}

// barChart draws a 480x270 chart: twelve shaded bars in NHS blue over grey
// gridlines, with a dashed red target line.
func (g *generator) barChart() []byte {
	const w, h, left, bottom = 480, 270, 40, 30
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := y0; y < y1; y++ {
			row := img.Pix[y*img.Stride+x0*4 : y*img.Stride+x1*4]
			for i := 0; i < len(row); i += 4 {
				row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, c.A
			}
		}
	}
	fill(0, 0, w, h, color.RGBA{0xff, 0xff, 0xff, 0xff})
	for y := h - bottom; y > 10; y -= 24 { // gridlines
		fill(left, y, w-10, y+1, color.RGBA{0xe8, 0xed, 0xee, 0xff})
	}
	fill(left-2, 10, left, h-bottom, color.RGBA{0x42, 0x55, 0x63, 0xff})
	fill(left, h-bottom, w-10, h-bottom+2, color.RGBA{0x42, 0x55, 0x63, 0xff})
	v := 80 + g.rng.IntN(80)
	for i := range 12 {
		v = min(h-bottom-20, max(12, v+g.rng.IntN(41)-20))
		x := left + 8 + i*35
		for y := h - bottom - v; y < h-bottom; y++ {
			// Shade each bar from light at the top to NHS blue (#005EB8).
			t := float64(y-(h-bottom-v)) / float64(v)
			c := color.RGBA{uint8(0x41 * (1 - t)), uint8(0x5e + (0xb6-0x5e)*(1-t)), uint8(0xb8 + (0xe6-0xb8)*(1-t)), 0xff}
			fill(x, y, x+24, y+1, c)
		}
		fill(x+4, h-bottom+6, x+20, h-bottom+10, color.RGBA{0x76, 0x86, 0x92, 0xff}) // month tick label
	}
	target := h - bottom - (90 + g.rng.IntN(70))
	for x := left; x < w-10; x += 10 {
		fill(x, target, x+6, target+2, color.RGBA{0xda, 0x29, 0x1c, 0xff})
	}
	var buf bytes.Buffer
	// BestSpeed: encoding was most of the demo's CPU time, for files that
	// stay a few KB either way.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory image cannot fail
	}
	return buf.Bytes()
}

// wrap breaks s into lines of at most width bytes at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

// minimalPDF writes a one-page A4 PDF showing lines in Helvetica. Text is
// kept to printable ASCII (the standard fonts' encoding), with £ as GBP.
func minimalPDF(lines []string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 15 Tf 56 786 Td 16 TL\n")
	for i, l := range lines {
		if i == 1 {
			content.WriteString("/F1 10 Tf 13 TL\n")
		}
		fmt.Fprintf(&content, "(%s) Tj T*\n", pdfString(l))
	}
	content.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfString escapes s for a PDF literal string, keeping printable ASCII.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range strings.ReplaceAll(s, "£", "GBP ") {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 32 && r < 127:
			b.WriteRune(r)
		case r == '\u2019' || r == '\u2018':
			b.WriteByte('\'')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
