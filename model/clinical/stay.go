package clinical

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/model"
)

// Disposition is how an inpatient stay ended. Stored: append-only.
type Disposition string

const (
	DispHome              Disposition = "home"
	DispReferred          Disposition = "referred" // sent to another facility for care it gives
	DispLeftAgainstAdvice Disposition = "left-against-advice"
	DispDied              Disposition = "died"
	DispTransferredOut    Disposition = "transferred-out" // moved to another facility, e.g. nearer home
)

// Dispositions lists them in the order forms offer them.
var Dispositions = []Disposition{DispHome, DispReferred, DispTransferredOut, DispLeftAgainstAdvice, DispDied}

var dispositionLabels = map[Disposition]string{
	DispHome: "Discharged home", DispReferred: "Referred to another facility",
	DispLeftAgainstAdvice: "Left against medical advice", DispDied: "Died",
	DispTransferredOut: "Transferred to another facility",
}

// Label is the disposition as forms show it.
func (d Disposition) Label() string {
	if l, ok := dispositionLabels[d]; ok {
		return l
	}
	return string(d)
}

// Valid reports a known disposition.
func (d Disposition) Valid() bool { _, ok := dispositionLabels[d]; return ok }

// DispositionByLabel finds a disposition from its label or stored name
// (forms show labels).
func DispositionByLabel(s string) (Disposition, bool) {
	for d, l := range dispositionLabels {
		if strings.EqualFold(s, l) || strings.EqualFold(s, string(d)) {
			return d, true
		}
	}
	return "", false
}

// Transfer is a move between wards of this facility during a stay. A move
// to another facility ends the stay instead (DispTransferredOut).
type Transfer struct {
	At       time.Time `json:"at"`
	FromWard string    `json:"from,omitempty"` // may be left empty: it is the ward the patient was in
	ToWard   string    `json:"to"`
	Bed      string    `json:"bed,omitempty"`
	By       string    `json:"by,omitempty"` // who ordered or recorded the move
}

// Stay is one inpatient stay as transcribed from the admission form, the
// ward register and the discharge summary. The encounter record holds who
// the patient is; the stay holds where they were and when.
type Stay struct {
	Admitted   time.Time  `json:"admitted"`
	Ward       string     `json:"ward"` // the ward of admission
	Bed        string     `json:"bed,omitempty"`
	AdmittedBy string     `json:"admittedBy,omitempty"` // the admitting clinician
	Reason     string     `json:"reason,omitempty"`
	Transfers  []Transfer `json:"transfers,omitempty"`
	// Discharged is when the patient left, by any disposition. For a death
	// it is the time of death as the chart records it (not when the body
	// left the ward), so deaths are counted on the right day.
	Discharged    time.Time   `json:"discharged,omitempty"`
	Disposition   Disposition `json:"disposition,omitempty"`
	DischargeNote string      `json:"dischargeNote,omitempty"`
}

// clockSlack forgives a workstation clock a few minutes behind the one
// that stamped the record, as model.Specimen does.
const clockSlack = 5 * time.Minute

// stamp is how stays show times in messages.
const stamp = "2006-01-02 15:04"

// sameWard compares ward names as clerks type them.
func sameWard(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// Validate returns the first problem a clerk must fix before the stay is
// saved.
func (s Stay) Validate(now time.Time) error {
	if s.Admitted.IsZero() {
		return errors.New("enter the date and time of admission")
	}
	if s.Admitted.After(now.Add(clockSlack)) {
		return fmt.Errorf("the admission (%s) is in the future", s.Admitted.Format(stamp))
	}
	if strings.TrimSpace(s.Ward) == "" {
		return errors.New("enter the ward the patient was admitted to")
	}
	discharged := !s.Discharged.IsZero()
	if discharged {
		if s.Discharged.Before(s.Admitted) {
			return fmt.Errorf("the discharge (%s) is before the admission (%s)", s.Discharged.Format(stamp), s.Admitted.Format(stamp))
		}
		if s.Discharged.After(now.Add(clockSlack)) {
			return fmt.Errorf("the discharge (%s) is in the future", s.Discharged.Format(stamp))
		}
	}
	switch {
	case s.Disposition != "" && !s.Disposition.Valid():
		return fmt.Errorf("%q is not a way of leaving hospital; choose one from the list", s.Disposition)
	case discharged && s.Disposition == "":
		return errors.New("choose how the patient left hospital (home, referred, died …)")
	case !discharged && s.Disposition == DispDied:
		return errors.New("enter the time of death as the discharge time")
	case !discharged && s.Disposition != "":
		return errors.New("enter the date and time of discharge, or clear how the patient left")
	}
	ward := s.Ward
	prev := s.Admitted
	for i, t := range s.Transfers {
		n := i + 1
		switch {
		case t.At.IsZero():
			return fmt.Errorf("transfer %d: enter the date and time of the transfer", n)
		case t.At.Before(s.Admitted):
			return fmt.Errorf("transfer %d (%s) is before the admission", n, t.At.Format(stamp))
		case discharged && t.At.After(s.Discharged):
			return fmt.Errorf("transfer %d (%s) is after the discharge", n, t.At.Format(stamp))
		case !discharged && t.At.After(now.Add(clockSlack)):
			return fmt.Errorf("transfer %d (%s) is in the future", n, t.At.Format(stamp))
		case t.At.Before(prev):
			return fmt.Errorf("transfer %d (%s) is before the transfer above it; list transfers in time order", n, t.At.Format(stamp))
		case strings.TrimSpace(t.ToWard) == "":
			return fmt.Errorf("transfer %d: enter the ward the patient moved to", n)
		case strings.TrimSpace(t.FromWard) != "" && !sameWard(t.FromWard, ward):
			return fmt.Errorf("transfer %d leaves ward %s, but the patient was in ward %s", n, t.FromWard, ward)
		case sameWard(t.ToWard, ward):
			return fmt.Errorf("transfer %d stays in ward %s; a change of bed in the same ward is not a transfer", n, ward)
		}
		ward, prev = t.ToWard, t.At
	}
	return nil
}

// LengthOfStay counts inpatient days by the usual census convention: the
// day of admission counts, the day of discharge does not, and a patient
// admitted and discharged (or dead) on the same day counts 1 day. A stay
// not yet discharged counts to today (now's date), so a patient admitted
// yesterday has 1 day so far. Dates are calendar dates as the clock on the
// ward read them (each time's own location), not 24-hour periods. An
// unusable stay (no admission, discharge before admission) counts 0.
func (s Stay) LengthOfStay(now time.Time) int {
	if s.Admitted.IsZero() {
		return 0
	}
	end := now
	if !s.Discharged.IsZero() {
		end = s.Discharged
	}
	if end.Before(s.Admitted) {
		return 0
	}
	days := int(model.DateOf(end).Time().Sub(model.DateOf(s.Admitted).Time()).Hours() / 24)
	return max(days, 1)
}

// WardAt is the ward the patient was in at t, or "" when they were not
// admitted then (before admission, or from the moment of discharge). A
// transfer takes effect at its time. Transfers are read in time order even
// if they were listed out of order.
func (s Stay) WardAt(t time.Time) string {
	if s.Admitted.IsZero() || t.Before(s.Admitted) {
		return ""
	}
	if !s.Discharged.IsZero() && !t.Before(s.Discharged) {
		return ""
	}
	ts := slices.Clone(s.Transfers)
	slices.SortStableFunc(ts, func(a, b Transfer) int { return a.At.Compare(b.At) })
	ward := s.Ward
	for _, tr := range ts {
		if tr.At.After(t) {
			break
		}
		if strings.TrimSpace(tr.ToWard) != "" {
			ward = tr.ToWard
		}
	}
	return strings.TrimSpace(ward)
}

// Census counts the patients in each ward at a moment: the midnight census
// when at is midnight. Ward names are grouped ignoring case and spacing,
// under the spelling met first, because transcribed registers spell the
// same ward several ways.
func Census(stays []Stay, at time.Time) map[string]int {
	out := map[string]int{}
	names := map[string]string{} // folded → first spelling
	for _, s := range stays {
		w := s.WardAt(at)
		if w == "" {
			continue
		}
		key := strings.ToLower(strings.Join(strings.Fields(w), " "))
		name, ok := names[key]
		if !ok {
			name = strings.Join(strings.Fields(w), " ")
			names[key] = name
		}
		out[name]++
	}
	return out
}

// Shown is how a form shows a field's stored value: a discharge outcome in
// the words the Discharge dialog uses ("Transferred to another facility",
// not "transferred-out"); any other value as it is.
func (f Field) Shown(value string) string {
	if f.Key == "disposition" {
		if d, ok := DispositionByLabel(value); ok {
			return d.Label()
		}
	}
	return value
}

// Stored is the value a form stores for what it shows (Shown's inverse).
func (f Field) Stored(shown string) string {
	if f.Key == "disposition" {
		if d, ok := DispositionByLabel(shown); ok {
			return string(d)
		}
	}
	return shown
}

// ShownChoices are the choices as a form offers them (see Shown).
func (f Field) ShownChoices() []string {
	out := make([]string, len(f.Choices))
	for i, c := range f.Choices {
		out[i] = f.Shown(c)
	}
	return out
}
