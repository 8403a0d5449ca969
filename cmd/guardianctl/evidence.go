package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nhsguardian/guardian/assurance"
)

func evidenceAddCmd(fs *flag.FlagSet) runFunc {
	description := fs.String("description", "", "what the file shows, in a `sentence`")
	return func(e *env, args []string) error {
		path := args[2]
		f, err := os.Open(path)
		if err != nil {
			return assurance.WrapError(assurance.EINVALID, err, "Cannot read the file %q", path)
		}
		defer f.Close()
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			return assurance.WrapError(assurance.EINVALID, err, "%q is not a file that can be attached", path)
		}
		return e.withLog(args[0], true, func(st assurance.Store) error {
			q, err := question(e.ctx, st, args[1])
			if err != nil {
				return err
			}
			ev := &assurance.Evidence{QuestionID: q.ID, Name: filepath.Base(path), Description: *description}
			if err := st.AttachEvidence(e.ctx, ev, f); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Attached E%d %s to %s (%s, %s, SHA-256 %s)\n", ev.ID, ev.Name, q.Ref, ev.MediaType, assurance.FormatSize(ev.Size), ev.ShortHash())
			return nil
		})
	}
}

func evidenceListCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			var qid int64
			if len(args) > 1 {
				q, err := question(e.ctx, st, args[1])
				if err != nil {
					return err
				}
				qid = q.ID
			}
			list, err := st.EvidenceList(e.ctx, qid)
			if err != nil {
				return err
			}
			rows := make([][]string, len(list))
			for i, ev := range list {
				rows[i] = []string{fmt.Sprint(ev.ID), ev.QuestionRef, oneLine(ev.Name, 40), ev.MediaType, assurance.FormatSize(ev.Size),
					ev.AddedAt.Local().Format("2006-01-02"), ev.ShortHash(), oneLine(ev.Description, 50)}
			}
			table(e.out, []string{"ID", "QUESTION", "NAME", "TYPE", "SIZE", "ADDED", "SHA-256", "DESCRIPTION"}, rows)
			return nil
		})
	}
}

// evidenceFor finds one evidence file by number, or all of a question's
// evidence by its reference.
func evidenceFor(e *env, st assurance.Store, which string) ([]*assurance.Evidence, error) {
	if id, err := parseID(which); err == nil {
		ev, err := st.Evidence(e.ctx, id)
		if err != nil {
			return nil, err
		}
		return []*assurance.Evidence{ev}, nil
	}
	q, err := question(e.ctx, st, which)
	if errors.As(err, new(usageError)) {
		return nil, usagef("%q is neither an evidence number nor a question reference", which)
	}
	if err != nil {
		return nil, err
	}
	return st.EvidenceList(e.ctx, q.ID)
}

func evidenceExtractCmd(fs *flag.FlagSet) runFunc {
	dir := fs.String("to", "", "the `folder` to write the files into (created if missing)")
	return func(e *env, args []string) error {
		if *dir == "" {
			return usagef("--to is required: the folder to write the files into")
		}
		return e.withLog(args[0], false, func(st assurance.Store) error {
			list, err := evidenceFor(e, st, args[1])
			if err != nil {
				return err
			}
			if len(list) == 0 {
				fmt.Fprintf(e.out, "%s has no evidence.\n", args[1])
				return nil
			}
			if err := os.MkdirAll(*dir, 0o700); err != nil {
				return assurance.WrapError(assurance.EINVALID, err, "Cannot create the folder %q", *dir)
			}
			for _, ev := range list {
				path, err := assurance.ExtractEvidence(e.ctx, st, ev, *dir)
				if err != nil {
					return err
				}
				fmt.Fprintln(e.out, path)
			}
			return nil
		})
	}
}

func evidenceVerifyCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withLog(args[0], false, func(st assurance.Store) error {
			var list []*assurance.Evidence
			var err error
			if len(args) > 1 {
				list, err = evidenceFor(e, st, args[1])
			} else {
				list, err = st.EvidenceList(e.ctx, 0)
			}
			if err != nil {
				return err
			}
			var bad []assurance.EvidenceProblem
			for _, ev := range list {
				if err := st.VerifyEvidence(e.ctx, ev.ID); err != nil {
					if assurance.ErrorCode(err) != assurance.ECORRUPT {
						return err
					}
					bad = append(bad, assurance.EvidenceProblem{Evidence: ev, Problem: assurance.ErrorMessage(err)})
				}
			}
			printBadEvidence(e, bad)
			if len(bad) > 0 {
				fmt.Fprintf(e.out, "%d of %d evidence file(s) are damaged.\n", len(bad), len(list))
				return exitCode(exitFailed)
			}
			fmt.Fprintf(e.out, "OK: %d evidence file(s) match their fingerprints.\n", len(list))
			return nil
		})
	}
}
