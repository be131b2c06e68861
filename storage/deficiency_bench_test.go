package storage

import (
	"slices"
	"testing"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// benchReview measures what chart completion adds to a save: each
// iteration saves one note of the encounter, signed and unsigned in turn
// (so its deficiency closes and opens again: one deficiency written each
// time), and times the evaluation of the encounter in the same
// transaction (flushReview), as every save runs it. It reports the 50th
// and 99th percentiles of that added time.
func benchReview(b *testing.B, sess *Session, enc model.Encounter) {
	n := model.Note{ID: model.NewID(), PatientID: enc.PatientID, EncounterID: enc.ID, Title: "Review",
		Text: "Seen.", Author: "dr", Written: enc.Start.Add(time.Hour)}
	if err := sess.Encounters().CreateChartItems(nil, []model.Note{n}); err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.SignedBy, n.SignedAt = "", time.Time{}
		if i%2 == 0 {
			n.SignedBy, n.SignedAt = "dr", enc.Start.Add(2*time.Hour)
		}
		err := sess.update(func(tx *bolt.Tx) error {
			if err := sess.write(tx, writeOp{kind: model.KindNote, id: n.ID, body: n, op: model.ActEdit, owner: n.PatientID}); err != nil {
				return err
			}
			t0 := time.Now()
			err := sess.flushReview(tx)
			took = append(took, time.Since(t0))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[(len(took)*99)/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkReviewTypicalStay: a discharged stay with 6 notes and 3
// documents, the usual chart.
//
//	go test -run '^$' -bench Review -benchtime 300x ./storage
func BenchmarkReviewTypicalStay(b *testing.B) {
	_, admin, _ := newTestStore(b)
	sess := addUser(b, admin, "super1", model.RoleSupervisor)
	p := samplePatient("Typical", "Stay")
	if err := sess.Patients().Register(&p); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	e := model.Encounter{ID: model.NewID(), PatientID: p.ID, Type: model.EncInpatient, Start: now.AddDate(0, 0, -10),
		End: now.AddDate(0, 0, -5), Ward: "Medical", Clinician: "Dr Okot", Diagnoses: []string{"malaria"}, Disposition: "home"}
	var notes []model.Note
	for i := 0; i < 6; i++ {
		notes = append(notes, model.Note{PatientID: p.ID, EncounterID: e.ID, Title: "Ward round", Text: "Seen.", Author: "dr",
			Written: e.Start.AddDate(0, 0, i)})
	}
	if err := sess.Encounters().CreateChartItems([]model.Encounter{e}, notes); err != nil {
		b.Fatal(err)
	}
	for i, t := range []model.DocType{model.DocAdmission, model.DocLab, model.DocNursing} {
		doc := model.Document{PatientID: p.ID, EncounterID: e.ID, Type: t, Date: model.DateOf(e.Start)}
		if err := sess.Documents().Import(&doc, []NewPage{fakePage(string(rune('a'+i)), 64)}); err != nil {
			b.Fatal(err)
		}
	}
	benchReview(b, sess, e)
}

// BenchmarkReviewBigChart: an encounter of the 200-encounter,
// 1,000-document chart of BenchmarkTimeline.
func BenchmarkReviewBigChart(b *testing.B) {
	_, admin, _ := newTestStore(b)
	sess := addUser(b, admin, "super1", model.RoleSupervisor)
	p := timelineChart(b, sess)
	r := model.DefaultChartRules()
	r.LookBackDays = 0 // the chart's encounters are from 2010 on
	if err := sess.Deficiencies().SaveRules(r, "benchmark"); err != nil {
		b.Fatal(err)
	}
	var enc model.Encounter
	sess.view(func(tx *bolt.Tx) error {
		ids := sess.owned(tx, p.ID, model.KindEncounter)
		enc, _, _ = getRecord[model.Encounter](sess, tx, model.KindEncounter, ids[0])
		return nil
	})
	benchReview(b, sess, enc)
}

// BenchmarkDeficiencyDesk is the desk at district scale: 20,000 open
// deficiencies of 5,000 patients. "cold" is the first paint after sign-in
// (the queue read from the file and decrypted), "warm" the whole queue
// read again (from memory, decoded and sorted already), "filter" a filter
// change (one clinician's list, from memory).
//
//	go test -run '^$' -bench DeficiencyDesk -benchtime 10x ./storage
func BenchmarkDeficiencyDesk(b *testing.B) {
	s, admin, _ := newTestStore(b)
	sess := addUser(b, admin, "super1", model.RoleSupervisor)
	ps := make([]model.Patient, 5000)
	for i := range ps {
		ps[i] = model.Patient{GivenName: "Given", FamilyName: "Family", Sex: model.SexFemale}
	}
	if err := sess.Patients().RegisterMany(ps, nil); err != nil {
		b.Fatal(err)
	}
	list, err := sess.Patients().List(false)
	if err != nil {
		b.Fatal(err)
	}
	doctors := make([]model.ID, 40)
	for i := range doctors {
		doctors[i] = model.NewID()
	}
	now := time.Now()
	for start := 0; start < 20000; start += 5000 {
		err := sess.update(func(tx *bolt.Tx) error {
			for i := start; i < start+5000; i++ {
				d := model.Deficiency{ID: model.NewID(), PatientID: list[i%len(list)].ID, EncounterID: model.NewID(),
					Rule: model.RuleDischargeSummary, Missing: "write and sign the discharge summary", Role: model.RoleClinician,
					UserID: doctors[i%len(doctors)], UserName: "Dr Okot", Since: now.AddDate(0, 0, -i%90), Due: now,
					Discharge: now.AddDate(0, 0, -i%90), Status: model.DefOpen}
				if err := sess.putDeficiency(tx, d, model.ActCreate, "bench"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("cold", func(b *testing.B) {
		start := cpuMillis()
		defer func() { reportCPU(b, start) }()
		for i := 0; i < b.N; i++ {
			s.defMu.Lock()
			s.defQueue = nil
			s.defMu.Unlock()
			rows, err := sess.Deficiencies().Open(DeficiencyFilter{})
			if err != nil || len(rows) != 20000 {
				b.Fatalf("%d rows: %v", len(rows), err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		start := cpuMillis()
		defer func() { reportCPU(b, start) }()
		for i := 0; i < b.N; i++ {
			rows, err := sess.Deficiencies().Open(DeficiencyFilter{})
			if err != nil || len(rows) != 20000 {
				b.Fatalf("%d rows: %v", len(rows), err)
			}
		}
	})
	b.Run("filter", func(b *testing.B) {
		start := cpuMillis()
		defer func() { reportCPU(b, start) }()
		for i := 0; i < b.N; i++ {
			rows, err := sess.Deficiencies().Open(DeficiencyFilter{UserID: doctors[i%len(doctors)], Role: model.RoleClinician})
			if err != nil || len(rows) != 500 {
				b.Fatalf("%d rows: %v", len(rows), err)
			}
		}
	})
}
