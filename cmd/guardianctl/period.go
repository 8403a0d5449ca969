package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

func periodListCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			ps, err := st.Periods(e.ctx)
			if err != nil {
				return err
			}
			if len(ps) == 0 {
				fmt.Fprintln(e.out, "This log has no reporting periods yet: start one with 'guardianctl period start'.")
				return nil
			}
			rows := make([][]string, len(ps))
			for i, p := range ps {
				as, err := st.AnswersIn(e.ctx, p.ID)
				if err != nil {
					return err
				}
				state := "open"
				if p.Closed() {
					state = fmt.Sprintf("closed %s by %s", p.ClosedAt.Local().Format("2 Jan 2006"), p.ClosedBy)
				}
				if i == len(ps)-1 {
					state += " (current)"
				}
				rows[i] = []string{fmt.Sprint(p.ID), p.Name, p.StartsOn.String(), p.EndsOn.String(), p.Cadence.Label(),
					fmt.Sprint(len(as)), state}
			}
			table(e.out, []string{"ID", "PERIOD", "STARTS", "ENDS", "CADENCE", "QUESTIONS", "STATE"}, rows)
			return nil
		})
	}
}

func periodStartCmd(fs *flag.FlagSet) runFunc {
	p := &assurance.Period{}
	dateFlag(fs, &p.StartsOn, "from", "the `date` the period starts (default: the day after the current period ends, or today)")
	dateFlag(fs, &p.EndsOn, "to", "the last `date` of the period (default: the end of its quarter, month or financial year)")
	fs.StringVar(&p.Name, "name", "", "the period's `name` (default: such as \"2026/27 Q3\")")
	fs.Var(parsedValue[assurance.Cadence]{&p.Cadence, assurance.ParseCadence}, "cadence",
		"the reporting `cadence`: quarter, month, meeting or year (default: as the current period, or quarter)")
	return func(e *env, args []string) error {
		return e.withLog(args[0], true, func(st assurance.Store) error {
			cur, err := st.CurrentPeriod(e.ctx)
			if err != nil {
				return err
			}
			if p.Cadence == "" && cur != nil {
				p.Cadence = cur.Cadence
			}
			if p.StartsOn.IsZero() {
				p.StartsOn = assurance.Today()
				if cur != nil && !cur.EndsOn.IsZero() {
					p.StartsOn = cur.EndsOn.AddDays(1)
				}
			}
			if err := st.StartPeriod(e.ctx, p); err != nil {
				return err
			}
			as, err := st.AnswersIn(e.ctx, p.ID)
			if err != nil {
				return err
			}
			how := "carried forward"
			if cur == nil {
				how = "taken as they stand"
			}
			fmt.Fprintf(e.out, "Started %s: %d questions %s\n", p.Label(), len(as), how)
			return nil
		})
	}
}

func periodCloseCmd(fs *flag.FlagSet) runFunc { return periodStateCmd(true) }

func periodReopenCmd(fs *flag.FlagSet) runFunc { return periodStateCmd(false) }

// periodStateCmd closes or reopens the period named by the second argument.
func periodStateCmd(closing bool) runFunc {
	return func(e *env, args []string) error {
		return e.withLog(args[0], true, func(st assurance.Store) error {
			p, err := findPeriod(e.ctx, st, args[1])
			if err != nil {
				return err
			}
			change, done := st.ReopenPeriod, "Reopened"
			if closing {
				change, done = st.ClosePeriod, "Closed"
			}
			if err := change(e.ctx, p.ID); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "%s %s\n", done, p.Name)
			return nil
		})
	}
}

// findPeriod finds a period by its number in period list or its name
// (ignoring case); "current" is the current one.
func findPeriod(ctx context.Context, st assurance.PeriodReader, s string) (*assurance.Period, error) {
	ps, err := st.Periods(ctx)
	if err != nil {
		return nil, err
	}
	t := strings.TrimSpace(s)
	if len(ps) > 0 && strings.EqualFold(t, "current") {
		return ps[len(ps)-1], nil
	}
	id, _ := strconv.ParseInt(t, 10, 64)
	for _, p := range ps {
		if p.ID == id || strings.EqualFold(p.Name, t) {
			return p, nil
		}
	}
	if len(ps) == 0 {
		return nil, assurance.Errorf(assurance.ENOTFOUND, "This log has no reporting periods yet: start one with 'guardianctl period start'")
	}
	return nil, assurance.Errorf(assurance.ENOTFOUND, "There is no reporting period %q in the log: see 'guardianctl period list'", s)
}

func maturitySetCmd(fs *flag.FlagSet) runFunc {
	m := &assurance.AreaMaturity{}
	fs.StringVar(&m.Comment, "comment", "", "your `comment` on the organisation's self-assessment")
	fs.StringVar(&m.Framework, "framework", "", "the framework `id` (default: Growing OHWB Together)")
	period := fs.String("period", "current", "the reporting `period`: its number or name (see period list)")
	return func(e *env, args []string) error {
		level, err := assurance.ParseMaturityLevel(args[2])
		if err != nil {
			return plainError(err)
		}
		m.Area, m.Level = args[1], level
		return e.withLog(args[0], true, func(st assurance.Store) error {
			p, err := findPeriod(e.ctx, st, *period)
			if err != nil {
				return err
			}
			m.PeriodID = p.ID
			if err := st.SetMaturity(e.ctx, m); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Area %s in %s: %s\n", m.Area, p.Name, m.Level.Label())
			return nil
		})
	}
}

func maturityListCmd(fs *flag.FlagSet) runFunc {
	period := fs.String("period", "current", "the reporting `period`: its number or name (see period list)")
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			p, err := findPeriod(e.ctx, st, *period)
			if err != nil {
				return err
			}
			ms, err := st.Maturity(e.ctx, p.ID)
			if err != nil {
				return err
			}
			rows := make([][]string, len(ms))
			for i, m := range ms {
				rows[i] = []string{m.Area, m.Level.Label(), oneLine(m.Comment, 60)}
			}
			fmt.Fprintf(e.out, "%s\n", p.Label())
			table(e.out, []string{"AREA", "MATURITY", "COMMENT"}, rows)
			return nil
		})
	}
}

// showPeriodAnswers lists a question's answers in each reporting period,
// oldest first, after question show's fields; nothing for a log without periods.
func showPeriodAnswers(e *env, st assurance.Store, q *assurance.Question) error {
	hist, err := st.PeriodAnswers(e.ctx, q.ID)
	if err != nil || len(hist) == 0 {
		return err
	}
	ps, err := st.Periods(e.ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	fmt.Fprintln(e.out, "\nAnswers by reporting period:")
	rows := make([][]string, len(hist))
	prev := assurance.NotAssessed
	for i, a := range hist {
		rows[i] = []string{names[a.PeriodID], a.Level.Label(), assurance.TrendOf(prev, a.Level).Label(),
			a.RespondedOn.String(), oneLine(a.Response, 50), oneLine(a.Comment, 30)}
		if a.Level.Assessed() {
			prev = a.Level
		}
	}
	table(e.out, []string{"PERIOD", "LEVEL", "TREND", "RESPONDED", "RESPONSE", "COMMENT"}, rows)
	return nil
}

func periodAnswerCmd(fs *flag.FlagSet) runFunc {
	var given assurance.PeriodAnswer
	fs.StringVar(&given.Response, "response", "", "the response `text` given then")
	dateFlag(fs, &given.RespondedOn, "responded", "the `date` of that response")
	fs.Var(parsedValue[assurance.AssuranceLevel]{&given.Level, assurance.ParseAssuranceLevel}, "level",
		"the assurance `level` taken from it: substantial, reasonable, limited, none or not_assessed")
	fs.StringVar(&given.Comment, "comment", "", "your `comment` on the assurance given then")
	return func(e *env, args []string) error {
		if fieldsGiven(fs) == 0 {
			return usagef("give at least one of --response, --responded, --level or --comment")
		}
		return e.withLog(args[0], true, func(st assurance.Store) error {
			p, err := findPeriod(e.ctx, st, args[1])
			if err != nil {
				return err
			}
			q, err := question(e.ctx, st, args[2])
			if err != nil {
				return err
			}
			hist, err := st.PeriodAnswers(e.ctx, q.ID)
			if err != nil {
				return err
			}
			a := &assurance.PeriodAnswer{QuestionID: q.ID, PeriodID: p.ID}
			for _, h := range hist {
				if h.PeriodID == p.ID {
					a = h
				}
			}
			// Only the flags given change the answer.
			fs.Visit(func(f *flag.Flag) {
				switch f.Name {
				case "response":
					a.Response = given.Response
				case "responded":
					a.RespondedOn = given.RespondedOn
				case "level":
					a.Level = given.Level
				case "comment":
					a.Comment = given.Comment
				}
			})
			if err := st.SetPeriodAnswer(e.ctx, a); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Saved the answer to %s in %s: %s\n", q.Ref, p.Name, a.Level.Label())
			return nil
		})
	}
}
