package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// The work queues: what waits for someone (an encounter to code, a note
// to sign, a document to key …), kept as an index beside the records so a
// worklist never scans them. Each write of a record that can enter or
// leave a queue puts or deletes its queue entry in the same transaction
// (sess.write calls stageQueues), so a crash cannot leave the queue and
// the record disagreeing. The file shows nothing: an entry's key is a
// keyed hash of the queue's name and the record ID, its value is sealed
// and bound to that key. The entries are read into memory once per store
// (loadQueues) and kept there, sorted, as transactions commit.

// WorkQueue names one queue. Stored (hashed into keys): append-only.
type WorkQueue string

const (
	QueueToKey      WorkQueue = "to-key"     // documents filed, with a form, not keyed
	QueueUnfiled    WorkQueue = "unfiled"    // scanned pages in the unfiled tray
	QueueBatches    WorkQueue = "batches"    // batches not finished
	QueueChartsOut  WorkQueue = "charts-out" // paper charts out of the file room
	QueueToCode     WorkQueue = "to-code"    // encounters with items not coded
	QueueToSign     WorkQueue = "to-sign"    // notes not signed
	QueueRequests   WorkQueue = "requests"   // release requests not closed
	QueueDuplicates WorkQueue = "duplicates" // pairs open or deferred
	QueueDiffer     WorkQueue = "differ"     // double keyings that differ
)

// AllQueues lists the queues in the order a worklist shows them.
var AllQueues = []WorkQueue{QueueToKey, QueueUnfiled, QueueBatches, QueueChartsOut, QueueToCode,
	QueueToSign, QueueRequests, QueueDuplicates, QueueDiffer}

// WorkItem is one thing waiting in a queue: the record that waits and the
// few facts a worklist shows, sorts and filters on, so a list is drawn
// without opening the records.
type WorkItem struct {
	Queue   WorkQueue
	ID      model.ID // the record that waits (encounter, note, document …)
	Patient model.ID // zero for batches and unfiled pages
	// Ref is a second record: a note's encounter, a page's batch, a
	// pair's other patient, a keying's document.
	Ref model.ID
	// At orders the queue, oldest first: an encounter's start, a note's
	// writing, a document's date, a chart's or request's due date.
	At time.Time
	// Who is the person the item waits on or concerns: an encounter's
	// clinician, a note's author, a chart's holder, a requester.
	Who        string
	Ward       string
	Type       string // encounter type, document type, batch stage, request status
	Text       string // diagnoses as written, a note's title, a batch's name
	Discharged bool   // a stay with a discharge (a visit counts as discharged)
	Score      float64
	// PatientSummary is filled in when a list is read (masked as the
	// patient's record requires), never stored.
	PatientSummary PatientSummary

	// fold is Text, Who and Ward in lower case and whoFold Who, kept in
	// memory so a search compares without converting every item.
	fold, whoFold string
}

func (it *WorkItem) folded() *WorkItem {
	it.whoFold = strings.ToLower(it.Who)
	it.fold = strings.ToLower(it.Text + "\x00" + it.Who + "\x00" + it.Ward)
	return it
}

var bQueues = []byte("queues") // HMAC(queue)(8) ‖ id(16) → sealed WorkItem; "built" once complete

var kQueuesBuilt = []byte("built")

// queueKinds are the kinds whose records enter queues.
var queueKinds = []model.Kind{model.KindEncounter, model.KindNote, model.KindDocument, model.KindTranscript,
	model.KindPage, model.KindBatch, model.KindChartFile, model.KindRequest, model.KindDuplicate}

func (sess *Session) queueTag(q WorkQueue) []byte { return sess.keys.Blind("queue", string(q))[:8] }

func (sess *Session) queueKey(q WorkQueue, id model.ID) []byte {
	return append(sess.queueTag(q), id[:]...)
}

func queueAAD(key []byte) []byte { return append([]byte("queue\x00"), key...) }

// queueChange is one entry put (item set) or deleted in a transaction.
type queueChange struct {
	q    WorkQueue
	id   model.ID
	item *WorkItem
}

// stageQueues updates the queue entries of a record just written, in the
// transaction that wrote it. body is the record's JSON.
func (sess *Session) stageQueues(tx *bolt.Tx, kind model.Kind, id model.ID, body []byte, deleted bool) error {
	changes, err := sess.queueChangesOf(tx, kind, id, body, deleted)
	if err != nil || len(changes) == 0 {
		return err
	}
	return sess.applyQueueChanges(tx, changes)
}

func (sess *Session) applyQueueChanges(tx *bolt.Tx, changes []queueChange) error {
	b, err := tx.CreateBucketIfNotExists(bQueues)
	if err != nil {
		return err
	}
	for _, c := range changes {
		key := sess.queueKey(c.q, c.id)
		if c.item == nil {
			if err := b.Delete(key); err != nil {
				return err
			}
			continue
		}
		if err := b.Put(key, sess.keys.Records.Seal(encodeWorkItem(c.item), queueAAD(key))); err != nil {
			return err
		}
	}
	s := sess.store
	tx.OnCommit(func() { s.queues.apply(changes) })
	return nil
}

// queueChangesOf says which queues a record is in after a write: for each
// queue its kind feeds, an entry or a deletion.
func (sess *Session) queueChangesOf(tx *bolt.Tx, kind model.Kind, id model.ID, body []byte, deleted bool) ([]queueChange, error) {
	one := func(q WorkQueue, in bool, it WorkItem) []queueChange {
		if !in || deleted {
			return []queueChange{{q: q, id: id}}
		}
		it.Queue, it.ID = q, id
		return []queueChange{{q: q, id: id, item: &it}}
	}
	switch kind {
	case model.KindEncounter:
		var e model.Encounter
		if err := json.Unmarshal(body, &e); err != nil {
			return nil, err
		}
		return one(QueueToCode, e.NeedsCoding(), encounterItem(e)), nil
	case model.KindNote:
		var n model.Note
		if err := json.Unmarshal(body, &n); err != nil {
			return nil, err
		}
		return one(QueueToSign, n.SignedBy == "" && strings.TrimSpace(n.Text) != "",
			WorkItem{Patient: n.PatientID, Ref: n.EncounterID, At: n.Written, Who: n.Author, Text: n.Title}), nil
	case model.KindDocument:
		var d model.Document
		if err := json.Unmarshal(body, &d); err != nil {
			return nil, err
		}
		_, form := clinical.TemplateFor(d.Type)
		keyed := false
		if form && !deleted {
			_, keyed = sess.transcriptOf(tx, d)
		}
		return one(QueueToKey, form && !keyed, documentItem(d)), nil
	case model.KindTranscript:
		var tr clinical.Transcript
		if err := json.Unmarshal(body, &tr); err != nil {
			return nil, err
		}
		out := one(QueueDiffer, tr.Status == clinical.TranscriptMismatched,
			WorkItem{Patient: tr.PatientID, Ref: tr.DocumentID, At: tr.First.At, Who: tr.First.By, Type: string(tr.Template)})
		// Keying a document takes it off the documents to key; deleting
		// the keying puts it back.
		docChange := queueChange{q: QueueToKey, id: tr.DocumentID}
		if deleted {
			if d, m, err := getRecord[model.Document](sess, tx, model.KindDocument, tr.DocumentID); err == nil && !m.Deleted {
				if _, form := clinical.TemplateFor(d.Type); form {
					it := documentItem(d)
					it.Queue, it.ID = QueueToKey, d.ID
					docChange.item = &it
				}
			}
		}
		return append(out, docChange), nil
	case model.KindPage:
		var p model.Page
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, err
		}
		// No date: record IDs are time-ordered, so the tray is in scanning order.
		return one(QueueUnfiled, !p.Filed(), WorkItem{Ref: p.BatchID, Text: p.Source}), nil
	case model.KindBatch:
		var b model.Batch
		if err := json.Unmarshal(body, &b); err != nil {
			return nil, err
		}
		return one(QueueBatches, !b.Stage.Done(), WorkItem{At: b.Received, Type: string(b.Stage), Text: b.Label, Who: b.Origin}), nil
	case model.KindChartFile:
		var c model.ChartFile
		if err := json.Unmarshal(body, &c); err != nil {
			return nil, err
		}
		at := c.Since
		if !c.Due.IsZero() {
			at = c.Due.Time()
		}
		return one(QueueChartsOut, c.Status != model.ChartOnShelf,
			WorkItem{Patient: c.PatientID, At: at, Who: c.Holder, Type: string(c.Status), Text: c.Shelf}), nil
	case model.KindRequest:
		var r model.Request
		if err := json.Unmarshal(body, &r); err != nil {
			return nil, err
		}
		return one(QueueRequests, !r.Status.Closed(),
			WorkItem{Patient: r.PatientID, At: r.Due.Time(), Who: r.Name, Type: string(r.Status), Text: r.Number}), nil
	case model.KindDuplicate:
		var dp model.DuplicatePair
		if err := json.Unmarshal(body, &dp); err != nil {
			return nil, err
		}
		return one(QueueDuplicates, dp.Status == model.DupOpen || dp.Status == model.DupDeferred,
			WorkItem{Patient: dp.A, Ref: dp.B, At: dp.Found, Type: string(dp.Status), Score: dp.Score}), nil
	}
	return nil, nil
}

func encounterItem(e model.Encounter) WorkItem {
	var texts []string
	for _, it := range e.ItemsToCode() {
		texts = append(texts, it.Text)
	}
	ward := e.Ward
	if n := len(e.Transfers); n > 0 {
		ward = e.Transfers[n-1].ToWard
	}
	return WorkItem{Patient: e.PatientID, At: e.Start, Who: e.Clinician, Ward: ward, Type: string(e.Type),
		Text: strings.Join(texts, "; "), Discharged: e.Type != model.EncInpatient || !e.End.IsZero()}
}

func documentItem(d model.Document) WorkItem {
	return WorkItem{Patient: d.PatientID, Ref: d.EncounterID, At: d.Date.Time(), Type: string(d.Type), Text: d.Title}
}

// encodeWorkItem is the stored form: fixed fields, then length-prefixed
// strings (a worklist of 200,000 reads back in a fraction of a second).
func encodeWorkItem(it *WorkItem) []byte {
	b := make([]byte, 0, 96+len(it.Who)+len(it.Ward)+len(it.Type)+len(it.Text)+len(it.Queue))
	b = append(b, 1) // version
	b = append(b, it.Patient[:]...)
	b = append(b, it.Ref[:]...)
	at := uint64(0) // no date (unfiled pages): 0, not the zero time's nanoseconds
	if !it.At.IsZero() {
		at = uint64(it.At.UnixNano())
	}
	b = binary.BigEndian.AppendUint64(b, at)
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(it.Score))
	flags := byte(0)
	if it.Discharged {
		flags |= 1
	}
	b = append(b, flags)
	for _, s := range []string{string(it.Queue), it.Who, it.Ward, it.Type, it.Text} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

var errBadQueueEntry = errors.New("a queue entry does not parse")

func decodeWorkItem(b []byte, id model.ID) (WorkItem, error) {
	var it WorkItem
	if len(b) < 1+32+16+1 || b[0] != 1 {
		return it, errBadQueueEntry
	}
	it.ID = id
	copy(it.Patient[:], b[1:17])
	copy(it.Ref[:], b[17:33])
	if at := binary.BigEndian.Uint64(b[33:41]); at != 0 {
		it.At = time.Unix(0, int64(at)).UTC()
	}
	it.Score = math.Float64frombits(binary.BigEndian.Uint64(b[41:49]))
	it.Discharged = b[49]&1 != 0
	rest := b[50:]
	var strs [5]string
	for i := range strs {
		n, k := binary.Uvarint(rest)
		if k <= 0 || uint64(len(rest)-k) < n {
			return it, errBadQueueEntry
		}
		strs[i] = string(rest[k : k+int(n)])
		rest = rest[k+int(n):]
	}
	it.Queue = WorkQueue(strs[0])
	it.Who, it.Ward, it.Type, it.Text = strs[1], strs[2], strs[3], strs[4]
	return it, nil
}

// queueCache is the store's queues in memory, each sorted oldest first.
type queueCache struct {
	mu     sync.RWMutex
	loaded bool
	byID   map[WorkQueue]map[model.ID]*WorkItem
	sorted map[WorkQueue][]*WorkItem
}

func itemBefore(a, b *WorkItem) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return bytes.Compare(a.ID[:], b.ID[:])
}

// apply takes in a committed transaction's changes. Each is a put or a
// delete of one entry, so applying one twice (a load that already saw
// it) changes nothing.
func (c *queueCache) apply(changes []queueChange) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		return // the next load reads them from the file
	}
	for _, ch := range changes {
		it := ch.item
		if it != nil {
			cp := *it
			it = cp.folded()
		}
		c.put(ch.q, ch.id, it)
	}
}

// drop forgets the queues (the last session locked).
func (c *queueCache) drop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loaded, c.byID, c.sorted = false, nil, nil
}

func (c *queueCache) put(q WorkQueue, id model.ID, it *WorkItem) {
	m := c.byID[q]
	if m == nil {
		m = map[model.ID]*WorkItem{}
		c.byID[q] = m
	}
	list := c.sorted[q]
	if old := m[id]; old != nil {
		if i, ok := slices.BinarySearchFunc(list, old, itemBefore); ok {
			list = slices.Delete(list, i, i+1)
		}
		delete(m, id)
	}
	if it != nil {
		i, _ := slices.BinarySearchFunc(list, it, itemBefore)
		list = slices.Insert(list, i, it)
		m[id] = it
	}
	c.sorted[q] = list
}

// loadQueues reads the queues into memory once per store; a store whose
// queue index is missing or was left incomplete (an older file, a key
// rotation) has it rebuilt from the records first.
func (sess *Session) loadQueues() (*queueCache, error) {
	c := &sess.store.queues
	c.mu.RLock()
	loaded := c.loaded
	c.mu.RUnlock()
	if loaded {
		return c, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded {
		return c, nil
	}
	var built bool
	if err := sess.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bQueues)
		built = b != nil && b.Get(kQueuesBuilt) != nil
		return nil
	}); err != nil {
		return nil, err
	}
	if !built && !sess.store.opts.ReadOnly {
		// Commits that wait for c.mu meanwhile apply their changes after
		// the load, which already holds them: harmless (see apply).
		if err := sess.update(sess.rebuildQueues); err != nil {
			return nil, wrap("build the work queues", err)
		}
		built = true
	}
	c.byID, c.sorted = map[WorkQueue]map[model.ID]*WorkItem{}, map[WorkQueue][]*WorkItem{}
	err := sess.view(func(tx *bolt.Tx) error {
		if !built {
			// A read-only store: the queues are worked out in memory.
			changes, err := sess.queueScan(tx)
			for _, ch := range changes {
				if ch.item != nil {
					c.byID[ch.q] = appendItem(c.byID[ch.q], ch.item.folded())
				}
			}
			return err
		}
		tags := map[string]WorkQueue{}
		for _, q := range AllQueues {
			tags[string(sess.queueTag(q))] = q
		}
		return tx.Bucket(bQueues).ForEach(func(k, v []byte) error {
			if len(k) != 24 {
				return nil
			}
			q, ok := tags[string(k[:8])]
			if !ok {
				return nil // a queue of a later version
			}
			plain, err := sess.keys.Records.Open(v, queueAAD(k))
			if err != nil {
				return model.Errorf(model.Damaged, "a work queue entry does not decrypt")
			}
			it, err := decodeWorkItem(plain, model.ID(k[8:]))
			if err != nil {
				return err
			}
			it.Queue = q
			c.byID[q] = appendItem(c.byID[q], it.folded())
			return nil
		})
	})
	if err != nil {
		c.byID, c.sorted = nil, nil
		return nil, wrap("read the work queues", err)
	}
	for q, m := range c.byID {
		list := make([]*WorkItem, 0, len(m))
		for _, it := range m {
			list = append(list, it)
		}
		slices.SortFunc(list, itemBefore)
		c.sorted[q] = list
	}
	c.loaded = true
	return c, nil
}

func appendItem(m map[model.ID]*WorkItem, it *WorkItem) map[model.ID]*WorkItem {
	if m == nil {
		m = map[model.ID]*WorkItem{}
	}
	m[it.ID] = it
	return m
}

// rebuildQueues writes every queue from the records, then marks the index
// complete. Run once for a store that has none.
func (sess *Session) rebuildQueues(tx *bolt.Tx) error {
	if err := tx.DeleteBucket(bQueues); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
		return err
	}
	b, err := tx.CreateBucket(bQueues)
	if err != nil {
		return err
	}
	changes, err := sess.queueScan(tx)
	if err != nil {
		return err
	}
	for _, c := range changes {
		if c.item == nil {
			continue
		}
		key := sess.queueKey(c.q, c.id)
		if err := b.Put(key, sess.keys.Records.Seal(encodeWorkItem(c.item), queueAAD(key))); err != nil {
			return err
		}
	}
	return b.Put(kQueuesBuilt, []byte{1})
}

// queueScan works out every queue entry from the records (the rebuild).
// A keyed document leaves the documents to key whichever is read first.
func (sess *Session) queueScan(tx *bolt.Tx) ([]queueChange, error) {
	var out []queueChange
	keyedDocs := map[model.ID]bool{}
	for _, kind := range queueKinds {
		heads, revs, err := kindBuckets(tx, kind, false)
		if err != nil || heads == nil {
			if err != nil {
				return nil, err
			}
			continue
		}
		err = heads.ForEach(func(k, v []byte) error {
			h, ok := decodeHead(v)
			if !ok || h.deleted {
				return nil
			}
			key := revKey(model.ID(k), h.rev)
			env, err := decodeRevision(sess.keys.Records, kind, key, revs.Get(key))
			if err != nil {
				return err
			}
			if kind == model.KindTranscript {
				var tr clinical.Transcript
				if err := json.Unmarshal(env.Body, &tr); err == nil {
					keyedDocs[tr.DocumentID] = true
					if tr.Status == clinical.TranscriptMismatched {
						it := WorkItem{Queue: QueueDiffer, ID: tr.ID, Patient: tr.PatientID, Ref: tr.DocumentID, At: tr.First.At, Who: tr.First.By, Type: string(tr.Template)}
						out = append(out, queueChange{q: QueueDiffer, id: tr.ID, item: &it})
					}
				}
				return nil
			}
			if kind == model.KindDocument {
				var d model.Document
				if err := json.Unmarshal(env.Body, &d); err != nil {
					return err
				}
				if _, form := clinical.TemplateFor(d.Type); form {
					it := documentItem(d)
					it.Queue, it.ID = QueueToKey, d.ID
					out = append(out, queueChange{q: QueueToKey, id: d.ID, item: &it})
				}
				return nil
			}
			ch, err := sess.queueChangesOf(tx, kind, model.ID(k), env.Body, false)
			out = append(out, ch...)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	kept := out[:0]
	for _, c := range out {
		if c.q == QueueToKey && keyedDocs[c.id] {
			continue
		}
		kept = append(kept, c)
	}
	return kept, nil
}
