package storage

import (
	"fmt"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

// timelineChart fills a store with one patient's big chart: 200
// encounters, 1,000 scanned documents of one or two small pages (every
// third one keyed) and 100 notes. It returns the patient.
func timelineChart(tb testing.TB, sess *Session) model.Patient {
	tb.Helper()
	p := samplePatient("Big", "Chart")
	if err := sess.Patients().Register(&p); err != nil {
		tb.Fatal(err)
	}
	base := time.Date(2010, 1, 1, 9, 0, 0, 0, time.UTC)
	encs := make([]model.Encounter, 200)
	for i := range encs {
		encs[i] = model.Encounter{ID: model.NewID(), PatientID: p.ID, Type: model.EncOutpatient, Start: base.AddDate(0, 0, 20*i),
			Ward: fmt.Sprintf("Ward %d", i%6), Clinician: "Dr Okot", Reason: "review", Diagnoses: []string{"hypertension"}}
	}
	notes := make([]model.Note, 100)
	for i := range notes {
		notes[i] = model.Note{PatientID: p.ID, EncounterID: encs[i*2].ID, Title: "Review", Text: "Seen and examined.",
			Author: "Dr Okot", Written: encs[i*2].Start.Add(time.Hour)}
	}
	if err := sess.Encounters().CreateChartItems(encs, notes); err != nil {
		tb.Fatal(err)
	}
	types := []model.DocType{model.DocLab, model.DocCaseNote, model.DocNursing, model.DocImaging}
	for i := 0; i < 1000; i++ {
		d := model.DateOf(base.AddDate(0, 0, 4*i))
		doc := model.Document{PatientID: p.ID, EncounterID: encs[i/5].ID, Type: types[i%len(types)], Date: d}
		pages := []NewPage{fakePage(fmt.Sprintf("p%d", i), 64)}
		if i%2 == 0 {
			pages = append(pages, fakePage(fmt.Sprintf("q%d", i), 64))
		}
		if err := sess.Documents().Import(&doc, pages); err != nil {
			tb.Fatal(err)
		}
		if i%3 == 0 && doc.Type == model.DocLab {
			keyed := clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL",
				"collected": fmt.Sprintf("%02d/%02d/%d 08:30", d.Day, int(d.Month), d.Year)}
			if _, err := sess.Transcripts().Save(doc.ID, doc.Pages, keyed); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return p
}

// BenchmarkTimeline is opening a big chart: the time line a chart's first
// paint waits for, including its audit entry.
//
//	go test -run '^$' -bench Timeline -benchtime 20x ./storage
func BenchmarkTimeline(b *testing.B) {
	_, admin, _ := newTestStore(b)
	clerk := addUser(b, admin, "clerk1", model.RoleClerk)
	p := timelineChart(b, clerk)
	b.ResetTimer()
	for b.Loop() {
		tl, err := clerk.Encounters().Timeline(p.ID)
		if err != nil || len(tl.Items) != 1300 {
			b.Fatalf("%v %d", err, len(tl.Items))
		}
	}
}

// BenchmarkPatientDocuments is the Documents tab's read of the same chart,
// for comparison.
func BenchmarkPatientDocuments(b *testing.B) {
	_, admin, _ := newTestStore(b)
	clerk := addUser(b, admin, "clerk1", model.RoleClerk)
	p := timelineChart(b, clerk)
	b.ResetTimer()
	for b.Loop() {
		if docs, err := clerk.Documents().OfPatient(p.ID); err != nil || len(docs) != 1000 {
			b.Fatalf("%v %d", err, len(docs))
		}
	}
}
