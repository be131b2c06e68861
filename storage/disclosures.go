package storage

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Material is everything a release draws on: the request, what the patient
// has, what is chosen, and whether the chosen records may go.
type Material struct {
	Request       model.Request
	Rev           uint32
	Patient       model.Patient
	Documents     []DocumentView // every document of the patient
	Encounters    []model.Encounter
	Notes         []model.Note
	Authorization *model.Authorization
	Sensitive     []model.Sensitive // categories in the chosen records
	Types         []model.DocType   // kinds of the chosen records
	Period        [2]model.Date     // first and last date of the chosen records
	Ground        string            // the authority for release, when there is one
	GroundErr     error             // why the chosen records may not go
}

// ChosenDocuments returns the documents chosen for release, in chart order.
func (m Material) ChosenDocuments() []DocumentView {
	var out []DocumentView
	for _, d := range m.Documents {
		if slices.Contains(m.Request.Documents, d.Doc.ID) {
			out = append(out, d)
		}
	}
	return out
}

// Material reads a request with the patient's records and checks
// the ground for releasing what is chosen. Audited as a view.
func (svc Release) Material(id model.ID) (Material, error) {
	sess := svc.sess
	var m Material
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return m, err
	}
	if err := sess.checkRestricted(model.KindRequest, id); err != nil {
		return m, err
	}
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		m, err = sess.materialTx(tx, id)
		return err
	})
	if err != nil {
		return m, wrap("read the records for release", err)
	}
	return m, sess.LogAction(model.ActView, model.KindRequest, id, "release "+m.Request.Number)
}

func (sess *Session) materialTx(tx *bolt.Tx, id model.ID) (Material, error) {
	var m Material
	r, rev, err := getRecord[model.Request](sess, tx, model.KindRequest, id)
	if err != nil {
		return m, err
	}
	m.Request, m.Rev = r, rev.Rev
	if m.Patient, _, err = getRecord[model.Patient](sess, tx, model.KindPatient, r.PatientID); err != nil {
		return m, err
	}
	encByID := map[model.ID]model.Encounter{}
	for _, eid := range sess.owned(tx, r.PatientID, model.KindEncounter) {
		e, meta, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, eid)
		if err != nil {
			return m, err
		}
		if !meta.Deleted {
			m.Encounters = append(m.Encounters, e)
			encByID[e.ID] = e
		}
	}
	for _, nid := range sess.owned(tx, r.PatientID, model.KindNote) {
		n, meta, err := getRecord[model.Note](sess, tx, model.KindNote, nid)
		if err != nil {
			return m, err
		}
		if !meta.Deleted {
			m.Notes = append(m.Notes, n)
		}
	}
	if m.Documents, err = sess.documentsTx(tx, r.PatientID); err != nil {
		return m, err
	}
	sort.Slice(m.Encounters, func(i, j int) bool { return m.Encounters[i].Start.After(m.Encounters[j].Start) })
	sort.Slice(m.Notes, func(i, j int) bool { return m.Notes[i].Written.After(m.Notes[j].Written) })
	if !r.AuthorizationID.IsZero() {
		a, _, err := getRecord[model.Authorization](sess, tx, model.KindAuthorization, r.AuthorizationID)
		if err != nil {
			return m, fmt.Errorf("the authorization: %w", err)
		}
		m.Authorization = &a
	}
	m.survey(encByID)
	m.Ground, m.GroundErr = model.ReleaseGround(r, m.Authorization, m.Types, m.Period, m.Sensitive, now())
	if m.GroundErr == nil && len(r.Documents)+len(r.Encounters)+len(r.Notes) == 0 {
		m.GroundErr = errors.New("choose the records to release")
	}
	return m, nil
}

// survey finds the kinds, period and sensitive categories of what is chosen.
func (m *Material) survey(encByID map[model.ID]model.Encounter) {
	addType := func(t model.DocType) {
		if !slices.Contains(m.Types, t) {
			m.Types = append(m.Types, t)
		}
	}
	addSens := func(ss ...model.Sensitive) {
		for _, s := range ss {
			if !slices.Contains(m.Sensitive, s) {
				m.Sensitive = append(m.Sensitive, s)
			}
		}
	}
	addDate := func(d model.Date) {
		if d.IsZero() {
			return
		}
		if m.Period[0].IsZero() || d.Time().Before(m.Period[0].Time()) {
			m.Period[0] = d
		}
		if m.Period[1].IsZero() || d.Time().After(m.Period[1].Time()) {
			m.Period[1] = d
		}
	}
	r := m.Request
	for _, d := range m.ChosenDocuments() {
		addType(d.Doc.Type)
		addDate(d.Doc.Date)
		addSens(d.Doc.Sensitive...)
		if e, ok := encByID[d.Doc.EncounterID]; ok {
			addSens(model.SensitiveOfEncounter(e)...)
		}
	}
	for _, e := range m.Encounters {
		if slices.Contains(r.Encounters, e.ID) {
			addType(EncounterDocType(e))
			addDate(model.DateOf(e.Start))
			addSens(model.SensitiveOfEncounter(e)...)
		}
	}
	for _, n := range m.Notes {
		if slices.Contains(r.Notes, n.ID) {
			addType(model.DocCaseNote)
			addDate(model.DateOf(n.Written))
			if e, ok := encByID[n.EncounterID]; ok {
				addSens(model.SensitiveOfEncounter(e)...)
			}
		}
	}
}

// EncounterDocType is the kind of document a typed encounter is released
// as: a stay is a discharge summary, a visit a case note.
func EncounterDocType(e model.Encounter) model.DocType {
	if e.Type == model.EncInpatient {
		return model.DocDischarge
	}
	return model.DocCaseNote
}

// Disclose records that a request's packet left the clinic: the disclosure
// entry and the request's release, in one transaction. The ground is
// checked again here, on the records as they are now, and the packet
// accounted for is the one the quality check passed.
func (svc Release) Disclose(id model.ID, expectRev uint32) (model.Disclosure, error) {
	sess := svc.sess
	var d model.Disclosure
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return d, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		m, err := sess.materialTx(tx, id)
		if err != nil {
			return err
		}
		r, p := m.Request, m.Request.Packet
		switch {
		case m.Rev != expectRev:
			return ErrStale
		case r.Status != model.ReqQC:
			return fmt.Errorf("the packet must pass the quality check first (the request is at %q)", r.Status.Label())
		case p == nil || len(p.SHA256) != 64 || p.Pages < 1:
			return errors.New("build the packet before releasing it")
		case m.GroundErr != nil:
			return m.GroundErr
		}
		d = model.Disclosure{ID: model.NewID(), PatientID: r.PatientID, RequestID: r.ID, RequestNo: r.Number, Date: now(),
			Requester: r.Requester, Recipient: r.Name, Address: r.Address, Purpose: r.Purpose, What: p.What,
			BatesFirst: p.BatesFirst, BatesLast: p.BatesLast, Pages: p.Pages, SHA256: p.SHA256,
			Authority: m.Ground, ReleasedBy: sess.user.FullName}
		if err := sess.write(tx, writeOp{kind: model.KindDisclosure, id: d.ID, body: d, op: model.ActRelease, owner: r.PatientID,
			reason: fmt.Sprintf("%s to %s, %s–%s", r.Number, r.Name, p.BatesFirst, p.BatesLast)}); err != nil {
			return err
		}
		r.Status, r.Disclosure = model.ReqReleased, d.ID
		r.History = append(r.History, model.StatusChange{Status: model.ReqReleased, At: d.Date, By: sess.user.Username})
		return sess.write(tx, writeOp{kind: model.KindRequest, id: r.ID, body: r, op: model.ActEdit, reason: "released", owner: r.PatientID})
	})
	return d, wrap("record the release", err)
}

// SetPacket records the packet just built and sends the request to the
// quality check.
func (svc Release) SetPacket(id model.ID, expectRev uint32, p model.PacketInfo) (model.Request, uint32, error) {
	sess := svc.sess
	var r model.Request
	var rev uint32
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return r, 0, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var m model.Revision
		var err error
		if r, m, err = getRecord[model.Request](sess, tx, model.KindRequest, id); err != nil {
			return err
		}
		if m.Rev != expectRev {
			return ErrStale
		}
		if r.Status != model.ReqPreparing && r.Status != model.ReqQC {
			return fmt.Errorf("packets are built while the request is in preparation (it is at %q)", r.Status.Label())
		}
		p.BuiltAt, p.BuiltBy = now(), sess.user.Username
		r.Packet = &p
		if r.Status == model.ReqPreparing {
			if err := r.Move(model.ReqQC, sess.user.Username, "packet built: "+p.BatesFirst+"–"+p.BatesLast, now()); err != nil {
				return err
			}
		}
		rev = m.Rev + 1
		return sess.write(tx, writeOp{kind: model.KindRequest, id: id, body: r, op: model.ActExport, owner: r.PatientID,
			reason: fmt.Sprintf("packet %s–%s, %d pages", p.BatesFirst, p.BatesLast, p.Pages)})
	})
	return r, rev, wrap("record the packet", err)
}

// RecordInternal accounts for case notes printed for a ward or
// clinician of the clinic.
func (svc Release) RecordInternal(patient model.ID, forWhom string, what []string, pages int, sha string) (model.Disclosure, error) {
	sess := svc.sess
	d := model.Disclosure{ID: model.NewID(), PatientID: patient, Date: now(), Requester: model.ReqInternal,
		Recipient: strings.TrimSpace(forWhom), Purpose: "care within the clinic", What: what, Pages: pages, SHA256: sha,
		Authority: "Internal use for the patient's care", ReleasedBy: sess.user.FullName}
	if err := sess.require(model.PermPrint); err != nil {
		return d, err
	}
	if d.Recipient == "" {
		return d, errors.New("say which ward or clinician the notes are for")
	}
	return d, wrap("record the release", sess.update(func(tx *bolt.Tx) error {
		return sess.write(tx, writeOp{kind: model.KindDisclosure, id: d.ID, body: d, op: model.ActRelease, owner: patient,
			reason: "case notes to " + d.Recipient})
	}))
}

// Annotate adds a note to a disclosure. Disclosures are never
// edited or deleted; a correction is an annotation.
func (svc Release) Annotate(id model.ID, text string) (model.Disclosure, error) {
	sess := svc.sess
	var d model.Disclosure
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return d, err
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return d, errors.New("write the note to add")
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if d, _, err = getRecord[model.Disclosure](sess, tx, model.KindDisclosure, id); err != nil {
			return err
		}
		d.Annotations = append(d.Annotations, model.Annotation{At: now(), By: sess.user.Username, Text: text})
		return sess.write(tx, writeOp{kind: model.KindDisclosure, id: id, body: d, op: model.ActAnnotate, reason: text, owner: d.PatientID})
	})
	return d, wrap("annotate the disclosure", err)
}

// Disclosures lists a patient's disclosures since a time, newest
// first (the accounting of disclosures).
func (svc Release) Disclosures(patient model.ID, since time.Time) ([]model.Disclosure, error) {
	sess := svc.sess
	all, err := ownedList[model.Disclosure](sess, patient, model.KindDisclosure, func(a, b model.Disclosure) bool { return a.Date.After(b.Date) })
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, d := range all {
		if !d.Date.Before(since) {
			out = append(out, d)
		}
	}
	return out, sess.LogAction(model.ActView, model.KindPatient, patient, "accounting of disclosures")
}
