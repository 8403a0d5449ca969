package export

import (
	"sort"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// data is everything one paper shows, read once at the start.
type data struct {
	settings assurance.Settings
	fw       *assurance.Framework
	driver   *assurance.Driver // the scoped driver, or nil

	meetings  []*assurance.Meeting // by date
	meetingBy map[int64]*assurance.Meeting
	paper     *assurance.Meeting // the meeting the paper goes to, or nil
	previous  *assurance.Meeting // the previous meeting of the same kind, or nil

	questions  []*assurance.Question // in scope, by reference
	questionBy map[int64]*assurance.Question
	actions    []*assurance.Action   // on questions in scope
	evidence   []*assurance.Evidence // on questions in scope
	// changeSet is the questions "changes since the last meeting" looks
	// at: the driver scope only, because a question raised at an earlier
	// meeting, or closed since, is exactly what that sheet must show.
	changeSet []*assurance.Question

	summary *assurance.Summary
	areas   []*assurance.AreaCoverage // the areas in scope, in framework order
	periods *periodData               // nil if the log keeps no reporting periods
}

func (e *exporter) load() error {
	e.progress("Reading the log", 0, 1)
	ctx, r, sc := e.ctx, e.r, e.opt.Scope
	d := &data{fw: e.cat.Default(), meetingBy: map[int64]*assurance.Meeting{}, questionBy: map[int64]*assurance.Question{}}
	var err error
	if d.settings, err = r.Settings(ctx); err != nil {
		return wrapRead("settings", err)
	}
	if sc.Driver != "" {
		if d.driver = d.fw.Driver(sc.Driver); d.driver == nil {
			return assurance.Errorf(assurance.EINVALID, "There is no driver %q in %s: choose one of 1 to %d.", sc.Driver, d.fw.ShortName, len(d.fw.Drivers))
		}
	}
	if d.meetings, err = r.Meetings(ctx); err != nil {
		return wrapRead("meetings", err)
	}
	for _, m := range d.meetings {
		d.meetingBy[m.ID] = m
	}
	if sc.MeetingID != 0 && d.meetingBy[sc.MeetingID] == nil {
		return assurance.Errorf(assurance.ENOTFOUND, "There is no meeting number %d in this log.", sc.MeetingID)
	}
	if e.opt.ForMeeting != 0 && d.meetingBy[e.opt.ForMeeting] == nil {
		return assurance.Errorf(assurance.ENOTFOUND, "There is no meeting number %d in this log.", e.opt.ForMeeting)
	}
	d.paper, d.previous = paperMeetings(d.meetings, d.meetingBy, e.opt.ForMeeting, sc.MeetingID, e.opt.Today)
	if err := e.loadYear(d.paper); err != nil {
		return err
	}

	all, err := r.Questions(ctx, assurance.QuestionFilter{Driver: sc.Driver})
	if err != nil {
		return wrapRead("questions", err)
	}
	d.changeSet = all
	for _, q := range all {
		if (sc.MeetingID != 0 && q.MeetingID != sc.MeetingID) || (sc.OpenOnly && !q.Open()) || !e.inScopeTag(q) {
			continue
		}
		d.questions = append(d.questions, q)
		d.questionBy[q.ID] = q
	}
	e.res.Questions = len(d.questions)

	ev, err := r.EvidenceList(ctx, 0)
	if err != nil {
		return wrapRead("evidence", err)
	}
	for _, x := range ev {
		q := d.questionBy[x.QuestionID]
		if q == nil {
			continue
		}
		if x.QuestionRef == "" {
			x.QuestionRef = q.Ref
		}
		d.evidence = append(d.evidence, x)
	}
	sort.SliceStable(d.evidence, func(i, j int) bool {
		if d.evidence[i].QuestionRef != d.evidence[j].QuestionRef {
			return d.evidence[i].QuestionRef < d.evidence[j].QuestionRef
		}
		return d.evidence[i].ID < d.evidence[j].ID
	})
	e.res.Evidence = len(d.evidence)
	if e.evidenceInScope != nil {
		e.evidenceInScope(d.evidence)
	}

	actions, err := r.Actions(ctx, 0)
	if err != nil {
		return wrapRead("actions", err)
	}
	for _, a := range actions {
		if d.questionBy[a.QuestionID] != nil {
			d.actions = append(d.actions, a)
		}
	}
	sort.SliceStable(d.actions, func(i, j int) bool {
		qi, qj := d.questionBy[d.actions[i].QuestionID], d.questionBy[d.actions[j].QuestionID]
		if qi.Ref != qj.Ref {
			return qi.Ref < qj.Ref
		}
		return d.actions[i].ID < d.actions[j].ID
	})
	e.res.Actions = len(d.actions)
	e.d = d
	e.sortEvidenceByKind()
	e.keepYearInScope()

	d.summary = assurance.Summarise(d.fw, d.questions, d.evidence, e.opt.Today)
	for _, c := range d.summary.Areas {
		if d.driver == nil || c.Area.Driver == d.driver {
			d.areas = append(d.areas, c)
		}
	}
	if d.periods, err = e.loadPeriods(); err != nil {
		return err
	}
	e.d = d
	e.addOtherFrameworks()
	e.progress("Reading the log", 1, 1)
	return e.ctx.Err()
}

func wrapRead(what string, err error) error {
	if assurance.ErrorCode(err) != assurance.EINTERNAL {
		return err
	}
	return assurance.WrapError(assurance.EINTERNAL, err, "Guardian could not read the %s from the log", what)
}

// paperMeetings picks the meeting a paper goes to (the one asked for, else
// the next on or after today, else the latest held) and the previous
// meeting of the same kind, whose date "changes since the last meeting"
// counts from. meetings are in date order.
func paperMeetings(meetings []*assurance.Meeting, by map[int64]*assurance.Meeting, forID, scopeID int64, today assurance.Date) (paper, previous *assurance.Meeting) {
	switch {
	case forID != 0:
		paper = by[forID]
	case scopeID != 0:
		paper = by[scopeID]
	default:
		for _, m := range meetings {
			if !m.Date.Before(today) {
				paper = m
				break
			}
		}
		if paper == nil && len(meetings) > 0 {
			paper = meetings[len(meetings)-1]
		}
	}
	if paper == nil {
		return nil, nil
	}
	for _, m := range meetings {
		if m.Kind == paper.Kind && m.ID != paper.ID && m.Date.Before(paper.Date) {
			previous = m
		}
	}
	return paper, previous
}

// scopeText describes the scope in words for the cover.
func (e *exporter) scopeText() string {
	var parts []string
	sc := e.opt.Scope
	if sc.MeetingID != 0 {
		parts = append(parts, "questions raised at "+e.d.meetingBy[sc.MeetingID].Label())
	}
	if e.d.driver != nil {
		parts = append(parts, "driver "+e.d.driver.Label())
	}
	if sc.OpenOnly {
		parts = append(parts, "open questions only")
	}
	if sc.Tag != "" {
		parts = append(parts, "questions tagged \""+sc.Tag+"\"")
	}
	if len(parts) == 0 {
		return "The whole log: every question, action and evidence item"
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:]
}
