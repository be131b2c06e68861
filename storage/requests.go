package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// nextRequestNumber gives requests readable numbers, ROI-2026-0042, that
// requesters can quote on the phone.
func nextRequestNumber(tx *bolt.Tx) string {
	m := tx.Bucket(bMeta)
	var seq uint64
	if v := m.Get(kROISeq); len(v) == 8 {
		seq = binary.BigEndian.Uint64(v)
	}
	seq++
	m.Put(kROISeq, u64(seq))
	return fmt.Sprintf("ROI-%d-%04d", now().Year(), seq)
}

// CreateRequest records a request for copies of records as received, with
// its due date from policy.
func (svc Release) CreateRequest(r *model.Request) error {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return err
	}
	r.Name, r.Address, r.Purpose = strings.TrimSpace(r.Name), strings.TrimSpace(r.Address), strings.TrimSpace(r.Purpose)
	if err := r.Validate(now()); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, r.PatientID); err != nil {
		return err
	}
	r.ID, r.Status = model.NewID(), model.ReqReceived
	r.DueFrom(now())
	r.History = []model.StatusChange{{Status: model.ReqReceived, At: r.Received, By: sess.user.Username}}
	return wrap("save the request", sess.update(func(tx *bolt.Tx) error {
		r.Number = nextRequestNumber(tx)
		return sess.write(tx, writeOp{kind: model.KindRequest, id: r.ID, body: r, op: model.ActCreate, owner: r.PatientID, reason: r.Number})
	}))
}

// Request reads a request.
func (svc Release) Request(id model.ID) (model.Request, model.Revision, error) {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return model.Request{}, model.Revision{}, err
	}
	if err := sess.checkRestricted(model.KindRequest, id); err != nil {
		return model.Request{}, model.Revision{}, err
	}
	return getRecord[model.Request](sess, nil, model.KindRequest, id)
}

// RequestRow is a request with its patient, for the ageing list.
type RequestRow struct {
	model.Request
	Patient PatientSummary
}

// Requests lists requests, open ones first and the oldest of those first.
func (svc Release) Requests(openOnly bool) ([]RequestRow, error) {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return nil, err
	}
	var list []model.Request
	err := listRecords(sess, model.KindRequest, false, func(r model.Request, _ model.Revision) bool {
		if !openOnly || !r.Status.Closed() {
			list = append(list, r)
		}
		return true
	})
	if err != nil {
		return nil, wrap("list requests", err)
	}
	out := make([]RequestRow, 0, len(list))
	err = sess.view(func(tx *bolt.Tx) error {
		for _, r := range list {
			p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, r.PatientID)
			if err != nil {
				return err
			}
			out = append(out, RequestRow{Request: r, Patient: sess.masked(summaryOf(p))})
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Status.Closed() != b.Status.Closed() {
			return !a.Status.Closed()
		}
		return a.Received.Before(b.Received)
	})
	return out, wrap("list requests", err)
}

// SaveWork saves the selection, redactions and ground of an open
// request (a new revision each time).
func (svc Release) SaveWork(r model.Request, expectRev uint32, reason string) (uint32, error) {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return 0, err
	}
	var rev uint32
	err := sess.update(func(tx *bolt.Tx) error {
		old, m, err := getRecord[model.Request](sess, tx, model.KindRequest, r.ID)
		if err != nil {
			return err
		}
		if old.Status.Closed() {
			return fmt.Errorf("the request is %s and can no longer change", strings.ToLower(old.Status.Label()))
		}
		// Identity, status and history are not this call's to change.
		r.Number, r.PatientID, r.Status, r.History, r.Received, r.Disclosure, r.Packet = old.Number, old.PatientID, old.Status, old.History, old.Received, old.Disclosure, old.Packet
		rev = m.Rev + 1
		return sess.write(tx, writeOp{kind: model.KindRequest, id: r.ID, body: r, op: model.ActEdit, reason: reason, expectRev: expectRev, owner: r.PatientID})
	})
	return rev, wrap("save the request", err)
}

// Move takes a request to its next step, back from quality check
// to preparation, or refuses it with a reason.
func (svc Release) Move(id model.ID, to model.RequestStatus, note string) (model.Request, error) {
	sess := svc.sess
	var r model.Request
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return r, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if r, _, err = getRecord[model.Request](sess, tx, model.KindRequest, id); err != nil {
			return err
		}
		if err := r.Move(to, sess.user.Username, note, now()); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindRequest, id: id, body: r, op: model.ActEdit, reason: to.Label() + " " + strings.TrimSpace(note), owner: r.PatientID})
	})
	return r, wrap("move the request", err)
}

// Authorize records a patient's signed authorization. Its
// scanned form must be filed in the patient's chart.
func (svc Release) Authorize(a *model.Authorization) error {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return err
	}
	if err := a.Validate(now()); err != nil {
		return err
	}
	return wrap("save the authorization", sess.update(func(tx *bolt.Tx) error {
		d, m, err := getRecord[model.Document](sess, tx, model.KindDocument, a.DocumentID)
		if err != nil {
			return fmt.Errorf("the scanned authorization: %w", err)
		}
		if m.Deleted || d.PatientID != a.PatientID {
			return errors.New("the scanned authorization is not filed in this patient's chart")
		}
		a.ID = model.NewID()
		return sess.write(tx, writeOp{kind: model.KindAuthorization, id: a.ID, body: a, op: model.ActCreate, owner: a.PatientID,
			reason: "signed by " + a.Signer})
	}))
}

// Revoke records that the patient withdrew it.
func (svc Release) Revoke(id model.ID, on model.Date, why string) error {
	sess := svc.sess
	if err := sess.require(model.PermReleaseInfo); err != nil {
		return err
	}
	if strings.TrimSpace(why) == "" {
		return ErrReasonRequired
	}
	return wrap("revoke the authorization", sess.update(func(tx *bolt.Tx) error {
		a, _, err := getRecord[model.Authorization](sess, tx, model.KindAuthorization, id)
		if err != nil {
			return err
		}
		if !a.Revoked.IsZero() {
			return errors.New("the authorization is already revoked")
		}
		a.Revoked, a.RevokedWhy = on, strings.TrimSpace(why)
		return sess.write(tx, writeOp{kind: model.KindAuthorization, id: id, body: a, op: model.ActEdit, reason: "revoked: " + a.RevokedWhy, owner: a.PatientID})
	}))
}

// Authorizations lists a patient's authorizations, newest first.
func (svc Release) Authorizations(patient model.ID) ([]model.Authorization, error) {
	sess := svc.sess
	return ownedList[model.Authorization](sess, patient, model.KindAuthorization, func(a, b model.Authorization) bool {
		return a.Signed.Time().After(b.Signed.Time())
	})
}

// ownedList reads a patient's records of one kind (not deleted), sorted.
func ownedList[T any](sess *Session, patient model.ID, kind model.Kind, less func(a, b T) bool) ([]T, error) {
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	if err := sess.checkRestricted(model.KindPatient, patient); err != nil {
		return nil, err
	}
	var out []T
	err := sess.view(func(tx *bolt.Tx) error {
		for _, id := range sess.owned(tx, patient, kind) {
			x, m, err := getRecord[T](sess, tx, kind, id)
			if err != nil {
				return err
			}
			if !m.Deleted {
				out = append(out, x)
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out, wrap("read "+string(kind)+" records", err)
}
