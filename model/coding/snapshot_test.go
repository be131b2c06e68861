package coding

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// TestSetSnapshot: a set loaded with its snapshot has the index Load
// builds, field by field, and searches alike; a snapshot of another
// source, a damaged one or none is not used and the set indexes itself.
func TestSetSnapshot(t *testing.T) {
	for name, text := range map[string]string{"cm": cmSample, "pcs": pcsSample} {
		src := []byte(text)
		built := mustLoad(t, text)
		var snap bytes.Buffer
		if err := WriteSetSnapshot(&snap, built, src); err != nil {
			t.Fatal(err)
		}
		got, used, err := LoadSnapshot(src, snap.String())
		if err != nil || !used {
			t.Fatalf("%s: used %v, %v", name, used, err)
		}
		sameIndex(t, name, got.idx, built.idx)
		sameSet(t, name, got, built)
		for _, q := range []string{"diab", "type 2 diabetes", "cholera", "resection", "E11"} {
			a, b := NewSearcher(got).Search(q, 10), NewSearcher(built).Search(q, 10)
			if !reflect.DeepEqual(codesOf(a), codesOf(b)) {
				t.Errorf("%s %q: %v with the snapshot, %v without", name, q, codesOf(a), codesOf(b))
			}
		}
		other := []byte(strings.Replace(text, "2021", "2022", 1) + strings.Replace(text, "2020", "2019", 1))
		for why, tc := range map[string]struct {
			src  []byte
			snap string
		}{
			"stale":     {[]byte(text + "\n"), snap.String()},
			"truncated": {src, snap.String()[:snap.Len()-5]},
			"garbage":   {src, snapMagic + "S" + string(other)},
			"none":      {src, ""},
			"a book's":  {src, snapMagic + "I" + snap.String()[len(snapMagic)+1:]},
		} {
			s, used, err := LoadSnapshot(tc.src, tc.snap)
			if err != nil || used {
				t.Errorf("%s %s snapshot: used %v, %v", name, why, used, err)
				continue
			}
			want := mustLoad(t, string(tc.src))
			sameIndex(t, name+" "+why, s.idx, want.idx)
		}
	}
}

// TestIndexSnapshot is TestSetSnapshot for a book.
func TestIndexSnapshot(t *testing.T) {
	text := "#index\tdisease\t2025\t\n0\tSepsis\t(generalized)\t\t\tA41.9\t\n1\tnewborn\t\t\t\tP36.9\t\n" +
		"0\tPneumonia\t(acute)\t\t\tJ18.9\t\n1\taspiration\t\t\t\tJ69.0\t\n0\tCo-trimoxazole\t\t\t\t\t\n"
	src := []byte(text)
	built, err := ParseIndex(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	var snap bytes.Buffer
	if err := WriteIndexSnapshot(&snap, built, src); err != nil {
		t.Fatal(err)
	}
	got, used, err := LoadIndexSnapshot(src, snap.String())
	if err != nil || !used {
		t.Fatalf("used %v, %v", used, err)
	}
	sameIndex(t, "book", got.x, built.x)
	if !reflect.DeepEqual(got.parent, built.parent) || !reflect.DeepEqual(got.sig, built.sig) || !reflect.DeepEqual(got.mains, built.mains) ||
		!reflect.DeepEqual(got.end, built.end) {
		t.Error("the tree differs")
	}
	if !reflect.DeepEqual(got.Rows, built.Rows) || got.Kind != built.Kind || got.Version != built.Version || !reflect.DeepEqual(got.Columns, built.Columns) {
		t.Error("the rows differ")
	}
	if h := got.Find([]string{"sepsis", "newborn"}, false, -1, 5); len(h) == 0 || h[0].Code != "P369" {
		t.Errorf("find: %+v", h)
	}
	stale := []byte(strings.Replace(text, "newborn", "neonate", 1))
	ix, used, err := LoadIndexSnapshot(stale, snap.String())
	if err != nil || used {
		t.Fatalf("stale: used %v, %v", used, err)
	}
	if h := ix.Find([]string{"sepsis", "neonate"}, false, -1, 5); len(h) == 0 || h[0].Code != "P369" {
		t.Errorf("stale snapshot's book: find %+v", h)
	}
	if _, used, _ := LoadIndexSnapshot(src, snap.String()[:snap.Len()-3]); used {
		t.Error("a truncated snapshot was used")
	}
}

func sameIndex(t *testing.T, name string, got, want *index) {
	t.Helper()
	if !reflect.DeepEqual(got.vocab, want.vocab) || !reflect.DeepEqual(got.post, want.post) ||
		!reflect.DeepEqual(got.docEnt, want.docEnt) || !reflect.DeepEqual(got.docInc, want.docInc) ||
		!reflect.DeepEqual(got.docTok, want.docTok) || !reflect.DeepEqual(got.docOff, want.docOff) ||
		!reflect.DeepEqual(got.extra, want.extra) || !reflect.DeepEqual(got.byLen, want.byLen) ||
		!reflect.DeepEqual(got.info, want.info) {
		t.Errorf("%s: the index read differs from the one built", name)
	}
}

// sameSet compares everything but the index (sameIndex) of a set read
// from its snapshot with the one parsed: the read one has no code map,
// and finds every code where the parsed one's map does.
func sameSet(t *testing.T, name string, got, want *Set) {
	t.Helper()
	if got.System != want.System || !reflect.DeepEqual(got.entries, want.entries) ||
		!reflect.DeepEqual(got.chapters, want.chapters) || !reflect.DeepEqual(got.blocks, want.blocks) ||
		!reflect.DeepEqual(got.notes, want.notes) || !reflect.DeepEqual(got.sevenths, want.sevenths) ||
		!reflect.DeepEqual(got.axisVals, want.axisVals) || !reflect.DeepEqual(got.pcsAxes, want.pcsAxes) {
		t.Errorf("%s: the set read differs from the one parsed", name)
	}
	if got.byCode != nil {
		t.Errorf("%s: a code map was built", name)
	}
	for code, i := range want.byCode {
		if j, ok := got.find(code); !ok || j != i {
			t.Errorf("%s: find(%q) = %d, %v; want %d", name, code, j, ok, i)
		}
	}
	for _, code := range []string{"", "Z", "ZZZZZZZZ", "E11222"} {
		_, ok := want.byCode[code]
		if _, found := got.find(code); found != ok {
			t.Errorf("%s: find(%q) = %v, the map says %v", name, code, found, ok)
		}
	}
}
