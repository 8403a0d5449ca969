package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// yearCommands are the commands for the guardian's year: evidence requests,
// decisions checked, and the log's own settings.
var yearCommands = []*command{
	{name: "requests", args: "LOG [--overdue] [--open]", summary: "list evidence requests, soonest due first", minArgs: 1, maxArgs: 1, setup: requestsCmd,
		detail: "--overdue lists only requests still awaited after their due date (as of today, or --on DATE)."},
	{name: "request add", args: "LOG REF --from WHO --what TEXT [--due DATE] [--kind KIND]", summary: "ask a named person or role for evidence for a question", minArgs: 2, maxArgs: 2, setup: requestAddCmd,
		detail: "WHO is a role and/or name, such as \"Head of occupational health\" or \"Freedom to Speak Up Guardian\". KIND is one of the evidence kinds (see settings)."},
	{name: "request receive", args: "LOG ID [--evidence ID] [--on DATE]", summary: "mark an evidence request received, satisfied by attached evidence", minArgs: 2, maxArgs: 2, setup: requestReceiveCmd},
	{name: "request withdraw", args: "LOG ID", summary: "withdraw an evidence request that is no longer wanted", minArgs: 2, maxArgs: 2, setup: requestWithdrawCmd},

	{name: "decision add", args: "LOG --decision TEXT --impact yes|partly|no [flags]", summary: "record a board or committee decision checked for its effect on staff health and wellbeing", minArgs: 1, maxArgs: 1, setup: decisionAddCmd},
	{name: "decision list", args: "LOG", summary: "list the decisions checked, by date", minArgs: 1, maxArgs: 1, setup: decisionListCmd},

	{name: "settings", args: "LOG [--scale S] [--org KIND] [--committee NAME] [--cadence TEXT] [--kinds LIST] [--baf LIST]", summary: "show or change the log's own scale, organisation and lists", minArgs: 1, maxArgs: 1, setup: settingsCmd,
		detail: "--scale is assurance (Substantial / Reasonable / Limited / No assurance, the default), significant (Significant / Moderate / Limited / None) or rag. --org is trust, icb (integrated care board) or primary (primary care). --kinds and --baf are lists separated by semicolons: the log's own kinds of evidence, and its Board Assurance Framework risks (\"SR2 Workforce capacity; SR5 Culture\"). With no flags, prints the settings."},
	{name: "cover", args: "LOG MEETING-ID [flags]", summary: "show or change the NHS cover sheet kept for the paper to a meeting", minArgs: 2, maxArgs: 2, setup: coverCmd,
		detail: "Only the fields given are changed; the export uses the cover sheet of the meeting the paper goes to. --purpose is Approval, Assurance, Discussion or Information; --level is a level on the log's scale; --cqc and --baf are lists separated by semicolons (CQC domains; BAF risk codes such as SR2)."},
	{name: "evidence kind", args: "LOG ID KIND", summary: "set the kind of an evidence file, by which the paper's register is grouped", minArgs: 3, maxArgs: 3, setup: evidenceKindCmd,
		detail: "KIND is one of the kinds settings lists (built-in, or the log's own); \"\" clears it."},
	{name: "framework add", args: "LOG FILE", summary: "add a framework file (the embedded JSON format) to a log", minArgs: 2, maxArgs: 2, setup: frameworkAddCmd,
		detail: "The file is checked first: a problem is reported with its line and entry, and a framework id already in use is refused. Questions can then be asked against its areas with question add --framework ID."},
	{name: "framework list", args: "LOG", summary: "list the frameworks a log's questions can be asked against", minArgs: 1, maxArgs: 1, setup: frameworkListCmd},
	{name: "question tag", args: "LOG REF --tags LIST", summary: "set a question's tags: own staff, commissioned services, baf:SR2, cqc:Well-led", minArgs: 2, maxArgs: 2, setup: questionTagCmd,
		detail: "LIST is separated by semicolons and replaces the question's tags; an empty LIST clears them."},
}

func init() { commands = append(commands, yearCommands...) }

// withYear is withLog for the commands that need the log's YearStore.
func (e *env) withYear(path string, write bool, fn func(st assurance.Store, y assurance.YearStore) error) error {
	return e.withLog(path, write, func(st assurance.Store) error {
		y, err := year(st)
		if err != nil {
			return err
		}
		return fn(st, y)
	})
}

// year returns the log's YearStore, or says the log cannot keep these.
func year(st assurance.Store) (assurance.YearStore, error) {
	y := assurance.YearOf(st)
	if y == nil {
		return nil, assurance.Errorf(assurance.EINVALID, "This log cannot keep evidence requests, decisions or its own settings")
	}
	return y, nil
}

func requestsCmd(fs *flag.FlagSet) runFunc {
	overdue := fs.Bool("overdue", false, "only requests past their due date and not received")
	open := fs.Bool("open", false, "only requests still awaited")
	on := assurance.Today()
	dateFlag(fs, &on, "on", "the `date` overdue is judged on (default: today)")
	return func(e *env, args []string) error {
		return e.withYear(args[0], false, func(st assurance.Store, y assurance.YearStore) error {
			f := assurance.RequestFilter{OpenOnly: *open}
			if *overdue {
				f.OverdueOn = on
			}
			rs, err := y.EvidenceRequests(e.ctx, f)
			if err != nil {
				return err
			}
			if len(rs) == 0 {
				if *overdue {
					fmt.Fprintln(e.out, "No evidence requests are overdue.")
				} else {
					fmt.Fprintln(e.out, "No evidence requests.")
				}
				return nil
			}
			rows := make([][]string, 0, len(rs))
			for _, r := range rs {
				rows = append(rows, []string{fmt.Sprint(r.ID), r.QuestionRef, oneLine(r.From, 30), oneLine(r.What, 40),
					r.RequestedOn.UK(), r.DueOn.UK(), r.Shown(on).Label()})
			}
			table(e.out, []string{"ID", "QUESTION", "ASKED OF", "EVIDENCE", "REQUESTED", "DUE", "STATE"}, rows)
			return nil
		})
	}
}

func requestAddCmd(fs *flag.FlagSet) runFunc {
	r := &assurance.EvidenceRequest{}
	fs.StringVar(&r.From, "from", "", "the `role and/or name` asked, such as \"Chief People Officer\"")
	fs.StringVar(&r.What, "what", "", "the evidence asked for")
	fs.StringVar(&r.Kind, "kind", "", "the `kind` of evidence, such as \"Sickness absence report\"")
	dateFlag(fs, &r.RequestedOn, "requested", "the `date` it was requested (default: today)")
	dateFlag(fs, &r.DueOn, "due", "the `date` it is due")
	return func(e *env, args []string) error {
		if r.From == "" || r.What == "" {
			return usagef("--from and --what are required")
		}
		return e.withYear(args[0], true, func(st assurance.Store, y assurance.YearStore) error {
			q, err := question(e.ctx, st, args[1])
			if err != nil {
				return err
			}
			r.QuestionID = q.ID
			if err := y.CreateEvidenceRequest(e.ctx, r); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Added evidence request %d on %s\n", r.ID, q.Ref)
			return nil
		})
	}
}

// findRequest finds a request by its number.
func findRequest(e *env, y assurance.YearStore, arg string) (*assurance.EvidenceRequest, error) {
	id, err := parseID(arg)
	if err != nil {
		return nil, usagef("%q is not an evidence request number (see requests)", arg)
	}
	rs, err := y.EvidenceRequests(e.ctx, assurance.RequestFilter{})
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if r.ID == id {
			return r, nil
		}
	}
	return nil, assurance.Errorf(assurance.ENOTFOUND, "There is no evidence request %d in this log", id)
}

func requestReceiveCmd(fs *flag.FlagSet) runFunc {
	var evidence int64
	fs.Int64Var(&evidence, "evidence", 0, "the evidence `ID` (see evidence list) that satisfies it")
	on := assurance.Today()
	dateFlag(fs, &on, "on", "the `date` it was received (default: today)")
	return func(e *env, args []string) error {
		return e.withYear(args[0], true, func(st assurance.Store, y assurance.YearStore) error {
			r, err := findRequest(e, y, args[1])
			if err != nil {
				return err
			}
			if err := y.ReceiveEvidence(e.ctx, r.ID, evidence, on); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Evidence request %d on %s received on %s\n", r.ID, r.QuestionRef, on.UK())
			return nil
		})
	}
}

func requestWithdrawCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withYear(args[0], true, func(st assurance.Store, y assurance.YearStore) error {
			r, err := findRequest(e, y, args[1])
			if err != nil {
				return err
			}
			r.State, r.ReceivedOn = assurance.RequestWithdrawn, assurance.Date{}
			if err := y.UpdateEvidenceRequest(e.ctx, r); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Evidence request %d on %s withdrawn\n", r.ID, r.QuestionRef)
			return nil
		})
	}
}

func decisionAddCmd(fs *flag.FlagSet) runFunc {
	d := &assurance.Decision{}
	var ref string
	fs.StringVar(&d.Decision, "decision", "", "what was decided")
	fs.StringVar(&d.Meeting, "meeting", "", "the `meeting` it was made at, such as \"Board, 5 Nov 2026\"")
	dateFlag(fs, &d.DecidedOn, "on", "the `date` it was made")
	fs.Var(parsedValue[assurance.Impact]{&d.Impact, assurance.ParseImpact}, "impact", "was the effect on staff health and wellbeing considered: yes, partly or no")
	fs.BoolVar(&d.Unintended, "unintended", false, "you prompted a review of unintended consequences")
	fs.StringVar(&d.Comment, "comment", "", "your comment")
	fs.StringVar(&ref, "question", "", "a follow-up question's `REF`")
	return func(e *env, args []string) error {
		if d.Decision == "" || d.Impact == "" {
			return usagef("--decision and --impact are required")
		}
		return e.withYear(args[0], true, func(st assurance.Store, y assurance.YearStore) error {
			if ref != "" {
				q, err := question(e.ctx, st, ref)
				if err != nil {
					return err
				}
				d.QuestionID = q.ID
			}
			if err := y.CreateDecision(e.ctx, d); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Recorded decision %d\n", d.ID)
			return nil
		})
	}
}

func decisionListCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withYear(args[0], false, func(st assurance.Store, y assurance.YearStore) error {
			ds, err := y.Decisions(e.ctx)
			if err != nil {
				return err
			}
			if len(ds) == 0 {
				fmt.Fprintln(e.out, "No decisions recorded.")
				return nil
			}
			rows := make([][]string, 0, len(ds))
			for _, d := range ds {
				unintended := ""
				if d.Unintended {
					unintended = "raised"
				}
				rows = append(rows, []string{fmt.Sprint(d.ID), d.DecidedOn.UK(), oneLine(d.Meeting, 24), oneLine(d.Decision, 44),
					d.Impact.Label(), unintended, d.QuestionRef})
			}
			table(e.out, []string{"ID", "DATE", "MEETING", "DECISION", "IMPACT CONSIDERED", "UNINTENDED", "QUESTION"}, rows)
			return nil
		})
	}
}

// splitList reads a semicolon-separated list.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func settingsCmd(fs *flag.FlagSet) runFunc {
	scale := fs.String("scale", "", "the assurance `scale`: assurance, significant or rag")
	org := fs.String("org", "", "the `kind` of organisation: trust, icb or primary")
	committee := fs.String("committee", "", "the `committee` the guardian reports to")
	cadence := fs.String("cadence", "", "the reporting `cadence`, such as Quarterly")
	kinds := fs.String("kinds", "", "the log's own kinds of evidence, separated by semicolons")
	baf := fs.String("baf", "", "the BAF risks, separated by semicolons")
	return func(e *env, args []string) error {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		write := len(set) > 0
		return e.withYear(args[0], write, func(st assurance.Store, y assurance.YearStore) error {
			ls, err := y.LogSettings(e.ctx)
			if err != nil {
				return err
			}
			if write {
				if set["scale"] {
					ls.Scale = *scale
				}
				if set["org"] {
					ls.Org = assurance.OrgKind(strings.ToLower(strings.TrimSpace(*org)))
				}
				if set["committee"] {
					ls.Committee = *committee
				}
				if set["cadence"] {
					ls.Cadence = *cadence
				}
				if set["kinds"] {
					ls.EvidenceKinds = splitList(*kinds)
				}
				if set["baf"] {
					ls.BAFRisks = splitList(*baf)
				}
				if err := y.UpdateLogSettings(e.ctx, ls); err != nil {
					return err
				}
			}
			table(e.out, []string{"SETTING", "VALUE"}, [][]string{
				{"Assurance scale", assurance.ScaleByID(ls.Scale).Name},
				{"Organisation", ls.Org.Label()},
				{"Receiving committee", ls.Committee},
				{"Reporting cadence", ls.Cadence},
				{"Kinds of evidence", strings.Join(ls.Kinds(), "; ")},
				{"BAF risks", strings.Join(ls.BAFRisks, "; ")},
			})
			return nil
		})
	}
}

func questionTagCmd(fs *flag.FlagSet) runFunc {
	tags := fs.String("tags", "", "the tags, separated by semicolons")
	return func(e *env, args []string) error {
		set := false
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == "tags" })
		if !set {
			return usagef("--tags is required (give --tags \"\" to clear them)")
		}
		return e.withYear(args[0], true, func(st assurance.Store, y assurance.YearStore) error {
			q, err := question(e.ctx, st, args[1])
			if err != nil {
				return err
			}
			if err := y.SetQuestionTags(e.ctx, q.ID, splitList(*tags)); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Tags of %s: %s\n", q.Ref, strings.Join(splitList(*tags), "; "))
			return nil
		})
	}
}

func coverCmd(fs *flag.FlagSet) runFunc {
	text := map[string]*string{}
	for _, f := range []struct{ name, usage string }{
		{"agenda-item", "the agenda item `number`"}, {"author", "the author's `name`"}, {"lead", "the executive lead"},
		{"purpose", "Approval, Assurance, Discussion or Information"}, {"level", "the overall level of assurance"},
		{"reason", "one line saying why that level"}, {"cqc", "CQC domains, separated by semicolons"},
		{"baf", "BAF risk codes, separated by semicolons"}, {"equality", "the equality impact line"},
		{"previously", "previously considered by"}, {"recommendation", "what the meeting is asked to do"},
		{"summary", "the executive summary"},
	} {
		text[f.name] = fs.String(f.name, "", f.usage)
	}
	return func(e *env, args []string) error {
		id, err := parseID(args[1])
		if err != nil {
			return usagef("%q is not a meeting number (see meeting list)", args[1])
		}
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		return e.withYear(args[0], len(set) > 0, func(st assurance.Store, y assurance.YearStore) error {
			m, err := st.Meeting(e.ctx, id)
			if err != nil {
				return err
			}
			c, err := y.CoverSheet(e.ctx, id)
			if err != nil {
				return err
			}
			if len(set) > 0 {
				ls, err := y.LogSettings(e.ctx)
				if err != nil {
					return err
				}
				if err := applyCover(&c, text, set, assurance.ScaleByID(ls.Scale)); err != nil {
					return err
				}
				if err := y.SaveCoverSheet(e.ctx, id, c); err != nil {
					return err
				}
			}
			fmt.Fprintf(e.out, "Cover sheet for %s\n", m.Label())
			table(e.out, []string{"FIELD", "VALUE"}, [][]string{
				{"Agenda item", c.AgendaItem}, {"Author", c.Author}, {"Executive lead", c.ExecutiveLead},
				{"Purpose", string(c.Purpose)}, {"Level of assurance", levelOrBlank(c.Level)}, {"Reason", c.LevelReason},
				{"CQC domains", strings.Join(c.CQCDomains, "; ")}, {"BAF risks", strings.Join(c.BAFRisks, "; ")},
				{"Equality impact", c.Equality}, {"Previously considered by", c.PreviouslyBy},
				{"Recommendation", oneLine(c.Recommendation, 60)}, {"Executive summary", oneLine(c.ExecutiveSummary, 60)},
			})
			return nil
		})
	}
}

func levelOrBlank(l assurance.AssuranceLevel) string {
	if l == "" {
		return ""
	}
	return l.Label()
}

// applyCover sets the fields given on the command line.
func applyCover(c *assurance.CoverSheet, text map[string]*string, set map[string]bool, scale *assurance.Scale) error {
	for name := range set {
		v := strings.TrimSpace(*text[name])
		switch name {
		case "agenda-item":
			c.AgendaItem = v
		case "author":
			c.Author = v
		case "lead":
			c.ExecutiveLead = v
		case "purpose":
			c.Purpose = assurance.Purpose(capitalise(strings.ToLower(v)))
		case "level":
			l, err := scale.Parse(v)
			if err != nil {
				return err
			}
			c.Level = l
		case "reason":
			c.LevelReason = v
		case "cqc":
			c.CQCDomains = splitList(v)
		case "baf":
			c.BAFRisks = splitList(v)
		case "equality":
			c.Equality = v
		case "previously":
			c.PreviouslyBy = v
		case "recommendation":
			c.Recommendation = v
		case "summary":
			c.ExecutiveSummary = v
		}
	}
	return nil
}

func evidenceKindCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		id, err := parseID(args[1])
		if err != nil {
			return usagef("%q is not an evidence number (see evidence list)", args[1])
		}
		return e.withYear(args[0], true, func(st assurance.Store, y assurance.YearStore) error {
			ls, err := y.LogSettings(e.ctx)
			if err != nil {
				return err
			}
			kind := strings.TrimSpace(args[2])
			if kind != "" {
				found := ""
				for _, k := range ls.Kinds() {
					if strings.EqualFold(k, kind) {
						found = k
					}
				}
				if found == "" {
					return assurance.Errorf(assurance.EINVALID, "%q is not a kind of evidence in this log: use one of %s, or add it with settings --kinds", kind, strings.Join(ls.Kinds(), "; "))
				}
				kind = found
			}
			if err := y.SetEvidenceKind(e.ctx, id, kind); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Evidence %d: %s\n", id, firstNonEmpty(kind, "no kind"))
			return nil
		})
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func frameworkAddCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		data, err := os.ReadFile(args[1])
		if err != nil {
			return assurance.WrapError(assurance.EINVALID, err, "Cannot read the framework file %q", args[1])
		}
		return e.withYear(args[0], true, func(st assurance.Store, y assurance.YearStore) error {
			fws, err := y.AddFramework(e.ctx, data)
			if err != nil {
				return err
			}
			for _, f := range fws {
				fmt.Fprintf(e.out, "Added the framework %s (%s): %d areas; ask questions against it with --framework %s\n", f.Name, f.Version, len(f.Areas()), f.ID)
			}
			return nil
		})
	}
}

func frameworkListCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		return e.withYear(args[0], false, func(st assurance.Store, y assurance.YearStore) error {
			cat := y.Catalogue()
			if cat == nil {
				return assurance.Errorf(assurance.EINTERNAL, "The log was opened without Guardian's frameworks")
			}
			var rows [][]string
			for _, f := range cat.Frameworks {
				rows = append(rows, []string{f.ID, f.Name, f.Version, fmt.Sprint(len(f.Areas()))})
			}
			table(e.out, []string{"ID", "FRAMEWORK", "VERSION", "AREAS"}, rows)
			return nil
		})
	}
}
