package storage

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"dossier/model"
	"dossier/storage/internal/backupfile"
	"dossier/storage/internal/hashcopy"

	bolt "go.etcd.io/bbolt"
)

// Manifest describes a backup (see internal/backupfile for the file format).
type Manifest = backupfile.Manifest

// ErrBadBackup covers every way a file can fail to be a whole backup.
var ErrBadBackup = backupfile.ErrBad

// readBackupLayout checks the frame of a backup and returns its manifest.
// It reads only the head and the trailer; it is fuzzed.
func readBackupLayout(r io.ReaderAt, size int64) (Manifest, error) {
	return backupfile.ReadLayout(r, size)
}

// AppVersion is set by main from the build.
var AppVersion = "dev"

// WriteBackup streams a hot, consistent copy of the store to w. Writers may
// go on meanwhile: the copy is one read transaction.
func (svc Admin) WriteBackup(w io.Writer) (Manifest, error) {
	if err := svc.sess.require(model.PermBackup); err != nil {
		return Manifest{}, err
	}
	return svc.sess.writeBackup(w)
}

// writeBackup is WriteBackup without the permission check: a scheduled
// backup runs under the administrator's signed plan (RunPlannedBackup).
func (sess *Session) writeBackup(w io.Writer) (Manifest, error) {
	var man Manifest
	err := sess.view(func(tx *bolt.Tx) error {
		counts, err := countsTx(tx)
		if err != nil {
			return err
		}
		if err := backupfile.WriteHead(w); err != nil {
			return err
		}
		h := hashcopy.NewWriter(w)
		n, err := tx.WriteTo(h)
		if err != nil {
			return err
		}
		var cid model.ID
		copy(cid[:], tx.Bucket(bMeta).Get(kClinicID))
		man = Manifest{Format: 1, Created: wallNow(), AppVersion: AppVersion, Schema: schemaOf(tx),
			ClinicID: cid.String(), Size: n, SHA256: hex.EncodeToString(h.Sum()), Counts: counts,
			By: sess.user.Username}
		if k, v := tx.Bucket(bAudit).Cursor().Last(); len(k) == 8 && len(v) >= 32 {
			man.AuditSeq, man.AuditMAC = binary.BigEndian.Uint64(k), append([]byte(nil), v[:32]...)
		}
		if sess.signer != nil {
			man.Signer = sess.signerID.String()
			man.Sig = ed25519.Sign(sess.signer, man.SignedBytes())
		}
		return backupfile.WriteTrailer(w, man)
	})
	return man, diskErr(err)
}

// BackupToFile writes a backup beside path, syncs it, and only then gives it
// its name, so a failed or interrupted backup never leaves a half file under
// the real name. It records the time for the reminder and audits it.
func (svc Admin) BackupToFile(path string) (Manifest, error) {
	sess := svc.sess
	return sess.Admin().BackupToFileWith(context.Background(), path, nil)
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
func (svc Admin) BackupToFileWith(ctx context.Context, path string, progress func(float64)) (Manifest, error) {
	if err := svc.sess.require(model.PermBackup); err != nil {
		return Manifest{}, err
	}
	return svc.sess.backupToFile(ctx, path, progress, model.BackupMade{Why: "by hand"})
}

// backupToFile writes, names, checks and records a backup: made says why
// and under whose authority (the rest of it is filled in here).
func (sess *Session) backupToFile(ctx context.Context, path string, progress func(float64), made model.BackupMade) (Manifest, error) {
	var man Manifest
	if abs, _ := filepath.Abs(path); abs == sess.store.path {
		return man, model.Errorf(model.Invalid, "choose another file for the backup: this is the clinic's store itself")
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
	if man, err = sess.writeBackup(&progressWriter{ctx: ctx, w: tmp, total: total, progress: progress}); err != nil {
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
	made.At, made.Path, made.Size, made.SHA256, made.By = man.Created, path, man.Size, man.SHA256, sess.user.Username
	made.Check, made.CheckedAt = checkBackupFile(path), wallNow()
	detail := fmt.Sprintf("%s (%d bytes, sha256 %s…)", filepath.Base(path), man.Size, man.SHA256[:12])
	if made.AuthorizedBy != "" {
		detail = fmt.Sprintf("scheduled backup, %s, under %s's authority: %s", made.Why, made.AuthorizedBy, detail)
	}
	err = sess.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bMeta).Put(kLastBackup, u64(uint64(man.Created.Unix()))); err != nil {
			return err
		}
		if err := sess.recordBackup(tx, path, man); err != nil {
			return err
		}
		if err := sess.addBackupMade(tx, made); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActBackup, Detail: detail})
	})
	return man, err
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// checkManifest checks a backup's manifest against the store inside it (tx):
// its signature by the user who made it, whose key must chain back to the
// store's root, and the audit chain head it names, which must be the last
// entry in the copy. A manifest without a signature is a problem when the
// store inside signs its trail, else a note (made before signing keys).
func (sess *Session) checkManifest(tx *bolt.Tx, man Manifest, rep *VerifyReport) {
	problem := func(f string, a ...any) { rep.Problems = append(rep.Problems, "manifest: "+fmt.Sprintf(f, a...)) }
	if len(man.Sig) == 0 {
		if tx.Bucket(bMeta).Get(kSigningSince) != nil {
			problem("it is not signed although the store inside signs its trail (its signature was removed, or it was written outside Dossier)")
		} else {
			rep.Notes = append(rep.Notes, "the manifest is not signed (a backup from before signing keys): its author and date are not proven")
		}
		return
	}
	t := sess.loadTrust(tx)
	signer, err := model.ParseID(man.Signer)
	var key []byte
	switch {
	case err != nil:
		problem("its signer %q is not an account ID", man.Signer)
		return
	case signer.IsZero():
		key = t.recovery
	default:
		u, ok := t.users[signer]
		if !ok {
			problem("it is signed in the name of an account that is not in the store")
			return
		}
		if u.Username != man.By {
			problem("it says it was made by %s but is signed by %s", man.By, u.Username)
		}
		for _, k := range u.Keys {
			if ed25519.Verify(k.Pub, man.SignedBytes(), man.Sig) {
				key = k.Pub
			}
		}
	}
	if key == nil || !ed25519.Verify(key, man.SignedBytes(), man.Sig) {
		problem("its signature does not match (author, date, counts or chain head were altered)")
		return
	}
	if !signer.IsZero() {
		if r := t.why(key, 0); r != "" && !pending(r) {
			problem("it is signed by a key that does not chain back to the root: %s", r)
		}
	}
	k, v := tx.Bucket(bAudit).Cursor().Last()
	if len(k) != 8 || len(v) < 32 || binary.BigEndian.Uint64(k) != man.AuditSeq || !bytes.Equal(v[:32], man.AuditMAC) {
		problem("the audit trail inside does not end at entry %d the backup was signed with (entries cut or replaced)", man.AuditSeq)
	}
}
