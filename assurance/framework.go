package assurance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// A Catalogue holds the frameworks questions can be asked against. Guardian
// ships with one, Growing OHWB Together, but the format allows more so that a
// log can hold questions against several.
type Catalogue struct {
	Frameworks []*Framework `json:"frameworks"`
}

// Framework is a published set of improvement drivers and action areas.
type Framework struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	ShortName string    `json:"short_name"`
	Version   string    `json:"version"`
	Source    string    `json:"source,omitempty"`
	Vision    string    `json:"vision,omitempty"`
	Note      string    `json:"note,omitempty"`
	Drivers   []*Driver `json:"drivers"`
}

// Driver is an improvement driver (a group of action areas).
type Driver struct {
	ID    string        `json:"id"`
	Title string        `json:"title"`
	Areas []*ActionArea `json:"areas"`

	Framework *Framework `json:"-"`
}

// ActionArea is an area of collaborative action, such as 4.1 "Using data to
// demonstrate the impact of OHWB". Questions are logged against one.
type ActionArea struct {
	ID          string `json:"id"`
	ShortTitle  string `json:"short_title"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Source names where the area's words come from, when the framework
	// cites a source per area.
	Source string `json:"source,omitempty"`

	Driver *Driver `json:"-"`
}

// Label returns "4.1 Using data to demonstrate impact".
func (a *ActionArea) Label() string { return a.ID + " " + a.ShortTitle }

// Label returns "4. Growing OHWB impact and evidence-based practice".
func (d *Driver) Label() string { return d.ID + ". " + d.Title }

var (
	frameworkIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	groupIDPattern     = regexp.MustCompile(`^[0-9A-Za-z]{1,8}$`)
	areaIDPattern      = regexp.MustCompile(`^[0-9A-Za-z]{1,8}(\.[0-9A-Za-z]{1,8})+$`)
)

// ParseCatalogue reads and validates a catalogue in JSON. Unknown fields are
// refused so that a misspelt key is caught rather than silently dropped. The
// error names the entry at fault and the line it starts on.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalogue
	if err := dec.Decode(&c); err != nil {
		off := dec.InputOffset()
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			off = se.Offset
		case errors.As(err, &te):
			off = te.Offset
		}
		return nil, fmt.Errorf("framework file is not valid: line %d: %w", lineAt(data, off), err)
	}
	if dec.More() {
		return nil, fmt.Errorf("framework file is not valid: line %d: unexpected data after the catalogue", lineAt(data, dec.InputOffset()))
	}
	if err := c.validate(); err != nil {
		var ee *entryError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("framework file is not valid: line %d: %w", lineAt(data, locate(data, ee.path)), err)
		}
		return nil, fmt.Errorf("framework file is not valid: %w", err)
	}
	c.link()
	return &c, nil
}

// entryError is a problem with one entry of a framework file; path leads to
// it: "frameworks", 0, "drivers", 1, "areas", 2.
type entryError struct {
	path []any
	msg  string
}

func (e *entryError) Error() string { return e.msg }

func entryErr(path []any, format string, args ...any) error {
	return &entryError{path: path, msg: fmt.Sprintf(format, args...)}
}

// lineAt is the line of data that holds byte off, skipping the separators
// between a value and the one before it.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	for off < int64(len(data)) && strings.ContainsRune(" \t\r\n,:", rune(data[off])) {
		off++
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// locate returns the offset where the value at path starts, or 0.
func locate(data []byte, path []any) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	skip := func() bool {
		var raw json.RawMessage
		return dec.Decode(&raw) == nil
	}
	var walk func(path []any) int64
	walk = func(path []any) int64 {
		start := dec.InputOffset()
		if len(path) == 0 {
			return start
		}
		tok, err := dec.Token()
		if err != nil {
			return 0
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return 0
				}
				if k == path[0] {
					return walk(path[1:])
				}
				if !skip() {
					return 0
				}
			}
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if i == path[0] {
					return walk(path[1:])
				}
				if !skip() {
					return 0
				}
			}
		}
		return 0
	}
	return walk(path)
}

func (c *Catalogue) validate() error {
	if len(c.Frameworks) == 0 {
		return fmt.Errorf("it lists no frameworks")
	}
	frameworks := map[string]bool{}
	for i, f := range c.Frameworks {
		fp := []any{"frameworks", i}
		if f == nil {
			return entryErr(fp, "framework #%d is empty", i+1)
		}
		if !frameworkIDPattern.MatchString(f.ID) {
			return entryErr(fp, "framework #%d has id %q: use lower-case letters, digits and hyphens", i+1, f.ID)
		}
		if frameworks[f.ID] {
			return entryErr(fp, "framework %q appears twice", f.ID)
		}
		frameworks[f.ID] = true
		if strings.TrimSpace(f.Name) == "" {
			return entryErr(fp, "framework %q has no name", f.ID)
		}
		if strings.TrimSpace(f.Version) == "" {
			return entryErr(fp, "framework %q has no version", f.ID)
		}
		if len(f.Drivers) == 0 {
			return entryErr(fp, "framework %q has no drivers", f.ID)
		}
		drivers, areas := map[string]bool{}, map[string]bool{}
		for j, d := range f.Drivers {
			dp := append(slices.Clone(fp), "drivers", j)
			if d == nil {
				return entryErr(dp, "framework %q: driver #%d is empty", f.ID, j+1)
			}
			if !groupIDPattern.MatchString(d.ID) {
				return entryErr(dp, "framework %q: driver #%d has id %q: use a short number such as \"1\"", f.ID, j+1, d.ID)
			}
			if drivers[d.ID] {
				return entryErr(dp, "framework %q: driver %q appears twice", f.ID, d.ID)
			}
			drivers[d.ID] = true
			if strings.TrimSpace(d.Title) == "" {
				return entryErr(dp, "framework %q: driver %q has no title", f.ID, d.ID)
			}
			if len(d.Areas) == 0 {
				return entryErr(dp, "framework %q: driver %q has no areas", f.ID, d.ID)
			}
			for k, a := range d.Areas {
				ap := append(slices.Clone(dp), "areas", k)
				if a == nil {
					return entryErr(ap, "framework %q: driver %q: area #%d is empty", f.ID, d.ID, k+1)
				}
				if !areaIDPattern.MatchString(a.ID) {
					return entryErr(ap, "framework %q: driver %q: area #%d has id %q: use the form %s.1", f.ID, d.ID, k+1, a.ID, d.ID)
				}
				if !strings.HasPrefix(a.ID, d.ID+".") {
					return entryErr(ap, "framework %q: area %q is listed under driver %q but its number belongs to another driver", f.ID, a.ID, d.ID)
				}
				if areas[a.ID] {
					return entryErr(ap, "framework %q: area %q appears twice", f.ID, a.ID)
				}
				areas[a.ID] = true
				if strings.TrimSpace(a.ShortTitle) == "" || strings.TrimSpace(a.Title) == "" {
					return entryErr(ap, "framework %q: area %q needs both a short title and a title", f.ID, a.ID)
				}
				if strings.TrimSpace(a.Description) == "" {
					return entryErr(ap, "framework %q: area %q has no description", f.ID, a.ID)
				}
			}
		}
	}
	return nil
}

// link fills the back-pointers from areas to drivers and drivers to frameworks.
func (c *Catalogue) link() {
	for _, f := range c.Frameworks {
		for _, d := range f.Drivers {
			d.Framework = f
			for _, a := range d.Areas {
				a.Driver = d
			}
		}
	}
}

// Framework returns the framework with the given id, or nil.
func (c *Catalogue) Framework(id string) *Framework {
	for _, f := range c.Frameworks {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// Default returns the first framework: the one new questions use.
func (c *Catalogue) Default() *Framework { return c.Frameworks[0] }

// Area returns the area with the given id in framework fw, or nil.
func (c *Catalogue) Area(fw, id string) *ActionArea {
	if f := c.Framework(fw); f != nil {
		return f.Area(id)
	}
	return nil
}

// Area returns the area with the given id, or nil.
func (f *Framework) Area(id string) *ActionArea {
	for _, d := range f.Drivers {
		for _, a := range d.Areas {
			if a.ID == id {
				return a
			}
		}
	}
	return nil
}

// Driver returns the driver with the given id, or nil.
func (f *Framework) Driver(id string) *Driver {
	for _, d := range f.Drivers {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// Areas returns every area in the framework, in order.
func (f *Framework) Areas() []*ActionArea {
	var out []*ActionArea
	for _, d := range f.Drivers {
		out = append(out, d.Areas...)
	}
	return out
}

// Merge returns a catalogue of c's frameworks followed by each of others',
// refusing a framework whose id is already in use.
func (c *Catalogue) Merge(others ...*Catalogue) (*Catalogue, error) {
	out := &Catalogue{Frameworks: slices.Clone(c.Frameworks)}
	for _, o := range others {
		for _, f := range o.Frameworks {
			if out.Framework(f.ID) != nil {
				return nil, fmt.Errorf("framework %q is already in the catalogue", f.ID)
			}
			out.Frameworks = append(out.Frameworks, f)
		}
	}
	return out, nil
}
