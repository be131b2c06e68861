package storage

import (
	"sort"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Create registers a box of paper charts as received.
func (svc Batches) Create(b *model.Batch) error {
	sess := svc.sess
	if err := sess.require(model.PermDigitize); err != nil {
		return err
	}
	b.Label, b.Origin = strings.TrimSpace(b.Label), strings.TrimSpace(b.Origin)
	if err := b.Validate(); err != nil {
		return err
	}
	b.ID, b.Received, b.Stage = model.NewID(), sess.now(), model.StageReceived
	b.History = []model.StageChange{{Stage: model.StageReceived, At: b.Received, By: sess.user.Username}}
	return wrap("save the batch", sess.update(func(tx *bolt.Tx) error {
		return sess.write(tx, writeOp{kind: model.KindBatch, id: b.ID, body: b, op: model.ActCreate, reason: b.Label})
	}))
}

// Get reads a batch.
func (svc Batches) Get(id model.ID) (model.Batch, model.Revision, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return model.Batch{}, model.Revision{}, err
	}
	return getRecord[model.Batch](sess, nil, model.KindBatch, id)
}

// List lists batches, unfinished first, then newest.
func (svc Batches) List() ([]model.Batch, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []model.Batch
	err := listRecords(sess, model.KindBatch, false, func(b model.Batch, _ model.Revision) bool {
		out = append(out, b)
		return true
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Stage.Done() != out[j].Stage.Done() {
			return !out[i].Stage.Done()
		}
		return out[i].Received.After(out[j].Received)
	})
	return out, wrap("list batches", err)
}

// changeBatch applies change to the latest revision of a batch.
func (sess *Session) changeBatch(id model.ID, op model.Action, reason string, change func(*model.Batch) error) (model.Batch, error) {
	var b model.Batch
	if err := sess.require(model.PermDigitize); err != nil {
		return b, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if b, _, err = getRecord[model.Batch](sess, tx, model.KindBatch, id); err != nil {
			return err
		}
		if err := change(&b); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindBatch, id: id, body: b, op: op, reason: reason})
	})
	return b, wrap("save the batch", err)
}

// Advance moves a batch to its next stage.
func (svc Batches) Advance(id model.ID, to model.BatchStage, note string) (model.Batch, error) {
	sess := svc.sess
	return sess.changeBatch(id, model.ActEdit, to.Label(), func(b *model.Batch) error {
		return b.Advance(to, sess.user.Username, strings.TrimSpace(note), sess.now())
	})
}

// DrawQCSample fixes the sample of pages to check. It is drawn once, after
// indexing, from the batch's pages that were not set aside.
func (svc Batches) DrawQCSample(id model.ID) (model.Batch, error) {
	sess := svc.sess
	pages, err := sess.Pages().OfBatch(id, false)
	if err != nil {
		return model.Batch{}, err
	}
	ids := make([]model.ID, len(pages))
	for i, p := range pages {
		ids[i] = p.ID
	}
	return sess.changeBatch(id, model.ActEdit, "quality check sample drawn", func(b *model.Batch) error {
		switch {
		case len(b.QC.Sample) > 0:
			return nil
		case b.Stage != model.StageIndexed && b.Stage != model.StageTranscribed:
			return model.Errorf(model.Conflict, "draw the quality check sample once the batch is indexed")
		case len(ids) == 0:
			return model.Errorf(model.Conflict, "the batch has no pages to check")
		}
		b.QC.Sample = model.DrawQCSample(b.ID, ids)
		return nil
	})
}

// RecordQC stores a second person's verdicts on the sample. A failed check
// clears the sample's verdicts' pass so the batch cannot be verified until
// it is fixed and checked again.
func (svc Batches) RecordQC(id model.ID, checks []model.QCCheck) (model.Batch, error) {
	sess := svc.sess
	return sess.changeBatch(id, model.ActQualityCheck, "quality check", func(b *model.Batch) error {
		return b.RecordQC(checks, sess.user.Username, sess.now())
	})
}

// ClerkCounts is one clerk's work in a batch.
type ClerkCounts struct {
	Clerk   string
	Scanned int // pages brought in
	Indexed int // pages filed into documents
}

// BatchStats is the progress of one batch.
type BatchStats struct {
	Pages, Filed, Unfiled, Discarded, Blank int
	Clerks                                  []ClerkCounts
}

// Progress counts a batch's pages and credits clerks.
func (svc Batches) Progress(id model.ID) (BatchStats, error) {
	sess := svc.sess
	var st BatchStats
	pages, err := sess.Pages().OfBatch(id, true)
	if err != nil {
		return st, err
	}
	by := map[string]*ClerkCounts{}
	clerk := func(name string) *ClerkCounts {
		if by[name] == nil {
			by[name] = &ClerkCounts{Clerk: name}
		}
		return by[name]
	}
	docs := map[model.ID]bool{}
	for _, p := range pages {
		if p.Discarded {
			st.Discarded++
			continue
		}
		st.Pages++
		clerk(p.ImportedBy).Scanned++
		if p.Blank {
			st.Blank++
		}
		if p.Filed() {
			st.Filed++
			docs[p.DocumentID] = true
		} else {
			st.Unfiled++
		}
	}
	err = sess.view(func(tx *bolt.Tx) error {
		for id := range docs {
			d, _, err := getRecord[model.Document](sess, tx, model.KindDocument, id)
			if err != nil {
				return err
			}
			clerk(d.IndexedBy).Indexed += len(d.Pages)
		}
		return nil
	})
	for _, c := range by {
		st.Clerks = append(st.Clerks, *c)
	}
	sort.Slice(st.Clerks, func(i, j int) bool { return st.Clerks[i].Clerk < st.Clerks[j].Clerk })
	return st, wrap("count the batch", err)
}
