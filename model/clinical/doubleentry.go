package clinical

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier/model"
)

// Entry is one clerk's keying of one document: field key → the value as
// keyed. An absent key and an empty value mean the same: nothing keyed.
type Entry map[string]string

// FieldKind says how a field's values are read and compared.
type FieldKind string

const (
	FieldText     FieldKind = "text"     // compared ignoring case and spacing
	FieldNumber   FieldKind = "number"   // compared as numbers: 38.50 = 38.5; a unit after it compared as text
	FieldDate     FieldKind = "date"     // compared as dates: 12/3/24 = 12 Mar 2024
	FieldDateTime FieldKind = "datetime" // compared as instants
	FieldCode     FieldKind = "code"     // compared ignoring case, spaces and dots: A09.0 = a090
	FieldList     FieldKind = "list"     // comma- or semicolon-separated, item by item, in order
)

// Mismatch is a field the two clerks keyed differently, with both values
// as keyed.
type Mismatch struct {
	Field, First, Second string
}

// Compare returns the fields of fields whose values in first and second
// differ once normalized for their kind, sorted by field key. Dates are
// read in the clinic's order relative to now; a value that does not read
// as its kind is compared as text, so two identical typing mistakes agree
// (and are caught by validation, not here).
//
// List items are compared in order, because order carries meaning where
// lists are keyed (the principal diagnosis is written first).
func Compare(first, second Entry, fields map[string]FieldKind, order DateOrder, now time.Time) []Mismatch {
	var out []Mismatch
	for _, f := range sortedKeys(fields) {
		a, b := first[f], second[f]
		if !Same(fields[f], a, b, order, now) {
			out = append(out, Mismatch{Field: f, First: a, Second: b})
		}
	}
	return out
}

// Same reports whether two keyings of a field of the kind say the same.
func Same(kind FieldKind, a, b string, order DateOrder, now time.Time) bool {
	return ComparisonKey(kind, a, order, now) == ComparisonKey(kind, b, order, now)
}

// ComparisonKey is the form of a value that comparison uses: two values
// agree when their keys are equal. It is for comparing (and, say, grouping
// the values keyed for one field), never for storing or showing.
func ComparisonKey(kind FieldKind, v string, order DateOrder, now time.Time) string {
	text := strings.ToLower(strings.Join(strings.Fields(v), " "))
	if text == "" {
		return ""
	}
	switch kind {
	case FieldNumber:
		if m := numberRE.FindStringSubmatch(text); m != nil {
			if n, err := parseNumber(m[2]); err == nil {
				if n == 0 {
					n = 0 // -0 and 0 agree
				}
				unit := strings.ReplaceAll(m[3], " ", "")
				return "n:" + m[1] + fmt.Sprint(n) + " " + unit
			}
		}
	case FieldDate:
		if d, err := ParseDate(v, order, now); err == nil {
			return "d:" + d.String()
		}
	case FieldDateTime:
		if t, err := ParseDateTime(v, order, now); err == nil {
			return "t:" + t.UTC().Format(time.RFC3339)
		}
	case FieldCode:
		return "c:" + strings.NewReplacer(" ", "", ".", "").Replace(text)
	case FieldList:
		items := model.SplitList(text)
		for i, it := range items {
			items[i] = strings.TrimRight(it, ".")
		}
		return "l:" + strings.Join(items, "\x00")
	}
	return "s:" + text
}

// Keying is one clerk's keying of one field and whether it agreed (with
// the other clerk's, or with the adjudicated value: see Score).
type Keying struct {
	Clerk  string
	Field  string
	Agreed bool
}

// Rate is a share of keyings that agreed.
type Rate struct {
	Agreed, Total int
	Percent       float64 // 0–100, unrounded; 0 when there were none
}

// String is "47 of 50 (94.0%)".
func (r Rate) String() string {
	return fmt.Sprintf("%d of %d (%.1f%%)", r.Agreed, r.Total, r.Percent)
}

// Agreement sums keyings by clerk and by field: the supervisor's view of
// who needs help and which fields of a form are hard to read.
func Agreement(ks []Keying) (byClerk, byField map[string]Rate) {
	byClerk, byField = map[string]Rate{}, map[string]Rate{}
	add := func(m map[string]Rate, k string, agreed bool) {
		r := m[k]
		r.Total++
		if agreed {
			r.Agreed++
		}
		r.Percent = 100 * float64(r.Agreed) / float64(r.Total)
		m[k] = r
	}
	for _, k := range ks {
		add(byClerk, k.Clerk, k.Agreed)
		add(byField, k.Field, k.Agreed)
	}
	return byClerk, byField
}

// Score is one clerk's keyings of a document against its final
// (adjudicated) entry: a keying agreed when it says the same as the final
// value. Scoring against the final value rather than the other clerk
// tells who made the error when the two disagreed.
func Score(clerk string, keyed, final Entry, fields map[string]FieldKind, order DateOrder, now time.Time) []Keying {
	var out []Keying
	for _, f := range sortedKeys(fields) {
		out = append(out, Keying{Clerk: clerk, Field: f, Agreed: Same(fields[f], keyed[f], final[f], order, now)})
	}
	return out
}

// MissingChoices is the error of an adjudication that leaves mismatched
// fields undecided; Fields lets the form mark each one.
type MissingChoices struct {
	Fields []string
}

func (e *MissingChoices) Error() string {
	if len(e.Fields) == 1 {
		return fmt.Sprintf("choose the final value of %s", e.Fields[0])
	}
	return fmt.Sprintf("choose the final value of %d fields: %s", len(e.Fields), strings.Join(e.Fields, ", "))
}

// Adjudicate builds the final entry of a double-keyed document. Every field
// in mismatches needs a choice: usually one of the two values, but the
// supervisor may type what the paper really says (neither clerk may have
// read it right), and an empty choice is a choice (the field is blank).
// Fields that agreed take the first clerk's value, or a choice if the
// supervisor made one; fields only one clerk keyed are kept as keyed.
func Adjudicate(first, second Entry, mismatches []Mismatch, choices map[string]string) (Entry, error) {
	var missing []string
	for _, m := range mismatches {
		if _, ok := choices[m.Field]; !ok && !slices.Contains(missing, m.Field) {
			missing = append(missing, m.Field)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, &MissingChoices{Fields: missing}
	}
	out := Entry{}
	for k, v := range second {
		if v != "" {
			out[k] = v
		}
	}
	for k, v := range first {
		if v != "" {
			out[k] = v
		}
	}
	for k, v := range choices {
		out[k] = v
	}
	for k, v := range out {
		if v == "" {
			delete(out, k)
		}
	}
	return out, nil
}

func sortedKeys(m map[string]FieldKind) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
