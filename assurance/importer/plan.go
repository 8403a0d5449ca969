package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// Options are the person's choices; zero values mean "work it out".
type Options struct {
	Sheet string // "" for the first sheet
	// HeaderRow is the row number (1 = first) holding the headings; 0
	// finds it.
	HeaderRow int
	// Mapping overrides the columns of the fields it names; the rest come
	// from the mapping remembered for this shape of file, else from the
	// headings.
	Mapping Mapping
	// Columns is Mapping as a person writes it: a column's letters ("C")
	// or its heading ("Date raised"); "" or "none" leaves the field out.
	Columns map[Field]string
	// Levels and Statuses add the log's own words, such as RAG colours:
	// "amber" → Limited. Keys are matched ignoring case and punctuation.
	Levels   map[string]assurance.AssuranceLevel
	Statuses map[string]assurance.Status
}

// Result is what becomes of a row.
type Result string

const (
	Imported Result = "imported" // will be (or was) imported
	Skipped  Result = "skipped"  // not a question: a blank line, a note, a total, or already in the log
	Rejected Result = "rejected" // a question that cannot be imported as it stands
)

// Outcome is what becomes of one row, and why.
type Outcome struct {
	Row    int // the row number in the sheet
	Result Result
	Column string // the column at fault, as "D (Date raised)", or ""
	Value  string // the cell's text at fault, or the row's first text
	Reason string
	// Flags are notes on a row that is imported, such as a month-only date.
	Flags []string
	// Question is the question the row becomes, for Imported rows.
	Question *assurance.Question `json:"-"`
	Actions  []string            `json:"-"`
	Key      string              `json:"-"`
}

// Plan is what an import will do: a dry run. Nothing is written until Apply.
type Plan struct {
	File      *File
	Sheet     string
	HeaderRow int      // the row number of the headings
	Headings  []string // the cells of the header row
	Mapping   Mapping
	// Remembered is true when the mapping came from an earlier import of
	// a file of the same shape.
	Remembered bool
	Shape      string
	// Levels and Statuses are the log's own words in force: remembered
	// from the last import of this shape, with Options' on top.
	Levels   map[string]assurance.AssuranceLevel
	Statuses map[string]assurance.Status
	Rows     []Outcome // every row of the sheet, in order, up to the last with something in it
	Preview  []Row     // the first rows after the headings, as they are
	Trailing int       // blank rows after the last, not listed
}

// Count returns how many rows have result r.
func (p *Plan) Count(r Result) int {
	n := 0
	for _, o := range p.Rows {
		if o.Result == r {
			n++
		}
	}
	return n
}

// previewRows is how many rows the mapping step shows.
const previewRows = 5

// Build reads the sheet, finds the headings, maps the columns and decides
// every row. log gives the rows imported before and remembered mappings;
// it may be nil (nothing imported yet). The file is only read.
func Build(ctx context.Context, f *File, log assurance.ImportLog, fw *assurance.Framework, opt Options) (*Plan, error) {
	t, err := f.Read(opt.Sheet)
	if err != nil {
		return nil, err
	}
	p := &Plan{File: f, Sheet: t.Sheet, Trailing: t.Trailing}
	h := -1
	if opt.HeaderRow > 0 {
		for i, r := range t.Rows {
			if r.Num == opt.HeaderRow {
				h = i
			}
		}
		if h < 0 {
			return nil, assurance.Errorf(assurance.EINVALID, "Row %d of the sheet %q is empty or beyond its end: choose the row with the column headings", opt.HeaderRow, t.Sheet)
		}
	} else if h = findHeader(t); h < 0 {
		return nil, assurance.Errorf(assurance.EINVALID,
			"Cannot find the column headings in the sheet %q: none of its first %d rows names a Question column beside another such as Area, Raised or Response. Say which row holds them", t.Sheet, headerSearch)
	}
	p.HeaderRow, p.Headings = t.Rows[h].Num, t.Rows[h].Cells
	p.Shape = shape(p.Headings)
	p.Mapping = guessMapping(p.Headings)
	var done map[string]string
	p.Levels, p.Statuses = map[string]assurance.AssuranceLevel{}, map[string]assurance.Status{}
	if log != nil {
		saved, err := log.ImportMapping(ctx, p.Shape)
		if err != nil {
			return nil, err
		}
		if len(saved) > 0 {
			p.Mapping, p.Remembered = fromHeadings(saved, p.Headings), true
			rememberedWords(saved, p.Levels, p.Statuses)
		}
		if done, err = log.ImportedKeys(ctx); err != nil {
			return nil, err
		}
	}
	over := Mapping{}
	for fld, c := range opt.Mapping {
		over[fld] = c
	}
	for fld, col := range opt.Columns {
		if k := normalise(col); k == "" || k == "none" {
			over[fld] = -1
			continue
		}
		c, ok := columnIndex(col, p.Headings)
		if !ok || c >= len(p.Headings) {
			return nil, assurance.Errorf(assurance.EINVALID, "There is no column %q for %s: give its letter, such as C, or its heading as in row %d (%s)",
				col, fld.Label(), p.HeaderRow, quoteList(nonBlank(p.Headings)))
		}
		over[fld] = c
	}
	for fld, c := range over {
		for other, oc := range p.Mapping {
			if oc == c && other != fld {
				delete(p.Mapping, other) // a column holds one field
			}
		}
		if c < 0 {
			delete(p.Mapping, fld)
		} else {
			p.Mapping[fld] = c
		}
	}
	if _, ok := p.Mapping[Question]; !ok {
		return nil, assurance.Errorf(assurance.EINVALID, "No column is chosen for the question itself: say which column holds it")
	}
	if _, ok := p.Mapping[Area]; !ok {
		return nil, assurance.Errorf(assurance.EINVALID, "No column is chosen for the action area: say which column holds it (every question in Guardian belongs to an area)")
	}
	rows := t.Rows[h+1:]
	for i := 0; i < len(rows) && len(p.Preview) < previewRows; i++ {
		if !rows[i].Blank() {
			p.Preview = append(p.Preview, rows[i])
		}
	}
	// The rows above the headings are listed too, so the dry run
	// accounts for every row of the sheet.
	for _, r := range t.Rows[:h] {
		o := Outcome{Row: r.Num, Result: Skipped, Reason: "Above the column headings (a title or a note)"}
		if r.Blank() {
			o.Reason = "Blank line"
		}
		for _, c := range r.Cells {
			if o.Value == "" {
				o.Value = strings.TrimSpace(c)
			}
		}
		p.Rows = append(p.Rows, o)
	}
	p.Rows = append(p.Rows, Outcome{Row: p.HeaderRow, Result: Skipped, Value: strings.Join(nonBlank(p.Headings), ", "), Reason: "The column headings"})
	for k, v := range opt.Levels {
		p.Levels[normalise(k)] = v
	}
	for k, v := range opt.Statuses {
		p.Statuses[normalise(k)] = v
	}
	d := decider{p: p, areas: newAreaIndex(fw), done: done, seen: map[string]int{}, levels: p.Levels, statuses: p.Statuses}
	for _, r := range rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.Rows = append(p.Rows, d.decide(r))
	}
	return p, nil
}

func nonBlank(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// decider turns rows into outcomes.
type decider struct {
	p        *Plan
	areas    *areaIndex
	done     map[string]string // key → question reference, from earlier imports
	seen     map[string]int    // key → row, in this file
	levels   map[string]assurance.AssuranceLevel
	statuses map[string]assurance.Status
}

func (d *decider) col(f Field) string {
	c, ok := d.p.Mapping[f]
	if !ok {
		return ""
	}
	h := ""
	if c < len(d.p.Headings) {
		h = strings.TrimSpace(d.p.Headings[c])
	}
	if h == "" {
		h = f.Label()
	}
	return fmt.Sprintf("%s (%s)", columnName(c), h)
}

func (d *decider) cell(r Row, f Field) string {
	c, ok := d.p.Mapping[f]
	if !ok {
		return ""
	}
	return r.Cell(c)
}

func (d *decider) reject(r Row, f Field, reason string) Outcome {
	return Outcome{Row: r.Num, Result: Rejected, Column: d.col(f), Value: d.cell(r, f), Reason: reason}
}

func (d *decider) decide(r Row) Outcome {
	if r.Blank() {
		return Outcome{Row: r.Num, Result: Skipped, Reason: "Blank line"}
	}
	first, firstCol, filled := "", -1, 0
	for i, c := range r.Cells {
		if strings.TrimSpace(c) != "" {
			filled++
			if first == "" {
				first, firstCol = strings.TrimSpace(c), i
			}
		}
	}
	qc := d.p.Mapping[Question]
	// A totals row is labelled at its left; a question that begins
	// "Total rewards…" is a question.
	if n := normalise(first); firstCol != qc && (n == "total" || n == "totals" || strings.HasPrefix(n, "total ") || strings.HasPrefix(n, "grand total")) {
		return Outcome{Row: r.Num, Result: Skipped, Value: first, Reason: "Totals row"}
	}
	question, area := strings.TrimSpace(d.cell(r, Question)), strings.TrimSpace(d.cell(r, Area))
	// One cell of text, not in the question column, is a note; text in the
	// question column alone is a question missing its area (rejected below).
	if question == "" && area == "" || filled == 1 && firstCol != qc {
		return Outcome{Row: r.Num, Result: Skipped, Value: first, Reason: "Note, not a question (no question and action area)"}
	}
	ref := strings.TrimSpace(d.cell(r, Ref))
	key := "ref:" + strings.ToUpper(strings.Join(strings.Fields(ref), " "))
	if ref == "" {
		// No reference: the row is known by what it says.
		sum := sha256.Sum256([]byte(area + "\x1f" + question + "\x1f" + strings.TrimSpace(d.cell(r, Raised))))
		key = "content:" + hex.EncodeToString(sum[:12])
	}
	if prev, ok := d.seen[key]; ok {
		if ref != "" {
			return d.reject(r, Ref, fmt.Sprintf("The reference %s is also on row %d, which comes in; a reference can be imported once", ref, prev))
		}
		return d.reject(r, Question, fmt.Sprintf("Row %d has the same question, area and date and no reference; it comes in once", prev))
	}
	d.seen[key] = r.Num
	if qref, ok := d.done[key]; ok {
		what := "this row"
		if ref != "" {
			what = "reference " + ref
		}
		return Outcome{Row: r.Num, Result: Skipped, Column: d.col(Ref), Value: ref, Reason: fmt.Sprintf("Already in the log: %s was imported before as %s", what, qref)}
	}

	q := &assurance.Question{Framework: d.areas.fw.ID, Text: question,
		AskedOf: d.cell(r, AskedOf), Response: d.cell(r, Response), Comment: d.cell(r, Comment)}
	var flags []string
	a, problem := d.areas.find(area)
	if problem != "" {
		return d.reject(r, Area, problem)
	}
	q.Area = a.ID
	for _, df := range []struct {
		f    Field
		into *assurance.Date
	}{{Raised, &q.RaisedOn}, {Due, &q.DueOn}, {Responded, &q.RespondedOn}} {
		v, monthOnly, problem := parseDate(d.cell(r, df.f))
		if problem != "" {
			return d.reject(r, df.f, problem)
		}
		if monthOnly {
			flags = append(flags, fmt.Sprintf("%s %q has no day: taken as %s", df.f.Label(), strings.TrimSpace(d.cell(r, df.f)), v.UK()))
		}
		*df.into = v
	}
	if q.Level, problem = parseLevel(d.cell(r, Level), d.levels); problem != "" {
		return d.reject(r, Level, problem)
	}
	if q.Status, problem = parseStatus(d.cell(r, Status), d.statuses, strings.TrimSpace(q.Response) != ""); problem != "" {
		return d.reject(r, Status, problem)
	}
	var actions []string
	for _, line := range strings.Split(strings.ReplaceAll(d.cell(r, Actions), "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if p := assurance.CheckText(line, assurance.MaxText, false); p != "" {
				return d.reject(r, Actions, "The action "+p)
			}
			actions = append(actions, line)
		}
	}
	q.Normalise()
	if err := q.Validate(nil); err != nil {
		// The first problem, against its column.
		fe := assurance.FieldErrors(err)
		for _, pair := range []struct {
			name string
			f    Field
		}{{assurance.FieldText, Question}, {assurance.FieldArea, Area}, {assurance.FieldAskedOf, AskedOf},
			{assurance.FieldRaisedOn, Raised}, {assurance.FieldDueOn, Due}, {assurance.FieldRespondedOn, Responded},
			{assurance.FieldResponse, Response}, {assurance.FieldLevel, Level}, {assurance.FieldStatus, Status}, {assurance.FieldComment, Comment}} {
			if msg, ok := fe[pair.name]; ok {
				return d.reject(r, pair.f, msg)
			}
		}
		return Outcome{Row: r.Num, Result: Rejected, Value: first, Reason: assurance.ErrorMessage(err)}
	}
	return Outcome{Row: r.Num, Result: Imported, Value: question, Flags: flags, Question: q, Actions: actions, Key: key}
}
