// Package storage is the only package that touches the database file (only
// the storage tree imports bbolt). It keeps every record sealed with an AEAD
// cipher, writes a new revision on every save, appends every access to a
// keyed, hash-chained audit trail, and makes and restores backups.
//
// It is in two layers. The record engine seals, revises, indexes and audits
// records of any kind: records.go (records and revisions), keys.go and the
// vault subpackage (sealing, key derivation, wrapped keys, recovery key),
// audit.go (the hash-chained audit trail), signing.go (per-user signing keys,
// certificates, the root of trust, signed audit entries), anchor.go (the
// trail's end compared with backups' signed heads), rotate.go
// (key rotation), blobs.go (page images),
// searchindex.go (the sealed patient index), migrations.go, backup.go and
// restore.go (backup layout, verify, restore), restricted.go (break the
// glass), session.go and store.go, with internal/backupfile (the backup file
// format), internal/hashcopy (hashing copy for backups) and internal/memadvice
// (telling the kernel which mapped pages are done with).
// The feature services over it (services.go: Patients, Duplicates, Pages,
// Documents, Batches, Coding, CodeSets, Release, Admissions, Encounters,
// Clinical, Transcripts, Drafts, ChartFiles, Specimens, Admin, Outputs,
// Deficiencies) are
// small values reached from a Session, e.g. sess.Patients().Get(id). Most
// feature methods check a permission through Session.require (directly or in
// a shared helper), which audits a refusal and returns a model.Error with
// code Denied. Not all do: Session.User, Store, Can and Clinic,
// Admin().BackupDue and the Drafts of the signed-in user check none;
// LogAction checks none for views (prints and exports it sends through
// Outputs().RecordPrint and RecordExport, which check PermPrint and
// PermExport). Patients().Index masks restricted patients for roles that may
// not open them.
//
// # Bucket and key layout
//
//	meta                                   plain, no identifiers
//	├─ magic          → "dossier-store/1"
//	├─ schema         → schema version
//	├─ clinic-salt    → salt for user slot keys
//	├─ clinic-id      → clinic ID (16)
//	├─ admin-user     → first administrator's username (the CLI's default --user)
//	├─ mrn-seq        → last MRN number (8)
//	├─ roi-seq        → last release-of-information request number (8)
//	├─ last-backup    → unix seconds of the last verified backup (8)
//	├─ def-items      → present once every note and document has its encounter link (deflinks)
//	├─ backup-log     → sealed list of the latest 50 backups made: path, time, by, audit head (seq, MAC);
//	│                   a hint for `dossier verify`, which compares the live trail with their signed heads
//	├─ audit-head     → sealed seq(8) ‖ mac(32): catches a removed tail
//	├─ search-rebuild → present when the search snapshot must be rebuilt from records
//	├─ search-count   → entries in the search snapshot (8)
//	├─ demo           → "1" when the store was created as a demo clinic (set at creation only)
//	├─ root-key       → first administrator's Ed25519 public signing key (32): the root of trust,
//	│                   its fingerprint is on the recovery sheet (`dossier fingerprint`)
//	├─ recovery-sign  → the recovery key's public signing key (32) ‖ root's signature over it (64)
//	├─ signing-since  → seq(8) of the first signed audit entry: every later entry must be signed
//	└─ retired-keys   → sealed keys of before each key rotation: the audit HMAC keys (with the last
//	                    entry each chained) and the blind-index keys (drafts saved before are found)
//	keys
//	├─ "u:" ‖ SHA-256(clinic salt ‖ username)[:16] → JSON slot: version, user ID, KDF, salt, wrapped data key
//	│                                               (v2: the user ID is in the wrapped key's associated data),
//	│                                               "sign": the user's Ed25519 seed sealed with the same KEK,
//	│                                               associated data slot key ‖ "\x00sign:" ‖ user ID;
//	│                                               after a key rotation, until the next sign-in, "box":
//	│                                               an ephemeral X25519 key, and "wrapped" is the data key
//	│                                               sealed to the user's signing key (vault/rekey.go)
//	└─ recovery                                   → JSON slot wrapped by the recovery key (after a rotation:
//	                                                sealed to the recovery key's signing key, "box")
//	records
//	└─ <kind>                              one sub-bucket per kind
//	   ├─ heads  id(16)          → latest rev(4) ‖ flags(1) (1: deleted)
//	   └─ revs   id(16) ‖ rev(4) → sealed {revision meta: who, when, op, reason; body}
//	      (user records carry "keys": public signing keys, each certified by an administrator's
//	       key: Ed25519 over user ID ‖ username ‖ role ‖ key)
//	owner     patientID(16) ‖ len(kind)(1) ‖ kind ‖ id(16) → "" (what a patient owns)
//	blind     HMAC(field, value)[:20] ‖ id(16)            → "" (exact lookups without plaintext)
//	audit     seq(8) → mac(32) ‖ sealed entry (keyed hash chain; entries of writes carry the
//	          revision number and SHA-256 of the revision's plaintext: the revision commitment)
//	audit-sig seq(8) → signer user ID(16; zero: the recovery key) ‖ Ed25519 signature(64) over
//	          seq(8) ‖ mac(32) ‖ SHA-256(plaintext entry)
//	failures  seq(8) → JSON {time, keyed hash of the username typed}: failed sign-ins, not sealed,
//	          moved into the audit chain and deleted at the next unlock
//	search    chunk(4) → sealed patient index entries, 1,024 a chunk
//	blobs     blob id(16) ‖ chunk(4) → sealed bytes of a page image, 256 KiB a chunk
//	drafts    HMAC(user, form)[:20] → sealed unsaved form (autosave)
//	queues    HMAC(queue)[:8] ‖ id(16) → sealed summary of a record waiting in a work queue,
//	          written with the record (queues.go); "built" → 1 once the index is complete
//	defq      HMAC(index key, "defq" ‖ deficiency ID)[:16] → sealed model.Deficiency: the queue of
//	          open and to-check deficiencies, written in the transaction of the change that moves
//	          one in or out (listing needs no scan of records; the keys reveal no record IDs)
//	deflinks  HMAC(index key, "defl" ‖ encounter or document ID)[:16] ‖ deficiency ID(16) → sealed
//	          subject ID: the deficiencies of an encounter or document, found when it changes;
//	          HMAC(index key, "enci" ‖ encounter ID)[:16] ‖ kind(1: n note, d document) ‖ ID(16) → sealed
//	          encounter ID: the notes and documents filed to an encounter (may hold stale links:
//	          readers check the record), so evaluating one encounter reads only its own items
//
// Errors are *model.Error values with a code (see errors.go); compare them
// with errors.Is.
package storage

// Bucket and key layout of a store (drawn in the package comment above).
var (
	bMeta     = []byte("meta")      // magic, schema version, clinic salt, counters (no identifiers)
	bKeys     = []byte("keys")      // wrapped data keys: one slot per user, one for the recovery key
	bRecords  = []byte("records")   // one sub-bucket per kind, each with heads and revs
	bHeads    = []byte("heads")     //   id(16) → rev(4) flags(1)
	bRevs     = []byte("revs")      //   id(16) rev(4) → sealed {revision meta, body}
	bOwner    = []byte("owner")     // patientID(16) kind-len(1) kind id(16) → "" (what a patient owns)
	bBlind    = []byte("blind")     // HMAC(field, value)(20) id(16) → "" (exact lookups without plaintext)
	bAudit    = []byte("audit")     // seq(8) → mac(32) sealed entry
	bFailures = []byte("failures")  // failed sign-ins awaiting the next unlock (time, username as typed; not sealed)
	bSearch   = []byte("search")    // chunk number(4) → sealed patient index entries (1,024 a chunk)
	bBlobs    = []byte("blobs")     // blob id(16) chunk(4) → sealed bytes of a page image (256 KiB a chunk)
	bDrafts   = []byte("drafts")    // HMAC(user, form key)(20) → sealed unsaved form (autosave); also per-user settings (prefs.go)
	bAuditSig = []byte("audit-sig") // seq(8) → signer user ID(16) ‖ Ed25519 signature(64) of that audit entry
	bDefQueue = []byte("defq")      // HMAC(index key, deficiency ID)(16) → sealed model.Deficiency: the open and to-check ones
	bDefLinks = []byte("deflinks")  // HMAC(index key, subject ID)(16) ‖ deficiency ID(16) → sealed subject ID: deficiencies of an encounter or document

	kMagic        = []byte("magic")
	kSchema       = []byte("schema")
	kSalt         = []byte("clinic-salt")
	kClinicID     = []byte("clinic-id")
	kMRNSeq       = []byte("mrn-seq")
	kAuditHead    = []byte("audit-head")  // sealed seq(8) mac(32): catches a removed tail
	kLastBackup   = []byte("last-backup") // unix seconds of the last verified backup
	kRecovery     = []byte("recovery")
	kAdminUser    = []byte("admin-user")     // first administrator's username: the CLI's default --user
	kRebuild      = []byte("search-rebuild") // set when the search snapshot must be rebuilt from records
	kSearchCount  = []byte("search-count")   // entries in the search snapshot
	kROISeq       = []byte("roi-seq")        // last release-of-information request number
	kDemo         = []byte("demo")           // set at creation on a demo clinic's store
	kRootKey      = []byte("root-key")       // first administrator's public signing key (32): the root of trust
	kRecoverySign = []byte("recovery-sign")  // recovery key's public signing key(32) ‖ root's signature over it(64)
	kSigningSince = []byte("signing-since")  // seq(8) of the first signed audit entry: every later one must be signed
	kBackupPlan   = []byte("backup-plan")    // sealed model.BackupPlan: the administrator's signed backup schedule
	kBackupsMade  = []byte("backups-made")   // sealed []model.BackupMade: the list of past backups (newest last)
	kDefItems     = []byte("def-items")      // set once every note and document has its encounter link in deflinks
	kLanguage     = []byte("language")       // the clinic's language setting, readable before sign-in (language.go)

	magicValue = []byte("dossier-store/1")
)

const flagDeleted = 1
