package storage

import (
	"dossier/model"
	"dossier/model/search"

	bolt "go.etcd.io/bbolt"
)

// ProposePair puts two patients in the duplicate review queue (an import
// found them alike but not alike enough to decide alone). A pair already
// judged is left as it is.
func (svc Duplicates) ProposePair(a, b model.ID, score float64, decision, note string) error {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return err
	}
	if a == b {
		return nil
	}
	return wrap("queue the pair for review", sess.update(func(tx *bolt.Tx) error {
		if _, _, err := getRecord[model.DuplicatePair](sess, tx, model.KindDuplicate, model.PairID(a, b)); err == nil {
			return nil
		}
		return sess.putPair(tx, model.DuplicatePair{A: a, B: b, Score: score, Decision: decision, Status: model.DupOpen, Note: note})
	}))
}

// FindByOldChart finds the patients holding an old chart number (an
// identifier from a register or another system), however it looks: unlike
// FindByIdentifier it never reads the text as an MRN. Not audited on its
// own: it answers "was this row imported before", and the import that asks
// is audited by what it writes.
func (svc Patients) FindByOldChart(chart string) ([]model.ID, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []model.ID
	key := sess.keys.Blind("legacy", search.NormID(chart))
	err := sess.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bBlind).Cursor()
		for k, _ := c.Seek(key); k != nil && len(k) == 36 && string(k[:20]) == string(key); k, _ = c.Next() {
			out = append(out, model.ID(k[20:]))
		}
		return nil
	})
	return out, err
}
