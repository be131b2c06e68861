// Package boltfile reads a bbolt file's meta pages before bbolt opens it,
// so a file cut short is refused in plain words instead of crashing bbolt.
package boltfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
)

// bbolt's file begins with two meta pages (page 0 and page 1). Each is a
// 16-byte page header, then the meta:
//
//	magic u32 · version u32 · pageSize u32 · flags u32 ·
//	root bucket {root pgid u64, sequence u64} · freelist pgid u64 ·
//	pgid u64 (high-water mark: pages 0…pgid-1 are in use) · txid u64 ·
//	checksum u64 = FNV-64a of the 56 bytes before it
//
// in the machine's byte order (go.etcd.io/bbolt internal/common/meta.go,
// v1.5.0). bbolt trusts the pages below the high-water mark to be in the
// file; a truncated file makes it panic or fault on its first read, or
// worse, open and write into it. Check reads the metas itself first.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	boltPageHeader = 16
	MetaLen        = 64
)

// Meta is what Check needs of a meta page.
type Meta struct {
	PageSize uint32
	PGID     uint64 // high-water mark
	TxID     uint64
}

// ErrNotBolt says the file has no valid meta page: it is not a store.
var ErrNotBolt = errors.New("no valid bbolt meta page")

// Damage says why a bbolt file cannot be trusted.
type Damage struct{ Why string }

func (d *Damage) Error() string { return d.Why }

// ReadMeta decodes and checks one meta page at off; ok is false when it
// is not a valid meta.
func ReadMeta(r io.ReaderAt, off int64) (m Meta, ok bool) {
	b := make([]byte, MetaLen)
	if _, err := r.ReadAt(b, off+boltPageHeader); err != nil {
		return m, false
	}
	e := binary.NativeEndian
	if e.Uint32(b[0:]) != boltMagic || e.Uint32(b[4:]) != boltVersion {
		return m, false
	}
	h := fnv.New64a()
	h.Write(b[:56])
	if h.Sum64() != e.Uint64(b[56:]) {
		return m, false
	}
	m = Meta{PageSize: e.Uint32(b[8:]), PGID: e.Uint64(b[40:]), TxID: e.Uint64(b[48:])}
	if m.PageSize < 512 || m.PageSize > 1<<20 || m.PageSize&(m.PageSize-1) != 0 {
		return m, false
	}
	return m, true
}

// Check refuses a file that bbolt would crash on or write into: it
// takes the valid meta page with the highest transaction ID and checks the
// file holds every page below its high-water mark. A missing file passes (bbolt
// creates it); one with no valid meta at all is ErrNotBolt.
func Check(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return nil // bbolt reports it in its own words
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return nil
	}
	m0, ok0 := ReadMeta(f, 0)
	var m1 Meta
	ok1 := false
	if ok0 {
		m1, ok1 = ReadMeta(f, int64(m0.PageSize))
	} else {
		for ps := int64(512); ps <= 1<<16 && !ok1; ps *= 2 {
			m1, ok1 = ReadMeta(f, ps)
			ok1 = ok1 && int64(m1.PageSize) == ps
		}
	}
	var m Meta
	switch {
	case ok0 && ok1 && m1.TxID > m0.TxID, !ok0 && ok1:
		m = m1
	case ok0:
		m = m0
	default:
		return ErrNotBolt
	}
	need := int64(m.PGID) * int64(m.PageSize)
	if m.PGID < 2 || need/int64(m.PageSize) != int64(m.PGID) {
		return &Damage{"its page table is invalid"}
	}
	if st.Size() < need {
		return &Damage{fmt.Sprintf("it is cut short: %d bytes of %d", st.Size(), need)}
	}
	return nil
}
