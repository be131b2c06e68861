package storage

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Of returns a patient's paper chart record; ok is false when the
// chart has never been shelved.
func (svc ChartFiles) Of(patient model.ID) (cf model.ChartFile, ok bool, err error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return cf, false, err
	}
	err = sess.view(func(tx *bolt.Tx) error {
		ids := sess.owned(tx, patient, model.KindChartFile)
		if len(ids) == 0 {
			return nil
		}
		cf, _, err = getRecord[model.ChartFile](sess, tx, model.KindChartFile, ids[0])
		ok = err == nil
		return err
	})
	return cf, ok, wrap("read where the paper chart is", err)
}

// moveChart applies a movement to a patient's chart, creating the record
// the first time the chart is shelved.
func (sess *Session) moveChart(patient model.ID, op model.Action, reason string, move func(*model.ChartFile) error) (model.ChartFile, error) {
	var cf model.ChartFile
	if err := sess.require(model.PermDigitize); err != nil {
		return cf, err
	}
	if err := sess.checkRestricted(model.KindPatient, patient); err != nil {
		return cf, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		create := true
		if ids := sess.owned(tx, patient, model.KindChartFile); len(ids) > 0 {
			var err error
			if cf, _, err = getRecord[model.ChartFile](sess, tx, model.KindChartFile, ids[0]); err != nil {
				return err
			}
			create = false
		} else {
			cf = model.ChartFile{ID: model.NewID(), PatientID: patient, Status: model.ChartOnShelf, Since: sess.now()}
		}
		if err := move(&cf); err != nil {
			return err
		}
		w := writeOp{kind: model.KindChartFile, id: cf.ID, body: cf, op: op, reason: reason, owner: patient}
		if create {
			w.op = model.ActCreate
		}
		return sess.write(tx, w)
	})
	return cf, wrap("record the chart movement", err)
}

var errShelf = model.Errorf(model.Invalid, "enter the shelf or cabinet where the chart is kept")

// Shelve sets (or changes) where a chart lives in the file room.
func (svc ChartFiles) Shelve(patient model.ID, shelf, note string) (model.ChartFile, error) {
	sess := svc.sess
	shelf = strings.TrimSpace(shelf)
	return sess.moveChart(patient, model.ActEdit, "shelf "+shelf, func(cf *model.ChartFile) error {
		if shelf == "" {
			return errShelf
		}
		cf.Shelf, cf.Note = shelf, strings.TrimSpace(note)
		return nil
	})
}

// CheckOut lends the chart to a person or ward until due.
func (svc ChartFiles) CheckOut(patient model.ID, holder string, due model.Date, note string) (model.ChartFile, error) {
	sess := svc.sess
	holder = strings.TrimSpace(holder)
	return sess.moveChart(patient, model.ActChartOut, "to "+holder+" until "+due.String(), func(cf *model.ChartFile) error {
		cf.Note = strings.TrimSpace(note)
		return cf.CheckOut(holder, due, model.DateOf(sess.now()), sess.now())
	})
}

// Return puts the chart back on its shelf.
func (svc ChartFiles) Return(patient model.ID, note string) (model.ChartFile, error) {
	sess := svc.sess
	return sess.moveChart(patient, model.ActChartIn, "returned", func(cf *model.ChartFile) error {
		cf.Note = strings.TrimSpace(note)
		return cf.Return(sess.now())
	})
}

// ChartMovement is one revision of a chart record: where it went, when and
// who recorded it.
type ChartMovement struct {
	model.ChartFile
	At time.Time
	By string
}

// Movements lists every movement of a patient's chart, oldest first.
func (svc ChartFiles) Movements(patient model.ID) ([]ChartMovement, error) {
	sess := svc.sess
	cf, ok, err := sess.ChartFiles().Of(patient)
	if err != nil || !ok {
		return nil, err
	}
	var out []ChartMovement
	err = sess.view(func(tx *bolt.Tx) error {
		h, err := sess.readRevision(tx, model.KindChartFile, cf.ID, 0)
		if err != nil {
			return err
		}
		for rev := uint32(1); rev <= h.Meta.Rev; rev++ {
			env, err := sess.readRevision(tx, model.KindChartFile, cf.ID, rev)
			if err != nil {
				return err
			}
			var m ChartMovement
			if err := json.Unmarshal(env.Body, &m.ChartFile); err != nil {
				return err
			}
			m.At, m.By = env.Meta.Time, env.Meta.User
			out = append(out, m)
		}
		return nil
	})
	return out, wrap("read the chart's movements", err)
}

// ChartOut is a chart away from the file room, for the overdue list.
type ChartOut struct {
	model.ChartFile
	Patient PatientSummary
}

// Out lists charts checked out, most overdue first.
func (svc ChartFiles) Out() ([]ChartOut, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var files []model.ChartFile
	err := listRecords(sess, model.KindChartFile, false, func(cf model.ChartFile, _ model.Revision) bool {
		if cf.Status != model.ChartOnShelf {
			files = append(files, cf)
		}
		return true
	})
	if err != nil {
		return nil, wrap("list charts out", err)
	}
	out := make([]ChartOut, 0, len(files))
	err = sess.view(func(tx *bolt.Tx) error {
		for _, cf := range files {
			p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, cf.PatientID)
			if err != nil {
				return err
			}
			out = append(out, ChartOut{ChartFile: cf, Patient: sess.masked(summaryOf(p))})
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Time().Before(out[j].Due.Time()) })
	return out, wrap("list charts out", err)
}

// Log records a sample sent to the laboratory and gives it its
// label code (MRN and the patient's next specimen number).
func (svc Specimens) Log(s *model.Specimen) error {
	sess := svc.sess
	if err := sess.require(model.PermWriteNote); err != nil {
		return err
	}
	s.Type, s.Tests, s.Lab = strings.TrimSpace(s.Type), strings.TrimSpace(s.Tests), strings.TrimSpace(s.Lab)
	if err := s.Validate(sess.now()); err != nil {
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
		return s, model.Errorf(model.Invalid, "choose whether the result came back or the sample was rejected")
	}
	if err := sess.checkRestricted(model.KindSpecimen, id); err != nil {
		return s, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if s, _, err = getRecord[model.Specimen](sess, tx, model.KindSpecimen, id); err != nil {
			return err
		}
		s.Status, s.Result, s.ResultAt = st, strings.TrimSpace(result), sess.now()
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
		err = sess.logAction(model.ActView, model.KindSpecimen, model.ZeroID, "specimen log")
	}
	return out, wrap("read the specimen log", err)
}
