package storage

import (
	"cmp"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// Record audits are kept as records of their own kind, one revision per
// save of answers, so an audit's history shows who answered what and when;
// the checklist is one clinic record edited by supervisors with a reason.
// Every action needs PermReview (records supervisors).

// auditListID is the fixed ID of the single audit-checklist record.
var auditListID = model.ID{0: 0xA7}

// MaxAuditSample bounds the stays one audit draws: a month's review by
// one supervisor, not a census.
const MaxAuditSample = 200

// Checklist returns the clinic's audit checklist (the defaults until a
// supervisor saves one).
func (svc RecordAudits) Checklist() (model.AuditChecklist, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return model.AuditChecklist{}, err
	}
	var c model.AuditChecklist
	err := sess.view(func(tx *bolt.Tx) (err error) { c, err = sess.auditListTx(tx); return })
	return c, wrap("read the audit checklist", err)
}

func (sess *Session) auditListTx(tx *bolt.Tx) (model.AuditChecklist, error) {
	c, _, err := getRecord[model.AuditChecklist](sess, tx, model.KindAuditList, auditListID)
	if errors.Is(err, ErrNotFound) {
		return model.DefaultAuditChecklist(), nil
	}
	return c, err
}

// SaveChecklist replaces the audit checklist as a new revision with the
// reason given. Audits already drawn keep the questions they were asked.
func (svc RecordAudits) SaveChecklist(c model.AuditChecklist, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return err
	}
	c = c.Tidy()
	if err := c.Validate(); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return model.Errorf(model.Invalid, "say why the checklist changes")
	}
	return wrap("save the audit checklist", sess.update(func(tx *bolt.Tx) error {
		op := model.ActEdit
		if heads, _, _ := kindBuckets(tx, model.KindAuditList, false); heads == nil || heads.Get(auditListID[:]) == nil {
			op = model.ActCreate
		}
		return sess.write(tx, writeOp{kind: model.KindAuditList, id: auditListID, body: c, op: op,
			reason: fmt.Sprintf("audit checklist (%d questions): %s", len(c.Questions), oneLine(reason))})
	}))
}

// auditCandidate is a stay that may be drawn.
type auditCandidate struct {
	enc  model.Encounter
	ward string
}

// staysDischarged lists the inpatient stays discharged in [from, to) whose
// ward at discharge is ward ("" = any), in a stable order (discharge, then
// ID) so that a seed draws the same sample again from the same stays.
func (sess *Session) staysDischarged(from, to time.Time, ward string) ([]auditCandidate, error) {
	var out []auditCandidate
	want := strings.ToLower(oneLine(ward))
	err := listRecords(sess, model.KindEncounter, false, func(e model.Encounter, _ model.Revision) bool {
		if e.Type != model.EncInpatient || e.End.IsZero() || e.End.Before(from) || !e.End.Before(to) {
			return true
		}
		w := oneLine(clinical.StayOf(e).CurrentWard())
		if want == "" || strings.ToLower(w) == want {
			out = append(out, auditCandidate{e, w})
		}
		return true
	})
	slices.SortFunc(out, func(a, b auditCandidate) int {
		return cmp.Or(a.enc.End.Compare(b.enc.End), strings.Compare(a.enc.ID.String(), b.enc.ID.String()))
	})
	return out, err
}

// Draw starts an audit: a sample of n stays discharged in [from, to) from
// the ward ("" = every ward), drawn with seed (0: a fresh one, recorded in
// the audit so the draw can be repeated), with the clinic's checklist.
func (svc RecordAudits) Draw(from, to time.Time, ward string, n int, seed uint64) (model.RecordAudit, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return model.RecordAudit{}, err
	}
	if n < 1 || n > MaxAuditSample {
		return model.RecordAudit{}, model.Errorf(model.Invalid, "draw between 1 and %d stays", MaxAuditSample)
	}
	if !to.After(from) {
		return model.RecordAudit{}, model.Errorf(model.Invalid, "the period must end after it starts")
	}
	if seed == 0 {
		// A fresh seed from the system's random source (IDs begin with the
		// time, so they would make predictable seeds).
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return model.RecordAudit{}, wrap("draw a seed", err)
		}
		seed = binary.BigEndian.Uint64(b[:]) | 1
	}
	cands, err := sess.staysDischarged(from, to, ward)
	if err != nil {
		return model.RecordAudit{}, wrap("list the stays to audit", err)
	}
	if len(cands) == 0 {
		return model.RecordAudit{}, model.Errorf(model.NotFound, "no stay of %s was discharged in that period",
			cmp.Or(oneLine(ward), "any ward"))
	}
	a := model.RecordAudit{ID: model.NewID(), From: from, To: to, Ward: oneLine(ward), Asked: n, Seed: seed,
		By: sess.user.Username, Created: sess.now()}
	err = sess.update(func(tx *bolt.Tx) error {
		c, err := sess.auditListTx(tx)
		if err != nil {
			return err
		}
		a.Questions = c.Questions
		for _, i := range model.SampleStays(len(cands), n, seed) {
			e := cands[i].enc
			st := model.AuditStay{Encounter: e.ID, Patient: e.PatientID, Ward: cands[i].ward, Admitted: e.Start,
				Answers: make([]model.AuditAnswer, len(a.Questions))}
			if p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, e.PatientID); err == nil {
				st.MRN = p.MRN
			}
			a.Stays = append(a.Stays, st)
		}
		if err := a.Validate(); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindRecordAudit, id: a.ID, body: a, op: model.ActCreate,
			reason: fmt.Sprintf("record audit drawn: %d of %d stays, %s", len(a.Stays), len(cands), a.Title())})
	})
	return a, wrap("draw the audit sample", err)
}

// List returns every audit, the latest period first.
func (svc RecordAudits) List() ([]model.RecordAudit, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return nil, err
	}
	var out []model.RecordAudit
	err := listRecords(sess, model.KindRecordAudit, false, func(a model.RecordAudit, _ model.Revision) bool {
		out = append(out, a)
		return true
	})
	if err != nil {
		return nil, wrap("list the record audits", err)
	}
	slices.SortStableFunc(out, func(a, b model.RecordAudit) int {
		return cmp.Or(b.From.Compare(a.From), b.Created.Compare(a.Created))
	})
	return out, nil
}

// Get reads one audit, audited as a view.
func (svc RecordAudits) Get(id model.ID) (model.RecordAudit, model.Revision, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return model.RecordAudit{}, model.Revision{}, err
	}
	var a model.RecordAudit
	var rev model.Revision
	err := sess.view(func(tx *bolt.Tx) (err error) {
		a, rev, err = getRecord[model.RecordAudit](sess, tx, model.KindRecordAudit, id)
		return
	})
	if errors.Is(err, ErrNotFound) {
		return a, rev, model.Errorf(model.NotFound, "no such record audit")
	}
	if err != nil {
		return a, rev, wrap("read the record audit", err)
	}
	return a, rev, sess.logAction(model.ActView, model.KindRecordAudit, id, "record audit "+a.Title())
}

// Answer saves the answers for one sampled stay (by its place in the
// sample) as a new revision of the audit.
func (svc RecordAudits) Answer(id model.ID, stay int, answers []model.AuditAnswer) (model.RecordAudit, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return model.RecordAudit{}, err
	}
	var a model.RecordAudit
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		a, _, err = getRecord[model.RecordAudit](sess, tx, model.KindRecordAudit, id)
		if errors.Is(err, ErrNotFound) {
			return model.Errorf(model.NotFound, "no such record audit")
		}
		if err != nil {
			return err
		}
		if stay < 0 || stay >= len(a.Stays) {
			return model.Errorf(model.Invalid, "the audit has no stay %d", stay+1)
		}
		a.Stays[stay].Answers = append([]model.AuditAnswer(nil), answers...)
		if err := a.Validate(); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindRecordAudit, id: id, body: a, op: model.ActEdit,
			reason: fmt.Sprintf("record audit answers, stay %d of %d", stay+1, len(a.Stays))})
	})
	return a, wrap("save the audit answers", err)
}
