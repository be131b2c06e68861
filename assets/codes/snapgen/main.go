// Command snapgen writes the snapshots of the shipped code sets and books
// (see coding.LoadSnapshot): for each source X.tsv.gz in the folder,
// X.snap.zst, the set or book and its word index as built from it, in one
// zstd frame (Zstandard inflates four times faster than gzip: first use
// reads 22 MB of snapshot). Run by `go generate ./assets/codes`
// after any source changes; assets/codes' TestSnapshotsFresh fails until then.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/zstd"

	"dossier/model/coding"
)

func main() {
	dir := flag.String("dir", ".", "the folder of the embedded sources")
	flag.Parse()
	srcs, _ := filepath.Glob(filepath.Join(*dir, "*.tsv.gz"))
	if len(srcs) == 0 {
		fail(fmt.Errorf("no *.tsv.gz in %s", *dir))
	}
	for _, p := range srcs {
		src, err := os.ReadFile(p)
		if err != nil {
			fail(err)
		}
		snap, err := Snapshot(filepath.Base(p), src)
		if err != nil {
			fail(fmt.Errorf("%s: %w", p, err))
		}
		out := strings.TrimSuffix(p, ".tsv.gz") + ".snap.zst"
		if err := os.WriteFile(out, snap, 0o644); err != nil {
			fail(err)
		}
		fmt.Printf("%s: %d bytes\n", out, len(snap))
	}
}

// Snapshot is the compressed snapshot of one source, named as shipped
// (index-* files are books, the others code sets).
func Snapshot(name string, src []byte) ([]byte, error) {
	var raw bytes.Buffer
	if strings.HasPrefix(name, "index-") {
		ix, err := coding.LoadIndex(bytes.NewReader(src))
		if err != nil {
			return nil, err
		}
		if err := coding.WriteIndexSnapshot(&raw, ix, src); err != nil {
			return nil, err
		}
	} else {
		s, err := coding.Load(bytes.NewReader(src))
		if err != nil {
			return nil, err
		}
		if err := coding.WriteSetSnapshot(&raw, s, src); err != nil {
			return nil, err
		}
	}
	// One encoder goroutine and the frame's size in its header: the
	// output is the same on every run, and first use allocates the text
	// once at its size.
	zw, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	return zw.EncodeAll(raw.Bytes(), nil), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "snapgen:", err)
	os.Exit(1)
}
