package storage

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// The deficiency queue: a sealed copy of every open or to-check deficiency,
// keyed by a keyed hash of its ID, written in the transaction that moves a
// deficiency in or out. Listing reads this bucket (and, once read, a copy
// in memory kept in step at each commit), never the records. The links
// bucket finds an encounter's or document's deficiencies when it changes.

func defQueueKey(k *vault.SubKeys, id model.ID) []byte {
	m := hmac.New(sha256.New, k.Index)
	m.Write([]byte("defq\x00"))
	m.Write(id[:])
	return m.Sum(nil)[:16]
}

func defLinkPrefix(k *vault.SubKeys, subject model.ID) []byte {
	m := hmac.New(sha256.New, k.Index)
	m.Write([]byte("defl\x00"))
	m.Write(subject[:])
	return m.Sum(nil)[:16]
}

func defQueueAAD(key []byte) []byte { return appendDefQueueAAD(nil, key) }

// appendDefQueueAAD appends a queue entry's associated data to dst (the
// desk's first read reuses one buffer for 20,000 entries).
func appendDefQueueAAD(dst, key []byte) []byte { return append(append(dst, "defq\x00"...), key...) }
func defLinkAAD(key []byte) []byte             { return append([]byte("defl\x00"), key...) }

// putDeficiency writes a deficiency's new revision, its queue entry (or
// removes it) and its links, all in tx.
func (sess *Session) putDeficiency(tx *bolt.Tx, d model.Deficiency, op model.Action, reason string) error {
	if err := sess.write(tx, writeOp{kind: model.KindDeficiency, id: d.ID, body: d, op: op, reason: reason, owner: d.PatientID}); err != nil {
		return err
	}
	if err := sess.putQueued(tx, d); err != nil {
		return err
	}
	if op == model.ActCreate {
		for _, subj := range []model.ID{d.EncounterID, d.Target} {
			if subj.IsZero() {
				continue
			}
			lk := append(defLinkPrefix(sess.keys, subj), d.ID[:]...)
			if err := tx.Bucket(bDefLinks).Put(lk, sess.keys.Records.Seal(subj[:], defLinkAAD(lk))); err != nil {
				return err
			}
		}
	}
	return nil
}

// putQueued puts a deficiency's queue entry (or removes it when it is no
// longer queued), and the copy in memory once tx commits.
func (sess *Session) putQueued(tx *bolt.Tx, d model.Deficiency) error {
	q := tx.Bucket(bDefQueue)
	if q == nil {
		return ErrNotStore
	}
	key := defQueueKey(sess.keys, d.ID)
	if d.Status.Queued() {
		if err := q.Put(key, sess.keys.Records.Seal(encodeQueued(d), defQueueAAD(key))); err != nil {
			return err
		}
	} else if err := q.Delete(key); err != nil {
		return err
	}
	s := sess.store
	tx.OnCommit(func() {
		s.defMu.Lock()
		defer s.defMu.Unlock()
		if s.defQueue == nil {
			return // not loaded yet: the first read loads it from the bucket
		}
		s.defQueue.put(d)
	})
	return nil
}

// linkedDeficiencies reads the deficiencies linked to an encounter or a
// document.
func (sess *Session) linkedDeficiencies(tx *bolt.Tx, subject model.ID) ([]model.Deficiency, error) {
	prefix := defLinkPrefix(sess.keys, subject)
	var out []model.Deficiency
	c := tx.Bucket(bDefLinks).Cursor()
	for k, _ := c.Seek(prefix); len(k) == 32 && string(k[:16]) == string(prefix); k, _ = c.Next() {
		d, m, err := getRecord[model.Deficiency](sess, tx, model.KindDeficiency, model.ID(k[16:]))
		if err != nil {
			return nil, fmt.Errorf("deficiency %x: %w", k[16:], err)
		}
		if !m.Deleted {
			out = append(out, d)
		}
	}
	return out, nil
}

// defCache is the deficiency queue in memory, memory only: decoded once
// from the sealed bucket, then kept in step at each commit (put). ver
// counts its changes; sorted is the queue in the desk's order (oldest
// first) as of version sortedVer, sorted again at the first read after a
// change. Entries are never changed in place (a change puts a new one),
// so a sorted slice handed out stays true to the version it was read at.
type defCache struct {
	byID      map[model.ID]*model.Deficiency
	ver       uint64
	sorted    []queuedDef
	sortedVer uint64
}

// queuedDef is a queue entry with its sort key worked out once: AgeFrom
// in Unix nanoseconds, then the ID as two big-endian words, compared
// without following the pointer (many entries share a day).
type queuedDef struct {
	from   int64
	hi, lo uint64
	d      *model.Deficiency
}

func (c *defCache) put(d model.Deficiency) {
	if d.Status.Queued() {
		c.byID[d.ID] = &d
	} else {
		delete(c.byID, d.ID)
	}
	c.ver++
}

// inOrder is the queue oldest first (then by ID), sorted once per
// version. Call with defMu held; the slice is not changed afterwards.
func (c *defCache) inOrder() []queuedDef {
	if c.sorted != nil && c.sortedVer == c.ver {
		return c.sorted
	}
	out := make([]queuedDef, 0, len(c.byID))
	for _, d := range c.byID {
		out = append(out, queuedDef{d.AgeFrom().UnixNano(), binary.BigEndian.Uint64(d.ID[:8]), binary.BigEndian.Uint64(d.ID[8:]), d})
	}
	slices.SortFunc(out, func(a, b queuedDef) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.hi, b.hi), cmp.Compare(a.lo, b.lo))
	})
	c.sorted, c.sortedVer = out, c.ver
	return out
}

// queue returns the queue in memory in the desk's order, loading it from
// the bucket the first time. The slice and the entries are shared: read
// them, never change them.
func (sess *Session) queue() ([]queuedDef, error) {
	s := sess.store
	s.defMu.Lock()
	loaded := s.defQueue != nil
	s.defMu.Unlock()
	if !loaded {
		c, err := sess.loadDefQueue()
		if err != nil {
			return nil, err
		}
		s.defMu.Lock()
		if s.defQueue == nil {
			s.defQueue = c
		}
		s.defMu.Unlock()
	}
	s.defMu.Lock()
	defer s.defMu.Unlock()
	return s.defQueue.inOrder(), nil
}

// loadDefQueue reads the sealed queue: the entries are gathered in the
// read transaction, then opened and decoded in parallel, a share on each
// core (the first paint of the desk at 20,000 entries).
func (sess *Session) loadDefQueue() (*defCache, error) {
	var all []model.Deficiency
	err := sess.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDefQueue)
		if b == nil {
			return nil
		}
		type entry struct{ k, v []byte }
		entries := make([]entry, 0, b.Stats().KeyN)
		b.ForEach(func(k, v []byte) error {
			entries = append(entries, entry{k, v}) // valid until tx ends
			return nil
		})
		all = make([]model.Deficiency, len(entries))
		parts := max(1, min(runtime.GOMAXPROCS(0), len(entries)/512))
		errs := make([]error, parts)
		var wg sync.WaitGroup
		for p := range parts {
			lo, hi := p*len(entries)/parts, (p+1)*len(entries)/parts
			wg.Go(func() {
				var buf []byte
				aad := make([]byte, 0, 64)
				for i := lo; i < hi; i++ {
					aad = appendDefQueueAAD(aad[:0], entries[i].k)
					plain, err := sess.keys.Records.OpenTo(buf, entries[i].v, aad)
					if err != nil {
						errs[p] = model.Errorf(model.Damaged, "an entry of the deficiency queue does not decrypt: run `dossier verify`")
						return
					}
					buf = plain
					if all[i], err = decodeQueued(plain); err != nil {
						errs[p] = model.Errorf(model.Damaged, "an entry of the deficiency queue does not parse: %v", err)
						return
					}
				}
				vault.Wipe(buf)
			})
		}
		wg.Wait()
		return errors.Join(errs...)
	})
	if err != nil {
		return nil, err
	}
	c := &defCache{byID: make(map[model.ID]*model.Deficiency, len(all)), ver: 1}
	for i := range all {
		c.byID[all[i].ID] = &all[i]
	}
	return c, nil
}

// rotateDefQueue re-keys a queue entry under the new keys (key rotation).
func rotateDefQueue(ok, nk *vault.SubKeys, k, v []byte) (nkey, nval []byte, err error) {
	plain, err := ok.Records.Open(v, defQueueAAD(k))
	if err != nil {
		return nil, nil, model.Errorf(model.Damaged, "an entry of the deficiency queue does not decrypt: run `dossier verify` first")
	}
	defer vault.Wipe(plain)
	d, err := decodeQueued(plain)
	if err != nil {
		return nil, nil, model.Errorf(model.Damaged, "an entry of the deficiency queue does not parse")
	}
	nkey = defQueueKey(nk, d.ID)
	return nkey, nk.Records.Seal(plain, defQueueAAD(nkey)), nil
}

// rotateDefLink re-keys a link (a deficiency's, or an encounter item's)
// under the new keys (key rotation).
func rotateDefLink(ok, nk *vault.SubKeys, k, v []byte) (nkey, nval []byte, err error) {
	subj, err := ok.Records.Open(v, defLinkAAD(k))
	if err != nil || len(subj) != 16 || (len(k) != 32 && len(k) != 33) {
		return nil, nil, model.Errorf(model.Damaged, "a deficiency link does not decrypt: run `dossier verify` first")
	}
	prefix := defLinkPrefix(nk, model.ID(subj))
	if len(k) == 33 {
		prefix = encItemPrefix(nk, model.ID(subj))
	}
	nkey = append(prefix, k[16:]...)
	return nkey, nk.Records.Seal(subj, defLinkAAD(nkey)), nil
}

func encItemPrefix(k *vault.SubKeys, enc model.ID) []byte {
	m := hmac.New(sha256.New, k.Index)
	m.Write([]byte("enci\x00"))
	m.Write(enc[:])
	return m.Sum(nil)[:16]
}

// itemKind is the byte naming a note or a document in an item link.
func itemKind(kind model.Kind) byte {
	if kind == model.KindNote {
		return 'n'
	}
	return 'd'
}

// encounterOfItem is the encounter a note or document body is filed to.
func encounterOfItem(kind model.Kind, body any) model.ID {
	switch b := body.(type) {
	case model.Note:
		return b.EncounterID
	case *model.Note:
		return b.EncounterID
	case model.Document:
		return b.EncounterID
	case *model.Document:
		return b.EncounterID
	}
	return model.ZeroID
}

// linkEncounterItem records that a note or document is filed to its
// encounter (written with the record, in its transaction).
func (sess *Session) linkEncounterItem(tx *bolt.Tx, kind model.Kind, id model.ID, body any) error {
	if kind != model.KindNote && kind != model.KindDocument {
		return nil
	}
	enc := encounterOfItem(kind, body)
	b := tx.Bucket(bDefLinks)
	if enc.IsZero() || b == nil {
		return nil
	}
	k := append(append(encItemPrefix(sess.keys, enc), itemKind(kind)), id[:]...)
	if b.Get(k) != nil {
		return nil
	}
	return b.Put(k, sess.keys.Records.Seal(enc[:], defLinkAAD(k)))
}

// encounterItems lists the IDs of the notes and documents linked to an
// encounter.
func (sess *Session) encounterItems(tx *bolt.Tx, enc model.ID) (notes, docs []model.ID) {
	prefix := encItemPrefix(sess.keys, enc)
	c := tx.Bucket(bDefLinks).Cursor()
	for k, _ := c.Seek(prefix); len(k) == 33 && string(k[:16]) == string(prefix); k, _ = c.Next() {
		if k[16] == 'n' {
			notes = append(notes, model.ID(k[17:]))
		} else {
			docs = append(docs, model.ID(k[17:]))
		}
	}
	return notes, docs
}

// buildItemLinks links every note and document already in the store to its
// encounter, once (stores made before the links), and marks it done.
func (sess *Session) buildItemLinks(tx *bolt.Tx) error {
	for _, kind := range []model.Kind{model.KindNote, model.KindDocument} {
		heads, revs, err := kindBuckets(tx, kind, false)
		if err != nil {
			return err
		}
		if heads == nil {
			continue
		}
		c := heads.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			h, ok := decodeHead(v)
			if !ok || len(k) != 16 {
				continue
			}
			key := revKey(model.ID(k), h.rev)
			env, err := decodeRevision(sess.keys.Records, kind, key, revs.Get(key))
			if err != nil {
				return fmt.Errorf("%s %x is damaged: %w", kind, k, err)
			}
			var item struct {
				Encounter model.ID `json:"encounter"`
			}
			if json.Unmarshal(env.Body, &item) != nil || item.Encounter.IsZero() {
				continue
			}
			if err := sess.linkEncounterItem(tx, kind, model.ID(k), model.Note{EncounterID: item.Encounter}); err != nil {
				return err
			}
		}
	}
	return tx.Bucket(bMeta).Put(kDefItems, []byte{1})
}
