package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// Commands on a log as a whole: init, areas, search, audit, backup, check.

func initCmd(fs *flag.FlagSet) runFunc {
	var s assurance.Settings
	fs.StringVar(&s.Organisation, "organisation", "", "the organisation's `name`, printed on board papers")
	fs.StringVar(&s.Guardian, "guardian", "", "the health and wellbeing guardian's `name`, for \"prepared by\"")
	fs.StringVar(&s.SecurityMarking, "marking", assurance.DefaultSecurityMarking, "the security `marking` printed on every page")
	return func(e *env, args []string) error {
		cat, err := catalogue()
		if err != nil {
			return err
		}
		st, err := e.create(args[0], cat)
		if err != nil {
			return err
		}
		err = st.UpdateSettings(e.ctx, s)
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.out, "Created %s\n", args[0])
		return nil
	}
}

func areasCmd(fs *flag.FlagSet) runFunc {
	long := fs.Bool("long", false, "print each area's full description")
	return func(e *env, args []string) error {
		cat, err := catalogue()
		if err != nil {
			return err
		}
		for _, fw := range cat.Frameworks {
			fmt.Fprintf(e.out, "%s (%s)\n", fw.Name, fw.Version)
			for _, d := range fw.Drivers {
				fmt.Fprintf(e.out, "\n%s\n", d.Label())
				for _, a := range d.Areas {
					fmt.Fprintf(e.out, "  %-4s %s\n", a.ID, a.Title)
					if *long {
						for _, line := range wrapText(a.Description, 72) {
							fmt.Fprintf(e.out, "       %s\n", line)
						}
						fmt.Fprintln(e.out)
					}
				}
			}
		}
		return nil
	}
}

func searchCmd(fs *flag.FlagSet) runFunc {
	limit := fs.Int("limit", 50, "show at most `N` matches")
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			hits, err := st.Search(e.ctx, strings.Join(args[1:], " "), *limit)
			if err != nil {
				return err
			}
			if len(hits) == 0 {
				fmt.Fprintln(e.out, "No matches.")
				return nil
			}
			rows := make([][]string, len(hits))
			for i, h := range hits {
				in := h.Field
				if h.Period != "" {
					in += " in " + h.Period // an earlier period's answer is told apart from this one's
				}
				rows[i] = []string{h.Ref, in, oneLine(h.Snippet, 100)}
			}
			table(e.out, []string{"REF", "IN", "MATCH"}, rows)
			return nil
		})
	}
}

func auditCmd(fs *flag.FlagSet) runFunc {
	ref := fs.String("question", "", "only changes to the question `REF` and its actions and evidence")
	limit := fs.Int("limit", 0, "show at most `N` entries (0: all)")
	full := fs.Bool("full", false, "print the before and after values of each change")
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			f := assurance.AuditFilter{Limit: *limit}
			if *ref != "" {
				q, err := question(e.ctx, st, *ref)
				if err != nil {
					return err
				}
				f.QuestionID = q.ID
			}
			entries, err := st.Audit(e.ctx, f)
			if err != nil {
				return err
			}
			if *full {
				for _, a := range entries {
					fmt.Fprintf(e.out, "%s  %s %s %s #%d %s\n", a.At.Local().Format("2006-01-02 15:04:05"), a.Actor, a.Action, a.Object, a.ObjectID, a.Ref)
					if a.Before != "" {
						fmt.Fprintf(e.out, "  before: %s\n", a.Before)
					}
					if a.After != "" {
						fmt.Fprintf(e.out, "  after:  %s\n", a.After)
					}
				}
				return nil
			}
			rows := make([][]string, len(entries))
			for i, a := range entries {
				rows[i] = []string{a.At.Local().Format("2006-01-02 15:04:05"), a.Actor, a.Action, a.Object, fmt.Sprint(a.ObjectID), a.Ref}
			}
			table(e.out, []string{"WHEN", "WHO", "CHANGE", "OBJECT", "ID", "QUESTION"}, rows)
			return nil
		})
	}
}

func backupCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			if err := st.Backup(e.ctx, args[1]); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Backed up %s to %s\n", args[0], args[1])
			return nil
		})
	}
}

func checkCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			rep, err := st.Check(e.ctx)
			if err != nil {
				return err
			}
			for _, p := range rep.Integrity {
				fmt.Fprintf(e.out, "PROBLEM: the file: %s\n", p)
			}
			printBadEvidence(e, rep.BadEvidence)
			if !rep.OK() {
				fmt.Fprintf(e.out, "%s has %d problem(s). Keep the file as it is and restore the latest good backup.\n",
					args[0], len(rep.Integrity)+len(rep.BadEvidence))
				return exitCode(exitFailed)
			}
			fmt.Fprintf(e.out, "OK: %s is sound; %d evidence file(s), %s, match their fingerprints.\n",
				args[0], rep.EvidenceChecked, assurance.FormatSize(rep.EvidenceBytes))
			return nil
		})
	}
}

func printBadEvidence(e *env, bad []assurance.EvidenceProblem) {
	for _, p := range bad {
		fmt.Fprintf(e.out, "PROBLEM: evidence %d %q on %s: %s\n", p.Evidence.ID, p.Evidence.Name, p.Evidence.QuestionRef, p.Problem)
	}
}

// wrapText breaks s into lines of at most width characters at spaces.
func wrapText(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
