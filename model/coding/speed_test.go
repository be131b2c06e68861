package coding

import (
	"bytes"
	"compress/gzip"
	"slices"
	"strings"
	"testing"
)

// TestNegatedWords checks the allocation-free count against the reading
// it replaced (kept for titles above ASCII) and against the figures.
func TestNegatedWords(t *testing.T) {
	for _, tc := range []struct {
		title string
		want  int
	}{
		{"Measles without complication", 1},
		{"Migraine, not intractable, without status migrainosus", 3},
		{"Type 2 diabetes mellitus without complications", 1},
		{"Cholera, unspecified", 0},
		{"Fracture of shaft of radius, not specified as displaced or nondisplaced", 2},
		{"Without the usual, NOT of the site", 1},
		{"Crohn's disease without complications, not elsewhere classified", 3},
		{"", 0},
	} {
		if got := negatedWords(tc.title); got != tc.want {
			t.Errorf("negatedWords(%q) = %d, want %d", tc.title, got, tc.want)
		}
		if got := negatedWordsSlow(tc.title); got != tc.want {
			t.Errorf("negatedWordsSlow(%q) = %d, want %d", tc.title, got, tc.want)
		}
	}
	// Above ASCII: the old reading, which lower-cases the Unicode way.
	if got := negatedWords("Ménière's disease, without vertigo"); got != 1 {
		t.Errorf("non-ASCII title: %d", got)
	}
}

// TestShortWordsRemembered proves a remembered one-word lookup is the
// lookup itself, for each list length (a remembered "fe" for 5 results
// must not answer a search for 20), typed or complete.
func TestShortWordsRemembered(t *testing.T) {
	cm := mustLoad(t, cmSample)
	for _, w := range []string{"t", "fe", "dia", "typ", "a"} {
		for _, typing := range []bool{true, false} {
			for _, limit := range []int{5, 20, 5, 60} {
				k := 2*limit + 8
				got := cm.wordMatches([]string{w}, 0, typing, limit) // remembered after the first
				want, _ := cm.scoreDocs([]string{w}, typing, k)
				if len(got) != len(want) {
					t.Fatalf("%q typing=%v limit %d: %d candidates, want %d", w, typing, limit, len(got), len(want))
				}
				for i := range want {
					if got[i].doc != want[i].doc || got[i].score != want[i].score || (got[i].match == "all words") != want[i].all {
						t.Fatalf("%q typing=%v limit %d: candidate %d is doc %d (%v), want doc %d (%v)",
							w, typing, limit, i, got[i].doc, got[i].score, want[i].doc, want[i].score)
					}
				}
			}
		}
	}
}

// TestTopHeapKeepsBest checks the typed heap keeps the k best scores.
func TestTopHeapKeepsBest(t *testing.T) {
	scores := []float64{5, 1, 9, 3, 7, 9, 2, 8, 6, 4, 0, 7}
	var h topHeap
	for i, s := range scores {
		h.offer(scored{score: s, doc: int32(i)}, 5)
	}
	var got []float64
	for _, c := range h {
		got = append(got, c.score)
	}
	slices.Sort(got)
	if want := []float64{7, 7, 8, 9, 9}; !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}

// TestParseIndexReadsAsBefore: CRLF line ends (as bufio.ScanLines read
// them) and a gzip stream both parse; LoadIndex and ParseIndex agree.
func TestParseIndexReadsAsBefore(t *testing.T) {
	text := "#index\tdisease\t2025\t\n0\tSepsis\t(generalized)\t\t\tA41.9\t\n1\tnewborn\t\t\t\tP36.9\t\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	for name, load := range map[string]func() (*Index, error){
		"plain": func() (*Index, error) { return ParseIndex(strings.NewReader(text)) },
		"crlf":  func() (*Index, error) { return ParseIndex(strings.NewReader(strings.ReplaceAll(text, "\n", "\r\n"))) },
		"gzip":  func() (*Index, error) { return LoadIndex(bytes.NewReader(gz.Bytes())) },
	} {
		ix, err := load()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(ix.Rows) != 2 || ix.Rows[1].Code != "P36.9" || ix.Rows[0].NonEss != "(generalized)" || ix.Path(1) != "Sepsis › newborn" {
			t.Errorf("%s: rows %+v", name, ix.Rows)
		}
		if hits := ix.Find([]string{"sepsis", "newborn"}, false, -1, 5); len(hits) == 0 || hits[0].Code != "P369" {
			t.Errorf("%s: find %+v", name, hits)
		}
	}
}

// TestNamesType: "specified"/"other" as a word between spaces, any case.
func TestNamesType(t *testing.T) {
	for term, want := range map[string]bool{
		"specified type NEC": true, "Other": true, "other specified": true, "by site, other": true,
		"unspecified": false, "specified,": false, "others": false, "(specified)": false,
		"": false, "Mother": false, "OTHER type": true, "Ménière, other": true, "Ménière": false,
	} {
		if got := namesType(term); got != want {
			t.Errorf("namesType(%q) = %v, want %v", term, got, want)
		}
	}
}
