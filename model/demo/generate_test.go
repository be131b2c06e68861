package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"dossier/model"
)

var testToday = time.Date(2025, time.October, 14, 15, 30, 0, 0, time.UTC)

func TestDeterministic(t *testing.T) {
	cfg := Config{Patients: 1500, Seed: 42, Today: testToday, Charts: true}
	a, b := Generate(cfg), Generate(cfg)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same config differ")
	}
	cfg.Seed = 43
	if c := Generate(cfg); reflect.DeepEqual(a.Patients, c.Patients) {
		t.Fatal("a different seed gave the same patients")
	}
}

func TestPatientsMatchesGenerate(t *testing.T) {
	cfg := Config{Patients: 3000, Seed: 7, Today: testToday}
	want := Generate(cfg).Patients
	var got []model.Patient
	Patients(cfg, func(i int, p model.Patient) bool {
		if i != len(got) {
			t.Fatalf("index %d, want %d", i, len(got))
		}
		got = append(got, p)
		return true
	})
	if !reflect.DeepEqual(got, want) {
		t.Fatal("Patients() and Generate differ")
	}
	cfg.Charts = true
	if !reflect.DeepEqual(Generate(cfg).Patients, want) {
		t.Fatal("generating charts changed the patients")
	}
	calls := 0
	Patients(cfg, func(int, model.Patient) bool { calls++; return calls < 10 })
	if calls != 10 {
		t.Fatalf("fn called %d times after returning false at 10", calls)
	}
}

func TestEverythingValid(t *testing.T) {
	east := time.FixedZone("EAT", 3*3600)
	west := time.FixedZone("PET", -5*3600)
	villages := map[string]string{}
	for _, d := range districts {
		for _, v := range d.villages {
			villages[v] = d.region + "/" + d.name
		}
	}
	for _, tc := range []struct {
		name  string
		today time.Time
	}{
		{"utc afternoon", testToday},
		{"before July, east of UTC just after midnight", time.Date(2026, time.March, 1, 0, 30, 0, 0, east)},
		{"new year's eve, west of UTC", time.Date(2024, time.December, 31, 23, 0, 0, 0, west)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := Generate(Config{Patients: 3000, Seed: 99, Today: tc.today, Charts: true})
			if len(ds.Patients) != 3000 {
				t.Fatalf("%d patients", len(ds.Patients))
			}
			for i, p := range ds.Patients {
				if errs := p.Validate(tc.today); len(errs) != 0 {
					t.Fatalf("patient %d %+v: %v", i, p, errs)
				}
				if p.BirthDate.IsZero() || p.BirthDate.Time().After(tc.today) {
					t.Fatalf("patient %d born %v", i, p.BirthDate)
				}
				if len(p.Address) != 3 || villages[p.Address[2]] != p.Address[0]+"/"+p.Address[1] {
					t.Fatalf("patient %d address %q breaks the hierarchy", i, p.Address)
				}
				if !p.ID.IsZero() || p.MRN != "" || !p.Registered.IsZero() {
					t.Fatalf("patient %d has store fields set", i)
				}
				if p.NationalID != "" && (len(p.NationalID) != 14 || p.NationalID != strings.ToUpper(p.NationalID)) {
					t.Fatalf("patient %d national ID %q", i, p.NationalID)
				}
			}
			id := model.NewID()
			for k, v := range ds.Visits {
				e := v.Encounter
				if !e.PatientID.IsZero() {
					t.Fatalf("visit %d has a patient ID", k)
				}
				e.PatientID = id
				if err := e.Validate(tc.today); err != nil {
					t.Fatalf("visit %d %+v: %v", k, e, err)
				}
				birth := ds.Patients[v.Patient].BirthDate.Time()
				if e.Start.Before(birth) || e.Start.Before(tc.today.AddDate(-chartYears, 0, -1)) {
					t.Fatalf("visit %d starts %v, birth %v", k, e.Start, birth)
				}
				if e.End.After(tc.today) || (!e.End.IsZero() && e.End.Before(e.Start)) {
					t.Fatalf("visit %d ends %v, starts %v", k, e.End, e.Start)
				}
				if e.Type == model.EncInpatient {
					if e.Ward == "" {
						t.Fatalf("admission %d without a ward", k)
					}
					if e.End.IsZero() && tc.today.Sub(e.Start) > 15*24*time.Hour {
						t.Fatalf("admission %d started %v still open", k, e.Start)
					}
					if days := calendarDays(e.Start, e.End); !e.End.IsZero() && (days < 1 || days > 14) {
						t.Fatalf("admission %d lasts %d days: %v – %v", k, days, e.Start, e.End)
					}
				}
				if e.Reason == "" || len(e.Diagnoses) == 0 || e.Clinician == "" {
					t.Fatalf("visit %d incomplete: %+v", k, e)
				}
				if len(v.Notes) > 2 {
					t.Fatalf("visit %d has %d notes", k, len(v.Notes))
				}
				hi := e.End
				if hi.IsZero() {
					hi = tc.today
				}
				for _, n := range v.Notes {
					if n.Written.Before(e.Start) || n.Written.After(hi) {
						t.Fatalf("note written %v outside %v – %v", n.Written, e.Start, hi)
					}
					if err := model.ValidateUsername(n.Author); err != nil || n.Title == "" || n.Text == "" ||
						strings.Contains(n.Text, "{") || n.SignedBy != "" || !n.PatientID.IsZero() {
						t.Fatalf("bad note %+v", n)
					}
				}
				if k > 0 && ds.Visits[k-1].Patient == v.Patient && ds.Visits[k-1].Encounter.Start.After(e.Start) {
					t.Fatalf("visits of patient %d not in date order", v.Patient)
				}
			}
		})
	}
}

func TestNearDuplicates(t *testing.T) {
	ds := Generate(Config{Patients: 5000, Seed: 2024, Today: testToday})
	share := float64(len(ds.DuplicateOf)) / float64(len(ds.Patients))
	if share < 0.05 || share > 0.12 {
		t.Fatalf("near-duplicate share %.3f, want 0.05–0.12", share)
	}
	changedName := 0
	for d, o := range ds.DuplicateOf {
		if o >= d || o < 0 {
			t.Fatalf("duplicate %d points at %d", d, o)
		}
		if _, dup := ds.DuplicateOf[o]; dup {
			t.Fatalf("duplicate %d points at another duplicate %d", d, o)
		}
		dp, op := ds.Patients[d], ds.Patients[o]
		if reflect.DeepEqual(dp, op) {
			t.Fatalf("duplicate %d is identical to %d", d, o)
		}
		if !reflect.DeepEqual(dp.Address, op.Address) {
			t.Fatalf("duplicate %d moved village: %q vs %q", d, dp.Address, op.Address)
		}
		if dp.GivenName != op.GivenName || dp.FamilyName != op.FamilyName {
			changedName++
		}
	}
	// Most duplicates are name variants; the rest differ in birth date.
	if changedName < len(ds.DuplicateOf)/2 {
		t.Fatalf("only %d of %d duplicates have a different name", changedName, len(ds.DuplicateOf))
	}
}

func TestVariety(t *testing.T) {
	const n = 5000
	ds := Generate(Config{Patients: n, Seed: 1, Today: testToday})
	var single, estimated, accented, restricted, unknownSex, phone, other, nid, kin, legacy, alerts, underFive, women int
	for _, p := range ds.Patients {
		age := p.BirthDate.AgeYears(testToday)
		count := func(c *int, ok bool) {
			if ok {
				*c++
			}
		}
		count(&single, p.FamilyName == "")
		count(&estimated, p.BirthEstimated)
		count(&accented, !isASCII(p.GivenName+p.FamilyName))
		count(&restricted, p.Restricted)
		count(&unknownSex, p.Sex == model.SexUnknown)
		count(&phone, p.Phone != "")
		count(&other, len(p.OtherNames) > 0)
		count(&nid, p.NationalID != "")
		count(&kin, p.NextOfKin != "")
		count(&legacy, len(p.LegacyCharts) > 0)
		count(&alerts, len(p.Alerts) > 0)
		count(&underFive, age < 5)
		count(&women, p.Sex == model.SexFemale && age >= 15 && age < 45)
		if p.Phone != "" && !model.ValidPhone(p.Phone) {
			t.Fatalf("phone %q", p.Phone)
		}
	}
	for _, c := range []struct {
		name     string
		got      int
		min, max float64
	}{
		{"single name", single, 0.003, 0.03},
		{"estimated birth", estimated, 0.03, 0.2},
		{"accented name", accented, 0.03, 0.3},
		{"restricted", restricted, 0.001, 0.015},
		{"sex unknown", unknownSex, 0.0005, 0.01},
		{"phone", phone, 0.6, 0.8},
		{"other names", other, 0.02, 0.1},
		{"national ID", nid, 0.1, 0.4},
		{"next of kin", kin, 0.4, 0.6},
		{"legacy chart", legacy, 0.2, 0.4},
		{"alerts", alerts, 0.01, 0.06},
		{"under five", underFive, 0.12, 0.3},
		{"women 15-44", women, 0.2, 0.4},
	} {
		if share := float64(c.got) / n; share < c.min || share > c.max {
			t.Errorf("%s: %.4f of patients, want %.3f–%.3f", c.name, share, c.min, c.max)
		}
	}
}

func TestChartMix(t *testing.T) {
	ds := Generate(Config{Patients: 4000, Seed: 5, Today: testToday, Charts: true})
	if avg := float64(len(ds.Visits)) / 4000; avg < 1.5 || avg > 2.5 {
		t.Fatalf("%.2f encounters per patient, want about 2", avg)
	}
	types := map[model.EncounterType]int{}
	wards := map[string]bool{}
	titles := map[string]bool{}
	for _, v := range ds.Visits {
		types[v.Encounter.Type]++
		if v.Encounter.Ward != "" {
			wards[v.Encounter.Ward] = true
		}
		for _, n := range v.Notes {
			titles[n.Title] = true
		}
	}
	if types[model.EncOutpatient] <= types[model.EncInpatient]+types[model.EncEmergency] || types[model.EncInpatient] == 0 || types[model.EncEmergency] == 0 {
		t.Fatalf("encounter types %v: want mostly outpatient, some of each", types)
	}
	for _, w := range []string{"Maternity", "Paediatric", "Male Medical", "Female Medical", "Surgical"} {
		if !wards[w] {
			t.Errorf("no admission to %s", w)
		}
	}
	for _, title := range []string{"Clinical note", "Discharge summary", "Nursing note"} {
		if !titles[title] {
			t.Errorf("no %q", title)
		}
	}
	if ds := Generate(Config{Patients: 100, Seed: 5, Today: testToday}); len(ds.Visits) != 0 {
		t.Fatal("visits without Charts")
	}
}

func TestListsHaveNoRepeats(t *testing.T) {
	lists := map[string][]string{}
	for i, c := range cultures {
		n := string(rune('0' + i))
		lists["female"+n], lists["male"+n], lists["family"+n] = c.female, c.male, c.family
	}
	var all []string
	for _, d := range districts {
		all = append(all, d.villages...)
	}
	lists["villages"] = all
	for name, l := range lists {
		seen := map[string]bool{}
		for _, s := range l {
			if seen[s] || strings.TrimSpace(s) != s || s == "" {
				t.Errorf("%s: %q repeated or blank", name, s)
			}
			seen[s] = true
		}
	}
	if len(all) < 100 || len(districts) < 18 {
		t.Errorf("%d villages in %d districts", len(all), len(districts))
	}
}

func TestTypoChangesName(t *testing.T) {
	g := newGenerator(Config{Seed: 3, Today: testToday})
	for _, name := range []string{"Nakato", "Muñoz", "Ssemakula", "Od", "García López", "Zoë"} {
		for range 200 {
			got := typo(g.r, name)
			if got == name || got == "" || !utf8.ValidString(got) || strings.TrimSpace(got) != got {
				t.Fatalf("typo(%q) = %q", name, got)
			}
		}
	}
}

// calendarDays counts midnights between a and b, as wards count a stay.
func calendarDays(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return int(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func BenchmarkPatients(b *testing.B) {
	cfg := Config{Patients: 100_000, Seed: 1, Today: testToday}
	for b.Loop() {
		n := 0
		Patients(cfg, func(int, model.Patient) bool { n++; return true })
		if n != cfg.Patients {
			b.Fatalf("%d patients", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cfg.Patients), "ns/patient")
}
