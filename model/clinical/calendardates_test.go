package clinical

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
)

func TestClinicOrderCarriesTheCalendar(t *testing.T) {
	for _, c := range []struct {
		order, cal string
		want       DateOrder
	}{
		{"", "", OrderDMY}, {"MDY", "gregorian", OrderMDY}, {"YMD", "ethiopian", "YMD@ethiopian"},
		{"", "ethiopian", "DMY@ethiopian"}, {"DMY", "julian", OrderDMY},
	} {
		got := ClinicOrder(model.Clinic{DateOrder: c.order, Calendar: c.cal})
		if got != c.want {
			t.Errorf("%q %q: %q, want %q", c.order, c.cal, got, c.want)
		}
		if got.Plain().WithCalendar(got.Calendar().ID()) != got {
			t.Errorf("%q does not come apart and back", got)
		}
	}
}

// 12 March 2024 is 3 Megabit 2016 in the Ethiopian calendar.
func TestEthiopianDatesInForms(t *testing.T) {
	now := time.Date(2024, 9, 20, 10, 0, 0, 0, time.UTC) // 10 Meskerem 2017
	mar12 := model.Date{Year: 2024, Month: time.March, Day: 12}
	for _, c := range []struct {
		order DateOrder
		out   string
	}{{"DMY@ethiopian", "03/07/2016"}, {"MDY@ethiopian", "07/03/2016"}, {"YMD@ethiopian", "2016-07-03"}} {
		if got := FormatDate(mar12, c.order); got != c.out {
			t.Errorf("%s: %q, want %q", c.order, got, c.out)
		}
		if back, err := ParseDate(c.out, c.order, now); err != nil || back != mar12 {
			t.Errorf("%s %q: %v %v", c.order, c.out, back, err)
		}
	}
	for _, c := range []struct {
		in   string
		want model.Date
		err  string
	}{
		{"3 Megabit 2016", mar12, ""},
		{"መጋቢት 3 2016 ዓ.ም.", mar12, ""},
		{"3/7/16", mar12, ""},
		{"12/03/2024 GC", mar12, ""},
		{"12/03/2024 እ.ኤ.አ.", mar12, ""},
		{"today", model.Date{Year: 2024, Month: time.September, Day: 20}, ""},
		{"3 days ago", model.Date{Year: 2024, Month: time.September, Day: 17}, ""},
		{"6 Pagume 2015", model.Date{Year: 2023, Month: time.September, Day: 11}, ""},
		{"6 Pagume 2016", model.Date{}, "has 5 days"},
		{"12 Mar 2024", model.Date{}, "not a date"}, // Gregorian month names are not Ethiopian
		{"01/01/1700", model.Date{}, "too long ago"},
	} {
		got, err := ParseDate(c.in, "DMY@ethiopian", now)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("%q: %v %v, want %v", c.in, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want one saying %q", c.in, err, c.err)
		}
	}
	at, err := ParseDateTime("03/07/2016 14:30", "DMY@ethiopian", now)
	if err != nil || !at.Equal(time.Date(2024, 3, 12, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("date and time: %v %v", at, err)
	}
	if got := LongDate(mar12, "DMY@ethiopian", true); got != "3 መጋቢት 2016" {
		t.Errorf("long date %q", got)
	}
	if got := YearOf(model.Date{Year: 1986, Month: time.July, Day: 1}, "DMY@ethiopian"); got != 1978 {
		t.Errorf("Ethiopian year of July 1986: %d", got)
	}
	if got := LongDate(mar12, OrderDMY, false); got != "12 March 2024" {
		t.Errorf("long Gregorian date %q", got)
	}
}

// FuzzParseEthiopianDate: whatever a clinic on the Ethiopian calendar may
// type, an accepted date is a real Gregorian day that the clinic's own
// writing of it reads back to.
func FuzzParseEthiopianDate(f *testing.F) {
	now := time.Date(2024, 9, 20, 10, 0, 0, 0, time.UTC)
	orders := []DateOrder{"DMY@ethiopian", "MDY@ethiopian", "YMD@ethiopian"}
	for _, s := range []string{"03/07/2016", "3 Megabit 2016", "መጋቢት 3 2016 ዓ.ም.", "12/03/2024 GC", "today", "6/13/2015", "2016-07-03T14:30"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := orders[int(o)%len(orders)]
		d, err := ParseDate(s, order, now)
		ParseDateTime(s, order, now)
		if err != nil {
			return
		}
		if d.Year < minYear || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			t.Fatalf("%q: %+v is not a date", s, d)
		}
		if back, err := ParseDate(FormatDate(d, order), order, now); err != nil || back != d {
			t.Fatalf("%q → %v does not read back from %q: %v %v", s, d, FormatDate(d, order), back, err)
		}
	})
}
