package storage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// The Interface errors queue: received messages that could not be applied,
// waiting for a supervisor to fix (edit the message, or the records it
// refers to) and replay, or to dismiss with a reason. Reading the queue
// shows patient data (the messages), so it needs the supervisor's review
// permission and is audited.

// InterfaceQueue lists the messages waiting (failed), oldest first.
func (svc Interfaces) InterfaceQueue() ([]model.InboundMessage, error) {
	return svc.list(func(m model.InboundMessage) bool { return m.Status == model.InboundFailed }, "interface errors")
}

// Received lists the last n messages received, whatever became of them,
// newest first.
func (svc Interfaces) Received(n int) ([]model.InboundMessage, error) {
	out, err := svc.list(func(model.InboundMessage) bool { return true }, "messages received")
	slices.Reverse(out)
	return out[:min(n, len(out))], err
}

func (svc Interfaces) list(keep func(model.InboundMessage) bool, what string) ([]model.InboundMessage, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return nil, err
	}
	var out []model.InboundMessage
	err := listRecords(sess, model.KindInboundMsg, false, func(m model.InboundMessage, _ model.Revision) bool {
		if keep(m) {
			out = append(out, m)
		}
		return true
	})
	if err != nil {
		return nil, wrap("read the "+what, err)
	}
	slices.SortStableFunc(out, func(a, b model.InboundMessage) int { return cmp.Compare(a.Received.UnixNano(), b.Received.UnixNano()) })
	return out, sess.logAction(model.ActView, model.KindInboundMsg, model.ZeroID, fmt.Sprintf("%s (%d)", what, len(out)))
}

// InboundMessage opens one received message.
func (svc Interfaces) InboundMessage(id model.ID) (model.InboundMessage, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return model.InboundMessage{}, err
	}
	m, _, err := getRecord[model.InboundMessage](sess, nil, model.KindInboundMsg, id)
	if err != nil {
		return m, wrap("open the message", err)
	}
	return m, sess.logAction(model.ActView, model.KindInboundMsg, id, "")
}

// Replay applies a message from the queue again, as fixed by the
// supervisor (in.Raw edited, ev read from it; ev nil when the fixed text
// still does not read, with in.Reason saying why). The fix is kept as a
// revision of the message with its reason.
func (svc Interfaces) Replay(in model.InboundMessage, ev *model.InboundEvent, fixReason string) (model.InboundMessage, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return in, err
	}
	var cur model.InboundMessage
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		cur, _, err = getRecord[model.InboundMessage](sess, tx, model.KindInboundMsg, in.ID)
		return err
	})
	if err != nil {
		return in, wrap("replay the message", err)
	}
	if cur.Status != model.InboundFailed {
		return cur, model.Errorf(model.Conflict, "this message is %s: only a message waiting in Interface errors is replayed", strings.ToLower(cur.Status.Label()))
	}
	if in.Raw != cur.Raw && strings.TrimSpace(fixReason) == "" {
		return cur, ErrReasonRequired
	}
	in.Received, in.Attempts, in.Source = cur.Received, cur.Attempts, cur.Source
	if ev == nil {
		in.Status = model.InboundFailed
	}
	out, _, err := svc.Receive(in, ev)
	return out, err
}

// Dismiss takes a message out of the queue without applying it, with the
// supervisor's reason (a test message, a patient entered by hand since).
func (svc Interfaces) Dismiss(id model.ID, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	return wrap("dismiss the message", sess.update(func(tx *bolt.Tx) error {
		m, _, err := getRecord[model.InboundMessage](sess, tx, model.KindInboundMsg, id)
		if err != nil {
			return err
		}
		if m.Status != model.InboundFailed {
			return model.Errorf(model.Conflict, "only a message waiting in Interface errors is dismissed")
		}
		m.Status, m.Reason = model.InboundDismissed, oneLine(reason)
		return sess.write(tx, writeOp{kind: model.KindInboundMsg, id: id, body: m, op: model.ActEdit, reason: "dismissed: " + reason})
	}))
}

// LabReports lists the laboratory reports received for a patient (HL7
// ORU^R01), oldest first; clinical.LabObservations reads them into the
// catalogue's observations. The view is audited; a restricted record
// needs the right role or a broken glass, as the chart does.
func (svc Interfaces) LabReports(patient model.ID) ([]model.LabReport, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	if err := sess.checkRestricted(model.KindPatient, patient); err != nil {
		return nil, err
	}
	var out []model.LabReport
	err := sess.view(func(tx *bolt.Tx) error {
		for _, id := range sess.owned(tx, patient, model.KindLabReport) {
			r, m, err := getRecord[model.LabReport](sess, tx, model.KindLabReport, id)
			if err != nil {
				return err
			}
			if !m.Deleted {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("read the laboratory reports", err)
	}
	slices.SortStableFunc(out, func(a, b model.LabReport) int { return a.Collected.Compare(b.Collected) })
	return out, sess.logAction(model.ActView, model.KindLabReport, patient, fmt.Sprintf("laboratory reports (%d)", len(out)))
}
