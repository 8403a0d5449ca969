// Package demo fills an assurance log with realistic made-up data: plausible
// NHS board assurance questions and answers across every action area,
// committee meetings over the last eighteen months, mixed assurance levels,
// overdue questions and actions, and small generated evidence files. It is
// for screenshots, demonstrations, tests and benchmarks; nothing in it is
// real.
//
// It depends only on the assurance package, so any Store can be filled.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// Options say how much to generate.
type Options struct {
	Questions int
	Evidence  int   // evidence files, spread over the questions
	Seed      int64 // the same seed, counts and Today give the same log
	// Today anchors every date; zero means today.
	Today assurance.Date
	// Progress, if set, is called as items are written: done of total,
	// where total is Questions + Evidence.
	Progress func(done, total int)
}

// chunk is how many questions (with their actions and evidence) are written
// in one transaction: big enough to be fast, small enough that a cancelled
// run keeps most of its work and memory stays flat.
const chunk = 500

// Fill adds made-up meetings, questions, actions and evidence to st. The
// log's organisation and Guardian are set too if they are blank. Questions
// are spread over every area of cat's default framework.
func Fill(ctx context.Context, st assurance.Store, cat *assurance.Catalogue, opt Options) error {
	if opt.Questions < 0 || opt.Evidence < 0 {
		return assurance.Errorf(assurance.EINVALID, "The number of questions and evidence files cannot be negative")
	}
	if opt.Evidence > 0 && opt.Questions == 0 {
		return assurance.Errorf(assurance.EINVALID, "Evidence needs questions to attach to: ask for at least one question")
	}
	if opt.Today.IsZero() {
		opt.Today = assurance.Today()
	}
	g := &generator{
		rng:   rand.New(rand.NewPCG(uint64(opt.Seed), 0x9e3779b97f4a7c15)),
		today: opt.Today,
		fw:    cat.Default(),
		opt:   opt,
		total: opt.Questions + opt.Evidence,
	}
	if err := g.settings(ctx, st); err != nil {
		return err
	}
	if err := st.Batch(ctx, func(w assurance.Writer) error { return g.meetings(ctx, w) }); err != nil {
		return fmt.Errorf("add demo meetings: %w", err)
	}
	plans := g.plan()
	for start := 0; start < len(plans); start += chunk {
		part := plans[start:min(start+chunk, len(plans))]
		if err := st.Batch(ctx, func(w assurance.Writer) error { return g.write(ctx, w, part) }); err != nil {
			return fmt.Errorf("add demo questions %d to %d: %w", start+1, start+len(part), err)
		}
	}
	return nil
}

type generator struct {
	rng      *rand.Rand
	today    assurance.Date
	fw       *assurance.Framework
	opt      Options
	org      string
	past     []*assurance.Meeting // held, by date
	upcoming *assurance.Meeting
	asOf     assurance.Date // the date {month} and {quarter} are relative to
	done     int
	total    int
}

func (g *generator) progress() {
	g.done++
	if g.opt.Progress != nil {
		g.opt.Progress(g.done, g.total)
	}
}

func (g *generator) settings(ctx context.Context, st assurance.Store) error {
	s, err := st.Settings(ctx)
	if err != nil {
		return err
	}
	if s.Organisation == "" {
		s.Organisation = "Northshire Community Health NHS Trust"
	}
	if s.Guardian == "" {
		s.Guardian = "Dr Alex Morgan, Non-executive Director and Health and Wellbeing Guardian"
	}
	g.org = s.Organisation
	if err := st.UpdateSettings(ctx, s); err != nil {
		return fmt.Errorf("set demo organisation: %w", err)
	}
	return nil
}

// meetingPattern is when each body meets: every `every` months starting at
// month offset `offset`, on the nth weekday of the month.
type meetingPattern struct {
	kind          assurance.MeetingKind
	title         string
	every, offset int
	nth           int
	weekday       time.Weekday
}

var meetingPatterns = []meetingPattern{
	{assurance.Board, "Public Board", 2, 0, 1, time.Thursday},
	{assurance.PeopleCommittee, "People Committee", 2, 1, 3, time.Tuesday},
	{assurance.QualityCommittee, "Quality Committee", 3, 0, 2, time.Wednesday},
}

// meetings adds the meetings held in the last eighteen months and the next
// Board.
func (g *generator) meetings(ctx context.Context, w assurance.Writer) error {
	first := time.Date(g.today.Year, g.today.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -18, 0)
	var all []*assurance.Meeting
	for i := 0; i <= 20; i++ {
		month := first.AddDate(0, i, 0)
		for _, p := range meetingPatterns {
			if (i+p.offset)%p.every != 0 {
				continue
			}
			d := nthWeekday(month, p.nth, p.weekday)
			m := &assurance.Meeting{Kind: p.kind, Date: d, Title: p.title + ", " + month.Format("January 2006")}
			switch {
			case d.Before(g.today):
				all = append(all, m)
			case g.upcoming == nil && p.kind == assurance.Board:
				g.upcoming = m
				all = append(all, m)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Date.Before(all[j].Date) })
	for _, m := range all {
		if err := w.CreateMeeting(ctx, m); err != nil {
			return err
		}
		if m != g.upcoming {
			g.past = append(g.past, m)
		}
	}
	return nil
}

// nthWeekday returns the nth given weekday of month's month.
func nthWeekday(month time.Time, nth int, wd time.Weekday) assurance.Date {
	d := month
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return assurance.DateOf(d.AddDate(0, 0, 7*(nth-1)))
}

// questionPlan is one question with its actions and evidence count, decided
// up front so that evidence can be spread over the whole log.
type questionPlan struct {
	q        *assurance.Question
	text     areaText
	actions  []*assurance.Action
	evidence int
}

func (g *generator) plan() []*questionPlan {
	areas := g.fw.Areas()
	var weights []int
	for _, a := range areas {
		weights = append(weights, max(1, areaWeights[a.ID]))
	}
	plans := make([]*questionPlan, g.opt.Questions)
	evWeight := make([]int, len(plans))
	for i := range plans {
		a := areas[i%len(areas)] // every area at least once
		if i >= len(areas) {
			a = areas[g.weighted(weights)]
		}
		plans[i] = g.question(a)
		evWeight[i] = evidenceWeight(plans[i].q)
	}
	// Evidence goes mostly to answered and closed questions.
	cum := make([]int, len(evWeight))
	sum := 0
	for i, w := range evWeight {
		sum += w
		cum[i] = sum
	}
	for range g.opt.Evidence {
		n := g.rng.IntN(sum)
		plans[sort.SearchInts(cum, n+1)].evidence++
	}
	return plans
}

func evidenceWeight(q *assurance.Question) int {
	switch q.Status {
	case assurance.StatusDraft:
		return 1
	case assurance.StatusAsked:
		return 2
	}
	return 6
}

// weighted picks an index with probability proportional to its weight.
func (g *generator) weighted(weights []int) int {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	n := g.rng.IntN(sum)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (g *generator) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *generator) chance(percent int) bool { return g.rng.IntN(100) < percent }

// between returns a date from a to b inclusive (a if b is before a).
func (g *generator) between(a, b assurance.Date) assurance.Date {
	days := int(b.Time().Sub(a.Time()).Hours() / 24)
	if days <= 0 {
		return a
	}
	return a.AddDays(g.rng.IntN(days + 1))
}

func (g *generator) question(a *assurance.ActionArea) *questionPlan {
	t := areaTexts[a.ID]
	if len(t.questions) == 0 {
		t = genericText(a)
	}
	q := &assurance.Question{Area: a.ID, AskedOf: g.pick(people)}
	if likely := askedOf[a.Driver.ID]; len(likely) > 0 && g.chance(85) {
		q.AskedOf = people[likely[g.rng.IntN(len(likely))]]
	}
	p := &questionPlan{q: q, text: t}
	defer func() { g.asOf = q.RaisedOn; q.Text = g.fill(g.pick(t.questions)) }()
	// A few drafts are being prepared for the next Board.
	if g.upcoming != nil && g.chance(5) {
		q.Status, q.MeetingID = assurance.StatusDraft, g.upcoming.ID
		return p
	}
	if len(g.past) > 0 && g.chance(85) {
		m := g.past[g.rng.IntN(len(g.past))]
		q.MeetingID, q.RaisedOn = m.ID, m.Date
	} else {
		q.RaisedOn = g.between(g.today.AddDays(-540), g.today.AddDays(-1))
	}
	q.DueOn = q.RaisedOn.AddDays([]int{28, 42, 56, 63, 90}[g.rng.IntN(5)])
	g.outcome(p)
	return p
}

// outcome decides where a question has got to, as it would have by today.
func (g *generator) outcome(p *questionPlan) {
	q := p.q
	notYetDue := !q.DueOn.Before(g.today)
	switch r := g.rng.IntN(100); {
	case notYetDue && r < 65, !notYetDue && r < 15: // the second is overdue
		q.Status = assurance.StatusAsked
	case notYetDue && r < 95, !notYetDue && r < 55:
		q.Status = assurance.StatusAnswered
	default:
		q.Status = assurance.StatusClosed
	}
	if q.Status == assurance.StatusAsked {
		if !notYetDue && g.chance(25) {
			p.actions = append(p.actions, &assurance.Action{
				Text:  "Chase the response: now past its due date",
				Owner: "Company Secretary",
				DueOn: q.DueOn.AddDays(14),
			})
		}
		return
	}
	latest := q.DueOn.AddDays(21)
	if g.today.AddDays(-1).Before(latest) {
		latest = g.today.AddDays(-1)
	}
	q.RespondedOn = g.between(q.RaisedOn.AddDays(7), latest)
	if q.RespondedOn.After(g.today) {
		q.RespondedOn = g.today
	}
	q.Level = g.level(q.Status)
	g.asOf = q.RespondedOn
	strong := q.Level == assurance.Substantial || q.Level == assurance.Reasonable ||
		(q.Level == assurance.NotAssessed && g.chance(50))
	if strong || len(p.text.weak) == 0 {
		q.Response = g.fill(g.pick(p.text.strong))
	} else {
		q.Response = g.fill(g.pick(p.text.weak))
	}
	q.Comment = strings.ReplaceAll(g.pick(comments[string(q.Level)]), "{gap}", g.pick(p.text.gaps))
	g.actions(p)
}

// level weighs assurance levels as a Guardian might give them: closed
// questions mostly ended well; open ones are more mixed.
func (g *generator) level(s assurance.Status) assurance.AssuranceLevel {
	levels := []assurance.AssuranceLevel{assurance.Substantial, assurance.Reasonable, assurance.Limited, assurance.NoAssurance, assurance.NotAssessed}
	weights := []int{20, 40, 20, 6, 14}
	if s == assurance.StatusClosed {
		weights = []int{40, 45, 10, 0, 5}
	}
	return levels[g.weighted(weights)]
}

// actions adds follow-up actions to answered and closed questions, more for
// weak assurance; some are done, some overdue.
func (g *generator) actions(p *questionPlan) {
	q := p.q
	n := 0
	switch {
	case q.Level.Weak():
		n = 1 + g.rng.IntN(2)
	case q.Level == assurance.Reasonable && g.chance(40):
		n = 1
	}
	for i := 0; i < n && i < len(p.text.actions); i++ {
		a := &assurance.Action{
			Text:  p.text.actions[(i+g.rng.IntN(len(p.text.actions)))%len(p.text.actions)],
			Owner: g.pick(owners),
			DueOn: q.RespondedOn.AddDays(30 + g.rng.IntN(91)),
		}
		switch {
		case q.Status == assurance.StatusClosed:
			a.DoneOn = g.between(q.RespondedOn, minDate(g.today, a.DueOn.AddDays(14)))
		case a.DueOn.Before(g.today) && g.chance(55):
			a.DoneOn = g.between(q.RespondedOn, minDate(g.today, a.DueOn.AddDays(21)))
		}
		p.actions = append(p.actions, a)
	}
}

func minDate(a, b assurance.Date) assurance.Date {
	if b.Before(a) {
		return b
	}
	return a
}

// write saves part of the plan in the writer's transaction.
func (g *generator) write(ctx context.Context, w assurance.Writer, part []*questionPlan) error {
	for _, p := range part {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.CreateQuestion(ctx, p.q); err != nil {
			return fmt.Errorf("add question on %s: %w", p.q.Area, err)
		}
		g.progress()
		for _, a := range p.actions {
			a.QuestionID = p.q.ID
			if err := w.CreateAction(ctx, a); err != nil {
				return fmt.Errorf("add action to %s: %w", p.q.Ref, err)
			}
		}
		for i := range p.evidence {
			f := g.evidenceFile(p.q, i)
			e := &assurance.Evidence{QuestionID: p.q.ID, Name: f.name, Description: f.description}
			if err := w.AttachEvidence(ctx, e, strings.NewReader(string(f.data))); err != nil {
				return fmt.Errorf("attach %q to %s: %w", f.name, p.q.Ref, err)
			}
			g.progress()
		}
	}
	return nil
}

// quarters are written the NHS way: the financial year runs April to March.
func quarterAfter(d assurance.Date, months int) string {
	t := d.Time().AddDate(0, months, 0)
	m := int(t.Month())
	q := (m+8)%12/3 + 1 // April-June is Q1
	fy := t.Year()
	if m < 4 {
		fy--
	}
	return fmt.Sprintf("Q%d %d/%02d", q, fy, (fy+1)%100)
}

// fill replaces the placeholders described on areaText with made-up values.
func (g *generator) fill(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(g.value(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
}

func (g *generator) value(name string) string {
	switch name {
	case "pct":
		return fmt.Sprint(55 + g.rng.IntN(41))
	case "low":
		return fmt.Sprint(12 + g.rng.IntN(34))
	case "n":
		return fmt.Sprint(2 + g.rng.IntN(8))
	case "d":
		return fmt.Sprint(g.rng.IntN(10))
	case "weeks":
		return fmt.Sprint(3 + g.rng.IntN(12))
	case "rate":
		return fmt.Sprintf("%.1f", 3.8+g.rng.Float64()*2.6)
	case "month":
		return g.anchor().Time().AddDate(0, -1-g.rng.IntN(12), 0).Format("January 2006")
	case "quarter":
		return quarterAfter(g.anchor(), 3*(1+g.rng.IntN(3)))
	}
	return "{" + name + "}"
}

func (g *generator) anchor() assurance.Date {
	if g.asOf.IsZero() {
		return g.today
	}
	return g.asOf
}

// genericText is used for an area the texts above do not know (a framework
// added later): it asks about the area in its own words.
func genericText(a *assurance.ActionArea) areaText {
	title := strings.ToLower(a.ShortTitle)
	return areaText{
		questions: []string{fmt.Sprintf("What assurance can the executive give the board on %s, and what evidence supports it?", title)},
		strong:    []string{fmt.Sprintf("Progress on %s is reported to the People Committee each quarter with supporting data; the last report in {month} showed improvement on every measure.", title)},
		weak:      []string{fmt.Sprintf("Work on %s has started but there is no data yet; a first report is due in {quarter}.", title)},
		gaps:      []string{"data showing the impact"},
		actions:   []string{fmt.Sprintf("Report progress on %s to the People Committee", title)},
	}
}
