package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"dossier/model"
	"dossier/storage/internal/backupfile"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// Credentials unlock a store for verification or restore: a user's password
// or the recovery key.
type Credentials struct {
	Username string
	Password string
	Recovery RecoveryKey
}

// VerifyReport is what verifying a backup proved.
type VerifyReport struct {
	Manifest     Manifest
	Records      int
	Revisions    int
	AuditEntries uint64
	ImageChunks  int
	ClinicID     string // read from the store inside, not the manifest
	Problems     []string
	// Notes are findings that are not problems (entries written before
	// signing keys existed, keys no administrator has certified yet).
	Notes []string
	// RootFingerprint is the fingerprint of the store's root of trust
	// (the first administrator's signing key), "" when it has none.
	RootFingerprint string
	// Anchors says, for a live store, which backups' signed audit heads
	// the live trail was compared with and found in (see checkAnchors).
	Anchors []string
}

// OK reports a backup with no problems.
func (r VerifyReport) OK() bool { return len(r.Problems) == 0 }

// extractBackup checks the frame and checksum of a backup and writes the
// store inside it to dst.
func extractBackup(src, dst string) (Manifest, error) {
	f, err := os.Open(src)
	if err != nil {
		return Manifest{}, fmt.Errorf("open the backup: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Manifest{}, err
	}
	man, err := readBackupLayout(f, st.Size())
	if err != nil {
		return man, err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return man, fmt.Errorf("create %s: %w", dst, diskErr(err))
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, h), io.NewSectionReader(f, backupfile.HeadLen, man.Size))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return man, fmt.Errorf("extract the backup: %w", diskErr(err))
	}
	if hex.EncodeToString(h.Sum(nil)) != man.SHA256 {
		os.Remove(dst)
		return man, fmt.Errorf("%w (its checksum does not match: the file was damaged)", ErrBadBackup)
	}
	return man, nil
}

// VerifyBackup proves a backup opens, passes bbolt's consistency check,
// unlocks with the credentials, and that every revision of every record and
// the whole audit chain decrypt and verify.
func VerifyBackup(path string, cred Credentials) (VerifyReport, error) {
	return VerifyBackupWith(context.Background(), path, cred, nil)
}

// VerifyBackupWith is VerifyBackup with cancellation and progress (0–1).
func VerifyBackupWith(ctx context.Context, path string, cred Credentials, progress func(float64)) (rep VerifyReport, err error) {
	dir, err := os.MkdirTemp("", "dossier-verify-")
	if err != nil {
		return VerifyReport{}, err
	}
	defer os.RemoveAll(dir)
	defer func() {
		if r := recover(); r != nil {
			err = model.Errorf(model.Damaged, "the backup could not be read (%v)", r)
		}
	}()
	db := filepath.Join(dir, "check.dossier")
	man, err := extractBackup(path, db)
	if err != nil {
		return VerifyReport{Manifest: man}, err
	}
	return verifyStoreFile(ctx, db, man, cred, progress)
}

func verifyStoreFile(ctx context.Context, path string, man Manifest, cred Credentials, progress func(float64)) (VerifyReport, error) {
	rep := VerifyReport{Manifest: man}
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		return rep, err
	}
	defer s.Close()
	sess, err := s.Unlock(cred)
	if err != nil {
		return rep, err
	}
	rep.ClinicID = s.ClinicID()
	if rep.ClinicID != man.ClinicID {
		rep.Problems = append(rep.Problems, fmt.Sprintf("the manifest names clinic %s but the store inside is clinic %s", man.ClinicID, rep.ClinicID))
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		if err := sess.verifyTx(ctx, tx, &rep, man.Counts, progress); err != nil {
			return err
		}
		sess.checkManifest(tx, man, &rep)
		return nil
	})
	return rep, err
}

// Unlock opens a session with credentials: the recovery key (a session
// that acts as an administrator named "recovery key", not recorded as a
// sign-in) or a user's password (SignIn).
func (s *Store) Unlock(c Credentials) (*Session, error) {
	if c.Recovery != nil {
		dek, err := s.openRecoverySlot(c.Recovery)
		if err != nil {
			return nil, err
		}
		keys, err := vault.DeriveSubKeys(dek)
		if err != nil {
			return nil, err
		}
		sess := &Session{store: s, keys: keys, dek: dek, unlocked: map[model.ID]bool{},
			user: model.User{Username: recoveryKeyName, Role: model.RoleAdmin}}
		sess.setRecoverySigner(c.Recovery)
		return sess, nil
	}
	return s.SignIn(c.Username, c.Password)
}

// RestoreOptions say what a restore may do beyond the ordinary.
type RestoreOptions struct {
	// OtherClinic allows replacing this clinic's store with a backup of
	// another clinic (a different clinic ID). Without it that is refused.
	OtherClinic bool
}

// RestoreBackup restores a verified backup over the store at target.
//
// When a store is at target, the credentials must unlock it as an
// administrator (a user allowed to back up and restore) or be its recovery
// key; the refusal of anyone else is audited in it. When that store is too
// damaged to open, only the recovery key (which must open the backup) may
// replace it. A backup of another clinic is refused unless
// opts.OtherClinic is set. The restore is audited in the live trail before
// the swap and in the restored trail after it.
//
// The backup is extracted beside target, verified in full, and only then
// swapped in; the previous file is kept as target.before-restore-TIME. It
// returns the kept file's path ("" when there was none). A restore that
// fails for any reason leaves nothing behind.
func RestoreBackup(backup, target string, cred Credentials, opts RestoreOptions) (rep VerifyReport, kept string, err error) {
	staged := target + ".restoring"
	os.Remove(staged)
	var live *Store
	var liveSess *Session
	defer func() {
		if r := recover(); r != nil {
			err = model.Errorf(model.Damaged, "the backup could not be read (%v): nothing was restored", r)
		}
		if liveSess != nil {
			liveSess.Lock(model.ActSignOut)
		}
		if live != nil {
			live.Close()
		}
		if err != nil {
			os.Remove(staged)
		}
	}()
	if Exists(target) {
		live, err = Open(target, Options{})
		switch {
		case err == nil:
			if liveSess, err = live.Unlock(cred); err != nil {
				return rep, "", err
			}
			if err = liveSess.require(model.PermBackup); err != nil {
				return rep, "", err
			}
		case model.CodeOf(err) == model.Damaged && cred.Recovery != nil:
			// No one can sign in to a damaged store: the recovery key that
			// opens the backup stands in (checked below).
			live, err = nil, nil
		case model.CodeOf(err) == model.Damaged:
			live = nil
			return rep, "", model.Errorf(model.Denied, "the store at %s cannot be opened (%v), so no one can sign in to it: restore it with the recovery key (--recovery-key)", target, err)
		default:
			live = nil
			return rep, "", err
		}
	}
	man, err := extractBackup(backup, staged)
	if err != nil {
		return VerifyReport{Manifest: man}, "", err
	}
	restoreStep("extracted")
	rep, err = verifyStoreFile(context.Background(), staged, man, cred, nil)
	if err == nil && !rep.OK() {
		err = model.Errorf(model.Damaged, "the backup has %d problems; nothing was restored (first: %s)", len(rep.Problems), rep.Problems[0])
	}
	if err != nil {
		return rep, "", err
	}
	when := time.Now().Format("20060102-150405")
	detail := fmt.Sprintf("from %s made %s by %s (clinic %s)", filepath.Base(backup), man.Created.Format(time.RFC3339), man.By, rep.ClinicID)
	if live != nil {
		liveID := live.ClinicID()
		other := liveID != rep.ClinicID
		if other && !opts.OtherClinic {
			liveSess.update(func(tx *bolt.Tx) error {
				return liveSess.appendAudit(tx, model.AuditEntry{Action: model.ActDenied, Flagged: true,
					Detail: "restore of another clinic's backup refused: " + detail})
			})
			return rep, "", model.Errorf(model.Conflict, "this backup is of another clinic (%s; this store is clinic %s): nothing was restored. To replace this clinic's store with it, restore again with --other-clinic", rep.ClinicID, liveID)
		}
		kept = keptName(target, when)
		err = liveSess.update(func(tx *bolt.Tx) error {
			return liveSess.appendAudit(tx, model.AuditEntry{Action: model.ActRestoreBackup, Flagged: other,
				Detail: fmt.Sprintf("replacing this store %s; it is kept as %s", detail, filepath.Base(kept))})
		})
		if err != nil {
			return rep, "", fmt.Errorf("record the restore in the current store: %w", err)
		}
		restoreStep("live-audited")
		liveSess.Lock(model.ActSignOut)
		liveSess = nil
		live.Close()
		live = nil
	} else if Exists(target) {
		kept = keptName(target, when)
	}
	// The restored trail records the restore before the swap, so the
	// store that appears at target always carries it.
	note := "restored " + detail
	if kept != "" {
		note += "; the store before is kept as " + filepath.Base(kept)
	}
	if err = auditStaged(staged, cred, note); err != nil {
		return rep, "", fmt.Errorf("record the restore in the restored store: %w", err)
	}
	restoreStep("staged-audited")
	// The swap is one rename over the live file: at every instant target
	// is the old store or the restored one, never missing. The old store
	// is kept under a second name (a hard link, or a copy where links are
	// not possible) before it is replaced.
	if kept != "" {
		if err = keepAside(target, kept); err != nil {
			return rep, "", fmt.Errorf("keep the current store aside: %w", err)
		}
		restoreStep("kept")
	}
	if err = os.Rename(staged, target); err != nil {
		if kept != "" {
			os.Remove(kept) // a second name of the store still in place
		}
		return rep, "", fmt.Errorf("put the restored store in place: %w", err)
	}
	syncDir(filepath.Dir(target))
	restoreStep("swapped")
	return rep, kept, nil
}

// keptName names the file the store before a restore is kept as, never
// one already there (two restores within a second keep both).
func keptName(target, when string) string {
	name := fmt.Sprintf("%s.before-restore-%s", target, when)
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); os.IsNotExist(err) {
			return name
		}
		name = fmt.Sprintf("%s.before-restore-%s-%d", target, when, i)
	}
}

// restoreStep is called between the steps of RestoreBackup; the crash test
// sets it to kill the process there.
var restoreStep = func(step string) {}

// auditStaged writes the restore's entry into the restored trail of the
// staged file, before it is swapped in.
func auditStaged(staged string, cred Credentials, note string) error {
	s, err := Open(staged, Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	sess, err := s.Unlock(cred)
	if err != nil {
		return err
	}
	return sess.logAction(model.ActRestoreBackup, "", model.ZeroID, note)
}

// keepAside makes kept a second name of the store at target, a hard link
// when the file system allows it, otherwise a synced copy.
func keepAside(target, kept string) error {
	if err := os.Link(target, kept); err == nil {
		syncDir(filepath.Dir(kept))
		return nil
	}
	in, err := os.Open(target)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := kept + ".part"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return diskErr(err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, kept)
	}
	if err != nil {
		os.Remove(tmp)
		return diskErr(err)
	}
	syncDir(filepath.Dir(kept))
	return nil
}
