package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// DeficiencyStatus is where a deficiency stands: open → done → checked, or
// waived with a reason by a supervisor. Stored: append-only.
type DeficiencyStatus string

const (
	DefOpen    DeficiencyStatus = "open"
	DefDone    DeficiencyStatus = "done"    // what it waited for arrived (or, raised by hand, marked done)
	DefChecked DeficiencyStatus = "checked" // a supervisor checked the completed item
	DefWaived  DeficiencyStatus = "waived"  // a supervisor waived it, with a reason
)

// Label is the status as shown.
func (s DeficiencyStatus) Label() string {
	switch s {
	case DefOpen:
		return "Open"
	case DefDone:
		return "Done, to check"
	case DefChecked:
		return "Checked"
	case DefWaived:
		return "Waived"
	}
	return string(s)
}

// DeficiencyStatuses lists every status.
var DeficiencyStatuses = []DeficiencyStatus{DefOpen, DefDone, DefChecked, DefWaived}

// Queued reports a status kept in the deficiency queue: open ones and done
// ones a supervisor has still to check.
func (s DeficiencyStatus) Queued() bool { return s == DefOpen || s == DefDone }

// PageProblem is what a clerk saw on a page when raising a deficiency by
// hand. Stored: append-only.
type PageProblem string

const (
	ProblemSignature    PageProblem = "missing-signature"
	ProblemDate         PageProblem = "missing-date"
	ProblemIllegible    PageProblem = "illegible"
	ProblemOtherPatient PageProblem = "other-patient"
)

// PageProblems in the order the page viewer offers them.
var PageProblems = []PageProblem{ProblemSignature, ProblemDate, ProblemIllegible, ProblemOtherPatient}

// Label is the problem as shown.
func (p PageProblem) Label() string {
	switch p {
	case ProblemSignature:
		return "Missing signature"
	case ProblemDate:
		return "Missing date"
	case ProblemIllegible:
		return "Illegible"
	case ProblemOtherPatient:
		return "Page of another patient"
	}
	return string(p)
}

// Deficiency is one unmet completeness rule (or a problem raised by hand)
// of one patient's record: what is missing, who must act, since when.
// Each change of status is a new revision of the record.
type Deficiency struct {
	ID          ID       `json:"id"`
	PatientID   ID       `json:"patient"`
	EncounterID ID       `json:"encounter,omitempty"`
	Rule        RuleCode `json:"rule"`
	// Target is the note, document or page it is about (zero: the encounter).
	Target  ID          `json:"target,omitempty"`
	Problem PageProblem `json:"problem,omitempty"` // raised by hand: what is wrong with the page
	Missing string      `json:"missing"`           // what to complete, in words
	Role    Role        `json:"role"`              // who must act: clinician, coder or clerk
	// UserID is the person who must act when Dossier knows them (the
	// attending clinician's user); UserName is their name as shown, or the
	// free text of records made before clinicians were users.
	UserID    ID               `json:"user,omitempty"`
	UserName  string           `json:"userName,omitempty"`
	Ward      string           `json:"ward,omitempty"`
	Since     time.Time        `json:"since"`               // when the clock started
	Due       time.Time        `json:"due"`                 // since + the rule's days allowed
	Discharge time.Time        `json:"discharge,omitempty"` // the stay's end: ageing counts from it
	Status    DeficiencyStatus `json:"status"`
	Late      bool             `json:"late,omitempty"` // completed after it was due
	ClosedAt  time.Time        `json:"closedAt,omitempty"`
	ClosedBy  string           `json:"closedBy,omitempty"` // empty when closed by the arrival of what it waited for
	Reason    string           `json:"reason,omitempty"`   // a waiver's reason, a note on a hand-raised one
	RaisedBy  string           `json:"raisedBy,omitempty"` // raised by hand: the clerk
}

// AgeFrom is when ageing starts: the discharge for a stay, else since.
func (d Deficiency) AgeFrom() time.Time {
	if !d.Discharge.IsZero() {
		return d.Discharge
	}
	return d.Since
}

// AgeDays is how many whole days the deficiency has been outstanding.
func (d Deficiency) AgeDays(now time.Time) int {
	from := d.AgeFrom()
	if from.IsZero() || now.Before(from) {
		return 0
	}
	return int(now.Sub(from) / (24 * time.Hour))
}

// AgeLevel is how late an open deficiency is.
type AgeLevel int

const (
	AgeCurrent    AgeLevel = iota // within the warning level
	AgeWarning                    // past the warning level
	AgeDelinquent                 // past the delinquency level: the record is delinquent
)

// Level is how late the deficiency is under the rule set. Only open ones
// age: a done one waits for the supervisor, not the clinician.
func (r ChartRules) Level(d Deficiency, now time.Time) AgeLevel {
	return r.LevelAt(d.Status, d.AgeDays(now))
}

// LevelAt is Level for a deficiency of this status and age in days (a
// list of 20,000 works each age out once).
func (r *ChartRules) LevelAt(status DeficiencyStatus, age int) AgeLevel {
	if status != DefOpen {
		return AgeCurrent
	}
	switch {
	case age >= r.DelinquentDays:
		return AgeDelinquent
	case age >= r.WarningDays:
		return AgeWarning
	}
	return AgeCurrent
}

// LetterLevel is the delinquency letter a record of this age calls for:
// 0 none, 1 a reminder at the warning level, 2 delinquent, 3 delinquent
// for twice the delinquency period (the letter copied to the director).
func (r ChartRules) LetterLevel(ageDays int) int {
	switch {
	case ageDays >= 2*r.DelinquentDays:
		return 3
	case ageDays >= r.DelinquentDays:
		return 2
	case ageDays >= r.WarningDays:
		return 1
	}
	return 0
}

// Reconcile applies a fresh finding to the stored deficiency of the same
// rule and target (cur nil: none yet). It returns the deficiency to write
// and the revision's reason, or write false when nothing changes. A waived
// deficiency stays waived; a done or checked one whose item went away
// (a document detached) opens again. base carries the fields storage
// knows (patient, encounter, responsible person, discharge).
func Reconcile(cur *Deficiency, f Finding, base Deficiency, now time.Time) (next Deficiency, reason string, write bool) {
	if cur == nil {
		if f.Met {
			return Deficiency{}, "", false
		}
		next = base
		next.Rule, next.Target, next.Role, next.Missing = f.Rule, f.Target, f.Role, f.Missing
		next.Since, next.Due, next.Status = f.Start, f.Due, DefOpen
		return next, "opened: " + f.Missing, true
	}
	next = *cur
	switch cur.Status {
	case DefWaived:
		return next, "", false
	case DefOpen:
		if f.Met {
			next.Status, next.ClosedAt, next.ClosedBy = DefDone, f.MetAt, ""
			next.Late = f.MetAt.After(cur.Due)
			r := "completed: " + cur.Missing
			if next.Late {
				r += " (late)"
			}
			return next, r, true
		}
		// Still missing: keep what it asks for and who must act current.
		next.Missing, next.Due, next.Target = f.Missing, f.Due, f.Target
		next.UserID, next.UserName, next.Discharge, next.Ward = base.UserID, base.UserName, base.Discharge, base.Ward
		if sameOpen(next, *cur) {
			return next, "", false
		}
		return next, "still open: " + f.Missing, true
	default: // done or checked
		if f.Met {
			return next, "", false
		}
		next.Status, next.ClosedAt, next.ClosedBy, next.Late = DefOpen, time.Time{}, "", false
		next.Missing, next.Due = f.Missing, f.Due
		return next, "opened again: " + f.Missing, true
	}
}

// sameOpen compares what evaluation updates on an open deficiency; times
// by instant, as a time read back from a record may carry another zone.
func sameOpen(a, b Deficiency) bool {
	return a.Missing == b.Missing && a.Target == b.Target && a.UserID == b.UserID && a.UserName == b.UserName &&
		a.Ward == b.Ward && a.Due.Equal(b.Due) && a.Discharge.Equal(b.Discharge)
}

// ErrWaiverReason asks for the reason a deficiency is waived.
var ErrWaiverReason = &Error{Code: Invalid, Message: "say why the deficiency is waived"}

// Transition is a person's action on a deficiency: mark done (only one
// raised by hand: a rule's closes itself when what it waits for arrives),
// check a done one, or waive with a reason. role is the actor's role;
// storage checks the permission as well.
func (d *Deficiency) Transition(to DeficiencyStatus, by string, role Role, reason string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	supervisor := role == RoleSupervisor
	switch to {
	case DefDone:
		if d.Status != DefOpen {
			return Errorf(Conflict, "this deficiency is %s, not open", strings.ToLower(d.Status.Label()))
		}
		if d.Rule != RuleManual {
			return Errorf(Conflict, "this closes by itself when it is done: %s", d.Missing)
		}
		if !supervisor && role != d.Role {
			return Errorf(Denied, "this is for the %s to complete", strings.ToLower(d.Role.Label()))
		}
		d.Late = now.After(d.Due)
	case DefChecked:
		if d.Status != DefDone {
			return Errorf(Conflict, "only a completed deficiency is checked")
		}
		if !supervisor {
			return Errorf(Denied, "a records supervisor checks completed deficiencies")
		}
	case DefWaived:
		if !d.Status.Queued() {
			return Errorf(Conflict, "this deficiency is already %s", strings.ToLower(d.Status.Label()))
		}
		if !supervisor {
			return Errorf(Denied, "a records supervisor waives deficiencies")
		}
		if reason == "" {
			return ErrWaiverReason
		}
	default:
		return fmt.Errorf("a deficiency cannot be set to %q", to)
	}
	d.Status, d.ClosedAt, d.ClosedBy = to, now, by
	if reason != "" {
		d.Reason = reason
	}
	return nil
}

// Validate checks a deficiency raised by hand.
func (d Deficiency) ValidateManual() error {
	switch {
	case d.PatientID.IsZero():
		return errors.New("the deficiency has no patient")
	case d.Target.IsZero():
		return errors.New("point at the page with the problem")
	}
	for _, p := range PageProblems {
		if p == d.Problem {
			return nil
		}
	}
	return errors.New("choose what is wrong with the page")
}
