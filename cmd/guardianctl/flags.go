package main

import (
	"flag"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// dateValue is a flag holding a date in any form assurance.ParseDate reads.
type dateValue struct{ d *assurance.Date }

func (v dateValue) String() string {
	if v.d == nil {
		return ""
	}
	return v.d.String()
}

func (v dateValue) Set(s string) error {
	d, err := assurance.ParseDate(s)
	if err != nil {
		return plainError(err)
	}
	*v.d = d
	return nil
}

func dateFlag(fs *flag.FlagSet, d *assurance.Date, name, usage string) {
	fs.Var(dateValue{d}, name, usage)
}

// parsedValue is a flag read by one of the domain's Parse functions, so the
// flag accepts exactly what the app accepts.
type parsedValue[T ~string] struct {
	v     *T
	parse func(string) (T, error)
}

func (p parsedValue[T]) String() string {
	if p.v == nil {
		return ""
	}
	return string(*p.v)
}

func (p parsedValue[T]) Set(s string) error {
	v, err := p.parse(s)
	if err != nil {
		return plainError(err)
	}
	*p.v = v
	return nil
}

// listValue is a comma-separated list of parsed values: --status asked,answered.
type listValue[T ~string] struct {
	v     *[]T
	parse func(string) (T, error)
}

func (l listValue[T]) String() string { return "" }

func (l listValue[T]) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		v, err := l.parse(part)
		if err != nil {
			return plainError(err)
		}
		*l.v = append(*l.v, v)
	}
	return nil
}

// plainError keeps the domain's user message for a flag error, which the
// flag package prefixes with the flag's name.
func plainError(err error) error { return usageError{assurance.ErrorMessage(err)} }
