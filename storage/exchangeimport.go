package storage

import (
	"fmt"
	"strings"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/exchange"
	"dossier/model/match"
	"dossier/model/search"

	bolt "go.etcd.io/bbolt"
)

// FHIRSourceSystem is the identifier system (kept among the patient's old
// chart numbers, "system|value") naming the sender's record an imported
// patient came from; reports/fhir writes the same.
const FHIRSourceSystem = "urn:dossier:fhir-source"

// Import brings one incoming patient in, or with dryRun says what it
// would do (the preview) and writes nothing. The patient is found, in
// this order: by the source identity of an earlier import (the same file
// again: only records not yet imported are added); by this clinic's MRN;
// by national ID with the same birth date (linked: the records join the
// existing patient, whose details are not overwritten). Otherwise the
// patient is registered, and when the duplicate matcher finds a likely
// match the pair goes to duplicate review: never silently a second
// record of one person. Each patient is one transaction, audited; records
// carry their source, so importing the same file twice changes nothing.
func (svc Exchange) Import(in exchange.Incoming, dryRun bool) (exchange.Plan, error) {
	sess := svc.sess
	plan, pre, err := svc.precheck(in)
	if err != nil {
		return plan, err
	}
	run := func(tx *bolt.Tx) error {
		var err error
		plan, err = sess.importTx(tx, in, pre.existing, pre.how, pre.likely, pre.prefix, dryRun, plan)
		return err
	}
	if dryRun {
		err = sess.view(run)
	} else {
		err = sess.update(run)
	}
	return plan, wrap("import "+in.Source, err)
}

// importCheck is what Import learns of an incoming patient before its
// write transaction: the patient it already is, or else the likely
// duplicates.
type importCheck struct {
	existing model.ID
	how      exchange.Outcome
	likely   []Candidate
	prefix   string
}

// precheck checks the permissions and finds the patient, or the likely
// duplicates, reading the committed store (the matcher reads the index
// outside the write transaction).
func (svc Exchange) precheck(in exchange.Incoming) (exchange.Plan, importCheck, error) {
	sess := svc.sess
	var pre importCheck
	plan := exchange.Plan{Source: in.Source, Name: in.Patient.DisplayName(), Skipped: append([]exchange.Skip(nil), in.Skipped...)}
	for _, p := range []model.Permission{model.PermRegisterPatient, model.PermEditPatient} {
		if err := sess.require(p); err != nil {
			return plan, pre, err
		}
	}
	c, err := sess.Clinic()
	if err != nil {
		return plan, pre, err
	}
	pre.prefix = c.MRNPrefix
	err = sess.view(func(tx *bolt.Tx) error {
		pre.existing, pre.how = sess.findIncoming(tx, in)
		return nil
	})
	if err != nil {
		return plan, pre, err
	}
	if pre.existing.IsZero() {
		probe := in.Patient
		probe.ID = model.ZeroID
		if pre.likely, err = sess.Duplicates().Likely(probe); err != nil {
			return plan, pre, err
		}
	}
	return plan, pre, nil
}

// ImportGroup is how many patients ImportMany commits together at most.
const ImportGroup = 16

// ImportMany imports patients as Import does, one after another, but
// commits up to ImportGroup of them in one transaction, so that they
// share its two fsyncs (what bbolt's DB.Batch does for concurrent
// updates). Each patient stays all-or-nothing: when one fails, the whole
// group is rolled back and each of its patients imported again alone, in
// a transaction of its own, which then keeps or reports that patient's
// failure. A group holds only patients the matcher finds unrelated to
// one another (no likely match, no shared national ID or phone), so each
// one's duplicate check, made on the committed store, finds what it would
// have found had the patients before it been committed one by one; a
// related patient starts the next group. It returns a plan and an error
// for each patient.
func (svc Exchange) ImportMany(ins []exchange.Incoming) ([]exchange.Plan, []error) {
	plans, errs := make([]exchange.Plan, len(ins)), make([]error, len(ins))
	for start := 0; start < len(ins); {
		end := start + 1
		people := []match.Prepared{prepared(ins[start].Patient)}
		for end < len(ins) && end-start < ImportGroup {
			me := prepared(ins[end].Patient)
			if relatedToAny(ins[end].Patient, &me, ins[start:end], people) {
				break
			}
			people = append(people, me)
			end++
		}
		if end-start == 1 || !svc.importGroup(ins[start:end], plans[start:end]) {
			for i := start; i < end; i++ {
				plans[i], errs[i] = svc.Import(ins[i], false)
			}
		}
		start = end
	}
	return plans, errs
}

// importGroup imports the group in one transaction and reports whether
// it committed; when it did not, nothing of it was written.
func (svc Exchange) importGroup(group []exchange.Incoming, plans []exchange.Plan) bool {
	sess := svc.sess
	pres := make([]importCheck, len(group))
	for i, in := range group {
		var err error
		if plans[i], pres[i], err = svc.precheck(in); err != nil {
			return false
		}
	}
	out := make([]exchange.Plan, len(group))
	err := sess.update(func(tx *bolt.Tx) error {
		// Each record's audit entry is signed; the group's signatures
		// (nearly half its work) are made together on every core, as
		// Sync's Apply does.
		s := sess.store
		s.sigs, s.sigsTx = nil, tx
		defer func() { s.sigs, s.sigsTx = nil, nil }()
		for i, in := range group {
			// Found again in the transaction: an earlier patient of the
			// group may be this one by an exact identifier (the same
			// record twice), as it would be had it been committed.
			existing, how := sess.findIncoming(tx, in)
			var err error
			if out[i], err = sess.importTx(tx, in, existing, how, pres[i].likely, pres[i].prefix, false, plans[i]); err != nil {
				return err
			}
		}
		return sess.signBatch(tx)
	})
	if err != nil {
		return false
	}
	copy(plans, out)
	return true
}

// prepared is a patient as the duplicate matcher reads it.
func prepared(p model.Patient) match.Prepared {
	p.ID, p.MRN = model.ZeroID, ""
	e := search.EntryOf(p, false)
	return match.Prepare(e.Person())
}

// relatedToAny reports whether p (prepared: me) may be the same person as
// one of others (prepared: prep): a likely match, the same national ID or
// the same phone.
func relatedToAny(p model.Patient, me *match.Prepared, others []exchange.Incoming, prep []match.Prepared) bool {
	for i := range others {
		o := others[i].Patient
		if same(p.NationalID, o.NationalID) || same(p.Phone, o.Phone) {
			return true
		}
		if match.DefaultModel.DecideCareful(match.DefaultModel.Compare(me, &prep[i])) != match.NonMatch {
			return true
		}
	}
	return false
}

// same reports two identifiers equal when written without spaces and
// punctuation (both non-empty).
func same(a, b string) bool {
	a, b = search.NormID(a), search.NormID(b)
	return a != "" && a == b
}

// findIncoming finds the existing patient an incoming one is, by an exact
// identifier.
func (sess *Session) findIncoming(tx *bolt.Tx, in exchange.Incoming) (model.ID, exchange.Outcome) {
	blind := tx.Bucket(bBlind)
	first := func(key []byte) model.ID {
		c := blind.Cursor()
		for k, _ := c.Seek(key); k != nil && len(k) == 36 && string(k[:20]) == string(key); k, _ = c.Next() {
			id := model.ID(k[20:])
			for hop := 0; hop < 8; hop++ {
				p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, id)
				if err != nil {
					return model.ZeroID
				}
				if p.MergedInto.IsZero() {
					return id
				}
				id = p.MergedInto
			}
		}
		return model.ZeroID
	}
	if id := first(sess.keys.Blind("legacy", search.NormID(FHIRSourceSystem+"|"+in.Source))); !id.IsZero() {
		return id, exchange.OutUpdate
	}
	if in.Patient.MRN != "" {
		if id := first(sess.keys.Blind("mrn", model.NormalizeMRN(in.Patient.MRN))); !id.IsZero() {
			return id, exchange.OutLinked
		}
	}
	if in.Patient.NationalID != "" {
		if id := first(sess.keys.Blind("nid", search.NormID(in.Patient.NationalID))); !id.IsZero() {
			p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, id)
			if err == nil && p.BirthDate == in.Patient.BirthDate {
				return id, exchange.OutLinked
			}
		}
	}
	return model.ZeroID, ""
}

// maxReviewPairs is how many likely matches of one incoming patient are
// sent to duplicate review.
const maxReviewPairs = 3

// importTx plans and (unless dryRun) writes one incoming patient.
func (sess *Session) importTx(tx *bolt.Tx, in exchange.Incoming, existing model.ID, how exchange.Outcome,
	likely []Candidate, prefix string, dryRun bool, plan exchange.Plan) (exchange.Plan, error) {
	reason := "FHIR import of " + in.Source
	have := map[string]model.ID{} // sources already in the store → record ID
	var stays []model.Encounter
	pid := existing
	if !pid.IsZero() {
		p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, pid)
		if err != nil {
			return plan, err
		}
		if p.Restricted && !sess.mayOpen(pid) {
			plan.Outcome, plan.Note = exchange.OutRefused, "the patient it matches is restricted: a supervisor imports it"
			return plan, nil
		}
		plan.Patient, plan.MRN = pid, p.MRN
		sources(sess, tx, pid, model.KindEncounter, "Encounter", have, func(e model.Encounter) string {
			if e.Type == model.EncInpatient {
				stays = append(stays, e)
			}
			return e.Source
		})
		sources(sess, tx, pid, model.KindProblem, "Condition", have, func(e clinical.ProblemEntry) string { return e.Source })
		sources(sess, tx, pid, model.KindAllergy, "AllergyIntolerance", have, func(e clinical.AllergyEntry) string { return e.Source })
		sources(sess, tx, pid, model.KindObservation, "Observation", have, func(e clinical.ObservationEntry) string { return e.Source })
		sources(sess, tx, pid, model.KindMedication, "MedicationStatement", have, func(e clinical.MedicationEntry) string { return e.Source })
	}
	plan.Outcome = how
	if pid.IsZero() {
		// The best few likely matches go to review: a person registered
		// many times already has pairs enough to be found and merged.
		if len(likely) > maxReviewPairs {
			likely = likely[:maxReviewPairs]
		}
		plan.Outcome = exchange.OutCreate
		var open []string
		for _, c := range likely {
			if c.Decision != match.NonMatch {
				open = append(open, fmt.Sprintf("%s %s (%.0f%%)", c.MRN, c.Name, c.Score*100))
			}
		}
		if len(open) > 0 {
			plan.Outcome = exchange.OutReview
			plan.Note = "likely the same person as " + strings.Join(open, "; ") + ": sent to duplicate review"
		}
		if dryRun {
			pid = model.NewID() // provisional: the checks below need a patient
		} else {
			p := in.Patient
			p.MRN = ""
			if err := sess.preparePatient(tx, &p, prefix); err != nil {
				return plan, err
			}
			pid, plan.Patient, plan.MRN = p.ID, p.ID, p.MRN
			for _, c := range likely {
				if c.Decision == match.NonMatch {
					continue
				}
				if err := sess.putPair(tx, model.DuplicatePair{A: p.ID, B: c.ID, Score: c.Score, Decision: c.Decision.String(),
					Agree: c.Agree, Differ: c.Differ, Status: model.DupOpen, Note: "found when importing " + in.Source}); err != nil {
					return plan, err
				}
			}
		}
	}
	encID := map[model.ID]model.ID{} // provisional → stored
	put := func(kind model.Kind, id model.ID, body any) error {
		if dryRun {
			return nil
		}
		return sess.write(tx, writeOp{kind: kind, id: id, body: body, op: model.ActCreate, owner: pid, reason: reason})
	}
	skip := func(src, why string) { plan.Skipped = append(plan.Skipped, exchange.Skip{Source: src, Reason: why}) }
	now := sess.now()
	for _, e := range in.Encounters {
		if id, ok := have[e.Source]; ok {
			encID[e.ID], plan.Already = id, plan.Already+1
			continue
		}
		e.PatientID = pid
		if err := e.Validate(now.Add(24 * 60 * 60 * 1e9)); err != nil {
			skip(e.Source, err.Error())
			continue
		}
		if err := model.CheckStayOverlap(e, stays, now); err != nil {
			skip(e.Source, err.Error())
			continue
		}
		prov := e.ID
		e.ID = model.NewID()
		encID[prov] = e.ID
		if e.Type == model.EncInpatient {
			stays = append(stays, e)
		}
		plan.New.Encounters++
		for _, it := range e.Coding {
			if it.Kind == model.ItemDiagnosis {
				plan.New.Conditions++
			}
		}
		if err := put(model.KindEncounter, e.ID, e); err != nil {
			return plan, err
		}
		have[e.Source] = e.ID
	}
	for _, pr := range in.Problems {
		if _, ok := have[pr.Source]; ok {
			plan.Already++
			continue
		}
		pr.ID, pr.PatientID, pr.RecordedBy, pr.Recorded = model.NewID(), pid, sess.user.Username, now
		if err := pr.Validate(); err != nil {
			skip(pr.Source, err.Error())
			continue
		}
		plan.New.Conditions++
		if err := put(model.KindProblem, pr.ID, pr); err != nil {
			return plan, err
		}
	}
	for _, a := range in.Allergies {
		if _, ok := have[a.Source]; ok {
			plan.Already++
			continue
		}
		a.ID, a.PatientID, a.RecordedBy, a.Recorded = model.NewID(), pid, sess.user.Username, now
		plan.New.Allergies++
		if err := put(model.KindAllergy, a.ID, a); err != nil {
			return plan, err
		}
	}
	for _, o := range in.Observations {
		if _, ok := have[o.Source]; ok {
			plan.Already++
			continue
		}
		o.ID, o.PatientID, o.RecordedBy, o.Recorded = model.NewID(), pid, sess.user.Username, now
		o.EncounterID = encID[o.EncounterID]
		plan.New.Observations++
		if err := put(model.KindObservation, o.ID, o); err != nil {
			return plan, err
		}
	}
	for _, m := range in.Medications {
		if _, ok := have[m.Source]; ok {
			plan.Already++
			continue
		}
		m.ID, m.PatientID, m.RecordedBy, m.Recorded = model.NewID(), pid, sess.user.Username, now
		m.EncounterID = encID[m.EncounterID]
		plan.New.Medications++
		if err := put(model.KindMedication, m.ID, m); err != nil {
			return plan, err
		}
	}
	if plan.Outcome == exchange.OutUpdate && plan.New.Total() == 0 {
		plan.Outcome = exchange.OutUnchanged
	}
	if dryRun || plan.Outcome == exchange.OutUnchanged {
		return plan, nil
	}
	return plan, sess.appendAudit(tx, model.AuditEntry{Action: model.ActImport, Kind: model.KindPatient, Record: pid,
		Detail: fmt.Sprintf("%s (%s): %d encounters, %d conditions, %d observations, %d allergies, %d medications added; %d already in; %d skipped",
			reason, plan.Outcome, plan.New.Encounters, plan.New.Conditions, plan.New.Observations, plan.New.Allergies,
			plan.New.Medications, plan.Already, len(plan.Skipped))})
}

// sources reads the Source of every live record of a kind the patient
// owns into have, and the record's own identity as Dossier exports it
// (typ/ID), so a file exported from this store and imported back adds
// nothing either.
func sources[T any](sess *Session, tx *bolt.Tx, owner model.ID, kind model.Kind, typ string, have map[string]model.ID, src func(T) string) {
	for _, id := range sess.owned(tx, owner, kind) {
		r, m, err := getRecord[T](sess, tx, kind, id)
		if err != nil || m.Deleted {
			continue
		}
		have[typ+"/"+id.String()] = id
		if s := src(r); s != "" {
			have[s] = id
		}
	}
}
