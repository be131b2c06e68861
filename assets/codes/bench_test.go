package codes

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"dossier/model/coding"
)

// loadBoth is what the app does on first use: both sets at once, in
// parallel, from the embedded bytes.
func loadBoth(tb testing.TB) []*coding.Set {
	var cm, pcs *coding.Set
	var errCM, errPCS error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); pcs, errPCS = loadSet(pcsData, pcsSnap) }()
	cm, errCM = loadSet(cmData, cmSnap)
	wg.Wait()
	if errCM != nil || errPCS != nil {
		tb.Fatal(errCM, errPCS)
	}
	return []*coding.Set{cm, pcs}
}

// BenchmarkLoad reports decompress+parse+index time for both sets and the
// heap they keep (budget: first use ≤ 300 ms, both sets ≤ 150 MB).
func BenchmarkLoad(b *testing.B) {
	var heap float64
	for i := 0; i < b.N; i++ {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		sets := loadBoth(b)
		books := loadBooks(b)
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&m1)
		heap = float64(m1.HeapAlloc-m0.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(sets)
		runtime.KeepAlive(books)
		b.StartTimer()
	}
	b.ReportMetric(heap, "heap-MB")
	b.ReportMetric(float64(Size()+IndexSize())/(1<<20), "embedded-MB")
}

// loadBooks parses the embedded indexes afresh (Indexes keeps its first
// load), in parallel and with their snapshots as Indexes does.
func loadBooks(tb testing.TB) []*coding.Index {
	data := [][]byte{diseaseIndexData, drugTableData, neoplasmTableData, externalIndexData, pcsIndexData}
	snaps := [][]byte{diseaseIndexSnap, drugTableSnap, neoplasmTableSnap, externalIndexSnap, pcsIndexSnap}
	out := make([]*coding.Index, len(data))
	var wg sync.WaitGroup
	for i, d := range data {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if out[i], err = loadBook(d, snaps[i]); err != nil {
				tb.Error(err)
			}
		}()
	}
	wg.Wait()
	return out
}

// keystrokePhrases are typed a character at a time, as at the keyboard.
var keystrokePhrases = []string{
	"malaria falciparum", "diab type 2 kidney", "pulmonary tuberculosis", "fracture of radius left",
	"road traffic accident", "postpartum haemorrhage", "severe acute malnutrition", "urinary tract infection",
	"otitis media acute", "snake bite", "pneumonia", "hypertension", "appendectomy", "resection appendix open",
	"caesarean section", "dog bite", "anaemia iron deficiency", "E11.9", "0DTJ4ZZ", "gastroenteritis dehydration",
	"amitriptyline overdose intentional", "carcinoma of breast", "secondary liver", "fall from tree", "CCF", "T2DM",
	"sepsis of newborn", "pnuemonia", "motorcycle driver injured in collision with car",
}

// BenchmarkKeystroke searches CM and PCS together, with the indexes and
// the shipped shorthand, on every prefix of every phrase and reports the
// latency percentiles (budget: p99 ≤ 5 ms), plus the time from nothing
// loaded to the first result list (sets and books loaded in parallel).
func BenchmarkKeystroke(b *testing.B) {
	start := time.Now()
	var books []*coding.Index
	done := make(chan struct{})
	go func() { books = loadBooks(b); close(done) }()
	sr := coding.NewSearcher(loadBoth(b)...)
	<-done
	sr.Indexes = books
	sr.Shorthand = coding.Defaults()
	sr.Search("m", 20)
	first := time.Since(start)
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range keystrokePhrases {
			for n := 1; n <= len(p); n++ {
				t := time.Now()
				sr.Search(p[:n], 20)
				lat = append(lat, time.Since(t))
			}
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
	b.ReportMetric(float64(first.Milliseconds()), "first-use-ms")
}

// BenchmarkSearch is the keystroke loop alone, the sets and books loaded
// once beforehand: an op is one keystroke (so allocs/op is per keystroke),
// with the limit the coding desk's list asks for.
func BenchmarkSearch(b *testing.B) {
	sets, err := All()
	if err != nil {
		b.Fatal(err)
	}
	books, err := Indexes()
	if err != nil {
		b.Fatal(err)
	}
	sr := coding.NewSearcher(sets...)
	sr.Indexes = books
	sr.Shorthand = coding.Defaults()
	var qs []string
	for _, p := range keystrokePhrases {
		for n := 1; n <= len(p); n++ {
			qs = append(qs, p[:n])
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sr.Search(qs[i%len(qs)], 60)
	}
}
