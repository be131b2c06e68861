package storage

import (
	"context"
	"encoding/json"
	"errors"
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
	ix, err := sess.index()
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
		dp.Found = sess.now()
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
// ScanResult is what a whole-register duplicate scan found.
type ScanResult struct {
	// Open is how many pairs now await a decision.
	Open int
	// Found is how many likely pairs the scan found; Kept how many of the
	// best of them went to the queue (fewer when the cap was hit: decide
	// those, then scan again).
	Found, Kept int
}

// Capped reports whether the scan found more pairs than it kept.
func (r ScanResult) Capped() bool { return r.Found > r.Kept }

func (svc Duplicates) Scan(ctx context.Context, progress func(float64)) (ScanResult, error) {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return ScanResult{}, err
	}
	ix, err := sess.index()
	if err != nil {
		return ScanResult{}, err
	}
	pairs, found, err := ix.ScanFound(ctx, &match.DefaultModel, func(done, total int) {
		if progress != nil && total > 0 {
			progress(0.9 * float64(done) / float64(total))
		}
	})
	if err != nil {
		return ScanResult{}, err
	}
	added := 0
	for from := 0; from < len(pairs); from += 2000 {
		if err := ctx.Err(); err != nil {
			return ScanResult{}, err
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
			return ScanResult{}, wrap("save the review queue", err)
		}
		if progress != nil {
			progress(0.9 + 0.1*float64(from)/float64(len(pairs)))
		}
	}
	queue, err := sess.Duplicates().Queue()
	if err != nil {
		return ScanResult{}, err
	}
	open := 0
	for _, q := range queue {
		if q.Status == model.DupOpen {
			open++
		}
	}
	res := ScanResult{Open: open, Found: found, Kept: len(pairs)}
	return res, sess.logAction(model.ActDuplicateScan, "", model.ZeroID,
		fmt.Sprintf("%d likely pairs found, %d kept, %d new or changed, %d open", found, len(pairs), added, open))
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

// ErrRestrictionDiffers asks for a supervisor's confirmation: one patient
// is restricted and the other is not, and the survivor will be restricted.
var ErrRestrictionDiffers = &model.Error{Code: model.Conflict, Message: "one of these records is restricted and the other is not: the merged record will be restricted; confirm to go on"}

// ErrNotMergeable covers patients that are deleted or already merged.
var ErrNotMergeable = &model.Error{Code: model.Conflict, Message: "only two current patients can be merged (neither deleted nor already merged)"}

// Merge joins the patient merged into survivor. chosen holds the
// survivor's demographics as the supervisor picked them field by field;
// identity fields (ID, MRN, registration) stay the survivor's. The merged
// patient's MRN becomes a former MRN that still finds the survivor, its
// names become other names, and everything it owned (encounters, notes,
// documents, codes, disclosures …) moves to the survivor. The restriction
// of either record survives. Everything needed to undo it is kept.
func (svc Duplicates) Merge(survivor, merged model.ID, chosen model.Patient, reason string, confirmRestricted bool) (model.ID, error) {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return model.ZeroID, err
	}
	if strings.TrimSpace(reason) == "" {
		return model.ZeroID, ErrReasonRequired
	}
	if survivor == merged {
		return model.ZeroID, model.Errorf(model.Invalid, "a patient cannot be merged with itself")
	}
	mg := model.Merge{ID: model.NewID(), Survivor: survivor, Merged: merged, Reason: reason, By: sess.user.Username, At: sess.now()}
	err := sess.update(func(tx *bolt.Tx) error {
		return sess.mergeTx(tx, &mg, chosen, confirmRestricted)
	})
	if err != nil {
		return model.ZeroID, wrap("merge", err)
	}
	return mg.ID, nil
}

// mergeTx is Merge inside a transaction the caller holds (an HL7 A40 merge
// applies in the transaction of its message). mg names survivor, merged,
// reason, who and when; it gets the revisions and what moved.
func (sess *Session) mergeTx(tx *bolt.Tx, mg *model.Merge, chosen model.Patient, confirmRestricted bool) error {
	reason := mg.Reason
	s, sRev, err := getRecord[model.Patient](sess, tx, model.KindPatient, mg.Survivor)
	if err != nil {
		return err
	}
	m, mRev, err := getRecord[model.Patient](sess, tx, model.KindPatient, mg.Merged)
	if err != nil {
		return err
	}
	if sRev.Deleted || mRev.Deleted || !s.MergedInto.IsZero() || !m.MergedInto.IsZero() {
		return ErrNotMergeable
	}
	if s.Restricted != m.Restricted && !confirmRestricted {
		return ErrRestrictionDiffers
	}
	mg.SurvivorRev, mg.MergedRev = sRev.Rev, mRev.Rev
	next := mergedDemographics(s, m, chosen)
	if errs := next.Validate(sess.now()); len(errs) > 0 {
		return model.InvalidFields(errs)
	}
	if err := sess.write(tx, writeOp{kind: model.KindPatient, id: s.ID, body: next, op: model.ActEdit,
		reason: "merge: " + reason}); err != nil {
		return err
	}
	if err := sess.reindex(tx, &s, &next); err != nil {
		return err
	}
	gone := m
	gone.MergedInto = s.ID
	if err := sess.write(tx, writeOp{kind: model.KindPatient, id: m.ID, body: gone, op: model.ActEdit,
		reason: "merged into " + s.MRN + ": " + reason}); err != nil {
		return err
	}
	if mg.Moved, err = sess.moveOwned(tx, m.ID, s.ID, "moved by merge into "+s.MRN); err != nil {
		return err
	}
	if err := sess.setPairStatus(tx, s.ID, m.ID, model.DupMerged); err != nil {
		return err
	}
	if err := sess.write(tx, writeOp{kind: model.KindMerge, id: mg.ID, body: mg, op: model.ActCreate, reason: reason}); err != nil {
		return err
	}
	return sess.appendAudit(tx, model.AuditEntry{Action: model.ActMerge, Kind: model.KindPatient, Record: s.ID,
		Detail: fmt.Sprintf("%s merged into %s (%d records moved): %s", m.MRN, s.MRN, len(mg.Moved), reason)})
}

// mergedDemographics builds the survivor's new revision from the chosen
// values, keeping identity fields and carrying over what must not be lost.
func mergedDemographics(s, m, chosen model.Patient) model.Patient {
	next := chosen
	next.ID, next.MRN, next.Registered, next.MergedInto = s.ID, s.MRN, s.Registered, model.ZeroID
	next.FormerMRNs = union(s.FormerMRNs, append([]string{m.MRN}, m.FormerMRNs...))
	next.Restricted = s.Restricted || m.Restricted
	next.LegacyCharts = union(chosen.LegacyCharts, union(s.LegacyCharts, m.LegacyCharts))
	next.Alerts = union(chosen.Alerts, union(s.Alerts, m.Alerts))
	next.OtherNames = union(chosen.OtherNames, union(s.OtherNames, m.OtherNames))
	// A name that is no longer the survivor's stays findable as another name.
	for _, p := range []model.Patient{s, m} {
		full := strings.TrimSpace(p.GivenName + " " + p.FamilyName)
		if full != "" && full != strings.TrimSpace(next.GivenName+" "+next.FamilyName) {
			next.OtherNames = union(next.OtherNames, []string{full})
		}
	}
	return next
}

func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		found := false
		for _, y := range out {
			if strings.EqualFold(x, y) {
				found = true
				break
			}
		}
		if !found && strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

// moveOwned gives everything from owns to to, recording what moved.
func (sess *Session) moveOwned(tx *bolt.Tx, from, to model.ID, reason string) ([]model.MovedItem, error) {
	items := sess.ownedAll(tx, from)
	for _, it := range items {
		if err := sess.setOwner(tx, it, from, to, reason); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// setOwner writes a new revision of one owned record naming its new
// patient, and moves its owner-index entry.
func (sess *Session) setOwner(tx *bolt.Tx, it model.MovedItem, from, to model.ID, reason string) error {
	env, err := sess.readRevision(tx, it.Kind, it.ID, 0)
	if err != nil {
		return err
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(env.Body, &body); err != nil {
		return fmt.Errorf("%s %s does not parse: %w", it.Kind, it.ID, err)
	}
	body["patient"], _ = json.Marshal(to)
	raw, _ := json.Marshal(body)
	if err := sess.write(tx, writeOp{kind: it.Kind, id: it.ID, body: json.RawMessage(raw), op: model.ActEdit,
		reason: reason, deleted: env.Meta.Deleted, owner: to}); err != nil {
		return err
	}
	if it.Kind == model.KindDeficiency {
		// The queue keeps a copy of each open deficiency: it names the new patient too.
		var d model.Deficiency
		if err := json.Unmarshal(raw, &d); err != nil {
			return fmt.Errorf("deficiency %s does not parse: %w", it.ID, err)
		}
		if err := sess.putQueued(tx, d); err != nil {
			return err
		}
	}
	return tx.Bucket(bOwner).Delete(ownerKey(from, it.Kind, it.ID))
}

// ownedAll lists every record a patient owns, of every kind.
func (sess *Session) ownedAll(tx *bolt.Tx, owner model.ID) []model.MovedItem {
	var out []model.MovedItem
	c := tx.Bucket(bOwner).Cursor()
	for k, _ := c.Seek(owner[:]); k != nil && len(k) > 17 && string(k[:16]) == string(owner[:]); k, _ = c.Next() {
		n := int(k[16])
		if len(k) != 17+n+16 {
			continue
		}
		out = append(out, model.MovedItem{Kind: model.Kind(k[17 : 17+n]), ID: model.ID(k[17+n:])})
	}
	return out
}

func (sess *Session) setPairStatus(tx *bolt.Tx, a, b model.ID, st model.DuplicateStatus) error {
	dp, _, err := getRecord[model.DuplicatePair](sess, tx, model.KindDuplicate, model.PairID(a, b))
	if errors.Is(err, ErrNotFound) {
		dp = model.DuplicatePair{A: a, B: b}
	} else if err != nil {
		return err
	}
	dp.Status = st
	return sess.putPair(tx, dp)
}

// Unmerge undoes a merge exactly: both patients get back the demographics
// they had just before it, the moved records return, and the pair goes
// back to the review queue.
func (svc Duplicates) Unmerge(mergeID model.ID, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermMerge); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	return wrap("unmerge", sess.update(func(tx *bolt.Tx) error {
		mg, _, err := getRecord[model.Merge](sess, tx, model.KindMerge, mergeID)
		if err != nil {
			return err
		}
		if mg.Undone {
			return model.Errorf(model.Conflict, "this merge was already undone")
		}
		for _, side := range []struct {
			id  model.ID
			rev uint32
		}{{mg.Survivor, mg.SurvivorRev}, {mg.Merged, mg.MergedRev}} {
			cur, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, side.id)
			if err != nil {
				return err
			}
			env, err := sess.readRevision(tx, model.KindPatient, side.id, side.rev)
			if err != nil {
				return err
			}
			var before model.Patient
			if err := json.Unmarshal(env.Body, &before); err != nil {
				return err
			}
			if err := sess.write(tx, writeOp{kind: model.KindPatient, id: side.id, body: before, op: model.ActEdit,
				reason: "unmerge: " + reason, deleted: env.Meta.Deleted}); err != nil {
				return err
			}
			if err := sess.reindex(tx, &cur, &before); err != nil {
				return err
			}
		}
		for _, it := range mg.Moved {
			if err := sess.setOwner(tx, it, mg.Survivor, mg.Merged, "returned by unmerge"); err != nil {
				return err
			}
		}
		if err := sess.setPairStatus(tx, mg.Survivor, mg.Merged, model.DupOpen); err != nil {
			return err
		}
		mg.Undone = true
		if err := sess.write(tx, writeOp{kind: model.KindMerge, id: mg.ID, body: mg, op: model.ActEdit, reason: reason}); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActUnmerge, Kind: model.KindPatient, Record: mg.Survivor,
			Detail: fmt.Sprintf("merge %s undone (%d records returned): %s", mg.ID.String()[:8], len(mg.Moved), reason)})
	}))
}

// MergesInto lists the merges a patient survived, newest first, for the
// chart's "undo merge".
func (svc Duplicates) MergesInto(patient model.ID) ([]model.Merge, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []model.Merge
	err := listRecords(sess, model.KindMerge, false, func(m model.Merge, _ model.Revision) bool {
		if m.Survivor == patient && !m.Undone {
			out = append([]model.Merge{m}, out...)
		}
		return true
	})
	return out, err
}
