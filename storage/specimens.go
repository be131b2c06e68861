package storage

import (
	"errors"
	"sort"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Log records a sample sent to the laboratory and gives it its
// label code (MRN and the patient's next specimen number).
func (svc Specimens) Log(s *model.Specimen) error {
	sess := svc.sess
	if err := sess.require(model.PermWriteNote); err != nil {
		return err
	}
	s.Type, s.Tests, s.Lab = strings.TrimSpace(s.Type), strings.TrimSpace(s.Tests), strings.TrimSpace(s.Lab)
	if err := s.Validate(now()); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, s.PatientID); err != nil {
		return err
	}
	return wrap("log the specimen", sess.update(func(tx *bolt.Tx) error {
		p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, s.PatientID)
		if err != nil {
			return err
		}
		s.ID, s.Status = model.NewID(), model.SpecimenSent
		s.Code = model.SpecimenCode(p.MRN, len(sess.owned(tx, s.PatientID, model.KindSpecimen))+1)
		return sess.write(tx, writeOp{kind: model.KindSpecimen, id: s.ID, body: s, op: model.ActCreate,
			owner: s.PatientID, reason: s.Code})
	}))
}

// SetOutcome records that a result came back, or that the lab
// rejected the sample.
func (svc Specimens) SetOutcome(id model.ID, st model.SpecimenStatus, result string) (model.Specimen, error) {
	sess := svc.sess
	var s model.Specimen
	if err := sess.require(model.PermWriteNote); err != nil {
		return s, err
	}
	if st != model.SpecimenResulted && st != model.SpecimenRejected {
		return s, errors.New("choose whether the result came back or the sample was rejected")
	}
	if err := sess.checkRestricted(model.KindSpecimen, id); err != nil {
		return s, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if s, _, err = getRecord[model.Specimen](sess, tx, model.KindSpecimen, id); err != nil {
			return err
		}
		s.Status, s.Result, s.ResultAt = st, strings.TrimSpace(result), now()
		return sess.write(tx, writeOp{kind: model.KindSpecimen, id: id, body: s, op: model.ActEdit, reason: string(st), owner: s.PatientID})
	})
	return s, wrap("save the specimen", err)
}

// SpecimenRow is a logged specimen with who it belongs to.
type SpecimenRow struct {
	model.Specimen
	Patient PatientSummary
}

// List lists the specimen log, newest first; awaitingOnly keeps the
// ones still without a result.
func (svc Specimens) List(awaitingOnly bool) ([]SpecimenRow, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var list []model.Specimen
	err := listRecords(sess, model.KindSpecimen, false, func(s model.Specimen, _ model.Revision) bool {
		if !awaitingOnly || s.Status == model.SpecimenSent {
			list = append(list, s)
		}
		return true
	})
	if err != nil {
		return nil, wrap("read the specimen log", err)
	}
	out := make([]SpecimenRow, 0, len(list))
	err = sess.view(func(tx *bolt.Tx) error {
		for _, s := range list {
			p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, s.PatientID)
			if err != nil {
				return err
			}
			out = append(out, SpecimenRow{Specimen: s, Patient: sess.masked(summaryOf(p))})
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Collected.After(out[j].Collected) })
	if err == nil {
		err = sess.LogAction(model.ActView, model.KindSpecimen, model.ZeroID, "specimen log")
	}
	return out, wrap("read the specimen log", err)
}
