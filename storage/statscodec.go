package storage

import (
	"encoding/binary"
	"errors"
	"time"

	"dossier/model"
	"dossier/model/stats"
)

// The date index's entry: a stats.Encounter in a compact binary form
// (sealed before it is stored). A year's figures decode hundreds of
// thousands of these, which JSON would make several times slower.
//
//	version(1) id(16) patient(16) type sex ward disposition (uvarint length ‖ bytes)
//	birth (uvarint: days since 1970 + 1; 0 unknown) start end (varint unix seconds; end 0: open)
//	flags(1: 1 new this year, 2 new ever)
//	moves (uvarint n; each varint unix seconds ‖ ward)
//	codes (uvarint n; each code ‖ flags(1: 1 procedure, 2 principal, 4 dated)
//	      ‖ if dated: uvarint days since 1970 + 1, the day the procedure was done)
//
// Version 2 added the procedure's day (flag 4); version 1 entries, written
// before, read as undated.

const statEntryVersion = 2

var errStatEntry = errors.New("a statistics index entry is damaged")

func encodeStatEntry(e stats.Encounter) []byte {
	b := make([]byte, 0, 96+len(e.Codes)*10)
	b = append(b, statEntryVersion)
	b = append(b, e.ID[:]...)
	b = append(b, e.Patient[:]...)
	for _, s := range []string{string(e.Type), e.Sex, e.Ward, e.Disposition} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	var birth uint64
	if !e.Birth.IsZero() {
		birth = uint64(e.Birth.Unix()/86400) + 1
	}
	b = binary.AppendUvarint(b, birth)
	b = binary.AppendVarint(b, e.Start.Unix())
	var end int64
	if !e.End.IsZero() {
		end = e.End.Unix()
	}
	b = binary.AppendVarint(b, end)
	var flags byte
	if e.NewYear {
		flags |= 1
	}
	if e.NewEver {
		flags |= 2
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(len(e.Moves)))
	for _, m := range e.Moves {
		b = binary.AppendVarint(b, m.At.Unix())
		b = binary.AppendUvarint(b, uint64(len(m.To)))
		b = append(b, m.To...)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Codes)))
	for _, c := range e.Codes {
		b = binary.AppendUvarint(b, uint64(len(c.Code)))
		b = append(b, c.Code...)
		var f byte
		if c.Proc {
			f |= 1
		}
		if c.Principal {
			f |= 2
		}
		if !c.Done.IsZero() {
			f |= 4
		}
		b = append(b, f)
		if !c.Done.IsZero() {
			b = binary.AppendUvarint(b, uint64(c.Done.Unix()/86400)+1)
		}
	}
	return b
}

// statReader reads an entry's fields in order; the first fault sticks.
type statReader struct {
	b      []byte
	bad    bool
	intern func([]byte) string // nil: each string is a new copy
}

func (r *statReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *statReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *statReader) bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.bad, r.b = true, nil
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *statReader) str() string {
	b := r.bytes(int(min(r.uvarint(), 1<<16)))
	if r.intern != nil {
		return r.intern(b)
	}
	return string(b)
}

func (r *statReader) byte1() byte {
	if b := r.bytes(1); len(b) == 1 {
		return b[0]
	}
	return 0
}

func decodeStatEntry(b []byte) (stats.Encounter, error) {
	var e stats.Encounter
	err := decodeStatEntryInto(b, &e, nil)
	return e, err
}

// decodeStatEntryInto decodes into e, reusing its Moves and Codes; intern
// (if not nil) gives the strings, so a reader of many entries shares the
// few distinct ones (types, sexes, wards, codes) instead of copying each.
func decodeStatEntryInto(b []byte, e *stats.Encounter, intern func([]byte) string) error {
	moves, codes := e.Moves[:0], e.Codes[:0]
	*e = stats.Encounter{}
	if len(b) < 33 || (b[0] != 1 && b[0] != statEntryVersion) {
		return errStatEntry
	}
	dated := b[0] >= 2
	r := &statReader{b: b[1:], intern: intern}
	copy(e.ID[:], r.bytes(16))
	copy(e.Patient[:], r.bytes(16))
	e.Type = model.EncounterType(r.str())
	e.Sex, e.Ward, e.Disposition = r.str(), r.str(), r.str()
	if birth := r.uvarint(); birth > 0 {
		e.Birth = time.Unix(int64(birth-1)*86400, 0).UTC()
	}
	e.Start = time.Unix(r.varint(), 0).UTC()
	if end := r.varint(); end != 0 {
		e.End = time.Unix(end, 0).UTC()
	}
	flags := r.byte1()
	e.NewYear, e.NewEver = flags&1 != 0, flags&2 != 0
	n := r.uvarint()
	if n > 1<<12 {
		return errStatEntry
	}
	for i := uint64(0); i < n && !r.bad; i++ {
		moves = append(moves, stats.Move{At: time.Unix(r.varint(), 0).UTC(), To: r.str()})
	}
	n = r.uvarint()
	if n > 1<<12 {
		return errStatEntry
	}
	for i := uint64(0); i < n && !r.bad; i++ {
		c := stats.Code{Code: r.str()}
		f := r.byte1()
		c.Proc, c.Principal = f&1 != 0, f&2 != 0
		if f&4 != 0 {
			day := r.uvarint()
			if !dated || day == 0 || day > 1<<20 {
				return errStatEntry
			}
			c.Done = time.Unix(int64(day-1)*86400, 0).UTC()
		}
		codes = append(codes, c)
	}
	e.Moves, e.Codes = moves, codes // nil for a fresh e with none; a reused e keeps its room
	if r.bad || len(r.b) != 0 {
		return errStatEntry
	}
	return nil
}
