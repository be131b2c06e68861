package storage

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/search"

	bolt "go.etcd.io/bbolt"
)

// Interfaces receives messages from other systems (HL7 v2 ADT and results)
// and keeps every one of them, sealed, with what became of it. A message
// is applied in one transaction with its record, so it is either wholly in
// the records or not at all; one that cannot be applied is kept in the
// Interface errors queue with the reason, for a supervisor to fix and
// replay. A message is applied once: its sender and control ID are
// remembered (a keyed hash in the blind index), and a copy sent again is
// answered as already applied.
type Interfaces struct{ sess *Session }

// Interfaces is the session's Interfaces service.
func (sess *Session) Interfaces() Interfaces { return Interfaces{sess} }

// controlKey is the blind index probe of a sender's control ID. The
// message type is part of it: a sender that reuses control IDs across
// types (test systems do) still has each message applied.
func (sess *Session) controlKey(sender, typ, controlID string) []byte {
	return sess.keys.Blind("hl7ctl", sender+"\x00"+typ+"\x00"+controlID)
}

// seenControl finds the message already received with this sender and
// control ID.
func (sess *Session) seenControl(tx *bolt.Tx, sender, typ, controlID string) (model.ID, bool) {
	if controlID == "" {
		return model.ZeroID, false
	}
	key := sess.controlKey(sender, typ, controlID)
	k, _ := tx.Bucket(bBlind).Cursor().Seek(key)
	if len(k) == 36 && string(k[:20]) == string(key) {
		return model.ID(k[20:]), true
	}
	return model.ZeroID, false
}

// Receive keeps a received message and applies ev, in one transaction.
// With ev nil the message is only kept, with the status and reason the
// caller set (refused: unreadable or a type Dossier does not take; failed:
// a value that does not read). The message as stored comes back; its
// Status says applied, failed (in the queue, Reason says why) or refused.
// dup reports a message already applied: nothing was done again. An error
// is returned only when the message could not even be kept.
func (svc Interfaces) Receive(in model.InboundMessage, ev *model.InboundEvent) (out model.InboundMessage, dup bool, err error) {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return in, false, err
	}
	if in.Received.IsZero() {
		in.Received = sess.now()
	}
	in.Protocol = "hl7v2"
	var prefix string
	if ev != nil {
		c, err := sess.Clinic()
		if err != nil {
			return in, false, err
		}
		prefix = c.MRNPrefix
	}
	exists := false
	if !in.ID.IsZero() {
		// A replay from the queue: the record is there already.
		sess.view(func(tx *bolt.Tx) error {
			_, _, err := getRecord[model.InboundMessage](sess, tx, model.KindInboundMsg, in.ID)
			exists = err == nil
			return nil
		})
	}
	if in.ID.IsZero() {
		in.ID = model.NewID()
	}
	if !exists && in.Status != model.InboundRefused {
		err := sess.view(func(tx *bolt.Tx) error {
			id, ok := sess.seenControl(tx, in.Sender, in.Type, in.ControlID)
			if !ok {
				return nil
			}
			prev, _, err := getRecord[model.InboundMessage](sess, tx, model.KindInboundMsg, id)
			if err != nil {
				return err
			}
			if prev.Status == model.InboundApplied {
				out, dup = prev, true
				return nil
			}
			// Sent again after it failed: try again on the same record.
			in.ID, in.Attempts, in.Received, exists = prev.ID, prev.Attempts, prev.Received, true
			return nil
		})
		if err != nil || dup {
			return out, dup, wrap("receive the message", err)
		}
	}
	in.Attempts++
	if ev != nil {
		err := sess.update(func(tx *bolt.Tx) error {
			// Another sender of the same copy may have won the race.
			if id, ok := sess.seenControl(tx, in.Sender, in.Type, in.ControlID); ok && !exists {
				if prev, _, err := getRecord[model.InboundMessage](sess, tx, model.KindInboundMsg, id); err == nil && prev.Status == model.InboundApplied {
					out, dup = prev, true
					return nil
				}
			}
			pid, err := sess.applyEvent(tx, *ev, in, prefix)
			if err != nil {
				return err
			}
			in.Status, in.Reason, in.Patient, in.AppliedAt = model.InboundApplied, "", pid, sess.now()
			return sess.keepInbound(tx, in, exists, "applied "+in.Type)
		})
		if dup {
			return out, true, nil
		}
		if err == nil {
			return in, false, nil
		}
		in.Status, in.Reason = model.InboundFailed, reasonOf(err)
	}
	err = sess.update(func(tx *bolt.Tx) error {
		return sess.keepInbound(tx, in, exists, string(in.Status)+": "+in.Reason)
	})
	if err != nil {
		return in, false, wrap("keep the message", err)
	}
	return in, false, nil
}

// reasonOf is an error as the Interface errors queue shows it.
func reasonOf(err error) string {
	var me *model.Error
	if errors.As(err, &me) {
		if f := me.Fields; len(f) > 0 {
			var parts []string
			for k, v := range f {
				parts = append(parts, k+": "+v)
			}
			slices.Sort(parts)
			return strings.Join(parts, "; ")
		}
		return me.Message
	}
	return err.Error()
}

func (sess *Session) keepInbound(tx *bolt.Tx, in model.InboundMessage, exists bool, reason string) error {
	op := model.ActCreate
	if exists {
		op = model.ActEdit
	}
	if err := sess.write(tx, writeOp{kind: model.KindInboundMsg, id: in.ID, body: in, op: op, reason: oneLine(reason)}); err != nil {
		return err
	}
	if !exists && in.ControlID != "" && in.Status != model.InboundRefused {
		return tx.Bucket(bBlind).Put(append(sess.controlKey(in.Sender, in.Type, in.ControlID), in.ID[:]...), nil)
	}
	return nil
}

// findByIdentifiers finds the one patient the sender's identifiers name:
// by MRN or former MRN, or by an old chart number (the identifiers of
// patients registered from messages are kept as such). Merged patients
// resolve to the survivor. Two different patients named is an error.
func (sess *Session) findByIdentifiers(tx *bolt.Tx, ids []string) (model.Patient, bool, error) {
	var found model.ID
	c := tx.Bucket(bBlind).Cursor()
	for _, id := range ids {
		for _, key := range [][]byte{sess.keys.Blind("mrn", model.NormalizeMRN(id)), sess.keys.Blind("legacy", search.NormID(id))} {
			for k, _ := c.Seek(key); k != nil && len(k) == 36 && string(k[:20]) == string(key); k, _ = c.Next() {
				pid := model.ID(k[20:])
				for hop := 0; hop < 8; hop++ {
					p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, pid)
					if err != nil || p.MergedInto.IsZero() {
						break
					}
					pid = p.MergedInto
				}
				if !found.IsZero() && found != pid {
					return model.Patient{}, false, model.Errorf(model.Conflict,
						"the identifiers %s name two different patients in Dossier: merge them or correct the message", strings.Join(ids, ", "))
				}
				found = pid
			}
		}
	}
	if found.IsZero() {
		return model.Patient{}, false, nil
	}
	p, m, err := getRecord[model.Patient](sess, tx, model.KindPatient, found)
	if err != nil {
		return p, false, err
	}
	if m.Deleted {
		return p, false, model.Errorf(model.Conflict, "patient %s is deleted in Dossier: restore the record or correct the message", p.MRN)
	}
	return p, true, nil
}

func unknownPatient(ids []string) error {
	return model.Errorf(model.NotFound, "unknown patient: no patient in Dossier has the identifier %s", strings.Join(ids, " or "))
}

// applyEvent makes the changes a message asks for inside tx, with the
// same rules as the screens (clinical.Stay for admissions, transfers and
// discharges; the patient's validation; the merge). It returns the patient
// the message was about.
func (sess *Session) applyEvent(tx *bolt.Tx, ev model.InboundEvent, in model.InboundMessage, prefix string) (model.ID, error) {
	because := fmt.Sprintf("HL7 %s %s from %s", in.Type, in.ControlID, strings.TrimSuffix(in.Sender, "|"))
	p, ok, err := sess.findByIdentifiers(tx, ev.Identifiers)
	if err != nil {
		return model.ZeroID, err
	}
	switch ev.Trigger {
	case "A01", "A04", "A05", "A28":
		if ok {
			if p, err = sess.updateFromMessage(tx, p, ev, because); err != nil {
				return model.ZeroID, err
			}
		} else if p, err = sess.registerFromMessage(tx, ev, prefix); err != nil {
			return model.ZeroID, err
		}
	case "R01":
		// A result for a patient the clinic does not know is never filed
		// to a new record: someone must say whose it is.
		if !ok {
			return model.ZeroID, unknownPatient(ev.Identifiers)
		}
	default:
		if !ok {
			return model.ZeroID, unknownPatient(ev.Identifiers)
		}
	}
	switch ev.Trigger {
	case "A01":
		return p.ID, sess.admitFromMessage(tx, p, ev, because)
	case "A04":
		if ev.Ward == "" && ev.Class == "" {
			return p.ID, nil
		}
		typ := ev.Class
		if typ == "" || typ == model.EncInpatient {
			typ = model.EncOutpatient
		}
		e := model.Encounter{ID: model.NewID(), PatientID: p.ID, Type: typ, Start: ev.At, Ward: ev.Ward, Reason: ev.Reason, Clinician: ev.AdmittedBy}
		if err := clinical.ValidateEncounter(e, sess.now()); err != nil {
			return p.ID, err
		}
		return p.ID, sess.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: model.ActCreate, owner: p.ID, reason: because})
	case "A02", "A03", "A11", "A12":
		return p.ID, sess.changeStayFromMessage(tx, p, ev, because)
	case "A13":
		return p.ID, sess.cancelDischarge(tx, p, because)
	case "A08", "A31":
		_, err := sess.updateFromMessage(tx, p, ev, because)
		return p.ID, err
	case "A40":
		return p.ID, sess.mergeFromMessage(tx, p, ev, because)
	case "R01":
		for _, r := range ev.Reports {
			r.ID, r.PatientID, r.Sender, r.Message = model.NewID(), p.ID, in.Sender, in.ID
			if err := sess.write(tx, writeOp{kind: model.KindLabReport, id: r.ID, body: r, op: model.ActCreate, owner: p.ID, reason: because}); err != nil {
				return p.ID, err
			}
		}
		return p.ID, nil
	}
	return p.ID, nil
}

func (sess *Session) registerFromMessage(tx *bolt.Tx, ev model.InboundEvent, prefix string) (model.Patient, error) {
	p := ev.Patient
	p.LegacyCharts = union(nil, ev.Identifiers)
	if err := sess.preparePatient(tx, &p, prefix); err != nil {
		return p, err
	}
	return p, nil
}

// updateFromMessage writes what the message says of the patient over the
// record: fields it leaves empty keep their value; the sender's
// identifiers are kept as old chart numbers.
func (sess *Session) updateFromMessage(tx *bolt.Tx, old model.Patient, ev model.InboundEvent, because string) (model.Patient, error) {
	p, in := old, ev.Patient
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&p.GivenName, in.GivenName)
	set(&p.FamilyName, in.FamilyName)
	set(&p.Phone, in.Phone)
	set(&p.NationalID, in.NationalID)
	if in.Sex != "" && in.Sex != model.SexUnknown {
		p.Sex = in.Sex
	}
	if !in.BirthDate.IsZero() {
		p.BirthDate, p.BirthEstimated = in.BirthDate, false
	}
	if len(in.Address) > 0 {
		p.Address = in.Address
	}
	p.OtherNames = union(p.OtherNames, in.OtherNames)
	var mine []string
	for _, id := range ev.Identifiers {
		if model.NormalizeMRN(id) != model.NormalizeMRN(p.MRN) && !slices.Contains(p.FormerMRNs, id) {
			mine = append(mine, id)
		}
	}
	p.LegacyCharts = union(p.LegacyCharts, mine)
	if errs := p.Validate(sess.now()); len(errs) > 0 {
		return old, model.InvalidFields(errs)
	}
	if patientSame(old, p) {
		return p, nil
	}
	if err := sess.write(tx, writeOp{kind: model.KindPatient, id: p.ID, body: p, op: model.ActEdit, reason: because}); err != nil {
		return old, err
	}
	return p, sess.reindex(tx, &old, &p)
}

func patientSame(a, b model.Patient) bool {
	return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b)
}

func (sess *Session) admitFromMessage(tx *bolt.Tx, p model.Patient, ev model.InboundEvent, because string) error {
	e := model.Encounter{ID: model.NewID(), PatientID: p.ID, Type: model.EncInpatient, Start: ev.At,
		Ward: oneLine(ev.Ward), Bed: strings.TrimSpace(ev.Bed), AdmittedBy: oneLine(ev.AdmittedBy), Reason: strings.TrimSpace(ev.Reason)}
	e.Clinician = e.AdmittedBy
	stay := clinical.StayOf(e)
	if err := stay.CheckAdmission(sess.now()); err != nil {
		return err
	}
	if err := stayRule(stay.Validate(sess.now())); err != nil {
		return err
	}
	if open, ok := sess.openStay(tx, p.ID); ok {
		return model.Errorf(model.Conflict, "%s is still admitted in ward %s since %s: the discharge has not come",
			p.MRN, clinical.StayOf(open).CurrentWard(), open.Start.Format("2006-01-02 15:04"))
	}
	if err := sess.checkOverlap(tx, e); err != nil {
		return err
	}
	return sess.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: model.ActCreate,
		owner: p.ID, reason: "admitted to " + e.Ward + " (" + because + ")"})
}

// changeStayFromMessage applies a transfer (A02), discharge (A03), cancel
// admit (A11) or cancel transfer (A12) to the patient's open stay.
func (sess *Session) changeStayFromMessage(tx *bolt.Tx, p model.Patient, ev model.InboundEvent, because string) error {
	e, ok := sess.openStay(tx, p.ID)
	if !ok {
		return model.Errorf(model.Conflict, "%s is not admitted in Dossier: the admission has not come, or the stay is already discharged", p.MRN)
	}
	s := clinical.StayOf(e)
	var reason string
	deleted := false
	switch ev.Trigger {
	case "A02":
		t := model.Transfer{At: ev.At, FromWard: s.CurrentWard(), ToWard: oneLine(ev.Ward), Bed: strings.TrimSpace(ev.Bed), By: "HL7"}
		if err := s.CheckTransfer(clinical.Transfer{At: t.At, FromWard: t.FromWard, ToWard: t.ToWard}, sess.now()); err != nil {
			return err
		}
		e.Transfers = append(e.Transfers, t)
		reason = "transfer to " + t.ToWard
	case "A03":
		d := clinical.Disposition(ev.Disposition)
		if err := s.CheckDischarge(ev.At, d, sess.now()); err != nil {
			return err
		}
		e.End, e.Disposition = ev.At, string(d)
		reason = "discharge: " + d.Label()
	case "A11":
		deleted, reason = true, "admission cancelled"
	case "A12":
		if len(e.Transfers) == 0 {
			return model.Errorf(model.Conflict, "%s's stay has no transfer to cancel", p.MRN)
		}
		last := e.Transfers[len(e.Transfers)-1]
		e.Transfers = e.Transfers[:len(e.Transfers)-1]
		reason = "transfer to " + last.ToWard + " cancelled"
	}
	if err := stayRule(clinical.StayOf(e).Validate(sess.now())); err != nil {
		return err
	}
	op := model.ActEdit
	if deleted {
		op = model.ActDelete
	}
	return sess.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: op, owner: p.ID,
		deleted: deleted, reason: reason + " (" + because + ")"})
}

// cancelDischarge (A13) reopens the patient's last discharged stay, when
// no stay has begun since.
func (sess *Session) cancelDischarge(tx *bolt.Tx, p model.Patient, because string) error {
	if _, ok := sess.openStay(tx, p.ID); ok {
		return model.Errorf(model.Conflict, "%s is admitted now: a discharge of an earlier stay cannot be cancelled", p.MRN)
	}
	var last model.Encounter
	for _, id := range sess.owned(tx, p.ID, model.KindEncounter) {
		e, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
		if err == nil && !m.Deleted && e.Type == model.EncInpatient && !e.End.IsZero() && e.End.After(last.End) {
			last = e
		}
	}
	if last.ID.IsZero() {
		return model.Errorf(model.Conflict, "%s has no discharged stay to reopen", p.MRN)
	}
	last.End, last.Disposition, last.DischargeNote = time.Time{}, "", ""
	if err := stayRule(clinical.StayOf(last).Validate(sess.now())); err != nil {
		return err
	}
	return sess.write(tx, writeOp{kind: model.KindEncounter, id: last.ID, body: last, op: model.ActEdit, owner: p.ID,
		reason: "discharge cancelled (" + because + ")"})
}

// mergeFromMessage (A40) merges the patient MRG-1 names into the one PID
// names, through the same merge as the duplicates screen (undoable), with
// the survivor's demographics.
func (sess *Session) mergeFromMessage(tx *bolt.Tx, survivor model.Patient, ev model.InboundEvent, because string) error {
	// Can, not require: require audits a refusal in a transaction of its
	// own, and this one is open.
	if !sess.Can(model.PermMerge) {
		return model.Errorf(model.Denied, "a merge (A40) needs a supervisor's sign-in on the interface (%s may not merge patients)", sess.user.Username)
	}
	gone, ok, err := sess.findByIdentifiers(tx, ev.MergeFrom)
	if err != nil {
		return err
	}
	if !ok {
		return model.Errorf(model.NotFound, "unknown patient to merge away: no patient in Dossier has the identifier %s", strings.Join(ev.MergeFrom, " or "))
	}
	if gone.ID == survivor.ID {
		return model.Errorf(model.Conflict, "%s is already merged into %s", strings.Join(ev.MergeFrom, ", "), survivor.MRN)
	}
	mg := model.Merge{ID: model.NewID(), Survivor: survivor.ID, Merged: gone.ID, Reason: because, By: sess.user.Username, At: sess.now()}
	return sess.mergeTx(tx, &mg, survivor, true)
}
