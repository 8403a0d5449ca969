package main

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
)

// wordMap is a repeatable flag of word=value pairs, comma-separated:
// --rag green=Substantial,amber=Limited.
type wordMap map[string]string

func (m wordMap) String() string { return "" }

func (m wordMap) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usagef("%q is not word=value, as in amber=Limited", part)
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return nil
}

func importCmd(fs *flag.FlagSet) runFunc {
	var opt importer.Options
	columns, rag, statuses := wordMap{}, wordMap{}, wordMap{}
	fs.StringVar(&opt.Sheet, "sheet", "", "the `sheet` to import (default: the first)")
	fs.IntVar(&opt.HeaderRow, "header-row", 0, "the row `number` holding the column headings (default: found from the headings)")
	fs.Var(columns, "map", "`field=column` pairs, the column as a letter or heading: --map \"raised=Date logged\" --map comment=none (fields: "+fieldNames()+")")
	fs.Var(rag, "rag", "what each RAG colour means as an assurance `level`: --rag green=Substantial,amber=Limited,red=none")
	fs.Var(statuses, "status-word", "what the log's own status `words` mean: --status-word \"in progress=asked\"")
	dryRun := fs.Bool("dry-run", false, "list what would happen to every row, and write nothing")
	return func(e *env, args []string) error {
		if err := importOptions(&opt, columns, rag, statuses); err != nil {
			return err
		}
		cat, err := catalogue()
		if err != nil {
			return err
		}
		f, err := importer.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		return e.withLog(args[0], !*dryRun, func(st assurance.Store) error {
			il, _ := st.(assurance.ImportLog)
			p, err := importer.Build(e.ctx, f, il, cat.Default(), opt)
			if err != nil {
				return err
			}
			printPlan(e, p)
			if *dryRun {
				fmt.Fprintf(e.out, "Dry run: %d to import, %d skipped, %d rejected. Nothing was written.\n",
					p.Count(importer.Imported), p.Count(importer.Skipped), p.Count(importer.Rejected))
				return nil
			}
			if p.Count(importer.Imported) == 0 {
				fmt.Fprintf(e.out, "Nothing to import: %d skipped, %d rejected. Nothing was written.\n", p.Count(importer.Skipped), p.Count(importer.Rejected))
				return nil
			}
			sum, err := importer.Apply(e.ctx, st, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.out, "Imported %d questions (%s to %s) from %s, SHA-256 %s; %d skipped, %d rejected.\n",
				sum.Imported, sum.Refs[0], sum.Refs[len(sum.Refs)-1], f.Name, f.SHA256, sum.Skipped, sum.Rejected)
			return nil
		})
	}
}

func fieldNames() string {
	n := make([]string, len(importer.Fields))
	for i, f := range importer.Fields {
		n[i] = string(f)
	}
	return strings.Join(n, ", ")
}

func importOptions(opt *importer.Options, columns, rag, statuses wordMap) error {
	opt.Columns = map[importer.Field]string{}
	for k, v := range columns {
		fld, err := importer.ParseField(k)
		if err != nil {
			return plainError(err)
		}
		opt.Columns[fld] = v
	}
	var err error
	if opt.Levels, err = parseWords(rag, assurance.ParseAssuranceLevel); err != nil {
		return err
	}
	opt.Statuses, err = parseWords(statuses, assurance.ParseStatus)
	return err
}

// parseWords reads the values of word=value pairs with parse.
func parseWords[T any](m wordMap, parse func(string) (T, error)) (map[string]T, error) {
	out := make(map[string]T, len(m))
	for k, v := range m {
		x, err := parse(v)
		if err != nil {
			return nil, plainError(err)
		}
		out[k] = x
	}
	return out, nil
}

// printPlan lists the sheet, the mapping and every row.
func printPlan(e *env, p *importer.Plan) {
	for _, w := range p.File.Warnings {
		fmt.Fprintf(e.errOut, "note: %s\n", w)
	}
	how := "found from the headings"
	if p.Remembered {
		how = "remembered from the last import of a file laid out the same way"
	}
	fmt.Fprintf(e.out, "%s, sheet %q: column headings on row %d; columns %s:\n", p.File.Name, p.Sheet, p.HeaderRow, how)
	for _, line := range p.Mapping.Describe(p.Headings) {
		fmt.Fprintf(e.out, "  %s\n", line)
	}
	var unmapped []string
	for _, f := range importer.Fields {
		if _, ok := p.Mapping[f]; !ok {
			unmapped = append(unmapped, f.Label())
		}
	}
	if len(unmapped) > 0 {
		sort.Strings(unmapped)
		fmt.Fprintf(e.out, "  not imported: %s\n", strings.Join(unmapped, ", "))
	}
	var words []string
	for w, l := range p.Levels {
		words = append(words, fmt.Sprintf("%s means %s", w, l.Label()))
	}
	for w, st := range p.Statuses {
		words = append(words, fmt.Sprintf("%s means %s", w, st.Label()))
	}
	if len(words) > 0 {
		sort.Strings(words)
		fmt.Fprintf(e.out, "  the log's own words: %s\n", strings.Join(words, "; "))
	}
	fmt.Fprintln(e.out)
	rows := make([][]string, 0, len(p.Rows))
	for _, o := range p.Rows {
		why := o.Reason
		if len(o.Flags) > 0 {
			why = strings.TrimSpace(why + " " + strings.Join(o.Flags, "; "))
		}
		rows = append(rows, []string{fmt.Sprint(o.Row), string(o.Result), o.Column, oneLine(o.Value, 40), why})
	}
	table(e.out, []string{"ROW", "RESULT", "COLUMN", "VALUE", "REASON"}, rows)
	if p.Trailing > 0 {
		fmt.Fprintf(e.out, "(%d blank rows after the last were not listed)\n", p.Trailing)
	}
	fmt.Fprintln(e.out)
}
