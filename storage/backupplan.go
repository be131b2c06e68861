package storage

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/storage/internal/backupfile"

	bolt "go.etcd.io/bbolt"
)

// The backup plan: an administrator's signed schedule. It is sealed in
// meta like a record; the list of past backups beside it. A scheduled
// backup is the clinic's act under the administrator's authority, made by
// whoever is signed in: RunPlannedBackup checks the plan's signature, that
// the signing key chains to the root of trust and that its owner is still
// an active administrator, instead of the session's PermBackup.

// maxBackupsListed keeps the list of past backups short.
const maxBackupsListed = 100

// plannedPrefix starts the name of every file a plan writes; pruning to
// the last N removes only files named so.
const plannedPrefix = "dossier-scheduled-"

// SetBackupPlan saves the administrator's backup schedule, signed by the
// administrator. The folder must exist and be writable now.
func (svc Admin) SetBackupPlan(p model.BackupPlan) error {
	sess := svc.sess
	if err := sess.require(model.PermBackup); err != nil {
		return err
	}
	p.Folder = strings.TrimSpace(p.Folder)
	p.At = strings.TrimSpace(p.At)
	if err := p.Validate(); err != nil {
		return err
	}
	if p.On() {
		if err := writableFolder(p.Folder); err != nil {
			return err
		}
	}
	if sess.signer == nil {
		return model.Errorf(model.Denied, "%s has no signing key yet: sign out and in again, then set the schedule", sess.user.Username)
	}
	p.SetBy, p.SetAt = sess.user.Username, wallNow()
	p.Signer, p.Sig = sess.signerPub(), nil
	p.Sig = ed25519.Sign(sess.signer, p.SignedBytes())
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return wrap("save the backup schedule", sess.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bMeta).Put(kBackupPlan, sess.keys.Records.Seal(body, kBackupPlan)); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActEdit, Detail: "backup schedule: " + p.Describe()})
	}))
}

func writableFolder(dir string) error {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return model.Errorf(model.Invalid, "there is no folder %s: plug in the drive, or choose another folder", dir)
	}
	f, err := os.CreateTemp(dir, ".dossier-write-test-*")
	if err != nil {
		return model.Errorf(model.Invalid, "Dossier cannot write to %s: choose a folder you may write to", dir)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// BackupPlan reads the backup schedule (the zero plan when none is set).
// Any signed-in user may read it: the window makes scheduled backups
// whoever is signed in.
func (svc Admin) BackupPlan() (model.BackupPlan, error) {
	var p model.BackupPlan
	err := svc.sess.view(func(tx *bolt.Tx) error {
		var err error
		p, err = svc.sess.planTx(tx)
		return err
	})
	return p, wrap("read the backup schedule", err)
}

func (sess *Session) planTx(tx *bolt.Tx) (model.BackupPlan, error) {
	var p model.BackupPlan
	sealed := tx.Bucket(bMeta).Get(kBackupPlan)
	if sealed == nil {
		return p, nil
	}
	plain, err := sess.keys.Records.Open(sealed, kBackupPlan)
	if err != nil {
		return p, model.Errorf(model.Damaged, "the backup schedule is damaged: an administrator must set it again")
	}
	return p, json.Unmarshal(plain, &p)
}

// authorityTx checks that the plan is signed by a trusted key of an active
// administrator, and names the administrator.
func (sess *Session) authorityTx(tx *bolt.Tx, p model.BackupPlan) (string, error) {
	refuse := func(why string) (string, error) {
		return "", model.Errorf(model.Denied, "the backup schedule is no longer authorized (%s): an administrator must set it again", why)
	}
	if len(p.Signer) != ed25519.PublicKeySize || !ed25519.Verify(p.Signer, p.SignedBytes(), p.Sig) {
		return refuse("its signature does not match")
	}
	t := sess.loadTrust(tx)
	if why := t.why(p.Signer, 0); why != "" {
		return refuse(why)
	}
	id, ok := t.byKey[string(p.Signer)]
	if !ok {
		return refuse("the key belongs to no account")
	}
	u := t.users[id]
	switch {
	case u.Disabled:
		return refuse(u.Username + "'s account is disabled")
	case !u.Role.Allows(model.PermBackup):
		return refuse(u.Username + " may no longer make backups")
	case u.Username != p.SetBy:
		return refuse("it names " + p.SetBy + " but was signed by " + u.Username)
	}
	return u.Username, nil
}

// PlannedBackupDue says whether the plan's daily backup is due at now.
func (svc Admin) PlannedBackupDue(now time.Time) (bool, error) {
	p, err := svc.BackupPlan()
	if err != nil {
		return false, err
	}
	return p.DailyDue(svc.sess.store.LastBackup(), now), nil
}

// RunPlannedBackup makes a scheduled backup into the plan's folder under
// the administrator's authority (why: "daily at 17:30", "when the last
// user signed out"), whoever is signed in, then removes the plan's oldest
// backups beyond its Keep. It is refused when the plan is off or its
// authority no longer holds; the refusal is audited.
func (svc Admin) RunPlannedBackup(ctx context.Context, why string, progress func(float64)) (model.BackupMade, error) {
	sess := svc.sess
	var p model.BackupPlan
	var admin string
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		if p, err = sess.planTx(tx); err != nil {
			return err
		}
		if !p.On() {
			return model.Errorf(model.Invalid, "no backups are scheduled")
		}
		admin, err = sess.authorityTx(tx, p)
		return err
	})
	if err != nil {
		if model.CodeOf(err) == model.Denied {
			refused := err
			_ = sess.update(func(tx *bolt.Tx) error {
				return sess.appendAudit(tx, model.AuditEntry{Action: model.ActBackup, Flagged: true,
					Detail: "scheduled backup refused: " + refused.Error()})
			})
		}
		return model.BackupMade{}, err
	}
	if err := writableFolder(p.Folder); err != nil {
		return model.BackupMade{}, err
	}
	// Microseconds in the name keep two backups in one second apart; the
	// names sort by time, which pruning relies on.
	name := plannedPrefix + time.Now().Format("2006-01-02-150405.000000") + ".dbak"
	made := model.BackupMade{Why: why, AuthorizedBy: admin}
	path := filepath.Join(p.Folder, name)
	if _, err := sess.backupToFile(ctx, path, progress, made); err != nil {
		return made, err
	}
	pruneErr := sess.prunePlanned(p)
	list, err := svc.sess.backupsMade()
	if err != nil || len(list) == 0 {
		return made, err
	}
	return list[len(list)-1], pruneErr
}

// prunePlanned removes the plan's oldest backup files beyond Keep (only
// files the plan named) and marks them removed in the list.
func (sess *Session) prunePlanned(p model.BackupPlan) error {
	names, err := filepath.Glob(filepath.Join(p.Folder, plannedPrefix+"*.dbak"))
	if err != nil || len(names) <= p.Keep {
		return err
	}
	sort.Strings(names) // the names sort by time
	gone := map[string]bool{}
	for _, n := range names[:len(names)-p.Keep] {
		if err := os.Remove(n); err != nil {
			return fmt.Errorf("remove the old backup %s: %w", n, err)
		}
		gone[n] = true
	}
	return sess.update(func(tx *bolt.Tx) error {
		list, err := sess.backupsMadeTx(tx)
		if err != nil {
			return err
		}
		for i := range list {
			if gone[list[i].Path] {
				list[i].Removed = true
			}
		}
		return sess.putBackupsMade(tx, list)
	})
}

// BackupsMade lists past backups, newest first, each with what checking
// its file found when it was made and whether the file is still there.
func (svc Admin) BackupsMade() ([]model.BackupMade, error) {
	if err := svc.sess.require(model.PermBackup); err != nil {
		return nil, err
	}
	list, err := svc.sess.backupsMade()
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	return list, err
}

// CheckListedBackup checks a listed backup in full (VerifyBackupWith:
// it opens with the credentials and every record decrypts) and records
// what it found in the list of past backups.
func (svc Admin) CheckListedBackup(ctx context.Context, path string, cred Credentials, progress func(float64)) (VerifyReport, error) {
	sess := svc.sess
	if err := sess.require(model.PermBackup); err != nil {
		return VerifyReport{}, err
	}
	rep, verr := VerifyBackupWith(ctx, path, cred, progress)
	if errors.Is(verr, context.Canceled) || model.CodeOf(verr) == model.Denied {
		return rep, verr // a cancelled check or a wrong password says nothing of the backup
	}
	check := ""
	switch {
	case verr != nil:
		check = "failed the full check: " + verr.Error()
	case !rep.OK():
		check = fmt.Sprintf("failed the full check: %d problems, first: %s", len(rep.Problems), rep.Problems[0])
	}
	err := sess.update(func(tx *bolt.Tx) error {
		list, err := sess.backupsMadeTx(tx)
		if err != nil {
			return err
		}
		for i := range list {
			if list[i].Path == path {
				list[i].Check, list[i].CheckedAt, list[i].FullCheck = check, wallNow(), true
			}
		}
		if err := sess.putBackupsMade(tx, list); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActView, Detail: "checked backup " + filepath.Base(path)})
	})
	if verr != nil {
		return rep, verr
	}
	return rep, wrap("record the check", err)
}

func (sess *Session) backupsMade() ([]model.BackupMade, error) {
	var list []model.BackupMade
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		list, err = sess.backupsMadeTx(tx)
		return err
	})
	return list, err
}

func (sess *Session) backupsMadeTx(tx *bolt.Tx) ([]model.BackupMade, error) {
	var list []model.BackupMade
	sealed := tx.Bucket(bMeta).Get(kBackupsMade)
	if sealed == nil {
		return nil, nil
	}
	plain, err := sess.keys.Records.Open(sealed, kBackupsMade)
	if err != nil {
		return nil, model.Errorf(model.Damaged, "the list of past backups is damaged")
	}
	return list, json.Unmarshal(plain, &list)
}

func (sess *Session) putBackupsMade(tx *bolt.Tx, list []model.BackupMade) error {
	if len(list) > maxBackupsListed {
		list = list[len(list)-maxBackupsListed:]
	}
	body, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return tx.Bucket(bMeta).Put(kBackupsMade, sess.keys.Records.Seal(body, kBackupsMade))
}

func (sess *Session) addBackupMade(tx *bolt.Tx, m model.BackupMade) error {
	list, err := sess.backupsMadeTx(tx)
	if err != nil {
		return err
	}
	return sess.putBackupsMade(tx, append(list, m))
}

// checkBackupFile reads a backup's frame and the checksum of the store
// inside it: "" when it is whole, else what is wrong. (A full check, which
// opens every record, needs a password: Check a backup… or dossier verify.)
func checkBackupFile(path string) string {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return "the file is gone"
	}
	if err != nil {
		return "cannot be read: " + err.Error()
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "cannot be read: " + err.Error()
	}
	man, err := readBackupLayout(f, st.Size())
	if err != nil {
		return "damaged: " + err.Error()
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, backupfile.HeadLen, man.Size)); err != nil {
		return "cannot be read: " + err.Error()
	}
	if !bytes.Equal([]byte(hex.EncodeToString(h.Sum(nil))), []byte(man.SHA256)) {
		return "damaged: its checksum does not match"
	}
	return ""
}
