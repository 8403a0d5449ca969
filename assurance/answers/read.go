package answers

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
)

// Field names a change is reported under.
const (
	FieldResponse  = "Response"
	FieldResponded = "Date of response"
	FieldLevel     = "Assurance level"
	FieldComment   = "Comment"
	FieldDone      = "Done on"
)

// Change is one field of one question or action, three ways.
type Change struct {
	Ref        string // the question's reference
	QuestionID int64
	ActionID   int64 // 0 for a question's field
	Action     string
	Field      string
	Exported   string // as the workbook was written; "" if that was lost
	Workbook   string // as the committee left it
	Log        string // as the log has it now
	Row        int    // the row in the workbook
}

// Key names the change for a choice: "Q-0003 Response", "Q-0003 action 7 Done on".
func (c Change) Key() string {
	if c.ActionID != 0 {
		return fmt.Sprintf("%s action %d %s", c.Ref, c.ActionID, c.Field)
	}
	return c.Ref + " " + c.Field
}

// Plan is what importing the answers would do.
type Plan struct {
	File      *importer.File
	LogName   string // the log the workbook was written from
	Apply     []Change
	Conflicts []Change // changed in the workbook and in the log since
	Problems  []string // rows that cannot be read or matched
	Matched   int      // question rows matched to the log
}

// Compare reads a committee's answers from f — a board paper exported by
// Guardian, or an answer workbook — and sets each answer field three ways
// against st. A workbook stamped by another log is refused.
func Compare(ctx context.Context, f *importer.File, st assurance.Reader, info assurance.LogInfo) (*Plan, error) {
	qsheet := sheetQuestions
	if !slices.Contains(f.Sheets, qsheet) {
		qsheet = sheetPaperQuestions
	}
	if !slices.Contains(f.Sheets, qsheet) {
		return nil, notOurs(f)
	}
	t, err := f.Read(qsheet)
	if err != nil {
		return nil, err
	}
	qcols, ok := findColumns(t, questionHeadings, keyResponse)
	if !ok {
		return nil, notOurs(f)
	}
	stamp := readStamp(f, t.Rows[:qcols.header])
	if stamp[assurance.StampLog] == "" {
		return nil, assurance.Errorf(assurance.EINVALID, "%q has no Guardian stamp, so Guardian cannot tell which log it was exported from: import the answers from a board paper or answer workbook exported by Guardian", f.Name)
	}
	p := &Plan{File: f, LogName: stamp[assurance.StampLogName]}
	if stamp[assurance.StampLog] != assurance.LogIdentity(info) {
		return nil, assurance.Errorf(assurance.EINVALID, "%q was written from another log, %q, not this one: open that log to import its answers", f.Name, p.LogName)
	}
	n := normaliser{scale: assurance.ScaleByID("")}
	if ys := assurance.YearOf(st); ys != nil {
		ls, err := ys.LogSettings(ctx)
		if err != nil {
			return nil, err
		}
		n.scale = assurance.ScaleByID(ls.Scale)
	}
	if err := p.questions(ctx, t, qcols, st, n); err != nil {
		return nil, err
	}
	if err := p.actions(ctx, f, st); err != nil {
		return nil, err
	}
	return p, nil
}

func notOurs(f *importer.File) error {
	return assurance.Errorf(assurance.EINVALID, "%q is not a board paper or answer workbook written by Guardian (it has no sheet of questions with a Response column)", f.Name)
}

// readStamp finds the workbook's stamp: in its custom properties, else (a
// program dropped them) in the hidden cells above the paper's headings or
// on the answer workbook's hidden sheet.
func readStamp(f *importer.File, above []importer.Row) map[string]string {
	stamp := f.CustomProps()
	if stamp[assurance.StampLog] != "" {
		return stamp
	}
	if t, err := f.Read(sheetStamp); err == nil {
		for _, r := range t.Rows {
			stamp[r.Cell(0)] = r.Cell(1)
		}
	}
	for _, r := range above {
		for _, c := range r.Cells {
			if k, v, ok := strings.Cut(c, "="); ok && strings.HasPrefix(k, "Guardian") {
				stamp[k] = v
			}
		}
	}
	return stamp
}

// Keys of the columns a sheet of answers may have.
const (
	keyRef       = "ref"
	keyText      = "text"
	keyResponse  = "response"
	keyResponded = "responded"
	keyLevel     = "level"
	keyComment   = "comment"
	keyDone      = "done"
	keyID        = "id"
	keyVersion   = "version"
	keyBase      = "exported " // + the key of the field
)

// questionHeadings and actionHeadings are the headings each column has on
// the answer workbook, on the board paper and (lower case) on answer
// workbooks written before the paper took answers.
var (
	questionHeadings = map[string][]string{
		keyRef:                 {"Reference"},
		keyResponse:            {"Response (fill in)", "Response"},
		keyResponded:           {"Date of response (fill in)", "Responded"},
		keyLevel:               {"Assurance level (choose)", "Assurance level"},
		keyComment:             {"Guardian's comment (fill in)", "Guardian's comment"},
		keyID:                  {assurance.AnswerColID, "id"},
		keyVersion:             {assurance.AnswerColVersion, "version"},
		keyBase + keyResponse:  {assurance.AnswerColResponse, "exported response"},
		keyBase + keyResponded: {assurance.AnswerColResponded, "exported date"},
		keyBase + keyLevel:     {assurance.AnswerColLevel, "exported level"},
		keyBase + keyComment:   {assurance.AnswerColComment, "exported comment"},
	}
	actionHeadings = map[string][]string{
		keyRef:            {"Question"},
		keyText:           {"Action"},
		keyDone:           {"Done on (fill in)", "Done"},
		keyID:             {assurance.AnswerColID, "id"},
		keyVersion:        {assurance.AnswerColVersion, "version"},
		keyBase + keyDone: {assurance.AnswerColDone, "exported done on"},
	}
)

// columns says where a sheet's headings are and which column is which.
type columns struct {
	header int // index in the table's rows
	at     map[string]int
}

// cell is the text of the column with key in r ("" if there is none).
func (c columns) cell(r importer.Row, key string) string {
	if i, ok := c.at[key]; ok {
		return r.Cell(i)
	}
	return ""
}

// findColumns finds the heading row — the first of the first 20 rows with
// the reference's heading and must's — and the columns by their headings.
func findColumns(t *importer.Table, headings map[string][]string, must string) (columns, bool) {
	for i, r := range t.Rows[:min(20, len(t.Rows))] {
		at := map[string]int{}
		for col, h := range r.Cells {
			h = strings.TrimSpace(h)
			for key, names := range headings {
				if _, seen := at[key]; !seen && slices.Contains(names, h) {
					at[key] = col
				}
			}
		}
		_, hasRef := at[keyRef]
		if _, hasMust := at[must]; hasRef && hasMust {
			return columns{header: i, at: at}, true
		}
	}
	return columns{}, false
}

func (p *Plan) questions(ctx context.Context, t *importer.Table, cols columns, st assurance.Reader, n normaliser) error {
	current, err := st.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		return err
	}
	byID, byRef := map[int64]*assurance.Question{}, map[string]*assurance.Question{}
	for _, q := range current {
		byID[q.ID], byRef[q.Ref] = q, q
	}
	for _, r := range t.Rows[cols.header+1:] {
		if r.Blank() {
			continue
		}
		// The hidden number, else the reference anyone can see.
		id, _ := strconv.ParseInt(strings.TrimSpace(cols.cell(r, keyID)), 10, 64)
		q := byID[id]
		if q == nil {
			q = byRef[strings.ToUpper(strings.TrimSpace(cols.cell(r, keyRef)))]
		}
		if q == nil {
			p.Problems = append(p.Problems, fmt.Sprintf("Row %d (%s) matches no question in the log: it may have been deleted", r.Num, cols.cell(r, keyRef)))
			continue
		}
		p.Matched++
		for _, fl := range []struct {
			name, key string
			now       string
			norm      func(string) (string, error)
		}{
			{FieldResponse, keyResponse, q.Response, normText},
			{FieldResponded, keyResponded, q.RespondedOn.String(), normDate},
			{FieldLevel, keyLevel, q.Level.Label(), n.level},
			{FieldComment, keyComment, q.Comment, normText},
		} {
			if _, ok := cols.at[fl.key]; !ok {
				continue // a paper with the column deleted has no answers in it
			}
			now, _ := fl.norm(fl.now)
			c := Change{Ref: q.Ref, QuestionID: q.ID, Field: fl.name, Log: now, Row: r.Num}
			p.decide(c, cols.cell(r, fl.key), cols.cell(r, keyBase+fl.key), fl.norm)
		}
	}
	return nil
}

func (p *Plan) actions(ctx context.Context, f *importer.File, st assurance.Reader) error {
	t, err := f.Read(sheetActions)
	if err != nil {
		return nil // a workbook with its Actions sheet removed still has answers
	}
	cols, ok := findColumns(t, actionHeadings, keyDone)
	if !ok {
		return nil
	}
	acts, err := st.Actions(ctx, 0)
	if err != nil {
		return err
	}
	byID := map[int64]*assurance.Action{}
	for _, a := range acts {
		byID[a.ID] = a
	}
	qs, err := st.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		return err
	}
	refs := map[int64]string{}
	for _, q := range qs {
		refs[q.ID] = q.Ref
	}
	for _, r := range t.Rows[cols.header+1:] {
		if r.Blank() {
			continue
		}
		ref, text := strings.TrimSpace(cols.cell(r, keyRef)), strings.TrimSpace(cols.cell(r, keyText))
		id, _ := strconv.ParseInt(strings.TrimSpace(cols.cell(r, keyID)), 10, 64)
		a := byID[id]
		if a == nil {
			// Without its hidden number, an action is matched by its
			// question and text.
			for _, x := range acts {
				if refs[x.QuestionID] == ref && strings.TrimSpace(x.Text) == text {
					a = x
				}
			}
		}
		if a == nil {
			p.Problems = append(p.Problems, fmt.Sprintf("Row %d of Actions (%s) matches no action in the log", r.Num, text))
			continue
		}
		c := Change{Ref: refs[a.QuestionID], QuestionID: a.QuestionID, ActionID: a.ID, Action: a.Text, Field: FieldDone, Log: a.DoneOn.String(), Row: r.Num}
		p.decide(c, cols.cell(r, keyDone), cols.cell(r, keyBase+keyDone), normDate)
	}
	return nil
}

// decide sets c three ways and files it under Apply or Conflicts, or
// drops it when the workbook did not change it.
func (p *Plan) decide(c Change, edited, base string, norm func(string) (string, error)) {
	e, err := norm(edited)
	if err != nil {
		p.Problems = append(p.Problems, fmt.Sprintf("Row %d, %s of %s: %s", c.Row, c.Field, c.Ref, assurance.ErrorMessage(err)))
		return
	}
	b, _ := norm(base)
	c.Exported, c.Workbook = b, e
	switch {
	case e == b: // not edited in the workbook
	case e == c.Log: // edited to what the log already says
	case c.Log == b:
		p.Apply = append(p.Apply, c)
	default:
		p.Conflicts = append(p.Conflicts, c)
	}
}

func normText(s string) (string, error) {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")), nil
}

func normDate(s string) (string, error) {
	d, _, problem := importer.ParseCellDate(s)
	if problem != "" {
		return "", assurance.Errorf(assurance.EINVALID, "%s", problem)
	}
	return d.String(), nil
}

// normaliser reads levels in the log's own words (the paper shows them so)
// as well as the standard ones.
type normaliser struct{ scale *assurance.Scale }

func (n normaliser) level(s string) (string, error) {
	l, err := n.scale.Parse(s)
	if err != nil {
		return "", err
	}
	return l.Label(), nil
}

// Apply writes the plan's changes, and the conflicts whose keys take lists
// (the Guardian chose the workbook's value), in one transaction, each audit
// entry naming the workbook and its SHA-256. Conflicts not in take are left
// as the log has them.
func Apply(ctx context.Context, st assurance.Store, p *Plan, take map[string]bool) (int, error) {
	changes := append([]Change(nil), p.Apply...)
	for _, c := range p.Conflicts {
		if take[c.Key()] {
			changes = append(changes, c)
		}
	}
	byQ := map[int64][]Change{}
	var order []int64
	for _, c := range changes {
		if _, ok := byQ[c.QuestionID]; !ok {
			order = append(order, c.QuestionID)
		}
		byQ[c.QuestionID] = append(byQ[c.QuestionID], c)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	src := assurance.ImportSource{File: p.File.Name, SHA256: p.File.SHA256}
	n := 0
	err := st.Batch(ctx, func(w assurance.Writer) error {
		iw, ok := w.(assurance.ImportWriter)
		if !ok {
			return assurance.Errorf(assurance.EINTERNAL, "This log cannot take answers")
		}
		latest, err := latestQuestions(ctx, st, order)
		if err != nil {
			return err
		}
		n = 0
		for _, id := range order {
			q := latest[id]
			if q == nil { // deleted since the workbook was compared: say so as before
				if q, err = st.Question(ctx, id); err != nil {
					return err
				}
			}
			changed := false
			for _, c := range byQ[id] {
				if c.ActionID != 0 {
					src.Row = c.Row
					if err := applyAction(ctx, st, iw, c, src); err != nil {
						return err
					}
					n++
					continue
				}
				if err := set(q, c); err != nil {
					return err
				}
				changed = true
				n++
			}
			if changed {
				src.Row = byQ[id][0].Row
				if err := iw.UpdateImportedQuestion(ctx, q, src); err != nil {
					return fmt.Errorf("row %d (%s): %w", src.Row, q.Ref, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, assurance.WrapError(assurance.ErrorCode(err), err, "Nothing was imported from %s: %s", p.File.Name, assurance.ErrorMessage(err))
	}
	return n, nil
}

// latestQuestions reads the questions with these IDs as they are now, in
// one query (1,000 answers read one by one took a quarter of a second).
func latestQuestions(ctx context.Context, st assurance.Reader, ids []int64) (map[int64]*assurance.Question, error) {
	qs, err := st.Questions(ctx, assurance.QuestionFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*assurance.Question, len(qs))
	for _, q := range qs {
		byID[q.ID] = q
	}
	return byID, nil
}

func set(q *assurance.Question, c Change) error {
	switch c.Field {
	case FieldResponse:
		q.Response = c.Workbook
	case FieldComment:
		q.Comment = c.Workbook
	case FieldResponded:
		d, err := assurance.ParseDate(c.Workbook)
		if err != nil {
			return err
		}
		q.RespondedOn = d
	case FieldLevel:
		l, err := assurance.ParseAssuranceLevel(c.Workbook)
		if err != nil {
			return err
		}
		q.Level = l
	}
	return nil
}

func applyAction(ctx context.Context, st assurance.Reader, w assurance.ImportWriter, c Change, src assurance.ImportSource) error {
	acts, err := st.Actions(ctx, c.QuestionID)
	if err != nil {
		return err
	}
	for _, a := range acts {
		if a.ID == c.ActionID {
			d, err := assurance.ParseDate(c.Workbook)
			if err != nil {
				return err
			}
			a.DoneOn = d
			return w.UpdateImportedAction(ctx, a, src)
		}
	}
	return assurance.Errorf(assurance.ENOTFOUND, "The action %q on %s is no longer in the log", c.Action, c.Ref)
}
