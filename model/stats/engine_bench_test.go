package stats

import (
	"math/rand/v2"
	"testing"
	"time"

	"dossier/model"
)

// BenchmarkCompute is the engine alone on a month at district scale:
// ~3,300 stays and ~33,000 visits (see storage's BenchmarkStatistics for
// the index read as well).
func BenchmarkCompute(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	codes := []string{"J189", "A09", "B509", "I10", "E119", "J069", "K359", "O800", "O820", "Z370", "A000", "B059"}
	wards := []string{"MED", "SUR", "MAT", "PAED"}
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var encs []Encounter
	for i := 0; i < 36_000; i++ {
		e := Encounter{ID: model.NewID(), Patient: model.NewID(), Sex: "F", Birth: nov.AddDate(-r.IntN(80), 0, 0),
			Start: nov.Add(time.Duration(r.Int64N(int64(30 * 24 * time.Hour)))), Type: model.EncOutpatient,
			Codes: []Code{{Code: codes[r.IntN(len(codes))], Principal: true}}}
		if i < 3300 {
			e.Type, e.Ward, e.Disposition = model.EncInpatient, wards[r.IntN(4)], "home"
			e.End = e.Start.Add(time.Duration(1+r.IntN(200)) * time.Hour)
		}
		encs = append(encs, e)
	}
	s := fixtureSetup()
	p := Month(2026, time.November, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		Compute(encs, p, s)
	}
}
