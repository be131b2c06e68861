package search

import (
	"fmt"
	"strings"
)

// How is the way a result matched what was typed. The screens name it in
// the clinic's language from this code; the order is fixed (tests and the
// screens' tables use it), new kinds go at the end.
type How int

const (
	HowExact      How = iota // the name holds the word typed
	HowPrefix                // a name starts with the word typed
	HowSound                 // a name sounds like the word typed
	HowTypo                  // a name is close to the word typed
	HowFirstSound            // sounds alike but for the first letter
	HowFirst                 // close but for the first letter
	HowBorn                  // born in the year asked for
	HowVillage               // lives in the village asked for
	HowIdentifier            // matched an identifier of a restricted record (nothing more is shown)
	HowMRN                   // the MRN typed
	HowNationalID            // the national ID typed
	HowOldChart              // the old chart number typed
	HowPhone                 // the phone number typed
)

// AllHows lists every kind, for the screens' table test.
var AllHows = []How{HowExact, HowPrefix, HowSound, HowTypo, HowFirstSound, HowFirst, HowBorn, HowVillage, HowIdentifier,
	HowMRN, HowNationalID, HowOldChart, HowPhone}

// Field is which part of the name matched: "given", "family" or "other".
type Field string

const (
	FieldGiven  Field = "given"
	FieldFamily Field = "family"
	FieldOther  Field = "other"
)

// AllFields lists the name fields, for the screens' table test.
var AllFields = []Field{FieldGiven, FieldFamily, FieldOther}

// Reason is one reason a result matched, in codes and the words involved,
// so that each screen can say it in its own language.
type Reason struct {
	How   How
	Field Field  // for name matches
	Found string // the word in the record (name, village)
	Typed string // the word typed
	Year  int    // HowBorn
	// Merged: an identifier of a patient merged into this one.
	Merged bool
}

var fieldNames = map[Field]string{FieldGiven: "given name", FieldFamily: "family name", FieldOther: "other name"}

// String is the reason in English, as the command line prints it.
func (r Reason) String() string {
	if r.Merged {
		return r.how() + " of a patient merged into this one"
	}
	return r.how()
}

func (r Reason) how() string {
	f := fieldNames[r.Field]
	switch r.How {
	case HowExact:
		return f + " " + r.Found
	case HowPrefix:
		return f + " starts with " + r.Typed
	case HowSound:
		return f + " " + r.Found + " sounds like " + r.Typed
	case HowTypo:
		return f + " " + r.Found + " close to " + r.Typed
	case HowFirstSound:
		return f + " " + r.Found + " sounds like " + r.Typed + " (first letter differs)"
	case HowFirst:
		return f + " " + r.Found + " close to " + r.Typed + " (first letter differs)"
	case HowBorn:
		return fmt.Sprintf("born %d", r.Year)
	case HowVillage:
		return "village " + r.Found
	case HowIdentifier:
		return "identifier"
	case HowMRN:
		return "MRN"
	case HowNationalID:
		return "national ID"
	case HowOldChart:
		return "old chart number"
	case HowPhone:
		return "phone"
	}
	return fmt.Sprintf("match %d", int(r.How))
}

// Texts joins reasons in English with "; ".
func Texts(rs []Reason) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return strings.Join(out, "; ")
}
