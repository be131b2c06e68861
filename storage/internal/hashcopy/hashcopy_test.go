package hashcopy

import (
	"bytes"
	"crypto/sha256"
	"testing"
)

func TestHashingWriterMatchesPlainSHA256(t *testing.T) {
	for _, size := range []int{0, 1, copyChunk - 1, copyChunk, 3*copyChunk + 17} {
		data := bytes.Repeat([]byte{0xAB, 0x01, 0x7F}, size/3+1)[:size]
		var out bytes.Buffer
		hw := NewWriter(&out)
		hw.Write([]byte("head"))
		n, err := hw.ReadFrom(bytes.NewReader(data))
		if err != nil || n != int64(size) {
			t.Fatalf("size %d: n=%d err=%v", size, n, err)
		}
		want := sha256.Sum256(append([]byte("head"), data...))
		if !bytes.Equal(hw.Sum(), want[:]) || !bytes.Equal(out.Bytes()[4:], data) {
			t.Fatalf("size %d: hash or copy differs", size)
		}
	}
}
