package demo

import (
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

// Every diagnosis the conditions write has its codes, so the demo's coded
// encounters feed the statistics' top diagnoses and maternity figures.
func TestEveryDiagnosisCoded(t *testing.T) {
	for _, c := range conditions {
		for _, dx := range c.dx {
			if dc, ok := dxCodes[dx]; !ok || len(dc.codes) == 0 {
				t.Errorf("condition %s: %q has no codes in dxCodes", c.key, dx)
			}
		}
	}
}

// The demo's stays leave hospital in every way the statistics count, the
// older encounters are coded (principal first) and the recent ones wait.
func TestOutcomesAndCoding(t *testing.T) {
	today := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	ds := Generate(Config{Patients: 2000, Seed: 3, Today: today, Charts: true})
	ways := map[string]int{}
	var coded, recentCoded, recent int
	for _, v := range ds.Visits {
		e := v.Encounter
		if e.Type == model.EncInpatient && !e.End.IsZero() {
			if !clinical.Disposition(e.Disposition).Valid() {
				t.Fatalf("stay ended without a valid disposition: %q", e.Disposition)
			}
			ways[e.Disposition]++
		}
		if e.Type == model.EncInpatient && e.End.IsZero() && e.Disposition != "" {
			t.Fatalf("open stay has a disposition %q", e.Disposition)
		}
		done := e.End
		if done.IsZero() {
			done = e.Start
		}
		if today.Sub(done) <= codingLag {
			recent++
			if e.CodingStatus == model.CodingDone {
				recentCoded++
			}
			continue
		}
		if e.CodingStatus != model.CodingDone {
			continue
		}
		coded++
		if len(e.Coding) == 0 || !e.Coding[0].Principal || e.Coding[0].Kind != model.ItemDiagnosis || e.CodedAt.After(today) {
			t.Fatalf("coded encounter badly formed: %+v", e.Coding)
		}
	}
	for _, d := range []clinical.Disposition{clinical.DispHome, clinical.DispDied, clinical.DispReferred, clinical.DispLeftAgainstAdvice} {
		if ways[string(d)] == 0 {
			t.Errorf("no stay ended %q (%v)", d, ways)
		}
	}
	if coded == 0 || recent == 0 || recentCoded != 0 {
		t.Errorf("coded %d old encounters; %d recent, %d of them coded (want some old coded, none recent)", coded, recent, recentCoded)
	}
}
