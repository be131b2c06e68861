package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// nextRequestNumber gives requests readable numbers, ROI-2026-0042, that
// requesters can quote on the phone.
func nextRequestNumber(tx *bolt.Tx, year int) string {
	m := tx.Bucket(bMeta)
	var seq uint64
	if v := m.Get(kROISeq); len(v) == 8 {
		seq = binary.BigEndian.Uint64(v)
	}
	seq++
	m.Put(kROISeq, u64(seq))
	return fmt.Sprintf("ROI-%d-%04d", year, seq)
}

// CreateRequest records a request for copies of records as received, with
// its due date from policy.
func (svc Release) CreateRequest(r *model.Request) error {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return err
	}
	r.Name, r.Address, r.Purpose = strings.TrimSpace(r.Name), strings.TrimSpace(r.Address), strings.TrimSpace(r.Purpose)
	if err := r.Validate(sess.now()); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, r.PatientID); err != nil {
		return err
	}
	r.ID, r.Status = model.NewID(), model.ReqReceived
	r.DueFrom(sess.now())
	r.History = []model.StatusChange{{Status: model.ReqReceived, At: r.Received, By: sess.user.Username}}
	return wrap("save the request", sess.update(func(tx *bolt.Tx) error {
		r.Number = nextRequestNumber(tx, sess.now().Year())
		return sess.write(tx, writeOp{kind: model.KindRequest, id: r.ID, body: r, op: model.ActCreate, owner: r.PatientID, reason: r.Number})
	}))
}

// Request reads a request.
func (svc Release) Request(id model.ID) (model.Request, model.Revision, error) {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return model.Request{}, model.Revision{}, err
	}
	if err := sess.checkRestricted(model.KindRequest, id); err != nil {
		return model.Request{}, model.Revision{}, err
	}
	return getRecord[model.Request](sess, nil, model.KindRequest, id)
}

// RequestRow is a request with its patient, for the ageing list.
type RequestRow struct {
	model.Request
	Patient PatientSummary
}

// Requests lists requests, open ones first and the oldest of those first.
func (svc Release) Requests(openOnly bool) ([]RequestRow, error) {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return nil, err
	}
	var list []model.Request
	err := listRecords(sess, model.KindRequest, false, func(r model.Request, _ model.Revision) bool {
		if !openOnly || !r.Status.Closed() {
			list = append(list, r)
		}
		return true
	})
	if err != nil {
		return nil, wrap("list requests", err)
	}
	out := make([]RequestRow, 0, len(list))
	err = sess.view(func(tx *bolt.Tx) error {
		for _, r := range list {
			p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, r.PatientID)
			if err != nil {
				return err
			}
			out = append(out, RequestRow{Request: r, Patient: sess.masked(summaryOf(p))})
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Status.Closed() != b.Status.Closed() {
			return !a.Status.Closed()
		}
		return a.Received.Before(b.Received)
	})
	return out, wrap("list requests", err)
}

// SaveWork saves the selection, redactions and ground of an open
// request (a new revision each time).
func (svc Release) SaveWork(r model.Request, expectRev uint32, reason string) (uint32, error) {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return 0, err
	}
	var rev uint32
	err := sess.update(func(tx *bolt.Tx) error {
		old, m, err := getRecord[model.Request](sess, tx, model.KindRequest, r.ID)
		if err != nil {
			return err
		}
		if old.Status.Closed() {
			return model.Errorf(model.Conflict, "the request is %s and can no longer change", strings.ToLower(old.Status.Label()))
		}
		// Identity, status and history are not this call's to change.
		r.Number, r.PatientID, r.Status, r.History, r.Received, r.Disclosure, r.Packet = old.Number, old.PatientID, old.Status, old.History, old.Received, old.Disclosure, old.Packet
		// A packet stands for the selection it was built from: a changed
		// selection (ticks, redactions, omissions) voids it, and a request
		// at quality check goes back to preparation to build it again.
		if r.Packet != nil {
			sel, err := sess.selectionTx(tx, r)
			if err != nil {
				return err
			}
			if sel != r.Packet.Selection {
				r.Packet = nil
				reason = strings.TrimSpace(reason + "; the selection changed: packet voided")
				if r.Status == model.ReqQC {
					if err := r.Move(model.ReqPreparing, sess.user.Username, "the selection changed: build the packet again", sess.now()); err != nil {
						return err
					}
				}
			}
		}
		rev = m.Rev + 1
		return sess.write(tx, writeOp{kind: model.KindRequest, id: r.ID, body: r, op: model.ActEdit, reason: reason, expectRev: expectRev, owner: r.PatientID})
	})
	return rev, wrap("save the request", err)
}

// Move takes a request to its next step, back from quality check
// to preparation, or refuses it with a reason.
func (svc Release) Move(id model.ID, to model.RequestStatus, note string) (model.Request, error) {
	sess := svc.sess
	var r model.Request
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return r, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if r, _, err = getRecord[model.Request](sess, tx, model.KindRequest, id); err != nil {
			return err
		}
		if err := r.Move(to, sess.user.Username, note, sess.now()); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindRequest, id: id, body: r, op: model.ActEdit, reason: to.Label() + " " + strings.TrimSpace(note), owner: r.PatientID})
	})
	return r, wrap("move the request", err)
}

// Authorize records a patient's signed authorization. Its
// scanned form must be filed in the patient's chart.
func (svc Release) Authorize(a *model.Authorization) error {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return err
	}
	if err := a.Validate(sess.now()); err != nil {
		return err
	}
	return wrap("save the authorization", sess.update(func(tx *bolt.Tx) error {
		d, m, err := getRecord[model.Document](sess, tx, model.KindDocument, a.DocumentID)
		if err != nil {
			return fmt.Errorf("the scanned authorization: %w", err)
		}
		if m.Deleted || d.PatientID != a.PatientID {
			return model.Errorf(model.Invalid, "the scanned authorization is not filed in this patient's chart")
		}
		a.ID = model.NewID()
		return sess.write(tx, writeOp{kind: model.KindAuthorization, id: a.ID, body: a, op: model.ActCreate, owner: a.PatientID,
			reason: "signed by " + a.Signer})
	}))
}

// Revoke records that the patient withdrew it.
func (svc Release) Revoke(id model.ID, on model.Date, why string) error {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return err
	}
	if strings.TrimSpace(why) == "" {
		return ErrReasonRequired
	}
	return wrap("revoke the authorization", sess.update(func(tx *bolt.Tx) error {
		a, _, err := getRecord[model.Authorization](sess, tx, model.KindAuthorization, id)
		if err != nil {
			return err
		}
		if !a.Revoked.IsZero() {
			return model.Errorf(model.Conflict, "the authorization is already revoked")
		}
		a.Revoked, a.RevokedWhy = on, strings.TrimSpace(why)
		return sess.write(tx, writeOp{kind: model.KindAuthorization, id: id, body: a, op: model.ActEdit, reason: "revoked: " + a.RevokedWhy, owner: a.PatientID})
	}))
}

// Authorizations lists a patient's authorizations, newest first.
func (svc Release) Authorizations(patient model.ID) ([]model.Authorization, error) {
	sess := svc.sess
	return ownedList[model.Authorization](sess, patient, model.KindAuthorization, func(a, b model.Authorization) bool {
		return a.Signed.Time().After(b.Signed.Time())
	})
}

// ownedList reads a patient's records of one kind (not deleted), sorted.
func ownedList[T any](sess *Session, patient model.ID, kind model.Kind, less func(a, b T) bool) ([]T, error) {
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	if err := sess.checkRestricted(model.KindPatient, patient); err != nil {
		return nil, err
	}
	var out []T
	err := sess.view(func(tx *bolt.Tx) error {
		for _, id := range sess.owned(tx, patient, kind) {
			x, m, err := getRecord[T](sess, tx, kind, id)
			if err != nil {
				return err
			}
			if !m.Deleted {
				out = append(out, x)
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out, wrap("read "+string(kind)+" records", err)
}

// Material is everything a release draws on: the request, what the patient
// has, what is chosen, and whether the chosen records may go.
type Material struct {
	Request    model.Request
	Rev        uint32
	Patient    model.Patient
	Documents  []DocumentView // every document of the patient
	Encounters []model.Encounter
	Notes      []model.Note
	// Keyed are the patient's keyed documents, each with the encounter its
	// document is filed to: a typed encounter prints every field keyed
	// from its documents.
	Keyed         []clinical.Transcript
	Authorization *model.Authorization
	Sensitive     []model.Sensitive // categories in the chosen records
	Types         []model.DocType   // kinds of the chosen records
	Period        [2]model.Date     // first and last date of the chosen records
	Ground        string            // the authority for release, when there is one
	GroundErr     error             // why the chosen records may not go
	// Selection is the model.SelectionHash of what is chosen now (records
	// at their current revisions, redactions, omissions). A packet built
	// from this material records it in PacketInfo.Selection.
	Selection string
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
	return m, sess.logAction(model.ActView, model.KindRequest, id, "release "+m.Request.Number)
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
	if m.Keyed, err = sess.keyedOfPatientTx(tx, r.PatientID); err != nil {
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
	if m.Selection, err = sess.selectionTx(tx, r); err != nil {
		return m, err
	}
	m.Ground, m.GroundErr = model.ReleaseGround(r, m.Authorization, m.Types, m.Period, m.Sensitive, sess.now())
	if m.GroundErr == nil && len(r.Documents)+len(r.Encounters)+len(r.Notes) == 0 {
		m.GroundErr = model.Errorf(model.Invalid, "choose the records to release")
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

// selectionTx is the model.SelectionHash of a request's selection as the
// records stand in tx: each chosen document (with its pages), encounter and
// note at its latest revision, with the redactions and omissions.
func (sess *Session) selectionTx(tx *bolt.Tx, r model.Request) (string, error) {
	var items []model.SelectedItem
	add := func(kind model.Kind, id model.ID) error {
		heads, _, err := kindBuckets(tx, kind, false)
		if err != nil {
			return err
		}
		var rev uint32
		if heads != nil {
			if h, ok := decodeHead(heads.Get(id[:])); ok && !h.deleted {
				rev = h.rev
			}
		}
		items = append(items, model.SelectedItem{Kind: kind, ID: id, Rev: rev})
		return nil
	}
	for _, id := range r.Documents {
		if err := add(model.KindDocument, id); err != nil {
			return "", err
		}
		d, meta, err := getRecord[model.Document](sess, tx, model.KindDocument, id)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return "", err
		}
		if err == nil && !meta.Deleted {
			for _, pid := range d.Pages {
				if err := add(model.KindPage, pid); err != nil {
					return "", err
				}
			}
		}
	}
	for _, id := range r.Encounters {
		if err := add(model.KindEncounter, id); err != nil {
			return "", err
		}
	}
	for _, id := range r.Notes {
		if err := add(model.KindNote, id); err != nil {
			return "", err
		}
	}
	if err := sess.keyedSelectionTx(tx, r, add); err != nil {
		return "", err
	}
	return model.SelectionHash(items, r.Redactions, r.Omit), nil
}

// checkPacketTx refuses a packet whose selection is not the request's
// selection as it stands, or whose selection has no ground for release.
func checkPacketTx(m Material, p *model.PacketInfo) error {
	switch {
	case p == nil || len(p.SHA256) != 64 || p.Pages < 1:
		return model.Errorf(model.Conflict, "build the packet before releasing it")
	case p.Selection == "" || p.Selection != m.Selection:
		return model.Errorf(model.Conflict, "the records chosen, their redactions or the records themselves changed since the packet was built: build the packet again")
	case m.GroundErr != nil:
		if _, ok := model.AsError(m.GroundErr); ok {
			return m.GroundErr
		}
		return model.Errorf(model.Invalid, "%s", m.GroundErr.Error())
	}
	return nil
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
// entry and the request's release, in one transaction. It refuses unless
// the packet was built from the request's selection as it stands now (the
// selection hash matches) and that selection has a ground for release; the
// disclosure accounts for exactly what the packet holds.
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
			return model.Errorf(model.Conflict, "the packet must pass the quality check first (the request is at %q)", r.Status.Label())
		}
		if err := checkPacketTx(m, p); err != nil {
			return err
		}
		d = model.Disclosure{ID: model.NewID(), PatientID: r.PatientID, RequestID: r.ID, RequestNo: r.Number, Date: sess.now(),
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
// quality check. p.Selection must be the Material.Selection the packet was
// built from and still the request's selection, and that selection must
// have a ground for release (an HIV encounter needs the patient's consent).
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
			return model.Errorf(model.Conflict, "packets are built while the request is in preparation (it is at %q)", r.Status.Label())
		}
		mat, err := sess.materialTx(tx, id)
		if err != nil {
			return err
		}
		if err := checkPacketTx(mat, &p); err != nil {
			return err
		}
		p.BuiltAt, p.BuiltBy = sess.now(), sess.user.Username
		r.Packet = &p
		if r.Status == model.ReqPreparing {
			if err := r.Move(model.ReqQC, sess.user.Username, "packet built: "+p.BatesFirst+"–"+p.BatesLast, sess.now()); err != nil {
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
	d := model.Disclosure{ID: model.NewID(), PatientID: patient, Date: sess.now(), Requester: model.ReqInternal,
		Recipient: strings.TrimSpace(forWhom), Purpose: "care within the clinic", What: what, Pages: pages, SHA256: sha,
		Authority: "Internal use for the patient's care", ReleasedBy: sess.user.FullName}
	if err := sess.require(model.PermPrint); err != nil {
		return d, err
	}
	if d.Recipient == "" {
		return d, model.Errorf(model.Invalid, "say which ward or clinician the notes are for")
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
		return d, model.Errorf(model.Invalid, "write the note to add")
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if d, _, err = getRecord[model.Disclosure](sess, tx, model.KindDisclosure, id); err != nil {
			return err
		}
		d.Annotations = append(d.Annotations, model.Annotation{At: sess.now(), By: sess.user.Username, Text: text})
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
	return out, sess.logAction(model.ActView, model.KindPatient, patient, "accounting of disclosures")
}
