// Package codes embeds the code sets Dossier ships: ICD-10-CM 2021
// (diagnoses) and ICD-10-PCS 2020 (procedures), built by ./gen from the
// CMS releases. Both are works of the US government and in the public
// domain (see LICENSE). Sets load on first use, decompressing and indexing
// in the background of whatever asked first; later calls share them.
package codes

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"io"
	"strings"
	"sync"

	"dossier/model/coding"
)

//go:generate go run ./snapgen

// The files are the gen program's output; their names carry the release.
// Each has a snapshot of its word index beside it (./snapgen, run by go
// generate): first use reads it instead of indexing every title again.
var (
	//go:embed icd10cm-2021.tsv.gz
	cmData []byte
	//go:embed icd10cm-2021.snap.gz
	cmSnap []byte
	//go:embed icd10pcs-2020.tsv.gz
	pcsData []byte
	//go:embed icd10pcs-2020.snap.gz
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
	raw, err := gunzip(snap)
	if err != nil {
		return coding.Load(bytes.NewReader(data))
	}
	s, _, err := coding.LoadSnapshot(data, raw)
	return s, err
}

// gunzip decompresses a snapshot into one string, allocated once at the
// size its gzip trailer gives (a bytes.Buffer of exactly that size grew to
// twice it on its last read, and the snapshot is read as a string: its
// text is sliced, never copied).
func gunzip(z []byte) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return "", err
	}
	n := 0
	if len(z) >= 18 {
		n = int(binary.LittleEndian.Uint32(z[len(z)-4:]))
	}
	var out strings.Builder
	out.Grow(min(n, 64*len(z)))
	if _, err := io.Copy(&out, zr); err != nil {
		return "", err
	}
	return out.String(), nil
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
