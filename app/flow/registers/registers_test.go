package registers

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
)

const pw = "a long password"

func at(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.Local) }

// fixture: a month (November 2026) with a coded visit, a visit in October,
// a stay across the month boundary, a death under 48 hours, a delivery and
// a stay still open.
func fixture(t *testing.T) (admin, clerk *storage.Session) {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := admin.Admin().CreateUser(model.User{Username: "clerk1", FullName: "Clara", Role: model.RoleClerk}, pw); err != nil {
		t.Fatal(err)
	}
	pat := func(given string, sex model.Sex, born int) model.ID {
		p := model.Patient{GivenName: given, FamilyName: "Test", Sex: sex, BirthDate: model.Date{Year: born, Month: 1, Day: 1}}
		if err := admin.Patients().Register(&p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	amina, brian, chloe, dora := pat("Amina", model.SexFemale, 2023), pat("Brian", model.SexMale, 1996), pat("Chloe", model.SexFemale, 1950), pat("Dora", model.SexFemale, 1998)
	dx := func(code, title string, principal bool) model.CodedItem {
		return model.CodedItem{Kind: model.ItemDiagnosis, Code: code, Title: title, Principal: principal, Text: title}
	}
	encs := []model.Encounter{
		{PatientID: amina, Type: model.EncOutpatient, Start: at(11, 3, 9), Clinician: "Dr Okello",
			Coding: []model.CodedItem{dx("A09", "Infectious gastroenteritis", true), dx("E86.0", "Dehydration", false)}},
		{PatientID: brian, Type: model.EncOutpatient, Start: at(10, 20, 9), Clinician: "Dr Okello",
			Coding: []model.CodedItem{dx("J18.9", "Pneumonia", true)}},
		{PatientID: brian, Type: model.EncInpatient, Start: at(10, 28, 14), End: at(11, 2, 10), Ward: "Medical", Disposition: "home",
			Clinician: "Dr Achieng", Coding: []model.CodedItem{dx("J18.9", "Pneumonia", true),
				{Kind: model.ItemProcedure, Code: "5A1955Z", Title: "Ventilation", Text: "ventilation"}}},
		{PatientID: chloe, Type: model.EncInpatient, Start: at(11, 9, 8), End: at(11, 10, 6), Ward: "Medical", Disposition: "died",
			Coding: []model.CodedItem{dx("A00.0", "Cholera", true)}},
		{PatientID: dora, Type: model.EncInpatient, Start: at(11, 14, 22), End: at(11, 16, 10), Ward: "Maternity", Disposition: "home",
			Coding: []model.CodedItem{dx("O80", "Single spontaneous delivery", true), dx("Z37.0", "Single live birth", false)}},
		{PatientID: amina, Type: model.EncInpatient, Start: at(11, 20, 12), Ward: "Paediatric", Diagnoses: []string{"malaria"}},
	}
	if err := admin.Encounters().CreateChartItems(encs, nil); err != nil {
		t.Fatal(err)
	}
	clerk, err = s.SignIn("clerk1", pw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { clerk.Lock("sign-out") })
	return admin, clerk
}

func TestRegisters(t *testing.T) {
	admin, clerk := fixture(t)
	nov := Month(2026, time.November, time.Local)
	col := func(r Register, name string) []string {
		i := -1
		for j, h := range r.Table.Header {
			if h == name {
				i = j
			}
		}
		var out []string
		for _, row := range r.Table.Rows {
			out = append(out, row[i])
		}
		return out
	}
	for _, c := range []struct {
		kind   Kind
		filter func(*Filter)
		column string
		want   string
	}{
		// A09 and E86.0 (the visit), A00.0 (the death), J18.9 (the stay
		// discharged 2 Nov; the October visit is outside), O80 and Z37.0;
		// the open stay is not coded and not discharged.
		{DiseaseIndex, nil, "Code", "A00.0,A09,E86.0,J18.9,O80,Z37.0"},
		{DiseaseIndex, func(f *Filter) { f.Code = "a0" }, "Code", "A00.0,A09"},
		{ProcedureIndex, nil, "Code", "5A1955Z"},
		{ClinicianIndex, nil, "Clinician", "(not recorded),(not recorded),Dr Achieng,Dr Okello"},
		// Admitted or discharged in November: the boundary stay, the death,
		// the delivery, the open stay.
		{AdmissionDischarge, nil, "Admitted", "2026-10-28,2026-11-09,2026-11-14,2026-11-20"},
		{AdmissionDischarge, nil, "Days", "5,1,2,"},
		{DeathRegister, nil, "Name", "TEST, Chloe"},
		{DeathRegister, nil, "", "under 48 h"},
		{BirthRegister, nil, "Outcome of delivery", "Z37.0 Single live birth"},
		{BirthRegister, nil, "Delivery", "O80 Single spontaneous delivery"},
	} {
		f := nov
		if c.filter != nil {
			c.filter(&f)
		}
		r, err := Build(clerk, c.kind, f)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(col(r, c.column), ","); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.kind, c.column, got, c.want)
		}
		if len(r.Patients) != len(r.Table.Rows) || r.Period != "November 2026" {
			t.Errorf("%s: %d patients for %d rows, period %q", c.kind, len(r.Patients), len(r.Table.Rows), r.Period)
		}
	}

	// A clerk reads registers but may not export them; a supervisor or an
	// administrator may, audited.
	r, err := Build(clerk, DeathRegister, nov)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteCSV(clerk, r, &b, "x.csv"); !errors.Is(err, model.Errorf(model.Denied, "")) {
		t.Fatalf("a clerk exported a register: %v", err)
	}
	if err := WriteCSV(admin, r, &b, "x.csv"); err != nil || !strings.Contains(b.String(), "TEST, Chloe") {
		t.Fatalf("CSV %v\n%s", err, b.String())
	}
	b.Reset()
	if err := WritePDF(admin, r, &b, "x.pdf"); err != nil || !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("PDF %v", err)
	}
	if _, err := ParseKind("Death register"); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseKind("nope"); err == nil {
		t.Fatal("an unknown register was accepted")
	}
}
