package codes

import (
	"strings"
	"testing"

	"dossier/model/coding"
)

func TestEmbeddedIndexes(t *testing.T) {
	books, err := Indexes()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind coding.IndexKind
		rows int
	}{{coding.DiseaseIndex, 81024}, {coding.DrugTable, 7428}, {coding.NeoplasmTable, 1939},
		{coding.ExternalIndex, 8064}, {coding.ProcedureIndex, 24484}}
	for i, w := range want {
		if books[i].Kind != w.kind || len(books[i].Rows) != w.rows || books[i].Version != "2025" {
			t.Errorf("book %d: %v %s with %d rows, want %v with %d", i, books[i].Kind, books[i].Version, len(books[i].Rows), w.kind, w.rows)
		}
	}
	// The snapshots hold the rows too (first use reads them and never
	// inflates the source): 1.0 MB of sources and 1.9 MB of snapshots.
	if n := IndexSize(); n > 3<<20 {
		t.Errorf("embedded indexes are %d bytes, over the 3 MB budget", n)
	}
	sets, _ := All()
	sr := coding.NewSearcher(sets...)
	sr.Indexes = books
	// The PCS Index gives a table and body part; the axes are chosen after.
	hits := sr.Search("appendectomy", 5)
	if len(hits) == 0 || hits[0].Prefix != "0DTJ" || hits[0].Code.Code != "0DT" || !strings.Contains(hits[0].Path, "Resection, Appendix") {
		t.Fatalf("appendectomy: %+v", hits)
	}
	var approaches []string
	for _, c := range sets[1].NextAxis("0DTJ") {
		approaches = append(approaches, c.Prefix+" "+c.Axis.Label)
	}
	if got := strings.Join(approaches, ", "); got != "0DTJ0 Open, 0DTJ4 Percutaneous Endoscopic, 0DTJ7 Via Natural or Artificial Opening, 0DTJ8 Via Natural or Artificial Opening Endoscopic" {
		t.Errorf("0DTJ approaches: %s", got)
	}
	if last := sets[1].NextAxis("0DTJ4Z"); len(last) != 1 || last[0].Code != "0DTJ4ZZ" {
		t.Errorf("0DTJ4Z: %+v", last)
	}
	// A code the 2025 index gives that the 2021 tabular lacks is marked, never valid.
	for _, h := range sr.Search("depression", 10) {
		if h.Code.Code == "F32.A" && (!h.Missing || h.Code.Billable) {
			t.Errorf("F32.A is offered as valid: %+v", h)
		}
	}
}
