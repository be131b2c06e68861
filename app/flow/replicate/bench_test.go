package replicate

import (
	"strconv"
	"testing"
	"time"

	"dossier/model"
)

// BenchmarkPushPull100 pushes 100 changes from one desk and pulls and
// applies them on another, over loopback to the test server.
func BenchmarkPushPull100(b *testing.B) {
	db := freshDB(b)
	x, y := twoDesks(b)
	syncDesk(b, x, db)
	syncDesk(b, y, db)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ps := make([]model.Patient, 100)
		for j := range ps {
			ps[j] = model.Patient{GivenName: "G" + strconv.Itoa(j), FamilyName: "F", Sex: model.SexMale, BirthDate: model.Date{Year: 1990, Month: 2, Day: 3}}
		}
		if err := x.sess.Patients().RegisterMany(ps, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		syncDesk(b, x, db)
		res := syncDesk(b, y, db)
		if res.Applied < 100 { // a registration writes more than the patient's revision (200 here)
			b.Fatalf("applied %d", res.Applied)
		}
	}
}

// BenchmarkPageImages pushes eight scanned pages (a 1 MB original, a
// 90 KB display image and a 6 KB thumbnail each) from one desk and pulls
// them on another, and reports the image megabytes a second each way.
func BenchmarkPageImages(b *testing.B) {
	db := freshDB(b)
	x, y := twoDesks(b)
	supX := supervisor(b, x)
	syncDesk(b, x, db)
	syncDesk(b, y, db)
	var push, pull time.Duration
	var bytes int
	for i := 0; i < b.N; i++ {
		for j := 0; j < 8; j++ {
			_, np := scan(b, supX, 1<<20)
			bytes += len(np.Original) + len(np.Display) + len(np.Thumb)
		}
		t0 := time.Now()
		syncDesk(b, x, db)
		t1 := time.Now()
		if res := syncDesk(b, y, db); res.Images != 24 {
			b.Fatalf("desk B got %d images whole, want 24", res.Images)
		}
		push, pull = push+t1.Sub(t0), pull+time.Since(t1)
	}
	b.ReportMetric(float64(bytes)/1e6/push.Seconds(), "push-MB/s")
	b.ReportMetric(float64(bytes)/1e6/pull.Seconds(), "pull-MB/s")
}
