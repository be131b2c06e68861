package model

import "time"

// Action is what an audit entry records. Stored on disk: append-only.
type Action string

const (
	ActSignIn         Action = "sign-in"
	ActSignInFailed   Action = "sign-in-failed"
	ActSignOut        Action = "sign-out"
	ActLock           Action = "lock"
	ActView           Action = "view"
	ActCreate         Action = "create"
	ActEdit           Action = "edit"
	ActDelete         Action = "delete"
	ActRestore        Action = "restore"
	ActPrint          Action = "print"
	ActExport         Action = "export"
	ActBreakGlass     Action = "break-glass"
	ActBackup         Action = "backup"
	ActRestoreBackup  Action = "restore-backup"
	ActPasswordChange Action = "password-change"
	ActRecoveryUsed   Action = "recovery-key-used"
	ActSettings       Action = "settings"
	ActSearch         Action = "search"
	ActDenied         Action = "denied"
	ActSetup          Action = "setup"
	ActMigrate        Action = "migrate"
	ActMerge          Action = "merge"
	ActUnmerge        Action = "unmerge"
	ActNotDuplicate   Action = "not-duplicate"
	ActDuplicateScan  Action = "duplicate-scan"
	ActImport         Action = "import"        // scanned pages brought in
	ActFile           Action = "file"          // pages indexed to a patient's document
	ActChartOut       Action = "chart-out"     // paper chart checked out
	ActChartIn        Action = "chart-in"      // paper chart returned
	ActQualityCheck   Action = "quality-check" // a batch's sample checked
	ActRelease        Action = "release"       // records released outside the clinic (or to a ward)
	ActAnnotate       Action = "annotate"      // a note added to a disclosure
	ActTamper         Action = "tamper"        // the store was found altered outside Dossier (always flagged)
	ActVerify         Action = "verify"        // the store, a backup or the audit trail was verified
	ActRotateKeys     Action = "rotate-keys"   // everything re-sealed under a new data key (begun, cancelled, done)
	ActReviewCharts   Action = "review-charts" // existing charts checked against the completeness rules
	ActSync           Action = "sync"          // a revision from another desk applied, or a replication run
	ActConflict       Action = "conflict"      // a supervisor chose between two desks' values of a field
	ActEnrol          Action = "device-enrol"  // a new desk enrolled, or a desk's sync revoked
)

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	Seq    uint64    `json:"seq"`
	Time   time.Time `json:"time"`
	User   string    `json:"user"`
	Action Action    `json:"action"`
	Kind   Kind      `json:"kind,omitempty"`
	Record ID        `json:"record,omitempty"`
	Detail string    `json:"detail,omitempty"`
	// Flagged marks entries a reviewer must look at (break the glass, denials,
	// repeated failed sign-ins).
	Flagged bool `json:"flagged,omitempty"`
	// Rev and Hash commit the entry to the revision a write made: its
	// number and the SHA-256 of its plaintext (so re-sealing under another
	// key keeps the commitment valid). Empty before commitments existed
	// and on entries that wrote no revision.
	Rev  uint32 `json:"rev,omitempty"`
	Hash []byte `json:"hash,omitempty"`
}

// AuditFilter selects entries for the Admin screen.
type AuditFilter struct {
	User        string
	Action      Action
	Record      ID
	From, To    time.Time
	FlaggedOnly bool
}

// Match reports whether e passes the filter.
func (f AuditFilter) Match(e AuditEntry) bool {
	if f.User != "" && f.User != e.User {
		return false
	}
	if f.Action != "" && f.Action != e.Action {
		return false
	}
	if !f.Record.IsZero() && f.Record != e.Record {
		return false
	}
	if !f.From.IsZero() && e.Time.Before(f.From) {
		return false
	}
	if !f.To.IsZero() && !e.Time.Before(f.To) {
		return false
	}
	if f.FlaggedOnly && !e.Flagged {
		return false
	}
	return true
}

// Revision describes one saved version of a record.
type Revision struct {
	Rev     uint32    `json:"rev"`
	Time    time.Time `json:"time"`
	User    string    `json:"user"`
	Op      Action    `json:"op"` // create, edit, delete, restore
	Reason  string    `json:"reason,omitempty"`
	Deleted bool      `json:"deleted,omitempty"`
}
