package model

import (
	"fmt"
	"sort"
	"strings"
)

// WardType is what a ward is for. Stored: append-only.
type WardType string

const (
	WardMedical    WardType = "medical"
	WardSurgical   WardType = "surgical"
	WardMaternity  WardType = "maternity"
	WardPaediatric WardType = "paediatric"
	WardNursery    WardType = "nursery" // newborns: bassinets and cots
	WardICU        WardType = "icu"
	WardOther      WardType = "other"
)

// WardTypes in the order shown to administrators.
var WardTypes = []WardType{WardMedical, WardSurgical, WardMaternity, WardPaediatric, WardNursery, WardICU, WardOther}

// BedChange sets a ward's bed complement from a date on: an earlier
// month keeps the complement it had, so its figures do not change when
// beds are added later.
type BedChange struct {
	From      Date `json:"from"`
	Beds      int  `json:"beds"`
	Bassinets int  `json:"bassinets,omitempty"` // counted apart from beds (newborns)
}

// Closure takes beds and bassinets out of use for a time (repairs,
// outbreak, no staff), both days included.
type Closure struct {
	From      Date   `json:"from"`
	To        Date   `json:"to"`
	Beds      int    `json:"beds,omitempty"`
	Bassinets int    `json:"bassinets,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// Ward is one ward of the facility, as the statistics count it.
type Ward struct {
	ID       string      `json:"id"` // short code, stable: figures and returns name wards by it
	Name     string      `json:"name"`
	Type     WardType    `json:"type"`
	Beds     []BedChange `json:"beds,omitempty"` // in date order
	Closures []Closure   `json:"closures,omitempty"`
	Retired  bool        `json:"retired,omitempty"` // no new admissions; kept for old figures
}

// BedsOn is the complement in use on day d: beds and bassinets after the
// latest change on or before d, less any closure covering d.
func (w Ward) BedsOn(d Date) (beds, bassinets int) {
	for _, c := range w.Beds {
		if !dateAfter(c.From, d) {
			beds, bassinets = c.Beds, c.Bassinets
		}
	}
	for _, c := range w.Closures {
		if !dateAfter(c.From, d) && !dateAfter(d, c.To) {
			beds -= c.Beds
			bassinets -= c.Bassinets
		}
	}
	return max(beds, 0), max(bassinets, 0)
}

func dateAfter(a, b Date) bool { return a.Time().After(b.Time()) }

// StatSettings are the clinic's statistics settings (one record):
// the wards, the names of wards typed before the list existed mapped to
// wards, the age groups and the notifiable diseases.
type StatSettings struct {
	Wards []Ward `json:"wards,omitempty"`
	// WardNames maps a free-text ward name as typed on older stays
	// (folded: lower case, single spaces) to a ward ID.
	WardNames map[string]string `json:"wardNames,omitempty"`
	// AgeGroups in whole years, in order (empty: the default groups).
	AgeGroups []AgeBand `json:"ageGroups,omitempty"`
	// NewEver counts an outpatient as new only at the first attendance
	// ever at this facility (default: the first in the calendar year).
	NewEver    bool         `json:"newEver,omitempty"`
	Notifiable []Notifiable `json:"notifiable,omitempty"`
}

// AgeBand is one age group of the ministry's: Min up to but not
// including Max years (Max 0: no upper bound).
type AgeBand struct {
	Label    string `json:"label"`
	Min, Max int
}

// Notifiable is one notifiable disease: the ICD-10 codes or code prefixes
// that count as a case ("A00" counts A00.0, A00.1 …) and the weekly count
// at which the clinic must alert the district.
type Notifiable struct {
	Name      string   `json:"name"`
	Codes     []string `json:"codes"`
	Threshold int      `json:"threshold"` // cases in an ISO week that raise the alert (1: every case)
}

// DefaultNotifiable is the list until the clinic edits it: the diseases of
// the WHO's IDSR immediately reportable list that ICD-10 codes well.
var DefaultNotifiable = []Notifiable{
	{Name: "Cholera", Codes: []string{"A00"}, Threshold: 1},
	{Name: "Measles", Codes: []string{"B05"}, Threshold: 1},
	{Name: "Meningococcal meningitis", Codes: []string{"A39"}, Threshold: 2},
	{Name: "Acute flaccid paralysis (polio)", Codes: []string{"A80", "G61.0", "G83.9"}, Threshold: 1},
	{Name: "Yellow fever", Codes: []string{"A95"}, Threshold: 1},
	{Name: "Viral haemorrhagic fever", Codes: []string{"A98", "A99"}, Threshold: 1},
	{Name: "Plague", Codes: []string{"A20"}, Threshold: 1},
	{Name: "Typhoid fever", Codes: []string{"A01.0"}, Threshold: 5},
	{Name: "Bacillary dysentery", Codes: []string{"A03"}, Threshold: 5},
	{Name: "Neonatal tetanus", Codes: []string{"A33"}, Threshold: 1},
}

// FoldWard is a ward name as compared: lower case, single spaces.
func FoldWard(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// WardFor finds the ward a name typed on a stay means: a ward's ID or
// name, or a mapped free-text name. ok is false for an unknown name.
func (s StatSettings) WardFor(name string) (Ward, bool) {
	f := FoldWard(name)
	if f == "" {
		return Ward{}, false
	}
	if id, ok := s.WardNames[f]; ok {
		f = FoldWard(id)
	}
	for _, w := range s.Wards {
		if FoldWard(w.ID) == f || FoldWard(w.Name) == f {
			return w, true
		}
	}
	return Ward{}, false
}

// Validate checks the settings an administrator saves.
func (s StatSettings) Validate() error {
	owner := map[string]int{} // folded code or name → the ward it names
	for i, w := range s.Wards {
		if strings.TrimSpace(w.ID) == "" || strings.TrimSpace(w.Name) == "" {
			return fmt.Errorf("ward %d needs a code and a name", i+1)
		}
		for _, k := range []string{FoldWard(w.ID), FoldWard(w.Name)} {
			if j, ok := owner[k]; ok && j != i {
				return fmt.Errorf("two wards are called %q", k)
			}
			owner[k] = i
		}
		known := false
		for _, t := range WardTypes {
			known = known || t == w.Type
		}
		if !known {
			return fmt.Errorf("ward %s: choose its type (%v)", w.Name, WardTypes)
		}
		if !sort.SliceIsSorted(w.Beds, func(a, b int) bool { return dateAfter(w.Beds[b].From, w.Beds[a].From) }) {
			return fmt.Errorf("ward %s: list the bed changes in date order", w.Name)
		}
		for _, c := range w.Beds {
			if c.From.IsZero() || c.Beds < 0 || c.Bassinets < 0 {
				return fmt.Errorf("ward %s: a bed change needs a date and no negative count", w.Name)
			}
		}
		for _, c := range w.Closures {
			if c.From.IsZero() || c.To.IsZero() || dateAfter(c.From, c.To) || c.Beds < 0 || c.Bassinets < 0 {
				return fmt.Errorf("ward %s: a closure needs a first and last day, in that order, and no negative count", w.Name)
			}
		}
	}
	for name, id := range s.WardNames {
		found := false
		for _, w := range s.Wards {
			found = found || FoldWard(w.ID) == FoldWard(id)
		}
		if !found {
			return fmt.Errorf("the ward name %q is mapped to %q, which is not a ward", name, id)
		}
	}
	for i, a := range s.AgeGroups {
		if a.Label == "" || a.Min < 0 || (a.Max != 0 && a.Max <= a.Min) || (i > 0 && a.Min != s.AgeGroups[i-1].Max) {
			return fmt.Errorf("age group %d: give a label, and make each group start where the previous ends", i+1)
		}
	}
	for _, n := range s.Notifiable {
		if strings.TrimSpace(n.Name) == "" || len(n.Codes) == 0 || n.Threshold < 1 {
			return fmt.Errorf("notifiable disease %q needs a name, at least one code and a weekly threshold of 1 or more", n.Name)
		}
	}
	return nil
}

// ActiveWards are the wards admissions and transfers may choose from.
func (s StatSettings) ActiveWards() []Ward {
	var out []Ward
	for _, w := range s.Wards {
		if !w.Retired {
			out = append(out, w)
		}
	}
	return out
}
