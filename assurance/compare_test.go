package assurance

import (
	"reflect"
	"testing"
)

func q(id int64, text string, mods ...func(*Question)) *Question {
	x := &Question{ID: id, Ref: FormatRef(id), Area: "1.1", Text: text, Status: StatusDraft, Level: NotAssessed, Version: 1}
	for _, m := range mods {
		m(x)
	}
	return x
}

func TestCompareQuestions(t *testing.T) {
	answered := func(x *Question) {
		x.Status, x.Response, x.Version = StatusAnswered, "Yes, quarterly.", 2
	}
	base := []*Question{q(1, "Same everywhere"), q(2, "Mine edits"), q(3, "They edit"), q(4, "Both edit"),
		q(5, "Both edit alike"), q(6, "I delete"), q(7, "They delete, I edit"), q(8, "Resaved only")}
	mine := []*Question{q(1, "Same everywhere"), q(2, "Mine edits", answered), q(3, "They edit"),
		q(4, "Both edit", func(x *Question) { x.Comment, x.Version = "mine", 2 }),
		q(5, "Both edit alike", answered), q(7, "They delete, I edit", answered),
		q(8, "Resaved only", func(x *Question) { x.Version = 2 }),
		q(9, "New in mine"), q(10, "Same new question")}
	theirs := []*Question{q(1, "Same everywhere"), q(2, "Mine edits"), q(3, "They edit", answered),
		q(4, "Both edit", func(x *Question) { x.Comment, x.Version = "theirs", 2 }),
		q(5, "Both edit alike", answered), q(6, "I delete"), q(8, "Resaved only"),
		q(9, "New in theirs, same number"), q(10, "Same new question")}

	c := CompareQuestions(base, mine, theirs)

	type row struct {
		id           int64
		mine, theirs Change
		mf, tf       []string
		clash        bool
	}
	summary := func(ds []*QuestionDiff) []row {
		var out []row
		for _, d := range ds {
			out = append(out, row{d.ID, d.MineChange, d.TheirChange, d.MineFields, d.TheirFields, d.Clash()})
		}
		return out
	}
	wantMine := []row{
		{2, Changed, Unchanged, []string{FieldStatus, FieldResponse}, nil, false},
		{6, Deleted, Unchanged, nil, nil, false},
		{8, Changed, Unchanged, nil, nil, false},
		{9, Added, Unchanged, []string{FieldArea, FieldText, FieldStatus, FieldLevel}, nil, false},
	}
	wantTheirs := []row{
		{3, Unchanged, Changed, nil, []string{FieldStatus, FieldResponse}, false},
		{9, Unchanged, Added, nil, []string{FieldArea, FieldText, FieldStatus, FieldLevel}, false},
	}
	wantBoth := []row{
		{4, Changed, Changed, []string{FieldComment}, []string{FieldComment}, true},
		{5, Changed, Changed, []string{FieldStatus, FieldResponse}, []string{FieldStatus, FieldResponse}, false},
		{7, Changed, Deleted, []string{FieldStatus, FieldResponse}, nil, true},
		{10, Added, Added, []string{FieldArea, FieldText, FieldStatus, FieldLevel}, []string{FieldArea, FieldText, FieldStatus, FieldLevel}, false},
	}
	for _, tc := range []struct {
		name      string
		got, want []row
	}{{"mine only", summary(c.MineOnly), wantMine}, {"theirs only", summary(c.TheirsOnly), wantTheirs}, {"both", summary(c.Both), wantBoth}} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, tc.got, tc.want)
		}
	}
	if n := len(c.Clashes()); n != 2 {
		t.Errorf("Clashes() = %d, want 2 (Q-0004 and Q-0007)", n)
	}
	if c.Empty() {
		t.Error("Empty() = true for a comparison with changes")
	}
	if c := CompareQuestions(base, base, base); !c.Empty() {
		t.Errorf("comparing a log with itself: %+v, want empty", c)
	}
}
