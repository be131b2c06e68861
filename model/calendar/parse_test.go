package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestParseEthiopian(t *testing.T) {
	megabit3 := Date{2016, 7, 3}
	for _, c := range []struct {
		in, order string
		want      Date
		err       string
	}{
		{"03/07/2016", "DMY", megabit3, ""},
		{"3.7.2016", "DMY", megabit3, ""},
		{"3-7-16", "DMY", megabit3, ""},
		{"07/03/2016", "MDY", megabit3, ""},
		{"2016-07-03", "DMY", megabit3, ""},
		{"2016/07/03", "YMD", megabit3, ""},
		{"3 Megabit 2016", "DMY", megabit3, ""},
		{"Megabit 3, 2016", "MDY", megabit3, ""},
		{"3 magabit 2016 E.C.", "DMY", megabit3, ""},
		{"መጋቢት 3 2016", "DMY", megabit3, ""},
		{"መጋቢት ፫ 2016", "DMY", Date{}, "not a date"},
		{"3 መጋቢት 2016 ዓ.ም.", "DMY", megabit3, ""},
		{"6 ጳጉሜን 2015", "DMY", Date{2015, 13, 6}, ""},
		{"6/13/2015", "DMY", Date{2015, 13, 6}, ""},
		{"6 Pagume 2016", "DMY", Date{}, "has 5 days"},
		{"31/01/2016", "DMY", Date{}, "has 30 days"},
		{"01/14/2016", "DMY", Date{}, "not a month"},
		{"3 Megabit", "DMY", Date{}, "add the year"},
		{"3 Megabit Tir 2016", "DMY", Date{}, "two months"},
		{"12/03/2024 GC", "DMY", Date{}, "Gregorian"},
		{"12/03/2024 እ.ኤ.አ", "DMY", Date{}, "Gregorian"},
		{"", "DMY", Date{}, "enter a date"},
		{"soon", "DMY", Date{}, "not a date"},
	} {
		got, err := Parse(Ethiopian, c.in, c.order, 2017)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case c.err == "" && got != c.want:
			t.Errorf("%q: %v, want %v", c.in, got, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want one saying %q", c.in, err, c.err)
		}
	}
}

func TestFormatParsesBack(t *testing.T) {
	for _, order := range []string{"DMY", "MDY", "YMD"} {
		for n := DaysOf(time.Date(2019, 9, 1, 0, 0, 0, 0, time.UTC)); n < DaysOf(time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)); n++ {
			for _, c := range All {
				d := c.FromDays(n)
				for _, s := range []string{Format(d, order), Long(c, d, false), Long(c, d, true)} {
					back, err := Parse(c, s, order, 2017)
					if err != nil || back != d {
						t.Fatalf("%s %s %q: %v %v, want %v", c.ID(), order, s, back, err, d)
					}
				}
			}
		}
	}
}

func TestLong(t *testing.T) {
	if got := Long(Ethiopian, Date{2016, 7, 3}, true); got != "3 መጋቢት 2016" {
		t.Errorf("native: %q", got)
	}
	if got := Long(Ethiopian, Date{2016, 13, 5}, false); got != "5 Pagume 2016" {
		t.Errorf("latin: %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"03/07/2016", "3 Megabit 2016", "መጋቢት 3 2016 ዓ.ም.", "6/13/2015", "12/03/2024 GC", "2016-07-03", "፡።፣"} {
		f.Add(s, "DMY")
	}
	f.Fuzz(func(t *testing.T, s, order string) {
		for _, c := range All {
			d, err := Parse(c, s, order, 2017)
			if err != nil {
				continue
			}
			if !Valid(c, d) {
				t.Fatalf("%q: %v is not a date of %s", s, d, c.ID())
			}
			if back, err := Parse(c, Format(d, order), order, 2017); err != nil || back != d {
				t.Fatalf("%q: %v formats as %q which reads %v %v", s, d, Format(d, order), back, err)
			}
		}
	})
}
