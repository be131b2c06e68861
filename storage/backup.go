package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// A backup file is: headMagic, the store's bytes exactly as bbolt wrote them
// (still encrypted), the manifest as JSON, then a fixed trailer
// dbSize(8) manifestLen(4) tailMagic. The trailer comes last so the copy can
// stream while its checksum is computed; a cut-off file has no trailer.
var (
	headMagic = []byte("DOSSIER-BACKUP/1\n")
	tailMagic = []byte("\nDOSSIER-END/1\n")
)

const trailerLen = 8 + 4 + 15

// Manifest describes a backup.
type Manifest struct {
	Format     int                `json:"format"`
	Created    time.Time          `json:"created"`
	AppVersion string             `json:"appVersion"`
	Schema     uint32             `json:"schema"`
	ClinicID   string             `json:"clinicId"`
	Size       int64              `json:"size"`
	SHA256     string             `json:"sha256"`
	Counts     map[model.Kind]int `json:"counts"`
	By         string             `json:"by"`
}

// AppVersion is set by main from the build.
var AppVersion = "dev"

// WriteBackup streams a hot, consistent copy of the store to w. Writers may
// go on meanwhile: the copy is one read transaction.
func (sess *Session) WriteBackup(w io.Writer) (Manifest, error) {
	var man Manifest
	if err := sess.require(model.PermBackup); err != nil {
		return man, err
	}
	err := sess.view(func(tx *bolt.Tx) error {
		counts := map[model.Kind]int{}
		root := tx.Bucket(bRecords)
		root.ForEachBucket(func(k []byte) error {
			counts[model.Kind(k)] = root.Bucket(k).Bucket(bHeads).Stats().KeyN
			return nil
		})
		if _, err := w.Write(headMagic); err != nil {
			return err
		}
		h := newHashingWriter(w)
		n, err := tx.WriteTo(h)
		if err != nil {
			return err
		}
		var cid model.ID
		copy(cid[:], tx.Bucket(bMeta).Get(kClinicID))
		man = Manifest{Format: 1, Created: now(), AppVersion: AppVersion, Schema: schemaOf(tx),
			ClinicID: cid.String(), Size: n, SHA256: hex.EncodeToString(h.Sum()), Counts: counts,
			By: sess.user.Username}
		mj, _ := json.Marshal(man)
		tr := make([]byte, 0, len(mj)+trailerLen)
		tr = append(tr, mj...)
		tr = binary.BigEndian.AppendUint64(tr, uint64(n))
		tr = binary.BigEndian.AppendUint32(tr, uint32(len(mj)))
		tr = append(tr, tailMagic...)
		_, err = w.Write(tr)
		return err
	})
	return man, diskErr(err)
}

// BackupToFile writes a backup beside path, syncs it, and only then gives it
// its name, so a failed or interrupted backup never leaves a half file under
// the real name. It records the time for the reminder and audits it.
func (sess *Session) BackupToFile(path string) (Manifest, error) {
	return sess.BackupToFileWith(context.Background(), path, nil)
}

// progressWriter reports bytes written and stops when ctx is cancelled.
type progressWriter struct {
	ctx      context.Context
	w        io.Writer
	done     int64
	total    int64
	progress func(float64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := p.w.Write(b)
	p.done += int64(n)
	if p.progress != nil && p.total > 0 {
		p.progress(min(1, float64(p.done)/float64(p.total)))
	}
	return n, err
}

// BackupToFileWith is BackupToFile with cancellation and progress (0–1).
// A cancelled backup leaves no file.
func (sess *Session) BackupToFileWith(ctx context.Context, path string, progress func(float64)) (Manifest, error) {
	var man Manifest
	if abs, _ := filepath.Abs(path); abs == sess.store.path {
		return man, errors.New("choose another file for the backup: this is the clinic's store itself")
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".dossier-backup-*")
	if err != nil {
		return man, fmt.Errorf("create the backup file: %w", diskErr(err))
	}
	fail := func(err error) (Manifest, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		if errors.Is(err, context.Canceled) {
			return man, err
		}
		return man, fmt.Errorf("back up: %w", diskErr(err))
	}
	var total int64
	if st, err := os.Stat(sess.store.path); err == nil {
		total = st.Size()
	}
	if man, err = sess.WriteBackup(&progressWriter{ctx: ctx, w: tmp, total: total, progress: progress}); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return man, fmt.Errorf("name the backup file: %w", diskErr(err))
	}
	syncDir(filepath.Dir(path))
	err = sess.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bMeta).Put(kLastBackup, u64(uint64(man.Created.Unix()))); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActBackup,
			Detail: fmt.Sprintf("%s (%d bytes, sha256 %s…)", filepath.Base(path), man.Size, man.SHA256[:12])})
	})
	return man, err
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// ErrBadBackup covers every way a file can fail to be a whole backup.
var ErrBadBackup = errors.New("this file is not a complete Dossier backup")

// readBackupLayout checks the frame of a backup and returns its manifest.
// It reads only the head and the trailer; it is fuzzed.
func readBackupLayout(r io.ReaderAt, size int64) (Manifest, error) {
	var man Manifest
	if size < int64(len(headMagic)+trailerLen) {
		return man, fmt.Errorf("%w (too short: truncated?)", ErrBadBackup)
	}
	hm := make([]byte, len(headMagic))
	if _, err := r.ReadAt(hm, 0); err != nil || !bytes.Equal(hm, headMagic) {
		return man, fmt.Errorf("%w (it does not start like one)", ErrBadBackup)
	}
	tr := make([]byte, trailerLen)
	if _, err := r.ReadAt(tr, size-trailerLen); err != nil || !bytes.Equal(tr[12:], tailMagic) {
		return man, fmt.Errorf("%w (its end is missing: the copy was cut short)", ErrBadBackup)
	}
	dbSize := int64(binary.BigEndian.Uint64(tr[:8]))
	mlen := int64(binary.BigEndian.Uint32(tr[8:12]))
	if dbSize < 0 || mlen < 0 || mlen > 1<<20 || int64(len(headMagic))+dbSize+mlen+trailerLen != size {
		return man, fmt.Errorf("%w (its parts do not add up: truncated or altered)", ErrBadBackup)
	}
	mj := make([]byte, mlen)
	if _, err := r.ReadAt(mj, size-trailerLen-mlen); err != nil {
		return man, fmt.Errorf("%w (%v)", ErrBadBackup, err)
	}
	if err := json.Unmarshal(mj, &man); err != nil || man.Size != dbSize || len(man.SHA256) != 64 {
		return man, fmt.Errorf("%w (its manifest is damaged)", ErrBadBackup)
	}
	return man, nil
}

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
	_, err = io.Copy(io.MultiWriter(out, h), io.NewSectionReader(f, int64(len(headMagic)), man.Size))
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
				if _, err := decodeRevision(sess.keys.records, model.Kind(kind), k, v); err != nil {
					rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x revision does not decrypt: %v", kind, k, err))
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
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
		kek := recoveryKEK(c.Recovery, slot.Salt)
		dek, err := unwrapKey(kek, slot.Wrapped, kRecovery)
		if err != nil {
			return nil, ErrWrongRecoveryKey
		}
		keys, err := deriveSubKeys(dek)
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
		err = fmt.Errorf("the backup has %d problems; nothing was restored (first: %s)", len(rep.Problems), rep.Problems[0])
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
	if sess, err := s.unlock(cred); err == nil {
		sess.LogAction(model.ActRestoreBackup, "", model.ZeroID,
			fmt.Sprintf("restored from %s made %s", filepath.Base(backup), man.Created.Format(time.RFC3339)))
	}
	return rep, kept, nil
}
