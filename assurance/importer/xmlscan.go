package importer

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// xmlScanner reads the XML of a worksheet or of the shared strings, held
// in memory, token by token: several times faster than encoding/xml, which
// allocates every token. It reads only the XML a workbook is written in
// and says errNotPlain at anything else — a carriage return (which XML
// turns into a line feed), a character XML does not allow, a DOCTYPE, an
// unknown entity, a tag closed by the wrong name, an encoding other than
// UTF-8 — so that excelize reads those files as it always has.
type xmlScanner struct {
	b     []byte
	i     int
	stack [][]byte // raw names of the open elements

	// The current token: name is a start or end tag's local name, attrs a
	// start tag's attributes, text a text token's characters, unescaped.
	start, end bool
	name       []byte
	attrs      []xmlAttr
	text       []byte
	closeNext  bool // the start tag just read closed itself
	// more says b is a piece of the part and more follows: at its end the
	// open elements stay open until feed gives the next piece.
	more bool
}

type xmlAttr struct {
	name  []byte // local name
	value []byte
}

// newXMLScanner checks the whole of b once for what it cannot read.
func newXMLScanner(b []byte) (*xmlScanner, error) {
	s := &xmlScanner{}
	return s, s.feed(b, false)
}

// feed gives the scanner its next piece of XML, cut between two tags;
// more says whether another piece follows.
func (s *xmlScanner) feed(b []byte, more bool) error {
	if err := plainXMLText(b); err != nil {
		return err
	}
	for i, name := range s.stack {
		s.stack[i] = bytes.Clone(name) // the last piece is let go
	}
	s.b, s.i, s.more = b, 0, more
	return nil
}

func plainXMLText(b []byte) error {
	if !utf8.Valid(b) || bytes.Contains(b, []byte("\xef\xbf\xbe")) || bytes.Contains(b, []byte("\xef\xbf\xbf")) {
		return errNotPlain
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' {
			return errNotPlain // \r and control characters
		}
	}
	return nil
}

// next reads the next start tag, end tag or text; false at the end of b.
func (s *xmlScanner) next() (bool, error) {
	s.start, s.end, s.text = false, false, nil
	if s.closeNext {
		s.closeNext, s.end = false, true
		s.stack = s.stack[:len(s.stack)-1]
		return true, nil
	}
	for {
		if s.i >= len(s.b) {
			if len(s.stack) > 0 && !s.more {
				return false, errNotPlain
			}
			return false, nil
		}
		if s.b[s.i] != '<' {
			j := bytes.IndexByte(s.b[s.i:], '<')
			if j < 0 {
				j = len(s.b) - s.i
			}
			raw := s.b[s.i : s.i+j]
			s.i += j
			text, err := unescapeXML(raw)
			if err != nil {
				return false, err
			}
			s.text = text
			return true, nil
		}
		rest := s.b[s.i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			j := bytes.Index(rest, []byte("?>"))
			if j < 0 {
				return false, errNotPlain
			}
			if pi := rest[:j]; bytes.HasPrefix(pi, []byte("<?xml ")) && bytes.Contains(pi, []byte("encoding")) &&
				!bytes.Contains(bytes.ToLower(pi), []byte(`encoding="utf-8"`)) && !bytes.Contains(bytes.ToLower(pi), []byte(`encoding='utf-8'`)) {
				return false, errNotPlain
			}
			s.i += j + 2
		case bytes.HasPrefix(rest, []byte("<!--")):
			j := bytes.Index(rest[4:], []byte("-->"))
			if j < 0 {
				return false, errNotPlain
			}
			s.i += 4 + j + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			j := bytes.Index(rest[9:], []byte("]]>"))
			if j < 0 {
				return false, errNotPlain
			}
			s.text = rest[9 : 9+j]
			s.i += 9 + j + 3
			return true, nil
		case bytes.HasPrefix(rest, []byte("<!")):
			return false, errNotPlain
		case bytes.HasPrefix(rest, []byte("</")):
			j := bytes.IndexByte(rest, '>')
			if j < 0 || len(s.stack) == 0 {
				return false, errNotPlain
			}
			raw := bytes.TrimRight(rest[2:j], " \t\n")
			if !bytes.Equal(raw, s.stack[len(s.stack)-1]) {
				return false, errNotPlain
			}
			s.stack = s.stack[:len(s.stack)-1]
			s.name, s.end = localName(raw), true
			s.i += j + 1
			return true, nil
		default:
			return true, s.startTag()
		}
	}
}

// startTag reads the start tag at s.i.
func (s *xmlScanner) startTag() error {
	b, i := s.b, s.i+1
	n := i
	for n < len(b) && !isXMLSpace(b[n]) && b[n] != '/' && b[n] != '>' {
		n++
	}
	if n == i || n >= len(b) {
		return errNotPlain
	}
	raw := b[i:n]
	s.attrs = s.attrs[:0]
	i = n
	for {
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return errNotPlain
		}
		if b[i] == '>' {
			i++
			break
		}
		if b[i] == '/' {
			if i+1 >= len(b) || b[i+1] != '>' {
				return errNotPlain
			}
			i += 2
			s.closeNext = true
			break
		}
		a := i
		for i < len(b) && b[i] != '=' && !isXMLSpace(b[i]) && b[i] != '>' && b[i] != '/' {
			i++
		}
		name := b[a:i]
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if len(name) == 0 || i+1 >= len(b) || b[i] != '=' {
			return errNotPlain
		}
		i++
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) || b[i] != '"' && b[i] != '\'' {
			return errNotPlain
		}
		q := b[i]
		j := bytes.IndexByte(b[i+1:], q)
		if j < 0 {
			return errNotPlain
		}
		raw := b[i+1 : i+1+j]
		if bytes.IndexByte(raw, '<') >= 0 {
			return errNotPlain
		}
		value, err := unescapeXML(raw)
		if err != nil {
			return err
		}
		s.attrs = append(s.attrs, xmlAttr{name: localName(name), value: value})
		i += j + 2
	}
	s.i = i
	s.stack = append(s.stack, raw)
	s.name, s.start = localName(raw), true
	return nil
}

// attr returns the value of the current start tag's attribute, or "".
func (s *xmlScanner) attr(name string) string {
	for _, a := range s.attrs {
		if string(a.name) == name {
			return string(a.value)
		}
	}
	return ""
}

// is reports whether the current token is the start (or end) of name.
func (s *xmlScanner) is(name string) bool { return string(s.name) == name }

// skip reads to the end of the element just started.
func (s *xmlScanner) skip() error {
	depth := 1
	for depth > 0 {
		ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok {
			return errNotPlain
		}
		if s.start {
			depth++
		} else if s.end {
			depth--
		}
	}
	return nil
}

func localName(raw []byte) []byte {
	if k := bytes.LastIndexByte(raw, ':'); k >= 0 {
		return raw[k+1:]
	}
	return raw
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// unescapeXML replaces XML's five named entities and character references;
// any other is not plain. raw is returned as it is if it has none.
func unescapeXML(raw []byte) ([]byte, error) {
	if bytes.Contains(raw, []byte("]]>")) {
		return nil, errNotPlain // encoding/xml refuses it outside CDATA
	}
	if bytes.IndexByte(raw, '&') < 0 {
		return raw, nil
	}
	out := make([]byte, 0, len(raw))
	for len(raw) > 0 {
		k := bytes.IndexByte(raw, '&')
		if k < 0 {
			out = append(out, raw...)
			break
		}
		out = append(out, raw[:k]...)
		raw = raw[k+1:]
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 {
			return nil, errNotPlain
		}
		ent := string(raw[:semi])
		raw = raw[semi+1:]
		switch ent {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			var n uint64
			var err error
			switch {
			case len(ent) > 2 && (ent[:2] == "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case len(ent) > 1 && ent[0] == '#':
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				return nil, errNotPlain
			}
			r := rune(n)
			if err != nil || !xmlChar(r) || r == '\r' {
				return nil, errNotPlain
			}
			out = utf8.AppendRune(out, r)
		}
	}
	return out, nil
}

// xmlChar reports whether XML allows r in a document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
