package storage

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// The end of the audit trail anchored outside the store (issue 12, item 5).
//
// An insider who holds the data key and their own signing key can cut the
// last entries of the live trail and re-seal its recorded end: every entry
// left still carries a valid signature. What they cannot change is a backup
// made earlier: its manifest names the chain head it saw (entry number and
// MAC) and is signed by the administrator who made it. `dossier verify`
// compares the live trail with the heads of the backups it can find — the
// ones the store recorded making (a hint only: the list is inside the file
// the insider edits, so `--against FILE` names others) and any other backup
// in the same folders — and reports a live trail that is shorter than, or
// differs from, a signed head.

// backupMark is what the store remembers of a backup it made: where, when,
// by whom, and the chain head the manifest names.
type backupMark struct {
	Path    string    `json:"path"`
	Created time.Time `json:"created"`
	By      string    `json:"by"`
	Seq     uint64    `json:"seq"`
	MAC     []byte    `json:"mac"`
}

// kBackupLog is in meta: the sealed list of the latest backups made
// (backupMark, newest last, at most maxBackupLog).
var (
	kBackupLog     = []byte("backup-log")
	backupLogAAD   = []byte("backup-log")
	maxBackupLog   = 50
	maxFolderScans = 200 // backups read from the folders of recorded backups
)

func (sess *Session) readBackupLog(tx *bolt.Tx) []backupMark {
	v := tx.Bucket(bMeta).Get(kBackupLog)
	if v == nil {
		return nil
	}
	plain, err := sess.keys.Records.Open(v, backupLogAAD)
	if err != nil {
		return nil
	}
	var out []backupMark
	if json.Unmarshal(plain, &out) != nil {
		return nil
	}
	return out
}

// recordBackup adds a backup just written to the store's list.
func (sess *Session) recordBackup(tx *bolt.Tx, path string, man Manifest) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	list := append(sess.readBackupLog(tx), backupMark{Path: abs, Created: man.Created, By: man.By, Seq: man.AuditSeq, MAC: man.AuditMAC})
	if len(list) > maxBackupLog {
		list = list[len(list)-maxBackupLog:]
	}
	b, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return tx.Bucket(bMeta).Put(kBackupLog, sess.keys.Records.Seal(b, backupLogAAD))
}

// anchorCandidates lists the backup files to compare the live trail with:
// those named (against), those the store recorded making, and the other
// backups in the folders of the recorded ones (newest first, bounded).
func (sess *Session) anchorCandidates(tx *bolt.Tx, against []string) (named, found []string) {
	seen := map[string]bool{}
	add := func(list *[]string, p string) {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if !seen[p] {
			seen[p] = true
			*list = append(*list, p)
		}
	}
	for _, p := range against {
		add(&named, p)
	}
	dirs := map[string]bool{}
	log := sess.readBackupLog(tx)
	for i := len(log) - 1; i >= 0; i-- { // newest first
		add(&found, log[i].Path)
		dirs[filepath.Dir(log[i].Path)] = true
	}
	var extra []string
	for d := range dirs {
		m, _ := filepath.Glob(filepath.Join(d, "*.dbak"))
		extra = append(extra, m...)
	}
	sort.Slice(extra, func(i, j int) bool { return modTime(extra[i]).After(modTime(extra[j])) })
	if len(extra) > maxFolderScans {
		extra = extra[:maxFolderScans]
	}
	for _, p := range extra {
		add(&found, p)
	}
	return named, found
}

func modTime(p string) time.Time {
	st, err := os.Stat(p)
	if err != nil {
		return time.Time{}
	}
	return st.ModTime()
}

// readManifest reads only the frame and manifest of a backup file.
func readManifest(path string) (Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Manifest{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Manifest{}, err
	}
	return readBackupLayout(f, st.Size())
}

// checkAnchors compares the live trail (tx) with the signed chain head of
// every candidate backup. A named backup that cannot serve (unreadable,
// another clinic, unsigned) is a problem; a found one only a note.
func (sess *Session) checkAnchors(tx *bolt.Tx, against []string, rep *VerifyReport) {
	named, found := sess.anchorCandidates(tx, against)
	if len(named) == 0 && len(found) == 0 {
		rep.Notes = append(rep.Notes, "no backup to compare the end of the audit trail with (the store recorded none): name one with --against FILE")
		return
	}
	t := sess.loadTrust(tx)
	var cid model.ID
	copy(cid[:], tx.Bucket(bMeta).Get(kClinicID))
	var restores []model.AuditEntry // read once, when a head is missing
	restoresRead := false
	for i, path := range append(named, found...) {
		explicit := i < len(named)
		skip := func(f string, a ...any) {
			msg := fmt.Sprintf("backup %s: ", filepath.Base(path)) + fmt.Sprintf(f, a...)
			if explicit {
				rep.Problems = append(rep.Problems, msg)
			} else {
				rep.Notes = append(rep.Notes, msg)
			}
		}
		man, err := readManifest(path)
		switch {
		case os.IsNotExist(err):
			skip("no longer there, not compared")
			continue
		case err != nil:
			skip("cannot be read (%v), not compared", err)
			continue
		case man.ClinicID != cid.String():
			skip("is of another clinic (%s), not compared", man.ClinicID)
			continue
		case len(man.Sig) == 0 || man.AuditSeq == 0:
			skip("its manifest is not signed or names no audit head (made before signing keys), not compared")
			continue
		}
		if why := manifestSignature(t, man); why != "" {
			rep.Problems = append(rep.Problems, fmt.Sprintf("backup %s: %s", filepath.Base(path), why))
			continue
		}
		what := fmt.Sprintf("the backup of %s by %s", man.Created.Local().Format("2006-01-02 15:04"), man.By)
		head := fmt.Sprintf("entry %d (hash %s…)", man.AuditSeq, hex.EncodeToString(man.AuditMAC)[:12])
		var last uint64
		if k, _ := tx.Bucket(bAudit).Cursor().Last(); len(k) == 8 {
			last = binary.BigEndian.Uint64(k)
		}
		v := tx.Bucket(bAudit).Get(u64(man.AuditSeq))
		if v != nil && len(v) >= 32 && bytes.Equal(v[:32], man.AuditMAC) {
			rep.Anchors = append(rep.Anchors, fmt.Sprintf("%s (%s): %s is in the live trail", what, filepath.Base(path), head))
			continue
		}
		if !restoresRead {
			restores, restoresRead = sess.restoresTx(tx, t), true
		}
		if r, ok := restoredAfter(restores, man.Created); ok {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s (%s) records %s, which the live trail no longer has: the store was restored from an older backup on %s by %s",
				what, filepath.Base(path), head, r.Time.Local().Format("2006-01-02 15:04"), r.User))
			continue
		}
		if v == nil || len(v) < 32 {
			rep.Problems = append(rep.Problems, fmt.Sprintf("audit trail cut: %s (%s) recorded %s, the live trail ends at %d", what, filepath.Base(path), head, last))
		} else {
			rep.Problems = append(rep.Problems, fmt.Sprintf("audit trail diverges: %s (%s) recorded %s, the live trail's entry %d is another (hash %s…); it ends at %d",
				what, filepath.Base(path), head, man.AuditSeq, hex.EncodeToString(v[:32])[:12], last))
		}
	}
}

// manifestSignature checks a manifest's signature against the live store's
// keys: the signer's key must chain back to the root ("" when it does).
func manifestSignature(t *trustInfo, man Manifest) string {
	signer, err := model.ParseID(man.Signer)
	if err != nil {
		return fmt.Sprintf("its manifest names signer %q, which is not an account ID", man.Signer)
	}
	if signer.IsZero() {
		if t.recovery == nil || !ed25519.Verify(t.recovery, man.SignedBytes(), man.Sig) {
			return "its manifest claims the recovery key's signature, which does not match"
		}
		return ""
	}
	u, ok := t.users[signer]
	if !ok {
		return "its manifest is signed in the name of an account this store does not have"
	}
	for _, k := range u.Keys {
		if ed25519.Verify(k.Pub, man.SignedBytes(), man.Sig) {
			if u.Username != man.By {
				return fmt.Sprintf("its manifest says it was made by %s but is signed by %s", man.By, u.Username)
			}
			if r := t.why(k.Pub, 0); r != "" && !pending(r) {
				return "its manifest is signed by a key that does not chain back to the root: " + r
			}
			return ""
		}
	}
	return fmt.Sprintf("its manifest does not carry a valid signature of %s (author, date or chain head altered)", u.Username)
}

// restoresTx lists the restores recorded in the live trail ("restored …"
// entries written into a restored store), keeping only those by an
// administrator or the recovery key: a restore legitimately replaces the
// history a later backup recorded, and anyone else's claim of one is not
// believed.
func (sess *Session) restoresTx(tx *bolt.Tx, t *trustInfo) []model.AuditEntry {
	admins := map[string]bool{recoveryKeyName: true}
	for _, u := range t.users {
		if u.Role == model.RoleAdmin {
			admins[u.Username] = true
		}
	}
	var out []model.AuditEntry
	c := tx.Bucket(bAudit).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(v) < 32 {
			continue
		}
		plain, err := sess.keys.Records.Open(v[32:], append([]byte("audit"), k...))
		if err != nil {
			continue
		}
		var e model.AuditEntry
		if json.Unmarshal(plain, &e) == nil && e.Action == model.ActRestoreBackup && strings.HasPrefix(e.Detail, "restored ") && admins[e.User] {
			out = append(out, e)
		}
	}
	return out
}

// restoredAfter finds a restore recorded after a backup was made.
func restoredAfter(restores []model.AuditEntry, made time.Time) (model.AuditEntry, bool) {
	for _, r := range restores {
		if r.Time.After(made) {
			return r, true
		}
	}
	return model.AuditEntry{}, false
}
