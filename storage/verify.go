package storage

import (
	"context"
	"encoding/binary"
	"fmt"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// verifyTx is the whole check of a store, live or inside a backup: bbolt's
// consistency check, every record's head against its revisions (each
// revision 1…latest present and decrypting under its own position, no
// revision without a head), every page image chunk, and the audit chain and
// its recorded end. counts, when not nil, are the manifest's record counts.
// Problems name what is missing or altered.
func (sess *Session) verifyTx(ctx context.Context, tx *bolt.Tx, rep *VerifyReport, counts map[model.Kind]int, progress func(float64)) error {
	for e := range tx.Check() {
		rep.Problems = append(rep.Problems, "store structure: "+e.Error())
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	root := tx.Bucket(bRecords)
	if root == nil {
		rep.Problems = append(rep.Problems, "the records are missing")
		return nil
	}
	err := root.ForEachBucket(func(kind []byte) error {
		kb := root.Bucket(kind)
		revs, heads := kb.Bucket(bRevs), kb.Bucket(bHeads)
		if revs == nil || heads == nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s: the heads or revisions are missing", kind))
			return nil
		}
		nHeads := heads.Stats().KeyN
		rep.Records += nHeads
		if counts != nil {
			if n := counts[model.Kind(kind)]; n != nHeads {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s: manifest says %d records, store has %d", kind, n, nHeads))
			}
		}
		// Every head's revisions 1…latest must be there.
		err := heads.ForEach(func(id, v []byte) error {
			h, ok := decodeHead(v)
			if !ok || len(id) != 16 {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x: its head is malformed", kind, id))
				return nil
			}
			for r := uint32(1); r <= h.rev; r++ {
				if revs.Get(revKey(model.ID(id), r)) == nil {
					rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x: revision %d of %d is missing", kind, id, r, h.rev))
				}
			}
			return nil
		})
		if err != nil {
			return err
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
			if len(k) != 20 {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s: a revision key %x is malformed", kind, k))
				return nil
			}
			if h, ok := decodeHead(heads.Get(k[:16])); !ok || binary.BigEndian.Uint32(k[16:]) > h.rev {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x: revision %d is not part of the record (no head, or beyond its latest)", kind, k[:16], binary.BigEndian.Uint32(k[16:])))
			}
			if _, err := decodeRevision(sess.keys.Records, model.Kind(kind), k, v); err != nil {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x revision %d does not decrypt (altered or moved): %v", kind, k[:16], binary.BigEndian.Uint32(k[16:]), err))
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
	n, probs, notes := sess.verifyAuditSigned(tx)
	rep.AuditEntries = n
	rep.Notes = append(rep.Notes, notes...)
	rep.RootFingerprint = Fingerprint(tx.Bucket(bMeta).Get(kRootKey))
	for _, p := range probs {
		rep.Problems = append(rep.Problems, "audit "+p.String())
	}
	return nil
}

// VerifyStore checks the live store as VerifyBackup checks a backup: bbolt's
// consistency check, every revision of every record present and decrypting,
// every page image chunk, the audit chain and its recorded end. It needs
// the right to read the audit trail, and is itself audited (flagged when it
// found problems).
func (svc Admin) VerifyStore(ctx context.Context, progress func(float64)) (VerifyReport, error) {
	sess := svc.sess
	var rep VerifyReport
	if err := sess.require(model.PermReadAudit); err != nil {
		return rep, err
	}
	rep.ClinicID = sess.store.ClinicID()
	err := sess.view(func(tx *bolt.Tx) error { return sess.verifyTx(ctx, tx, &rep, nil, progress) })
	if err != nil {
		return rep, err
	}
	detail := fmt.Sprintf("store: %d records, %d revisions, %d image chunks, %d audit entries, no problems",
		rep.Records, rep.Revisions, rep.ImageChunks, rep.AuditEntries)
	if !rep.OK() {
		detail = fmt.Sprintf("store: %d problems (first: %s)", len(rep.Problems), rep.Problems[0])
	}
	return rep, sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActVerify, Detail: detail, Flagged: !rep.OK()})
	})
}
