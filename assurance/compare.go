package assurance

import "sort"

// Change is what happened to a question on one side since a common base.
type Change string

const (
	Unchanged Change = ""
	Added     Change = "added"
	Changed   Change = "changed"
	Deleted   Change = "deleted"
)

// QuestionDiff is one question that differs from the base on at least one side.
type QuestionDiff struct {
	ID  int64
	Ref string
	// Base, Mine and Theirs are the question on each side; nil where it does
	// not exist (not yet created, or deleted).
	Base, Mine, Theirs *Question
	MineChange         Change
	TheirChange        Change
	// MineFields and TheirFields name the fields (Field* constants, plus
	// "evidence" and "actions") each side changed relative to the base.
	MineFields  []string
	TheirFields []string
}

// Clash reports whether both sides changed the question and ended up
// different: the case a merge cannot settle without asking.
func (d *QuestionDiff) Clash() bool {
	if d.MineChange == Unchanged || d.TheirChange == Unchanged {
		return false
	}
	if d.Mine == nil || d.Theirs == nil {
		return d.Mine != d.Theirs // one deleted, the other kept it
	}
	return len(questionFields(d.Mine, d.Theirs)) > 0
}

// Comparison lists how two copies of a log have moved apart from a common
// base, question by question. It is the basis for telling a user what they
// and someone else changed, and for a later merge.
type Comparison struct {
	MineOnly   []*QuestionDiff // changed only in my copy
	TheirsOnly []*QuestionDiff // changed only in theirs
	Both       []*QuestionDiff // changed on both sides (see Clash)
}

// Empty reports whether neither side changed any question.
func (c *Comparison) Empty() bool {
	return len(c.MineOnly)+len(c.TheirsOnly)+len(c.Both) == 0
}

// Clashes returns the questions both sides changed differently.
func (c *Comparison) Clashes() []*QuestionDiff {
	var out []*QuestionDiff
	for _, d := range c.Both {
		if d.Clash() {
			out = append(out, d)
		}
	}
	return out
}

// CompareQuestions compares my copy and theirs with the base both started
// from. Questions are matched by ID, which the store never reuses within one
// log; a question created on both sides under the same new ID is two
// different questions unless their content is the same, and is listed once
// for each side.
func CompareQuestions(base, mine, theirs []*Question) Comparison {
	b, m, t := byID(base), byID(mine), byID(theirs)
	ids := map[int64]bool{}
	for _, set := range []map[int64]*Question{b, m, t} {
		for id := range set {
			ids[id] = true
		}
	}
	var c Comparison
	for id := range ids {
		bq, mq, tq := b[id], m[id], t[id]
		d := &QuestionDiff{ID: id, Base: bq, Mine: mq, Theirs: tq}
		d.MineChange, d.MineFields = change(bq, mq)
		d.TheirChange, d.TheirFields = change(bq, tq)
		d.Ref = firstRef(mq, tq, bq)
		switch {
		case d.MineChange == Unchanged && d.TheirChange == Unchanged:
			continue
		case d.MineChange == Added && d.TheirChange == Added && len(questionFields(mq, tq)) > 0:
			// Same new number, different questions: one entry per side.
			c.MineOnly = append(c.MineOnly, &QuestionDiff{ID: id, Ref: mq.Ref, Mine: mq, MineChange: Added, MineFields: d.MineFields})
			c.TheirsOnly = append(c.TheirsOnly, &QuestionDiff{ID: id, Ref: tq.Ref, Theirs: tq, TheirChange: Added, TheirFields: d.TheirFields})
		case d.TheirChange == Unchanged:
			c.MineOnly = append(c.MineOnly, d)
		case d.MineChange == Unchanged:
			c.TheirsOnly = append(c.TheirsOnly, d)
		default:
			c.Both = append(c.Both, d)
		}
	}
	for _, list := range [][]*QuestionDiff{c.MineOnly, c.TheirsOnly, c.Both} {
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	}
	return c
}

func byID(qs []*Question) map[int64]*Question {
	m := make(map[int64]*Question, len(qs))
	for _, q := range qs {
		m[q.ID] = q
	}
	return m
}

func firstRef(qs ...*Question) string {
	for _, q := range qs {
		if q != nil {
			return q.Ref
		}
	}
	return ""
}

// change says how side moved from base, and which fields it touched.
func change(base, side *Question) (Change, []string) {
	switch {
	case base == nil && side == nil:
		return Unchanged, nil
	case base == nil:
		return Added, questionFields(&Question{}, side)
	case side == nil:
		return Deleted, nil
	}
	// A new Version with the same fields still counts: the save may have
	// changed something a question row does not show.
	f := questionFields(base, side)
	if len(f) == 0 && base.Version == side.Version {
		return Unchanged, nil
	}
	return Changed, f
}

// questionFields names the user-visible fields that differ between a and b.
// Version and timestamps are left out, so two people who wrote the same
// answer are not shown a clash.
func questionFields(a, b *Question) []string {
	var f []string
	add := func(differ bool, name string) {
		if differ {
			f = append(f, name)
		}
	}
	add(a.Framework != b.Framework || a.Area != b.Area, FieldArea)
	add(a.Text != b.Text, FieldText)
	add(a.AskedOf != b.AskedOf, FieldAskedOf)
	add(a.RaisedOn != b.RaisedOn, FieldRaisedOn)
	add(a.MeetingID != b.MeetingID, FieldMeeting)
	add(a.DueOn != b.DueOn, FieldDueOn)
	add(a.Status != b.Status, FieldStatus)
	add(a.Response != b.Response, FieldResponse)
	add(a.RespondedOn != b.RespondedOn, FieldRespondedOn)
	add(a.Level != b.Level, FieldLevel)
	add(a.Comment != b.Comment, FieldComment)
	add(a.EvidenceCount != b.EvidenceCount, "evidence")
	add(a.OpenActions != b.OpenActions, "actions")
	return f
}
