package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// ErrRestrictionDiffers asks for a supervisor's confirmation: one patient
// is restricted and the other is not, and the survivor will be restricted.
var ErrRestrictionDiffers = &model.Error{Code: model.Conflict, Message: "one of these records is restricted and the other is not: the merged record will be restricted; confirm to go on"}

// ErrNotMergeable covers patients that are deleted or already merged.
var ErrNotMergeable = &model.Error{Code: model.Conflict, Message: "only two current patients can be merged (neither deleted nor already merged)"}

// Merge joins the patient merged into survivor. chosen holds the
// survivor's demographics as the supervisor picked them field by field;
// identity fields (ID, MRN, registration) stay the survivor's. The merged
// patient's MRN becomes a former MRN that still finds the survivor, its
// names become other names, and everything it owned (encounters, notes,
// documents, codes, disclosures …) moves to the survivor. The restriction
// of either record survives. Everything needed to undo it is kept.
func (svc Duplicates) Merge(survivor, merged model.ID, chosen model.Patient, reason string, confirmRestricted bool) (model.ID, error) {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return model.ZeroID, err
	}
	if strings.TrimSpace(reason) == "" {
		return model.ZeroID, ErrReasonRequired
	}
	if survivor == merged {
		return model.ZeroID, errors.New("a patient cannot be merged with itself")
	}
	mg := model.Merge{ID: model.NewID(), Survivor: survivor, Merged: merged, Reason: reason, By: sess.user.Username, At: now()}
	err := sess.update(func(tx *bolt.Tx) error {
		s, sRev, err := getRecord[model.Patient](sess, tx, model.KindPatient, survivor)
		if err != nil {
			return err
		}
		m, mRev, err := getRecord[model.Patient](sess, tx, model.KindPatient, merged)
		if err != nil {
			return err
		}
		if sRev.Deleted || mRev.Deleted || !s.MergedInto.IsZero() || !m.MergedInto.IsZero() {
			return ErrNotMergeable
		}
		if s.Restricted != m.Restricted && !confirmRestricted {
			return ErrRestrictionDiffers
		}
		mg.SurvivorRev, mg.MergedRev = sRev.Rev, mRev.Rev
		next := mergedDemographics(s, m, chosen)
		if errs := next.Validate(now()); len(errs) > 0 {
			return model.InvalidFields(errs)
		}
		if err := sess.write(tx, writeOp{kind: model.KindPatient, id: s.ID, body: next, op: model.ActEdit,
			reason: "merge: " + reason}); err != nil {
			return err
		}
		if err := sess.reindex(tx, &s, &next); err != nil {
			return err
		}
		gone := m
		gone.MergedInto = s.ID
		if err := sess.write(tx, writeOp{kind: model.KindPatient, id: m.ID, body: gone, op: model.ActEdit,
			reason: "merged into " + s.MRN + ": " + reason}); err != nil {
			return err
		}
		if mg.Moved, err = sess.moveOwned(tx, m.ID, s.ID, "moved by merge into "+s.MRN); err != nil {
			return err
		}
		if err := sess.setPairStatus(tx, s.ID, m.ID, model.DupMerged); err != nil {
			return err
		}
		if err := sess.write(tx, writeOp{kind: model.KindMerge, id: mg.ID, body: mg, op: model.ActCreate, reason: reason}); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActMerge, Kind: model.KindPatient, Record: s.ID,
			Detail: fmt.Sprintf("%s merged into %s (%d records moved): %s", m.MRN, s.MRN, len(mg.Moved), reason)})
	})
	if err != nil {
		return model.ZeroID, wrap("merge", err)
	}
	return mg.ID, nil
}

// mergedDemographics builds the survivor's new revision from the chosen
// values, keeping identity fields and carrying over what must not be lost.
func mergedDemographics(s, m, chosen model.Patient) model.Patient {
	next := chosen
	next.ID, next.MRN, next.Registered, next.MergedInto = s.ID, s.MRN, s.Registered, model.ZeroID
	next.FormerMRNs = union(s.FormerMRNs, append([]string{m.MRN}, m.FormerMRNs...))
	next.Restricted = s.Restricted || m.Restricted
	next.LegacyCharts = union(chosen.LegacyCharts, union(s.LegacyCharts, m.LegacyCharts))
	next.Alerts = union(chosen.Alerts, union(s.Alerts, m.Alerts))
	next.OtherNames = union(chosen.OtherNames, union(s.OtherNames, m.OtherNames))
	// A name that is no longer the survivor's stays findable as another name.
	for _, p := range []model.Patient{s, m} {
		full := strings.TrimSpace(p.GivenName + " " + p.FamilyName)
		if full != "" && full != strings.TrimSpace(next.GivenName+" "+next.FamilyName) {
			next.OtherNames = union(next.OtherNames, []string{full})
		}
	}
	return next
}

func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		found := false
		for _, y := range out {
			if strings.EqualFold(x, y) {
				found = true
				break
			}
		}
		if !found && strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

// moveOwned gives everything from owns to to, recording what moved.
func (sess *Session) moveOwned(tx *bolt.Tx, from, to model.ID, reason string) ([]model.MovedItem, error) {
	items := sess.ownedAll(tx, from)
	for _, it := range items {
		if err := sess.setOwner(tx, it, from, to, reason); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// setOwner writes a new revision of one owned record naming its new
// patient, and moves its owner-index entry.
func (sess *Session) setOwner(tx *bolt.Tx, it model.MovedItem, from, to model.ID, reason string) error {
	env, err := sess.readRevision(tx, it.Kind, it.ID, 0)
	if err != nil {
		return err
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(env.Body, &body); err != nil {
		return fmt.Errorf("%s %s does not parse: %w", it.Kind, it.ID, err)
	}
	body["patient"], _ = json.Marshal(to)
	raw, _ := json.Marshal(body)
	if err := sess.write(tx, writeOp{kind: it.Kind, id: it.ID, body: json.RawMessage(raw), op: model.ActEdit,
		reason: reason, deleted: env.Meta.Deleted, owner: to}); err != nil {
		return err
	}
	return tx.Bucket(bOwner).Delete(ownerKey(from, it.Kind, it.ID))
}

// ownedAll lists every record a patient owns, of every kind.
func (sess *Session) ownedAll(tx *bolt.Tx, owner model.ID) []model.MovedItem {
	var out []model.MovedItem
	c := tx.Bucket(bOwner).Cursor()
	for k, _ := c.Seek(owner[:]); k != nil && len(k) > 17 && string(k[:16]) == string(owner[:]); k, _ = c.Next() {
		n := int(k[16])
		if len(k) != 17+n+16 {
			continue
		}
		out = append(out, model.MovedItem{Kind: model.Kind(k[17 : 17+n]), ID: model.ID(k[17+n:])})
	}
	return out
}

func (sess *Session) setPairStatus(tx *bolt.Tx, a, b model.ID, st model.DuplicateStatus) error {
	dp, _, err := getRecord[model.DuplicatePair](sess, tx, model.KindDuplicate, model.PairID(a, b))
	if errors.Is(err, ErrNotFound) {
		dp = model.DuplicatePair{A: a, B: b}
	} else if err != nil {
		return err
	}
	dp.Status = st
	return sess.putPair(tx, dp)
}

// Unmerge undoes a merge exactly: both patients get back the demographics
// they had just before it, the moved records return, and the pair goes
// back to the review queue.
func (svc Duplicates) Unmerge(mergeID model.ID, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	return wrap("unmerge", sess.update(func(tx *bolt.Tx) error {
		mg, _, err := getRecord[model.Merge](sess, tx, model.KindMerge, mergeID)
		if err != nil {
			return err
		}
		if mg.Undone {
			return errors.New("this merge was already undone")
		}
		for _, side := range []struct {
			id  model.ID
			rev uint32
		}{{mg.Survivor, mg.SurvivorRev}, {mg.Merged, mg.MergedRev}} {
			cur, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, side.id)
			if err != nil {
				return err
			}
			env, err := sess.readRevision(tx, model.KindPatient, side.id, side.rev)
			if err != nil {
				return err
			}
			var before model.Patient
			if err := json.Unmarshal(env.Body, &before); err != nil {
				return err
			}
			if err := sess.write(tx, writeOp{kind: model.KindPatient, id: side.id, body: before, op: model.ActEdit,
				reason: "unmerge: " + reason, deleted: env.Meta.Deleted}); err != nil {
				return err
			}
			if err := sess.reindex(tx, &cur, &before); err != nil {
				return err
			}
		}
		for _, it := range mg.Moved {
			if err := sess.setOwner(tx, it, mg.Survivor, mg.Merged, "returned by unmerge"); err != nil {
				return err
			}
		}
		if err := sess.setPairStatus(tx, mg.Survivor, mg.Merged, model.DupOpen); err != nil {
			return err
		}
		mg.Undone = true
		if err := sess.write(tx, writeOp{kind: model.KindMerge, id: mg.ID, body: mg, op: model.ActEdit, reason: reason}); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActUnmerge, Kind: model.KindPatient, Record: mg.Survivor,
			Detail: fmt.Sprintf("merge %s undone (%d records returned): %s", mg.ID.String()[:8], len(mg.Moved), reason)})
	}))
}

// MergesInto lists the merges a patient survived, newest first, for the
// chart's "undo merge".
func (svc Duplicates) MergesInto(patient model.ID) ([]model.Merge, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []model.Merge
	err := listRecords(sess, model.KindMerge, false, func(m model.Merge, _ model.Revision) bool {
		if m.Survivor == patient && !m.Undone {
			out = append([]model.Merge{m}, out...)
		}
		return true
	})
	return out, err
}
