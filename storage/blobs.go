package storage

import (
	"encoding/binary"
	"fmt"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// Page images live inside the store, not beside it: they are then written
// in the same transaction as the page record (a crash never leaves an
// image without its record or the reverse), sealed with the same keys, and
// carried by every backup and restore without a second file set to keep in
// step. They are split in chunks so no single value forces bbolt to find a
// multi-megabyte run of free pages.
const blobChunk = 256 << 10

func blobKey(id model.ID, chunk uint32) []byte {
	k := make([]byte, 20)
	copy(k, id[:])
	binary.BigEndian.PutUint32(k[16:], chunk)
	return k
}

func blobAAD(key []byte) []byte { return append([]byte("blob\x00"), key...) }

// putBlob seals data under a new blob ID.
func (sess *Session) putBlob(tx *bolt.Tx, data []byte) (model.BlobRef, error) {
	b := tx.Bucket(bBlobs)
	if b == nil {
		return model.BlobRef{}, ErrNotStore
	}
	id := model.NewID()
	for i, off := uint32(0), 0; off < len(data) || i == 0; i, off = i+1, off+blobChunk {
		end := min(off+blobChunk, len(data))
		key := blobKey(id, i)
		if err := b.Put(key, sess.keys.Records.Seal(data[off:end], blobAAD(key))); err != nil {
			return model.BlobRef{}, err
		}
	}
	return model.BlobRef{ID: id, Size: len(data)}, nil
}

// readBlob opens every chunk of a blob.
func (sess *Session) readBlob(tx *bolt.Tx, ref model.BlobRef) ([]byte, error) {
	b := tx.Bucket(bBlobs)
	if b == nil {
		return nil, ErrNotFound
	}
	out := make([]byte, 0, ref.Size)
	c := b.Cursor()
	for k, v := c.Seek(ref.ID[:]); k != nil && len(k) == 20 && model.ID(k[:16]) == ref.ID; k, v = c.Next() {
		plain, err := sess.keys.Records.Open(v, blobAAD(k))
		if err != nil {
			return nil, fmt.Errorf("image %s chunk %d does not decrypt: %w", ref.ID, binary.BigEndian.Uint32(k[16:]), err)
		}
		out = append(out, plain...)
	}
	if len(out) != ref.Size {
		if len(out) == 0 {
			if blobExpected(tx) {
				return nil, imageNotArrived
			}
			return nil, ErrNotFound
		}
		return nil, model.Errorf(model.Damaged, "image %s is incomplete", ref.ID)
	}
	return out, nil
}

// verifyBlobs decrypts every chunk (backup verification).
func verifyBlobs(tx *bolt.Tx, s *vault.Sealer) (chunks int, problems []string) {
	b := tx.Bucket(bBlobs)
	if b == nil {
		return 0, nil
	}
	b.ForEach(func(k, v []byte) error {
		chunks++
		if _, err := s.Open(v, blobAAD(k)); err != nil {
			problems = append(problems, fmt.Sprintf("page image chunk %x does not decrypt", k))
		}
		return nil
	})
	return chunks, problems
}
