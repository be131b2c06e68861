package search

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/demo"
)

// typoIndex indexes n demo patients (seed 7, as dossier bench uses).
func typoIndex(n int) (*Index, []Entry) {
	ix := New()
	var entries []Entry
	demo.Patients(demo.Config{Patients: n, Seed: 7, Today: today}, func(i int, p model.Patient) bool {
		p.ID = model.NewID()
		e := EntryOf(p, false)
		entries = append(entries, e)
		return true
	})
	data := make([]string, len(entries))
	for i := range entries {
		data[i] = string(entries[i].AppendBinary(nil))
	}
	if err := ix.LoadEncoded(data); err != nil {
		panic(err)
	}
	ix.Settle()
	return ix, entries
}

// Loading a snapshot in one go and putting entries one by one give the
// same index: the same results, in the same order, for the same queries,
// and the same entries by ID.
func TestLoadEncodedMatchesPut(t *testing.T) {
	loaded, entries := typoIndex(3000)
	put := New()
	for _, e := range entries {
		put.Put(e)
	}
	for _, q := range []string{"a", "na", "nak", "amina n", "amina nakato", "okelo ", "assan", "grace mu", "1990"} {
		a, b := loaded.Search(Query{Text: q, Today: today, Limit: 30}), put.Search(Query{Text: q, Today: today, Limit: 30})
		if len(a) != len(b) {
			t.Fatalf("%q: %d results loaded, %d put", q, len(a), len(b))
		}
		for i := range a {
			if a[i].Entry.ID != b[i].Entry.ID || a[i].Score != b[i].Score {
				t.Fatalf("%q result %d: %s %.3f loaded, %s %.3f put", q, i, a[i].Entry.Family, a[i].Score, b[i].Entry.Family, b[i].Score)
			}
		}
	}
	for _, e := range entries[:100] {
		if got, ok := loaded.Get(e.ID); !ok || got.ID != e.ID {
			t.Fatalf("%s not found by ID", e.ID)
		}
	}
	// A change after loading moves the postings without disturbing others.
	e := entries[10]
	e.Family = "Zzyzx"
	loaded.Put(e)
	if rs := loaded.Search(Query{Text: "zzyzx ", Today: today}); len(rs) != 1 || rs[0].Entry.ID != e.ID {
		t.Fatalf("changed entry not found: %v", rs)
	}
}

// measureTypos runs a typo set against an index: recall@10.
func measureTypos(ix *Index, entries []Entry, cases []TypoCase) (TypoRecall, []TypoCase) {
	var r TypoRecall
	var missed []TypoCase
	for _, c := range cases {
		e := entries[c.Target]
		found := false
		for _, res := range ix.Search(Query{Text: c.Text, Limit: 10, Today: today, ShowRestricted: true}) {
			if IsTarget(res.Entry, e.ID, e.Given, e.Family) {
				found = true
				break
			}
		}
		r.Add(c, found)
		if !found {
			missed = append(missed, c)
		}
	}
	return r, missed
}

func (r TypoRecall) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "recall@10 %.3f (%d/%d)", r.Rate(), r.Found, r.Total)
	for _, group := range []struct {
		names []string
		m     map[string][2]int
	}{{TypoPositions, r.ByPosition}, {TypoKinds, r.ByKind}} {
		for _, k := range group.names {
			v := group.m[k]
			fmt.Fprintf(&b, "; %s %.3f", k, float64(v[0])/float64(max(1, v[1])))
		}
	}
	return b.String()
}

func TestTypoSetIsFixed(t *testing.T) {
	names := [][2]string{{"Amina", "Hassan"}, {"Peter", "Fernando"}, {"José", "Campos"}, {"Rahul", "Shrestha"}}
	a, b := TypoSet(TypoSeed, names, 3), TypoSet(TypoSeed, names, 3)
	if len(a) != len(TypoKinds)*len(TypoPositions)*3 {
		t.Fatalf("%d cases", len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("case %d differs between runs: %v, %v", i, a[i], b[i])
		}
	}
}

func TestMistype(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		word, kind, pos string
		want            []string // any of
	}{
		{"hassan", "delete", "first", []string{"assan"}},
		{"hassan", "transpose", "first", []string{"ahssan"}},
		{"hassan", "sound-alike", "first", []string{"assan"}},
		{"kamau", "sound-alike", "first", []string{"camau", "amau"}},
		{"philip", "sound-alike", "first", []string{"filip", "hilip"}},
		{"wanjiru", "sound-alike", "first", []string{"vanjiru", "anjiru"}},
		{"juma", "sound-alike", "first", []string{"yuma"}},
		{"okello", "sound-alike", "middle", []string{"okelo"}},
		{"silva", "delete", "last", []string{"silv"}},
		{"silva", "transpose", "last", []string{"silav"}},
	}
	for _, tc := range tests {
		got, ok := Mistype(rng, tc.word, tc.kind, tc.pos)
		if !ok || !strings.Contains(strings.Join(tc.want, ","), got) {
			t.Errorf("%s %s %s = %q (%v), want one of %v", tc.word, tc.kind, tc.pos, got, ok, tc.want)
		}
	}
	if _, ok := Mistype(rng, "okot", "sound-alike", "first"); ok {
		t.Error("a sound-alike first letter was made up for o")
	}
}

// TestTypoRecall measures recall@10 on the fixed typo set: the clerk types
// the given name and a family name with one edit at the first, second,
// middle or last letter.
func TestTypoRecall(t *testing.T) {
	ix, entries := typoIndex(20_000)
	names := make([][2]string, len(entries))
	for i, e := range entries {
		names[i] = [2]string{e.Given, e.Family}
	}
	cases := TypoSet(TypoSeed, names, 40)
	start := time.Now()
	r, missed := measureTypos(ix, entries, cases)
	t.Logf("%s (%v a query)", r, time.Since(start)/time.Duration(len(cases)))
	if r.Rate() < 0.95 {
		t.Errorf("typo recall@10 %.3f, issue 15 requires at least 0.95", r.Rate())
	}
	for _, pos := range TypoPositions {
		if v := r.ByPosition[pos]; float64(v[0]) < 0.9*float64(v[1]) {
			t.Errorf("typos at the %s letter: %d of %d found, want at least 90%%", pos, v[0], v[1])
		}
	}
	sort.Slice(missed, func(i, j int) bool { return missed[i].Position < missed[j].Position })
	for i, c := range missed {
		if i < 30 {
			t.Logf("missed %s %s: %q for %s %s", c.Position, c.Kind, c.Text, entries[c.Target].Given, entries[c.Target].Family)
		}
	}
}

// The examples of issue 15: the first letter mistyped, dropped, swapped or
// misheard, the given name typed too. The person is found, ranked below an
// exact namesake and below a same-initial typo, and the reason says the
// first letter differs.
func TestFirstLetterTypos(t *testing.T) {
	people := []Entry{
		entry("Maria", "Fernando", model.SexFemale, 1980, "Bwera"),
		entry("Maria", "Campos", model.SexFemale, 1981, "Bwera"),
		entry("Maria", "Silva", model.SexFemale, 1982, "Bwera"),
		entry("Maria", "Rahman", model.SexFemale, 1983, "Bwera"),
		entry("Maria", "Shrestha", model.SexFemale, 1984, "Bwera"),
		entry("Maria", "Hassan", model.SexFemale, 1985, "Bwera"),
		entry("Maria", "Hussein", model.SexFemale, 1986, "Bwera"),
		entry("Maria", "Philips", model.SexFemale, 1987, "Bwera"),
		entry("Maria", "Wanjiru", model.SexFemale, 1988, "Bwera"),
		entry("Maria", "Juma", model.SexFemale, 1989, "Bwera"),
		entry("Maria", "Kamau", model.SexFemale, 1990, "Bwera"),
		entry("Maria", "Assan", model.SexFemale, 1991, "Bwera"), // an exact namesake of the typo
	}
	ix := New()
	for _, e := range people {
		ix.Put(e)
	}
	tests := []struct {
		text, want, why string
	}{
		{"maria ernando", "Fernando", "close to ernando (first letter differs)"},
		{"maria ampos", "Campos", "close to ampos (first letter differs)"},
		{"maria ilva", "Silva", "close to ilva (first letter differs)"},
		{"maria arhman", "Rahman", "close to arhman (first letter differs)"},
		{"maria lhrestha", "Shrestha", "close to lhrestha (first letter differs)"},
		{"maria usein", "Hussein", "sounds like usein (first letter differs)"},
		{"maria filips", "Philips", "sounds like filips (first letter differs)"},
		{"maria vanjiru", "Wanjiru", "sounds like vanjiru (first letter differs)"},
		{"maria yuma", "Juma", "sounds like yuma (first letter differs)"},
		{"maria camau", "Kamau", ""},
		{"maria assan", "Hassan", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			rs := ix.Search(Query{Text: tc.text + " ", Today: today})
			at := -1
			for i, r := range rs {
				if r.Entry.Family == tc.want {
					at = i
					if tc.why != "" && !strings.Contains(Texts(r.Why), tc.why) {
						t.Errorf("why = %q, want %q", r.Why, tc.why)
					}
				}
			}
			if at < 0 {
				t.Fatalf("%s not found: %v", tc.want, rs)
			}
			if tc.text == "maria assan" && at == 0 {
				t.Errorf("Hassan ranked above the exact Assan")
			}
		})
	}
}

// A same-initial typo ranks above a first-letter typo.
func TestFirstLetterRanksBelowSameInitial(t *testing.T) {
	ix := New()
	near, far := entry("Maria", "Silvo", model.SexFemale, 1980, "Bwera"), entry("Maria", "Tilva", model.SexFemale, 1980, "Bwera")
	ix.Put(far)
	ix.Put(near)
	rs := ix.Search(Query{Text: "maria silva ", Today: today})
	if len(rs) != 2 || rs[0].Entry.ID != near.ID {
		t.Fatalf("results %v, want Silvo then Tilva", rs)
	}
}

// Chunks of any size, read by several cores, load into the index saving
// one by one gives: the same tokens with the
// same postings in the same order, the same sound-alike and first-letter
// lists, villages and slots, so every search and duplicate check agrees.
func TestLoadChunksMatchesPut(t *testing.T) {
	_, entries := typoIndex(2000)
	put := New()
	for _, e := range entries {
		put.Put(e)
	}
	for _, per := range []int{1, 3, 64, 1024, 5000} {
		var chunks []string
		var buf []byte
		for i, e := range entries {
			d := e.AppendBinary(nil)
			buf = binary.AppendUvarint(buf, uint64(len(d)))
			buf = append(buf, d...)
			if (i+1)%per == 0 || i == len(entries)-1 {
				chunks = append(chunks, string(buf))
				buf = buf[:0]
			}
		}
		ix := New()
		if err := ix.LoadChunks(chunks); err != nil {
			t.Fatalf("%d a chunk: %v", per, err)
		}
		ix.Settle()
		if !reflect.DeepEqual(ix.tokens, put.tokens) || !reflect.DeepEqual(ix.sounds, put.sounds) ||
			!reflect.DeepEqual(ix.byFirst, put.byFirst) || !reflect.DeepEqual(ix.tails, put.tails) ||
			!reflect.DeepEqual(ix.alike, put.alike) || !reflect.DeepEqual(ix.sorted, put.sorted) ||
			!reflect.DeepEqual(ix.villages, put.villages) {
			t.Fatalf("%d a chunk: the loaded index's dictionary differs from the one put entry by entry", per)
		}
		if len(ix.slots) != len(put.slots) {
			t.Fatalf("%d a chunk: %d slots, want %d", per, len(ix.slots), len(put.slots))
		}
		for i := range ix.slots {
			a, b := ix.slots[i], put.slots[i]
			if a.id != b.id || a.birth != b.birth || a.village != b.village || a.sex != b.sex || a.flags != b.flags || ix.data(&a) != put.data(&b) {
				t.Fatalf("%d a chunk: slot %d differs", per, i)
			}
		}
	}
}
