package storage

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// QueueItem is an encounter waiting for the coder, with the patient facts
// the coding edits need.
type QueueItem struct {
	Encounter model.Encounter
	Rev       uint32
	Patient   PatientSummary
}

// Queue lists encounters with uncoded diagnoses or procedures,
// oldest first (limit 0: every one). Restricted patients' encounters are
// left out for roles that may not open them. Listing the queue is audited
// as one view. Coders read it to work; records supervisors (PermReview)
// read it to oversee the work and export it.
func (svc Coding) Queue(limit int) ([]QueueItem, error) {
	if limit <= 0 {
		limit = int(^uint(0) >> 1)
	}
	out, _, err := svc.Page(WorkFilter{}, 0, limit)
	return out, err
}

// Page reads one page of the coding queue as filtered, from the work
// queue index (queues.go): only the page's encounters are opened, so
// every encounter waiting is reachable however long the queue is. total
// is how many match the filter.
func (svc Coding) Page(f WorkFilter, offset, limit int) (out []QueueItem, total int, err error) {
	sess := svc.sess
	if !sess.Can(model.PermReview) {
		if err := sess.require(model.PermCode); err != nil {
			return nil, 0, err
		}
	}
	page, err := sess.Worklist().read(QueueToCode, f, offset, limit)
	if err != nil {
		return nil, 0, wrap("read the coding queue", err)
	}
	err = sess.view(func(tx *bolt.Tx) error {
		for _, it := range page.Items {
			e, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, it.ID)
			if err != nil {
				return err
			}
			out = append(out, QueueItem{Encounter: e, Rev: m.Rev, Patient: it.PatientSummary})
		}
		return nil
	})
	if err != nil {
		return nil, 0, wrap("read the coding queue", err)
	}
	return out, page.Total, sess.logAction(model.ActView, model.KindEncounter, model.ZeroID, fmt.Sprintf("coding queue (%d of %d)", len(out), page.Total))
}

// ErrNoPrincipal asks for a principal diagnosis before an encounter is
// marked coded.
var ErrNoPrincipal = &model.Error{Code: model.Invalid, Message: "choose the principal diagnosis before marking the encounter coded"}

// Save stores the coder's items on an encounter as a new revision.
// At most one diagnosis may be principal (model.CheckPrincipal); with done
// set, every item must have a code and one diagnosis must be principal.
// expectRev guards against two coders on one encounter.
func (svc Coding) Save(encID model.ID, items []model.CodedItem, done bool, expectRev uint32) error {
	sess := svc.sess
	if err := sess.require(model.PermCode); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindEncounter, encID); err != nil {
		return err
	}
	if err := model.CheckPrincipal(items); err != nil {
		return err
	}
	if done {
		principal := false
		for _, it := range items {
			if !it.Coded() {
				return model.Errorf(model.Invalid, "%q has no code yet", it.Text)
			}
			principal = principal || (it.Principal && it.Kind == model.ItemDiagnosis)
		}
		if !principal {
			return ErrNoPrincipal
		}
	}
	return wrap("save the coding", sess.update(func(tx *bolt.Tx) error {
		e, _, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, encID)
		if err != nil {
			return err
		}
		if err := model.CheckProcedureDates(e, items, sess.now()); err != nil {
			return err
		}
		e.Coding = items
		e.CodingStatus = model.CodingInProgress
		reason := "coding in progress"
		if done {
			e.CodingStatus, e.CodedBy, e.CodedAt = model.CodingDone, sess.user.Username, sess.now()
			var codes []string
			for _, it := range items {
				codes = append(codes, it.Code)
			}
			reason = "coded: " + strings.Join(codes, ", ")
		}
		return sess.write(tx, writeOp{kind: model.KindEncounter, id: encID, body: e, op: model.ActEdit,
			reason: reason, expectRev: expectRev, owner: e.PatientID})
	}))
}

// Productivity counts encounters each coder marked coded since a time.
func (svc Coding) Productivity(since time.Time) (map[string]int, error) {
	sess := svc.sess
	if err := sess.require(model.PermCode); err != nil {
		return nil, err
	}
	out := map[string]int{}
	err := listRecords(sess, model.KindEncounter, false, func(e model.Encounter, _ model.Revision) bool {
		if e.CodingStatus == model.CodingDone && !e.CodedAt.Before(since) {
			out[e.CodedBy]++
		}
		return true
	})
	return out, err
}

// Counts counts how often each code was used on this clinic's coded
// encounters, so the picker can put the clinic's frequent codes first.
func (svc Coding) Counts() (map[string]int, error) {
	sess := svc.sess
	if err := sess.require(model.PermCode); err != nil {
		return nil, err
	}
	out := map[string]int{}
	err := listRecords(sess, model.KindEncounter, false, func(e model.Encounter, _ model.Revision) bool {
		for _, it := range e.Coding {
			if it.Coded() {
				out[it.Code]++
			}
		}
		return true
	})
	return out, err
}

// Install stores an imported code set (administrators). The caller
// has validated every row; a set with the same name and version is
// replaced by a new revision, the old one kept in its history.
func (svc CodeSets) Install(cs model.CodeSet) error {
	sess := svc.sess
	if err := sess.require(model.PermSettings); err != nil {
		return err
	}
	if strings.TrimSpace(cs.Name) == "" || strings.TrimSpace(cs.Version) == "" {
		return model.Errorf(model.Invalid, "a code set needs a name and a version")
	}
	if len(cs.Data) == 0 || cs.Codes == 0 {
		return model.Errorf(model.Invalid, "the code set is empty: nothing was installed")
	}
	cs.ID = model.CodeSetID(cs.Name, cs.Version)
	cs.Installed = sess.now()
	return wrap("install the code set", sess.update(func(tx *bolt.Tx) error {
		if heads, _, _ := kindBuckets(tx, model.KindCodeSet, false); heads != nil && heads.Get(cs.ID[:]) != nil {
			return model.Errorf(model.Conflict, "%s %s is already installed", cs.Name, cs.Version)
		}
		return sess.write(tx, writeOp{kind: model.KindCodeSet, id: cs.ID, body: cs, op: model.ActCreate,
			reason: fmt.Sprintf("%s %s imported from %s (%d codes)", cs.Name, cs.Version, cs.Format, cs.Codes)})
	}))
}

// List lists installed code sets, newest version first within a name,
// without their data (call Data to load one).
func (svc CodeSets) List() ([]model.CodeSet, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []model.CodeSet
	err := listRecords(sess, model.KindCodeSet, false, func(cs model.CodeSet, _ model.Revision) bool {
		if isShorthand(cs) {
			return true // the clinic's abbreviations: read with Shorthand
		}
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
