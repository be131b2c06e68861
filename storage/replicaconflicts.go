package storage

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// SyncConflict is a record two desks edited offline where both changed the
// same field differently. The merge kept the later edit's value (Chosen);
// both revisions stay in the record's history, and a supervisor decides.
type SyncConflict struct {
	Kind   model.Kind      `json:"kind"`
	ID     model.ID        `json:"id"`
	Merge  string          `json:"merge"`
	Fields []ConflictField `json:"fields"`
	Found  time.Time       `json:"found"`
	UserA  string          `json:"ua,omitempty"`
	UserB  string          `json:"ub,omitempty"`
	TimeA  time.Time       `json:"ta,omitempty"`
	TimeB  time.Time       `json:"tb,omitempty"`
	// Patient is whose record it is (a patient's own record, or an
	// encounter's patient), masked as the record requires; filled in when
	// the queue is read, never stored.
	Patient PatientSummary `json:"-"`
}

// ConflictField is one field with the two desks' values (JSON).
type ConflictField struct {
	Field  string          `json:"field"`
	A      json.RawMessage `json:"a,omitempty"`
	B      json.RawMessage `json:"b,omitempty"`
	Chosen string          `json:"chosen"` // "a" or "b": the value the merge kept
}

// Conflicts lists the records waiting for a supervisor's choice. A later
// revision of a record (a choice made here or on another desk, or any
// edit on top of the merge) takes it off the list.
func (svc Sync) Conflicts() ([]SyncConflict, error) {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return nil, err
	}
	var out []SyncConflict
	err := sess.view(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return nil
		}
		return sb.Bucket(sbConflicts).ForEach(func(k, v []byte) error {
			plain, err := sess.keys.Records.Open(v, append([]byte("sync-conflict\x00"), k...))
			if err != nil {
				return model.Errorf(model.Damaged, "a Conflicts queue entry was altered")
			}
			var c SyncConflict
			if err := json.Unmarshal(plain, &c); err != nil {
				return err
			}
			c.Patient = sess.conflictPatient(tx, c.Kind, c.ID)
			out = append(out, c)
			return nil
		})
	})
	if err != nil {
		return nil, wrap("read the Conflicts queue", err)
	}
	return out, sess.logAction(model.ActView, "", model.ZeroID, "conflicts queue")
}

// conflictPatient is the patient whose record a conflict is about (zero
// when the record is not a patient's or an encounter's, or cannot be read).
func (sess *Session) conflictPatient(tx *bolt.Tx, kind model.Kind, id model.ID) PatientSummary {
	pid := id
	switch kind {
	case model.KindPatient:
	case model.KindEncounter:
		e, _, err := getRecord[model.Encounter](sess, tx, kind, id)
		if err != nil {
			return PatientSummary{}
		}
		pid = e.PatientID
	default:
		return PatientSummary{}
	}
	p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, pid)
	if err != nil {
		return PatientSummary{}
	}
	return sess.masked(summaryOf(p))
}

// Resolve settles a conflict: for each field, "a" or "b" picks that desk's
// value (a field not named keeps what the merge chose). It writes a new
// revision (which every desk pulls, clearing the queue there too) and an
// audit entry naming both values' authors.
func (svc Sync) Resolve(kind model.Kind, id model.ID, choose map[string]string) error {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return err
	}
	return sess.update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		key := recRef(kind, id)
		v := sb.Bucket(sbConflicts).Get(key)
		if v == nil {
			return model.Errorf(model.Conflict, "this record has no conflict waiting (another desk may have settled it)")
		}
		plain, err := sess.keys.Records.Open(v, append([]byte("sync-conflict\x00"), key...))
		if err != nil {
			return model.Errorf(model.Damaged, "a Conflicts queue entry was altered")
		}
		var c SyncConflict
		if err := json.Unmarshal(plain, &c); err != nil {
			return err
		}
		env, err := sess.readRevision(tx, kind, id, 0)
		if err != nil {
			return err
		}
		fields := map[string]json.RawMessage{}
		if err := json.Unmarshal(env.Body, &fields); err != nil {
			return err
		}
		var said []string
		for _, f := range c.Fields {
			pick := choose[f.Field]
			if pick == "" {
				pick = f.Chosen
			}
			val, who := f.A, c.UserA
			if pick == "b" {
				val, who = f.B, c.UserB
			} else if pick != "a" {
				return model.Errorf(model.Invalid, "choose a or b for %s", f.Field)
			}
			if val == nil {
				delete(fields, f.Field)
			} else {
				fields[f.Field] = val
			}
			said = append(said, fmt.Sprintf("%s: %s's value", f.Field, who))
		}
		body, _ := json.Marshal(fields)
		reason := "conflict between two desks settled (" + strings.Join(said, "; ") + ")"
		if err := sess.write(tx, writeOp{kind: kind, id: id, body: typedBody(kind, body), op: model.ActEdit, reason: reason, deleted: env.Meta.Deleted}); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActConflict, Kind: kind, Record: id, Detail: reason})
	})
}
