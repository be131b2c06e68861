package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// A record audit: a records supervisor draws a random sample of stays from
// a period and ward and reviews each chart against the clinic's checklist.
// The audit keeps its questions as they were asked, so an audit of March
// still reads the same after the checklist changes in April, and two
// audits are compared question by question on the question's text.

// AuditAnswer is one answer on the checklist. Stored: append-only.
type AuditAnswer string

const (
	AnswerNone AuditAnswer = "" // not reviewed yet
	AnswerYes  AuditAnswer = "yes"
	AnswerNo   AuditAnswer = "no"
	AnswerNA   AuditAnswer = "na" // not applicable to this chart (no procedure, so no consent)
)

// Label is the answer as shown.
func (a AuditAnswer) Label() string {
	switch a {
	case AnswerYes:
		return "Yes"
	case AnswerNo:
		return "No"
	case AnswerNA:
		return "N/A"
	}
	return "—"
}

// Valid reports a known answer (unanswered included).
func (a AuditAnswer) Valid() bool {
	return a == AnswerNone || a == AnswerYes || a == AnswerNo || a == AnswerNA
}

// AuditChecklist is the clinic's list of questions (one record, edited by
// records supervisors with a reason).
type AuditChecklist struct {
	Questions []string `json:"questions"`
}

// DefaultAuditChecklist is the set a clinic starts from: the usual
// chart-audit questions of health-information departments.
func DefaultAuditChecklist() AuditChecklist {
	return AuditChecklist{Questions: []string{
		"Admission note present",
		"Principal diagnosis documented",
		"Consent present for procedures",
		"Every page carries patient name and MRN",
		"Entries dated and signed",
		"Legible",
		"Medication chart complete",
		"Vital signs charted",
		"Discharge summary signed",
		"Discharge outcome recorded",
	}}
}

// MaxAuditQuestions bounds a checklist: one screen of questions per chart.
const MaxAuditQuestions = 40

// Validate checks the checklist: at least one question, none blank or
// repeated, each on one line.
func (c AuditChecklist) Validate() error {
	if len(c.Questions) == 0 {
		return Errorf(Invalid, "a checklist needs at least one question")
	}
	if len(c.Questions) > MaxAuditQuestions {
		return Errorf(Invalid, "a checklist holds at most %d questions", MaxAuditQuestions)
	}
	seen := map[string]bool{}
	for i, q := range c.Questions {
		q = strings.Join(strings.Fields(q), " ")
		if q == "" {
			return Errorf(Invalid, "question %d is blank", i+1)
		}
		if seen[strings.ToLower(q)] {
			return Errorf(Invalid, "question %q is listed twice", q)
		}
		seen[strings.ToLower(q)] = true
	}
	return nil
}

// Tidy returns the checklist with each question on one line of single spaces.
func (c AuditChecklist) Tidy() AuditChecklist {
	out := AuditChecklist{Questions: make([]string, len(c.Questions))}
	for i, q := range c.Questions {
		out.Questions[i] = strings.Join(strings.Fields(q), " ")
	}
	return out
}

// AuditStay is one sampled stay and the answers given for it, in the
// order of the audit's questions.
type AuditStay struct {
	Encounter ID            `json:"encounter"`
	Patient   ID            `json:"patient"`
	MRN       string        `json:"mrn,omitempty"`
	Ward      string        `json:"ward"`
	Admitted  time.Time     `json:"admitted"`
	Answers   []AuditAnswer `json:"answers"`
}

// Reviewed reports whether every question has an answer.
func (s AuditStay) Reviewed() bool {
	for _, a := range s.Answers {
		if a == AnswerNone {
			return false
		}
	}
	return len(s.Answers) > 0
}

// RecordAudit is one audit: the sample drawn and the answers.
type RecordAudit struct {
	ID        ID          `json:"id"`
	From      time.Time   `json:"from"`           // stays discharged from (inclusive) …
	To        time.Time   `json:"to"`             // … to (exclusive)
	Ward      string      `json:"ward,omitempty"` // "" = every ward
	Asked     int         `json:"asked"`          // N asked for; the sample is smaller when the period holds fewer stays
	Seed      uint64      `json:"seed"`           // the sample is reproduced from it (SampleStays)
	Questions []string    `json:"questions"`
	Stays     []AuditStay `json:"stays"`
	By        string      `json:"by"`
	Created   time.Time   `json:"created"`
}

// Title names the audit in lists and the report.
func (a RecordAudit) Title() string {
	ward := a.Ward
	if ward == "" {
		ward = "all wards"
	}
	return fmt.Sprintf("%s, %s to %s", ward, a.From.Format("2006-01-02"), a.To.AddDate(0, 0, -1).Format("2006-01-02"))
}

// Validate checks an audit before it is saved.
func (a RecordAudit) Validate() error {
	if a.From.IsZero() || a.To.IsZero() || !a.To.After(a.From) {
		return Errorf(Invalid, "the period must end after it starts")
	}
	if a.Asked < 1 {
		return Errorf(Invalid, "ask for at least one stay")
	}
	if len(a.Questions) == 0 {
		return Errorf(Invalid, "an audit needs at least one question")
	}
	for i, s := range a.Stays {
		if len(s.Answers) != len(a.Questions) {
			return Errorf(Invalid, "stay %d has %d answers for %d questions", i+1, len(s.Answers), len(a.Questions))
		}
		for _, x := range s.Answers {
			if !x.Valid() {
				return Errorf(Invalid, "stay %d has an unknown answer %q", i+1, x)
			}
		}
	}
	return nil
}

// Reviewed counts the stays with every question answered.
func (a RecordAudit) Reviewed() int {
	n := 0
	for _, s := range a.Stays {
		if s.Reviewed() {
			n++
		}
	}
	return n
}

// SampleStays draws n of total items without replacement, as indexes in
// ascending order. The same seed and total give the same sample, so an
// audit can be reproduced from what it records. n larger than total takes
// them all.
func SampleStays(total, n int, seed uint64) []int {
	if n > total {
		n = total
	}
	if n <= 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
	perm := r.Perm(total)[:n]
	out := append([]int(nil), perm...)
	slices.Sort(out)
	return out
}
