package storage

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Each migration is tested from the version before it.
func TestMigrations(t *testing.T) {
	checks := map[uint32]func(tx *bolt.Tx) bool{
		1: func(tx *bolt.Tx) bool {
			return tx.Bucket(bKeys) != nil && tx.Bucket(bRecords) != nil && tx.Bucket(bAudit) != nil &&
				tx.Bucket(bOwner) != nil && tx.Bucket(bBlind) != nil
		},
		2: func(tx *bolt.Tx) bool { return tx.Bucket(bFailures) != nil },
		3: func(tx *bolt.Tx) bool { return len(tx.Bucket(bMeta).Get(kMRNSeq)) == 8 },
		4: func(tx *bolt.Tx) bool { return tx.Bucket(bSearch) != nil && tx.Bucket(bMeta).Get(kRebuild) != nil },
		5: func(tx *bolt.Tx) bool { return tx.Bucket(bBlobs) != nil },
		6: func(tx *bolt.Tx) bool { return tx.Bucket(bDrafts) != nil },
		7: func(tx *bolt.Tx) bool { return tx.Bucket(bAuditSig) != nil },
		8: func(tx *bolt.Tx) bool { return tx.Bucket(bDefQueue) != nil && tx.Bucket(bDefLinks) != nil },
	}
	if len(checks) != len(migrations) {
		t.Fatalf("%d migrations but %d tests: add a test for each migration", len(migrations), len(checks))
	}
	for _, m := range migrations {
		t.Run(m.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.db")
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Update(func(tx *bolt.Tx) error {
				meta, _ := tx.CreateBucket(bMeta)
				meta.Put(kMagic, magicValue)
				if _, err := migrate(tx, m.to-1); err != nil {
					return err
				}
				if schemaOf(tx) != m.to-1 {
					t.Fatalf("before: schema %d", schemaOf(tx))
				}
				if m.to > 1 && checks[m.to](tx) {
					t.Fatalf("migration %d's change is there before it ran", m.to)
				}
				ran, err := migrate(tx, m.to)
				if err != nil || len(ran) != 1 {
					t.Fatalf("ran %v: %v", ran, err)
				}
				if !checks[m.to](tx) || schemaOf(tx) != m.to {
					t.Fatalf("migration %d did not apply", m.to)
				}
				// Running again is a no-op.
				if again, _ := migrate(tx, m.to); len(again) != 0 {
					t.Fatalf("migration ran twice")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	s, _, _ := newTestStore(t)
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, u32(SchemaVersion+1)) })
	s.Close()
	if _, err := Open(s.path, Options{}); err != ErrNewerSchema {
		t.Fatalf("got %v", err)
	}
	s.db.Close()
	db, _ := bolt.Open(s.path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, u32(SchemaVersion)) })
	db.Close()
	s2, err := Open(s.path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.db = s2.db
}
