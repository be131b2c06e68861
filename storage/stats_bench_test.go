package storage

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/stats"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkStatistics (Linux: it reports CPU time from getrusage) measures the figures at district scale: 200,000
// stays and 2,000,000 visits over five years, i.e. 40,000 stays and
// 400,000 visits a year. The date index is written straight into the
// store (sealed as the store writes it), since a period's figures read
// only its own months: the year measured is filled at full density, and
// DOSSIER_BENCH_YEARS=5 fills the four years before it too (a deeper
// B-tree, a bigger file; the months read are the same).
//
//	go test -run '^$' -bench Statistics -benchtime 3x ./storage/
func BenchmarkStatistics(b *testing.B) {
	years := 1
	if v, err := strconv.Atoi(os.Getenv("DOSSIER_BENCH_YEARS")); err == nil && v > 0 {
		years = v
	}
	_, sess, _ := newTestStore(b)
	if err := sess.Statistics().SaveSettings(statBenchWards(), "bench wards"); err != nil {
		b.Fatal(err)
	}
	stays, visits := 40_000, 400_000
	if os.Getenv("DOSSIER_BENCH_SMALL") != "" { // a tenth, for profiling
		stays, visits = 4_000, 40_000
	}
	start := time.Now()
	for y := 2026 - years + 1; y <= 2026; y++ {
		if err := fillStatIndex(sess, y, stays, visits, uint64(y)); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("filled %d year(s) of %d stays and %d visits in %v", years, stays, visits, time.Since(start).Round(time.Millisecond))
	nov := stats.Month(2026, time.November, time.UTC)
	year := stats.Year(2026, time.UTC)
	for _, c := range []struct {
		name string
		run  func() error
	}{
		{"month", func() error { _, err := sess.Statistics().Compute(StatQuery{Period: nov}); return err }},
		{"year", func() error { _, err := sess.Statistics().Compute(StatQuery{Period: year}); return err }},
		{"notifiable-4-weeks", func() error {
			var ws []stats.Period
			for i := 3; i >= 0; i-- {
				ws = append(ws, stats.Week(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -7*i)))
			}
			_, err := sess.Statistics().Weekly(ws)
			return err
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			runtime.GC()
			cpu0 := processCPU()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			peak := uint64(0)
			b.ReportAllocs()
			for b.Loop() {
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
				runtime.ReadMemStats(&after)
				peak = max(peak, after.HeapInuse)
			}
			cpu := (processCPU() - cpu0) / time.Duration(b.N)
			b.ReportMetric(cpu.Seconds(), "cpu-s/op") // the machine is shared: wall time is not the figure
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB-alloc/op")
			b.ReportMetric(float64(peak-min(peak, before.HeapInuse))/(1<<20), "MB-heap-extra")
		})
	}
}

func statBenchWards() model.StatSettings {
	s := model.StatSettings{Notifiable: model.DefaultNotifiable}
	for i, w := range statBenchWardNames {
		s.Wards = append(s.Wards, model.Ward{ID: w, Name: w, Type: model.WardTypes[i%len(model.WardTypes)],
			Beds: []model.BedChange{{From: model.Date{Year: 2020, Month: 1, Day: 1}, Beds: 40, Bassinets: 10 * (i % 2)}}})
	}
	return s
}

var statBenchWardNames = []string{"MED-F", "MED-M", "SURG", "PAED", "MAT", "ICU", "ORTHO", "ENT"}

var statBenchCodes = []string{"J189", "A09", "B509", "I10", "E119", "J069", "K359", "O800", "O820", "Z370", "S720", "N390",
	"A000", "B059", "I219", "P071", "D649", "L039", "H109", "R509"}

// fillStatIndex writes a year of synthetic entries (sealed, keyed as
// restat keys them), in transactions of 20,000.
func fillStatIndex(sess *Session, year, stays, visits int, seed uint64) error {
	if _, err := sess.ensureStats(); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 17))
	jan := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	entry := func(i int) stats.Encounter {
		e := stats.Encounter{ID: model.NewID(), Patient: model.NewID(), Sex: []string{"F", "M"}[r.IntN(2)],
			Birth: jan.AddDate(-r.IntN(80), 0, -r.IntN(365)), Start: jan.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))}
		n := 1 + r.IntN(3)
		for j := 0; j < n; j++ {
			e.Codes = append(e.Codes, stats.Code{Code: statBenchCodes[r.IntN(len(statBenchCodes))], Principal: j == 0})
		}
		if i < stays {
			e.Type, e.Ward = model.EncInpatient, statBenchWardNames[r.IntN(len(statBenchWardNames))]
			e.End = e.Start.Add(time.Duration(1+r.IntN(240)) * time.Hour)
			e.Disposition = []string{"home", "home", "home", "referred", "died"}[r.IntN(5)]
			if r.IntN(20) == 0 {
				e.Moves = []stats.Move{{At: e.Start.Add(time.Hour), To: statBenchWardNames[r.IntN(len(statBenchWardNames))]}}
			}
			if r.IntN(10) == 0 {
				e.Codes = append(e.Codes, stats.Code{Code: "0DTJ4ZZ", Proc: true})
			}
			if r.IntN(200) == 0 {
				e.End = time.Time{} // still in
			}
		} else {
			e.Type, e.NewYear, e.NewEver = model.EncOutpatient, r.IntN(3) == 0, r.IntN(6) == 0
		}
		return e
	}
	total := stays + visits
	notif := stats.NotifiableCodes(model.DefaultNotifiable)
	for lo := 0; lo < total; lo += 20_000 {
		err := sess.update(func(tx *bolt.Tx) error {
			months, cases := tx.Bucket(bStats).Bucket(bStatMonths), tx.Bucket(bStats).Bucket(bStatNotif)
			for i := lo; i < min(lo+20_000, total); i++ {
				e := entry(i)
				ms, open := e.Months(statZone())
				var tags [][]byte
				for _, m := range ms {
					tags = append(tags, sess.statMonthTag(m))
				}
				if open {
					tags = append(tags, sess.statOpenTag())
				}
				body := encodeStatEntry(e)
				et := sess.statTag("ste", e.ID[:], 8)
				for _, t := range tags {
					k := append(slices.Clip(t), et...)
					if err := months.Put(k, sess.keys.Records.Seal(body, statAAD(k))); err != nil {
						return err
					}
				}
				if stats.IsNotifiable(notif, e) {
					k := append(sess.statNotifTag(ms[0]), et...)
					if err := cases.Put(k, sess.keys.Records.Seal(body, statAAD(k))); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("fill %d: %w", year, err)
		}
	}
	return nil
}
