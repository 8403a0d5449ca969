package export

import (
	"fmt"
	"sort"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// window is the stretch of time "changes since the last meeting" covers:
// the days after the previous meeting of the same kind (from), up to and
// including the paper's meeting or today, whichever is earlier (to).
type window struct {
	previous *assurance.Meeting
	from, to assurance.Date // from is exclusive; zero from means "from the start"
}

func (e *exporter) window() window {
	w := window{previous: e.d.previous, to: e.opt.Today}
	if p := e.d.paper; p != nil && p.Date.Before(w.to) {
		w.to = p.Date
	}
	if w.previous != nil {
		w.from = w.previous.Date
	}
	return w
}

func (w window) contains(d assurance.Date) bool {
	return !d.IsZero() && (w.from.IsZero() || d.After(w.from)) && !d.After(w.to)
}

// change is one row of the Changes sheet.
type change struct {
	q        *assurance.Question
	what     string // Raised, Answered, Closed, Assurance level
	from, to string
	dir      string // for levels: Stronger, Weaker, First assessed
	on       assurance.Date
}

// step is one recorded change to a question in the window.
type step struct {
	at            time.Time
	on            assurance.Date
	create        bool
	before, after assurance.StepState
	known, ok     bool // whether before and after could be read
}

// changes works out what moved in the window. The method:
//
//   - Raised and Answered come from each question's own dates (raised on,
//     responded on) falling in the window, so they are right even for
//     questions typed in later from paper records.
//   - Closed and assurance-level moves come from the audit log, which keeps
//     every question's state before and after each change: the state before
//     the first change in the window is the level the last meeting saw; the
//     state after the last change on or before the window's end is the level
//     now. A question first entered in the window counts as "Not yet
//     assessed" before it only if it was raised or answered in the window;
//     one typed in afterwards from older records has no earlier level or
//     status that Guardian can know, so neither a move nor a closure is
//     reported for it.
func (e *exporter) changes() ([]change, error) {
	w := e.window()
	var since time.Time
	if !w.from.IsZero() {
		// Audit times are moments; the window starts the day after the
		// previous meeting in this computer's time zone. A day early is
		// read to be safe with time zones, and filtered exactly below.
		since = time.Date(w.from.Year, w.from.Month, w.from.Day, 0, 0, 0, 0, time.Local)
	}
	// Only the status and level of each change are read, one change at a
	// time: a large log has tens of thousands of audit records.
	inSet := make(map[int64]bool, len(e.d.changeSet))
	for _, q := range e.d.changeSet {
		inSet[q.ID] = true
	}
	byQuestion := map[int64][]step{}
	err := e.r.QuestionSteps(e.ctx, since, func(a assurance.QuestionStep) error {
		on := assurance.DateOf(a.At.Local())
		if !inSet[a.QuestionID] || !w.contains(on) {
			return nil
		}
		st := step{at: a.At, on: on, create: a.Create, before: a.Before, known: a.BeforeKnown, after: a.After, ok: a.AfterKnown}
		if !st.ok {
			st.after = st.before
		}
		byQuestion[a.QuestionID] = append(byQuestion[a.QuestionID], st)
		return nil
	})
	if err != nil {
		return nil, wrapRead("audit log", err)
	}
	var out []change
	for _, q := range e.d.changeSet {
		if w.contains(q.RaisedOn) {
			out = append(out, change{q: q, what: "Raised", on: q.RaisedOn})
		}
		if w.contains(q.RespondedOn) {
			out = append(out, change{q: q, what: "Answered", on: q.RespondedOn})
		}
		hist := byQuestion[q.ID]
		if len(hist) == 0 {
			continue
		}
		sort.SliceStable(hist, func(i, j int) bool { return hist[i].at.Before(hist[j].at) })
		first, last := hist[0], hist[len(hist)-1]
		before, known := first.before, first.known
		if first.create {
			before, known = assurance.StepState{Status: assurance.StatusDraft, Level: assurance.NotAssessed}, w.contains(q.RaisedOn) || w.contains(q.RespondedOn)
		}
		if !last.ok {
			continue
		}
		after := last.after
		levelOn := last.on
		for _, h := range hist {
			if h.create && !known {
				continue // typed in from older records: not a change since the meeting
			}
			if h.ok && h.after.Status == assurance.StatusClosed && h.before.Status != assurance.StatusClosed {
				out = append(out, change{q: q, what: "Closed", from: h.before.Status.Label(), to: h.after.Status.Label(), on: h.on})
			}
			if h.ok && h.after.Level == after.Level && h.before.Level != after.Level {
				levelOn = h.on // the last step that set today's level
				if h.create && w.contains(q.RespondedOn) {
					levelOn = q.RespondedOn // entered after the event: the response date says when
				}
			}
		}
		if known && before.Level != after.Level {
			c := change{q: q, what: "Assurance level", from: before.Level.Label(), to: after.Level.Label(), on: levelOn}
			switch {
			case !before.Level.Assessed():
				c.dir = "First assessed"
			case !after.Level.Assessed():
				c.dir = "Asked again" // a new reporting period emptied it: not weaker assurance
			case after.Level.Rank() > before.Level.Rank():
				c.dir = "Stronger"
			default:
				c.dir = "Weaker"
			}
			out = append(out, c)
		}
	}
	// By question, then date, then the order things happen to a question.
	order := map[string]int{"Raised": 0, "Answered": 1, "Assurance level": 2, "Closed": 3}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.q.Ref != b.q.Ref:
			return a.q.Ref < b.q.Ref
		case a.on != b.on:
			return a.on.Before(b.on)
		}
		return order[a.what] < order[b.what]
	})
	return out, nil
}

var changeColumns = []column{
	{"Question", 9, colText, false},
	{"Action area", 16, colText, false},
	{"Question asked", 40, colText, false},
	{"Change", 14, colText, false},
	{"From", 13, colText, false},
	{"To", 13, colText, false},
	{"Direction", 12, colText, false},
	{"Date", 10.5, colDate, false},
}

func (e *exporter) writeChanges(f *excelize.File) error {
	e.progress(SheetChanges, 0, 1)
	list, err := e.changes()
	if err != nil {
		return err
	}
	count := map[string]int{}
	for _, c := range list {
		count[c.what]++
		if c.dir != "" {
			count[c.dir]++
		}
	}
	w := e.window()
	var intro string
	switch {
	case w.previous != nil:
		intro = fmt.Sprintf("Changes since the previous %s on %s, up to %s.", e.kindLabel(w.previous.Kind), w.previous.Date.UK(), w.to.UK())
	case e.d.paper != nil:
		intro = fmt.Sprintf("No earlier %s is recorded in the log, so every change up to %s is shown.", e.kindLabel(e.d.paper.Kind), w.to.UK())
	default:
		intro = fmt.Sprintf("No meetings are recorded in the log, so every change up to %s is shown.", w.to.UK())
	}
	st := e.st
	figure := func(label string, n int) preRow {
		return preRow{cells: []any{excelize.Cell{StyleID: st.label, Value: label}, excelize.Cell{StyleID: st.label}, excelize.Cell{StyleID: st.label},
			excelize.Cell{StyleID: st.count, Value: n}}, span: 3}
	}
	preamble := []preRow{
		{cells: []any{excelize.Cell{StyleID: st.heading, Value: "Changes since the last meeting"}}, merge: true, height: 24},
		{cells: []any{excelize.Cell{StyleID: st.note, Value: intro + " Questions raised and answered are found by their dates; closures and moves in assurance level by the log's audit trail."}}, merge: true, height: rowHeight(2)},
		figure("Questions raised", count["Raised"]),
		figure("Questions answered", count["Answered"]),
		figure("Questions closed", count["Closed"]),
		figure("Assurance levels now stronger", count["Stronger"]),
		figure("Assurance levels now weaker", count["Weaker"]),
		figure("Assurance levels given for the first time", count["First assessed"]),
		{},
	}
	t, err := e.newTable(f, SheetChanges, TableChanges, changeColumns, preamble)
	if err != nil {
		return err
	}
	for _, c := range list {
		if err := t.add([]any{c.q.Ref, e.areaLabel(c.q), c.q.Text, c.what, c.from, c.to, c.dir, serial(c.on)}, ""); err != nil {
			return err
		}
	}
	e.progress(SheetChanges, 1, 1)
	return t.close("Nothing has changed since the last meeting.")
}
