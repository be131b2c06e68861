package monthlyreport

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	md "dossier/model/dhis2"
	"dossier/model/stats"
	"dossier/storage"
)

const pw = "a long password"

func TestEngineSeriesAndReport(t *testing.T) {
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := model.Patient{GivenName: "A", FamilyName: "B", Sex: model.SexMale, BirthDate: model.Date{Year: 2024, Month: 1, Day: 1}}
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	d := func(m time.Month, day, h int) time.Time { return time.Date(2026, m, day, h, 0, 0, 0, time.Local) }
	encs := []model.Encounter{
		// In from 30 October to 3 November: in at midnight on 1 and 2 November (and on the 3rd's? no: out at 10:00).
		{PatientID: p.ID, Type: model.EncInpatient, Start: d(10, 30, 9), End: d(11, 3, 10), Disposition: "home",
			Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Code: "J18.9", Title: "Pneumonia", Principal: true}}},
		{PatientID: p.ID, Type: model.EncOutpatient, Start: d(11, 10, 9),
			Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Code: "B54", Title: "Malaria", Principal: true}}},
		{PatientID: p.ID, Type: model.EncOutpatient, Start: d(11, 12, 9),
			Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Code: "B54", Title: "Malaria", Principal: true}}},
	}
	if err := admin.Encounters().CreateChartItems(encs, nil); err != nil {
		t.Fatal(err)
	}
	nov := stats.Month(2026, time.November, time.Local)
	ser, err := EngineSeries(admin)(nov)
	if err != nil {
		t.Fatal(err)
	}
	if len(ser.Admissions) != 12 || ser.Admissions[10].Value != 1 || ser.Discharges[11].Value != 1 || ser.Admissions[11].Value != 0 {
		t.Fatalf("by month %+v %+v", ser.Admissions, ser.Discharges)
	}
	if len(ser.Census) != 30 || ser.Census[0].Value != 1 || ser.Census[1].Value != 1 || ser.Census[2].Value != 0 {
		t.Fatalf("census %+v", ser.Census[:4])
	}
	if len(ser.TopDiagnoses) != 2 || !strings.HasPrefix(ser.TopDiagnoses[0].Name, "B54 ") || ser.TopDiagnoses[0].Value != 2 ||
		ser.TopDiagnoses[1].Value != 1 {
		t.Fatalf("top %+v", ser.TopDiagnoses)
	}
	if ser.Pyramid[1].Male != 2 { // two attendances at 2 years old: 1-4
		t.Fatalf("pyramid %+v", ser.Pyramid)
	}
	figs := func(stats.Period) (stats.Figures, error) {
		return stats.Figures{{Figure: stats.FigAdmissions}: 1, {Figure: stats.FigBedOccupancyRate}: 83.333}, nil
	}
	r, err := Build(admin, figs, EngineSeries(admin), md.Month{Year: 2026, Month: time.November})
	if err != nil {
		t.Fatal(err)
	}
	if r.Month != "November 2026" || len(r.Figures) != 2 || r.Figures[1].Value != "83.33%" {
		t.Fatalf("report %+v", r.Figures)
	}
	j, err := Job(admin, figs, EngineSeries(admin), md.Month{Year: 2026, Month: time.November})
	if err != nil || j.Pages() < 2 {
		t.Fatalf("job %v", err)
	}
	// In the clinic's language (Settings): the month, sections and labels.
	c, err := admin.Clinic()
	if err != nil {
		t.Fatal(err)
	}
	c.Language = "pt"
	if err := admin.Admin().UpdateClinic(c, "language"); err != nil {
		t.Fatal(err)
	}
	r, err = Build(admin, figs, EngineSeries(admin), md.Month{Year: 2026, Month: time.November})
	if err != nil {
		t.Fatal(err)
	}
	if r.Month != "novembro de 2026" || r.Figures[0].Section != "Internamento" || r.Figures[0].Label != "Admissões" ||
		r.Figures[1].Label != "Taxa de ocupação de camas" || r.Words.Lang() != "pt" {
		t.Fatalf("Portuguese report: %q %+v", r.Month, r.Figures)
	}
}
