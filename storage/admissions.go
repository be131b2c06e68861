package storage

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// Admissions, transfers and discharges: an inpatient stay is an encounter
// of type inpatient whose course (transfers, discharge, disposition) is
// written as new revisions of that encounter, each audited with its
// reason ("admitted to Maternity", "transfer to ICU", "discharge: Died").

// Admit records an admission: an inpatient encounter with at least the
// time and ward of admission. The stay is checked with clinical.Stay's
// rules and must not overlap another stay of the patient.
func (svc Admissions) Admit(e *model.Encounter) error {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return err
	}
	if e.Type != "" && e.Type != model.EncInpatient {
		return model.Errorf(model.Invalid, "only an inpatient stay is admitted; this is a %s encounter", e.Type)
	}
	e.Type = model.EncInpatient
	e.Ward, e.Bed = oneLine(e.Ward), strings.TrimSpace(e.Bed)
	e.AdmittedBy, e.Reason = oneLine(e.AdmittedBy), strings.TrimSpace(e.Reason)
	if e.Clinician == "" {
		e.Clinician = e.AdmittedBy
	}
	if e.PatientID.IsZero() {
		return model.FieldError(clinical.FieldPatient, "find and choose the patient to admit")
	}
	stay := clinical.StayOf(*e)
	if err := stay.CheckAdmission(sess.now()); err != nil {
		return err
	}
	if err := stayRule(stay.Validate(sess.now())); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, e.PatientID); err != nil {
		return err
	}
	if err := sess.view(func(tx *bolt.Tx) (err error) { e.Ward, err = sess.wardChoice(tx, e.Ward); return }); err != nil {
		return err
	}
	e.ID = model.NewID()
	send := sess.sendsADT()
	return wrap("admit the patient", sess.update(func(tx *bolt.Tx) error {
		p, m, err := getRecord[model.Patient](sess, tx, model.KindPatient, e.PatientID)
		switch {
		case errors.Is(err, ErrNotFound):
			return model.Errorf(model.NotFound, "this patient is not registered")
		case err != nil:
			return err
		case m.Deleted:
			return model.Errorf(model.Conflict, "this patient's record is deleted: restore it, or admit the right record")
		case !p.MergedInto.IsZero():
			return model.Errorf(model.Conflict, "this record was merged into another: admit the patient under the record that was kept")
		}
		if open, ok := sess.openStay(tx, e.PatientID); ok && !e.Start.Before(open.Start) {
			return model.FieldError(clinical.FieldStay, fmt.Sprintf(
				"%s is still admitted in ward %s since %s: discharge that stay first",
				p.DisplayName(), clinical.StayOf(open).CurrentWard(), open.Start.Format("2006-01-02 15:04")))
		}
		if err := sess.checkOverlap(tx, *e); err != nil {
			return model.FieldError(clinical.FieldTime, err.Error())
		}
		if err := sess.resolveClinician(tx, e); err != nil {
			return err
		}
		if err := sess.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: model.ActCreate,
			owner: e.PatientID, reason: "admitted to " + e.Ward}); err != nil {
			return err
		}
		if send {
			return sess.queueOutbound(tx, "A01", e.PatientID, e.ID)
		}
		return nil
	}))
}

// openStay finds a live inpatient encounter of the patient with no
// discharge.
func (sess *Session) openStay(tx *bolt.Tx, patient model.ID) (model.Encounter, bool) {
	for _, id := range sess.owned(tx, patient, model.KindEncounter) {
		o, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
		if err == nil && !m.Deleted && o.Type == model.EncInpatient && o.End.IsZero() {
			return o, true
		}
	}
	return model.Encounter{}, false
}

// stayRule makes a broken rule of clinical.Stay an Invalid model.Error about the
// stay as a whole: the Check methods have already named the field for
// every refusal a form can cause, so this is the safety net.
func stayRule(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := clinical.StayField(err); ok {
		return err
	}
	return model.FieldError(clinical.FieldStay, err.Error())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// changeStay reads an inpatient encounter for a change to its course,
// applies change and writes the result as a new revision with reason.
// trigger is the HL7 event sent for the change when the clinic sends ADT.
func (sess *Session) changeStay(what, trigger string, id model.ID, change func(e *model.Encounter) (reason string, err error)) (model.Encounter, error) {
	var e model.Encounter
	send := sess.sendsADT()
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return e, err
	}
	if err := sess.checkRestricted(model.KindEncounter, id); err != nil {
		return e, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		cur, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
		switch {
		case err != nil:
			return err
		case m.Deleted:
			return ErrDeleted
		case cur.Type != model.EncInpatient:
			return model.FieldError(clinical.FieldStay, fmt.Sprintf("this is a %s visit, not an inpatient stay", cur.Type))
		}
		reason, err := change(&cur)
		if err != nil {
			return err
		}
		if err := stayRule(clinical.StayOf(cur).Validate(sess.now())); err != nil {
			return err
		}
		if err := sess.write(tx, writeOp{kind: model.KindEncounter, id: id, body: cur, op: model.ActEdit,
			reason: reason, owner: cur.PatientID}); err != nil {
			return err
		}
		if send {
			if err := sess.queueOutbound(tx, trigger, cur.PatientID, id); err != nil {
				return err
			}
		}
		e = cur
		return nil
	})
	if err != nil {
		return model.Encounter{}, wrap(what, err)
	}
	return e, nil
}

// Transfer moves an admitted patient to another ward of this facility at
// `at`, as a new revision of the stay. The move must come after the
// admission and the last transfer, go to a different ward, and the stay
// must not have ended. A move to another facility is a discharge
// (clinical.DispTransferredOut) instead.
func (svc Admissions) Transfer(id model.ID, to, bed string, at time.Time) (model.Encounter, error) {
	sess := svc.sess
	to, bed = oneLine(to), strings.TrimSpace(bed)
	if to != "" {
		if err := sess.view(func(tx *bolt.Tx) (err error) { to, err = sess.wardChoice(tx, to); return }); err != nil {
			return model.Encounter{}, err
		}
	}
	return sess.changeStay("transfer the patient", "A02", id, func(e *model.Encounter) (string, error) {
		s := clinical.StayOf(*e)
		t := model.Transfer{At: at, FromWard: s.CurrentWard(), ToWard: to, Bed: bed, By: sess.user.Username}
		if err := s.CheckTransfer(clinical.Transfer{At: t.At, FromWard: t.FromWard, ToWard: t.ToWard}, sess.now()); err != nil {
			return "", err
		}
		e.Transfers = append(e.Transfers, t)
		return "transfer to " + to, nil
	})
}

// Discharge ends a stay at `at` (for a death, the time of death) with how
// the patient left, given as a clinical.Disposition's stored value or its
// label, and an optional note.
func (svc Admissions) Discharge(id model.ID, at time.Time, disposition, note string) (model.Encounter, error) {
	sess := svc.sess
	d := clinical.Disposition(strings.TrimSpace(disposition))
	if found, ok := clinical.DispositionByLabel(string(d)); ok {
		d = found
	}
	return sess.changeStay("discharge the patient", "A03", id, func(e *model.Encounter) (string, error) {
		if err := clinical.StayOf(*e).CheckDischarge(at, d, sess.now()); err != nil {
			return "", err
		}
		e.End, e.Disposition, e.DischargeNote = at, string(d), strings.TrimSpace(note)
		return "discharge: " + d.Label(), nil
	})
}

// CensusRow is one patient in a bed at the census time.
type CensusRow struct {
	Encounter model.Encounter
	Ward      string // the ward at the census time, after any transfers
	Bed       string // the bed at the census time; "" when not recorded
	Patient   PatientSummary
	Days      int // inpatient days so far (clinical.Stay.LengthOfStay)
}

// Census lists the patients admitted at `at` (stays open then), by ward
// and then by admission. Restricted patients show only their MRN to roles
// that may not open them. Pass the time as the ward clock reads it
// (time.Now() on the workstation): days are counted in its calendar.
//
// It reads every encounter: fine for a clinic's tens of thousands of
// encounters; an index of open stays would be the next step for a large
// hospital.
func (svc Admissions) Census(at time.Time) ([]CensusRow, error) {
	return svc.census(at, true)
}

// CensusRefresh is Census for a census screen already open: the view was
// audited when it opened (every refresh writing a "view census" entry
// buried real activity in the trail). A session that has not viewed the
// census yet is audited as Census is.
func (svc Admissions) CensusRefresh(at time.Time) ([]CensusRow, error) {
	svc.sess.mu.Lock()
	seen := svc.sess.censusSeen
	svc.sess.mu.Unlock()
	return svc.census(at, !seen)
}

func (svc Admissions) census(at time.Time, audit bool) ([]CensusRow, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []CensusRow
	err := listRecords(sess, model.KindEncounter, false, func(e model.Encounter, _ model.Revision) bool {
		if e.Type != model.EncInpatient {
			return true
		}
		s := clinical.StayOf(e)
		if w := s.WardAt(at); w != "" {
			sofar := s
			sofar.Discharged = time.Time{} // a census in the past counts the days up to then
			out = append(out, CensusRow{Encounter: e, Ward: oneLine(w), Bed: s.BedAt(at), Days: sofar.LengthOfStay(at)})
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
		return nil, wrap("read the census", err)
	}
	slices.SortStableFunc(out, func(a, b CensusRow) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Ward), strings.ToLower(b.Ward)), a.Encounter.Start.Compare(b.Encounter.Start))
	})
	if !audit {
		return out, nil
	}
	if err := sess.logAction(model.ActView, model.KindEncounter, model.ZeroID, fmt.Sprintf("census (%d)", len(out))); err != nil {
		return nil, err
	}
	sess.mu.Lock()
	sess.censusSeen = true
	sess.mu.Unlock()
	return out, nil
}

// WardCount is how many patients one ward holds.
type WardCount struct {
	Ward     string
	Patients int
}

// WardCounts counts census rows per ward, fullest ward first. Wards are
// grouped ignoring case and spacing, under the spelling met first, as
// clinical.Census does.
func WardCounts(rows []CensusRow) []WardCount {
	var out []WardCount
	at := map[string]int{}
	for _, r := range rows {
		key := strings.ToLower(oneLine(r.Ward))
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, WardCount{Ward: oneLine(r.Ward)})
		}
		out[i].Patients++
	}
	slices.SortStableFunc(out, func(a, b WardCount) int {
		return cmp.Or(b.Patients-a.Patients, strings.Compare(strings.ToLower(a.Ward), strings.ToLower(b.Ward)))
	})
	return out
}
