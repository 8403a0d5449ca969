// Command guardianctl works with Guardian assurance logs from a terminal or a
// script: create a log, record meetings, questions, actions and evidence,
// search, audit, back up and check a log, and fill one with demo data.
//
// It is pure Go (it builds with CGO_ENABLED=0) so it runs on any NHS laptop
// or server without the desktop app's graphics libraries.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1 // the command ran but failed, or found problems
	exitUsage   = 2 // the command line was wrong
	programName = "guardianctl"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs guardianctl with args (without the program name) and returns the
// exit code. Tests drive the tool through it.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, out: stdout, errOut: stderr}
	// Global options come before the command: --as NAME, --help, --version.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch name, value, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "="); name {
		case "as":
			if !hasValue {
				if len(args) < 2 {
					return e.usageFail(nil, "--as needs a name, as in --as \"Jane Smith\"")
				}
				value, args = args[1], args[1:]
			}
			e.actor = value
			args = args[1:]
		case "h", "help":
			return helpCommand(e, args[1:])
		case "version":
			fmt.Fprintln(stdout, programName, version)
			return exitOK
		default:
			return e.usageFail(nil, "unknown option %s", args[0])
		}
	}
	if len(args) == 0 {
		printOverview(stderr)
		return exitUsage
	}
	if args[0] == "help" {
		return helpCommand(e, args[1:])
	}
	cmd, rest, err := findCommand(args)
	if err != nil {
		return e.usageFail(nil, "%s", err)
	}
	return e.runCommand(cmd, rest)
}

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0"

func (e *env) runCommand(cmd *command, args []string) int {
	fs := newFlagSet(cmd)
	e.commonFlags(fs)
	runFn := cmd.setup(fs)
	e.cmd, e.rawArgs = cmd, args
	pos, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(e.out, cmd)
		return exitOK
	}
	if err != nil {
		return e.usageFail(cmd, "%s", err)
	}
	if n := len(pos); n < cmd.minArgs || (cmd.maxArgs >= 0 && n > cmd.maxArgs) {
		return e.usageFail(cmd, "%s", argCountProblem(cmd, pos))
	}
	err = runFn(e, pos)
	var ue usageError
	if errors.As(err, &ue) {
		return e.usageFail(cmd, "%s", ue.msg)
	}
	return e.report(err)
}

// report prints what went wrong, once, and returns the exit code.
func (e *env) report(err error) int {
	var code exitCode
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &code):
		return int(code)
	}
	msg := assurance.ErrorMessage(err)
	fmt.Fprintf(e.errOut, "%s: %s\n", programName, msg)
	if d := details(err, msg); assurance.ErrorCode(err) == assurance.EINTERNAL && d != "" {
		// Not the user's fault: give the detail for whoever looks into it.
		fmt.Fprintf(e.errOut, "details: %s\n", d)
	}
	return exitFailed
}

// details is what err's chain says beyond msg, the message already
// printed: the messages below it that msg does not already contain, and
// the file system's or SQLite's own error at the bottom.
func details(err error, msg string) string {
	var parts []string
	for err != nil {
		var e *assurance.Error
		if !errors.As(err, &e) {
			parts = append(parts, err.Error())
			break
		}
		if !strings.Contains(msg, e.Message) {
			parts = append(parts, e.Message)
		}
		err = e.Err
	}
	return strings.Join(parts, ": ")
}

// usageFail reports a command-line problem and returns exitUsage.
func (e *env) usageFail(cmd *command, format string, args ...any) int {
	name := programName
	helpFor := ""
	if cmd != nil {
		name += " " + cmd.name
		helpFor = " " + cmd.name
	}
	fmt.Fprintf(e.errOut, "%s: %s\n", name, fmt.Sprintf(format, args...))
	if cmd != nil {
		fmt.Fprintf(e.errOut, "usage: %s %s %s\n", programName, cmd.name, cmd.args)
	}
	fmt.Fprintf(e.errOut, "Run '%s help%s' for more.\n", programName, helpFor)
	return exitUsage
}

func argCountProblem(cmd *command, pos []string) string {
	want := strings.Fields(cmd.args)
	var names []string
	for _, w := range want {
		if !strings.HasPrefix(w, "[") && !strings.HasPrefix(w, "-") {
			names = append(names, w)
		}
	}
	if len(pos) < cmd.minArgs {
		if len(pos) < len(names) {
			return "missing " + strings.Join(names[len(pos):min(cmd.minArgs, len(names))], " and ")
		}
		return fmt.Sprintf("needs at least %d arguments", cmd.minArgs)
	}
	return fmt.Sprintf("too many arguments: %q was not expected (put text with spaces in quotes)", pos[cmd.maxArgs])
}
