package storage

import (
	"context"
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
	sess := svc.sess
	var man Manifest
	if err := sess.require(model.PermBackup); err != nil {
		return man, err
	}
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
	sess := svc.sess
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
	if man, err = sess.Admin().WriteBackup(&progressWriter{ctx: ctx, w: tmp, total: total, progress: progress}); err != nil {
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
