package coding

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"io"
	"strings"
)

// readText reads a whole file, plain or gzip (sniffed from the magic
// bytes), into one string: the parsers slice their fields out of it, one
// allocation instead of one a line. When r can tell its size (the embedded
// bytes, a file read into memory) the gzip trailer gives the text's length,
// and the string is allocated once at that size instead of grown by
// doubling, which copied the sets several times over on first use.
func readText(r io.Reader) (string, error) {
	hint := 0
	if ra, ok := r.(interface {
		io.ReaderAt
		Size() int64
	}); ok {
		var tail [4]byte
		if n := ra.Size(); n >= 18 {
			if _, err := ra.ReadAt(tail[:], n-4); err == nil {
				// ISIZE is the length mod 2³²; a hint only, so a wrong one
				// (a plain file, a concatenated stream) costs a regrow, and a
				// damaged file's cannot ask for more than text compresses to.
				hint = int(min(int64(binary.LittleEndian.Uint32(tail[:])), 64*n))
			}
		}
	}
	br := bufio.NewReader(r)
	var src io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return "", err
		}
		defer zr.Close()
		src = zr
	} else {
		hint = 0
	}
	var sb strings.Builder
	sb.Grow(hint)
	if _, err := io.Copy(&sb, src); err != nil {
		return "", err
	}
	return sb.String(), nil
}
