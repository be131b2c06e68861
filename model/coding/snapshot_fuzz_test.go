package coding

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzLoadSnapshot: a snapshot whose header matches its source but whose
// body is damaged is refused or read, never a panic, and a set or book
// read from it searches without one (every id it holds was checked).
func FuzzLoadSnapshot(f *testing.F) {
	book := "#index\tdrug\t2025\tAccidental|Intentional\n0\tSepsis\t(generalized)\t\t\tA41.9\t\n1\tnewborn\t\t\t\tP36.9\t\n" +
		"0\tPneumonia\t(acute)\t\t\tJ18.9\t\n1\taspiration\t\t\tSepsis\tJ69.0\tT43.011|T43.012\n0\tCo-trimoxazole\t\t\t\t\t\n"
	sources := []string{cmSample, pcsSample, book}
	bodies := func(i int) []byte {
		var snap bytes.Buffer
		if i < 2 {
			s, err := Load(strings.NewReader(sources[i]))
			if err != nil {
				f.Fatal(err)
			}
			WriteSetSnapshot(&snap, s, []byte(sources[i]))
		} else {
			ix, err := ParseIndex(strings.NewReader(book))
			if err != nil {
				f.Fatal(err)
			}
			WriteIndexSnapshot(&snap, ix, []byte(book))
		}
		return snap.Bytes()[len(snapMagic)+9:]
	}
	for i := range sources {
		f.Add(uint8(i), bodies(i))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		i := int(which) % len(sources)
		src := []byte(sources[i])
		var w snapWriter
		kind := byte('S')
		if i == 2 {
			kind = 'I'
		}
		w.buf = append(w.buf, snapMagic...)
		w.buf = append(w.buf, kind)
		h := sourceHash(src)
		for k := 0; k < 8; k++ {
			w.buf = append(w.buf, byte(h>>(8*k)))
		}
		snap := string(append(w.buf, body...))
		if i < 2 {
			s, _, err := LoadSnapshot(src, snap)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"d", "diabetes type", "E11", "0DT", "resection open"} {
				for _, hit := range NewSearcher(s).Search(q, 20) {
					s.Lookup(hit.Code.Code)
					s.Complete(hit.Code.Code)
					s.NextAxis(hit.Code.Code)
				}
			}
			return
		}
		ix, _, err := LoadIndexSnapshot(src, snap)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range [][]string{{"sepsis", "newborn"}, {"pneum"}, {"aspiration"}} {
			for _, hit := range ix.Find(q, true, -1, 10) {
				hit.Path()
			}
		}
	})
}
