package main

import (
	"flag"
	"fmt"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/answers"
	"github.com/nhsguardian/guardian/assurance/importer"
)

func exportAnswersCmd(fs *flag.FlagSet) runFunc {
	var f assurance.QuestionFilter
	fs.Int64Var(&f.MeetingID, "meeting", 0, "only questions raised at the meeting with this `ID` (see meeting list)")
	fs.StringVar(&f.Driver, "driver", "", "only questions in improvement driver `N` (1 to 4)")
	fs.BoolVar(&f.OpenOnly, "open-only", false, "only questions not yet closed")
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			n, err := answers.Write(e.ctx, st, st.Info(), args[1], f)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Wrote %s: %d questions for the committee to answer\n", args[1], n)
			return nil
		})
	}
}

func importAnswersCmd(fs *flag.FlagSet) runFunc {
	take := map[string]bool{}
	fs.Func("take", "settle a conflict with the workbook's value: `KEY` as listed, such as \"Q-0003 Response\" (repeat for more)", func(s string) error {
		take[s] = true
		return nil
	})
	dryRun := fs.Bool("dry-run", false, "list the changes and conflicts, and write nothing")
	return func(e *env, args []string) error {
		f, err := importer.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		return e.withLog(args[0], !*dryRun, func(st assurance.Store) error {
			p, err := answers.Compare(e.ctx, f, st, st.Info())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.out, "%s: %d questions matched; %d changes to apply, %d conflicts.\n", f.Name, p.Matched, len(p.Apply), len(p.Conflicts))
			rows := [][]string{}
			for _, c := range p.Apply {
				rows = append(rows, []string{c.Key(), "apply", oneLine(c.Exported, 30), oneLine(c.Workbook, 30), oneLine(c.Log, 30)})
			}
			for _, c := range p.Conflicts {
				what := "CONFLICT: kept the log's"
				if take[c.Key()] {
					what = "CONFLICT: took the workbook's"
				}
				rows = append(rows, []string{c.Key(), what, oneLine(c.Exported, 30), oneLine(c.Workbook, 30), oneLine(c.Log, 30)})
			}
			if len(rows) > 0 {
				table(e.out, []string{"FIELD", "WHAT", "AS EXPORTED", "IN THE WORKBOOK", "IN THE LOG"}, rows)
			}
			for _, pr := range p.Problems {
				fmt.Fprintf(e.errOut, "problem: %s\n", pr)
			}
			if *dryRun {
				fmt.Fprintln(e.out, "Dry run: nothing was written.")
				return nil
			}
			n, err := answers.Apply(e.ctx, st, p, take)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Applied %d changes from %s (SHA-256 %s).\n", n, f.Name, f.SHA256)
			if left := len(p.Conflicts) - len(take); left > 0 {
				fmt.Fprintf(e.out, "%d conflicts were left as the log has them: give --take \"KEY\" to use the workbook's value instead.\n", left)
			}
			return nil
		})
	}
}
