package storage

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Page images travel as chunk documents (issue 19), one per stored blob
// chunk (256 KB, blobChunk), after the records they belong to and
// thumbnails before display images before originals, so a slow link gets
// a chart usable first.
//
//	sync
//	├─ bout   class(1) ‖ seq(8) → blob ID(16) ‖ next chunk(4): images to push, thumbnails (0) first
//	├─ blobs  blob ID(16) → state(1) ‖ chunks(4) ‖ received(4): 'q' queued or pushed here, 'p' arriving, 'r' arrived whole
//	└─ chunks blob ID(16) ‖ chunk(4) → the chunk sealed as in the blobs bucket, until every chunk has arrived
//
// A chunk document is {"_id": "b" + HMAC(index key, blob ID ‖ chunk)[:16],
// "v": 1, "dev": device, "c": ciphertext}; c is sealed under the clinic's
// record key with the document ID and device as associated data, and holds
// blob ID(16) ‖ chunk(4) ‖ chunks(4) ‖ class(1) ‖ the image bytes. The
// document ID is a MAC of the image and the index, so a chunk moved to
// another place, or altered, does not open there. The page record (signed,
// in its own document) names the blob and its size; readBlob checks it.
var (
	sbBlobOut = []byte("bout")
	sbBlobs   = []byte("blobs")
	sbChunks  = []byte("chunks")
)

// Image classes, in the order they travel.
const (
	classThumb byte = iota
	classDisplay
	classOriginal
)

const (
	blobQueued   = 'q'
	blobArriving = 'p'
	blobArrived  = 'r'
)

const chunkHeader = 16 + 4 + 4 + 1

func (sess *Session) chunkDocID(blob model.ID, chunk uint32) string {
	m := hmac.New(sha256.New, sess.keys.Index)
	m.Write([]byte("dossier/sync-chunk-id\x00"))
	m.Write(blobKey(blob, chunk))
	return "b" + hex.EncodeToString(m.Sum(nil)[:16])
}

func syncChunkAAD(id, dev string) []byte {
	return []byte(fmt.Sprintf("dossier-sync-chunk/%d\x00%s\x00%s", syncDocVersion, id, dev))
}

// IsChunkDoc says whether a document ID names a page image chunk (fetched
// a few at a time: each is up to 256 KB).
func IsChunkDoc(id string) bool { return len(id) > 0 && id[0] == 'b' }

// subBucket returns a replication sub-bucket, creating it in a store that
// enabled replication before it existed (writable transactions only).
func subBucket(sb *bolt.Bucket, name []byte) (*bolt.Bucket, error) {
	if b := sb.Bucket(name); b != nil {
		return b, nil
	}
	if !sb.Tx().Writable() {
		return nil, nil
	}
	return sb.CreateBucket(name)
}

func chunkCount(size int) uint32 {
	if size <= 0 {
		return 1
	}
	return uint32((size + blobChunk - 1) / blobChunk)
}

// queuePageImages puts a pushed page's images in the image outbox, unless
// they already travelled (this desk pushed them, or they came from another
// desk) or are not here whole.
func (sess *Session) queuePageImages(tx *bolt.Tx, sb *bolt.Bucket, id model.ID, rev uint32) error {
	env, err := sess.readRevision(tx, model.KindPage, id, rev)
	if err != nil {
		return nil // a page that does not open is reported by verify, not here
	}
	var p model.Page
	if json.Unmarshal(env.Body, &p) != nil {
		return nil
	}
	out, err := subBucket(sb, sbBlobOut)
	if err != nil {
		return err
	}
	state, err := subBucket(sb, sbBlobs)
	if err != nil {
		return err
	}
	blobs := tx.Bucket(bBlobs)
	for _, q := range []struct {
		ref   model.BlobRef
		class byte
	}{{p.Thumb, classThumb}, {p.Display, classDisplay}, {p.Original, classOriginal}} {
		if q.ref.ID.IsZero() || state.Get(q.ref.ID[:]) != nil || blobs == nil || blobs.Get(blobKey(q.ref.ID, 0)) == nil {
			continue
		}
		n := chunkCount(q.ref.Size)
		if err := state.Put(q.ref.ID[:], blobState(blobQueued, n, 0)); err != nil {
			return err
		}
		seq, _ := out.NextSequence()
		if err := out.Put(append([]byte{q.class}, u64(seq)...), append(append([]byte{}, q.ref.ID[:]...), 0, 0, 0, 0)); err != nil {
			return err
		}
	}
	return nil
}

func blobState(st byte, chunks, received uint32) []byte {
	v := make([]byte, 9)
	v[0] = st
	binary.BigEndian.PutUint32(v[1:], chunks)
	binary.BigEndian.PutUint32(v[5:], received)
	return v
}

func decodeBlobState(v []byte) (st byte, chunks, received uint32, ok bool) {
	if len(v) != 9 {
		return 0, 0, 0, false
	}
	return v[0], binary.BigEndian.Uint32(v[1:]), binary.BigEndian.Uint32(v[5:]), true
}

// ChunkMark is where a push of image chunks got to: each outbox entry
// touched and the chunk it continues from (done when all have gone).
type ChunkMark struct {
	keys [][]byte
	next []uint32
	done []bool
}

// OutgoingChunks returns up to max image chunk documents to push, in the
// outbox's order (thumbnails first), and the mark to record once the
// server holds them.
func (svc Sync) OutgoingChunks(max int) ([]SyncDoc, ChunkMark, error) {
	sess := svc.sess
	var docs []SyncDoc
	var mark ChunkMark
	err := sess.view(func(tx *bolt.Tx) error {
		docs, mark = nil, ChunkMark{}
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		out, state := sb.Bucket(sbBlobOut), sb.Bucket(sbBlobs)
		if out == nil || state == nil {
			return nil
		}
		dev := hex.EncodeToString(sb.Get(kDevice))
		c := out.Cursor()
		for k, v := c.First(); k != nil && len(docs) < max; k, v = c.Next() {
			if len(v) != 20 || len(k) != 9 {
				continue
			}
			blob := model.ID(v[:16])
			i := binary.BigEndian.Uint32(v[16:])
			_, n, _, ok := decodeBlobState(state.Get(blob[:]))
			if !ok {
				n = i // unknown: drop the entry
			}
			for ; i < n && len(docs) < max; i++ {
				d, err := sess.sealChunk(tx, blob, i, n, k[0], dev)
				if err != nil {
					return err
				}
				docs = append(docs, d)
			}
			mark.keys = append(mark.keys, append([]byte{}, k...))
			mark.next = append(mark.next, i)
			mark.done = append(mark.done, i >= n)
		}
		return nil
	})
	return docs, mark, err
}

func (sess *Session) sealChunk(tx *bolt.Tx, blob model.ID, i, n uint32, class byte, dev string) (SyncDoc, error) {
	key := blobKey(blob, i)
	plain, err := sess.keys.Records.Open(tx.Bucket(bBlobs).Get(key), blobAAD(key))
	if err != nil {
		return SyncDoc{}, model.Errorf(model.Damaged, "page image %s chunk %d does not decrypt here: run verify", blob, i)
	}
	inner := make([]byte, chunkHeader, chunkHeader+len(plain))
	copy(inner, blob[:])
	binary.BigEndian.PutUint32(inner[16:], i)
	binary.BigEndian.PutUint32(inner[20:], n)
	inner[24] = class
	inner = append(inner, plain...)
	d := SyncDoc{ID: sess.chunkDocID(blob, i), V: syncDocVersion, Dev: dev}
	d.C = sess.keys.Records.Seal(inner, syncChunkAAD(d.ID, d.Dev))
	d.Rev = couchRev(d.C)
	return d, nil
}

// resendChunks rebuilds the image chunks among want that this desk pushed
// (found deleted on the server). Their class no longer orders anything:
// the records are up already.
func (sess *Session) resendChunks(tx *bolt.Tx, sb *bolt.Bucket, want map[string]bool) ([]SyncDoc, error) {
	var out []SyncDoc
	state := sb.Bucket(sbBlobs)
	if state == nil {
		return nil, nil
	}
	left := 0
	for id := range want {
		if IsChunkDoc(id) {
			left++
		}
	}
	if left == 0 {
		return nil, nil
	}
	dev := hex.EncodeToString(sb.Get(kDevice))
	c := state.Cursor()
	for k, v := c.First(); k != nil && left > 0; k, v = c.Next() {
		st, n, _, ok := decodeBlobState(v)
		if !ok || st != blobQueued || len(k) != 16 {
			continue
		}
		blob := model.ID(k)
		for i := uint32(0); i < n; i++ {
			if !want[sess.chunkDocID(blob, i)] {
				continue
			}
			d, err := sess.sealChunk(tx, blob, i, n, classOriginal, dev)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
			left--
		}
	}
	return out, nil
}

// kImagesSwept marks a store whose pages pushed before page images
// travelled have had their images queued (once).
var kImagesSwept = []byte("images-swept")

// SweepPageImages queues, once per store, the images of pages pushed
// before images travelled as chunks (only pages pushed since queue theirs).
// Call it when every record is up (Up is 0): a page's images must not go
// before its record. Images already queued, pushed or received are left
// alone, as are images not here whole.
func (svc Sync) SweepPageImages() error {
	sess := svc.sess
	return sess.update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil || sb.Get(kImagesSwept) != nil {
			return nil
		}
		if kb := tx.Bucket(bRecords).Bucket([]byte(model.KindPage)); kb != nil {
			err := kb.Bucket(bHeads).ForEach(func(id, v []byte) error {
				h, ok := decodeHead(v)
				if !ok || len(id) != 16 {
					return nil
				}
				return sess.queuePageImages(tx, sb, model.ID(id), h.rev)
			})
			if err != nil {
				return err
			}
		}
		return sb.Put(kImagesSwept, []byte{1})
	})
}

// PushedChunks records that the server holds the chunks of a mark.
func (svc Sync) PushedChunks(docs []SyncDoc, mark ChunkMark) error {
	return svc.sess.update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		out := sb.Bucket(sbBlobOut)
		if out == nil {
			return nil
		}
		for i, k := range mark.keys {
			v := out.Get(k)
			if len(v) != 20 {
				continue
			}
			if mark.done[i] {
				if err := out.Delete(k); err != nil {
					return err
				}
				continue
			}
			nv := append([]byte{}, v[:16]...)
			nv = binary.BigEndian.AppendUint32(nv, mark.next[i])
			if err := out.Put(k, nv); err != nil {
				return err
			}
		}
		for _, d := range docs {
			if err := sb.Bucket(sbSent).Put([]byte(d.ID), nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// applyChunkDoc verifies a pulled image chunk and keeps it until every
// chunk of its image has come; the image then goes into the blobs bucket
// in the same transaction, so a page shows it whole or not at all.
func (sess *Session) applyChunkDoc(tx *bolt.Tx, sb *bolt.Bucket, d SyncDoc, res *ApplyResult) error {
	if d.V != syncDocVersion {
		return sess.quarantine(sb, d, fmt.Sprintf("page image chunk format %d is not one this desk reads", d.V), res)
	}
	inner, err := sess.keys.Records.Open(d.C, syncChunkAAD(d.ID, d.Dev))
	if err != nil {
		return sess.quarantine(sb, d, "a page image chunk does not decrypt with the clinic's key: altered on the server, or not this clinic's", res)
	}
	if len(inner) < chunkHeader {
		return sess.quarantine(sb, d, "a page image chunk is too short", res)
	}
	blob := model.ID(inner[:16])
	i, n := binary.BigEndian.Uint32(inner[16:]), binary.BigEndian.Uint32(inner[20:])
	if i >= n || sess.chunkDocID(blob, i) != d.ID {
		return sess.quarantine(sb, d, "a page image chunk names another image or place than its own", res)
	}
	state, err := subBucket(sb, sbBlobs)
	if err != nil {
		return err
	}
	chunks, err := subBucket(sb, sbChunks)
	if err != nil {
		return err
	}
	st, count, got, ok := decodeBlobState(state.Get(blob[:]))
	blobs := tx.Bucket(bBlobs)
	switch {
	case ok && st != blobArriving, blobs.Get(blobKey(blob, 0)) != nil:
		res.Known++
		return nil
	case ok && count != n:
		return sess.quarantine(sb, d, "a page image chunk disagrees with the others on how many chunks the image has", res)
	}
	key := blobKey(blob, i)
	if chunks.Get(key) != nil {
		res.Known++
		return nil
	}
	if err := chunks.Put(key, sess.keys.Records.Seal(inner[chunkHeader:], blobAAD(key))); err != nil {
		return err
	}
	got++
	res.Chunks++
	if got < n {
		return state.Put(blob[:], blobState(blobArriving, n, got))
	}
	// Whole: move it where the page looks for it.
	for j := uint32(0); j < n; j++ {
		k := blobKey(blob, j)
		if err := blobs.Put(k, chunks.Get(k)); err != nil {
			return err
		}
		if err := chunks.Delete(k); err != nil {
			return err
		}
	}
	res.Images++
	return state.Put(blob[:], blobState(blobArrived, n, n))
}

// imageNotArrived is what a page whose image is still on its way shows.
var imageNotArrived = model.Errorf(model.NotFound, "this page's image has not arrived from the other desks yet: it comes with a later sync")

// blobExpected says whether a missing blob is one replication will bring
// (any blob missing on a desk that syncs is).
func blobExpected(tx *bolt.Tx) bool { return syncBucket(tx) != nil }
