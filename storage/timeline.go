package storage

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// Timeline item kinds.
const (
	TimelineEncounter = "encounter"
	TimelineDocument  = "document"
	TimelineNote      = "note"
)

// TimelineItem is one encounter, scanned document or note of a chart,
// placed on the chart's time line. Exactly one of Encounter, Document and
// Note is set; Transcript is the keyed form of a document, when it has one.
type TimelineItem struct {
	When  time.Time
	Kind  string // "encounter" | "document" | "note"
	Type  string // the encounter type, the document type's label, or "Note"
	Ward  string // the encounter's ward (a document's or note's encounter, or an admission form's keyed ward)
	Title string

	Encounter  *model.Encounter
	Document   *DocumentView
	Note       *model.Note
	Transcript *clinical.Transcript
	// ValuesHidden is set when the document waits for a blind second
	// keying this user could be the one to make: its values are left out
	// so they cannot be peeked at first.
	ValuesHidden bool
}

// Date is the calendar day of the item: a document's written date as is
// (it has no time of day), the local day of encounters and notes.
func (it TimelineItem) Date() model.Date {
	if it.Document != nil {
		return it.Document.Doc.Date
	}
	return model.DateOf(it.When.Local())
}

// Timeline is a patient's chart on one time line, newest first.
type Timeline struct {
	Items []TimelineItem
}

// Timeline reads a patient's encounters, notes, scanned documents (with
// their pages) and keyed transcripts in one read transaction and puts
// them on one time line, newest first. Audited as one view of the chart.
//
// It is what a chart opens on, so it is kept cheap: one transaction, each
// record decrypted once, no page image touched (the viewer reads the one
// image it shows).
func (svc Encounters) Timeline(patient model.ID) (Timeline, error) {
	sess := svc.sess
	var tl Timeline
	if err := sess.require(model.PermReadRecord); err != nil {
		return tl, err
	}
	err := sess.view(func(tx *bolt.Tx) error {
		// The restriction check is made here, in the same transaction,
		// rather than through checkRestricted's own.
		p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, patient)
		if err != nil {
			return fmt.Errorf("the patient: %w", err)
		}
		if p.Restricted && !sess.mayOpen(patient) {
			return ErrRestricted
		}
		encs := map[model.ID]*model.Encounter{}
		for _, id := range sess.owned(tx, patient, model.KindEncounter) {
			e, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
			if err != nil {
				return err
			}
			if m.Deleted {
				continue
			}
			encs[e.ID] = &e
			tl.Items = append(tl.Items, TimelineItem{When: e.Start, Kind: TimelineEncounter, Type: string(e.Type),
				Ward: e.Ward, Title: encounterTitle(e), Encounter: &e})
		}
		wardOf := func(enc model.ID) string {
			if e, ok := encs[enc]; ok && !enc.IsZero() {
				return e.Ward
			}
			return ""
		}
		for _, id := range sess.owned(tx, patient, model.KindNote) {
			n, m, err := getRecord[model.Note](sess, tx, model.KindNote, id)
			if err != nil {
				return err
			}
			if m.Deleted {
				continue
			}
			tl.Items = append(tl.Items, TimelineItem{When: n.Written, Kind: TimelineNote, Type: "Note",
				Ward: wardOf(n.EncounterID), Title: n.Title, Note: &n})
		}
		trs := map[model.ID]*clinical.Transcript{}
		for _, id := range sess.owned(tx, patient, model.KindTranscript) {
			tr, m, err := getRecord[clinical.Transcript](sess, tx, model.KindTranscript, id)
			if err != nil {
				return err
			}
			if m.Deleted {
				continue
			}
			if _, seen := trs[tr.DocumentID]; !seen {
				trs[tr.DocumentID] = &tr
			}
		}
		docs, err := sess.documentsTx(tx, patient)
		if err != nil {
			return err
		}
		for i := range docs {
			dv := &docs[i]
			it := TimelineItem{When: dv.Doc.Date.Time(), Kind: TimelineDocument, Type: dv.Doc.Type.Label(),
				Ward: wardOf(dv.Doc.EncounterID), Title: dv.Doc.Title, Document: dv, Transcript: trs[dv.Doc.ID]}
			if tr := it.Transcript; tr != nil {
				if sess.blindTo(*tr) {
					hidden := *tr
					hidden.First.Fields, hidden.Final, hidden.Second, hidden.Mismatches = nil, nil, nil, nil
					it.Transcript, it.ValuesHidden = &hidden, true
				} else {
					if it.Ward == "" {
						it.Ward = strings.TrimSpace(tr.Final["ward"])
					}
					if it.Title == "" {
						it.Title = transcriptTitle(*tr)
					}
				}
			}
			tl.Items = append(tl.Items, it)
		}
		return nil
	})
	if errors.Is(err, ErrRestricted) {
		if aerr := sess.auditRestricted(patient); aerr != nil {
			err = fmt.Errorf("%w (the refusal could not be audited: %v)", err, aerr)
		}
	}
	if err != nil {
		return Timeline{}, wrap("read the chart's time line", err)
	}
	kindOrder := map[string]int{TimelineEncounter: 0, TimelineDocument: 1, TimelineNote: 2}
	sort.SliceStable(tl.Items, func(i, j int) bool {
		a, b := tl.Items[i], tl.Items[j]
		if !a.When.Equal(b.When) {
			return a.When.After(b.When)
		}
		return kindOrder[a.Kind] < kindOrder[b.Kind]
	})
	return tl, sess.logAction(model.ActView, model.KindPatient, patient, "timeline")
}

// blindTo reports a transcript waiting for its blind second keying that
// this user could make: a keying clerk other than the first one, who is
// not a supervisor.
func (sess *Session) blindTo(tr clinical.Transcript) bool {
	return tr.Status == clinical.TranscriptAwaitingSecond && tr.First.By != sess.user.Username &&
		sess.Can(model.PermDigitize) && !sess.Can(model.PermReview)
}

func encounterTitle(e model.Encounter) string {
	switch {
	case e.Reason != "":
		return e.Reason
	case len(e.Diagnoses) > 0:
		return strings.Join(e.Diagnoses, "; ")
	}
	for _, c := range e.Coding {
		return c.Text
	}
	return ""
}

// transcriptTitle names a keyed document that has no title of its own by
// the field that says most about it.
func transcriptTitle(tr clinical.Transcript) string {
	f := tr.Final
	switch tr.Template {
	case model.DocLab:
		if f["test"] != "" {
			return strings.TrimSpace(f["test"] + " " + f["value"] + " " + f["unit"])
		}
	case model.DocReferral:
		if f["to"] != "" {
			return "to " + f["to"]
		}
	}
	for _, k := range []string{"principal_diagnosis", "title", "reason", "diagnoses", "text"} {
		if v := strings.TrimSpace(f[k]); v != "" {
			return v
		}
	}
	return ""
}
