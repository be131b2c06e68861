package clinical

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/model"
)

// StayOf reads an inpatient encounter as a stay: Start is the admission,
// End the discharge, Ward and Bed where the patient was admitted.
func StayOf(e model.Encounter) Stay {
	s := Stay{Admitted: e.Start, Ward: e.Ward, Bed: e.Bed, AdmittedBy: e.AdmittedBy, Reason: e.Reason,
		Discharged: e.End, Disposition: Disposition(e.Disposition), DischargeNote: e.DischargeNote}
	for _, t := range e.Transfers {
		s.Transfers = append(s.Transfers, Transfer{At: t.At, FromWard: t.FromWard, ToWard: t.ToWard, Bed: t.Bed, By: t.By})
	}
	return s
}

// ValidateEncounter checks an encounter before it is saved. Every
// encounter gets model's date checks. An inpatient stay that records its
// course (transfers or how it ended) must also be a valid Stay; a bare
// backdated stay keyed from an old chart, with only its dates, need not,
// because old charts seldom say how the patient left.
func ValidateEncounter(e model.Encounter, now time.Time) error {
	if err := e.Validate(now); err != nil {
		return err
	}
	if e.Type == model.EncInpatient && (len(e.Transfers) > 0 || e.Disposition != "") {
		return StayOf(e).Validate(now)
	}
	return nil
}

// Fields of a stay form that a refused stay change can be about.
const (
	FieldTime        = "time"        // admission, transfer or discharge time
	FieldWard        = "ward"        // the ward admitted or moved to
	FieldDisposition = "disposition" // how the patient left
	FieldStay        = "stay"        // the stay as a whole (already ended, not a stay)
	FieldPatient     = "patient"     // who is admitted
)

// stayErr is a refused admission, transfer or discharge: a model.Error
// (Invalid) whose one field is the form field the clerk must change. Storage
// returns it (wrapped) so the screen can show the message beside that field.
func stayErr(field, format string, args ...any) error {
	return model.FieldError(field, fmt.Sprintf(format, args...))
}

// StayField reports the form field a refused stay change is about, if err
// names exactly one.
func StayField(err error) (string, bool) {
	e, ok := model.AsError(err)
	if !ok || e.Code != model.Invalid || len(e.Fields) != 1 {
		return "", false
	}
	for f := range e.Fields {
		return f, true
	}
	return "", false
}

// Open reports a stay with an admission and no discharge yet.
func (s Stay) Open() bool { return !s.Admitted.IsZero() && s.Discharged.IsZero() }

// lastTransfer is the latest move, if any.
func (s Stay) lastTransfer() (Transfer, bool) {
	if len(s.Transfers) == 0 {
		return Transfer{}, false
	}
	ts := slices.Clone(s.Transfers)
	slices.SortStableFunc(ts, func(a, b Transfer) int { return a.At.Compare(b.At) })
	return ts[len(ts)-1], true
}

// CurrentWard is the ward after the last transfer (the admission ward when
// there was none), whether or not the stay has ended.
func (s Stay) CurrentWard() string {
	if t, ok := s.lastTransfer(); ok && strings.TrimSpace(t.ToWard) != "" {
		return strings.TrimSpace(t.ToWard)
	}
	return strings.TrimSpace(s.Ward)
}

// BedAt is the bed the patient was in at t: the bed of the last move at or
// before t, or of the admission. It is "" when the patient was not admitted
// then, or when the register did not say which bed.
func (s Stay) BedAt(t time.Time) string {
	if s.WardAt(t) == "" {
		return ""
	}
	bed := s.Bed
	ts := slices.Clone(s.Transfers)
	slices.SortStableFunc(ts, func(a, b Transfer) int { return a.At.Compare(b.At) })
	for _, tr := range ts {
		if tr.At.After(t) {
			break
		}
		bed = tr.Bed
	}
	return strings.TrimSpace(bed)
}

// CheckAdmission says why a new admission cannot be saved, naming the
// field to change; nil when it can. Validate is still the final check.
func (s Stay) CheckAdmission(now time.Time) error {
	switch {
	case s.Admitted.IsZero():
		return stayErr(FieldTime, "enter the date and time of admission")
	case s.Admitted.After(now.Add(clockSlack)):
		return stayErr(FieldTime, "the admission (%s) is in the future", s.Admitted.Format(stamp))
	case strings.TrimSpace(s.Ward) == "":
		return stayErr(FieldWard, "enter the ward the patient is admitted to")
	}
	return nil
}

// CheckTransfer says why a move cannot be added to the stay, in words for
// the clerk, naming the field to change; nil when it can. Validate is
// still the final check of the stay with the move added.
func (s Stay) CheckTransfer(t Transfer, now time.Time) error {
	if !s.Discharged.IsZero() {
		return stayErr(FieldStay, "the patient was discharged on %s: a stay that has ended cannot be transferred", s.Discharged.Format(stamp))
	}
	if strings.TrimSpace(t.ToWard) == "" {
		return stayErr(FieldWard, "enter the ward the patient moves to")
	}
	if cur := s.CurrentWard(); sameWard(t.ToWard, cur) {
		return stayErr(FieldWard, "the patient is already in ward %s; a change of bed in the same ward is not a transfer", cur)
	}
	switch last, moved := s.lastTransfer(); {
	case t.At.IsZero():
		return stayErr(FieldTime, "enter the date and time of the transfer")
	case t.At.Before(s.Admitted):
		return stayErr(FieldTime, "the transfer (%s) is before the admission (%s)", t.At.Format(stamp), s.Admitted.Format(stamp))
	case moved && t.At.Before(last.At):
		return stayErr(FieldTime, "the transfer (%s) is before the last transfer (%s, to %s)", t.At.Format(stamp), last.At.Format(stamp), last.ToWard)
	case t.At.After(now.Add(clockSlack)):
		return stayErr(FieldTime, "the transfer (%s) is in the future", t.At.Format(stamp))
	}
	return nil
}

// CheckDischarge says why the stay cannot end at `at` with disposition d;
// nil when it can.
func (s Stay) CheckDischarge(at time.Time, d Disposition, now time.Time) error {
	if !s.Discharged.IsZero() {
		return stayErr(FieldStay, "the patient was already discharged on %s", s.Discharged.Format(stamp))
	}
	switch last, moved := s.lastTransfer(); {
	case at.IsZero() && d == DispDied:
		return stayErr(FieldTime, "enter the time of death as the chart records it")
	case at.IsZero():
		return stayErr(FieldTime, "enter the date and time of discharge")
	case at.Before(s.Admitted):
		return stayErr(FieldTime, "the discharge (%s) is before the admission (%s)", at.Format(stamp), s.Admitted.Format(stamp))
	case moved && at.Before(last.At):
		return stayErr(FieldTime, "the discharge (%s) is before the last transfer (%s, to %s)", at.Format(stamp), last.At.Format(stamp), last.ToWard)
	case at.After(now.Add(clockSlack)):
		return stayErr(FieldTime, "the discharge (%s) is in the future", at.Format(stamp))
	}
	switch {
	case d == "":
		return stayErr(FieldDisposition, "choose how the patient left hospital (home, referred, died …)")
	case !d.Valid():
		return stayErr(FieldDisposition, "%q is not a way of leaving hospital; choose one from the list", d)
	}
	return nil
}
