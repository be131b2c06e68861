package codes

import (
	"bytes"
	_ "embed"
	"sync"

	"dossier/model/coding"
)

// The FY2025 books (CMS/NCHS, public domain), built by ./gen: the
// Alphabetic Index to Diseases and Injuries, the Table of Drugs and
// Chemicals, the Neoplasm Table, the External Cause of Injuries Index and
// the ICD-10-PCS Index, in the line format of coding.ParseIndex.
var (
	//go:embed index-disease-2025.tsv.gz
	diseaseIndexData []byte
	//go:embed index-disease-2025.snap.zst
	diseaseIndexSnap []byte
	//go:embed index-drug-2025.tsv.gz
	drugTableData []byte
	//go:embed index-drug-2025.snap.zst
	drugTableSnap []byte
	//go:embed index-neoplasm-2025.tsv.gz
	neoplasmTableData []byte
	//go:embed index-neoplasm-2025.snap.zst
	neoplasmTableSnap []byte
	//go:embed index-external-2025.tsv.gz
	externalIndexData []byte
	//go:embed index-external-2025.snap.zst
	externalIndexSnap []byte
	//go:embed index-pcs-2025.tsv.gz
	pcsIndexData []byte
	//go:embed index-pcs-2025.snap.zst
	pcsIndexSnap []byte
)

var (
	indexOnce sync.Once
	indexes   []*coding.Index
	indexErr  error
)

// Indexes loads the shipped books on first use (each in its own goroutine:
// the first lookup waits for the largest, not the sum), in the order
// disease, drug, neoplasm, external cause, PCS.
func Indexes() ([]*coding.Index, error) {
	indexOnce.Do(func() { duringLoad(loadIndexes) })
	return indexes, indexErr
}

// loadIndexes is Indexes' first call.
func loadIndexes() {
	data := [][]byte{diseaseIndexData, drugTableData, neoplasmTableData, externalIndexData, pcsIndexData}
	snaps := [][]byte{diseaseIndexSnap, drugTableSnap, neoplasmTableSnap, externalIndexSnap, pcsIndexSnap}
	out := make([]*coding.Index, len(data))
	errs := make([]error, len(data))
	var wg sync.WaitGroup
	for i, d := range data {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = loadBook(d, snaps[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			indexErr = err
			return
		}
	}
	indexes = out
}

// loadBook loads an embedded book with its snapshot (a stale one is
// ignored: the book then indexes itself, as an imported one does).
func loadBook(data, snap []byte) (*coding.Index, error) {
	raw, err := inflate(snap)
	if err != nil {
		// From the bytes themselves: their gzip trailer sizes the text.
		return coding.LoadIndex(bytes.NewReader(data))
	}
	ix, _, err := coding.LoadIndexSnapshot(data, raw)
	return ix, err
}

// IndexSize is the books' embedded bytes.
func IndexSize() int {
	return len(diseaseIndexData) + len(drugTableData) + len(neoplasmTableData) + len(externalIndexData) + len(pcsIndexData) +
		len(diseaseIndexSnap) + len(drugTableSnap) + len(neoplasmTableSnap) + len(externalIndexSnap) + len(pcsIndexSnap)
}
