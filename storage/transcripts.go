package storage

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// dateOrder is the clinic's way of writing dates, in its calendar.
func dateOrder(c model.Clinic) clinical.DateOrder { return clinical.ClinicOrder(c) }

// checkKeyed validates a keying against its template, as a per-field
// model.Error (Invalid, with Fields) the form shows beside each field.
func checkKeyed(t clinical.Template, fields clinical.Entry, c model.Clinic, now time.Time) error {
	if errs := t.Check(fields, dateOrder(c), now); len(errs) > 0 {
		return model.InvalidFields(errs)
	}
	return nil
}

// Save records the first keying of a scanned document, or
// corrects it while no second keying has been made. pages are the pages
// the clerk keyed from.
func (svc Transcripts) Save(docID model.ID, pages []model.ID, fields clinical.Entry) (clinical.Transcript, error) {
	sess := svc.sess
	var tr clinical.Transcript
	if err := sess.require(model.PermDigitize); err != nil {
		return tr, err
	}
	if err := sess.checkRestricted(model.KindDocument, docID); err != nil {
		return tr, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		doc, _, err := getRecord[model.Document](sess, tx, model.KindDocument, docID)
		if err != nil {
			return fmt.Errorf("the document: %w", err)
		}
		c, err := sess.clinicTx(tx)
		if err != nil {
			return err
		}
		t, ok := clinical.ClinicTemplate(c, doc.Type)
		if !ok {
			return model.Errorf(model.Invalid, "%s documents are kept as scanned pages and have no form to key", strings.ToLower(doc.Type.Label()))
		}
		if err := checkKeyed(t, fields, c, sess.now()); err != nil {
			return err
		}
		k := clinical.Keyed{By: sess.user.Username, At: sess.now(), Fields: fields}
		if err := sess.diagnosesToEncounter(tx, doc, fields); err != nil {
			return err
		}
		if old, ok := sess.transcriptOf(tx, doc); ok {
			if old.Status != clinical.TranscriptKeyed && old.Status != clinical.TranscriptAwaitingSecond || old.Second != nil {
				return model.Errorf(model.Conflict, "the document has been keyed twice; corrections now go through the supervisor")
			}
			var applied clinical.Entry // what the stay may hold from this keying
			if old.Status == clinical.TranscriptKeyed {
				applied = old.Final
			}
			tr = old
			tr.First, tr.Final, tr.Pages = k, fields, pages
			if err := sess.keyedToRecords(tx, doc, &tr, applied, c); err != nil {
				return err
			}
			return sess.write(tx, writeOp{kind: model.KindTranscript, id: tr.ID, body: tr, op: model.ActEdit, reason: withEffects("keying corrected", tr), owner: tr.PatientID})
		}
		tr = clinical.NewTranscript(t, doc, pages, k, c.DoubleEntry)
		tr.ID = model.NewID()
		if err := sess.keyedToRecords(tx, doc, &tr, nil, c); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindTranscript, id: tr.ID, body: tr, op: model.ActCreate, owner: tr.PatientID,
			reason: withEffects(fmt.Sprintf("keyed from %s of %s", countPages(len(pages)), doc.Type.Label()), tr)})
	})
	return tr, wrap("save the keyed document", err)
}

func countPages(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}

// transcriptOf finds the transcript of a document (at most one).
func (sess *Session) transcriptOf(tx *bolt.Tx, doc model.Document) (clinical.Transcript, bool) {
	for _, id := range sess.owned(tx, doc.PatientID, model.KindTranscript) {
		tr, m, err := getRecord[clinical.Transcript](sess, tx, model.KindTranscript, id)
		if err == nil && !m.Deleted && tr.DocumentID == doc.ID {
			return tr, true
		}
	}
	return clinical.Transcript{}, false
}

// OfDocument reads a document's transcript; ok is false when it
// has not been keyed. The second keying is hidden from everyone but
// supervisors until it is settled, so a clerk keying blind cannot peek.
func (svc Transcripts) OfDocument(docID model.ID) (tr clinical.Transcript, ok bool, err error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return tr, false, err
	}
	if err := sess.checkRestricted(model.KindDocument, docID); err != nil {
		return tr, false, err
	}
	err = sess.view(func(tx *bolt.Tx) error {
		doc, _, err := getRecord[model.Document](sess, tx, model.KindDocument, docID)
		if err != nil {
			return err
		}
		tr, ok = sess.transcriptOf(tx, doc)
		return nil
	})
	if err == nil && ok {
		err = sess.logAction(model.ActView, model.KindTranscript, tr.ID, "keyed document")
	}
	return tr, ok, wrap("read the keyed document", err)
}

// KeySecond records a second clerk's blind keying and compares the two.
func (svc Transcripts) KeySecond(id model.ID, fields clinical.Entry) (clinical.Transcript, error) {
	sess := svc.sess
	var tr clinical.Transcript
	if err := sess.require(model.PermDigitize); err != nil {
		return tr, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if tr, _, err = getRecord[clinical.Transcript](sess, tx, model.KindTranscript, id); err != nil {
			return err
		}
		c, err := sess.clinicTx(tx)
		if err != nil {
			return err
		}
		t, _ := clinical.ClinicTemplate(c, tr.Template)
		// Only the double-entry fields are keyed twice; the rest come from
		// the first keying so the check sees a whole form.
		whole := clinical.Entry{}
		for k, v := range tr.First.Fields {
			whole[k] = v
		}
		for k, v := range fields {
			whole[k] = v
		}
		if err := checkKeyed(t, whole, c, sess.now()); err != nil {
			return err
		}
		if err := tr.AddSecond(t, clinical.Keyed{By: sess.user.Username, At: sess.now(), Fields: fields}, dateOrder(c), sess.now()); err != nil {
			return err
		}
		if err := sess.keyedToRecordsOf(tx, &tr, c); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindTranscript, id: id, body: tr, op: model.ActEdit, owner: tr.PatientID,
			reason: withEffects(fmt.Sprintf("second keying: %d differences", len(tr.Mismatches)), tr)})
	})
	return tr, wrap("save the second keying", err)
}

// Settle records a supervisor's choice for each difference.
func (svc Transcripts) Settle(id model.ID, choices map[string]string) (clinical.Transcript, error) {
	sess := svc.sess
	var tr clinical.Transcript
	if err := sess.require(model.PermReview); err != nil {
		return tr, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if tr, _, err = getRecord[clinical.Transcript](sess, tx, model.KindTranscript, id); err != nil {
			return err
		}
		if err := tr.Settle(choices, sess.user.Username, sess.now()); err != nil {
			return err
		}
		c, err := sess.clinicTx(tx)
		if err != nil {
			return err
		}
		if err := sess.keyedToRecordsOf(tx, &tr, c); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindTranscript, id: id, body: tr, op: model.ActEdit, owner: tr.PatientID, reason: withEffects("differences settled", tr)})
	})
	return tr, wrap("settle the differences", err)
}

// TranscriptRow is a transcript in a work queue, with its patient.
type TranscriptRow struct {
	clinical.Transcript
	Patient PatientSummary
}

// Queue lists transcripts in a status, oldest first. For the
// second-keying queue the user's own first keyings are left out.
func (svc Transcripts) Queue(st clinical.TranscriptStatus) ([]TranscriptRow, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var list []clinical.Transcript
	err := listRecords(sess, model.KindTranscript, false, func(tr clinical.Transcript, _ model.Revision) bool {
		if tr.Status == st && !(st == clinical.TranscriptAwaitingSecond && tr.First.By == sess.user.Username) {
			list = append(list, tr)
		}
		return true
	})
	if err != nil {
		return nil, wrap("list keyed documents", err)
	}
	out := make([]TranscriptRow, 0, len(list))
	err = sess.view(func(tx *bolt.Tx) error {
		for _, tr := range list {
			p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, tr.PatientID)
			if err != nil {
				return err
			}
			if p.Restricted && !sess.mayOpen(p.ID) {
				continue
			}
			out = append(out, TranscriptRow{Transcript: tr, Patient: summaryOf(p)})
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].First.At.Before(out[j].First.At) })
	return out, wrap("list keyed documents", err)
}

// AgreementRates scores every settled double keying: how often each clerk,
// and each field, agreed with the value of record.
func (svc Transcripts) AgreementRates() (byClerk, byField map[string]clinical.Rate, err error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, nil, err
	}
	c, err := sess.Clinic()
	if err != nil {
		return nil, nil, err
	}
	var ks []clinical.Keying
	err = listRecords(sess, model.KindTranscript, false, func(tr clinical.Transcript, _ model.Revision) bool {
		if t, ok := clinical.ClinicTemplate(c, tr.Template); ok {
			ks = append(ks, tr.Keyings(t, dateOrder(c), sess.now())...)
		}
		return true
	})
	if err != nil {
		return nil, nil, wrap("count agreement", err)
	}
	byClerk, byField = clinical.Agreement(ks)
	return byClerk, byField, nil
}

// OfPatient lists a patient's keyed documents, newest first.
func (svc Transcripts) OfPatient(patient model.ID) ([]clinical.Transcript, error) {
	sess := svc.sess
	return ownedList[clinical.Transcript](sess, patient, model.KindTranscript, func(a, b clinical.Transcript) bool {
		return a.First.At.After(b.First.At)
	})
}

// keyedToRecords carries a keying's values to the records they describe,
// in the transaction that saves it, and keeps what that did for the clerk
// in tr.Effects. prev are the values of record of the keying it corrects.
func (sess *Session) keyedToRecords(tx *bolt.Tx, doc model.Document, tr *clinical.Transcript, prev clinical.Entry, c model.Clinic) error {
	note, err := sess.dischargeToStay(tx, doc, *tr, prev, c)
	if note != "" {
		tr.Effects = append(tr.Effects, note)
	}
	return err
}

// withEffects adds what the keying did to other records to the reason of
// its revision, so the history says why a stay was or was not changed.
func withEffects(reason string, tr clinical.Transcript) string {
	if len(tr.Effects) == 0 {
		return reason
	}
	return reason + ". " + strings.Join(tr.Effects, " ")
}

// keyedToRecordsOf is keyedToRecords once a double keying has values of
// record (the keyings agree, or a supervisor settled them).
func (sess *Session) keyedToRecordsOf(tx *bolt.Tx, tr *clinical.Transcript, c model.Clinic) error {
	if tr.Status != clinical.TranscriptVerified {
		return nil
	}
	doc, _, err := getRecord[model.Document](sess, tx, model.KindDocument, tr.DocumentID)
	if err != nil {
		return fmt.Errorf("the document: %w", err)
	}
	return sess.keyedToRecords(tx, doc, tr, nil, c)
}

// diagnosisFields are the template fields that hold diagnoses as written.
var diagnosisFields = []string{"principal_diagnosis", "secondary_diagnoses", "diagnoses"}

// diagnosesToEncounter adds the diagnoses keyed from a document to its
// encounter, as written and uncoded, so they reach the coding queue.
// Diagnoses already there (in any letter case) are not added twice.
func (sess *Session) diagnosesToEncounter(tx *bolt.Tx, doc model.Document, fields clinical.Entry) error {
	if doc.EncounterID.IsZero() {
		return nil
	}
	e, _, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, doc.EncounterID)
	if err != nil {
		return fmt.Errorf("the document's encounter: %w", err)
	}
	have := map[string]bool{}
	for _, d := range e.Diagnoses {
		have[strings.ToLower(strings.TrimSpace(d))] = true
	}
	var added []string
	for _, f := range diagnosisFields {
		// Items are separated by semicolons; a diagnosis may hold a comma.
		for _, d := range strings.Split(fields[f], ";") {
			d = strings.TrimSpace(d)
			if key := strings.ToLower(d); d != "" && !have[key] {
				have[key] = true
				added = append(added, d)
			}
		}
	}
	if len(added) == 0 {
		return nil
	}
	e.Diagnoses = append(e.Diagnoses, added...)
	if e.CodingStatus == model.CodingDone {
		e.CodingStatus = model.CodingInProgress // new text to code
	}
	return sess.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: model.ActEdit, owner: e.PatientID,
		reason: "diagnoses keyed from the " + strings.ToLower(doc.Type.Label())})
}

// Drafts keep a form being keyed safe until it is saved: a closed window,
// a lock or a crash loses nothing. Each user's drafts are sealed like
// records and found by a keyed hash of user and form, so the file shows
// neither. They are not audited one by one (autosave writes them every few
// seconds); the record saved from a draft is.

func (sess *Session) draftKey(form string) []byte {
	return sess.keys.Blind("draft", sess.user.Username+"\x00"+form)
}

func draftAAD(key []byte) []byte { return append([]byte("draft\x00"), key...) }

// Save stores the current state of a form.
func (svc Drafts) Save(form string, v any) error {
	sess := svc.sess
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode the draft: %w", err)
	}
	return wrap("keep the draft", sess.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return ErrNotStore
		}
		keys := sess.draftKeys(tx, form)
		for _, old := range keys[1:] { // saved before a key rotation
			if err := b.Delete(old); err != nil {
				return err
			}
		}
		return b.Put(keys[0], sess.keys.Records.Seal(body, draftAAD(keys[0])))
	}))
}

// Load reads a form's draft into v; ok is false when there is none.
func (svc Drafts) Load(form string, v any) (ok bool, err error) {
	sess := svc.sess
	err = sess.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return nil
		}
		var key, sealed []byte
		for _, k := range sess.draftKeys(tx, form) { // the current key, then keys of before a rotation
			if sealed = b.Get(k); sealed != nil {
				key = k
				break
			}
		}
		if sealed == nil {
			return nil
		}
		plain, err := sess.keys.Records.Open(sealed, draftAAD(key))
		if err != nil {
			return model.Errorf(model.Damaged, "the draft is damaged and cannot be read")
		}
		ok = true
		return json.Unmarshal(plain, v)
	})
	return ok, wrap("read the draft", err)
}

// Delete forgets a form's draft once it is saved or discarded.
func (svc Drafts) Delete(form string) error {
	sess := svc.sess
	return wrap("remove the draft", sess.update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bDrafts); b != nil {
			for _, k := range sess.draftKeys(tx, form) {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	}))
}
