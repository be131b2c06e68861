// Package codes embeds the code sets Dossier ships: ICD-10-CM 2021
// (diagnoses) and ICD-10-PCS 2020 (procedures), built by ./gen from the
// CMS releases. Both are works of the US government and in the public
// domain (see LICENSE). Sets load on first use, decompressing and indexing
// in the background of whatever asked first; later calls share them.
package codes

import (
	"bytes"
	_ "embed"
	"sync"

	"dossier/model/coding"
)

// The files are the gen program's output; their names carry the release.
var (
	//go:embed icd10cm-2021.tsv.gz
	cmData []byte
	//go:embed icd10pcs-2020.tsv.gz
	pcsData []byte
)

var (
	cmOnce, pcsOnce sync.Once
	cmSet, pcsSet   *coding.Set
	cmErr, pcsErr   error
)

// CM is the ICD-10-CM diagnosis set.
func CM() (*coding.Set, error) {
	cmOnce.Do(func() { cmSet, cmErr = coding.Load(bytes.NewReader(cmData)) })
	return cmSet, cmErr
}

// PCS is the ICD-10-PCS procedure set.
func PCS() (*coding.Set, error) {
	pcsOnce.Do(func() { pcsSet, pcsErr = coding.Load(bytes.NewReader(pcsData)) })
	return pcsSet, pcsErr
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
func Size() int { return len(cmData) + len(pcsData) }
