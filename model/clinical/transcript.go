package clinical

import (
	"errors"
	"fmt"
	"time"

	"dossier/model"
)

// TranscriptStatus is where a keyed document stands. Stored: append-only.
type TranscriptStatus string

const (
	// TranscriptKeyed: keyed once; the clinic does not double-key this form.
	TranscriptKeyed TranscriptStatus = "keyed"
	// TranscriptAwaitingSecond: keyed once; a second clerk must key the
	// double-entry fields blind.
	TranscriptAwaitingSecond TranscriptStatus = "awaiting-second"
	// TranscriptMismatched: the two keyings differ; a supervisor decides.
	TranscriptMismatched TranscriptStatus = "mismatched"
	// TranscriptVerified: the keyings agree, or were adjudicated.
	TranscriptVerified TranscriptStatus = "verified"
)

// Label is the status in words.
func (s TranscriptStatus) Label() string {
	switch s {
	case TranscriptAwaitingSecond:
		return "Awaiting second keying"
	case TranscriptMismatched:
		return "Keyings differ"
	case TranscriptVerified:
		return "Verified"
	}
	return "Keyed"
}

// Keyed is one clerk's keying of a document.
type Keyed struct {
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Fields Entry     `json:"fields"`
}

// Transcript is a paper document keyed into a template: what was keyed,
// by whom, from which pages, and (when the clinic double-keys) the blind
// second keying and how differences were settled.
type Transcript struct {
	ID          model.ID         `json:"id"`
	PatientID   model.ID         `json:"patient"`
	DocumentID  model.ID         `json:"document"`
	EncounterID model.ID         `json:"encounter,omitempty"`
	Template    model.DocType    `json:"template"`
	Pages       []model.ID       `json:"pages"` // the pages keyed from
	First       Keyed            `json:"first"`
	Second      *Keyed           `json:"second,omitempty"`
	Mismatches  []Mismatch       `json:"mismatches,omitempty"`
	Final       Entry            `json:"final"` // the values of record
	Status      TranscriptStatus `json:"status"`
	SettledBy   string           `json:"settledBy,omitempty"`
	SettledAt   time.Time        `json:"settledAt,omitempty"`
	// Effects says, for the clerk, what saving the keying did to the
	// records the document describes (the stay discharged) or why it did
	// not (the stay records another outcome). Set on save; not stored.
	Effects []string `json:"-"`
}

// NewTranscript starts a transcript from the first keying.
func NewTranscript(t Template, doc model.Document, pages []model.ID, k Keyed, doubleKey bool) Transcript {
	tr := Transcript{PatientID: doc.PatientID, DocumentID: doc.ID, EncounterID: doc.EncounterID, Template: t.Type,
		Pages: pages, First: k, Final: k.Fields, Status: TranscriptKeyed}
	if doubleKey && len(t.DoubleEntryKinds()) > 0 {
		tr.Status = TranscriptAwaitingSecond
	}
	return tr
}

// AddSecond records the blind second keying and compares it with the
// first. The same clerk may not key both: the point is two pairs of eyes.
func (tr *Transcript) AddSecond(t Template, k Keyed, order DateOrder, now time.Time) error {
	switch {
	case tr.Status != TranscriptAwaitingSecond:
		return fmt.Errorf("this document is not waiting for a second keying (it is %s)", tr.Status.Label())
	case k.By == tr.First.By:
		return errors.New("the second keying must be done by another clerk, without seeing the first")
	}
	tr.Second = &k
	tr.Mismatches = t.Compare(tr.First.Fields, k.Fields, order, now)
	if len(tr.Mismatches) == 0 {
		tr.Status = TranscriptVerified
		return nil
	}
	tr.Status = TranscriptMismatched
	return nil
}

// Settle applies a supervisor's choice for every field the keyings
// disagree on.
func (tr *Transcript) Settle(choices map[string]string, by string, at time.Time) error {
	if tr.Status != TranscriptMismatched || tr.Second == nil {
		return errors.New("there is nothing to settle: the keyings do not differ")
	}
	final, err := Adjudicate(tr.First.Fields, tr.Second.Fields, tr.Mismatches, choices)
	if err != nil {
		return err
	}
	tr.Final, tr.Status, tr.SettledBy, tr.SettledAt = final, TranscriptVerified, by, at
	return nil
}

// Keyings scores both keyings of a verified, double-keyed transcript
// against the values of record, for agreement rates per clerk and field.
func (tr Transcript) Keyings(t Template, order DateOrder, now time.Time) []Keying {
	if tr.Status != TranscriptVerified || tr.Second == nil {
		return nil
	}
	// Only fields actually keyed by either clerk count: the clinic may have
	// changed its choice of double-entry fields since.
	kinds := map[string]FieldKind{}
	for k, kind := range t.DoubleEntryKinds() {
		if tr.First.Fields[k] != "" || tr.Second.Fields[k] != "" {
			kinds[k] = kind
		}
	}
	var out []Keying
	out = append(out, Score(tr.First.By, tr.First.Fields, tr.Final, kinds, order, now)...)
	out = append(out, Score(tr.Second.By, tr.Second.Fields, tr.Final, kinds, order, now)...)
	return out
}
