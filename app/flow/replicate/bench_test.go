package replicate

import (
	"strconv"
	"testing"

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
		if res.Applied != 100 {
			b.Fatalf("applied %d", res.Applied)
		}
	}
}
