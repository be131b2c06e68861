package model

import (
	"fmt"
	"strconv"
	"strings"
)

// The statistics settings' lists as a clerk types them, one item a line,
// so the ministry's groups and the notifiable list are edited as text and
// read back exactly.
//
// An age group: "label: from-to" in whole years, both ends included
// ("1-4: 1-4"); "label: N" for one year of age ("<1: 0"); "label: N+" for N
// and over ("50+: 50+"). Stored as AgeBand, whose Max is the first age
// not in the group.
//
// A notifiable disease: "name; codes; weekly threshold", the codes
// separated by commas ("Cholera; A00; 1").

// FormatAgeBands writes age groups one a line.
func FormatAgeBands(bands []AgeBand) string {
	var b strings.Builder
	for _, a := range bands {
		switch {
		case a.Max == 0:
			fmt.Fprintf(&b, "%s: %d+\n", a.Label, a.Min)
		case a.Max == a.Min+1:
			fmt.Fprintf(&b, "%s: %d\n", a.Label, a.Min)
		default:
			fmt.Fprintf(&b, "%s: %d-%d\n", a.Label, a.Min, a.Max-1)
		}
	}
	return b.String()
}

// ParseAgeBands reads age groups one a line (blank lines skipped). The
// groups must follow each other from age 0 with no gap, the last open
// ("N+") or closed.
func ParseAgeBands(text string) ([]AgeBand, error) {
	var out []AgeBand
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(why string) error {
			return Errorf(Invalid, "age groups, line %d (%q): %s; write label: from-to, e.g. 1-4: 1-4, or 50+: 50+", n+1, line, why)
		}
		i := strings.LastIndex(line, ":")
		if i <= 0 {
			return nil, bad("no label before a colon")
		}
		label, ages := strings.TrimSpace(line[:i]), strings.ReplaceAll(strings.TrimSpace(line[i+1:]), " ", "")
		var a AgeBand
		a.Label = label
		num := func(s string) (int, error) {
			v, err := strconv.Atoi(s)
			if err != nil || v < 0 || v > 150 {
				return 0, bad("ages are whole years from 0 to 150")
			}
			return v, nil
		}
		var err error
		switch {
		case strings.HasSuffix(ages, "+"):
			a.Min, err = num(strings.TrimSuffix(ages, "+"))
		case strings.Contains(ages, "-"):
			lo, hi, _ := strings.Cut(ages, "-")
			if a.Min, err = num(lo); err == nil {
				var last int
				if last, err = num(hi); err == nil {
					if last < a.Min {
						return nil, bad("the group ends before it starts")
					}
					a.Max = last + 1
				}
			}
		default:
			a.Min, err = num(ages)
			a.Max = a.Min + 1
		}
		if err != nil {
			return nil, err
		}
		if len(out) == 0 && a.Min != 0 {
			return nil, bad("the first group starts at age 0")
		}
		if k := len(out); k > 0 {
			prev := out[k-1]
			if prev.Max == 0 {
				return nil, bad("the group before it has no upper age (N+): it must be the last")
			}
			if a.Min != prev.Max {
				return nil, bad(fmt.Sprintf("it must start at %d, where the group before it ends", prev.Max))
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// FormatNotifiable writes the notifiable diseases one a line.
func FormatNotifiable(list []Notifiable) string {
	var b strings.Builder
	for _, n := range list {
		fmt.Fprintf(&b, "%s; %s; %d\n", n.Name, strings.Join(n.Codes, ", "), n.Threshold)
	}
	return b.String()
}

// ParseNotifiable reads notifiable diseases one a line (blank lines
// skipped): a name, its ICD-10 codes or code prefixes, and the weekly
// count that raises the alert.
func ParseNotifiable(text string) ([]Notifiable, error) {
	var out []Notifiable
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(why string) error {
			return Errorf(Invalid, "notifiable diseases, line %d (%q): %s; write name; codes; weekly threshold, e.g. Cholera; A00; 1", n+1, line, why)
		}
		parts := strings.Split(line, ";")
		if len(parts) != 3 {
			return nil, bad("it needs three parts separated by semicolons")
		}
		d := Notifiable{Name: strings.TrimSpace(parts[0])}
		if d.Name == "" {
			return nil, bad("no name")
		}
		for _, c := range strings.Split(parts[1], ",") {
			c = strings.ToUpper(strings.TrimSpace(c))
			if c == "" {
				continue
			}
			if !looksLikeICD10(c) {
				return nil, bad(fmt.Sprintf("%q is not an ICD-10 code or code prefix", c))
			}
			d.Codes = append(d.Codes, c)
		}
		if len(d.Codes) == 0 {
			return nil, bad("no code")
		}
		t, err := strconv.Atoi(strings.TrimSpace(parts[2]))
		if err != nil || t < 1 {
			return nil, bad("the weekly threshold is a whole number, 1 or more")
		}
		d.Threshold = t
		out = append(out, d)
	}
	return out, nil
}

// looksLikeICD10 is a code or prefix's shape: a letter, two digits, then
// optionally a dot and up to four letters or digits (A00, A01.0, G61.0).
func looksLikeICD10(c string) bool {
	if len(c) < 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < '0' || c[1] > '9' || c[2] < '0' || c[2] > '9' {
		return false
	}
	rest := c[3:]
	if rest == "" {
		return true
	}
	if rest[0] != '.' || len(rest) < 2 || len(rest) > 5 {
		return false
	}
	for _, r := range rest[1:] {
		if (r < '0' || r > '9') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
