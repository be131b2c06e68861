package storage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// The HL7 outbox: when the clinic sends ADT (Interfaces.SendADT), each
// admission (A01), transfer (A02), discharge (A03) and demographic change
// (A08) made in Dossier puts an event in the outbox in the same
// transaction as the change, so none is lost however the program ends.
// The sender (app/flow/hl7out) builds each message from the records and
// delivers it, oldest first, to a folder or an MLLP peer, retrying until
// the peer acknowledges it.

// Outbox is the outbox of messages to send.
type Outbox struct{ sess *Session }

// Outbox is the session's Outbox service.
func (sess *Session) Outbox() Outbox { return Outbox{sess} }

// sendsADT reads the clinic's setting before a transaction (Clinic reads
// the store the first time, which must not happen inside a write).
func (sess *Session) sendsADT() bool {
	c, err := sess.Clinic()
	return err == nil && c.Interfaces.SendADT
}

// queueOutbound puts an ADT event in the outbox, inside the change's
// transaction.
func (sess *Session) queueOutbound(tx *bolt.Tx, trigger string, patient, encounter model.ID) error {
	id := model.NewID()
	o := model.OutboundMessage{ID: id, Trigger: trigger, Patient: patient, Encounter: encounter,
		ControlID: "DOS" + strings.ToUpper(id.String()[:17]), Created: sess.now(), Status: model.OutboundPending}
	return sess.write(tx, writeOp{kind: model.KindOutboundMsg, id: id, body: o, op: model.ActCreate, reason: "ADT^" + trigger + " to send"})
}

// Pending lists the messages still to send, oldest first.
func (svc Outbox) Pending() ([]model.OutboundMessage, error) {
	return svc.list(func(o model.OutboundMessage) bool { return o.Status == model.OutboundPending })
}

// Recent lists the last n messages of the outbox, newest first.
func (svc Outbox) Recent(n int) ([]model.OutboundMessage, error) {
	out, err := svc.list(func(model.OutboundMessage) bool { return true })
	slices.Reverse(out)
	return out[:min(n, len(out))], err
}

func (svc Outbox) list(keep func(model.OutboundMessage) bool) ([]model.OutboundMessage, error) {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return nil, err
	}
	var out []model.OutboundMessage
	err := listRecords(sess, model.KindOutboundMsg, false, func(o model.OutboundMessage, _ model.Revision) bool {
		if keep(o) {
			out = append(out, o)
		}
		return true
	})
	slices.SortStableFunc(out, func(a, b model.OutboundMessage) int { return cmp.Compare(a.Created.UnixNano(), b.Created.UnixNano()) })
	return out, wrap("read the outbox", err)
}

// Content reads what a message carries: the patient and the stay as they
// are now. The disclosure is audited when the message is marked sent.
func (svc Outbox) Content(o model.OutboundMessage) (model.Patient, model.Encounter, error) {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return model.Patient{}, model.Encounter{}, err
	}
	var p model.Patient
	var e model.Encounter
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		if p, _, err = getRecord[model.Patient](sess, tx, model.KindPatient, o.Patient); err != nil {
			return err
		}
		if !o.Encounter.IsZero() {
			e, _, err = getRecord[model.Encounter](sess, tx, model.KindEncounter, o.Encounter)
		}
		return err
	})
	return p, e, wrap("read the message's records", err)
}

// Delivered records the outcome of one attempt: sent (to is where), or
// not (problem says why; rejected stops the retries).
func (svc Outbox) Delivered(id model.ID, to string, problem error, rejected bool) error {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return err
	}
	return wrap("record the delivery", sess.update(func(tx *bolt.Tx) error {
		o, _, err := getRecord[model.OutboundMessage](sess, tx, model.KindOutboundMsg, id)
		if err != nil {
			return err
		}
		o.Attempts++
		reason := ""
		switch {
		case problem == nil:
			o.Status, o.SentAt, o.SentTo, o.LastError = model.OutboundSent, sess.now(), to, ""
			reason = fmt.Sprintf("ADT^%s %s sent to %s", o.Trigger, o.ControlID, to)
		case rejected:
			o.Status, o.LastError = model.OutboundRejected, oneLine(problem.Error())
			reason = "refused by " + to + ": " + o.LastError
		default:
			o.LastError = oneLine(problem.Error())
			reason = fmt.Sprintf("attempt %d to %s failed: %s", o.Attempts, to, o.LastError)
		}
		if err := sess.write(tx, writeOp{kind: model.KindOutboundMsg, id: id, body: o, op: model.ActEdit, reason: reason}); err != nil {
			return err
		}
		if problem == nil {
			// What left the clinic, and for whom, in the trail.
			return sess.appendAudit(tx, model.AuditEntry{Action: model.ActExport, Kind: model.KindPatient, Record: o.Patient, Detail: reason})
		}
		return nil
	}))
}

// Retry puts a failed message back to wait for the next delivery: one the
// peer refused goes back in the outbox (the refusal stays in its history
// and in LastError until the next attempt); one that is waiting after a
// failed attempt is already there, and the caller delivers now. Sent and
// cancelled messages are not sent again from here.
func (svc Outbox) Retry(id model.ID) (model.OutboundMessage, error) {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return model.OutboundMessage{}, err
	}
	var o model.OutboundMessage
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if o, _, err = getRecord[model.OutboundMessage](sess, tx, model.KindOutboundMsg, id); err != nil {
			return err
		}
		switch o.Status {
		case model.OutboundPending:
			return nil
		case model.OutboundRejected:
			o.Status = model.OutboundPending
			return sess.write(tx, writeOp{kind: model.KindOutboundMsg, id: id, body: o, op: model.ActEdit,
				reason: fmt.Sprintf("ADT^%s %s to send again after: %s", o.Trigger, o.ControlID, o.LastError)})
		}
		return model.Errorf(model.Conflict, "ADT^%s %s is %s: only a failed or waiting message is tried again",
			o.Trigger, o.ControlID, strings.ToLower(o.Label()))
	})
	return o, wrap("retry the message", err)
}

// Cancel takes a message that is waiting or failed out of the outbox, with
// the supervisor's reason: it is never sent, and the messages after it no
// longer wait for it. The message and its history are kept.
func (svc Outbox) Cancel(id model.ID, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	return wrap("cancel the message", sess.update(func(tx *bolt.Tx) error {
		o, _, err := getRecord[model.OutboundMessage](sess, tx, model.KindOutboundMsg, id)
		if err != nil {
			return err
		}
		if o.Status != model.OutboundPending && o.Status != model.OutboundRejected {
			return model.Errorf(model.Conflict, "ADT^%s %s is %s: only a waiting or failed message is cancelled",
				o.Trigger, o.ControlID, strings.ToLower(o.Label()))
		}
		o.Status, o.Reason = model.OutboundCancelled, oneLine(reason)
		return sess.write(tx, writeOp{kind: model.KindOutboundMsg, id: id, body: o, op: model.ActEdit,
			reason: fmt.Sprintf("ADT^%s %s cancelled: %s", o.Trigger, o.ControlID, o.Reason)})
	}))
}
