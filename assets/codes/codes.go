// Package codes embeds the code sets Dossier ships: ICD-10-CM 2021
// (diagnoses) and ICD-10-PCS 2020 (procedures), built by ./gen from the
// CMS releases. Both are works of the US government and in the public
// domain (see LICENSE). Sets load on first use, from their snapshots, in
// the background of whatever asked first; later calls share them.
package codes

import (
	"bytes"
	_ "embed"
	"sync"
	"unsafe"

	"github.com/klauspost/compress/zstd"

	"dossier/model/coding"
)

//go:generate go run ./snapgen

// The files are the gen program's output; their names carry the release.
// Each has a snapshot beside it (./snapgen, run by go generate): the set
// and its word index as loaded from the source, which first use reads
// instead of inflating, parsing and indexing the source again.
var (
	//go:embed icd10cm-2021.tsv.gz
	cmData []byte
	//go:embed icd10cm-2021.snap.zst
	cmSnap []byte
	//go:embed icd10pcs-2020.tsv.gz
	pcsData []byte
	//go:embed icd10pcs-2020.snap.zst
	pcsSnap []byte
)

var (
	cmOnce, pcsOnce sync.Once
	cmSet, pcsSet   *coding.Set
	cmErr, pcsErr   error
)

// CM is the ICD-10-CM diagnosis set.
func CM() (*coding.Set, error) {
	cmOnce.Do(func() { duringLoad(func() { cmSet, cmErr = loadSet(cmData, cmSnap) }) })
	return cmSet, cmErr
}

// PCS is the ICD-10-PCS procedure set.
func PCS() (*coding.Set, error) {
	pcsOnce.Do(func() { duringLoad(func() { pcsSet, pcsErr = loadSet(pcsData, pcsSnap) }) })
	return pcsSet, pcsErr
}

// loadSet loads an embedded set with its snapshot (a stale one is
// ignored: the set then indexes itself, as an imported release does).
func loadSet(data, snap []byte) (*coding.Set, error) {
	raw, err := inflate(snap)
	if err != nil {
		return coding.Load(bytes.NewReader(data))
	}
	s, _, err := coding.LoadSnapshot(data, raw)
	return s, err
}

// decoder inflates the snapshots, several at once (the sets and books load
// in parallel).
var decoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
})

// inflate decompresses a snapshot into one allocation at the size its
// frame header gives, and hands it over as a string without a copy: the
// snapshot is read as a string (its text sliced, never copied) and the
// bytes are never written again.
func inflate(z []byte) (string, error) {
	d, err := decoder()
	if err != nil {
		return "", err
	}
	out, err := d.DecodeAll(z, snapBuf(frameSize(z)))
	if err != nil || len(out) == 0 {
		return "", err
	}
	return unsafe.String(&out[0], len(out)), nil
}

// frameSize is a snapshot's inflated size as its frame header gives it
// (bounded, against a damaged header), or 0 when the header has none.
func frameSize(z []byte) int {
	var h zstd.Header
	if h.Decode(z) != nil || !h.HasFCS {
		return 0
	}
	return int(min(h.FrameContentSize, uint64(64*len(z))))
}

// snapshots are the embedded snapshots, sets and books.
func snapshots() [][]byte {
	return [][]byte{cmSnap, pcsSnap, diseaseIndexSnap, drugTableSnap, neoplasmTableSnap, externalIndexSnap, pcsIndexSnap}
}

// All loads both sets at once (in parallel: the first search after start
// waits for the slower of the two, not their sum), diagnoses first.
func All() ([]*coding.Set, error) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); PCS() }()
	cm, err := CM()
	wg.Wait()
	if err != nil {
		return nil, err
	}
	pcs, err := PCS()
	if err != nil {
		return nil, err
	}
	return []*coding.Set{cm, pcs}, nil
}

// Size is the embedded bytes, for the about box and the size budget test.
func Size() int { return len(cmData) + len(pcsData) + len(cmSnap) + len(pcsSnap) }
