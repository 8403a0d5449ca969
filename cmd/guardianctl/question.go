package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// questionFlags binds a flag to every field of q a user can set; question add
// and question update share them.
func questionFlags(fs *flag.FlagSet, q *assurance.Question) {
	fs.StringVar(&q.Area, "area", q.Area, "the action `area`, such as 4.1 (see guardianctl areas)")
	fs.StringVar(&q.Text, "text", q.Text, "the question `text`")
	fs.StringVar(&q.AskedOf, "asked-of", q.AskedOf, "the `role and/or name` the question is put to")
	dateFlag(fs, &q.RaisedOn, "raised", "the `date` it was raised (default: the meeting's date)")
	fs.Int64Var(&q.MeetingID, "meeting", q.MeetingID, "the `ID` of the meeting it was raised at (see meeting list); 0 for none")
	dateFlag(fs, &q.DueOn, "due", "the `date` a response is due")
	fs.Var(parsedValue[assurance.Status]{&q.Status, assurance.ParseStatus}, "status", "the `status`: draft, asked, answered or closed")
	fs.StringVar(&q.Response, "response", q.Response, "the response `text` given")
	dateFlag(fs, &q.RespondedOn, "responded", "the `date` of the response")
	fs.Var(parsedValue[assurance.AssuranceLevel]{&q.Level, assurance.ParseAssuranceLevel}, "level",
		"the assurance `level` taken from the response: substantial, reasonable, limited, none or not_assessed")
	fs.StringVar(&q.Comment, "comment", q.Comment, "your `comment` on the assurance given")
	fs.StringVar(&q.Framework, "framework", q.Framework, "the framework `id` (default: Growing OHWB Together)")
	fs.BoolVar(&q.Recurring, "recurring", q.Recurring, "ask it again in every reporting period, even once closed (--recurring=false to stop)")
}

func questionAddCmd(fs *flag.FlagSet) runFunc {
	q := &assurance.Question{}
	questionFlags(fs, q)
	return func(e *env, args []string) error {
		if q.Area == "" || q.Text == "" {
			return usagef("--area and --text are required")
		}
		return e.withLog(args[0], true, func(st assurance.Store) error {
			if q.MeetingID != 0 && q.RaisedOn.IsZero() {
				m, err := st.Meeting(e.ctx, q.MeetingID)
				if err != nil {
					return err
				}
				q.RaisedOn = m.Date
			}
			if err := st.CreateQuestion(e.ctx, q); err != nil {
				return err
			}
			fmt.Fprintln(e.out, q.Ref)
			return nil
		})
	}
}

func questionUpdateCmd(fs *flag.FlagSet) runFunc {
	questionFlags(fs, &assurance.Question{}) // for parsing and help; applied below
	return func(e *env, args []string) error {
		if fieldsGiven(fs) == 0 {
			return usagef("give at least one field to change, such as --status answered")
		}
		return e.withLog(args[0], true, func(st assurance.Store) error {
			q, err := question(e.ctx, st, args[1])
			if err != nil {
				return err
			}
			if err := e.reparse(func(fs *flag.FlagSet) { questionFlags(fs, q) }); err != nil {
				return usagef("%s", err)
			}
			if err := st.UpdateQuestion(e.ctx, q); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Updated %s\n", q.Ref)
			return nil
		})
	}
}

// fieldsGiven counts the flags given other than the common ones (--as,
// --clear-stale, --passphrase-file).
func fieldsGiven(fs *flag.FlagSet) int {
	n := 0
	fs.Visit(func(f *flag.Flag) {
		if !isCommonFlag(f.Name) {
			n++
		}
	})
	return n
}

func questionListCmd(fs *flag.FlagSet) runFunc {
	var f assurance.QuestionFilter
	fs.StringVar(&f.Area, "area", "", "only questions on this `area`, such as 4.1")
	fs.StringVar(&f.Driver, "driver", "", "only questions under this `driver`, such as 4")
	fs.Var(listValue[assurance.Status]{&f.Statuses, assurance.ParseStatus}, "status", "only these `statuses`, comma-separated: draft,asked,answered,closed")
	fs.Var(listValue[assurance.AssuranceLevel]{&f.Levels, assurance.ParseAssuranceLevel}, "level", "only these assurance `levels`, comma-separated: substantial,reasonable,limited,none,not_assessed")
	fs.Int64Var(&f.MeetingID, "meeting", 0, "only questions raised at the meeting with this `ID`")
	overdue := fs.Bool("overdue", false, "only questions awaiting a response after their due date")
	fs.BoolVar(&f.OpenOnly, "open", false, "only questions not yet closed")
	return func(e *env, args []string) error {
		today := assurance.Today()
		if *overdue {
			f.OverdueOn = today
		}
		return e.withLog(args[0], false, func(st assurance.Store) error {
			qs, err := st.Questions(e.ctx, f)
			if err != nil {
				return err
			}
			rows := make([][]string, len(qs))
			for i, q := range qs {
				due := q.DueOn.String()
				if q.Overdue(today) {
					due += " OVERDUE"
				}
				rows[i] = []string{q.Ref, q.Area, q.Status.Label(), q.Level.Label(), due, fmt.Sprint(q.EvidenceCount), oneLine(q.Text, 70)}
			}
			table(e.out, []string{"REF", "AREA", "STATUS", "ASSURANCE", "DUE", "EVIDENCE", "QUESTION"}, rows)
			fmt.Fprintf(e.out, "%d question(s)\n", len(qs))
			return nil
		})
	}
}

func questionShowCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			q, err := question(e.ctx, st, args[1])
			if err != nil {
				return err
			}
			actions, err := st.Actions(e.ctx, q.ID)
			if err != nil {
				return err
			}
			evidence, err := st.EvidenceList(e.ctx, q.ID)
			if err != nil {
				return err
			}
			meeting := ""
			if q.MeetingID != 0 {
				if m, err := st.Meeting(e.ctx, q.MeetingID); err == nil {
					meeting = fmt.Sprintf("%s (meeting %d)", m.Label(), m.ID)
				}
			}
			showQuestion(e.out, q, meeting, actions, evidence)
			return showPeriodAnswers(e, st, q)
		})
	}
}

func showQuestion(w io.Writer, q *assurance.Question, meeting string, actions []*assurance.Action, evidence []*assurance.Evidence) {
	today := assurance.Today()
	area := q.Area
	if cat, err := catalogue(); err == nil {
		fw := q.Framework
		if fw == "" {
			fw = cat.Default().ID
		}
		if a := cat.Area(fw, q.Area); a != nil {
			area = a.Label()
		}
	}
	due := q.DueOn.UK()
	if q.Overdue(today) {
		due += " (overdue)"
	}
	field := func(name, value string) {
		lines := strings.Split(value, "\n")
		fmt.Fprintf(w, "%-13s %s\n", name+":", lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "%-13s %s\n", "", l)
		}
	}
	fmt.Fprintf(w, "%s\n", q.Ref)
	field("Area", area)
	if q.Framework != "" {
		field("Framework", q.Framework)
	}
	field("Question", q.Text)
	field("Asked of", q.AskedOf)
	field("Raised on", q.RaisedOn.UK())
	field("Meeting", meeting)
	field("Due on", due)
	field("Status", q.Status.Label())
	field("Response", q.Response)
	field("Responded on", q.RespondedOn.UK())
	field("Assurance", q.Level.Label())
	field("Comment", q.Comment)
	if q.Recurring {
		field("Recurring", "asked again in every reporting period")
	}
	field("Saved", fmt.Sprintf("version %d, created %s, updated %s", q.Version,
		q.CreatedAt.Local().Format("2006-01-02 15:04"), q.UpdatedAt.Local().Format("2006-01-02 15:04")))

	fmt.Fprintf(w, "\nActions (%d):\n", len(actions))
	for _, a := range actions {
		state := "open"
		switch {
		case a.Done():
			state = "done " + a.DoneOn.UK()
		case a.Overdue(today):
			state = "OVERDUE"
		}
		fmt.Fprintf(w, "  %d. [%s] %s\n", a.ID, state, a.Text)
		fmt.Fprintf(w, "      owner: %s; due: %s\n", orNone(a.Owner), orNone(a.DueOn.UK()))
	}
	fmt.Fprintf(w, "\nEvidence (%d):\n", len(evidence))
	for _, ev := range evidence {
		fmt.Fprintf(w, "  E%d %s (%s, %s)\n", ev.ID, ev.Name, ev.MediaType, assurance.FormatSize(ev.Size))
		fmt.Fprintf(w, "      added %s by %s; SHA-256 %s\n", ev.AddedAt.Local().Format("2006-01-02 15:04"), ev.AddedBy, ev.SHA256)
		if ev.Description != "" {
			fmt.Fprintf(w, "      %s\n", ev.Description)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
