package answers

import (
	"context"
	"fmt"
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

// Compare reads the answer workbook f and sets each answer field three ways
// against st. A workbook stamped by another log is refused.
func Compare(ctx context.Context, f *importer.File, st assurance.Reader, info assurance.LogInfo) (*Plan, error) {
	stamp := f.CustomProps()
	if stamp[propLog] == "" {
		// Programs that drop custom properties keep the hidden sheet.
		if t, err := f.Read(sheetStamp); err == nil {
			for _, r := range t.Rows {
				stamp[r.Cell(0)] = r.Cell(1)
			}
		}
	}
	if stamp[propLog] == "" {
		return nil, assurance.Errorf(assurance.EINVALID, "%q is not an answer workbook written by Guardian (it has no Guardian stamp)", f.Name)
	}
	p := &Plan{File: f, LogName: stamp[propLogName]}
	if stamp[propLog] != Identity(info) {
		return nil, assurance.Errorf(assurance.EINVALID, "%q was written from another log, %q, not this one: open that log to import its answers", f.Name, p.LogName)
	}
	if err := p.questions(ctx, f, st); err != nil {
		return nil, err
	}
	if err := p.actions(ctx, f, st); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Plan) questions(ctx context.Context, f *importer.File, st assurance.Reader) error {
	t, err := f.Read(sheetQuestions)
	if err != nil {
		return err
	}
	current, err := st.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		return err
	}
	byID, byRef := map[int64]*assurance.Question{}, map[string]*assurance.Question{}
	for _, q := range current {
		byID[q.ID], byRef[q.Ref] = q, q
	}
	for _, r := range t.Rows[min(1, len(t.Rows)):] {
		if r.Blank() {
			continue
		}
		// The hidden number, else the reference anyone can see.
		id, _ := strconv.ParseInt(strings.TrimSpace(r.Cell(qID)), 10, 64)
		q := byID[id]
		if q == nil {
			q = byRef[strings.ToUpper(strings.TrimSpace(r.Cell(qRef)))]
		}
		if q == nil {
			p.Problems = append(p.Problems, fmt.Sprintf("Row %d (%s) matches no question in the log: it may have been deleted", r.Num, r.Cell(qRef)))
			continue
		}
		p.Matched++
		for _, fl := range []struct {
			name         string
			edited, base int
			now          string
			norm         func(string) (string, error)
		}{
			{FieldResponse, qResponse, qBaseResponse, q.Response, normText},
			{FieldResponded, qResponded, qBaseResponded, q.RespondedOn.String(), normDate},
			{FieldLevel, qLevel, qBaseLevel, q.Level.Label(), normLevel},
			{FieldComment, qComment, qBaseComment, q.Comment, normText},
		} {
			c := Change{Ref: q.Ref, QuestionID: q.ID, Field: fl.name, Log: fl.now, Row: r.Num}
			p.decide(c, r.Cell(fl.edited), r.Cell(fl.base), fl.norm)
		}
	}
	return nil
}

func (p *Plan) actions(ctx context.Context, f *importer.File, st assurance.Reader) error {
	t, err := f.Read(sheetActions)
	if err != nil {
		return nil // a workbook with its Actions sheet removed still has answers
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
	for _, r := range t.Rows[min(1, len(t.Rows)):] {
		if r.Blank() {
			continue
		}
		id, _ := strconv.ParseInt(strings.TrimSpace(r.Cell(aID)), 10, 64)
		a := byID[id]
		if a == nil {
			// Without its hidden number, an action is matched by its
			// question and text.
			for _, x := range acts {
				if refs[x.QuestionID] == strings.TrimSpace(r.Cell(aRef)) && x.Text == strings.TrimSpace(r.Cell(aText)) {
					a = x
				}
			}
		}
		if a == nil {
			p.Problems = append(p.Problems, fmt.Sprintf("Row %d of Actions (%s) matches no action in the log", r.Num, r.Cell(aText)))
			continue
		}
		c := Change{Ref: refs[a.QuestionID], QuestionID: a.QuestionID, ActionID: a.ID, Action: a.Text, Field: FieldDone, Log: a.DoneOn.String(), Row: r.Num}
		p.decide(c, r.Cell(aDone), r.Cell(aBaseDone), normDate)
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

func normLevel(s string) (string, error) {
	l, err := assurance.ParseAssuranceLevel(s)
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
		n = 0
		for _, id := range order {
			q, err := st.Question(ctx, id)
			if err != nil {
				return err
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
