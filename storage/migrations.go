package storage

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migration moves the layout from version n-1 to n. Migrations run in order
// inside one transaction at open, so a crash leaves the old version intact.
type migration struct {
	to   uint32
	name string
	run  func(tx *bolt.Tx) error
}

// migrations is append-only: a released step is never changed.
var migrations = []migration{
	{1, "base layout: keys, records, owner and blind indexes, audit trail", func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bKeys, bRecords, bOwner, bBlind, bAudit} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}},
	{2, "failed sign-in log held until the next unlock", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bFailures)
		return err
	}},
	{3, "MRN sequence counter starts at 1", func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m.Get(kMRNSeq) == nil {
			return m.Put(kMRNSeq, u64(0))
		}
		return nil
	}},
	{4, "sealed patient search index, rebuilt from the records at the next unlock", func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(bSearch); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kRebuild, []byte{1})
	}},
	{5, "sealed page images stored in chunks beside their records", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bBlobs)
		return err
	}},
	{6, "sealed drafts of forms being keyed, kept until saved", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bDrafts)
		return err
	}},
	{7, "signatures of audit entries by each user's signing key", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bAuditSig)
		return err
	}},
	{8, "sealed deficiency queue and the links from encounters and documents to their deficiencies", func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bDefQueue, bDefLinks} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}},
}

// SchemaVersion is the layout this build writes.
var SchemaVersion = migrations[len(migrations)-1].to

func schemaOf(tx *bolt.Tx) uint32 {
	v := tx.Bucket(bMeta).Get(kSchema)
	if len(v) != 4 {
		return 0
	}
	return binary.BigEndian.Uint32(v)
}

// migrate brings the store up to target, returning the steps it ran.
func migrate(tx *bolt.Tx, target uint32) ([]string, error) {
	cur := schemaOf(tx)
	if cur > SchemaVersion {
		return nil, ErrNewerSchema
	}
	var ran []string
	for _, m := range migrations {
		if m.to <= cur || m.to > target {
			continue
		}
		if err := m.run(tx); err != nil {
			return ran, fmt.Errorf("migration %d (%s): %w", m.to, m.name, err)
		}
		if err := tx.Bucket(bMeta).Put(kSchema, u32(m.to)); err != nil {
			return ran, err
		}
		ran = append(ran, fmt.Sprintf("%d: %s", m.to, m.name))
	}
	return ran, nil
}

func u32(v uint32) []byte { b := make([]byte, 4); binary.BigEndian.PutUint32(b, v); return b }
func u64(v uint64) []byte { b := make([]byte, 8); binary.BigEndian.PutUint64(b, v); return b }
