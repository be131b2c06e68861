package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"dossier/model"
	"dossier/model/search"
	"dossier/storage/internal/memadvice"

	bolt "go.etcd.io/bbolt"
)

// The patient index lives in memory while someone is signed in, and as
// sealed chunks of 1,024 entries in the search bucket. A write rewrites the
// chunks it touched in the same transaction as the patient, so after a
// crash the snapshot and the records still agree; the entries reach memory
// only once that transaction has committed.

const chunkSize = 1024

func chunkAAD(c uint32) []byte { return append([]byte("search"), u32(c)...) }

// indexStage collects one write transaction's changes to the index.
type indexStage struct {
	ix      *search.Index
	entries map[int]search.Entry // position → entry as it will be
	data    map[int]string
	newIDs  map[model.ID]int
	dirty   map[uint32]bool
}

// indexTx loads the index if needed (inside tx) and starts staging.
func (sess *Session) stageFor(tx *bolt.Tx) (*indexStage, error) {
	s := sess.store
	if s.stage != nil && s.stageTx == tx {
		return s.stage, nil
	}
	ix, err := sess.loadIndex(tx)
	if err != nil {
		return nil, err
	}
	st := &indexStage{ix: ix, entries: map[int]search.Entry{}, data: map[int]string{},
		newIDs: map[model.ID]int{}, dirty: map[uint32]bool{}}
	s.stage, s.stageTx = st, tx
	return st, nil
}

// stagePatient records a patient's new index entry in the transaction.
func (sess *Session) stagePatient(tx *bolt.Tx, p model.Patient, deleted bool) error {
	st, err := sess.stageFor(tx)
	if err != nil {
		return err
	}
	e := search.EntryOf(p, deleted)
	pos, ok := st.ix.Position(p.ID)
	if !ok {
		if pos, ok = st.newIDs[p.ID]; !ok {
			pos = st.ix.Len() + len(st.newIDs)
			st.newIDs[p.ID] = pos
		}
	}
	st.entries[pos] = e
	st.data[pos] = string(e.AppendBinary(nil))
	st.dirty[uint32(pos/chunkSize)] = true
	return nil
}

// flushIndex writes the dirty chunks and arranges for the staged entries
// to reach memory when tx commits.
func (sess *Session) flushIndex(tx *bolt.Tx) error {
	s := sess.store
	st := s.stage
	s.stage, s.stageTx = nil, nil
	if st == nil || len(st.entries) == 0 {
		return nil
	}
	total := st.ix.Len() + len(st.newIDs)
	b := tx.Bucket(bSearch)
	var buf []byte
	for c := range st.dirty {
		buf = buf[:0]
		for pos := int(c) * chunkSize; pos < min(total, int(c+1)*chunkSize); pos++ {
			d, ok := st.data[pos]
			if !ok {
				d = st.ix.Encoded(pos)
			}
			buf = binary.AppendUvarint(buf, uint64(len(d)))
			buf = append(buf, d...)
		}
		if err := b.Put(u32(c), sess.keys.Records.Seal(buf, chunkAAD(c))); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bMeta).Put(kSearchCount, u64(uint64(total))); err != nil {
		return err
	}
	tx.OnCommit(func() {
		positions := make([]int, 0, len(st.entries))
		for pos := range st.entries {
			positions = append(positions, pos)
		}
		sort.Ints(positions) // new entries must arrive in position order
		for _, pos := range positions {
			st.ix.Put(st.entries[pos])
		}
	})
	return nil
}

// loadIndex returns the store's index, reading it from the sealed chunks
// the first time (and rebuilding the chunks from the records when the
// snapshot is missing or does not match them).
func (sess *Session) loadIndex(tx *bolt.Tx) (*search.Index, error) {
	s := sess.store
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	if s.index != nil {
		return s.index, nil
	}
	ix, err := sess.readSnapshot(tx)
	if err != nil || tx.Bucket(bMeta).Get(kRebuild) != nil || ix.Len() != snapshotCount(tx) {
		if !tx.Writable() {
			return nil, errNeedRebuild
		}
		if ix, err = sess.rebuildSnapshot(tx); err != nil {
			return nil, fmt.Errorf("rebuild the patient index: %w", err)
		}
	}
	s.index = ix
	return ix, nil
}

var errNeedRebuild = errors.New("the patient index must be rebuilt")

// snapshotCount is how many entries the snapshot should hold, recorded
// with it; older stores fall back to counting the patients.
func snapshotCount(tx *bolt.Tx) int {
	if v := tx.Bucket(bMeta).Get(kSearchCount); len(v) == 8 {
		return int(binary.BigEndian.Uint64(v))
	}
	return patientCount(tx)
}

func patientCount(tx *bolt.Tx) int {
	heads, _, _ := kindBuckets(tx, model.KindPatient, false)
	if heads == nil {
		return 0
	}
	return heads.Stats().KeyN
}

func (sess *Session) readSnapshot(tx *bolt.Tx) (*search.Index, error) {
	ix := search.New()
	b := tx.Bucket(bSearch)
	if b == nil {
		return ix, errNeedRebuild
	}
	// The store's memory map, so pages read through it can be released.
	var mapStart uintptr
	var mapLen int
	if !tx.Writable() {
		mapStart, mapLen = sess.store.db.Info().Data, int(tx.Size())
	}
	// The sealed chunks, in order (values in the memory map: no copy).
	var sealed [][]byte
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 4 || binary.BigEndian.Uint32(k) != uint32(len(sealed)) {
			return ix, model.Errorf(model.Damaged, "a chunk of the patient index is missing")
		}
		sealed = append(sealed, v)
	}
	// Every core opens chunks, straight into the strings the index keeps
	// (a chunk's plaintext is its entries' blob), and gives the map's pages
	// back 32 chunks at a time.
	plain := make([]string, len(sealed))
	var next atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var done memadvice.Ranges
			for {
				n := int(next.Add(1) - 1)
				if n >= len(sealed) {
					break
				}
				p, err := sess.keys.Records.Open(sealed[n], chunkAAD(uint32(n)))
				if err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("chunk %d of the patient index: %w", n, err) })
					break
				}
				plain[n] = unsafe.String(unsafe.SliceData(p), len(p)) // nothing else holds p
				if done.Add(sealed[n]) >= 32 {
					done.Drop(mapStart, mapLen)
				}
			}
			done.Drop(mapStart, mapLen)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return ix, firstErr
	}
	if err := ix.LoadChunks(plain); err != nil {
		return ix, model.Errorf(model.Damaged, "a chunk of the patient index is damaged")
	}
	ix.Settle()
	return ix, nil
}

// rebuildSnapshot builds the index from every patient's latest revision
// and rewrites all chunks (after a migration, or to heal a mismatch).
func (sess *Session) rebuildSnapshot(tx *bolt.Tx) (*search.Index, error) {
	ix := search.New()
	heads, revs, err := kindBuckets(tx, model.KindPatient, true)
	if err != nil {
		return nil, err
	}
	var data []string
	c := heads.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		h, ok := decodeHead(v)
		if !ok {
			continue
		}
		key := revKey(model.ID(k), h.rev)
		env, err := decodeRevision(sess.keys.Records, model.KindPatient, key, revs.Get(key))
		if err != nil {
			return nil, err
		}
		var p model.Patient
		if err := json.Unmarshal(env.Body, &p); err != nil {
			return nil, err
		}
		e := search.EntryOf(p, h.deleted)
		data = append(data, string(e.AppendBinary(nil)))
	}
	if err := ix.LoadEncoded(data); err != nil {
		return nil, err
	}
	ix.Settle()
	if err := tx.DeleteBucket(bSearch); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
		return nil, err
	}
	b, err := tx.CreateBucket(bSearch)
	if err != nil {
		return nil, err
	}
	for c := 0; c*chunkSize < len(data); c++ {
		var buf []byte
		for _, d := range data[c*chunkSize : min(len(data), (c+1)*chunkSize)] {
			buf = binary.AppendUvarint(buf, uint64(len(d)))
			buf = append(buf, d...)
		}
		if err := b.Put(u32(uint32(c)), sess.keys.Records.Seal(buf, chunkAAD(uint32(c)))); err != nil {
			return nil, err
		}
	}
	if err := tx.Bucket(bMeta).Put(kSearchCount, u64(uint64(len(data)))); err != nil {
		return nil, err
	}
	if err := tx.Bucket(bMeta).Delete(kRebuild); err != nil {
		return nil, err
	}
	return ix, nil
}

// PatientIndex is the patient index as the signed-in user may see it:
// restricted patients read as "(restricted record)" with their MRN alone for
// roles that may not open them (the mask Search and List use).
type PatientIndex struct {
	ix   *search.Index
	mask bool
}

// Len is how many patients the index holds.
func (p PatientIndex) Len() int { return p.ix.Len() }

// Get is one patient's index entry, masked when the user may not open it.
func (p PatientIndex) Get(id model.ID) (search.Entry, bool) {
	e, ok := p.ix.Get(id)
	if ok {
		e = p.masked(e)
	}
	return e, ok
}

// At is the entry at a position (0 ≤ i < Len), masked like Get.
func (p PatientIndex) At(i int) (search.Entry, bool) {
	e, _, err := search.DecodeEntry([]byte(p.ix.Encoded(i)))
	if err != nil {
		return search.Entry{}, false
	}
	return p.masked(e), true
}

func (p PatientIndex) masked(e search.Entry) search.Entry {
	if !e.Restricted || !p.mask {
		return e
	}
	return search.Entry{ID: e.ID, MRN: e.MRN, Given: "(restricted record)", Restricted: true, Deleted: e.Deleted, MergedInto: e.MergedInto}
}

// Index returns the patient index as the user may see it (PatientIndex),
// loading it if this is the first use since sign-in (about a second for a
// million patients).
func (svc Patients) Index() (PatientIndex, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return PatientIndex{}, err
	}
	ix, err := sess.index()
	if err != nil {
		return PatientIndex{}, err
	}
	return PatientIndex{ix: ix, mask: !sess.user.Role.MayOpenRestricted()}, nil
}

// index is the whole patient index, unmasked, for storage's own use.
func (sess *Session) index() (*search.Index, error) {
	if err := sess.alive(); err != nil {
		return nil, err
	}
	// Loaded already: no transaction on the keystroke path.
	sess.store.indexMu.Lock()
	ix := sess.store.index
	sess.store.indexMu.Unlock()
	if ix != nil {
		return ix, nil
	}
	err := sess.store.db.View(func(tx *bolt.Tx) (err error) { ix, err = sess.loadIndex(tx); return })
	if errors.Is(err, errNeedRebuild) {
		err = sess.update(func(tx *bolt.Tx) (err error) { ix, err = sess.loadIndex(tx); return })
	}
	return ix, err
}

// patientOf reads the patient a write is about, whatever form its body has.
func patientOf(body any) (model.Patient, error) {
	switch b := body.(type) {
	case model.Patient:
		return b, nil
	case *model.Patient:
		return *b, nil
	case json.RawMessage:
		var p model.Patient
		err := json.Unmarshal(b, &p)
		return p, err
	}
	return model.Patient{}, fmt.Errorf("unexpected patient body %T", body)
}

// SearchResult is one ranked patient for a search box.
type SearchResult struct {
	PatientSummary
	Score float64
	Why   []search.Reason
}

// startSearch checks the user may read records and readies q for them:
// today by the store clock (in the workstation's calendar), restricted
// names shown only to roles that may open them, and the identifier words.
func (svc Patients) startSearch(q search.Query) (*search.Index, search.Query, []string, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, q, nil, err
	}
	ix, err := sess.index()
	if err != nil {
		return nil, q, nil, err
	}
	if q.Today.IsZero() {
		q.Today = sess.now().Local()
	}
	q.ShowRestricted = sess.user.Role.MayOpenRestricted()
	_, _, idents := search.Words(q.Text, q.Today)
	return ix, q, idents, nil
}

// Search finds patients by any identifier or by name (typos and
// sound-alikes included), narrowed by the query's filters, best first.
// Names of restricted patients are shown only to roles that may open them;
// others find a restricted record by an exact identifier alone. Set audit
// when the clerk submits a search (not on every keystroke).
func (svc Patients) Search(q search.Query, audit bool) ([]SearchResult, error) {
	sess := svc.sess
	ix, q, idents, err := svc.startSearch(q)
	if err != nil {
		return nil, err
	}
	var out []SearchResult
	seen := map[model.ID]bool{}
	for _, w := range idents {
		hits, err := sess.lookupIdentifier(w)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			e, ok := ix.Get(h.id)
			if !ok || seen[h.id] || (e.Deleted && !q.WithDeleted) {
				continue
			}
			seen[h.id] = true
			out = append(out, sess.resultOf(e, 1, []search.Reason{h.why}))
		}
	}
	for _, r := range ix.Search(q) {
		if !seen[r.Entry.ID] {
			seen[r.Entry.ID] = true
			out = append(out, sess.resultOf(r.Entry, r.Score, r.Why))
		}
	}
	if audit {
		err = sess.logAction(model.ActSearch, model.KindPatient, model.ZeroID, fmt.Sprintf("search %q: %d results", q.Text, len(out)))
	}
	return out, err
}

// Matching is the set of patients Search finds for q, unranked and not
// audited: a worklist's text filter asks only whether an item's patient
// is among them (hidden patients are left out unless q.WithDeleted).
func (svc Patients) Matching(q search.Query) (map[model.ID]bool, error) {
	sess := svc.sess
	ix, q, idents, err := svc.startSearch(q)
	if err != nil {
		return nil, err
	}
	set := map[model.ID]bool{}
	for _, w := range idents {
		hits, err := sess.lookupIdentifier(w)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if _, hidden, ok := ix.Flags(h.id); ok && (!hidden || q.WithDeleted) {
				set[h.id] = true
			}
		}
	}
	for _, id := range ix.Matching(q) {
		set[id] = true
	}
	return set, nil
}

func (sess *Session) resultOf(e search.Entry, score float64, why []search.Reason) SearchResult {
	s := PatientSummary{ID: e.ID, MRN: e.MRN, Name: model.Patient{GivenName: e.Given, FamilyName: e.Family}.DisplayName(),
		Sex: e.Sex, BirthDate: e.Birth, Estimated: e.Estimated, Village: e.Village(), Restricted: e.Restricted, Deleted: e.Deleted}
	if m := sess.masked(s); m != s {
		s, why = m, []search.Reason{{How: search.HowIdentifier}}
	}
	return SearchResult{PatientSummary: s, Score: score, Why: why}
}
