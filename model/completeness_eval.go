package model

import (
	"fmt"
	"strings"
	"time"
)

// ChartFacts is what the evaluation reads of one encounter.
type ChartFacts struct {
	Encounter Encounter
	Notes     []Note     // notes written to this encounter
	Documents []Document // documents filed to this encounter
}

// Finding is one rule's outcome for an encounter, or for one of its notes
// or documents (Target).
type Finding struct {
	Rule    RuleCode
	Target  ID // the note or document it is about; zero: the encounter
	Role    Role
	Missing string    // what to complete, in words
	Start   time.Time // when the clock started (discharge, visit, note written)
	Due     time.Time
	Met     bool
	MetAt   time.Time // when what it waited for arrived
}

// Late reports a rule met after its days allowed.
func (f Finding) Late() bool { return f.Met && f.MetAt.After(f.Due) }

func titled(n Note, word string) bool { return strings.Contains(strings.ToLower(n.Title), word) }

// IsDischargeSummary, IsOperationNote and IsDeathNote recognise typed
// notes by their title, as the ward writes them.
func IsDischargeSummary(n Note) bool { return titled(n, "discharge summary") }
func IsOperationNote(n Note) bool    { return titled(n, "operation") }
func IsDeathNote(n Note) bool        { return titled(n, "death") }

func addDays(t time.Time, d int) time.Time { return t.AddDate(0, 0, d) }

// firstDoc is the earliest filing of a document of type t.
func firstDoc(docs []Document, t DocType) (time.Time, bool) {
	var at time.Time
	for _, d := range docs {
		if d.Type == t && (at.IsZero() || d.IndexedAt.Before(at)) {
			at = d.IndexedAt
		}
	}
	return at, !at.IsZero()
}

// firstNote is the earliest signature of a signed note that match accepts,
// and an unsigned one when none is signed.
func firstNote(notes []Note, match func(Note) bool) (signedAt time.Time, unsigned *Note) {
	for i, n := range notes {
		if !match(n) {
			continue
		}
		if n.SignedBy != "" {
			if signedAt.IsZero() || n.SignedAt.Before(signedAt) {
				signedAt = n.SignedAt
			}
		} else if unsigned == nil {
			unsigned = &notes[i]
		}
	}
	return signedAt, unsigned
}

// EvaluateChart checks one encounter against the rule set and returns a
// finding for every rule that applies, met or not. It is pure: storage
// calls it in the transaction of the change and reconciles the findings
// with the stored deficiencies (Reconcile). now stands in for when a rule
// was met when the record does not say (coding saved without a time).
func EvaluateChart(rules ChartRules, f ChartFacts, now time.Time) []Finding {
	e := f.Encounter
	facets := FacetsOf(e)
	ended := e.End
	if e.Type != EncInpatient && ended.IsZero() {
		ended = e.Start // a visit is over the day it happens
	}
	var out []Finding
	for _, r := range rules.Rules {
		if r.Off || !appliesTo(r, facets) {
			continue
		}
		base := Finding{Rule: r.Code, Role: r.Role, Start: ended}
		switch r.Code {
		case RuleAdmissionForm:
			base.Start = e.Start
			at, ok := firstDoc(f.Documents, DocAdmission)
			out = append(out, met(base, r, ok, at, "file the admission form"))
		case RuleDischargeSummary:
			if ended.IsZero() {
				continue
			}
			at, ok := firstDoc(f.Documents, DocDischarge)
			signed, unsigned := firstNote(f.Notes, IsDischargeSummary)
			if !ok || (!signed.IsZero() && signed.Before(at)) {
				at, ok = signed, !signed.IsZero()
			}
			missing := "write and sign the discharge summary"
			if unsigned != nil {
				base.Target, missing = unsigned.ID, "sign the discharge summary"
			}
			out = append(out, met(base, r, ok, at, missing))
		case RuleNotesSigned:
			for _, n := range f.Notes {
				if IsDischargeSummary(n) {
					continue // the discharge summary rule asks for its signature
				}
				nb := base
				nb.Target, nb.Start = n.ID, n.Written
				out = append(out, met(nb, r, n.SignedBy != "", n.SignedAt,
					fmt.Sprintf("sign the note %q of %s", n.Title, n.Written.Format("2006-01-02"))))
			}
		case RulePrincipalCoded:
			if ended.IsZero() || len(e.ItemsToCode()) == 0 {
				continue
			}
			ok, at := principalCoded(e)
			if ok && at.IsZero() {
				at = now
			}
			out = append(out, met(base, r, ok, at, "code the principal diagnosis"))
		case RuleOperationNote:
			out = append(out, docOrNote(base, r, f, DocOperation, IsOperationNote, "write and sign the operation note"))
		case RuleSurgicalConsent:
			at, ok := firstDoc(f.Documents, DocConsent)
			out = append(out, met(base, r, ok, at, "file the signed consent for surgery"))
		case RuleDeathNote:
			out = append(out, docOrNote(base, r, f, DocDeath, IsDeathNote, "write and sign the death note"))
		}
	}
	return out
}

// EvaluateDocument checks the rule that a keyed document belongs to an
// encounter; ok is false when the rule does not apply (switched off, or
// the document is not keyed).
func EvaluateDocument(rules ChartRules, d Document, keyed bool) (Finding, bool) {
	r, on := rules.Rule(RuleDocumentAttached)
	if !on || !keyed {
		return Finding{}, false
	}
	base := Finding{Rule: r.Code, Target: d.ID, Role: r.Role, Start: d.IndexedAt}
	return met(base, r, !d.EncounterID.IsZero(), d.IndexedAt,
		fmt.Sprintf("attach the %s of %s to its visit or stay", strings.ToLower(d.Type.Label()), d.Date)), true
}

func appliesTo(r CompletenessRule, facets map[Facet]bool) bool {
	for _, f := range r.AppliesTo {
		if facets[f] {
			return true
		}
	}
	return false
}

func met(f Finding, r CompletenessRule, ok bool, at time.Time, missing string) Finding {
	f.Due = addDays(f.Start, r.Days)
	f.Met, f.Missing = ok, missing
	if ok {
		f.MetAt = at
	}
	return f
}

func docOrNote(base Finding, r CompletenessRule, f ChartFacts, t DocType, match func(Note) bool, missing string) Finding {
	at, ok := firstDoc(f.Documents, t)
	signed, unsigned := firstNote(f.Notes, match)
	if !ok || (!signed.IsZero() && signed.Before(at)) {
		at, ok = signed, !signed.IsZero()
	}
	if !ok && unsigned != nil {
		base.Target, missing = unsigned.ID, "sign the "+strings.ToLower(unsigned.Title)
	}
	return met(base, r, ok, at, missing)
}

func principalCoded(e Encounter) (bool, time.Time) {
	if e.CodingStatus == CodingDone {
		return true, e.CodedAt
	}
	for _, it := range e.Coding {
		if it.Principal && it.Kind == ItemDiagnosis && it.Coded() {
			return true, e.CodedAt
		}
	}
	return false, time.Time{}
}
