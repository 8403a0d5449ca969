package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/export"
)

func exportCmd(fs *flag.FlagSet) runFunc {
	var opt export.Options
	fs.Int64Var(&opt.Scope.MeetingID, "meeting", 0, "only questions raised at the meeting with this `ID` (see meeting list)")
	fs.StringVar(&opt.Scope.Driver, "driver", "", "only questions in improvement driver `N` (1 to 4)")
	fs.BoolVar(&opt.Scope.OpenOnly, "open-only", false, "only questions not yet closed")
	fs.StringVar(&opt.Scope.Tag, "tag", "", "only questions with this `tag`, such as \"commissioned services\" (see question tag)")
	fs.BoolVar(&opt.IncludeEvidence, "evidence", false, "copy the evidence files into a folder beside the workbook, linked from the register")
	passwordFile := fs.String("password-file", "", "encrypt the workbook with the password on the first line of `FILE`")
	fs.Int64Var(&opt.ForMeeting, "for", 0, "the meeting `ID` the paper goes to (default: the next meeting)")
	fs.StringVar(&opt.Title, "title", "", "the paper's `title` (default: "+export.DefaultTitle+")")
	fs.StringVar(&opt.SecurityMarking, "marking", "", "the security `marking` on every page (default: the log's, else "+assurance.DefaultSecurityMarking+")")
	fs.StringVar(&opt.Period, "period", "", "the period covered, in `words` (default: since the previous meeting of the same kind)")
	fs.StringVar(&opt.PreparedBy, "prepared-by", "", "the `name` the paper is prepared by (default: the Guardian in the log's settings)")
	fs.StringVar(&opt.Purpose, "purpose", "", "the cover sheet's purpose, in `words`")
	fs.StringVar(&opt.Recommendation, "recommendation", "", "what the board is asked to do, in `words`")
	fs.StringVar(&opt.ExecutiveSummary, "summary", "", "the executive summary, in `words` (default: one written from the figures)")
	dateFlag(fs, &opt.Today, "today", "the `date` the paper is prepared on, which decides what is overdue (default: today)")
	return func(e *env, args []string) error {
		if *passwordFile != "" {
			pw, err := readPassword(*passwordFile)
			if err != nil {
				return err
			}
			opt.Password = pw
		}
		cat, err := catalogue()
		if err != nil {
			return err
		}
		return e.withLog(args[0], false, func(st assurance.Store) error {
			start := time.Now()
			opt.Progress = exportProgress(e, start)
			res, err := export.WriteFile(e.ctx, st, cat, args[1], opt)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Wrote %s: %d questions, %d actions, %d evidence items in %.1fs\n",
				res.Path, res.Questions, res.Actions, res.Evidence, time.Since(start).Seconds())
			if res.EvidenceDir != "" {
				fmt.Fprintf(e.out, "Copied %d evidence files into %s\n", res.EvidenceFiles, res.EvidenceDir)
			}
			for _, w := range res.Warnings {
				fmt.Fprintf(e.errOut, "warning: %s\n", w)
			}
			return nil
		})
	}
}

// readPassword reads a password from the first line of a file, so that it
// never appears on a command line where other users could see it.
func readPassword(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", assurance.WrapError(assurance.EINVALID, err, "Cannot read the password file %q", path)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	if line = strings.TrimRight(line, "\r"); line == "" {
		return "", usagef("the password file %q is empty: put the password on its first line", path)
	}
	return line, nil
}

// exportProgress prints each stage of an export on stderr as it starts and,
// for stages of thousands of rows or files, every quarter of the way.
func exportProgress(e *env, start time.Time) func(export.Progress) {
	stage, next := "", 0
	return func(p export.Progress) {
		if p.Stage != stage {
			stage, next = p.Stage, 0
		} else if p.Total < 2000 || p.Done*4 < next*p.Total {
			return
		}
		for p.Done*4 >= next*p.Total && next <= 4 {
			next++
		}
		fmt.Fprintf(e.errOut, "%-28s %6d of %-6d %.1fs\n", p.Stage, p.Done, p.Total, time.Since(start).Seconds())
	}
}
