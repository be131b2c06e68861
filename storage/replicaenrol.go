package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// enrolment is what an enrolment file carries, sealed under a key derived
// from the one-time passphrase: the clinic's keys (the data key and every
// user's key slot, each still wrapped by that user's password), its root
// of trust, a new device ID and MRN block, and the accounts and clinic
// settings as signed replication documents.
type enrolment struct {
	Salt         []byte            `json:"salt"`
	ClinicID     []byte            `json:"clinic"`
	AdminUser    string            `json:"admin"`
	RootKey      []byte            `json:"root"`
	RecoverySign []byte            `json:"recovery_sign"`
	DEK          []byte            `json:"dek"`
	Slots        map[string][]byte `json:"slots"`
	Device       []byte            `json:"device"`
	Block        uint64            `json:"block"`
	Docs         []SyncDoc         `json:"docs"`
}

// enrolFile is the file on disk: the passphrase's derivation and the box.
type enrolFile struct {
	Format string          `json:"format"`
	Salt   []byte          `json:"salt"`
	KDF    vault.KDFParams `json:"kdf"`
	Box    []byte          `json:"box"`
}

const enrolFormat = "dossier-enrolment/1"

var enrolAAD = []byte(enrolFormat)

// Enrol makes a one-time enrolment file for a new desk (administrators).
// The desk gets the next MRN block this desk hands out. The passphrase
// must be given to the new desk's operator by another way than the file.
func (svc Sync) Enrol(passphrase string, kdf vault.KDFParams) ([]byte, string, error) {
	sess := svc.sess
	if err := sess.require(model.PermManageUsers); err != nil {
		return nil, "", err
	}
	if len(passphrase) < 12 {
		return nil, "", model.Errorf(model.Invalid, "the enrolment passphrase must be at least 12 characters")
	}
	if kdf == (vault.KDFParams{}) {
		kdf = vault.MinKDF
	}
	var e enrolment
	err := sess.update(func(tx *bolt.Tx) error {
		if err := enableSync(tx); err != nil {
			return err
		}
		sb := syncBucket(tx)
		m := tx.Bucket(bMeta)
		own := func(k []byte) []byte { return append([]byte(nil), m.Get(k)...) } // bbolt's bytes die with tx
		e = enrolment{Salt: own(kSalt), ClinicID: own(kClinicID), AdminUser: string(m.Get(kAdminUser)),
			RootKey: own(kRootKey), RecoverySign: own(kRecoverySign), DEK: sess.dek, Slots: map[string][]byte{},
			Device: vault.RandomBytes(16), Block: u64At(sb.Get(kNextBlock))}
		if e.Block == 0 {
			e.Block = 1
		}
		if err := sb.Put(kNextBlock, u64(e.Block+1)); err != nil {
			return err
		}
		tx.Bucket(bKeys).ForEach(func(k, v []byte) error {
			e.Slots[hex.EncodeToString(k)] = append([]byte(nil), v...) // slot keys are binary: hex survives JSON
			return nil
		})
		for _, kind := range []model.Kind{model.KindUser, model.KindClinic} {
			prefix := append([]byte(kind), 0)
			c := sb.Bucket(sbRids).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				d, err := sess.sealDoc(tx, sb, k)
				if err != nil {
					return err
				}
				e.Docs = append(e.Docs, d)
			}
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActEnrol,
			Detail: fmt.Sprintf("desk %s enrolled (MRN block %d)", hex.EncodeToString(e.Device[:4]), e.Block)})
	})
	if err != nil {
		return nil, "", wrap("enrol a desk", err)
	}
	plain, _ := json.Marshal(e)
	salt := vault.RandomBytes(vault.SaltLen)
	kek := vault.DeriveKEK(passphrase, salt, kdf)
	defer vault.Wipe(kek)
	seal, err := vault.NewSealer(kek)
	if err != nil {
		return nil, "", err
	}
	f, _ := json.MarshalIndent(enrolFile{Format: enrolFormat, Salt: salt, KDF: kdf, Box: seal.Seal(plain, enrolAAD)}, "", " ")
	vault.Wipe(plain)
	return f, hex.EncodeToString(e.Device), nil
}

// Join makes a new desk's store at path from an enrolment file. The desk
// then holds the clinic's accounts and settings; its first sync brings the
// records. Users sign in with their usual passwords.
func Join(path string, file []byte, passphrase string, opts Options) (*Store, error) {
	var f enrolFile
	if err := json.Unmarshal(file, &f); err != nil || f.Format != enrolFormat {
		return nil, model.Errorf(model.Invalid, "this is not a Dossier enrolment file")
	}
	if f.KDF.Weak() && !opts.AllowWeakKDF {
		return nil, model.Errorf(model.Invalid, "the enrolment file's key derivation is too weak")
	}
	kek := vault.DeriveKEK(passphrase, f.Salt, f.KDF)
	defer vault.Wipe(kek)
	seal, err := vault.NewSealer(kek)
	if err != nil {
		return nil, err
	}
	plain, err := seal.Open(f.Box, enrolAAD)
	if err != nil {
		return nil, model.Errorf(model.Denied, "the passphrase does not open this enrolment file")
	}
	var e enrolment
	if err := json.Unmarshal(plain, &e); err != nil {
		return nil, model.Errorf(model.Damaged, "the enrolment file does not parse")
	}
	if Exists(path) {
		return nil, ErrExists
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, diskErr(err)
	}
	db, err := openBolt(path, opts)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, opts: opts, salt: e.Salt}
	fail := func(err error) (*Store, error) {
		db.Close()
		os.Remove(path)
		return nil, fmt.Errorf("join the clinic: %w", diskErr(err))
	}
	err = db.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucket(bMeta)
		if err != nil {
			return err
		}
		for k, v := range map[string][]byte{string(kMagic): magicValue, string(kSalt): e.Salt, string(kAdminUser): []byte(e.AdminUser),
			string(kClinicID): e.ClinicID, string(kRootKey): e.RootKey, string(kRecoverySign): e.RecoverySign, string(kDefItems): {1}} {
			if err := m.Put([]byte(k), v); err != nil {
				return err
			}
		}
		if _, err := migrate(tx, SchemaVersion); err != nil {
			return err
		}
		if err := m.Delete(kRebuild); err != nil {
			return err
		}
		for k, v := range e.Slots {
			key, err := hex.DecodeString(k)
			if err != nil {
				return model.Errorf(model.Damaged, "the enrolment file's key slots are damaged")
			}
			if err := tx.Bucket(bKeys).Put(key, v); err != nil {
				return err
			}
		}
		if err := enableSync(tx); err != nil {
			return err
		}
		sb := syncBucket(tx)
		if err := sb.Put(kDevice, e.Device); err != nil {
			return err
		}
		if err := sb.Put(kMRNBlock, u64(e.Block)); err != nil {
			return err
		}
		// A joined desk hands out blocks far from the first desk's.
		return sb.Put(kNextBlock, u64(e.Block*1000+1))
	})
	if err != nil {
		return fail(err)
	}
	keys, err := vault.DeriveSubKeys(e.DEK)
	if err != nil {
		return fail(err)
	}
	sess := &Session{store: s, keys: keys, dek: e.DEK, unlocked: map[model.ID]bool{}, enrolling: true,
		user: model.User{Username: "enrolment"}}
	res, err := sess.Sync().Apply(e.Docs, "")
	if err == nil && res.Quarantined > 0 {
		err = model.Errorf(model.Damaged, "the enrolment file's accounts do not verify: %s", res.Problems[0])
	}
	if err == nil {
		err = sess.update(func(tx *bolt.Tx) error {
			return sess.appendAudit(tx, model.AuditEntry{Action: model.ActEnrol,
				Detail: fmt.Sprintf("this desk %s joined the clinic (MRN block %d)", hex.EncodeToString(e.Device[:4]), e.Block)})
		})
	}
	sess.keys = nil
	if err != nil {
		return fail(err)
	}
	return s, nil
}

// MRNBlock is this desk's MRN block (0: the clinic's first desk).
func (s *Store) MRNBlock() uint64 {
	var b uint64
	s.db.View(func(tx *bolt.Tx) error {
		if sb := syncBucket(tx); sb != nil {
			b = binary.BigEndian.Uint64(append(make([]byte, 8-len(sb.Get(kMRNBlock))), sb.Get(kMRNBlock)...))
		}
		return nil
	})
	return b
}
