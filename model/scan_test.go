package model

import (
	"slices"
	"testing"
)

func TestParseCover(t *testing.T) {
	good := Cover{MRN: FormatMRN("KDH", 123), Type: DocLab, Date: Date{2024, 3, 12}}
	cases := []struct {
		in            string
		ok, wantError bool
	}{
		{good.Payload(), true, false},
		{" " + good.Payload() + "\n", true, false},
		{"https://example.org", false, false},
		{"", false, false},
		{CoverPrefix + "|" + FormatMRN("KDH", 123), true, true},
		{CoverPrefix + "|KDH-0000123-X|lab|2024-03-12", true, true},
		{CoverPrefix + "|" + FormatMRN("KDH", 123) + "|x-ray|2024-03-12", true, true},
		{CoverPrefix + "|" + FormatMRN("KDH", 123) + "|lab|12/03/2024", true, true},
	}
	for _, c := range cases {
		got, ok, err := ParseCover(c.in)
		if ok != c.ok || (err != nil) != c.wantError {
			t.Errorf("%q: ok=%v err=%v", c.in, ok, err)
		}
		if ok && err == nil && got != good {
			t.Errorf("%q: got %+v", c.in, got)
		}
	}
}

func FuzzParseCover(f *testing.F) {
	f.Add(Cover{MRN: FormatMRN("KDH", 123), Type: DocLab, Date: Date{2024, 3, 12}}.Payload())
	f.Add(CoverPrefix + "|||")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok, err := ParseCover(s)
		if ok && err == nil {
			again, ok2, err2 := ParseCover(c.Payload())
			if !ok2 || err2 != nil || again != c {
				t.Fatalf("payload %q does not round-trip", c.Payload())
			}
		}
	})
}

func TestQCSampleSize(t *testing.T) {
	for _, c := range []struct{ n, want int }{{0, 0}, {3, 3}, {5, 5}, {30, 5}, {51, 6}, {200, 20}, {10000, 50}} {
		if got := QCSampleSize(c.n); got != c.want {
			t.Errorf("QCSampleSize(%d) = %d, want %d", c.n, got, c.want)
		}
	}
	pages := make([]ID, 100)
	for i := range pages {
		pages[i] = NewID()
	}
	b := NewID()
	a1, a2 := DrawQCSample(b, pages), DrawQCSample(b, pages)
	if len(a1) != 10 || a1[0] != a2[0] || a1[9] != a2[9] {
		t.Fatal("sample not fixed by batch")
	}
}

func TestRotate(t *testing.T) {
	var p Page
	for _, c := range []struct{ turn, want int }{{1, 90}, {1, 180}, {2, 0}, {-1, 270}, {-3, 0}} {
		p.Rotate(c.turn)
		if p.Rotation != c.want {
			t.Fatalf("after %d: %d, want %d", c.turn, p.Rotation, c.want)
		}
	}
}

func TestParsePageRanges(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want []int
		bad  bool
	}{
		{"3", 5, []int{2}, false},
		{"1-3", 5, []int{0, 1, 2}, false},
		{" 1 - 2 , 5 ", 5, []int{0, 1, 4}, false},
		{"4-5,1", 5, []int{3, 4, 0}, false},
		{"0", 5, nil, true},
		{"6", 5, nil, true},
		{"3-1", 5, nil, true},
		{"1-3,2", 5, nil, true},
		{"a", 5, nil, true},
		{"", 5, nil, true},
	}
	for _, c := range cases {
		got, err := ParsePageRanges(c.in, c.n)
		if (err != nil) != c.bad || (!c.bad && !slices.Equal(got, c.want)) {
			t.Errorf("%q: %v %v", c.in, got, err)
		}
	}
}
