package ui

import (
	"testing"
	"time"

	"dossier/app/ui/admissions"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestShotsAdmissions renders the Admissions section, its forms and a
// chart's Stays tab, and checks each shows what its picture is for: DOSSIER_SHOTS=DIR go test -run ShotsAdmissions ./app/ui
func TestShotsAdmissions(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	ui.win.Resize(fyne.NewSize(1200, 760))
	shot := func(name string, want ...string) {
		t.Helper()
		shotOf(t, ui, name, want...)
	}
	y, m, d := time.Now().Date()
	day := func(n, h, min int) time.Time { return time.Date(y, m, d-n, h, min, 0, 0, time.Local) }
	admit := func(p model.Patient, at time.Time, ward, bed, by, reason string) model.Encounter {
		e := model.Encounter{PatientID: p.ID, Start: at, Ward: ward, Bed: bed, AdmittedBy: by, Reason: reason}
		if err := ui.h.Session().Admissions().Admit(&e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	// The supervisor admits the restricted patient; the clerk sees only the MRN.
	signInAs(t, ui, "super1")
	admit(demoPatient(t, ui, "Person"), day(1, 16, 20), "Female medical", "2", "Dr Okello", "confidential")
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "clerk1")
	more := []model.Patient{
		{GivenName: "Grace", FamilyName: "Akello", Sex: model.SexFemale, BirthDate: model.Date{Year: 1999, Month: 7, Day: 1}},
		{GivenName: "Sarah", FamilyName: "Atim", Sex: model.SexFemale, BirthDate: model.Date{Year: 2001, Month: 2, Day: 14}},
		{GivenName: "Peter", FamilyName: "Ochieng", Sex: model.SexMale, BirthDate: model.Date{Year: 1957, Month: 11, Day: 3}},
		{GivenName: "Esther", FamilyName: "Nabirye", Sex: model.SexFemale, BirthDate: model.Date{Year: 1970, Month: 4, Day: 20}},
		{GivenName: "Joseph", FamilyName: "Mugisha", Sex: model.SexMale, BirthDate: model.Date{Year: 2019, Month: 9, Day: 9}},
	}
	if err := ui.h.Session().Patients().RegisterMany(more, nil); err != nil {
		t.Fatal(err)
	}
	amina, jose := demoPatient(t, ui, "Nakato"), demoPatient(t, ui, "Muñoz")
	// Amina: an earlier stay that ended, and one now.
	past := admit(amina, day(40, 11, 5), "Maternity", "6", "Dr Achieng", "Prolonged labour")
	if _, err := ui.h.Session().Admissions().Transfer(past.ID, "Theatre recovery", "R1", day(40, 19, 30)); err != nil {
		t.Fatal(err)
	}
	if _, err := ui.h.Session().Admissions().Transfer(past.ID, "Maternity", "6", day(39, 8, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := ui.h.Session().Admissions().Discharge(past.ID, day(36, 10, 0), "home", "Mother and baby well; review at 6 weeks."); err != nil {
		t.Fatal(err)
	}
	now := admit(amina, day(2, 9, 40), "Casualty", "", "Dr Achieng", "Severe malaria, vomiting")
	if _, err := ui.h.Session().Admissions().Transfer(now.ID, "Female medical", "11", day(2, 15, 0)); err != nil {
		t.Fatal(err)
	}
	admit(jose, day(6, 22, 10), "Male medical", "3", "Dr Otieno", "Pneumonia")
	early := day(0, 4, 30)
	if early.After(time.Now()) { // run before half past four
		early = time.Now().Add(-time.Minute)
	}
	admit(more[0], early, "Maternity", "2", "Midwife Auma", "In labour, 6 cm")
	admit(more[1], day(1, 13, 0), "Maternity", "5", "Midwife Auma", "Pre-eclampsia")
	admit(more[2], day(9, 10, 0), "Male medical", "8", "Dr Otieno", "Stroke, right-sided weakness, for physiotherapy")
	admit(more[3], day(3, 11, 45), "Female medical", "4", "Dr Achieng", "Diabetic foot")
	admit(more[4], day(1, 7, 15), "Paediatrics", "C3", "Dr Kato", "Severe dehydration")

	showScreen(ui, func() fyne.CanvasObject { return admissions.Screen(ui.h) })
	shot("admissions", "8 patients admitted: Female medical 3, Male medical 2, Maternity 2, Paediatrics 1.",
		"(restricted record) · TST-", "NAKATO, Amina · TST-")
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 2, Col: 2}) })
	ui.Wait()
	shot("admissions-selected", "is a restricted record: open its chart (you will be asked why) to transfer or discharge.")

	tap(ui, findButton(t, ui, "Admit…"))
	shot("admit-form", "Admit a patient", "(search for the patient first)", "Admit (Enter)")
	setText(ui, findEntry(t, ui, "MRN or name"), "ochieng")
	pressEnter(ui, findEntry(t, ui, "MRN or name"))
	setText(ui, findEntry(t, ui, "e.g. "), "31/02/2025 10:00")
	pressEnter(ui, findEntry(t, ui, "Reason for admission"))
	shot("admit-form-refused", "OCHIENG, Peter · TST-", "February 2025 has 28 days.",
		"Correct the fields marked in red. Nothing was saved yet.")
	setText(ui, findEntry(t, ui, "e.g. "), "now")
	typeWard(ui, wardField(t, ui, "Ward, e.g."), "Male medical")
	pressEnter(ui, findEntry(t, ui, "Reason for admission"))
	shot("admit-form-still-admitted", "OCHIENG, Peter is still admitted in ward Male medical since",
		"discharge that stay first. Nothing was saved.")
	onUI(ui, ui.clearOverlays)

	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 1, Col: 2}) })
	ui.Wait()
	tap(ui, findButton(t, ui, "Transfer…"))
	shot("transfer-form", "Transfer NAKATO, Amina", "Female medical, bed 11, since")
	onUI(ui, ui.clearOverlays)

	tap(ui, findButton(t, ui, "Discharge…"))
	onUI(ui, func() { dropDown(t, ui, "(choose how").SetSelected("Died") })
	setText(ui, findEntry(t, ui, "e.g. "), "01/01/2020 03:40")
	pressEnter(ui, findEntry(t, ui, "e.g. "))
	shot("discharge-form-refused", "Discharge NAKATO, Amina", "is before the admission",
		"For a death, enter the time of death", "Correct the fields marked in red. Nothing was saved yet.")
	onUI(ui, ui.clearOverlays)

	showScreen(ui, func() fyne.CanvasObject { return admissions.StaysTab(ui.h, amina) })
	shot("stays-tab", "2 stays, ", "now in Female medical", "Moved from Maternity to Theatre recovery, bed R1 (recorded by clerk1)",
		"Discharged home — Mother and baby well; review at 6 weeks.")
	showScreen(ui, func() fyne.CanvasObject { return admissions.StaysTab(ui.h, more[3]) })
	tap(ui, findButton(t, ui, "Discharge…"))
	shot("stays-tab-discharge", "Discharge NABIRYE, Esther", "(choose how the patient left)")
}
