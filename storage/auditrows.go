package storage

import (
	"encoding/binary"
	"encoding/json"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// AuditQuery is what the audit trail screen asks for: the entry filter
// (user, action, date range, flagged) and, when set, one patient: entries
// about any of their records.
type AuditQuery struct {
	model.AuditFilter
	Patient model.ID
}

// AuditRow is an audit entry with the patient its record belongs to, so a
// reviewer reads "NAKATO, Amina · KDH-0000196-E" instead of a record
// number. Patient is "" for entries about no patient, and names only
// patients the reader may see (others show their MRN alone, as
// everywhere else).
type AuditRow struct {
	model.AuditEntry
	PatientID model.ID
	Patient   string
}

// AuditRows returns up to limit entries matching q, newest first, each
// with its patient. Reading the trail is itself audited.
func (svc Admin) AuditRows(q AuditQuery, limit int) ([]AuditRow, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadAudit); err != nil {
		return nil, err
	}
	mayRead := sess.Can(model.PermReadRecord)
	var out []AuditRow
	err := sess.view(func(tx *bolt.Tx) error {
		owners := map[model.ID]model.ID{}
		names := map[model.ID]string{}
		c := tx.Bucket(bAudit).Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			if len(v) < 32 {
				continue
			}
			plain, err := sess.keys.Records.Open(v[32:], append([]byte("audit"), k...))
			if err != nil {
				if q.Patient.IsZero() {
					out = append(out, AuditRow{AuditEntry: model.AuditEntry{Seq: binary.BigEndian.Uint64(k), Detail: "(damaged entry)", Flagged: true}})
				}
				continue
			}
			var e model.AuditEntry
			if json.Unmarshal(plain, &e) != nil || !q.Match(e) {
				continue
			}
			owner := sess.auditOwner(tx, e, owners)
			if !q.Patient.IsZero() && owner != q.Patient {
				continue
			}
			row := AuditRow{AuditEntry: e, PatientID: owner}
			if !owner.IsZero() && mayRead {
				name, ok := names[owner]
				if !ok {
					if p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, owner); err == nil {
						s := summaryOf(p)
						if s.Restricted && !sess.mayOpen(owner) {
							s = sess.maskedAlways(s)
						}
						name = s.Name + " · " + s.MRN
					}
					names[owner] = name
				}
				row.Patient = name
			}
			out = append(out, row)
		}
		return nil
	})
	if err != nil {
		return nil, wrap("read the audit trail", err)
	}
	return out, sess.logAction(model.ActView, "", model.ZeroID, "audit trail")
}

// auditOwner is the patient an entry's record belongs to (zero for none),
// read once per record.
func (sess *Session) auditOwner(tx *bolt.Tx, e model.AuditEntry, seen map[model.ID]model.ID) model.ID {
	if e.Record.IsZero() {
		return model.ZeroID
	}
	if e.Kind == model.KindPatient {
		return e.Record
	}
	if owner, ok := seen[e.Record]; ok {
		return owner
	}
	var owner model.ID
	switch e.Kind {
	case model.KindEncounter, model.KindNote, model.KindDocument, model.KindPage, model.KindRequest,
		model.KindDisclosure, model.KindSpecimen, model.KindAuthorization, model.KindTranscript,
		model.KindAllergy, model.KindProblem, model.KindAddendum, model.KindDeficiency:
		r, _, err := getRecord[struct {
			Patient model.ID `json:"patient"`
		}](sess, tx, e.Kind, e.Record)
		if err == nil {
			owner = r.Patient
		}
	}
	seen[e.Record] = owner
	return owner
}

// maskedAlways hides who a restricted patient is (masked, whatever the
// role): the audit reader sees a restricted patient only once the glass
// is broken for them.
func (sess *Session) maskedAlways(s PatientSummary) PatientSummary {
	s.Name, s.BirthDate, s.Estimated, s.Village, s.Sex = "(restricted record)", model.Date{}, false, "", model.SexUnknown
	return s
}
