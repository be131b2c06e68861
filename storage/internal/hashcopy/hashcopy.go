// Package hashcopy copies a store to a backup while hashing it.
package hashcopy

import (
	"crypto/sha256"
	"hash"
	"io"
)

// Writer writes to w and keeps a SHA-256 of everything written.
// Its ReadFrom, which bbolt's Tx.WriteTo uses for the bulk of the store,
// hashes each chunk on a second goroutine while the next chunk is read and
// written, so checksumming costs little beyond the copy itself.
type Writer struct {
	w io.Writer
	h hash.Hash
}

func NewWriter(w io.Writer) *Writer { return &Writer{w: w, h: sha256.New()} }

func (hw *Writer) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	return n, err
}

func (hw *Writer) Sum() []byte { return hw.h.Sum(nil) }

const (
	copyChunk   = 1 << 20
	copyBuffers = 4
)

func (hw *Writer) ReadFrom(r io.Reader) (total int64, err error) {
	free := make(chan []byte, copyBuffers)
	for i := 0; i < copyBuffers; i++ {
		free <- make([]byte, copyChunk)
	}
	toHash := make(chan []byte, copyBuffers)
	hashed := make(chan struct{})
	go func() {
		for b := range toHash {
			hw.h.Write(b)
			free <- b[:cap(b)]
		}
		close(hashed)
	}()
	defer func() {
		close(toHash)
		<-hashed
	}()
	for {
		b := <-free
		n, rerr := io.ReadFull(r, b)
		if n > 0 {
			if _, werr := hw.w.Write(b[:n]); werr != nil {
				return total, werr
			}
			total += int64(n)
			toHash <- b[:n]
		} else {
			free <- b
		}
		switch rerr {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			return total, nil
		default:
			return total, rerr
		}
	}
}
