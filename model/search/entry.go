// Package search is the master patient index in memory: the fields clerks
// search by, postings from folded name tokens, sound-alike codes and
// identifiers to patients, and the ranked query over them. Storage keeps a
// sealed copy of the entries so the index is ready seconds after unlock.
package search

import (
	"encoding/binary"
	"errors"
	"time"
	"unsafe"

	"dossier/model"
	"dossier/model/match"
)

// unsafeBytes views a string's bytes for reading only (the decoder never
// writes), so scanning a snapshot copies nothing.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// Entry is one patient as the index sees it.
type Entry struct {
	ID         model.ID
	MRN        string
	Given      string
	Family     string
	Other      []string
	Sex        model.Sex
	Birth      model.Date
	Estimated  bool
	Restricted bool
	Deleted    bool
	Phone      string
	Address    []string // largest level first; the last is the village
	NationalID string
	Legacy     []string
	FormerMRNs []string // MRNs of patients merged into this one
	MergedInto model.ID // set on a patient merged away
}

// EntryOf takes the searchable fields of a patient.
func EntryOf(p model.Patient, deleted bool) Entry {
	return Entry{ID: p.ID, MRN: p.MRN, Given: p.GivenName, Family: p.FamilyName, Other: p.OtherNames,
		Sex: p.Sex, Birth: p.BirthDate, Estimated: p.BirthEstimated, Restricted: p.Restricted, Deleted: deleted,
		Phone: p.Phone, Address: p.Address, NationalID: p.NationalID, Legacy: p.LegacyCharts,
		FormerMRNs: p.FormerMRNs, MergedInto: p.MergedInto}
}

// Village is the smallest address level.
func (e *Entry) Village() string {
	if len(e.Address) == 0 {
		return ""
	}
	return e.Address[len(e.Address)-1]
}

// Hidden reports entries name searches skip: deleted or merged away.
func (e *Entry) Hidden() bool { return e.Deleted || !e.MergedInto.IsZero() }

const (
	flagEstimated = 1 << iota
	flagRestricted
	flagDeleted
	flagMerged
)

// AppendBinary encodes the entry compactly (length-prefixed strings, no
// field names) so a million entries load in a fraction of a second.
func (e *Entry) AppendBinary(b []byte) []byte {
	b = append(b, entryFormat)
	b = append(b, e.ID[:]...)
	var flags byte
	if e.Estimated {
		flags |= flagEstimated
	}
	if e.Restricted {
		flags |= flagRestricted
	}
	if e.Deleted {
		flags |= flagDeleted
	}
	if !e.MergedInto.IsZero() {
		flags |= flagMerged
	}
	sex := byte('U')
	if len(e.Sex) > 0 {
		sex = e.Sex[0]
	}
	b = append(b, flags, sex)
	b = binary.AppendUvarint(b, uint64(e.Birth.Year))
	b = append(b, byte(e.Birth.Month), byte(e.Birth.Day))
	for _, s := range []string{e.MRN, e.Given, e.Family, e.Phone, e.NationalID} {
		b = appendString(b, s)
	}
	for _, l := range [][]string{e.Other, e.Address, e.Legacy, e.FormerMRNs} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, s := range l {
			b = appendString(b, s)
		}
	}
	if flags&flagMerged != 0 {
		b = append(b, e.MergedInto[:]...)
	}
	// The index section: what loading needs, already folded, so a million
	// entries load without folding a single name.
	b = appendString(b, match.Fold(e.Village()))
	toks := NameTokens(e)
	b = binary.AppendUvarint(b, uint64(len(toks)))
	for _, t := range toks {
		b = appendString(b, t)
	}
	return b
}

// entryFormat versions the encoding; a snapshot in another format is
// rebuilt from the records.
const entryFormat = 1

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errCorrupt = errors.New("index entry does not decode")

// decoder reads what AppendBinary wrote.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		d.err = errCorrupt
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return ""
	}
	return string(d.bytes(int(n)))
}

func (d *decoder) list() []string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

// DecodeEntry reads one entry and returns the rest of b.
func DecodeEntry(b []byte) (Entry, []byte, error) {
	d := &decoder{b: b}
	var e Entry
	if f := d.bytes(1); d.err != nil || f[0] != entryFormat {
		return e, nil, errCorrupt
	}
	copy(e.ID[:], d.bytes(16))
	fs := d.bytes(2)
	if d.err != nil {
		return e, nil, d.err
	}
	flags := fs[0]
	e.Sex = model.Sex([]byte{fs[1]})
	e.Estimated, e.Restricted, e.Deleted = flags&flagEstimated != 0, flags&flagRestricted != 0, flags&flagDeleted != 0
	e.Birth.Year = int(d.uvarint())
	md := d.bytes(2)
	if d.err == nil {
		e.Birth.Month, e.Birth.Day = time.Month(md[0]), int(md[1])
	}
	e.MRN, e.Given, e.Family, e.Phone, e.NationalID = d.str(), d.str(), d.str(), d.str(), d.str()
	e.Other, e.Address, e.Legacy, e.FormerMRNs = d.list(), d.list(), d.list(), d.list()
	if flags&flagMerged != 0 {
		copy(e.MergedInto[:], d.bytes(16))
	}
	d.str()  // folded village
	d.list() // name tokens
	return e, d.b, d.err
}

// scanSlot reads what the index keeps of an encoded entry: the fixed
// fields, and the folded village and name tokens as substrings of data.
func scanSlot(data string) (slot, string, []string, error) {
	s, village, err := scanHead(data)
	if err != nil {
		return s, "", nil, err
	}
	var toks []string
	eachToken(data, s.toks, func(t string) { toks = append(toks, t) })
	return s, village, toks, nil
}

// scanHead reads the fixed fields and the folded village of an encoded
// entry without allocating, and checks that its tokens are well formed.
func scanHead(data string) (slot, string, error) {
	var s slot
	d := &decoder{b: unsafeBytes(data)}
	if f := d.bytes(1); d.err != nil || f[0] != entryFormat {
		return s, "", errCorrupt
	}
	copy(s.id[:], d.bytes(16))
	fs := d.bytes(2)
	if d.err != nil {
		return s, "", d.err
	}
	s.flags, s.sex = fs[0], fs[1]
	year := d.uvarint()
	md := d.bytes(2)
	if d.err != nil {
		return s, "", d.err
	}
	s.birth = uint32(year)<<9 | uint32(md[0])<<5 | uint32(md[1])
	for i := 0; i < 5; i++ {
		d.skipString()
	}
	for i := 0; i < 4; i++ {
		n := d.uvarint()
		for j := uint64(0); j < n && d.err == nil; j++ {
			d.skipString()
		}
	}
	if s.flags&flagMerged != 0 {
		d.bytes(16)
	}
	village := d.substr(data)
	s.toks = uint32(len(data) - len(d.b))
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		return s, "", errCorrupt
	}
	for j := uint64(0); j < n; j++ {
		d.skipString()
	}
	if d.err != nil {
		return s, "", d.err
	}
	return s, village, nil
}

func (d *decoder) skipString() {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return
	}
	d.b = d.b[n:]
}

// substr reads a length-prefixed string as a substring of whole, which d
// is reading.
func (d *decoder) substr(whole string) string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCorrupt
		return ""
	}
	at := len(whole) - len(d.b)
	d.b = d.b[n:]
	return whole[at : at+int(n)]
}

// eachToken calls fn with each folded name token of an encoding (data, its
// tokens starting at toks), reading them in place (no allocation): the
// check of a later query word against the people an earlier word left.
func eachToken(data string, toks uint32, fn func(t string)) {
	d := data[toks:]
	n, w := binary.Uvarint(unsafeBytes(d))
	if w <= 0 {
		return
	}
	d = d[w:]
	for ; n > 0; n-- {
		l, w := binary.Uvarint(unsafeBytes(d))
		if w <= 0 || l > uint64(len(d)-w) {
			return
		}
		fn(d[w : w+int(l)])
		d = d[w+int(l):]
	}
}
