package storage

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

// stayDay is hour:min on the day n days before today, on the ward clock.
func stayDay(n, hour, min int) time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d-n, hour, min, 0, 0, time.Local)
}

func admit(t *testing.T, sess *Session, pt model.Patient, at time.Time, ward, bed string) model.Encounter {
	t.Helper()
	e := model.Encounter{PatientID: pt.ID, Start: at, Ward: ward, Bed: bed, AdmittedBy: "Dr Achieng", Reason: "fever"}
	if err := sess.Admissions().Admit(&e); err != nil {
		t.Fatalf("admit %s to %s: %v", pt.GivenName, ward, err)
	}
	return e
}

func TestAdmitTransferDischarge(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	e := admit(t, clerk, pt, stayDay(4, 10, 0), " Casualty ", "3")
	if e.Type != model.EncInpatient || e.Ward != "Casualty" || e.Clinician != "Dr Achieng" {
		t.Fatalf("admitted %+v", e)
	}
	got, err := clerk.Admissions().Transfer(e.ID, "Female medical", "12", stayDay(4, 14, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Transfers) != 1 || got.Transfers[0].FromWard != "Casualty" || got.Transfers[0].By != "clerk1" {
		t.Fatalf("after transfer: %+v", got.Transfers)
	}
	if _, err := clerk.Admissions().Transfer(e.ID, "ICU", "1", stayDay(2, 2, 30)); err != nil {
		t.Fatal(err)
	}
	got, err = clerk.Admissions().Discharge(e.ID, stayDay(1, 11, 0), "Discharged home", "  review in 2 weeks ")
	if err != nil {
		t.Fatal(err)
	}
	if got.End != stayDay(1, 11, 0) || got.Disposition != string(clinical.DispHome) || got.DischargeNote != "review in 2 weeks" {
		t.Fatalf("after discharge: %+v", got)
	}
	ch, err := clerk.Encounters().Chart(pt.ID)
	if err != nil || len(ch.Encounters) != 1 || len(ch.Encounters[0].Transfers) != 2 || ch.Encounters[0].Disposition != "home" {
		t.Fatalf("chart: %+v %v", ch.Encounters, err)
	}
	if los := clinical.StayOf(ch.Encounters[0]).LengthOfStay(time.Now()); los != 3 {
		t.Errorf("length of stay %d, want 3", los)
	}
	revs, err := clerk.History(model.KindEncounter, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, r := range revs {
		reasons = append(reasons, r.Reason)
	}
	want := []string{"admitted to Casualty", "transfer to Female medical", "transfer to ICU", "discharge: Discharged home"}
	if !slices.Equal(reasons, want) {
		t.Errorf("revision reasons %q, want %q", reasons, want)
	}
	trail, err := admin.Admin().Audit(model.AuditFilter{Record: e.ID, User: "clerk1"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var audited []string
	for _, a := range trail {
		if a.Action == model.ActCreate || a.Action == model.ActEdit {
			audited = append(audited, a.Detail)
		}
	}
	slices.Reverse(audited)
	if !slices.Equal(audited, want) {
		t.Errorf("audited %q, want %q", audited, want)
	}
}

func TestStayChangesRefused(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	other := newPatient(t, clerk, "Grace")
	// open: admitted 5 days ago to Casualty, moved to Medical 4 days ago.
	open := admit(t, clerk, pt, stayDay(5, 10, 0), "Casualty", "3")
	if _, err := clerk.Admissions().Transfer(open.ID, "Medical", "", stayDay(4, 9, 0)); err != nil {
		t.Fatal(err)
	}
	// ended: a stay of another patient, discharged yesterday.
	ended := admit(t, clerk, other, stayDay(3, 8, 0), "Maternity", "")
	if _, err := clerk.Admissions().Discharge(ended.ID, stayDay(1, 12, 0), "home", ""); err != nil {
		t.Fatal(err)
	}
	visit := model.Encounter{PatientID: other.ID, Type: model.EncOutpatient, Start: stayDay(1, 9, 0)}
	if err := clerk.Encounters().Create(&visit); err != nil {
		t.Fatal(err)
	}
	transfer := func(id model.ID, to string, at time.Time) func() error {
		return func() error { _, err := clerk.Admissions().Transfer(id, to, "", at); return err }
	}
	discharge := func(id model.ID, d string, at time.Time) func() error {
		return func() error { _, err := clerk.Admissions().Discharge(id, at, d, ""); return err }
	}
	tests := []struct {
		name  string
		do    func() error
		field string
		msg   string
	}{
		{"transfer before admission", transfer(open.ID, "ICU", stayDay(5, 9, 0)), clinical.FieldTime, "is before the admission"},
		{"transfer before the last transfer", transfer(open.ID, "ICU", stayDay(4, 8, 0)), clinical.FieldTime, "is before the last transfer"},
		{"transfer to the same ward", transfer(open.ID, " medical ", stayDay(1, 9, 0)), clinical.FieldWard, "already in ward Medical"},
		{"transfer a minute before the last", transfer(open.ID, "Casualty", stayDay(4, 8, 59)), clinical.FieldTime, "before the last transfer"},
		{"transfer to nowhere", transfer(open.ID, "  ", stayDay(1, 9, 0)), clinical.FieldWard, "enter the ward"},
		{"transfer in the future", transfer(open.ID, "ICU", time.Now().Add(2*time.Hour)), clinical.FieldTime, "in the future"},
		{"transfer after discharge", transfer(ended.ID, "Medical", stayDay(0, 0, 0)), clinical.FieldStay, "was discharged on"},
		{"transfer of a visit", transfer(visit.ID, "Medical", stayDay(0, 0, 0)), clinical.FieldStay, "not an inpatient stay"},
		{"discharge before admission", discharge(open.ID, "home", stayDay(6, 0, 0)), clinical.FieldTime, "is before the admission"},
		{"discharge before the last transfer", discharge(open.ID, "home", stayDay(4, 8, 0)), clinical.FieldTime, "is before the last transfer"},
		{"discharge without disposition", discharge(open.ID, "", stayDay(0, 0, 0)), clinical.FieldDisposition, "choose how the patient left"},
		{"discharge with an unknown disposition", discharge(open.ID, "escaped", stayDay(0, 0, 0)), clinical.FieldDisposition, "not a way of leaving"},
		{"discharge without a time", discharge(open.ID, "home", time.Time{}), clinical.FieldTime, "enter the date and time of discharge"},
		{"death without a time", discharge(open.ID, "died", time.Time{}), clinical.FieldTime, "time of death"},
		{"discharge in the future", discharge(open.ID, "home", time.Now().Add(time.Hour)), clinical.FieldTime, "in the future"},
		{"discharge twice", discharge(ended.ID, "home", stayDay(0, 0, 0)), clinical.FieldStay, "already discharged"},
	}
	revsOf := func(id model.ID) int { r, _ := clerk.History(model.KindEncounter, id); return len(r) }
	before := []int{revsOf(open.ID), revsOf(ended.ID)}
	for _, tc := range tests {
		err := tc.do()
		field, ok := clinical.StayField(err)
		if !ok || field != tc.field || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v (%+v), want %s: %q", tc.name, err, field, tc.field, tc.msg)
		}
	}
	if after := []int{revsOf(open.ID), revsOf(ended.ID)}; !slices.Equal(before, after) {
		t.Errorf("refused changes wrote revisions: %v then %v", before, after)
	}
	if _, err := clerk.Admissions().Transfer(model.NewID(), "ICU", "", stayDay(0, 0, 0)); !errors.Is(err, ErrNotFound) {
		t.Errorf("transfer of no record: %v", err)
	}
	clin := addUser(t, admin, "doc", model.RoleClinician)
	if _, err := clin.Admissions().Discharge(open.ID, stayDay(0, 0, 0), "home", ""); !errors.Is(err, ErrDenied) {
		t.Errorf("clinician discharged: %v", err)
	}
}

func TestAdmitRefused(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	past := model.Encounter{PatientID: pt.ID, Type: model.EncInpatient, Start: stayDay(40, 9, 0), End: stayDay(30, 9, 0), Ward: "Surgical"}
	if err := clerk.Encounters().Create(&past); err != nil {
		t.Fatal(err)
	}
	open := admit(t, clerk, pt, stayDay(2, 10, 0), "Medical", "")
	tests := []struct {
		name  string
		e     model.Encounter
		field string
		msg   string
	}{
		{"no patient", model.Encounter{Start: stayDay(0, 0, 0), Ward: "ICU"}, clinical.FieldPatient, "choose the patient"},
		{"no time", model.Encounter{PatientID: pt.ID, Ward: "ICU"}, clinical.FieldTime, "enter the date and time of admission"},
		{"in the future", model.Encounter{PatientID: pt.ID, Start: time.Now().Add(time.Hour), Ward: "ICU"}, clinical.FieldTime, "in the future"},
		{"no ward", model.Encounter{PatientID: pt.ID, Start: stayDay(0, 0, 0), Ward: " "}, clinical.FieldWard, "enter the ward"},
		{"still admitted", model.Encounter{PatientID: pt.ID, Start: stayDay(0, 0, 0), Ward: "ICU"}, clinical.FieldStay, "still admitted in ward Medical"},
		{"overlaps a past stay", model.Encounter{PatientID: pt.ID, Start: stayDay(35, 9, 0), End: stayDay(33, 9, 0),
			Disposition: "home", Ward: "ICU"}, clinical.FieldTime, "overlaps the admission"},
		{"overlaps the open stay from before", model.Encounter{PatientID: pt.ID, Start: stayDay(3, 9, 0), End: stayDay(2, 12, 0),
			Disposition: "home", Ward: "ICU"}, clinical.FieldTime, "overlaps the admission"},
		{"discharged without disposition", model.Encounter{PatientID: pt.ID, Start: stayDay(20, 9, 0), End: stayDay(19, 9, 0), Ward: "ICU"},
			clinical.FieldStay, "choose how the patient left"},
	}
	for _, tc := range tests {
		err := clerk.Admissions().Admit(&tc.e)
		field, ok := clinical.StayField(err)
		if !ok || field != tc.field || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %s: %q", tc.name, err, tc.field, tc.msg)
		}
	}
	visit := model.Encounter{PatientID: pt.ID, Type: model.EncOutpatient, Start: stayDay(0, 0, 0), Ward: "OPD"}
	if err := clerk.Admissions().Admit(&visit); err == nil {
		t.Error("admitted an outpatient visit")
	}
	// A whole past stay keyed from the old chart fits between the others.
	old := model.Encounter{PatientID: pt.ID, Start: stayDay(20, 9, 0), End: stayDay(18, 9, 0), Ward: "ICU", Disposition: "referred"}
	if err := clerk.Admissions().Admit(&old); err != nil {
		t.Errorf("past stay: %v", err)
	}
	if _, err := clerk.Admissions().Discharge(open.ID, time.Now().Add(-10*time.Minute), "home", ""); err != nil {
		t.Fatal(err)
	}
	again := admit(t, clerk, pt, time.Now().Add(-5*time.Minute), "Medical", "")
	if again.ID == open.ID {
		t.Fatal("same encounter")
	}
	// Encounters().Create applies the stay rules to a stay that records its course.
	bad := model.Encounter{PatientID: pt.ID, Type: model.EncInpatient, Start: stayDay(60, 9, 0), End: stayDay(59, 9, 0), Disposition: "escaped", Ward: "ICU"}
	if err := clerk.Encounters().Create(&bad); err == nil || !strings.Contains(err.Error(), "not a way of leaving") {
		t.Errorf("create with a bad disposition: %v", err)
	}
}

func TestDiedAndLengthOfStay(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	tests := []struct {
		name     string
		admitted time.Time
		left     time.Time // zero: still admitted
		disp     string
		want     int
	}{
		{"same day", stayDay(10, 8, 0), stayDay(10, 17, 0), "home", 1},
		{"overnight", stayDay(10, 22, 0), stayDay(9, 8, 0), "referred", 1},
		{"three nights", stayDay(10, 9, 0), stayDay(7, 9, 0), "Left against medical advice", 3},
		{"died on the fourth day", stayDay(10, 23, 50), stayDay(7, 3, 40), "died", 3},
		{"admitted today", stayDay(0, 0, 1), time.Time{}, "", 1},
		{"admitted two days ago", stayDay(2, 23, 0), time.Time{}, "", 2},
	}
	for _, tc := range tests {
		pt := newPatient(t, clerk, tc.name)
		e := admit(t, clerk, pt, tc.admitted, "Medical", "")
		if !tc.left.IsZero() {
			var err error
			if e, err = clerk.Admissions().Discharge(e.ID, tc.left, tc.disp, "death certificate issued"); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
		}
		if got := clinical.StayOf(e).LengthOfStay(time.Now()); got != tc.want {
			t.Errorf("%s: %d days, want %d", tc.name, got, tc.want)
		}
		if tc.disp == "died" && (e.Disposition != "died" || clinical.Disposition(e.Disposition).Label() != "Died" || e.End != tc.left) {
			t.Errorf("died: %+v", e)
		}
	}
}

func TestCensus(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	a, b, c := newPatient(t, clerk, "Amina"), newPatient(t, clerk, "Beatrice"), newPatient(t, clerk, "Claire")
	hidden := samplePatient("Hidden", "Person")
	hidden.Restricted = true
	if err := clerk.Patients().Register(&hidden); err != nil {
		t.Fatal(err)
	}
	// a: Casualty day 10 10:00, Medical day 9 14:00 (bed 12), discharged day 5 11:00.
	ea := admit(t, clerk, a, stayDay(10, 10, 0), "Casualty", "3")
	if _, err := clerk.Admissions().Transfer(ea.ID, "Medical", "12", stayDay(9, 14, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Admissions().Discharge(ea.ID, stayDay(5, 11, 0), "home", ""); err != nil {
		t.Fatal(err)
	}
	eb := admit(t, clerk, b, stayDay(8, 9, 0), "maternity", "M2")
	admit(t, clerk, c, stayDay(6, 9, 0), "Medical", "4")
	// The restricted patient is admitted by the supervisor, who may open the record.
	eh := admit(t, super, hidden, stayDay(3, 9, 0), " Maternity", "M5")
	outpatient := model.Encounter{PatientID: c.ID, Type: model.EncOutpatient, Start: stayDay(20, 9, 0)}
	if err := clerk.Encounters().Create(&outpatient); err != nil {
		t.Fatal(err)
	}
	type row struct{ ward, bed, name string }
	tests := []struct {
		name string
		at   time.Time
		want []row
		days []int
	}{
		{"before anyone", stayDay(10, 9, 0), nil, nil},
		{"at the first admission", stayDay(10, 10, 0), []row{{"Casualty", "3", "OKELLO, Amina"}}, []int{1}},
		{"after the transfer", stayDay(9, 15, 0), []row{{"Medical", "12", "OKELLO, Amina"}}, []int{1}},
		{"three in", stayDay(6, 12, 0), []row{{"maternity", "M2", "OKELLO, Beatrice"}, {"Medical", "12", "OKELLO, Amina"}, {"Medical", "4", "OKELLO, Claire"}}, []int{2, 4, 1}},
		{"at the discharge", stayDay(5, 11, 0), []row{{"maternity", "M2", "OKELLO, Beatrice"}, {"Medical", "4", "OKELLO, Claire"}}, []int{3, 1}},
		{"now", time.Now(), []row{{"maternity", "M2", "OKELLO, Beatrice"}, {"Maternity", "M5", "(restricted record)"}, {"Medical", "4", "OKELLO, Claire"}}, []int{8, 3, 6}},
	}
	for _, tc := range tests {
		rows, err := clerk.Admissions().Census(tc.at)
		if err != nil {
			t.Fatal(err)
		}
		var got []row
		var days []int
		for _, r := range rows {
			got = append(got, row{r.Ward, r.Bed, r.Patient.Name})
			days = append(days, r.Days)
		}
		if !slices.Equal(got, tc.want) || !slices.Equal(days, tc.days) {
			t.Errorf("%s: got %v days %v, want %v days %v", tc.name, got, days, tc.want, tc.days)
		}
	}
	rows, err := clerk.Admissions().Census(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Encounter.ID == eh.ID && (r.Patient.MRN != hidden.MRN || !r.Patient.BirthDate.IsZero() || r.Patient.Village != "") {
			t.Errorf("restricted patient not masked for a clerk: %+v", r.Patient)
		}
	}
	counts := WardCounts(rows)
	if want := []WardCount{{"maternity", 2}, {"Medical", 1}}; !slices.Equal(counts, want) {
		t.Errorf("ward counts %v, want %v", counts, want)
	}
	rows, err = super.Admissions().Census(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1].Patient.Name != "PERSON, Hidden" {
		t.Errorf("supervisor census: %+v", rows)
	}
	// Deleting a stay entered by mistake takes it off the census.
	if err := super.Delete(model.KindEncounter, eb.ID, "admitted the wrong patient"); err != nil {
		t.Fatal(err)
	}
	if rows, _ := clerk.Admissions().Census(time.Now()); len(rows) != 2 {
		t.Errorf("deleted stay still counted: %d rows", len(rows))
	}
}
