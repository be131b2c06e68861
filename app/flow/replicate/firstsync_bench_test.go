package replicate

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
	"dossier/storage/vault"
)

// BenchmarkFirstSync: a clinic of DOSSIER_BENCH_PATIENTS patients (1,000
// unless set; no page images; DOSSIER_BENCH_BATCH sets Batch) pushed by its first desk, then pulled,
// verified and applied by a desk that has just joined, over loopback to
// the test server. It reports documents a second by the wall clock and
// a CPU-second of this process (every core counted; the server's own
// work is in its process).
func BenchmarkFirstSync(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("DOSSIER_BENCH_PATIENTS")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.Atoi(os.Getenv("DOSSIER_BENCH_BATCH")); err == nil && v > 0 {
		old := Batch
		Batch = v // documents a request and a transaction
		defer func() { Batch = old }()
	}
	db := freshDB(b)
	a, _ := twoDesks(b)
	ps := make([]model.Patient, n)
	for j := range ps {
		ps[j] = model.Patient{GivenName: "G" + strconv.Itoa(j), FamilyName: "F", Sex: model.SexFemale, BirthDate: model.Date{Year: 1980, Month: time.Month(1 + j%12), Day: 1 + j%28}}
	}
	if err := a.sess.Patients().RegisterMany(ps, nil); err != nil {
		b.Fatal(err)
	}
	syncDesk(b, a, db)
	c, err := NewClient(db, "", "", "", "")
	if err != nil {
		b.Fatal(err)
	}
	var docs int
	var wall, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		file, _, err := a.sess.Sync().Enrol("a long enrolment passphrase", vault.TestKDF)
		if err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(b.TempDir(), "new.dossier")
		s, err := storage.Join(path, file, "a long enrolment passphrase", opts())
		if err != nil {
			b.Fatal(err)
		}
		sess, err := s.SignIn("admin", password)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0, c0 := time.Now(), processCPU()
		res, err := Run(context.Background(), sess, c)
		if err != nil {
			b.Fatal(err)
		}
		wall, cpu = wall+time.Since(t0), cpu+processCPU()-c0
		docs += res.Pulled
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(docs)/float64(b.N), "docs")
	b.ReportMetric(float64(docs)/wall.Seconds(), "docs/s")
	if cpu > 0 {
		b.ReportMetric(float64(docs)/cpu.Seconds(), "docs/cpu-s")
	}
}
