package storage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Registers reads the encounters the classic health-records registers and
// indexes are made from (disease, procedure and clinician indexes, the
// admission and discharge, death and birth registers). Building each
// register is app/flow/registers'; storage checks the permission, masks
// restricted patients and audits the opening.
type Registers struct{ sess *Session }

// Registers is the session's Registers service.
func (sess *Session) Registers() Registers { return Registers{sess} }

// RegisterEncounter is one encounter of a register, with its patient.
type RegisterEncounter struct {
	Encounter model.Encounter
	Patient   PatientSummary
}

// Encounters lists the encounters that touch [from, to): begun before to
// and not ended before from (an open stay touches every later period),
// oldest first, with their patients (restricted ones masked for roles that
// may not open them). register names the register for the audit trail.
//
// It reads every encounter, then the patients of those kept: for a month
// of a clinic with 100,000 encounters about a quarter of a second. The
// statistics engine's date indexes are the next step for district scale.
func (svc Registers) Encounters(register string, from, to time.Time) ([]RegisterEncounter, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	if !to.After(from) {
		return nil, model.Errorf(model.Invalid, "the period must end after it starts")
	}
	var out []RegisterEncounter
	err := listRecords(sess, model.KindEncounter, false, func(e model.Encounter, _ model.Revision) bool {
		if e.Start.Before(to) && (e.End.IsZero() || !e.End.Before(from)) {
			out = append(out, RegisterEncounter{Encounter: e})
		}
		return true
	})
	if err == nil {
		err = sess.view(func(tx *bolt.Tx) error {
			for i := range out {
				p, m, err := getRecord[model.Patient](sess, tx, model.KindPatient, out[i].Encounter.PatientID)
				if err != nil {
					return err
				}
				s := summaryOf(p)
				s.Deleted = m.Deleted
				out[i].Patient = sess.masked(s)
			}
			return nil
		})
	}
	if err != nil {
		return nil, wrap("read the "+register, err)
	}
	slices.SortStableFunc(out, func(a, b RegisterEncounter) int {
		return cmp.Or(a.Encounter.Start.Compare(b.Encounter.Start), strings.Compare(a.Encounter.ID.String(), b.Encounter.ID.String()))
	})
	detail := fmt.Sprintf("%s %s to %s (%d encounters)", oneLine(register), from.Format("2006-01-02"),
		to.AddDate(0, 0, -1).Format("2006-01-02"), len(out))
	if err := sess.logAction(model.ActView, model.KindEncounter, model.ZeroID, detail); err != nil {
		return nil, err
	}
	return out, nil
}
