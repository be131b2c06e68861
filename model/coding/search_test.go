package coding

import (
	"strings"
	"testing"
)

func codesOf(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Code.Code)
	}
	return out
}

func TestSearchRanking(t *testing.T) {
	cm, pcs := mustLoad(t, cmSample), mustLoad(t, pcsSample)
	sr := NewSearcher(cm, pcs)
	for _, tc := range []struct {
		q     string
		first string // expected first hit
		also  string // expected somewhere in the top 5
		match string // the first hit's Match
	}{
		{"E11.", "E11", "E11.9", "code"},
		{"e119", "E11.9", "", "code"},
		{"E11.2", "E11.2", "E11.22", "code"},
		{"0210", "0210083", "0210093", "code prefix"},
		{"diab type 2 kidney", "E11.22", "E11.2", "all words"},
		{"kidney type 2 diab", "E11.22", "", "all words"},
		{"malria", "B54", "B50.9", "all words"},          // typo
		{"malaria falcip", "B50.9", "", "all words"},     // prefix of the last word
		{"t2dm", "", "E11.9", ""},                        // abbreviation
		{"tuberculous bronch", "A15.0", "", "all words"}, // inclusion term
		{"fracture radius right", "S52.501A", "", "all words"},
		{"coronary bypass open zooplastic", "0210083", "", "all words"},
		{"tb lung", "A15.0", "", "all words"},
		{"diabetes nephropathy unicorn", "E11.21", "", "some words"}, // partial
	} {
		hs := sr.Search(tc.q, 5)
		got := codesOf(hs)
		if len(hs) == 0 {
			t.Errorf("%q: no hits", tc.q)
			continue
		}
		if tc.first != "" && (got[0] != tc.first || hs[0].Match != tc.match) {
			t.Errorf("%q: first %s (%s), want %s (%s); all %v", tc.q, got[0], hs[0].Match, tc.first, tc.match, got)
		}
		if tc.also != "" && !strings.Contains(" "+strings.Join(got, " ")+" ", " "+tc.also+" ") {
			t.Errorf("%q: %s not in %v", tc.q, tc.also, got)
		}
	}
}

func TestSearchWhyAndBoost(t *testing.T) {
	sr := NewSearcher(mustLoad(t, cmSample))
	hs := sr.Search("diab type 2 kidney", 3)
	if w := strings.Join(hs[0].Words, ","); w != "diab→diabetes,type,2,kidney" {
		t.Errorf("why: %s", w)
	}
	hs = sr.Search("pulmonary tb", 3)
	if len(hs) == 0 || hs[0].Code.Code != "A15.0" || !strings.Contains(hs[0].Via, "tuberculosis of lung") {
		t.Errorf("pulmonary tb: %+v", hs)
	}
	// Billable before headers; a boost lifts a clinic's usual code.
	if got := codesOf(sr.Search("type 2 diabetes", 5)); got[0] == "E11" || got[0] == "E11.2" {
		t.Errorf("header first: %v", got)
	}
	sr.Boost = map[string]float64{"e11.9": 20}
	if got := codesOf(sr.Search("type 2 diabetes", 5)); got[0] != "E11.9" {
		t.Errorf("boost ignored: %v", got)
	}
	if hs := sr.Search("   ", 5); hs != nil {
		t.Errorf("blank query: %v", hs)
	}
}

func TestExpand(t *testing.T) {
	got := expand([]string{"road", "traffic", "accident", "with", "copd"})
	if len(got) != 2 || strings.Join(got[1], " ") != "unspecified motor vehicle accident traffic with chronic obstructive pulmonary disease" {
		t.Errorf("expand: %q", got)
	}
	if b := britishToAmerican("haemorrhage"); b != "hemorrhage" {
		t.Errorf("haemorrhage → %s", b)
	}
	if b := britishToAmerican("tumour"); b != "tumor" {
		t.Errorf("tumour → %s", b)
	}
}
