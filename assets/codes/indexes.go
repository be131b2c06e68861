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
	//go:embed index-drug-2025.tsv.gz
	drugTableData []byte
	//go:embed index-neoplasm-2025.tsv.gz
	neoplasmTableData []byte
	//go:embed index-external-2025.tsv.gz
	externalIndexData []byte
	//go:embed index-pcs-2025.tsv.gz
	pcsIndexData []byte
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
	indexOnce.Do(func() {
		data := [][]byte{diseaseIndexData, drugTableData, neoplasmTableData, externalIndexData, pcsIndexData}
		out := make([]*coding.Index, len(data))
		errs := make([]error, len(data))
		var wg sync.WaitGroup
		for i, d := range data {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// From the bytes themselves: their gzip trailer sizes the text.
				out[i], errs[i] = coding.LoadIndex(bytes.NewReader(d))
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
	})
	return indexes, indexErr
}

// IndexSize is the books' embedded bytes.
func IndexSize() int {
	return len(diseaseIndexData) + len(drugTableData) + len(neoplasmTableData) + len(externalIndexData) + len(pcsIndexData)
}
