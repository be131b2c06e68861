package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// BackupPlan is the clinic's backup schedule, set by an administrator:
// a backup every day at a time while Dossier is open, and/or when the last
// user signs out, into a folder (a USB drive), keeping the last Keep. The
// administrator signs it; a scheduled backup is made under that authority
// whoever is signed in, for as long as the administrator's key is trusted
// and the account is an active administrator.
type BackupPlan struct {
	Daily         bool      `json:"daily,omitempty"`
	At            string    `json:"at,omitempty"` // HH:MM, the workstation's clock
	OnLastSignOut bool      `json:"onSignOut,omitempty"`
	Folder        string    `json:"folder,omitempty"`
	Keep          int       `json:"keep,omitempty"`
	SetBy         string    `json:"setBy,omitempty"`
	SetAt         time.Time `json:"setAt,omitempty"`
	// Signer and Sig are the administrator's public signing key and its
	// Ed25519 signature over SignedBytes.
	Signer []byte `json:"signer,omitempty"`
	Sig    []byte `json:"sig,omitempty"`
}

// Most backups a plan keeps: a USB drive of a few gigabytes holds them.
const MaxBackupsKept = 60

// On reports whether the plan makes any backup.
func (p BackupPlan) On() bool { return p.Daily || p.OnLastSignOut }

// Validate checks a plan before it is saved.
func (p BackupPlan) Validate() error {
	if !p.On() {
		return nil
	}
	if strings.TrimSpace(p.Folder) == "" {
		return Errorf(Invalid, "choose the folder (or USB drive) the backups go to")
	}
	if p.Daily {
		if _, _, ok := parseClock(p.At); !ok {
			return Errorf(Invalid, "type the time of the daily backup as HH:MM, e.g. 17:30")
		}
	}
	if p.Keep < 1 || p.Keep > MaxBackupsKept {
		return Errorf(Invalid, "keep from 1 to %d backups", MaxBackupsKept)
	}
	return nil
}

func parseClock(s string) (h, m int, ok bool) {
	var extra string
	n, _ := fmt.Sscanf(strings.TrimSpace(s)+" .", "%d:%d %s", &h, &m, &extra)
	return h, m, n == 3 && extra == "." && h >= 0 && h < 24 && m >= 0 && m < 60
}

// DailyDue reports whether the daily backup is due at now: today's time
// has come and no backup was made since it (last is the last backup of any
// kind, so a backup made by hand after the time counts).
func (p BackupPlan) DailyDue(last, now time.Time) bool {
	if !p.Daily {
		return false
	}
	h, m, ok := parseClock(p.At)
	if !ok {
		return false
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), h, m, 0, 0, now.Location())
	return !now.Before(today) && last.Before(today)
}

// Describe says what the plan does, for screens and the audit trail.
func (p BackupPlan) Describe() string {
	if !p.On() {
		return "no scheduled backups"
	}
	var when []string
	if p.Daily {
		when = append(when, "daily at "+p.At)
	}
	if p.OnLastSignOut {
		when = append(when, "when the last user signs out")
	}
	return fmt.Sprintf("%s, to %s, keeping the last %d", strings.Join(when, " and "), p.Folder, p.Keep)
}

// SignedBytes is what the administrator signs: the plan without its
// signature.
func (p BackupPlan) SignedBytes() []byte {
	p.Sig = nil
	b, _ := json.Marshal(p)
	return append([]byte("dossier backup plan\x00"), b...)
}

// SameSchedule reports whether two plans make the same backups.
func (p BackupPlan) SameSchedule(q BackupPlan) bool {
	return p.Daily == q.Daily && p.At == q.At && p.OnLastSignOut == q.OnLastSignOut && p.Folder == q.Folder &&
		p.Keep == q.Keep && bytes.Equal(p.Signer, q.Signer)
}

// BackupMade is one backup in the list of past backups.
type BackupMade struct {
	At     time.Time `json:"at"`
	Path   string    `json:"path"`
	Size   int64     `json:"size"`
	SHA256 string    `json:"sha256"`
	Why    string    `json:"why"` // "daily at 17:30", "when the last user signed out", "by hand"
	By     string    `json:"by"`
	// AuthorizedBy is the administrator whose plan made it ("" by hand).
	AuthorizedBy string `json:"authorizedBy,omitempty"`
	// Check is what checking the file found: "" when it read back whole
	// (checksum matched), else the problem.
	Check     string    `json:"check,omitempty"`
	CheckedAt time.Time `json:"checkedAt"`
	// FullCheck is set once the backup was checked in full (opened with a
	// password, every record decrypted), not only its checksum.
	FullCheck bool `json:"fullCheck,omitempty"`
	Removed   bool `json:"removed,omitempty"` // removed to keep the last N
}
