package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"dossier/model"
	"dossier/model/match"
	"dossier/model/search"

	bolt "go.etcd.io/bbolt"
)

// Candidate is a possible duplicate shown before a new patient is saved.
type Candidate struct {
	PatientSummary
	Score    float64
	Decision match.Decision
	Agree    []string
	Differ   []string
}

// Likely compares a patient about to be registered (or edited)
// with the people who share a sound-alike name, phone or national ID, and
// returns those the matcher calls a match or worth review, best first.
// Pairs already marked "not a duplicate" are left out.
func (svc Duplicates) Likely(p model.Patient) ([]Candidate, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	ix, err := sess.Patients().Index()
	if err != nil {
		return nil, err
	}
	e := search.EntryOf(p, false)
	cands := ix.Candidates(&e)
	// Exact identifiers find people whose names were written quite
	// differently.
	for _, v := range []string{p.Phone, p.NationalID} {
		if strings.TrimSpace(v) == "" {
			continue
		}
		hits, _ := sess.lookupIdentifier(v)
		for _, h := range hits {
			if c, ok := ix.Get(h.id); ok && c.ID != p.ID && !c.Hidden() {
				cands = append(cands, c)
			}
		}
	}
	me := match.Prepare(e.Person())
	seen := map[model.ID]bool{}
	var out []Candidate
	err = sess.view(func(tx *bolt.Tx) error {
		for _, c := range cands {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			if !p.ID.IsZero() && sess.pairDecided(tx, p.ID, c.ID) {
				continue
			}
			other := match.Prepare(c.Person())
			cmp := match.DefaultModel.Compare(&me, &other)
			d := match.DefaultModel.DecideCareful(cmp)
			if d == match.NonMatch {
				continue
			}
			r := sess.resultOf(c, cmp.Score, nil)
			out = append(out, Candidate{PatientSummary: r.PatientSummary, Score: cmp.Score, Decision: d,
				Agree: cmp.Agree(), Differ: cmp.Differ()})
		}
		return nil
	})
	sort.Slice(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	if len(out) > 10 {
		out = out[:10]
	}
	return out, err
}

// pairDecided reports a pair someone already judged (not a duplicate, or merged).
func (sess *Session) pairDecided(tx *bolt.Tx, a, b model.ID) bool {
	dp, _, err := getRecord[model.DuplicatePair](sess, tx, model.KindDuplicate, model.PairID(a, b))
	return err == nil && (dp.Status == model.DupNotDuplicate || dp.Status == model.DupMerged)
}

// RegisterNotDuplicate registers a patient after the clerk looked at
// the likely duplicates and confirmed a new person. The confirmation is
// audited, and the pairs are remembered so no scan proposes them again.
func (svc Duplicates) RegisterNotDuplicate(p *model.Patient, reviewed []model.ID) error {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return err
	}
	c, err := sess.Clinic()
	if err != nil {
		return err
	}
	return wrap("register the patient", sess.update(func(tx *bolt.Tx) error {
		if err := sess.preparePatient(tx, p, c.MRNPrefix); err != nil {
			return err
		}
		var mrns []string
		for _, other := range reviewed {
			o, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, other)
			if err != nil {
				return err
			}
			mrns = append(mrns, o.MRN)
			if err := sess.putPair(tx, model.DuplicatePair{A: p.ID, B: other, Status: model.DupNotDuplicate,
				Note: "confirmed a new patient at registration"}); err != nil {
				return err
			}
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActNotDuplicate, Kind: model.KindPatient, Record: p.ID,
			Detail: "registered as a new patient, not a duplicate of " + strings.Join(mrns, ", ")})
	}))
}

// putPair creates or updates a pair record.
func (sess *Session) putPair(tx *bolt.Tx, dp model.DuplicatePair) error {
	dp.ID = model.PairID(dp.A, dp.B)
	if dp.Found.IsZero() {
		dp.Found = now()
	}
	op := model.ActCreate
	if heads, _, _ := kindBuckets(tx, model.KindDuplicate, false); heads != nil && heads.Get(dp.ID[:]) != nil {
		op = model.ActEdit
	}
	return sess.write(tx, writeOp{kind: model.KindDuplicate, id: dp.ID, body: dp, op: op, reason: string(dp.Status)})
}

// Scan runs the matcher over the whole index and fills the review
// queue with new pairs; pairs already judged are not proposed again. It
// returns how many pairs are open for review.
func (svc Duplicates) Scan(ctx context.Context, progress func(float64)) (int, error) {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return 0, err
	}
	ix, err := sess.Patients().Index()
	if err != nil {
		return 0, err
	}
	pairs, err := ix.Scan(ctx, &match.DefaultModel, func(done, total int) {
		if progress != nil && total > 0 {
			progress(0.9 * float64(done) / float64(total))
		}
	})
	if err != nil {
		return 0, err
	}
	added := 0
	for from := 0; from < len(pairs); from += 2000 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		err := sess.update(func(tx *bolt.Tx) error {
			for _, sp := range pairs[from:min(len(pairs), from+2000)] {
				id := model.PairID(sp.A, sp.B)
				old, _, err := getRecord[model.DuplicatePair](sess, tx, model.KindDuplicate, id)
				if err == nil && old.Status != model.DupOpen {
					continue // judged or deferred already
				}
				if err == nil && old.Score == sp.Score {
					continue
				}
				cmp := compareEntries(ix, sp.A, sp.B)
				dp := model.DuplicatePair{A: sp.A, B: sp.B, Score: sp.Score,
					Decision: match.DefaultModel.DecideCareful(cmp).String(), Agree: cmp.Agree(), Differ: cmp.Differ(),
					Status: model.DupOpen}
				if match.GivenNamesDiffer(cmp) {
					dp.Note = "given names differ: possibly twins or siblings"
				}
				if err := sess.putPair(tx, dp); err != nil {
					return err
				}
				added++
			}
			return nil
		})
		if err != nil {
			return 0, wrap("save the review queue", err)
		}
		if progress != nil {
			progress(0.9 + 0.1*float64(from)/float64(len(pairs)))
		}
	}
	queue, err := sess.Duplicates().Queue()
	if err != nil {
		return 0, err
	}
	open := 0
	for _, q := range queue {
		if q.Status == model.DupOpen {
			open++
		}
	}
	return open, sess.LogAction(model.ActDuplicateScan, "", model.ZeroID,
		fmt.Sprintf("%d candidate pairs, %d new or changed, %d open", len(pairs), added, open))
}

// Queue lists the pairs awaiting a decision: open ones best first,
// then deferred ones.
func (svc Duplicates) Queue() ([]model.DuplicatePair, error) {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return nil, err
	}
	var out []model.DuplicatePair
	err := listRecords(sess, model.KindDuplicate, false, func(dp model.DuplicatePair, _ model.Revision) bool {
		if dp.Status == model.DupOpen || dp.Status == model.DupDeferred {
			out = append(out, dp)
		}
		return true
	})
	sort.SliceStable(out, func(a, b int) bool {
		if (out[a].Status == model.DupOpen) != (out[b].Status == model.DupOpen) {
			return out[a].Status == model.DupOpen
		}
		return out[a].Score > out[b].Score
	})
	return out, err
}

// ErrUndecidable is returned for a decision a pair cannot take.
var ErrUndecidable = &model.Error{Code: model.Invalid, Message: "a pair is marked not a duplicate or deferred here; merging is done with Merge"}

// Decide marks a pair not a duplicate (remembered for good) or defers it.
func (svc Duplicates) Decide(pairID model.ID, status model.DuplicateStatus, note string) error {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return err
	}
	if status != model.DupNotDuplicate && status != model.DupDeferred && status != model.DupOpen {
		return ErrUndecidable
	}
	return wrap("save the decision", sess.update(func(tx *bolt.Tx) error {
		dp, _, err := getRecord[model.DuplicatePair](sess, tx, model.KindDuplicate, pairID)
		if err != nil {
			return err
		}
		dp.Status, dp.Note = status, note
		if err := sess.putPair(tx, dp); err != nil {
			return err
		}
		if status == model.DupNotDuplicate {
			return sess.appendAudit(tx, model.AuditEntry{Action: model.ActNotDuplicate, Kind: model.KindDuplicate,
				Record: pairID, Detail: note})
		}
		return nil
	}))
}

// compareEntries redoes the field-by-field comparison of two patients for
// the review queue.
func compareEntries(ix *search.Index, a, b model.ID) match.Comparison {
	ea, _ := ix.Get(a)
	eb, _ := ix.Get(b)
	pa, pb := match.Prepare(ea.Person()), match.Prepare(eb.Person())
	return match.DefaultModel.Compare(&pa, &pb)
}
