package storage

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"sort"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// Chart completion is evaluated in the transaction of the change: every
// write of an encounter, note, document or transcript stages what it
// touched (stageReview, called from write), and commit evaluates the
// staged encounters and documents against the completeness rules before
// the transaction ends (flushReview), writing and closing deficiencies and
// their queue entries. A change and its deficiencies commit together or
// not at all.

// reviewFault, set only by tests, fails the evaluation as a crash would.
var reviewFault func() error

type reviewStage struct {
	encounters map[model.ID]bool
	documents  map[model.ID]bool
	order      []model.ID // encounters, in the order staged (deterministic writes)
	docOrder   []model.ID
}

func (sess *Session) reviewFor(tx *bolt.Tx) *reviewStage {
	s := sess.store
	if s.review == nil || s.reviewTx != tx {
		s.review = &reviewStage{encounters: map[model.ID]bool{}, documents: map[model.ID]bool{}}
		s.reviewTx = tx
	}
	return s.review
}

// stageReview notes the encounter or document a written record affects.
func (sess *Session) stageReview(tx *bolt.Tx, kind model.Kind, id model.ID, body any) {
	var enc, doc model.ID
	switch kind {
	case model.KindEncounter:
		enc = id
	case model.KindNote:
		switch n := body.(type) {
		case model.Note:
			enc = n.EncounterID
		case *model.Note:
			enc = n.EncounterID
		}
	case model.KindDocument:
		doc = id
		switch d := body.(type) {
		case model.Document:
			enc = d.EncounterID
		case *model.Document:
			enc = d.EncounterID
		}
	case model.KindTranscript:
		switch t := body.(type) {
		case clinical.Transcript:
			doc, enc = t.DocumentID, t.EncounterID
		case *clinical.Transcript:
			doc, enc = t.DocumentID, t.EncounterID
		}
	default:
		return
	}
	st := sess.reviewFor(tx)
	if !enc.IsZero() && !st.encounters[enc] {
		st.encounters[enc] = true
		st.order = append(st.order, enc)
	}
	if !doc.IsZero() && !st.documents[doc] {
		st.documents[doc] = true
		st.docOrder = append(st.docOrder, doc)
	}
}

// flushReview evaluates what the transaction staged.
func (sess *Session) flushReview(tx *bolt.Tx) error {
	s := sess.store
	st := s.review
	if st == nil || s.reviewTx != tx {
		return nil
	}
	s.review, s.reviewTx = nil, nil
	if reviewFault != nil {
		if err := reviewFault(); err != nil {
			return err
		}
	}
	if tx.Bucket(bDefQueue) == nil {
		return nil // a store not yet migrated (opening, restoring)
	}
	rules, err := sess.chartRulesTx(tx)
	if err != nil {
		return err
	}
	rc := &reviewCache{linked: tx.Bucket(bMeta).Get(kDefItems) != nil}
	if !rc.linked && len(st.order) > 0 && tx.Writable() {
		// A store made before the item links: build them once, in this
		// change's transaction, so later saves read only their encounter.
		if err := sess.buildItemLinks(tx); err != nil {
			return err
		}
		rc.linked = true
	}
	for _, id := range st.docOrder {
		if err := sess.reviewDocument(tx, rules, id, rc); err != nil {
			return err
		}
	}
	for _, id := range st.order {
		if err := sess.reviewEncounter(tx, rules, id, rc); err != nil {
			return err
		}
	}
	return nil
}

// reviewCache keeps what one flush has read of a patient, for stores
// whose notes and documents are not all linked to their encounters yet.
type reviewCache struct {
	patient model.ID
	notes   []model.Note
	docs    []model.Document
	linked  bool // every item is linked: read an encounter's own items
}

func (rc *reviewCache) load(sess *Session, tx *bolt.Tx, patient model.ID) error {
	if rc.patient == patient && !patient.IsZero() {
		return nil
	}
	rc.patient, rc.notes, rc.docs = patient, nil, nil
	for _, id := range sess.owned(tx, patient, model.KindNote) {
		n, m, err := getRecord[model.Note](sess, tx, model.KindNote, id)
		if err != nil {
			return err
		}
		if !m.Deleted && !n.EncounterID.IsZero() {
			rc.notes = append(rc.notes, n)
		}
	}
	for _, id := range sess.owned(tx, patient, model.KindDocument) {
		d, m, err := getRecord[model.Document](sess, tx, model.KindDocument, id)
		if err != nil {
			return err
		}
		if !m.Deleted && !d.EncounterID.IsZero() && d.PatientID == patient {
			rc.docs = append(rc.docs, d)
		}
	}
	return nil
}

// factsOf reads what the rules look at for one encounter: its own notes
// and documents through the item links (stale links are checked), or the
// patient's whole chart when the links are not complete.
func (sess *Session) factsOf(tx *bolt.Tx, e model.Encounter, rc *reviewCache) (model.ChartFacts, error) {
	facts := model.ChartFacts{Encounter: e}
	if !rc.linked {
		if err := rc.load(sess, tx, e.PatientID); err != nil {
			return facts, err
		}
		for _, n := range rc.notes {
			if n.EncounterID == e.ID {
				facts.Notes = append(facts.Notes, n)
			}
		}
		for _, d := range rc.docs {
			if d.EncounterID == e.ID {
				facts.Documents = append(facts.Documents, d)
			}
		}
		return facts, nil
	}
	noteIDs, docIDs := sess.encounterItems(tx, e.ID)
	for _, id := range noteIDs {
		n, m, err := getRecord[model.Note](sess, tx, model.KindNote, id)
		if err != nil {
			return facts, err
		}
		if !m.Deleted && n.EncounterID == e.ID {
			facts.Notes = append(facts.Notes, n)
		}
	}
	for _, id := range docIDs {
		d, m, err := getRecord[model.Document](sess, tx, model.KindDocument, id)
		if err != nil {
			return facts, err
		}
		if !m.Deleted && d.EncounterID == e.ID && d.PatientID == e.PatientID {
			facts.Documents = append(facts.Documents, d)
		}
	}
	return facts, nil
}

// defKey is what makes two deficiencies of one subject the same: the rule
// and, for per-note and per-document rules, the note or document.
type defKey struct {
	rule   model.RuleCode
	target model.ID
}

func keyOf(rule model.RuleCode, target model.ID) defKey {
	if rule == model.RuleNotesSigned || rule == model.RuleDocumentAttached {
		return defKey{rule, target}
	}
	return defKey{rule: rule}
}

func (sess *Session) reviewEncounter(tx *bolt.Tx, rules model.ChartRules, id model.ID, rc *reviewCache) error {
	e, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !rules.InScope(e, sess.now()) {
		return nil // older than the rules look back: left as it is
	}
	var findings []model.Finding
	if !m.Deleted {
		facts, err := sess.factsOf(tx, e, rc)
		if err != nil {
			return err
		}
		findings = model.EvaluateChart(rules, facts, sess.now())
	}
	existing, err := sess.linkedDeficiencies(tx, id)
	if err != nil {
		return err
	}
	base := model.Deficiency{PatientID: e.PatientID, EncounterID: id, Ward: e.Ward}
	if e.Type == model.EncInpatient {
		base.Discharge = e.End
	}
	return sess.reconcile(tx, findings, existing, base, func(f model.Finding, d *model.Deficiency) {
		if f.Role == model.RoleClinician {
			d.UserID, d.UserName = e.ClinicianID, e.Clinician
		}
	}, func(d model.Deficiency) bool {
		return d.Rule != model.RuleManual && d.Rule != model.RuleDocumentAttached
	})
}

func (sess *Session) reviewDocument(tx *bolt.Tx, rules model.ChartRules, id model.ID, rc *reviewCache) error {
	d, m, err := getRecord[model.Document](sess, tx, model.KindDocument, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var findings []model.Finding
	if !m.Deleted {
		_, keyed := sess.transcriptOf(tx, d)
		if f, ok := model.EvaluateDocument(rules, d, keyed); ok {
			findings = append(findings, f)
		}
	}
	existing, err := sess.linkedDeficiencies(tx, id)
	if err != nil {
		return err
	}
	base := model.Deficiency{PatientID: d.PatientID}
	return sess.reconcile(tx, findings, existing, base, nil,
		func(x model.Deficiency) bool { return x.Rule == model.RuleDocumentAttached })
}

// reconcile writes what changed between the findings and the stored
// deficiencies: new ones opened, arrived ones closed, and those whose rule
// no longer applies (a note deleted, a code removed) closed. mine says
// which stored deficiencies this evaluation is responsible for.
func (sess *Session) reconcile(tx *bolt.Tx, findings []model.Finding, existing []model.Deficiency, base model.Deficiency,
	who func(model.Finding, *model.Deficiency), mine func(model.Deficiency) bool) error {
	byKey := map[defKey]*model.Deficiency{}
	for i := range existing {
		if mine(existing[i]) {
			byKey[keyOf(existing[i].Rule, existing[i].Target)] = &existing[i]
		}
	}
	now := sess.now()
	seen := map[defKey]bool{}
	for _, f := range findings {
		k := keyOf(f.Rule, f.Target)
		seen[k] = true
		b := base
		if who != nil {
			who(f, &b)
		}
		cur := byKey[k]
		next, reason, write := model.Reconcile(cur, f, b, now)
		if !write {
			continue
		}
		op := model.ActEdit
		if cur == nil {
			op, next.ID = model.ActCreate, sess.deficiencyID(base.EncounterID, f)
		}
		if err := sess.putDeficiency(tx, next, op, reason); err != nil {
			return err
		}
	}
	// Deterministic order for the writes of those no longer applying.
	var gone []*model.Deficiency
	for k, d := range byKey {
		if !seen[k] && d.Status.Queued() {
			gone = append(gone, d)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return string(gone[i].ID[:]) < string(gone[j].ID[:]) })
	for _, d := range gone {
		next := *d
		next.Status, next.ClosedAt, next.ClosedBy = model.DefDone, now, ""
		if err := sess.putDeficiency(tx, next, model.ActEdit, "no longer applies: "+d.Missing); err != nil {
			return err
		}
	}
	return nil
}

// deficiencyID names a rule's deficiency by a keyed hash of what it is
// about, so evaluating twice finds the same record and IDs reveal nothing.
func (sess *Session) deficiencyID(enc model.ID, f model.Finding) model.ID {
	m := hmac.New(sha256.New, sess.keys.Index)
	m.Write([]byte("deficiency\x00"))
	m.Write(enc[:])
	k := keyOf(f.Rule, f.Target)
	m.Write([]byte(k.rule))
	m.Write(k.target[:])
	return model.ID(m.Sum(nil)[:16])
}
