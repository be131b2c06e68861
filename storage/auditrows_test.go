package storage

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
)

// The audit trail names the patient a record belongs to, filters by
// patient and by dates, and a census screen's refreshes are not new views.
func TestAuditRowsNamePatientsAndFilter(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	amina := newPatient(t, clerk, "Amina")
	other := newPatient(t, clerk, "Other")
	e := admit(t, clerk, amina, stayDay(2, 10, 0), "Casualty", "3")
	admit(t, clerk, other, stayDay(2, 11, 0), "Casualty", "4")

	views := func() int {
		rows, err := super.Admin().AuditRows(AuditQuery{AuditFilter: model.AuditFilter{User: "clerk1", Action: model.ActView}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range rows {
			if strings.HasPrefix(r.Detail, "census") {
				n++
			}
		}
		return n
	}
	if _, err := clerk.Admissions().Census(time.Now()); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := clerk.Admissions().CensusRefresh(time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if n := views(); n != 1 {
		t.Fatalf("%d census views audited for one opening and three refreshes, want 1", n)
	}
	if _, err := clerk.Admissions().Census(time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := views(); n != 2 {
		t.Fatalf("%d census views audited for two openings, want 2", n)
	}

	rows, err := super.Admin().AuditRows(AuditQuery{Patient: amina.ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	sawEncounter := false
	for _, r := range rows {
		if r.PatientID != amina.ID {
			t.Fatalf("patient filter let through %+v", r)
		}
		if !strings.Contains(r.Patient, amina.MRN) {
			t.Fatalf("row names %q, want the MRN %s", r.Patient, amina.MRN)
		}
		sawEncounter = sawEncounter || r.Kind == model.KindEncounter && r.Record == e.ID
	}
	if !sawEncounter {
		t.Fatalf("the admission is not among the patient's entries: %+v", rows)
	}

	future := time.Now().Add(time.Hour)
	if rows, err := super.Admin().AuditRows(AuditQuery{AuditFilter: model.AuditFilter{From: future}}, 0); err != nil || len(rows) != 0 {
		t.Fatalf("entries from the future: %d %v", len(rows), err)
	}

	// A reader who may not read records sees entries but no patients.
	rows, err = admin.Admin().AuditRows(AuditQuery{AuditFilter: model.AuditFilter{User: "clerk1"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !admin.Can(model.PermReadRecord) {
		for _, r := range rows {
			if r.Patient != "" {
				t.Fatalf("an administrator without records sees %q", r.Patient)
			}
		}
	}
}

// Each user has their own last folder for each purpose.
func TestFoldersArePerUserAndPurpose(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	if err := clerk.Folders().Remember("scans", "/home/clerk/scans"); err != nil {
		t.Fatal(err)
	}
	if err := super.Folders().Remember("packets", "/home/super/packets"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sess          *Session
		purpose, want string
	}{{clerk, "scans", "/home/clerk/scans"}, {clerk, "packets", ""}, {super, "scans", ""}, {super, "packets", "/home/super/packets"}} {
		if got := c.sess.Folders().Last(c.purpose); got != c.want {
			t.Errorf("%s's %s folder: %q, want %q", c.sess.User().Username, c.purpose, got, c.want)
		}
	}
}
