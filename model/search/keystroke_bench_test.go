package search

import (
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkKeystrokes types names letter by letter as dossier bench does
// (a third with two letters swapped) and reports the per-keystroke p99 for
// a last word of 1–2 letters and of 3+. BENCH_PATIENTS sets the index size
// (default 200,000); BENCH_TRIES=3 keeps the fastest of 3 runs of each
// keystroke, BENCH_SLOWEST=1 logs the slowest keystrokes.
func BenchmarkKeystrokes(b *testing.B) {
	n := 200_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_PATIENTS")); err == nil {
		n = v
	}
	ix, entries := typoIndex(n)
	tries := 1
	if v, err := strconv.Atoi(os.Getenv("BENCH_TRIES")); err == nil {
		tries = v
	}
	b.ResetTimer()
	var short, long []time.Duration
	type slow struct {
		text string
		d    time.Duration
	}
	var all []slow
	for it := 0; it < b.N; it++ {
		rng := rand.New(rand.NewPCG(3, 4))
		for k := 0; k < 300; k++ {
			e := entries[rng.IntN(len(entries))]
			text := strings.ToLower(e.Given + " " + e.Family)
			if k%3 == 0 && len(text) > 4 {
				bs := []byte(text)
				i := 1 + rng.IntN(len(bs)-3)
				bs[i], bs[i+1] = bs[i+1], bs[i]
				text = string(bs)
			}
			for j := 1; j <= len(text); j++ {
				d := time.Hour
				for r := 0; r < tries; r++ { // the fastest of a few: a shared machine's stalls are not the search's
					t0 := time.Now()
					ix.Search(Query{Text: text[:j], Limit: 50, Today: today})
					d = min(d, time.Since(t0))
				}
				all = append(all, slow{text[:j], d})
				if w := strings.Fields(text[:j]); len(w) > 0 && len(w[len(w)-1]) <= 2 && !strings.HasSuffix(text[:j], " ") {
					short = append(short, d)
				} else {
					long = append(long, d)
				}
			}
		}
	}
	p := func(d []time.Duration, q int) float64 {
		slices.Sort(d)
		return float64(d[min(len(d)-1, len(d)*q/100)].Microseconds()) / 1000
	}
	if os.Getenv("BENCH_SLOWEST") != "" {
		slices.SortFunc(all, func(a, b slow) int { return int(b.d - a.d) })
		for _, s := range all[:min(len(all), 40)] {
			b.Logf("%8.2f ms %q", float64(s.d.Microseconds())/1000, s.text)
		}
	}
	b.ReportMetric(p(short, 50), "short-p50-ms")
	b.ReportMetric(p(short, 99), "short-p99-ms")
	b.ReportMetric(p(long, 50), "long-p50-ms")
	b.ReportMetric(p(long, 99), "long-p99-ms")
}

// BenchmarkLoad times taking a snapshot's encodings into a new index (the
// part of unlock after decryption), as storage does on unlock.
func BenchmarkLoad(b *testing.B) {
	n := 200_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_PATIENTS")); err == nil {
		n = v
	}
	_, entries := typoIndex(n)
	data := make([]string, len(entries))
	for i := range entries {
		data[i] = string(entries[i].AppendBinary(nil))
	}
	entries = nil
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var ix *Index
	for it := 0; it < b.N; it++ {
		ix = New()
		if err := ix.LoadEncoded(data); err != nil {
			b.Fatal(err)
		}
		ix.Settle()
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MiB")
	b.ReportMetric(float64(ix.Len()), "patients")
}
