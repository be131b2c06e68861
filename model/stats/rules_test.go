package stats

import (
	"testing"
	"time"

	"dossier/model"
)

func TestDeliveryMode(t *testing.T) {
	for _, c := range []struct {
		codes []Code
		want  string
	}{
		{dx("O80"), "normal"},
		{dx("Z37.0"), "normal"},
		{dx("O82.1"), "caesarean"},
		{dx("O84.2"), "caesarean"},
		{dx("O84.1"), "assisted"},
		{dx("O84.0"), "normal"},
		{dx("O81.4", "Z37.0"), "assisted"},
		{proc(dx("O80"), "10D00Z1"), "caesarean"},
		{proc(nil, "10D07Z6"), "assisted"},
		{proc(nil, "10E0XZZ"), "normal"},
		{dx("O72.1"), ""},
		{dx("J18.9"), ""},
		{[]Code{{Code: "O80", Proc: true}}, ""}, // a procedure code that is not a delivery code
	} {
		if got := DeliveryMode(c.codes); got != c.want {
			t.Errorf("DeliveryMode(%v) = %q, want %q", c.codes, got, c.want)
		}
	}
}

func TestChapter(t *testing.T) {
	for code, want := range map[string]string{"A001": "I", "B99": "I", "C50": "II", "D48": "II", "D50": "III",
		"H59": "VII", "H60": "VIII", "O800": "XV", "S720": "XIX", "T98": "XIX", "V01": "XX", "Z380": "XXI", "U071": "XXII", "X": ""} {
		if got := Chapter(code); got != want {
			t.Errorf("Chapter(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct{ in, from, to string }{
		{"2026-11-03", "2026-11-03", "2026-11-03"},
		{"2026-11", "2026-11-01", "2026-11-30"},
		{"2026-02", "2026-02-01", "2026-02-28"},
		{"2026-Q4", "2026-10-01", "2026-12-31"},
		{"2026", "2026-01-01", "2026-12-31"},
		{"2026-11-01..2026-11-15", "2026-11-01", "2026-11-15"},
	} {
		p, err := ParsePeriod(c.in, time.UTC)
		if err != nil || p.From.Format("2006-01-02") != c.from || p.To.Format("2006-01-02") != c.to {
			t.Errorf("ParsePeriod(%s) = %v..%v, %v; want %s..%s", c.in, p.From, p.To, err, c.from, c.to)
			continue
		}
		if p.String() != c.in {
			t.Errorf("%s reads back as %s", c.in, p.String())
		}
	}
	for _, bad := range []string{"", "2026-13", "2026-Q5", "2026-11-15..2026-11-01", "November"} {
		if _, err := ParsePeriod(bad, time.UTC); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
}

func TestBedsOn(t *testing.T) {
	w := fixtureSettings().Wards[1] // SUR: 8 beds, 2 closed 1–10 Nov
	for d, want := range map[string]int{"2025-12-31": 0, "2026-01-01": 8, "2026-11-01": 6, "2026-11-10": 6, "2026-11-11": 8} {
		if got, _ := w.BedsOn(date(d)); got != want {
			t.Errorf("SUR beds on %s = %d, want %d", d, got, want)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	ok := fixtureSettings()
	if err := ok.Validate(); err != nil {
		t.Fatalf("fixture settings refused: %v", err)
	}
	bad := []func(s *model.StatSettings){
		func(s *model.StatSettings) { s.Wards[1].Name = "medical" },   // two wards called the same
		func(s *model.StatSettings) { s.Wards[0].Type = "kitchen" },   // unknown type
		func(s *model.StatSettings) { s.WardNames["annex"] = "NOPE" }, // mapped to no ward
		func(s *model.StatSettings) { s.Wards[0].Beds[0].From = date("2026-12-01") },
		func(s *model.StatSettings) {
			s.Wards[1].Closures[0].To = date("2026-10-01")
		},
		func(s *model.StatSettings) {
			s.AgeGroups = []model.AgeBand{{Label: "<5", Max: 5}, {Label: "10+", Min: 10}}
		},
		func(s *model.StatSettings) { s.Notifiable = []model.Notifiable{{Name: "X", Codes: []string{"A00"}}} },
	}
	for i, change := range bad {
		s := fixtureSettings()
		change(&s)
		if err := s.Validate(); err == nil {
			t.Errorf("bad settings %d accepted", i)
		}
	}
	if w, found := ok.WardFor(" MEDICAL   ward "); !found || w.ID != "MED" {
		t.Errorf("WardFor(medical ward) = %v, %v", w, found)
	}
}

// A return asks for every sex and age cell: a month without any attendance
// in a cell must give 0, present, not a missing figure.
func TestOutpatientCellsPresentWhenEmpty(t *testing.T) {
	f := Compute(nil, Month(2026, time.November, time.UTC), Setup{})
	for _, k := range []Key{
		{Figure: FigOPDNew, Sex: "F", Age: "<1"},
		{Figure: FigOPDRepeat, Sex: "M", Age: "50+"},
		{Figure: FigAttendances, Age: "5-14"},
		{Figure: FigOPDNew},
	} {
		if v, ok := f.Get(k); !ok || v != 0 {
			t.Errorf("%v: %v %v", k, v, ok)
		}
	}
}

// The facility's inpatient counts exist in a month without a stay; a rate
// with no denominator does not.
func TestInpatientCountsPresentWithoutStays(t *testing.T) {
	f := Compute(nil, Month(2026, time.November, time.UTC), Setup{})
	if v, ok := f.Get(Key{Figure: FigAdmissions}); !ok || v != 0 {
		t.Errorf("admissions %v %v", v, ok)
	}
	if _, ok := f.Get(Key{Figure: FigAvgLengthOfStay}); ok {
		t.Error("a length of stay without a discharge")
	}
}

// A stay with no ward named counts once for the facility (the ward key
// and the facility key would otherwise be the same key, counted twice),
// whether its entries come in one slice or through merged tallies.
func TestStayWithoutWardCountsOnce(t *testing.T) {
	nov := Month(2026, time.November, time.UTC)
	stay := Encounter{ID: model.NewID(), Patient: model.NewID(), Type: model.EncInpatient, Disposition: "home",
		Start: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 6, 9, 0, 0, 0, time.UTC)}
	visit := Encounter{ID: model.NewID(), Patient: stay.Patient, Type: model.EncOutpatient, Sex: "F", NewYear: true,
		Start: time.Date(2026, 11, 7, 9, 0, 0, 0, time.UTC)}
	whole := Compute([]Encounter{stay, visit}, nov, Setup{})
	a, b := NewTally(nov, Setup{}), NewTally(nov, Setup{})
	a.Add(&stay)
	b.Add(&visit)
	a.Merge(b)
	merged := a.Figures()
	for _, f := range []Figures{whole, merged} {
		for k, want := range map[Key]float64{{Figure: FigAdmissions}: 1, {Figure: FigDischarges}: 1,
			{Figure: FigServiceDays}: 3, {Figure: FigDischargeDays}: 3, {Figure: FigOPDNew}: 1, {Figure: FigOPDNew, Sex: "F"}: 1,
			{Figure: FigAttendances, Sex: "F", Age: AgeUnknown}: 1, {Figure: FigOPDRepeat}: 0} {
			if got, ok := f.Get(k); !ok || got != want {
				t.Errorf("%s = %v (%v), want %v", k, got, ok, want)
			}
		}
	}
}
