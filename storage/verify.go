package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

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
	// The audit trail first: it names every revision written since
	// commitments began, with the hash of its plaintext.
	commits := map[string][]byte{}
	nAudit, auditProbs, notes, began := sess.verifyAuditSigned(tx, commits)
	defer func() {
		rep.AuditEntries = nAudit
		for _, p := range auditProbs {
			rep.Problems = append(rep.Problems, "audit "+p.String())
		}
		rep.Notes = append(rep.Notes, notes...)
		rep.RootFingerprint = Fingerprint(tx.Bucket(bMeta).Get(kRootKey))
	}()
	var beforeCommitments int
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
		// Revisions come in order of record and number: committed tells
		// whether an earlier revision of the current record was audited
		// with a commitment, and uncommitted whether one was not.
		var curID []byte
		var committed, uncommitted bool
		endRecord := func() {
			if curID != nil && uncommitted && !committed {
				if began {
					rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x exists without its audited creation (added outside Dossier)", kind, curID))
				} else {
					beforeCommitments++
				}
			}
		}
		err = revs.ForEach(func(k, v []byte) error {
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
			if curID == nil || !bytes.Equal(curID, k[:16]) {
				endRecord()
				curID, committed, uncommitted = append([]byte(nil), k[:16]...), false, false
			}
			rev := binary.BigEndian.Uint32(k[16:])
			plain, err := decodeRevisionPlain(sess.keys.Records, model.Kind(kind), k, v)
			if err != nil {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x revision %d does not decrypt (altered or moved): %v", kind, k[:16], rev, err))
			}
			ck := commitKey(model.Kind(kind), k)
			want, ok := commits[ck]
			delete(commits, ck)
			switch {
			case ok && err == nil:
				if sum := sha256.Sum256(plain); !bytes.Equal(sum[:], want) {
					rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x revision %d is not the revision the audit trail recorded (its content was replaced)", kind, k[:16], rev))
				}
				committed = true
			case ok:
				committed = true
			case committed:
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s %x revision %d has no audit entry (written outside Dossier)", kind, k[:16], rev))
			default:
				uncommitted = true
			}
			return nil
		})
		endRecord()
		return err
	})
	if err != nil {
		return err
	}
	// Whatever the trail committed to and the store no longer holds was
	// removed: a whole record, or revisions with the head moved back.
	var missing []string
	for ck := range commits {
		kind, key, _ := strings.Cut(ck, "\x00")
		if len(key) == 20 {
			missing = append(missing, fmt.Sprintf("%s %x revision %d is recorded in the audit trail but missing from the store (removed outside Dossier)",
				kind, key[:16], binary.BigEndian.Uint32([]byte(key[16:]))))
		}
	}
	sort.Strings(missing)
	rep.Problems = append(rep.Problems, missing...)
	if beforeCommitments > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d records: written before commitments (their revisions are not named in the audit trail)", beforeCommitments))
	}
	chunks, blobProbs := verifyBlobs(tx, sess.keys.Records)
	rep.ImageChunks = chunks
	rep.Problems = append(rep.Problems, blobProbs...)
	return nil
}

// VerifyStore checks the live store as VerifyBackup checks a backup: bbolt's
// consistency check, every revision of every record present and decrypting,
// every page image chunk, the audit chain and its recorded end. It needs
// the right to read the audit trail, and is itself audited (flagged when it
// found problems). The end of the live trail is compared with the signed
// chain heads of the backups the store recorded making (see checkAnchors).
func (svc Admin) VerifyStore(ctx context.Context, progress func(float64)) (VerifyReport, error) {
	return svc.VerifyStoreAgainst(ctx, nil, progress)
}

// VerifyStoreAgainst is VerifyStore that also compares the live trail with
// the signed chain heads of the named backup files.
func (svc Admin) VerifyStoreAgainst(ctx context.Context, against []string, progress func(float64)) (VerifyReport, error) {
	sess := svc.sess
	var rep VerifyReport
	if err := sess.require(model.PermReadAudit); err != nil {
		return rep, err
	}
	rep.ClinicID = sess.store.ClinicID()
	err := sess.view(func(tx *bolt.Tx) error {
		if err := sess.verifyTx(ctx, tx, &rep, nil, progress); err != nil {
			return err
		}
		sess.checkAnchors(tx, against, &rep)
		return nil
	})
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
