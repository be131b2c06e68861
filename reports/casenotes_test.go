package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/printed"
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
	pages := strings.Split(strings.TrimSuffix(text, "\f"), "\f")
	n := pdfPages(t, buf.Bytes())
	if n < 3 || len(pages) != n {
		t.Fatalf("pdfinfo says %d pages, pdftotext gave %d; expected several", n, len(pages))
	}
	for i, pg := range pages {
		for _, want := range []string{"MUÑOZ ÑANDÚ, José", "MRN KDH-0000123-K", "Kasese District Hospital",
			"Confidential — printed by clerk1 on 2026-11-22 10:00 for Ward 3, Dr. Achieng", fmt.Sprintf("Page %d of %d", i+1, n)} {
			if !strings.Contains(pg, want) {
				t.Fatalf("page %d lacks %q:\n%s", i+1, want, pg)
			}
		}
	}
	// The sections come in order, each with its count, and every encounter
	// and note is printed, newest first.
	at := 0
	for _, want := range []string{"Case notes", "Allergy: penicillin", "Encounters (40)", "B54 Unspecified malaria", "Notes (40)",
		"Visit 0: febrile", "Visit 1: febrile", "Visit 20: febrile", "Visit 39: febrile"} {
		i := strings.Index(text[at:], want)
		if i < 0 {
			t.Fatalf("PDF lacks %q after offset %d", want, at)
		}
		at += i + len(want)
	}
	if got := strings.Count(text, "B54 Unspecified malaria"); got != 40 {
		t.Errorf("%d coded diagnoses printed, want 40", got)
	}
	if got := strings.Count(text, "RDT positive"); got != 40 {
		t.Errorf("%d notes printed, want 40", got)
	}
}

// A chart with nothing in it still says so, on one page.
func TestCaseNotesEmptyChart(t *testing.T) {
	cn := CaseNotes{Clinic: model.DefaultClinic("Kasese District Hospital", "KDH"), PrintedBy: "clerk1",
		PrintedAt: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
		Patient:   model.Patient{MRN: "KDH-0000124-H", GivenName: "Amina", FamilyName: "Okello", Sex: model.SexFemale}}
	var buf bytes.Buffer
	if err := WriteCaseNotes(&buf, cn); err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, buf.Bytes())
	if n := pdfPages(t, buf.Bytes()); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	for _, want := range []string{"OKELLO, Amina", "Encounters (0)", "No encounters recorded.", "Notes (0)", "No notes recorded.", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
}

// Issue 13, defect 5: a keyed discharge summary prints every field keyed
// (outcome, medicines, follow-up …) under the stay it is filed to, dated
// once, by the discharge.
func TestCaseNotesPrintEveryKeyedField(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	stay := model.Encounter{ID: model.NewID(), Type: model.EncInpatient, Start: time.Date(2026, 10, 3, 9, 0, 0, 0, time.UTC),
		End: time.Date(2026, 10, 9, 14, 30, 0, 0, time.UTC), Disposition: "home", Ward: "Female medical", Diagnoses: []string{"Severe malaria"}}
	summary := clinical.Transcript{ID: model.NewID(), EncounterID: stay.ID, Template: model.DocDischarge, Status: clinical.TranscriptKeyed,
		First: clinical.Keyed{By: "clerk1", At: now},
		Final: clinical.Entry{"admitted": "03/10/2026", "discharged": "09/10/2026 14:30", "disposition": "home", "principal_diagnosis": "Severe malaria",
			"secondary_diagnoses": "Anaemia", "procedures": "Blood transfusion", "discharge_medications": "artemether-lumefantrine 4 tabs BD 3 days; ferrous sulphate 200 mg OD",
			"follow_up": "MCH clinic in 2 weeks", "follow_up_date": "23/10/2026", "summary": "Admitted with fever and convulsions; improved on IV artesunate.",
			"discharged_by": "Dr Achieng"}}
	loose := clinical.Transcript{ID: model.NewID(), Template: model.DocReferral, Status: clinical.TranscriptAwaitingSecond,
		First: clinical.Keyed{By: "clerk1", At: now},
		Final: clinical.Entry{"date": "01/09/2026", "to": "Kampala Referral Hospital", "reason": "Echocardiogram", "urgency": "routine"}}
	cn := CaseNotes{Clinic: model.DefaultClinic("Kasese District Hospital", "KDH"), PrintedBy: "clerk1", PrintedAt: now, For: "Ward 3",
		Patient:    model.Patient{MRN: "KDH-0000124-H", GivenName: "Amina", FamilyName: "Okello", Sex: model.SexFemale},
		Encounters: []model.Encounter{stay}, Keyed: []clinical.Transcript{summary, loose}, DateOrder: clinical.OrderDMY}
	var buf bytes.Buffer
	if err := WriteCaseNotes(&buf, cn); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(checkPDF(t, buf.Bytes())), " ")
	for _, want := range []string{
		"How the stay ended: Discharged home",
		"Discharge summary, 2026-10-09 (keyed from the scanned pages)",
		"Outcome: Discharged home", "Discharge date and time: 09/10/2026 14:30",
		"Medications on discharge: artemether-lumefantrine 4 tabs BD 3 days; ferrous sulphate 200 mg OD",
		"Follow-up: MCH clinic in 2 weeks", "Follow-up date: 23/10/2026", "Procedures: Blood transfusion",
		"Discharging clinician: Dr Achieng", "Summary: Admitted with fever and convulsions",
		"Keyed documents not filed to an encounter (1)", "Referral letter, 2026-09-01", "awaiting second keying: not yet checked",
		"Receiving facility: Kampala Referral Hospital", "until 2026-10-09 (6 days)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Discharge summary, 2026-10-03") {
		t.Error("the discharge summary is dated by the admission")
	}
}

// Issue 20, item 4: case notes follow the clinic's language: headings,
// labels, the footer and the dates' month names, with the diacritics
// printed (pdftotext reads them back from the embedded font).
func TestCaseNotesInTheClinicsLanguage(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	stay := model.Encounter{ID: model.NewID(), Type: model.EncInpatient, Start: time.Date(2026, 10, 3, 9, 0, 0, 0, time.UTC),
		End: time.Date(2026, 10, 9, 14, 30, 0, 0, time.UTC), Disposition: "home", Ward: "Medicina", Reason: "febre"}
	patient := model.Patient{MRN: "KDH-0000124-H", GivenName: "Conceição", FamilyName: "Gonçalves", Sex: model.SexFemale,
		BirthDate: model.Date{Year: 1990, Month: 5, Day: 2}, Phone: "+258 84 123 4567", Alerts: []string{"Alergia: penicilina"}}
	for _, c := range []struct {
		lang   string
		want   []string
		absent []string
	}{
		{"pt", []string{"Processo clínico", "Episódios (1)", "internamento", "até 2026-10-09 (6 dias)", "enfermaria Medicina",
			"Motivo: febre", "Como terminou o internamento: Alta para casa", "Notas (0)", "Nenhuma nota registada.",
			"Sexo", "Feminino", "Nascimento", "36 anos F", "Telefone", "ALERTAS: Alergia: penicilina",
			"Confidencial — impresso por clerk1 em 2026-11-22 10:00 para Enfermaria 3", "Página 1 de 1", "N.º processo KDH-0000124-H"},
			[]string{"Case notes", "Encounters", "Confidential", "Page 1"}},
		{"fr", []string{"Dossier clinique", "Rencontres (1)", "hospitalisation", "jusqu'au 2026-10-09 (6 jours)", "service Medicina",
			"Motif : febre", "Issue du séjour : Sorti à domicile", "Notes (0)", "Aucune note enregistrée.", "Sexe", "Féminin",
			"Page 1 sur 1"}, []string{"Case notes", "Encounters"}},
		{"sw", []string{"Faili la mgonjwa", "Ziara (1)", "hadi 2026-10-09 (siku 6)", "wodi Medicina", "Ukurasa 1 kati ya 1"}, []string{"Case notes"}},
		{"", []string{"Case notes", "Encounters (1)", "inpatient", "until 2026-10-09 (6 days)", "How the stay ended: Discharged home", "Page 1 of 1"}, nil},
	} {
		cn := CaseNotes{Clinic: model.DefaultClinic("Hospital Rural de Chókwè", "KDH"), PrintedBy: "clerk1", PrintedAt: now, For: "Enfermaria 3",
			Patient: patient, Encounters: []model.Encounter{stay}, DateOrder: clinical.OrderDMY, Words: printed.For(c.lang)}
		var buf bytes.Buffer
		if err := WriteCaseNotes(&buf, cn); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(checkPDF(t, buf.Bytes())), " ")
		for _, want := range append(c.want, "GONÇALVES, Conceição", "Hospital Rural de Chókwè") {
			if !strings.Contains(text, want) {
				t.Errorf("%q: the PDF lacks %q:\n%s", c.lang, want, text)
			}
		}
		for _, no := range c.absent {
			if strings.Contains(text, no) {
				t.Errorf("%q: the PDF still says %q in English", c.lang, no)
			}
		}
	}
}
