package hl7

import (
	"encoding/hex"
	"strings"
)

// Unescape resolves HL7 escape sequences in a leaf value: \F\ \S\ \T\ \R\
// \E\ (the delimiters), \Xhh…\ (bytes in hex), \.br\ (a line break).
// Formatting (\H\ \N\ \.sp\ …) and character-set switches (\C…\ \M…\ \Z…\)
// are dropped: Dossier keeps text, not layout. An escape with no closing
// escape character is kept as written.
func Unescape(s string, d Delimiters) string {
	e := d.Escape
	if e == 0 || strings.IndexByte(s, e) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != e {
			b.WriteByte(s[i])
			continue
		}
		end := strings.IndexByte(s[i+1:], e)
		if end < 0 {
			b.WriteString(s[i:])
			break
		}
		seq := s[i+1 : i+1+end]
		i += end + 1
		switch {
		case seq == "F":
			b.WriteByte(d.Field)
		case seq == "S":
			b.WriteByte(d.Component)
		case seq == "T":
			if d.Subcomponent != 0 {
				b.WriteByte(d.Subcomponent)
			}
		case seq == "R":
			b.WriteByte(d.Repetition)
		case seq == "E":
			b.WriteByte(d.Escape)
		case seq == ".br":
			b.WriteByte('\n')
		case len(seq) > 1 && seq[0] == 'X':
			if raw, err := hex.DecodeString(seq[1:]); err == nil {
				b.Write(raw)
			}
		default:
			// \H\ \N\ \.sp\ \Cxxyy\ \Mxxyyzz\ \Zxx\: layout or charset, dropped
		}
	}
	return b.String()
}

// Escape writes text for a leaf value, escaping the delimiters and turning
// line breaks into \.br\.
func Escape(s string, d Delimiters) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == d.Escape:
			b.WriteString(string(d.Escape) + "E" + string(d.Escape))
		case c == d.Field:
			b.WriteString(string(d.Escape) + "F" + string(d.Escape))
		case c == d.Component:
			b.WriteString(string(d.Escape) + "S" + string(d.Escape))
		case c == d.Repetition:
			b.WriteString(string(d.Escape) + "R" + string(d.Escape))
		case d.Subcomponent != 0 && c == d.Subcomponent:
			b.WriteString(string(d.Escape) + "T" + string(d.Escape))
		case c == '\n':
			b.WriteString(string(d.Escape) + ".br" + string(d.Escape))
		case c == '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
