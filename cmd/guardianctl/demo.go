package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/demo"
	"github.com/nhsguardian/guardian/assurance/postgres"
)

func demoCmd(fs *flag.FlagSet) runFunc {
	opt := demo.Options{}
	fs.IntVar(&opt.Questions, "questions", 200, "how many `N` questions to add")
	fs.IntVar(&opt.Evidence, "evidence", 300, "how many `M` evidence files to add")
	fs.Int64Var(&opt.Seed, "seed", 1, "the random `seed`: the same seed and date give the same log")
	dateFlag(fs, &opt.Today, "today", "the `date` the demo treats as today (default: today)")
	return func(e *env, args []string) error {
		if opt.Questions < 0 || opt.Evidence < 0 {
			return usagef("--questions and --evidence cannot be negative")
		}
		cat, err := catalogue()
		if err != nil {
			return err
		}
		path := args[0]
		var st assurance.Store
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && !postgres.IsURL(path) {
			st, err = e.create(path, cat)
			if err != nil {
				return err
			}
		} else if st, err = e.open(path, true); err != nil {
			return err
		}
		start := time.Now()
		opt.Progress = progressPrinter(e, start)
		err = demo.Fill(e.ctx, st, cat, opt)
		if cerr := st.Close(); err == nil && cerr != nil {
			err = assurance.WrapError(assurance.EINTERNAL, cerr, "Could not close %q cleanly", path)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.out, "Added %d questions and %d evidence files to %s in %.1fs\n",
			opt.Questions, opt.Evidence, path, time.Since(start).Seconds())
		return nil
	}
}

// progressPrinter reports progress on stderr every tenth of the way.
func progressPrinter(e *env, start time.Time) func(done, total int) {
	next := 0
	return func(done, total int) {
		if total == 0 || done*10 < next*total {
			return
		}
		for done*10 >= next*total {
			next++
		}
		fmt.Fprintf(e.errOut, "%3d%%  %d of %d items  %.1fs\n", done*100/total, done, total, time.Since(start).Seconds())
	}
}
