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
	Problems     []string
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
func VerifyBackupWith(ctx context.Context, path string, cred Credentials, progress func(float64)) (VerifyReport, error) {
	dir, err := os.MkdirTemp("", "dossier-verify-")
	if err != nil {
		return VerifyReport{}, err
	}
	defer os.RemoveAll(dir)
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
	sess, err := s.unlock(cred)
	if err != nil {
		return rep, err
	}
	total := 0
	for _, n := range man.Counts {
		total += n
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			rep.Problems = append(rep.Problems, "store structure: "+e.Error())
		}
		root := tx.Bucket(bRecords)
		err := root.ForEachBucket(func(kind []byte) error {
			revs := root.Bucket(kind).Bucket(bRevs)
			heads := root.Bucket(kind).Bucket(bHeads)
			rep.Records += heads.Stats().KeyN
			if n := man.Counts[model.Kind(kind)]; n != heads.Stats().KeyN {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s: manifest says %d records, store has %d", kind, n, heads.Stats().KeyN))
			}
			return revs.ForEach(func(k, v []byte) error {
				rep.Revisions++
				if rep.Revisions%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
					if progress != nil && total > 0 {
						progress(min(0.99, float64(rep.Revisions)/float64(total)))
					}
				}
				if _, err := decodeRevision(sess.keys.Records, model.Kind(kind), k, v); err != nil {
					rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x revision does not decrypt: %v", kind, k, err))
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
		chunks, blobProbs := verifyBlobs(tx, sess.keys.Records)
		rep.ImageChunks = chunks
		rep.Problems = append(rep.Problems, blobProbs...)
		n, probs := sess.verifyAuditTx(tx)
		rep.AuditEntries = n
		for _, p := range probs {
			rep.Problems = append(rep.Problems, "audit "+p.String())
		}
		return nil
	})
	return rep, err
}

func (s *Store) unlock(c Credentials) (*Session, error) {
	if c.Recovery != nil {
		var slot keySlot
		var found bool
		s.db.View(func(tx *bolt.Tx) error { slot, found = readSlot(tx, kRecovery); return nil })
		if !found {
			return nil, ErrWrongRecoveryKey
		}
		kek := vault.RecoveryKEK(c.Recovery, slot.Salt)
		dek, err := unwrapKey(kek, slot.Wrapped, kRecovery)
		if err != nil {
			return nil, ErrWrongRecoveryKey
		}
		keys, err := vault.DeriveSubKeys(dek)
		if err != nil {
			return nil, err
		}
		return &Session{store: s, keys: keys, dek: dek, unlocked: map[model.ID]bool{},
			user: model.User{Username: "recovery key", Role: model.RoleAdmin}}, nil
	}
	return s.SignIn(c.Username, c.Password)
}

// RestoreBackup restores a verified backup over the store at target. The
// backup is extracted beside target, verified in full, and only then swapped
// in; the previous file is kept as target.before-restore-TIME. It returns
// the kept file's path ("" when there was none).
func RestoreBackup(backup, target string, cred Credentials) (VerifyReport, string, error) {
	staged := target + ".restoring"
	os.Remove(staged)
	man, err := extractBackup(backup, staged)
	if err != nil {
		return VerifyReport{Manifest: man}, "", err
	}
	rep, err := verifyStoreFile(context.Background(), staged, man, cred, nil)
	if err == nil && !rep.OK() {
		err = model.Errorf(model.Damaged, "the backup has %d problems; nothing was restored (first: %s)", len(rep.Problems), rep.Problems[0])
	}
	if err != nil {
		os.Remove(staged)
		return rep, "", err
	}
	kept := ""
	if Exists(target) {
		// Take the lock to be sure no Dossier has the store open.
		db, err := openBolt(target, Options{})
		if err != nil {
			os.Remove(staged)
			return rep, "", err
		}
		db.Close()
		kept = fmt.Sprintf("%s.before-restore-%s", target, time.Now().Format("20060102-150405"))
		if err := os.Rename(target, kept); err != nil {
			os.Remove(staged)
			return rep, "", fmt.Errorf("keep the current store aside: %w", err)
		}
	}
	if err := os.Rename(staged, target); err != nil {
		if kept != "" {
			os.Rename(kept, target)
		}
		return rep, "", fmt.Errorf("put the restored store in place: %w", err)
	}
	syncDir(filepath.Dir(target))
	s, err := Open(target, Options{})
	if err != nil {
		return rep, kept, err
	}
	defer s.Close()
	sess, err := s.unlock(cred)
	if err == nil {
		err = sess.logAction(model.ActRestoreBackup, "", model.ZeroID,
			fmt.Sprintf("restored from %s made %s", filepath.Base(backup), man.Created.Format(time.RFC3339)))
	}
	if err != nil {
		return rep, kept, fmt.Errorf("the backup was restored, but the restore could not be written to the audit trail: %w", err)
	}
	return rep, kept, nil
}
