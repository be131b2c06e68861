// Package coding is Dossier's clinical-coding engine: code sets (ICD-10-CM
// diagnoses, ICD-10-PCS procedures) loaded from a compact line format, a
// search tuned for the way clinic staff type ("diab type 2 kidney", "PPH",
// "anaemia"), seventh-character completion and the encounter edits a coder
// would otherwise catch by hand. It uses the standard library only, so the
// same engine runs in the desktop app, the CLI and tests.
package coding

import "strings"

// System names a code system and the release a set was built from.
type System struct {
	Name    string // "ICD-10-CM", "ICD-10-PCS"
	Version string // "2021"
}

// Known system names. Others (a clinic's own list, ICD-11 loaded from a file
// the clinic obtained) can use any name; these two get their dotted forms.
const (
	ICD10CM  = "ICD-10-CM"
	ICD10PCS = "ICD-10-PCS"
)

// String is "ICD-10-CM 2021".
func (s System) String() string { return strings.TrimSpace(s.Name + " " + s.Version) }

// Heading is one level of the "chapter › block › category" path.
type Heading struct {
	Code  string // "1", "A00-A09", "A00"
	Title string
}

// Note is one instructional note with the code (or block/chapter) it is
// written under, because a note at a category applies to every code below
// it and a coder must see where it came from.
type Note struct {
	Text string
	From string
}

// Notes are the tabular's instructional notes that apply to a code.
// Inclusion terms are the code's own; the others are gathered from the code
// and every level above it, per the ICD-10-CM conventions.
type Notes struct {
	Inclusion     []Note // inclusion terms: other names coded here
	Includes      []Note
	Excludes1     []Note // "NOT CODED HERE": never together with this code
	Excludes2     []Note // "not included here": both may be coded
	CodeFirst     []Note
	UseAdditional []Note
	CodeAlso      []Note
}

// Axis is one character of an ICD-10-PCS code with its meaning.
type Axis struct {
	Pos   int    // 1..7
	Title string // "Body Part"
	Char  string // "1"
	Label string // "Coronary Artery, One Artery"
}

// Code is one code with everything a screen needs to show about it.
type Code struct {
	System   System
	Code     string // as printed: "E11.22", "0210093"
	Title    string
	Billable bool // a complete code that may be reported
	Chapter  Heading
	Block    Heading
	Category Heading
	Notes    Notes
	// SeventhChars are the allowed 7th characters (char → meaning) inherited
	// from the nearest level that defines them; nil when none apply.
	SeventhChars map[string]string
	Axes         []Axis // ICD-10-PCS only
}

// Path is "chapter › block › category" for breadcrumbs.
func (c Code) Path() string {
	var parts []string
	for _, h := range []Heading{c.Chapter, c.Block, c.Category} {
		if h.Title != "" {
			parts = append(parts, h.Title)
		}
	}
	return strings.Join(parts, " › ")
}

// Compact is a code without its dot, upper case: the key everything is
// stored under, so "e11.22", "E1122" and "E11.22 " are the same code.
func Compact(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Printed puts the dot back for ICD-10-CM and WHO ICD-10 (after the
// category's three characters: "J18.0", not "J180"); ICD-10-PCS codes
// have none, and other systems are shown as stored.
func Printed(system, compact string) string {
	if dotted(system) && len(compact) > 3 {
		return compact[:3] + "." + compact[3:]
	}
	return compact
}

// dotted says whether a system's codes are written with a dot after the
// category: ICD-10-CM, and WHO ICD-10 however the clinic named it on
// import ("ICD-10", "ICD-10 WHO 2019", "WHO ICD-10").
func dotted(system string) bool {
	if system == ICD10CM {
		return true
	}
	u := strings.ToUpper(system)
	if strings.Contains(u, "PCS") || strings.Contains(u, "ICD-11") || strings.Contains(u, "ICD11") {
		return false
	}
	return strings.Contains(u, "ICD-10") || strings.Contains(u, "ICD10")
}
