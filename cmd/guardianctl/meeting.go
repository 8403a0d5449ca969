package main

import (
	"flag"
	"fmt"

	"github.com/nhsguardian/guardian/assurance"
)

func meetingAddCmd(fs *flag.FlagSet) runFunc {
	m := &assurance.Meeting{}
	fs.Var(parsedValue[assurance.MeetingKind]{&m.Kind, assurance.ParseMeetingKind}, "kind", "the `kind` of meeting: board, people_committee, quality_committee or other")
	dateFlag(fs, &m.Date, "date", "the `date` of the meeting")
	fs.StringVar(&m.Title, "title", "", "a `title`, such as \"Public Board, December 2026\"")
	return func(e *env, args []string) error {
		if m.Kind == "" || m.Date.IsZero() {
			return usagef("--kind and --date are required")
		}
		return e.withLog(args[0], true, func(st assurance.Store) error {
			if err := st.CreateMeeting(e.ctx, m); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Added meeting %d: %s\n", m.ID, m.Label())
			return nil
		})
	}
}

func meetingListCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			ms, err := st.Meetings(e.ctx)
			if err != nil {
				return err
			}
			rows := make([][]string, len(ms))
			for i, m := range ms {
				rows[i] = []string{fmt.Sprint(m.ID), m.Date.String(), m.Kind.Label(), m.Title}
			}
			table(e.out, []string{"ID", "DATE", "KIND", "TITLE"}, rows)
			return nil
		})
	}
}
