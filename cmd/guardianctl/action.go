package main

import (
	"flag"
	"fmt"

	"github.com/nhsguardian/guardian/assurance"
)

func actionAddCmd(fs *flag.FlagSet) runFunc {
	a := &assurance.Action{}
	fs.StringVar(&a.Text, "text", "", "`text` of what is to be done")
	fs.StringVar(&a.Owner, "owner", "", "who does it: a `role and/or name`")
	dateFlag(fs, &a.DueOn, "due", "the `date` it is due")
	return func(e *env, args []string) error {
		if a.Text == "" {
			return usagef("--text is required")
		}
		return e.withLog(args[0], true, func(st assurance.Store) error {
			q, err := question(e.ctx, st, args[1])
			if err != nil {
				return err
			}
			a.QuestionID = q.ID
			if err := st.CreateAction(e.ctx, a); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Added action %d to %s\n", a.ID, q.Ref)
			return nil
		})
	}
}

func actionDoneCmd(fs *flag.FlagSet) runFunc {
	on := assurance.Today()
	dateFlag(fs, &on, "on", "the `date` it was done (default: today)")
	return func(e *env, args []string) error {
		id, err := parseID(args[1])
		if err != nil {
			return usagef("%q is not an action number (see question show)", args[1])
		}
		return e.withLog(args[0], true, func(st assurance.Store) error {
			actions, err := st.Actions(e.ctx, 0)
			if err != nil {
				return err
			}
			for _, a := range actions {
				if a.ID == id {
					a.DoneOn = on
					if err := st.UpdateAction(e.ctx, a); err != nil {
						return err
					}
					fmt.Fprintf(e.out, "Action %d done on %s\n", a.ID, on.UK())
					return nil
				}
			}
			return assurance.Errorf(assurance.ENOTFOUND, "There is no action %d in this log", id)
		})
	}
}
