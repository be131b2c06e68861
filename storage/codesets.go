package storage

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Install stores an imported code set (administrators). The caller
// has validated every row; a set with the same name and version is
// replaced by a new revision, the old one kept in its history.
func (svc CodeSets) Install(cs model.CodeSet) error {
	sess := svc.sess
	if err := sess.require(model.PermSettings); err != nil {
		return err
	}
	if strings.TrimSpace(cs.Name) == "" || strings.TrimSpace(cs.Version) == "" {
		return errors.New("a code set needs a name and a version")
	}
	if len(cs.Data) == 0 || cs.Codes == 0 {
		return errors.New("the code set is empty: nothing was installed")
	}
	cs.ID = model.CodeSetID(cs.Name, cs.Version)
	cs.Installed = now()
	return wrap("install the code set", sess.update(func(tx *bolt.Tx) error {
		op := model.ActCreate
		if heads, _, _ := kindBuckets(tx, model.KindCodeSet, false); heads != nil && heads.Get(cs.ID[:]) != nil {
			op = model.ActEdit
		}
		return sess.write(tx, writeOp{kind: model.KindCodeSet, id: cs.ID, body: cs, op: op,
			reason: fmt.Sprintf("%s %s imported from %s (%d codes)", cs.Name, cs.Version, cs.Format, cs.Codes)})
	}))
}

// List lists installed code sets, newest version first within a name,
// without their data (call CodeSetData to load one).
func (svc CodeSets) List() ([]model.CodeSet, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []model.CodeSet
	err := listRecords(sess, model.KindCodeSet, false, func(cs model.CodeSet, _ model.Revision) bool {
		cs.Data = nil
		out = append(out, cs)
		return true
	})
	sort.Slice(out, func(a, b int) bool {
		if out[a].Name != out[b].Name {
			return out[a].Name < out[b].Name
		}
		return out[a].Version > out[b].Version
	})
	return out, err
}

// Data returns an installed set's compressed codes.
func (svc CodeSets) Data(id model.ID) ([]byte, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	cs, _, err := getRecord[model.CodeSet](sess, nil, model.KindCodeSet, id)
	return cs.Data, err
}
