package coding

import (
	"fmt"
	"regexp"
	"strings"

	"dossier/model"
)

// Warning is one problem with an encounter's codes, in words a clinician
// can act on. Rule names the edit so screens and reports can group them.
type Warning struct {
	Code  string // the code the warning is about (printed)
	Other string // the other code, for pairs
	Rule  string // "unknown", "incomplete", "seventh", "sex", "age", "manifestation", "excludes1"
	Text  string
}

// sexRanges are categories limited to one sex. The tabular list states
// these in chapter and block titles rather than machine-readable notes, so
// they are listed here (inclusive ranges of 3-character categories).
var sexRanges = []struct {
	first, last string
	sex         model.Sex
	what        string
}{
	{"O00", "O9A", model.SexFemale, "pregnancy, childbirth and the puerperium"},
	{"N70", "N98", model.SexFemale, "diseases of the female genital organs"},
	{"C51", "C58", model.SexFemale, "cancers of the female genital organs"},
	{"Z33", "Z3A", model.SexFemale, "pregnancy encounters"},
	{"N40", "N53", model.SexMale, "diseases of the male genital organs"},
	{"C60", "C63", model.SexMale, "cancers of the male genital organs"},
}

// CheckEncounter applies the edits to one encounter's diagnosis codes, the
// first being the principal (first-listed) diagnosis. ageYears < 0 means
// the age is not known and skips the age edits.
func (s *Set) CheckEncounter(codes []string, sex model.Sex, ageYears int) []Warning {
	var ws []Warning
	var known []int32
	for _, raw := range codes {
		c := Compact(raw)
		pc := Printed(s.System.Name, c)
		i, ok := s.find(c)
		comp := s.Complete(c)
		switch {
		case !ok && !comp.NeedsSeventh:
			ws = append(ws, Warning{Code: pc, Rule: "unknown", Text: comp.Message})
			continue
		case comp.NeedsSeventh && !comp.Complete:
			ws = append(ws, Warning{Code: pc, Rule: "seventh", Text: comp.Message + " The 7th character says which encounter this is (initial, subsequent, sequela)."})
		case !comp.Complete:
			ws = append(ws, Warning{Code: pc, Rule: "incomplete", Text: comp.Message + " Only complete codes may be reported."})
		}
		if ok {
			known = append(known, i)
		}
		cat := cat3(c)
		for _, r := range sexRanges {
			if cat < r.first || cat > r.last {
				continue
			}
			if (sex == model.SexFemale || sex == model.SexMale) && sex != r.sex {
				ws = append(ws, Warning{Code: pc, Rule: "sex", Text: fmt.Sprintf("%s is for %s, which apply only to %s patients; this patient is recorded as %s.",
					pc, r.what, strings.ToLower(r.sex.Label()), strings.ToLower(sex.Label()))})
			}
			if r.first == "O00" && ageYears >= 0 && (ageYears < 12 || ageYears > 55) {
				ws = append(ws, Warning{Code: pc, Rule: "age", Text: fmt.Sprintf("%s is a pregnancy code; the patient is %d years old (expected 12–55). Check the age or the code.", pc, ageYears)})
			}
		}
	}
	if len(codes) > 0 {
		if i, ok := s.find(Compact(codes[0])); ok && s.isManifestation(i) {
			c := s.code(i)
			text := fmt.Sprintf("%s %q is a manifestation code: it may not be the principal diagnosis. List the underlying condition first.", c.Code, c.Title)
			if len(c.Notes.CodeFirst) > 0 {
				text += " Code first: " + c.Notes.CodeFirst[0].Text + "."
			}
			ws = append(ws, Warning{Code: c.Code, Rule: "manifestation", Text: text})
		}
	}
	ws = append(ws, s.excludes1(known)...)
	return ws
}

// isManifestation: titles "in diseases classified elsewhere" are the
// convention's explicit mark; a "code first" note naming an underlying
// disease (without "if applicable") marks the rest.
func (s *Set) isManifestation(i int32) bool {
	for a := i; a >= 0; a = s.entries[a].parent {
		if strings.Contains(strings.ToLower(s.title(a)), "in diseases classified elsewhere") {
			return true
		}
		for _, n := range s.notes[a] {
			t := strings.ToLower(n.text)
			if n.kind == 'f' && strings.Contains(t, "underlying") && !strings.Contains(t, "if applicable") {
				return true
			}
		}
	}
	return false
}

func (s *Set) excludes1(known []int32) []Warning {
	var ws []Warning
	seen := map[string]bool{}
	for _, a := range known {
		notes := s.notesFor(a).Excludes1
		for _, b := range known {
			if a == b {
				continue
			}
			bc := s.entries[b].code
			for _, n := range notes {
				if !refersTo(n.Text, bc) {
					continue
				}
				pa, pb := Printed(s.System.Name, s.entries[a].code), Printed(s.System.Name, bc)
				key := pa + "|" + pb + "|" + n.Text
				if seen[key] {
					continue
				}
				seen[key] = true
				ws = append(ws, Warning{Code: pa, Other: pb, Rule: "excludes1", Text: fmt.Sprintf(
					"%s and %s should not be coded together: Excludes1 at %s: %q.", pa, pb, n.From, n.Text)})
			}
		}
	}
	return ws
}

var (
	parenRe = regexp.MustCompile(`\(([^()]*)\)`)
	refRe   = regexp.MustCompile(`([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]*)?)(?:\s*-\s*([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]*)?))?`)
)

// refersTo reports whether an instructional note cites the code, as
// "(E08.-)", "(A15.0)", "(P35-P39)" or "(E08.-, E09.-)". Only text in
// brackets counts, so "vitamin B12" in a sentence is not a reference.
func refersTo(note, code string) bool {
	for _, p := range parenRe.FindAllStringSubmatch(note, -1) {
		for _, m := range refRe.FindAllStringSubmatch(p[1], -1) {
			first, last := Compact(m[1]), Compact(m[2])
			if last == "" {
				if strings.HasPrefix(code, first) {
					return true
				}
				continue
			}
			if clip(code, len(first)) >= first && clip(code, len(last)) <= last {
				return true
			}
		}
	}
	return false
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
