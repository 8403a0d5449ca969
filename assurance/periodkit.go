package assurance

import "fmt"

// What every store does the same way for reporting periods.

// PrepareStart fills p's defaults and checks it may start as the next
// period after prev, the current one (nil if the log has none).
func (p *Period) PrepareStart(prev *Period) error {
	p.Fill()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := CheckDates("The period", map[string]Date{FieldStartsOn: p.StartsOn, FieldEndsOn: p.EndsOn}); err != nil {
		return err
	}
	if prev != nil && !prev.StartsOn.Before(p.StartsOn) {
		return &Error{Code: EINVALID,
			Message: fmt.Sprintf("The period cannot start on %s: the current period %q starts on %s, and a new one must start later",
				p.StartsOn.UK(), prev.Name, prev.StartsOn.UK()),
			Fields: map[string]string{FieldStartsOn: "Start after the current period's start."}}
	}
	return nil
}

// NameTakenError refuses a period whose name the log already has.
func (p *Period) NameTakenError() error {
	return &Error{Code: EINVALID,
		Message: fmt.Sprintf("There is already a period called %q in the log; give this one another name", p.Name),
		Fields:  map[string]string{FieldName: "This name is taken."}}
}

// ClosedError refuses a change to the closed period p; what is such as
// "The answer to Q-0001".
func (p *Period) ClosedError(what string) error {
	return Errorf(EREADONLY,
		"%s cannot be saved: the reporting period %q is closed, so its answers are kept as they were. Reopen the period to change them, or start the next period",
		what, p.Name)
}

// AlreadyError refuses closing a closed period or reopening an open one.
func (p *Period) AlreadyError() error {
	state := "open"
	if p.Closed() {
		state = "closed"
	}
	return Errorf(EINVALID, "The period %q is already %s", p.Name, state)
}

// PeriodRecord is a period as the audit log keeps it, with how many
// questions rolled into it when it started.
type PeriodRecord struct {
	*Period
	Carried int `json:",omitempty"`
}

// CurrentAnswer decides what saving q, created (old nil) or changed from
// old, does to its answer in the current period p, where it holds have (nil
// if none): write is false when nothing is to be written, and cur is the
// answer to write otherwise (inserted if have is nil, else updated). A
// question joins the current period when it is created in it or its answer
// changes; one not carried into the period (closed, not recurring) whose
// answer did not change stays out of it. A closed period refuses a change.
func CurrentAnswer(p *Period, have *PeriodAnswer, q, old *Question) (cur *PeriodAnswer, write bool, err error) {
	cur = AnswerOf(q, p.ID)
	switch {
	case have != nil && SameAnswer(have, cur):
		return cur, false, nil
	case have == nil && old != nil && SameAnswer(AnswerOf(old, p.ID), cur):
		return cur, false, nil
	case have == nil && old == nil && p.Closed() && SameAnswer(&PeriodAnswer{Level: NotAssessed}, cur):
		return cur, false, nil // a new unanswered question rolls into the next period
	case p.Closed():
		return cur, false, p.ClosedError("The answer to " + q.Ref)
	}
	return cur, true, nil
}
