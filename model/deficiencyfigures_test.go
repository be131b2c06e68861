package model

import (
	"math"
	"testing"
	"time"
)

func onDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func TestRateAndMedian(t *testing.T) {
	rates := []struct {
		name       string
		delinquent float64
		avg        float64
		want       float64
		ok         bool
	}{
		{"no discharges", 3, 0, 0, false},
		{"none delinquent", 0, 10, 0, true},
		{"under the measure", 4, 10, 0.4, true},
		{"over the measure", 6, 10, 0.6, true},
	}
	for _, c := range rates {
		got, ok := Rate(c.delinquent, c.avg)
		if ok != c.ok || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: Rate(%v, %v) = %v, %v; want %v, %v", c.name, c.delinquent, c.avg, got, ok, c.want, c.ok)
		}
	}
	medians := []struct {
		name string
		v    []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{7}, 7},
		{"odd", []float64{9, 1, 5}, 5},
		{"even", []float64{10, 2, 4, 8}, 6},
	}
	for _, c := range medians {
		if got := Median(c.v); got != c.want {
			t.Errorf("%s: Median(%v) = %v, want %v", c.name, c.v, got, c.want)
		}
	}
}

func TestComputeFigures(t *testing.T) {
	alice, bob := NewID(), NewID()
	encA, encB, encC := NewID(), NewID(), NewID()
	// encA: discharged 1 Jan, summary still missing at 31 Jan (30 days on
	// at the end of January: delinquent), completed 10 Feb.
	lateA := Deficiency{ID: NewID(), EncounterID: encA, Rule: RuleDischargeSummary, Role: RoleClinician, UserID: alice, UserName: "Alice",
		Since: onDay(2026, 1, 1), Discharge: onDay(2026, 1, 1), Status: DefDone, ClosedAt: onDay(2026, 2, 10)}
	// encB: discharged 20 Jan, still open: not delinquent at January's end
	// (11 days), delinquent at February's.
	openB := Deficiency{ID: NewID(), EncounterID: encB, Rule: RuleNotesSigned, Role: RoleClinician, UserName: "Bob (old record)",
		Since: onDay(2026, 1, 20), Discharge: onDay(2026, 1, 20), Status: DefOpen}
	// encC: discharged 2 Feb, waived 5 Feb: complete, never delinquent.
	waivedC := Deficiency{ID: NewID(), EncounterID: encC, Rule: RuleDischargeSummary, Role: RoleCoder,
		Since: onDay(2026, 2, 2), Discharge: onDay(2026, 2, 2), Status: DefWaived, ClosedAt: onDay(2026, 2, 5)}
	// A second deficiency of encA makes no second record.
	codeA := lateA
	codeA.ID, codeA.Rule, codeA.Role, codeA.Status, codeA.ClosedAt = NewID(), RulePrincipalCoded, RoleCoder, DefChecked, onDay(2026, 2, 6)
	// A visit's deficiency ages but is no discharged stay: not in the rate.
	visit := Deficiency{ID: NewID(), EncounterID: NewID(), Rule: RulePrincipalCoded, Role: RoleCoder,
		Since: onDay(2025, 11, 1), Status: DefOpen}
	in := FiguresInput{From: Month{2026, 1}, To: Month{2026, 2}, DelinquentDays: 30,
		Deficiencies: []Deficiency{lateA, openB, waivedC, codeA, visit},
		Discharges: []Discharge{
			{At: onDay(2026, 1, 1), ClinicianID: alice, Clinician: "Alice"},
			{At: onDay(2026, 1, 20), Clinician: "BOB (old record)"},
			{At: onDay(2026, 2, 2), ClinicianID: bob, Clinician: "Bob"},
			{At: onDay(2026, 2, 3), ClinicianID: bob, Clinician: "Bob"},
			{At: onDay(2025, 12, 31), ClinicianID: bob, Clinician: "Bob"}, // before the period
		}}
	f := ComputeFigures(in)
	if len(f.Months) != 2 {
		t.Fatalf("months = %d, want 2", len(f.Months))
	}
	if f.AvgDischarges != 2 {
		t.Errorf("average discharges = %v, want 2", f.AvgDischarges)
	}
	want := []struct {
		discharges, delinquent int
		rate                   float64
	}{{2, 1, 0.5}, {2, 1, 0.5}}
	for i, w := range want {
		m := f.Months[i]
		if m.Discharges != w.discharges || m.Delinquent != w.delinquent || !m.HasRate || m.Rate != w.rate {
			t.Errorf("%s: %+v, want discharges %d delinquent %d rate %v", m.Month, m, w.discharges, w.delinquent, w.rate)
		}
	}
	// January's delinquent record is encA, February's is encB: a record
	// delinquent in one month and completed the next leaves the count.
	if f.Rate != 0.5 || !f.HasRate {
		t.Errorf("period rate = %v, %v; want 0.5", f.Rate, f.HasRate)
	}
	// encA completed 10 Feb (40 days after discharge), encC 5 Feb (3 days):
	// an even count, median 21.5.
	if f.Completed != 2 || f.MedianDays != 21.5 {
		t.Errorf("completed %d median %v, want 2 and 21.5", f.Completed, f.MedianDays)
	}
	byName := map[string]ClinicianFigure{}
	for _, c := range f.Clinicians {
		byName[c.Name] = c
	}
	if a := byName["Alice"]; a.Discharges != 1 || a.AvgDelinquent != 0.5 || a.Rate != 1 {
		t.Errorf("Alice: %+v, want 1 discharge, 0.5 delinquent a month, rate 1", a)
	}
	if b := byName["BOB (old record)"]; b.Discharges != 1 || b.AvgDelinquent != 0.5 {
		t.Errorf("Bob by name on an old record: %+v (clinicians %+v)", b, f.Clinicians)
	}
	if b := byName["Bob"]; b.Discharges != 2 || b.AvgDelinquent != 0 || b.Rate != 0 {
		t.Errorf("Bob: %+v, want 2 discharges, none delinquent", b)
	}
	rules := map[RuleCode]RuleFigure{}
	for _, r := range f.ByRule {
		rules[r.Rule] = r
	}
	if r := rules[RuleDischargeSummary]; r.Raised != 2 || r.Open != 0 {
		t.Errorf("summary filed: %+v, want 2 raised, 0 open", r)
	}
	if r := rules[RuleNotesSigned]; r.Raised != 1 || r.Open != 1 {
		t.Errorf("summary signed: %+v, want 1 raised, 1 open", r)
	}

	// The month still running is measured at now; no discharges: no rate.
	in.From, in.To, in.Discharges, in.Now = Month{2026, 3}, Month{2026, 3}, nil, onDay(2026, 3, 1)
	f = ComputeFigures(in)
	if f.HasRate || f.Months[0].HasRate || f.Months[0].Delinquent != 1 {
		t.Errorf("March with no discharges: %+v", f.Months[0])
	}
}

func TestParseMonth(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Month
		ok   bool
	}{{"2026-03", Month{2026, 3}, true}, {"2026-13", Month{}, false}, {"March", Month{}, false}} {
		got, err := ParseMonth(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseMonth(%q) = %v, %v", c.in, got, err)
		}
	}
}
