package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
)

// A command is one subcommand. setup declares its flags on fs and returns the
// function that runs it with the positional arguments, so that help can list
// the flags without running anything.
type command struct {
	name    string // "question add"
	args    string // "LOG REF [flags]", for usage lines
	summary string // one line for the overview
	detail  string // paragraphs for "guardianctl help NAME"
	minArgs int
	maxArgs int // -1: no limit
	setup   func(fs *flag.FlagSet) runFunc
}

type runFunc func(e *env, args []string) error

// commands is the command table. Adding a subcommand is one entry here and
// one setup function beside the others of its group.
var commands = []*command{
	{name: "init", args: "LOG [--organisation NAME] [--guardian NAME]", summary: "create a new, empty assurance log", minArgs: 1, maxArgs: 1, setup: initCmd,
		detail: "Creates the log file LOG. Guardian never overwrites a file: if LOG exists, nothing is changed."},
	{name: "areas", args: "[--long]", summary: "list the framework's drivers and action areas", maxArgs: 0, setup: areasCmd,
		detail: "Prints the frameworks Guardian ships with, that questions are logged against: Growing OHWB Together (the default: 4 improvement drivers and 23 areas of collaborative action) and Health and wellbeing guardian function (how the function itself works, each area naming its source). A log's own frameworks: framework list."},

	{name: "meeting add", args: "LOG --kind KIND --date DATE [--title TEXT]", summary: "record a Board or committee meeting", minArgs: 1, maxArgs: 1, setup: meetingAddCmd,
		detail: "KIND is board, people_committee, quality_committee or other."},
	{name: "meeting list", args: "LOG", summary: "list meetings by date", minArgs: 1, maxArgs: 1, setup: meetingListCmd},

	{name: "question add", args: "LOG --area AREA --text TEXT [flags]", summary: "log a new question", minArgs: 1, maxArgs: 1, setup: questionAddCmd,
		detail: "Prints the new question's reference, such as Q-0042. Dates may be written 2026-12-03, 03/12/2026 or 3 Dec 2026."},
	{name: "question list", args: "LOG [filters]", summary: "list questions, with filters", minArgs: 1, maxArgs: 1, setup: questionListCmd},
	{name: "question show", args: "LOG REF", summary: "show every field of a question, its actions and evidence", minArgs: 2, maxArgs: 2, setup: questionShowCmd},
	{name: "question update", args: "LOG REF [flags]", summary: "change fields of a question", minArgs: 2, maxArgs: 2, setup: questionUpdateCmd,
		detail: "Only the fields given are changed. Give a flag an empty value (--due \"\") to clear it."},

	{name: "period list", args: "LOG", summary: "list the reporting periods, oldest first", minArgs: 1, maxArgs: 1, setup: periodListCmd},
	{name: "period start", args: "LOG [--from DATE] [--cadence CADENCE] [--name NAME]", summary: "start the next reporting period, carrying open and recurring questions into it", minArgs: 1, maxArgs: 1, setup: periodStartCmd,
		detail: "The questions' answers so far stay with the period before. Open questions, and closed ones marked --recurring, are asked again: they roll into the new period with an empty response, date, level and comment, keeping their history. The first period of a log takes every answer as it stands. CADENCE is quarter (NHS financial year: Q1 April to June), month, meeting or year."},
	{name: "period close", args: "LOG PERIOD", summary: "close a reporting period, freezing its answers", minArgs: 2, maxArgs: 2, setup: periodCloseCmd,
		detail: "PERIOD is its number in period list, its name, or current. A closed period's answers and maturity cannot change until it is reopened; both are recorded in the audit log."},
	{name: "period reopen", args: "LOG PERIOD", summary: "reopen a closed reporting period", minArgs: 2, maxArgs: 2, setup: periodReopenCmd},
	{name: "period answer", args: "LOG PERIOD REF [--response TEXT] [--responded DATE] [--level LEVEL] [--comment TEXT]", summary: "correct a question's answer in an open reporting period", minArgs: 3, maxArgs: 3, setup: periodAnswerCmd,
		detail: "Only the fields given change. An earlier period must be reopened first; in the current period this changes the question's own answer, as question update does."},
	{name: "maturity set", args: "LOG AREA LEVEL [--comment TEXT] [--period PERIOD]", summary: "record the organisation's self-assessed maturity of its OHWB service in an area", minArgs: 3, maxArgs: 3, setup: maturitySetCmd,
		detail: "LEVEL is on the Growing OHWB Together strategy's scale: core delivery, transformative or exemplary (or not assessed). It is recorded for the current period unless --period names another open one."},
	{name: "maturity list", args: "LOG [--period PERIOD]", summary: "list the maturity recorded for each area in a period", minArgs: 1, maxArgs: 1, setup: maturityListCmd},

	{name: "action add", args: "LOG REF --text TEXT [--owner NAME] [--due DATE]", summary: "add a follow-up action to a question", minArgs: 2, maxArgs: 2, setup: actionAddCmd},
	{name: "action done", args: "LOG ID [--on DATE]", summary: "mark an action done (today unless --on)", minArgs: 2, maxArgs: 2, setup: actionDoneCmd},

	{name: "evidence add", args: "LOG REF FILE [--description TEXT]", summary: "attach a file to a question", minArgs: 3, maxArgs: 3, setup: evidenceAddCmd,
		detail: "The file's bytes are copied into the log, with its SHA-256 so that any later damage is detected."},
	{name: "evidence list", args: "LOG [REF]", summary: "list evidence, for one question or all", minArgs: 1, maxArgs: 2, setup: evidenceListCmd},
	{name: "evidence extract", args: "LOG ID|REF --to DIR", summary: "write evidence files out to a folder", minArgs: 2, maxArgs: 2, setup: evidenceExtractCmd,
		detail: "ID extracts one evidence file; a question reference extracts all of that question's files. Files are named \"Q-0042 E7 name.pdf\", never overwrite a file already there, and are never written outside DIR."},
	{name: "evidence verify", args: "LOG [ID]", summary: "recompute evidence hashes and compare", minArgs: 1, maxArgs: 2, setup: evidenceVerifyCmd,
		detail: "Exits with status 1 and lists the damaged files if any evidence no longer matches the fingerprint recorded when it was attached."},

	{name: "search", args: "LOG TEXT...", summary: "full-text search of questions, responses, comments, actions and evidence names", minArgs: 2, maxArgs: -1, setup: searchCmd},
	{name: "audit", args: "LOG [--question REF] [--limit N]", summary: "show the audit log, newest first", minArgs: 1, maxArgs: 1, setup: auditCmd},
	{name: "backup", args: "LOG DEST", summary: "write a consistent standalone copy of the log", minArgs: 2, maxArgs: 2, setup: backupCmd,
		detail: "Safe while the log is open elsewhere. DEST must not exist."},
	{name: "backup list", args: "LOG", summary: "list the backups Guardian keeps of a log, newest first", minArgs: 1, maxArgs: 1, setup: backupListCmd,
		detail: "Guardian keeps a copy of a log the first time it is used each day and before each upgrade of its format, the last 7, in a \"Guardian backups\" folder beside it."},
	{name: "backup restore", args: "LOG COPY|N", summary: "put a backup back in place of the log", minArgs: 2, maxArgs: 2, setup: backupRestoreCmd,
		detail: "COPY is a backup file, or its number in backup list. The backup is checked first; the log as it is now is kept as a before-restore backup, so nothing is lost. Close the log everywhere first: a log someone has open in Guardian (its ~$NAME.lock owner file) is refused, saying who."},
	{name: "copy", args: "LOG DEST [--encrypt] [--passphrase-file FILE]", summary: "write a closed, standalone copy to send by email or on a USB stick", minArgs: 2, maxArgs: 2, setup: copyCmd,
		detail: "DEST is one complete file with nothing beside it, and must not exist. With --encrypt it is encrypted with a passphrase (age): tell the recipient the passphrase another way, such as by phone; Guardian asks for it when the copy is opened. The passphrase is read from --passphrase-file or asked for twice."},
	{name: "conflict save-mine", args: "LOG NEWFILE", summary: "after a conflict, save your version of a shared log as a new log", minArgs: 2, maxArgs: 2, setup: conflictSaveMineCmd,
		detail: "When someone else changed a log on a shared drive after you did, guardianctl keeps your changes on this computer and changes the log no more. This writes your version, with every change, to the new file NEWFILE (never over an existing file) and leaves LOG as the others saved it."},
	{name: "conflict open-theirs", args: "LOG", summary: "after a conflict, go on with their version of a shared log", minArgs: 1, maxArgs: 1, setup: conflictOpenTheirsCmd,
		detail: "Goes on with LOG as the others saved it. Your version is first kept, with every change, as a file in Guardian's working folder; the path is printed."},
	{name: "check", args: "LOG", summary: "check the file's integrity and verify every evidence file", minArgs: 1, maxArgs: 1, setup: checkCmd,
		detail: "Exits with status 1 and lists every problem if anything is wrong."},
	{name: "export", args: "LOG OUT.xlsx [--meeting ID] [--driver N] [--open-only] [--evidence] [--password-file F]", summary: "write a board paper: an Excel workbook for the board or a committee", minArgs: 2, maxArgs: 2, setup: exportCmd,
		detail: "The workbook has a cover sheet, assurance by action area, the questions, the action tracker, the evidence register and the changes since the last meeting, and prints on A4. It is written whole or not at all; an existing OUT.xlsx is replaced. --evidence copies the files into the folder \"OUT evidence\" beside it. Progress goes to stderr."},
	{name: "import", args: "LOG FILE [--sheet NAME] [--map field=column ...] [--rag green=Substantial,...] [--dry-run]", summary: "bring an existing log in from an Excel workbook (.xlsx) or a CSV file", minArgs: 2, maxArgs: 2, setup: importCmd,
		detail: "Finds the row of column headings (below titles, notes and blank lines), maps each column to a field, and lists every row as imported, skipped (blank lines, notes, totals, rows imported before) or rejected, with the column, the value and the reason. Areas are matched by number (2.3), number and title, or title; levels by the log's scale and common words; RAG colours only as --rag says. With --dry-run nothing is written; otherwise every imported row is written in one go, or none. Importing the same file again adds nothing twice (rows are matched on the file's reference), and the mapping is remembered for the next file laid out the same way. FILE is never changed.",
	},
	{name: "export-answers", args: "LOG OUT.xlsx [--meeting ID] [--driver N] [--open-only]", summary: "write a workbook for a committee to fill in its answers", minArgs: 2, maxArgs: 2, setup: exportAnswersCmd,
		detail: "One row per question: the response, date of response, assurance level (from a list) and comment are shaded and unlocked, as is each action's done date; the rest is protected (no password). Bring the answers back with import-answers."},
	{name: "import-answers", args: "LOG PAPER.xlsx [--dry-run] [--take KEY ...]", summary: "take a committee's answers back from a board paper (export) or a workbook written by export-answers", minArgs: 2, maxArgs: 2, setup: importAnswersCmd,
		detail: "Each field is compared three ways: as exported, as edited in the workbook, as now in the log. Fields changed only in the workbook are applied; fields changed in both are conflicts, listed side by side and left as the log has them unless --take names them. A workbook written from another log is refused. Everything is applied in one go, or nothing; the audit log names the workbook and its SHA-256."},
	{name: "publish", args: "FILE postgres://… [--organisation NAME]", summary: "copy a log file into an organisation's empty shared log", minArgs: 2, maxArgs: 2, setup: publishCmd,
		detail: "Copies every question, meeting, action, evidence file and audit entry, keeping their numbers, in one transaction, and checks every evidence file's SHA-256 on the way. Publishing the same log again copies nothing; a shared log that already holds something else is left as it is. The password comes from PostgreSQL's password file (~/.pgpass) or PGPASSWORD, or is asked for in the terminal; never from the command line."},
	{name: "pull", args: "postgres://… FILE [--organisation NAME]", summary: "make an offline log file from an organisation's shared log", minArgs: 2, maxArgs: 2, setup: pullCmd,
		detail: "FILE must not exist. Everything is copied, keeping its numbers and history, and every evidence file's SHA-256 is checked."},
	{name: "shared setup", args: "postgres://OWNER@…", summary: "create or upgrade a shared log's tables (IT teams, as the owner role)", minArgs: 1, maxArgs: 1, setup: sharedSetupCmd,
		detail: "Connect as the role that is to own the tables, never a person's own account. See docs/shared-log.md."},
	{name: "shared add", args: "postgres://OWNER@… ORGANISATION", summary: "add an organisation's empty log to a shared database", minArgs: 2, maxArgs: 2, setup: sharedAddCmd},
	{name: "shared grant", args: "postgres://OWNER@… ORGANISATION ROLE", summary: "let a person's login role use an organisation's log", minArgs: 3, maxArgs: 3, setup: sharedGrantCmd},
	{name: "demo", args: "LOG --questions N --evidence M [--seed S]", summary: "fill a log with realistic made-up data", minArgs: 1, maxArgs: 1, setup: demoCmd,
		detail: "Creates LOG if it does not exist, then adds made-up meetings, questions across all 23 areas, actions and small evidence files. For demonstrations, screenshots and benchmarks: nothing in it is real."},
}

// findCommand matches the longest command name at the start of args.
func findCommand(args []string) (*command, []string, error) {
	if len(args) >= 2 {
		if c := lookup(args[0] + " " + args[1]); c != nil {
			return c, args[2:], nil
		}
	}
	if c := lookup(args[0]); c != nil {
		return c, args[1:], nil
	}
	if subs := group(args[0]); len(subs) > 0 {
		if len(args) < 2 {
			return nil, nil, fmt.Errorf("%s needs a subcommand: %s", args[0], strings.Join(subs, ", "))
		}
		return nil, nil, fmt.Errorf("%s has no subcommand %q: use %s", args[0], args[1], strings.Join(subs, ", "))
	}
	return nil, nil, fmt.Errorf("unknown command %q", args[0])
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// group returns the subcommands of a group such as "question".
func group(name string) []string {
	var subs []string
	for _, c := range commands {
		if g, sub, ok := strings.Cut(c.name, " "); ok && g == name {
			subs = append(subs, sub)
		}
	}
	return subs
}

func newFlagSet(cmd *command) *flag.FlagSet {
	fs := flag.NewFlagSet(programName+" "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by usageFail
	return fs
}

// parseInterleaved parses flags that come before, between or after the
// positional arguments (guardianctl question add LOG --area 4.1), which the
// flag package alone stops at. "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func helpCommand(e *env, args []string) int {
	if len(args) == 0 {
		printOverview(e.out)
		return exitOK
	}
	cmd, rest, err := findCommand(args)
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("unknown command %q", strings.Join(args, " "))
	}
	if err != nil {
		return e.usageFail(nil, "%s", err)
	}
	printHelp(e.out, cmd)
	return exitOK
}

func printOverview(w io.Writer) {
	fmt.Fprintf(w, `%s works with Guardian assurance logs: the questions a health and wellbeing guardian
puts to the board, their answers, assurance levels, actions and evidence.

Usage: %s [--as NAME] COMMAND [arguments]

Commands:
`, programName, programName)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprintf(w, `
--as NAME records changes in the audit log under NAME (default: your login name).
Run '%s help COMMAND' for a command's arguments and flags.
Exit status: 0 success, 1 the command failed or found problems, 2 wrong usage.
`, programName)
}

func printHelp(w io.Writer, cmd *command) {
	fmt.Fprintf(w, "Usage: %s %s %s\n\n%s.\n", programName, cmd.name, cmd.args, capitalise(cmd.summary))
	if cmd.detail != "" {
		fmt.Fprintf(w, "\n%s\n", cmd.detail)
	}
	fs := newFlagSet(cmd)
	cmd.setup(fs)
	(&env{}).commonFlags(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	fmt.Fprintln(w, "\nFlags:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, n := range names {
		f := fs.Lookup(n)
		arg, usage := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		fmt.Fprintf(tw, "  --%s%s\t%s\n", n, arg, usage)
	}
	tw.Flush()
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// env is what a running command has: where to write, and who is acting.
type env struct {
	ctx    context.Context
	out    io.Writer
	errOut io.Writer
	actor  string

	clearStale     bool   // --clear-stale: clear an owner file left by a Guardian that stopped
	resolving      bool   // a conflict command: open a log whose save back conflicted
	passphraseFile string // --passphrase-file: an encrypted copy's passphrase, or copy --encrypt's new one
	organisation   string // --organisation of publish and pull: whose shared log

	cmd     *command
	rawArgs []string // the command's arguments as given, for reparse
}

// reparse reads the command's flags again into variables bound by bind: how
// "question update" applies exactly the flags given to the loaded question.
func (e *env) reparse(bind func(fs *flag.FlagSet)) error {
	fs := newFlagSet(e.cmd)
	(&env{}).commonFlags(fs)
	bind(fs)
	_, err := parseInterleaved(fs, e.rawArgs)
	return err
}

// commonFlags declares the flags every command takes. Any command may open
// an encrypted copy, and the message that asks for its passphrase names
// --passphrase-file, so every command accepts it.
func (e *env) commonFlags(fs *flag.FlagSet) {
	fs.StringVar(&e.actor, "as", e.actor, "the `name` changes are recorded under in the audit log (default: your login name)")
	fs.BoolVar(&e.clearStale, "clear-stale", e.clearStale, "clear an owner file left by a Guardian that stopped without closing the log (who held it is shown)")
	fs.StringVar(&e.passphraseFile, "passphrase-file", e.passphraseFile, "read the passphrase of an encrypted copy (for copy --encrypt, the new one) from the first line of `FILE` (default: ask)")
}

// isCommonFlag reports whether name is one of commonFlags.
func isCommonFlag(name string) bool {
	return name == "as" || name == "clear-stale" || name == "passphrase-file"
}

// usageError is a problem with the command line found while running.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitCode ends a command with a status after it has reported why itself.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

func catalogue() (*assurance.Catalogue, error) {
	cat, err := assets.Catalogue()
	if err != nil {
		return nil, assurance.WrapError(assurance.EINTERNAL, err, "Guardian's built-in framework file is damaged")
	}
	return cat, nil
}

// open opens an existing log, read-only unless the command changes it,
// through a working-copy session (filesafety.go): a log off the local disk
// is worked on locally and saved back on Close, and a log someone else has
// open is refused for changes.
func (e *env) open(path string, write bool) (assurance.Store, error) {
	if postgres.IsURL(path) {
		return e.openShared(path, write)
	}
	s, err := e.openSession(path, write)
	if err != nil {
		return nil, err
	}
	return s.Store(), nil
}

// withLog opens the log at path, runs fn and closes the log, reporting a
// failure to close (which can lose the last changes) as an error.
//
// A change is reported only once it has reached the log: what fn prints is
// held back until the log is closed (for a log on a shared drive, saved
// back), and dropped if that fails, whose error then says where the change
// is kept.
func (e *env) withLog(path string, write bool, fn func(st assurance.Store) error) (err error) {
	st, err := e.open(path, write)
	if err != nil {
		return err
	}
	if write {
		out, held := e.out, &bytes.Buffer{}
		e.out = held
		defer func() {
			e.out = out
			if err == nil {
				_, err = held.WriteTo(out)
			}
		}()
	}
	defer func() {
		cerr := st.Close()
		var plain *assurance.Error
		switch {
		case cerr == nil || err != nil:
		case errors.As(cerr, &plain):
			err = cerr // already in plain words: a conflict, a full share, where the change is kept
		default:
			err = assurance.WrapError(assurance.EINTERNAL, cerr, "Could not close %q cleanly", path)
		}
	}()
	return fn(st)
}

// question finds a question by reference (Q-0042, or just 42).
func question(ctx context.Context, st assurance.Reader, ref string) (*assurance.Question, error) {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	if n, err := parseID(ref); err == nil {
		ref = assurance.FormatRef(n)
	}
	if !assurance.ValidRef(ref) {
		return nil, usagef("%q is not a question reference: write it as Q-0042", ref)
	}
	return st.QuestionByRef(ctx, ref)
}

func parseID(s string) (int64, error) {
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil || n <= 0 || fmt.Sprint(n) != strings.TrimLeft(s, "0") {
		return 0, errors.New("not a number")
	}
	return n, nil
}

// table writes rows aligned in columns.
func table(w io.Writer, header []string, rows [][]string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}

// oneLine shortens text to n characters on one line, for tables.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
