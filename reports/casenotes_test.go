package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

func TestCaseNotesNamePatientOnEveryPage(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	cn := CaseNotes{Clinic: model.DefaultClinic("Kasese District Hospital", "KDH"), For: "Ward 3, Dr. Achieng",
		PrintedBy: "clerk1", PrintedAt: now,
		Patient: model.Patient{MRN: "KDH-0000123-K", GivenName: "José", FamilyName: "Muñoz Ñandú", Sex: model.SexMale,
			BirthDate: model.Date{Year: 1980, Month: 5, Day: 2}, Alerts: []string{"Allergy: penicillin"}, Address: []string{"Western", "Kasese", "Bwera"}}}
	for i := 0; i < 40; i++ {
		cn.Encounters = append(cn.Encounters, model.Encounter{Type: model.EncOutpatient, Start: now.AddDate(0, 0, -i*30),
			Reason: "fever", Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "malaria", System: "ICD-10-CM", Version: "2021", Code: "B54", Title: "Unspecified malaria", Principal: true}}})
		cn.Notes = append(cn.Notes, model.Note{Title: "Clinical note", Written: now.AddDate(0, 0, -i*30), Author: "co.mugisha",
			Text: fmt.Sprintf("Visit %d: febrile, RDT positive. Started ACT.", i)})
	}
	var buf bytes.Buffer
	if err := WriteCaseNotes(&buf, cn); err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, buf.Bytes())
	pages := strings.Split(text, "\f")
	if len(pages) < 3 {
		t.Fatalf("expected several pages, got %d", len(pages))
	}
	for i, pg := range pages[:len(pages)-1] {
		if !strings.Contains(pg, "MUÑOZ ÑANDÚ, José") || !strings.Contains(pg, "KDH-0000123-K") || !strings.Contains(pg, "Confidential") {
			t.Fatalf("page %d lacks the patient, MRN or confidentiality line:\n%s", i+1, pg)
		}
	}
	for _, want := range []string{"Allergy: penicillin", "B54 Unspecified malaria", "Visit 39: febrile", "for Ward 3, Dr. Achieng"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}
