package storage

// Bucket and key layout of a store. Everything under records, audit and blind
// is sealed or keyed-hashed; see README "Bucket and key layout".
var (
	bMeta     = []byte("meta")     // magic, schema version, clinic salt, counters (no identifiers)
	bKeys     = []byte("keys")     // wrapped data keys: one slot per user, one for the recovery key
	bRecords  = []byte("records")  // one sub-bucket per kind, each with heads and revs
	bHeads    = []byte("heads")    //   id(16) → rev(4) flags(1)
	bRevs     = []byte("revs")     //   id(16) rev(4) → sealed {revision meta, body}
	bOwner    = []byte("owner")    // patientID(16) kind-len(1) kind id(16) → "" (what a patient owns)
	bBlind    = []byte("blind")    // HMAC(field, value)(20) id(16) → "" (exact lookups without plaintext)
	bAudit    = []byte("audit")    // seq(8) → mac(32) sealed entry
	bFailures = []byte("failures") // failed sign-ins awaiting the next unlock (time, username hash)
	bSearch   = []byte("search")   // chunk number(4) → sealed patient index entries (1,024 a chunk)
	bBlobs    = []byte("blobs")    // blob id(16) chunk(4) → sealed bytes of a page image (256 KiB a chunk)
	bDrafts   = []byte("drafts")   // HMAC(user, form key)(20) → sealed unsaved form (autosave)

	kMagic       = []byte("magic")
	kSchema      = []byte("schema")
	kSalt        = []byte("clinic-salt")
	kClinicID    = []byte("clinic-id")
	kMRNSeq      = []byte("mrn-seq")
	kAuditHead   = []byte("audit-head")  // sealed seq(8) mac(32): catches a removed tail
	kLastBackup  = []byte("last-backup") // unix seconds of the last verified backup
	kRecovery    = []byte("recovery")
	kAdminUser   = []byte("admin-user")     // first administrator's username: the CLI's default --user
	kRebuild     = []byte("search-rebuild") // set when the search snapshot must be rebuilt from records
	kSearchCount = []byte("search-count")   // entries in the search snapshot
	kROISeq      = []byte("roi-seq")        // last release-of-information request number

	magicValue = []byte("dossier-store/1")
)

const flagDeleted = 1
