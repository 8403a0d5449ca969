package importer

import (
	"context"
	"strconv"

	"github.com/nhsguardian/guardian/assurance"
)

// Summary is what Apply did.
type Summary struct {
	Imported, Skipped, Rejected int
	Refs                        []string // the new questions' references, in row order
}

// Apply writes every row the plan imports, with its actions, in one
// transaction, and remembers the column mapping for the next file of the
// same shape: all of it is saved, or none. The plan's questions get their
// IDs and references.
func Apply(ctx context.Context, st assurance.Store, p *Plan) (*Summary, error) {
	s := &Summary{Skipped: p.Count(Skipped), Rejected: p.Count(Rejected)}
	err := st.Batch(ctx, func(w assurance.Writer) error {
		iw, ok := w.(assurance.ImportWriter)
		if !ok {
			return assurance.Errorf(assurance.EINTERNAL, "This log cannot take imports")
		}
		s.Imported, s.Refs = 0, nil
		for i := range p.Rows {
			o := &p.Rows[i]
			if o.Result != Imported {
				continue
			}
			q := *o.Question // the plan stays as it was if the batch fails
			src := assurance.ImportSource{File: p.File.Name, SHA256: p.File.SHA256, Row: o.Row, Key: o.Key}
			if err := iw.CreateImportedQuestion(ctx, &q, src); err != nil {
				return rowError(p, o, err)
			}
			for _, text := range o.Actions {
				if err := w.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: text}); err != nil {
					return rowError(p, o, err)
				}
			}
			s.Imported++
			s.Refs = append(s.Refs, q.Ref)
		}
		return iw.SaveImportMapping(ctx, p.Shape, withWords(p.Mapping.byHeading(p.Headings), p.Levels, p.Statuses))
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// rowError says which row stopped the import.
func rowError(p *Plan, o *Outcome, err error) error {
	return &assurance.Error{Code: assurance.ErrorCode(err), Err: err,
		Message: "Nothing was imported: row " + strconv.Itoa(o.Row) + " of " + p.File.Name + " could not be saved. " + assurance.ErrorMessage(err)}
}
