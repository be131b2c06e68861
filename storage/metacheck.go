package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"

	"dossier/model"
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
// worse, open and write into it. checkBoltFile reads the metas itself first.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	boltPageHeader = 16
	boltMetaLen    = 64
)

type boltMeta struct {
	pageSize uint32
	pgid     uint64
	txid     uint64
}

// readBoltMeta decodes and checks one meta page at off; ok is false when it
// is not a valid meta.
func readBoltMeta(r io.ReaderAt, off int64) (m boltMeta, ok bool) {
	b := make([]byte, boltMetaLen)
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
	m = boltMeta{pageSize: e.Uint32(b[8:]), pgid: e.Uint64(b[40:]), txid: e.Uint64(b[48:])}
	if m.pageSize < 512 || m.pageSize > 1<<20 || m.pageSize&(m.pageSize-1) != 0 {
		return m, false
	}
	return m, true
}

// errDamagedStore is the plain answer for a store file that is cut short or
// otherwise unreadable by bbolt.
func errDamagedStore(path, why string) error {
	return model.Errorf(model.Damaged, "the store %s is damaged (%s): nothing was read or written; restore the latest backup with: dossier restore --from FILE", path, why)
}

// checkBoltFile refuses a file that bbolt would crash on or write into: it
// takes the valid meta page with the highest transaction ID and checks the
// file holds every page below its high-water mark. A missing file, or one
// with no valid meta at all, is not a store.
func checkBoltFile(path string) error {
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
	m0, ok0 := readBoltMeta(f, 0)
	var m1 boltMeta
	ok1 := false
	if ok0 {
		m1, ok1 = readBoltMeta(f, int64(m0.pageSize))
	} else {
		for ps := int64(512); ps <= 1<<16 && !ok1; ps *= 2 {
			m1, ok1 = readBoltMeta(f, ps)
			ok1 = ok1 && int64(m1.pageSize) == ps
		}
	}
	var m boltMeta
	switch {
	case ok0 && ok1 && m1.txid > m0.txid, !ok0 && ok1:
		m = m1
	case ok0:
		m = m0
	default:
		return fmt.Errorf("%s: %w", path, ErrNotStore)
	}
	need := int64(m.pgid) * int64(m.pageSize)
	if m.pgid < 2 || need/int64(m.pageSize) != int64(m.pgid) {
		return errDamagedStore(path, "its page table is invalid")
	}
	if st.Size() < need {
		return errDamagedStore(path, fmt.Sprintf("it is cut short: %d bytes of %d", st.Size(), need))
	}
	return nil
}
