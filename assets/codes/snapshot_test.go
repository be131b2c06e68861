package codes

import (
	"bytes"
	"testing"

	"dossier/model/coding"
)

// TestSnapshotsFresh fails when a shipped snapshot is not the one its
// source builds today (a source regenerated, or the index code changed):
// run `go generate ./assets/codes`. A stale snapshot is never used (its
// source hash differs, or LoadSnapshot would still read it), but first
// use would index everything again.
func TestSnapshotsFresh(t *testing.T) {
	sets := []struct {
		name      string
		src, snap []byte
	}{{"icd10cm-2021", cmData, cmSnap}, {"icd10pcs-2020", pcsData, pcsSnap}}
	for _, c := range sets {
		built, err := coding.Load(bytes.NewReader(c.src))
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := coding.WriteSetSnapshot(&want, built, c.src); err != nil {
			t.Fatal(err)
		}
		checkSnapshot(t, c.name, c.snap, want.Bytes())
		if _, used, err := coding.LoadSnapshot(c.src, mustInflate(t, c.snap)); err != nil || !used {
			t.Errorf("%s: snapshot not used (%v)", c.name, err)
		}
	}
	books := []struct {
		name      string
		src, snap []byte
	}{{"index-disease-2025", diseaseIndexData, diseaseIndexSnap}, {"index-drug-2025", drugTableData, drugTableSnap},
		{"index-neoplasm-2025", neoplasmTableData, neoplasmTableSnap}, {"index-external-2025", externalIndexData, externalIndexSnap},
		{"index-pcs-2025", pcsIndexData, pcsIndexSnap}}
	for _, c := range books {
		built, err := coding.LoadIndex(bytes.NewReader(c.src))
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := coding.WriteIndexSnapshot(&want, built, c.src); err != nil {
			t.Fatal(err)
		}
		checkSnapshot(t, c.name, c.snap, want.Bytes())
		if _, used, err := coding.LoadIndexSnapshot(c.src, mustInflate(t, c.snap)); err != nil || !used {
			t.Errorf("%s: snapshot not used (%v)", c.name, err)
		}
	}
}

func checkSnapshot(t *testing.T, name string, shipped, want []byte) {
	t.Helper()
	if mustInflate(t, shipped) != string(want) {
		t.Errorf("%s.snap.zst is stale against %s.tsv.gz: run go generate ./assets/codes", name, name)
	}
}

func mustInflate(t *testing.T, z []byte) string {
	t.Helper()
	raw, err := inflate(z)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
