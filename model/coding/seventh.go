package coding

import (
	"fmt"
	"strings"
)

// Completion says whether a code can be reported as typed and, if not,
// what is missing.
type Completion struct {
	Code     string // the input, printed ("S52.5")
	Found    bool   // the code (or header) is in the set
	Title    string
	Complete bool // a complete, valid, billable code
	// NeedsSeventh: the category requires a 7th character (injuries,
	// poisonings, some obstetric and musculoskeletal codes).
	NeedsSeventh bool
	// Placeholder is the code filled with X to six characters, the form a
	// 7th character is added to: "T81.4" → "T81.4XX".
	Placeholder string
	Sevenths    []SeventhOption
	More        []Code // when more characters are needed first: the next level
	Message     string
}

// SeventhOption is one 7th character and the code it makes.
type SeventhOption struct {
	Char    string
	Meaning string
	Code    string // printed: "T81.4XXA"
	Valid   bool   // that code exists in this release
}

// Complete checks a code per the ICD-10-CM conventions: only billable codes
// may be reported; where a category defines 7th characters every code under
// it needs one, in position 7, with the placeholder X filling positions the
// code does not use ("T81.4" + A → "T81.4XXA"); a 7th character goes on the
// full subcategory ("S52.5" needs "S52.50x" before "A").
func (s *Set) Complete(code string) Completion {
	c := Compact(code)
	out := Completion{Code: Printed(s.System.Name, c)}
	i, found := s.find(c)
	out.Found = found
	if found {
		out.Title = s.title(i)
		if s.entries[i].billable {
			out.Complete = true
			out.Message = out.Code + " is a complete code."
			return out
		}
	}
	// The rule comes from the code, or (for a code that is not in the set,
	// such as one with a wrong 7th character) from its longest known prefix.
	anchor := int32(-1)
	for l := len(c); l >= 1 && anchor < 0; l-- {
		if a, ok := s.find(c[:l]); ok {
			anchor = a
		}
	}
	if anchor < 0 {
		out.Message = fmt.Sprintf("%s is not a code in %s.", out.Code, s.System)
		return out
	}
	if def := s.seventhDefiner(anchor); def >= 0 && len(c) <= 7 {
		out.NeedsSeventh = true
		base := c
		if len(base) == 7 {
			base = base[:6]
		}
		base += strings.Repeat("X", max(0, 6-len(base)))
		out.Placeholder = Printed(s.System.Name, base)
		valid := 0
		for _, x := range s.sevenths[def] {
			full := base + x.Char
			j, ok := s.find(full)
			ok = ok && s.entries[j].billable
			if ok {
				valid++
			}
			out.Sevenths = append(out.Sevenths, SeventhOption{x.Char, x.Meaning, Printed(s.System.Name, full), ok})
		}
		if valid > 0 {
			out.Message = fmt.Sprintf("%s needs a 7th character: %s + A (%s) = %s.", out.Code,
				out.Placeholder, out.Sevenths[0].Meaning, out.Sevenths[0].Code)
			if len(c) == 7 {
				out.Message = fmt.Sprintf("%s is not valid: %q is not an allowed 7th character here.", out.Code, c[6:])
			}
			return out
		}
	}
	// A header (or an invalid extension of one): choose a more specific code.
	if !found {
		i = anchor
	}
	for _, ch := range s.Children(s.entries[i].code) {
		out.More = append(out.More, ch)
	}
	what := "a heading"
	if out.NeedsSeventh {
		what = "not specific enough for a 7th character"
	}
	if !found {
		what = "not in " + s.System.String()
	}
	var next []string
	for _, m := range out.More {
		next = append(next, m.Code)
	}
	out.Message = fmt.Sprintf("%s is %s; choose one of: %s.", out.Code, what, strings.Join(next, ", "))
	return out
}
