package storage

import (
	"encoding/binary"
	"errors"
	"time"

	"dossier/model"
)

// The queue's entries are read all at once when the desk first paints
// (20,000 at district scale), so they are a compact binary form of
// model.Deficiency rather than JSON: a version byte, the IDs, then
// length-prefixed strings and times as Unix nanoseconds (0: none).

const queuedVersion = 1

var errQueuedEntry = errors.New("deficiency queue entry is malformed")

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

func encodeQueued(d model.Deficiency) []byte {
	b := make([]byte, 0, 256)
	b = append(b, queuedVersion)
	for _, id := range []model.ID{d.ID, d.PatientID, d.EncounterID, d.Target, d.UserID} {
		b = append(b, id[:]...)
	}
	for _, s := range []string{string(d.Rule), string(d.Problem), d.Missing, string(d.Role), d.UserName, d.Ward,
		string(d.Status), d.ClosedBy, d.Reason, d.RaisedBy} {
		b = appendStr(b, s)
	}
	for _, t := range []time.Time{d.Since, d.Due, d.Discharge, d.ClosedAt} {
		b = appendTime(b, t)
	}
	if d.Late {
		return append(b, 1)
	}
	return append(b, 0)
}

type queuedReader struct {
	b   []byte
	bad bool
}

func (r *queuedReader) id() (id model.ID) {
	if len(r.b) < 16 {
		r.bad = true
		return id
	}
	copy(id[:], r.b)
	r.b = r.b[16:]
	return id
}

func (r *queuedReader) str() string {
	n, k := binary.Uvarint(r.b)
	if k <= 0 || uint64(len(r.b)-k) < n {
		r.bad = true
		return ""
	}
	s := string(r.b[k : k+int(n)])
	r.b = r.b[k+int(n):]
	return s
}

func (r *queuedReader) time() time.Time {
	v, k := binary.Varint(r.b)
	if k <= 0 {
		r.bad = true
		return time.Time{}
	}
	r.b = r.b[k:]
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}

func decodeQueued(b []byte) (model.Deficiency, error) {
	var d model.Deficiency
	if len(b) < 1 || b[0] != queuedVersion {
		return d, errQueuedEntry
	}
	r := &queuedReader{b: b[1:]}
	d.ID, d.PatientID, d.EncounterID, d.Target, d.UserID = r.id(), r.id(), r.id(), r.id(), r.id()
	d.Rule, d.Problem, d.Missing = model.RuleCode(r.str()), model.PageProblem(r.str()), r.str()
	d.Role, d.UserName, d.Ward = model.Role(r.str()), r.str(), r.str()
	d.Status, d.ClosedBy, d.Reason, d.RaisedBy = model.DeficiencyStatus(r.str()), r.str(), r.str(), r.str()
	d.Since, d.Due, d.Discharge, d.ClosedAt = r.time(), r.time(), r.time(), r.time()
	if r.bad || len(r.b) != 1 {
		return d, errQueuedEntry
	}
	d.Late = r.b[0] == 1
	return d, nil
}
