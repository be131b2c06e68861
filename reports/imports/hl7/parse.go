// Package hl7 reads HL7 version 2 messages (2.3 to 2.8) as laboratories and
// hospital admission systems send them: the encoding characters each
// message declares in its MSH segment, escape sequences, repetitions,
// components and subcomponents; segments ended by CR, LF or CRLF; single
// messages, streams of messages and FHS/BHS batch files. It also writes the
// acknowledgements (ACK) and the ADT messages Dossier sends.
//
// Reading is strict about structure (a message starts with MSH and names
// its type and control ID) and lenient about content: a field the reader
// does not use is never an error.
package hl7

import (
	"fmt"
	"strings"
)

// Delimiters are a message's encoding characters (MSH-1 and MSH-2).
type Delimiters struct {
	Field, Component, Repetition, Escape, Subcomponent byte
}

// Standard are the delimiters nearly every sender uses: |^~\&.
var Standard = Delimiters{'|', '^', '~', '\\', '&'}

// Message is one HL7 v2 message.
type Message struct {
	Delims   Delimiters
	Segments []Segment
}

// Segment is one line of a message: its name and its raw fields.
type Segment struct {
	Name string
	// fields[i] is field i as written (escaped); fields[0] is the name.
	// For MSH, fields[1] is the field separator and fields[2] the encoding
	// characters, so field numbers match the standard's MSH-n.
	fields []string
	d      *Delimiters
}

// Value is part of a field, still escaped, that can be cut further into
// repetitions, components and subcomponents.
type Value struct {
	raw string
	d   *Delimiters
}

// ParseError is a message that cannot be read as HL7 v2.
type ParseError struct{ Msg string }

func (e *ParseError) Error() string { return "not a readable HL7 message: " + e.Msg }

func bad(format string, a ...any) error { return &ParseError{fmt.Sprintf(format, a...)} }

// lines splits text into segments at CR, LF or CRLF, dropping empty lines.
func lines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\r")
	text = strings.ReplaceAll(text, "\n", "\r")
	var out []string
	for _, l := range strings.Split(text, "\r") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// Parse reads one message.
func Parse(text string) (Message, error) {
	ms, err := ParseAll(text)
	if err != nil {
		return Message{}, err
	}
	if len(ms) != 1 {
		return Message{}, bad("%d messages where one was expected", len(ms))
	}
	return ms[0], nil
}

// ParseAll reads every message of a file or stream: one message, messages
// one after another, or a batch file wrapped in FHS/BHS … BTS/FTS (the
// batch header and trailer segments are checked for shape and dropped).
func ParseAll(text string) ([]Message, error) {
	text = strings.TrimPrefix(text, "\ufeff")
	var out []Message
	var cur []string
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		m, err := parseSegments(cur)
		if err != nil {
			return fmt.Errorf("message %d: %w", len(out)+1, err)
		}
		out = append(out, m)
		cur = nil
		return nil
	}
	for _, l := range lines(text) {
		name := l[:min(3, len(l))]
		switch name {
		case "FHS", "BHS", "BTS", "FTS":
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		case "MSH":
			if err := flush(); err != nil {
				return nil, err
			}
		default:
			if len(cur) == 0 {
				return nil, bad("a message must start with MSH, not %q", clip(l, 20))
			}
		}
		cur = append(cur, l)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, bad("no MSH segment")
	}
	return out, nil
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func parseSegments(segs []string) (Message, error) {
	h := segs[0]
	if len(h) < 8 {
		return Message{}, bad("MSH segment too short for its encoding characters")
	}
	d := Delimiters{Field: h[3], Component: h[4], Repetition: h[5], Escape: h[6], Subcomponent: h[7]}
	if h[7] == d.Field { // only four encoding characters: no subcomponent separator
		d.Subcomponent = 0
	}
	seen := map[byte]bool{}
	for _, c := range []byte{d.Field, d.Component, d.Repetition, d.Escape, d.Subcomponent} {
		if c == 0 {
			continue
		}
		if seen[c] || c == '\r' || c == '\n' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') {
			return Message{}, bad("MSH declares unusable encoding characters %q", h[3:8])
		}
		seen[c] = true
	}
	m := Message{Delims: d}
	dp := &m.Delims
	for i, l := range segs {
		parts := strings.Split(l, string(d.Field))
		name := parts[0]
		if len(name) != 3 || !segName(name) {
			return Message{}, bad("segment %d has no three-letter name (%q)", i+1, clip(l, 20))
		}
		var fields []string
		if i == 0 {
			// MSH-1 is the separator itself; MSH-2 the encoding characters.
			fields = append([]string{"MSH", string(d.Field)}, parts[1:]...)
		} else {
			fields = parts
		}
		m.Segments = append(m.Segments, Segment{Name: name, fields: fields, d: dp})
	}
	if m.Type() == "" {
		return Message{}, bad("MSH-9 (message type) is empty")
	}
	return m, nil
}

func segName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Seg is the first segment with the name, and whether there is one.
func (m Message) Seg(name string) (Segment, bool) {
	for _, s := range m.Segments {
		if s.Name == name {
			return s, true
		}
	}
	return Segment{}, false
}

// All is every segment with the name, in order.
func (m Message) All(name string) []Segment {
	var out []Segment
	for _, s := range m.Segments {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// header is the MSH segment (always the first: Parse checks it).
func (m Message) header() Segment {
	if len(m.Segments) == 0 {
		return Segment{}
	}
	return m.Segments[0]
}

// Type is MSH-9 as "ADT^A01" (message code and trigger event).
func (m Message) Type() string {
	t := m.header().Field(9)
	code, ev := t.Comp(1).String(), t.Comp(2).String()
	if ev == "" {
		return code
	}
	return code + "^" + ev
}

// ControlID is MSH-10, the sender's identifier of this message.
func (m Message) ControlID() string { return m.header().Field(10).String() }

// Version is MSH-12 ("2.5.1").
func (m Message) Version() string { return m.header().Field(12).Comp(1).String() }

// Sender is MSH-3 and MSH-4 (application and facility) as one text: what
// makes a control ID unique.
func (m Message) Sender() string {
	h := m.header()
	return h.Field(3).Comp(1).String() + "|" + h.Field(4).Comp(1).String()
}

// Text is the message as written, segments ended by CR as the standard
// says.
func (m Message) Text() string {
	var b strings.Builder
	for _, s := range m.Segments {
		b.WriteString(s.Text())
		b.WriteByte('\r')
	}
	return b.String()
}

// Text is the segment as written.
func (s Segment) Text() string {
	if s.Name == "MSH" && len(s.fields) > 1 {
		return "MSH" + strings.Join(s.fields[1:2], "") + strings.Join(s.fields[2:], s.fields[1])
	}
	if s.d == nil {
		return strings.Join(s.fields, "|")
	}
	return strings.Join(s.fields, string(s.d.Field))
}

// Field is field n (the standard's numbering, from 1), empty when absent.
func (s Segment) Field(n int) Value {
	if n <= 0 || n >= len(s.fields) {
		return Value{d: s.d}
	}
	if s.Name == "MSH" && n <= 2 {
		return Value{raw: s.fields[n]} // never split the encoding characters
	}
	return Value{raw: s.fields[n], d: s.d}
}

// Len is the number of fields the segment has.
func (s Segment) Len() int { return len(s.fields) - 1 }

func (v Value) split(sep byte) []string {
	if v.d == nil || sep == 0 {
		return []string{v.raw}
	}
	return strings.Split(v.raw, string(sep))
}

func (v Value) part(sep byte, n int) Value {
	if n <= 0 {
		return Value{d: v.d}
	}
	ps := v.split(sep)
	if n > len(ps) {
		return Value{d: v.d}
	}
	return Value{raw: ps[n-1], d: v.d}
}

// Reps is every repetition of the field.
func (v Value) Reps() []Value {
	if v.raw == "" {
		return nil
	}
	var sep byte
	if v.d != nil {
		sep = v.d.Repetition
	}
	var out []Value
	for _, r := range v.split(sep) {
		out = append(out, Value{raw: r, d: v.d})
	}
	return out
}

// Comp is component n (from 1) of the first repetition.
func (v Value) Comp(n int) Value {
	first := v
	if v.d != nil {
		first = v.part(v.d.Repetition, 1)
	}
	if v.d == nil {
		if n == 1 {
			return v
		}
		return Value{}
	}
	return first.part(v.d.Component, n)
}

// Sub is subcomponent n (from 1) of a component.
func (v Value) Sub(n int) Value {
	if v.d == nil {
		if n == 1 {
			return v
		}
		return Value{}
	}
	return v.part(v.d.Subcomponent, n)
}

// Raw is the value as written, escapes and separators included.
func (v Value) Raw() string { return v.raw }

// IsEmpty reports an empty value. (HL7's "" — an explicit null — is not
// empty: it asks the receiver to clear the field.)
func (v Value) IsEmpty() bool { return v.raw == "" }

// IsNull reports HL7's explicit null, "".
func (v Value) IsNull() bool { return v.raw == `""` }

// String is the value's first repetition, first component and first
// subcomponent with escapes resolved, trimmed: what a reader of a single
// value wants.
func (v Value) String() string {
	if v.IsNull() {
		return ""
	}
	if v.d == nil {
		return strings.TrimSpace(v.raw)
	}
	c := v.Comp(1).Sub(1)
	return strings.TrimSpace(Unescape(c.raw, *v.d))
}

// Text is the whole value with escapes resolved but separators kept as
// written: a free-text field.
func (v Value) Text() string {
	if v.IsNull() {
		return ""
	}
	if v.d == nil {
		return v.raw
	}
	return Unescape(v.raw, *v.d)
}
