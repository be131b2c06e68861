package storage

import (
	"encoding/binary"
	"fmt"
	"strings"

	"dossier/model"
	"dossier/model/search"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// nextMRN takes the next number from the clinic's MRN sequence.
func (sess *Session) nextMRN(tx *bolt.Tx, prefix string) string {
	m := tx.Bucket(bMeta)
	seq := binary.BigEndian.Uint64(m.Get(kMRNSeq)) + 1
	m.Put(kMRNSeq, u64(seq))
	// A desk enrolled for replication numbers in its own block, so MRNs
	// issued on two desks offline never collide (replicaids.go).
	return model.FormatMRN(prefix, mrnBlockBase(tx)+seq)
}

// blindKeys are the exact-match index entries of a patient: a keyed hash
// of each identifier followed by the patient ID.
func (sess *Session) blindKeys(p model.Patient) [][]byte {
	return blindKeysWith(sess.keys, p)
}

func blindKeysWith(keys *vault.SubKeys, p model.Patient) [][]byte {
	var out [][]byte
	add := func(field, v string) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, append(keys.Blind(field, v), p.ID[:]...))
		}
	}
	add("mrn", model.NormalizeMRN(p.MRN))
	for _, m := range p.FormerMRNs {
		add("mrn", model.NormalizeMRN(m))
	}
	add("nid", search.NormID(p.NationalID))
	for _, l := range p.LegacyCharts {
		add("legacy", search.NormID(l))
	}
	add("tel", search.PhoneKey(p.Phone))
	return out
}

func (sess *Session) reindex(tx *bolt.Tx, old, p *model.Patient) error {
	b := tx.Bucket(bBlind)
	if old != nil {
		for _, k := range sess.blindKeys(*old) {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	for _, k := range sess.blindKeys(*p) {
		if err := b.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}

func (sess *Session) preparePatient(tx *bolt.Tx, p *model.Patient, prefix string) error {
	if errs := p.Validate(sess.now()); len(errs) > 0 {
		return model.InvalidFields(errs)
	}
	p.ID = model.NewID()
	p.MRN = sess.nextMRN(tx, prefix)
	p.Registered = sess.now()
	if err := sess.write(tx, writeOp{kind: model.KindPatient, id: p.ID, body: p, op: model.ActCreate}); err != nil {
		return err
	}
	return sess.reindex(tx, nil, p)
}

// Register registers a new patient and gives them an MRN.
func (svc Patients) Register(p *model.Patient) error {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return err
	}
	c, err := sess.Clinic()
	if err != nil {
		return err
	}
	return wrap("register the patient", sess.update(func(tx *bolt.Tx) error {
		return sess.preparePatient(tx, p, c.MRNPrefix)
	}))
}

// RegisterMany registers many patients, batchSize per transaction, for
// imports and the demo clinic. Each one is audited like a single create.
// progress is called after each batch; returning false stops early (the
// batches already committed stay).
func (svc Patients) RegisterMany(ps []model.Patient, progress func(done int) bool) error {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return err
	}
	c, err := sess.Clinic()
	if err != nil {
		return err
	}
	const batch = 2000
	for i := 0; i < len(ps); i += batch {
		end := min(i+batch, len(ps))
		err := sess.update(func(tx *bolt.Tx) error {
			for j := i; j < end; j++ {
				if err := sess.preparePatient(tx, &ps[j], c.MRNPrefix); err != nil {
					return fmt.Errorf("patient %d: %w", j+1, err)
				}
			}
			return nil
		})
		if err != nil {
			return wrap("register patients", err)
		}
		if progress != nil && !progress(end) {
			return nil
		}
	}
	return nil
}

// Update saves a new revision with a reason. expectRev is the
// revision the clerk opened; a newer one on disk gives ErrStale.
func (svc Patients) Update(p model.Patient, expectRev uint32, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermEditPatient); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	if errs := p.Validate(sess.now()); len(errs) > 0 {
		return model.InvalidFields(errs)
	}
	if err := sess.checkRestricted(model.KindPatient, p.ID); err != nil {
		return err
	}
	send := sess.sendsADT()
	return wrap("save the patient", sess.update(func(tx *bolt.Tx) error {
		old, meta, err := getRecord[model.Patient](sess, tx, model.KindPatient, p.ID)
		if err != nil {
			return err
		}
		if meta.Deleted {
			return ErrDeleted
		}
		p.MRN, p.Registered = old.MRN, old.Registered // never changed by an edit
		if err := sess.write(tx, writeOp{kind: model.KindPatient, id: p.ID, body: p, op: model.ActEdit,
			reason: reason, expectRev: expectRev}); err != nil {
			return err
		}
		if send {
			if err := sess.queueOutbound(tx, "A08", p.ID, model.ZeroID); err != nil {
				return err
			}
		}
		return sess.reindex(tx, &old, &p)
	}))
}

// Get opens a patient's record. The view is audited; a restricted
// record needs the right role or a broken glass.
func (svc Patients) Get(id model.ID) (model.Patient, model.Revision, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return model.Patient{}, model.Revision{}, err
	}
	p, rev, err := getRecord[model.Patient](sess, nil, model.KindPatient, id)
	if err != nil {
		return p, rev, wrap("open the patient", err)
	}
	if p.Restricted && !sess.mayOpen(id) {
		if err := sess.auditRestricted(id); err != nil {
			return model.Patient{}, model.Revision{}, fmt.Errorf("%w (the refusal could not be audited: %v)", ErrRestricted, err)
		}
		return model.Patient{}, model.Revision{}, ErrRestricted
	}
	return p, rev, sess.logAction(model.ActView, model.KindPatient, id, "")
}

// PatientSummary is what lists show: enough to pick the right person, and
// for restricted records not even that.
type PatientSummary struct {
	ID         model.ID
	MRN        string
	Name       string
	Sex        model.Sex
	BirthDate  model.Date
	Estimated  bool
	Village    string
	Restricted bool
	Deleted    bool
}

func summaryOf(p model.Patient) PatientSummary {
	s := PatientSummary{ID: p.ID, MRN: p.MRN, Name: p.DisplayName(), Sex: p.Sex, BirthDate: p.BirthDate,
		Estimated: p.BirthEstimated, Restricted: p.Restricted}
	if n := len(p.Address); n > 0 {
		s.Village = p.Address[n-1]
	}
	return s
}

// masked hides who a restricted patient is from roles that may not open
// the record: only the MRN stays, so the record can still be asked for.
func (sess *Session) masked(s PatientSummary) PatientSummary {
	if s.Restricted && !sess.user.Role.MayOpenRestricted() {
		s.Name, s.BirthDate, s.Estimated, s.Village, s.Sex = "(restricted record)", model.Date{}, false, "", model.SexUnknown
	}
	return s
}

// List returns summaries of every patient (deleted ones too when
// asked). Restricted patients show only their MRN. The listing is audited
// as one view.
func (svc Patients) List(withDeleted bool) ([]PatientSummary, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []PatientSummary
	err := listRecords(sess, model.KindPatient, withDeleted, func(p model.Patient, m model.Revision) bool {
		if !p.MergedInto.IsZero() {
			return true // its chart lives on in the survivor
		}
		s := summaryOf(p)
		s.Deleted = m.Deleted
		out = append(out, sess.masked(s))
		return true
	})
	if err != nil {
		return nil, wrap("list patients", err)
	}
	return out, sess.logAction(model.ActView, model.KindPatient, model.ZeroID, fmt.Sprintf("patient list (%d)", len(out)))
}

// FindByIdentifier looks up patients by MRN (current or former), national
// ID, old chart number or phone through the blind index. A mistyped MRN is
// reported as invalid. Patients merged away resolve to their survivor.
func (svc Patients) FindByIdentifier(text string) ([]model.ID, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	hits, err := sess.lookupIdentifier(text)
	if err != nil {
		return nil, err
	}
	ids := make([]model.ID, 0, len(hits))
	for _, h := range hits {
		ids = append(ids, h.id)
	}
	return ids, sess.logAction(model.ActSearch, model.KindPatient, model.ZeroID, fmt.Sprintf("identifier lookup, %d found", len(ids)))
}

type identifierHit struct {
	id  model.ID
	why search.Reason
}

func (sess *Session) lookupIdentifier(text string) ([]identifierHit, error) {
	type probe struct {
		key []byte
		why search.How
	}
	var probes []probe
	if model.LooksLikeMRN(text) {
		mrn, err := model.CheckMRN(text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", strings.TrimSpace(text), err)
		}
		probes = append(probes, probe{sess.keys.Blind("mrn", mrn), search.HowMRN})
	} else {
		n := search.NormID(text)
		probes = append(probes, probe{sess.keys.Blind("nid", n), search.HowNationalID}, probe{sess.keys.Blind("legacy", n), search.HowOldChart})
		if t := search.PhoneKey(text); t != "" {
			probes = append(probes, probe{sess.keys.Blind("tel", t), search.HowPhone})
		}
	}
	var hits []identifierHit
	seen := map[model.ID]bool{}
	err := sess.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bBlind).Cursor()
		for _, p := range probes {
			for k, _ := c.Seek(p.key); k != nil && len(k) == 36 && string(k[:20]) == string(p.key); k, _ = c.Next() {
				id, why := model.ID(k[20:]), search.Reason{How: p.why}
				// Follow merges to the patient who holds the chart now.
				for hop := 0; hop < 8; hop++ {
					pt, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, id)
					if err != nil || pt.MergedInto.IsZero() {
						break
					}
					id, why.Merged = pt.MergedInto, true
				}
				if !seen[id] {
					seen[id] = true
					hits = append(hits, identifierHit{id, why})
				}
			}
		}
		return nil
	})
	return hits, err
}
