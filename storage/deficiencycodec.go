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

// queuedReader reads an entry from one string holding the whole
// plaintext: its strings are substrings of it, so an entry costs one
// allocation however many fields it has (the desk decodes 20,000).
type queuedReader struct {
	s   string
	bad bool
}

func (r *queuedReader) id() (id model.ID) {
	if len(r.s) < 16 {
		r.bad = true
		return id
	}
	copy(id[:], r.s)
	r.s = r.s[16:]
	return id
}

// uvarint is binary.Uvarint over the string.
func (r *queuedReader) uvarint() uint64 {
	var x uint64
	var shift uint
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // overflows 64 bits
			}
			r.s = r.s[i+1:]
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	r.bad = true
	return 0
}

func (r *queuedReader) str() string {
	n := r.uvarint()
	if r.bad || uint64(len(r.s)) < n {
		r.bad = true
		return ""
	}
	v := r.s[:n]
	r.s = r.s[n:]
	return v
}

func (r *queuedReader) time() time.Time {
	ux := r.uvarint() // binary.Varint's zig-zag
	v := int64(ux >> 1)
	if ux&1 != 0 {
		v = ^v
	}
	if r.bad || v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}

func decodeQueued(b []byte) (model.Deficiency, error) {
	var d model.Deficiency
	if len(b) < 1 || b[0] != queuedVersion {
		return d, errQueuedEntry
	}
	r := &queuedReader{s: string(b[1:])}
	d.ID, d.PatientID, d.EncounterID, d.Target, d.UserID = r.id(), r.id(), r.id(), r.id(), r.id()
	d.Rule, d.Problem, d.Missing = model.RuleCode(r.str()), model.PageProblem(r.str()), r.str()
	d.Role, d.UserName, d.Ward = model.Role(r.str()), r.str(), r.str()
	d.Status, d.ClosedBy, d.Reason, d.RaisedBy = model.DeficiencyStatus(r.str()), r.str(), r.str(), r.str()
	d.Since, d.Due, d.Discharge, d.ClosedAt = r.time(), r.time(), r.time(), r.time()
	if r.bad || len(r.s) != 1 {
		return d, errQueuedEntry
	}
	d.Late = r.s[0] == 1
	return d, nil
}
