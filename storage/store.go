package storage

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"dossier/model"
	"dossier/model/search"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// Options tune how a store is opened.
type Options struct {
	// KDF overrides the calibrated Argon2id settings when creating a store.
	KDF KDFParams
	// AllowWeakKDF lets tests use TestKDF. Never set in the product.
	AllowWeakKDF bool
	// ReadOnly opens without the write lock (verifying backups).
	ReadOnly bool
	// Clock, when set, is the clinical "now" of this store: the rules that
	// need today's date and the dates written into records take it from
	// here (the demo and tests set it). Audit entries and revision stamps
	// always carry the real time.
	Clock func() time.Time
	// Demo marks a store being created as a demo clinic (meta key "demo"):
	// only such a store takes generated patients. Read by Create only.
	Demo bool
	// LockWait is how long to wait for another process's lock before
	// answering ErrAlreadyOpen.
	LockWait time.Duration
}

// Store is an open clinic database. It holds no keys: those live in Sessions.
type Store struct {
	db   *bolt.DB
	path string
	salt []byte
	opts Options

	mu      sync.Mutex
	pending []string // migrations run at open, audited at first unlock

	// clinic caches the settings, read on every date typed and every form
	// shown; only UpdateClinic changes them (one process holds the file).
	clinicMu sync.Mutex
	clinic   *model.Clinic

	// The patient index, in memory while a session is open.
	indexMu  sync.Mutex
	index    *search.Index
	sessions int
	// stage collects the index changes of the one write transaction that
	// can be open at a time (bbolt serializes writers).
	stage   *indexStage
	stageTx *bolt.Tx
	// sigs collects the audit signatures of an applied batch of pulled
	// revisions, made on every core before it commits (replicaapply.go).
	sigs   []auditSigJob
	sigsTx *bolt.Tx
	// review collects the encounters and documents the write transaction
	// changed, evaluated against the completeness rules before it commits
	// (deficiencyreview.go).
	review   *reviewStage
	reviewTx *bolt.Tx
	// statStage collects the patients whose encounters the write
	// transaction changed: their date index entries are rewritten before
	// it commits (statsindex.go).
	statStage   map[model.ID]bool
	statStageTx *bolt.Tx
	// defMu guards the deficiency queue in memory (loaded at the first
	// read, kept in step at each commit) and the completeness rules.
	defMu    sync.Mutex
	defQueue *defCache
	rules    *model.ChartRules

	// queues are the work queues in memory (queues.go), read once.
	queues queueCache

	// live are the sessions not yet locked: Close signs them out.
	liveMu sync.Mutex
	live   map[*Session]bool
}

func (s *Store) track(sess *Session) {
	s.liveMu.Lock()
	defer s.liveMu.Unlock()
	if s.live == nil {
		s.live = map[*Session]bool{}
	}
	s.live[sess] = true
}

func (s *Store) untrack(sess *Session) {
	s.liveMu.Lock()
	defer s.liveMu.Unlock()
	delete(s.live, sess)
}

func openBolt(path string, opts Options) (db *bolt.DB, err error) {
	wait := opts.LockWait
	if wait == 0 {
		wait = 750 * time.Millisecond
	}
	if err := checkBoltFile(path); err != nil {
		return nil, err
	}
	// Last resort: bbolt panics on some damage the meta check cannot see.
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, errDamagedStore(path, fmt.Sprint(r))
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: wait, ReadOnly: opts.ReadOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrAlreadyOpen
	}
	if err != nil {
		if errors.Is(err, bolt.ErrInvalid) || errors.Is(err, bolt.ErrVersionMismatch) || errors.Is(err, bolt.ErrChecksum) {
			return nil, fmt.Errorf("%s: %w", path, ErrNotStore)
		}
		return nil, fmt.Errorf("open %s: %w", path, diskErr(err))
	}
	return db, nil
}

// DefaultDemoPath is the demo clinic's store in the user's data folder,
// apart from the clinic store.
func DefaultDemoPath() (string, error) {
	p, err := DefaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), "dossier-demo.dossier"), nil
}

// IsDemo reports whether the store was created as a demo clinic (the
// window shows "(demo)" in its title; only a demo store takes demo data).
func (s *Store) IsDemo() bool {
	var demo bool
	s.db.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bMeta); m != nil {
			demo = len(m.Get(kDemo)) > 0
		}
		return nil
	})
	return demo
}

// Exists reports whether a store file is at path.
func Exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Size() > 0
}

// Open opens an existing store and brings its layout up to date.
func Open(path string, opts Options) (*Store, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoStore
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if st.Size() == 0 {
		// bbolt would silently turn an empty file into a new database.
		return nil, fmt.Errorf("%s is empty: %w", path, ErrNotStore)
	}
	db, err := openBolt(path, opts)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, opts: opts}
	if err := s.loadSafely(); err != nil {
		db.Close()
		return nil, err
	}
	if !opts.ReadOnly {
		// A key rotation killed before its rename leaves its unfinished
		// copy; this process holds the store's lock, so none is running.
		os.Remove(path + ".rotating")
	}
	return s, nil
}

// loadSafely is load, with a panic from bbolt reading a damaged page turned
// into the plain damaged-store error.
func (s *Store) loadSafely() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errDamagedStore(s.path, fmt.Sprint(r))
		}
	}()
	return s.load()
}

func (s *Store) load() error {
	err := s.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m == nil || !bytes.Equal(m.Get(kMagic), magicValue) {
			return fmt.Errorf("%s: %w", s.path, ErrNotStore)
		}
		if schemaOf(tx) > SchemaVersion {
			return ErrNewerSchema
		}
		s.salt = append([]byte(nil), m.Get(kSalt)...)
		return nil
	})
	if err != nil || s.opts.ReadOnly {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		ran, err := migrate(tx, SchemaVersion)
		s.pending = append(s.pending, ran...)
		return err
	})
}

// DefaultUser is the first administrator's username, used when a command
// names no user.
func (s *Store) DefaultUser() string {
	var u string
	s.db.View(func(tx *bolt.Tx) error { u = string(tx.Bucket(bMeta).Get(kAdminUser)); return nil })
	if u == "" {
		u = "admin"
	}
	return u
}

// Close signs out every session still unlocked (audited as a sign-out, so a
// command-line session ends in the trail as a window's does), then releases
// the file and its lock.
func (s *Store) Close() error {
	s.liveMu.Lock()
	var open []*Session
	for sess := range s.live {
		open = append(open, sess)
	}
	s.liveMu.Unlock()
	for _, sess := range open {
		sess.Lock(model.ActSignOut)
	}
	return s.db.Close()
}

// Path is the file the store lives in.
func (s *Store) Path() string { return s.path }

// ClinicID is the random identity of this clinic's store (not secret).
func (s *Store) ClinicID() string {
	var id model.ID
	s.db.View(func(tx *bolt.Tx) error {
		copy(id[:], tx.Bucket(bMeta).Get(kClinicID))
		return nil
	})
	return id.String()
}

// Create makes a new store for a clinic with its first administrator, and
// returns the recovery key that must be shown once and printed.
func Create(path string, clinic model.Clinic, admin model.User, password string, opts Options) (*Store, *Session, RecoveryKey, error) {
	if err := clinic.Validate(); err != nil {
		return nil, nil, nil, err
	}
	if err := model.ValidateUsername(admin.Username); err != nil {
		return nil, nil, nil, err
	}
	if err := model.ValidatePassword(password); err != nil {
		return nil, nil, nil, err
	}
	if Exists(path) {
		return nil, nil, nil, ErrExists
	}
	kdf := opts.KDF
	if kdf == (KDFParams{}) {
		kdf = CalibrateKDF(time.Second)
	}
	if kdf.Weak() && !opts.AllowWeakKDF {
		return nil, nil, nil, model.Errorf(model.Invalid, "the key-derivation settings are below 64 MiB and 3 passes")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, nil, fmt.Errorf("create folder for the store: %w", diskErr(err))
	}
	db, err := openBolt(path, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	s := &Store{db: db, path: path, opts: opts, salt: vault.RandomBytes(16)}
	dek := vault.RandomBytes(vault.DataKeyLen)
	rk := RecoveryKey(vault.RandomBytes(vault.DataKeyLen))
	admin.Username = model.NormalizeUsername(admin.Username)
	admin.Role = model.RoleAdmin
	admin.ID = model.NewID()
	admin.Created = s.now()
	keys, err := vault.DeriveSubKeys(dek)
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	sess := &Session{store: s, user: admin, keys: keys, dek: dek, unlocked: map[model.ID]bool{}}
	// The first administrator's signing key is the root of trust: it
	// certifies itself and the recovery key's signing key.
	seed := newSeed()
	sess.setSigner(admin.ID, seed)
	admin.Keys = []model.SigningKey{certify(sess.signer, admin, sess.signerPub(), model.SigningKey{Created: admin.Created})}
	sess.user = admin
	recPub := recoverySigner(rk).Public().(ed25519.PublicKey)
	s.sessions++
	s.track(sess)
	err = db.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucket(bMeta)
		if err != nil {
			return err
		}
		for k, v := range map[string][]byte{string(kMagic): magicValue, string(kSalt): s.salt, string(kAdminUser): []byte(admin.Username),
			string(kClinicID): func() []byte { id := model.NewID(); return id[:] }()} {
			if err := m.Put([]byte(k), v); err != nil {
				return err
			}
		}
		if err := m.Put(kRootKey, sess.signerPub()); err != nil {
			return err
		}
		if err := m.Put(kDefItems, []byte{1}); err != nil { // a new store's links are complete from the start
			return err
		}
		if err := m.Put(kRecoverySign, append(append([]byte(nil), recPub...), ed25519.Sign(sess.signer, recoveryCertMessage(recPub))...)); err != nil {
			return err
		}
		if opts.Demo {
			if err := m.Put(kDemo, []byte("1")); err != nil {
				return err
			}
		}
		if _, err := migrate(tx, SchemaVersion); err != nil {
			return err
		}
		if err := tx.Bucket(bMeta).Delete(kRebuild); err != nil { // a new store's empty index is already right
			return err
		}
		if err := putRecoverySlot(tx, dek, rk); err != nil {
			return err
		}
		if err := putUserSlot(tx, s.salt, admin, dek, seed, password, kdf); err != nil {
			return err
		}
		if err := sess.putRecord(tx, model.KindUser, admin.ID, admin, model.ActCreate, "clinic set up"); err != nil {
			return err
		}
		if err := sess.putRecord(tx, model.KindClinic, clinicRecordID, clinic, model.ActCreate, "clinic set up"); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActSetup, Detail: "clinic " + clinic.Name + " created"})
	})
	if err != nil {
		db.Close()
		os.Remove(path)
		return nil, nil, nil, fmt.Errorf("set up the clinic: %w", diskErr(err))
	}
	return s, sess, rk, nil
}

// clinicRecordID is the fixed ID of the single clinic-settings record.
var clinicRecordID = model.ID{0: 0xC1}
