package search

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"dossier/model"
)

var today = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func entry(given, family string, sex model.Sex, year int, village string) Entry {
	return Entry{ID: model.NewID(), MRN: "KDH-0000001-2", Given: given, Family: family, Sex: sex,
		Birth: model.Date{Year: year, Month: 3, Day: 4}, Address: []string{"Western", "Kasese", village}}
}

func sampleIndex() (*Index, map[string]Entry) {
	ix := New()
	people := map[string]Entry{
		"amina":   entry("Amina", "Nakato", model.SexFemale, 1990, "Bwera"),
		"aminah":  entry("Aminah", "Nakatto", model.SexFemale, 1991, "Bwera"),
		"jose":    entry("José", "Muñoz", model.SexMale, 1980, "Kisinga"),
		"peter":   entry("Peter", "Okello", model.SexMale, 1975, "Mpondwe"),
		"phillip": entry("Phillip", "Ssemakula", model.SexMale, 1966, "Kisinga"),
		"wanjiru": {ID: model.NewID(), Given: "Wanjiru", Sex: model.SexFemale, Estimated: true, Birth: model.Date{Year: 1986, Month: 7, Day: 1}},
	}
	secret := entry("Secret", "Nakato", model.SexFemale, 1990, "Bwera")
	secret.Restricted = true
	gone := entry("Gone", "Nakato", model.SexFemale, 1990, "Bwera")
	gone.Deleted = true
	people["secret"], people["gone"] = secret, gone
	for _, k := range []string{"amina", "aminah", "jose", "peter", "phillip", "wanjiru", "secret", "gone"} {
		ix.Put(people[k])
	}
	return ix, people
}

func ids(rs []Result) []model.ID {
	var out []model.ID
	for _, r := range rs {
		out = append(out, r.Entry.ID)
	}
	return out
}

func TestSearchFindsNamesAsClerksTypeThem(t *testing.T) {
	ix, p := sampleIndex()
	tests := []struct {
		name  string
		q     Query
		first string   // expected best result
		also  []string // must be present too
		not   []string // must be absent
	}{
		{"exact family", Query{Text: "nakato"}, "amina", []string{"aminah"}, []string{"secret", "gone"}},
		{"prefix while typing", Query{Text: "naka"}, "amina", []string{"aminah"}, nil},
		{"two words narrow", Query{Text: "amina nakato"}, "amina", nil, []string{"jose", "peter"}},
		{"accent folded", Query{Text: "jose munoz"}, "jose", nil, nil},
		{"typo", Query{Text: "okelo "}, "peter", nil, nil},
		{"sound alike", Query{Text: "filip "}, "phillip", nil, nil},
		{"single name", Query{Text: "wanjiru"}, "wanjiru", nil, nil},
		{"birth year in text", Query{Text: "nakato 1991"}, "aminah", nil, []string{"amina"}},
		{"sex filter", Query{Text: "kisinga", Sex: model.SexMale}, "", nil, nil},
		{"village filter", Query{Text: "p", Village: "mpon"}, "", nil, nil},
		{"age filter with estimated birth", Query{Text: "wanjiru", Age: 42, HasAge: true}, "wanjiru", nil, nil},
		{"restricted shown to supervisors", Query{Text: "secret", ShowRestricted: true}, "secret", nil, nil},
		{"restricted hidden from others", Query{Text: "secret"}, "", nil, []string{"secret"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Today = today
			rs := ix.Search(tc.q)
			got := ids(rs)
			if tc.first != "" && (len(got) == 0 || got[0] != p[tc.first].ID) {
				t.Fatalf("first result %v, want %s (%d results)", rs, tc.first, len(rs))
			}
			for _, a := range tc.also {
				if !containsID(got, p[a].ID) {
					t.Errorf("%s missing", a)
				}
			}
			for _, n := range tc.not {
				if containsID(got, p[n].ID) {
					t.Errorf("%s should not be found", n)
				}
			}
			for _, r := range rs {
				if len(r.Why) == 0 && tc.q.Text != "" {
					t.Errorf("%s matched without a reason", r.Entry.Given)
				}
			}
		})
	}
}

func TestUpdateMovesPostings(t *testing.T) {
	ix, p := sampleIndex()
	e := p["peter"]
	e.Family = "Mugisha"
	ix.Put(e)
	if rs := ix.Search(Query{Text: "okello ", Today: today}); containsID(ids(rs), e.ID) {
		t.Fatal("old name still finds the patient")
	}
	if rs := ix.Search(Query{Text: "mugisha", Today: today}); !containsID(ids(rs), e.ID) {
		t.Fatal("new name does not find the patient")
	}
	if ix.Len() != len(p) {
		t.Fatalf("len %d", ix.Len())
	}
	e.MergedInto = p["amina"].ID
	ix.Put(e)
	if rs := ix.Search(Query{Text: "mugisha", Today: today}); len(rs) != 0 {
		t.Fatal("merged patient still found by name")
	}
}

func TestWhyExplains(t *testing.T) {
	ix, _ := sampleIndex()
	rs := ix.Search(Query{Text: "amina nakato", Today: today})
	if got := Texts(rs[0].Why); got != "given name amina; family name nakato" {

		t.Fatalf("why = %q", rs[0].Why)
	}
}

func TestWordsClassifies(t *testing.T) {
	names, year, idents := Words("KDH-0000001-2 amina 1984 +256 772 123456 OPD/2014/0331", today)
	if year != 1984 || len(names) != 1 || len(idents) != 3 {
		t.Fatalf("names %v year %d idents %v", names, year, idents)
	}
}

func TestEntryEncodingRoundTrips(t *testing.T) {
	_, p := sampleIndex()
	for k, e := range p {
		e.Other, e.Legacy, e.FormerMRNs, e.Phone, e.NationalID = []string{"Alias"}, []string{"OPD/1"}, []string{"KDH-0000009-1"}, "+256 1", "CM1"
		got, rest, err := DecodeEntry(e.AppendBinary(nil))
		if err != nil || len(rest) != 0 || !reflect.DeepEqual(got, e) {
			t.Fatalf("%s: %+v != %+v (%v)", k, got, e, err)
		}
	}
}

func FuzzDecodeEntry(f *testing.F) {
	_, p := sampleIndex()
	for _, e := range p {
		f.Add(e.AppendBinary(nil))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, rest, err := DecodeEntry(b)
		if err == nil && !bytes.Equal(e.AppendBinary(nil), b[:len(b)-len(rest)]) && e.Sex != "" {
			// Re-encoding need not be byte-identical (varint forms), but
			// decoding it again must give the same entry.
			e2, _, err2 := DecodeEntry(e.AppendBinary(nil))
			if err2 != nil || !reflect.DeepEqual(e, e2) {
				t.Fatalf("unstable decode")
			}
		}
	})
}

func containsID(l []model.ID, id model.ID) bool {
	for _, x := range l {
		if x == id {
			return true
		}
	}
	return false
}
