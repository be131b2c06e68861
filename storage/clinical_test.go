package storage

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

func TestAllergiesProblemsAndBannerFlags(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	if err := clerk.Clinical().AddAllergy(&clinical.AllergyEntry{PatientID: pt.ID, Allergy: clinical.Allergy{Substance: "NKDA"}}); err == nil {
		t.Fatal("NKDA recorded as an allergy")
	}
	if err := clerk.Clinical().AddAllergy(&clinical.AllergyEntry{PatientID: pt.ID, NoneKnown: true}); err != nil {
		t.Fatal(err)
	}
	if l, _ := clerk.Clinical().Lists(pt.ID); !strings.HasPrefix(strings.Join(clinical.Flags(l.Allergies, l.Problems), "|"), "No known allergies") {
		t.Fatal("no known allergies not shown")
	}
	if err := clerk.Clinical().AddAllergy(&clinical.AllergyEntry{PatientID: pt.ID, Allergy: clinical.Allergy{Substance: "Penicillin", Reaction: "rash"}}); err != nil {
		t.Fatal(err)
	}
	hiv := clinical.ProblemEntry{PatientID: pt.ID, Problem: clinical.Problem{Text: "HIV on ART", Status: clinical.ProblemActive, Significant: true}}
	htn := clinical.ProblemEntry{PatientID: pt.ID, Problem: clinical.Problem{Text: "Hypertension", Status: clinical.ProblemActive}}
	for _, p := range []*clinical.ProblemEntry{&hiv, &htn} {
		if err := clerk.Clinical().SaveProblem(p, ""); err != nil {
			t.Fatal(err)
		}
	}
	htn.Status, htn.Resolved = clinical.ProblemResolved, model.DateOf(time.Now())
	if err := clerk.Clinical().SaveProblem(&htn, ""); err == nil {
		t.Fatal("changed a problem without a reason")
	}
	if err := clerk.Clinical().SaveProblem(&htn, "controlled off treatment"); err != nil {
		t.Fatal(err)
	}
	l, err := clerk.Clinical().Lists(pt.ID)
	if err != nil || len(l.Allergies) != 2 || len(l.Problems) != 2 || l.Problems[0].Text != "HIV on ART" {
		t.Fatalf("lists: %v %+v", err, l)
	}
	flags := clinical.Flags(l.Allergies, l.Problems)
	if strings.Join(flags, "|") != "Allergy: Penicillin (rash)|HIV on ART" {
		t.Fatalf("flags: %q", flags)
	}
}

func TestSignedNotesTakeAddendaOnly(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	doc := addUser(t, admin, "doctor1", model.RoleClinician)
	pt := newPatient(t, clerk, "Amina")
	n := model.Note{PatientID: pt.ID, Title: "Ward round", Text: "Afebrile. Continue ACT."}
	if err := doc.Encounters().CreateNote(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Clinical().SignNote(n.ID); err == nil {
		t.Fatal("a clerk signed a note")
	}
	if _, err := doc.Clinical().AddAddendum(n.ID, "later"); err == nil {
		t.Fatal("addendum to an unsigned note")
	}
	if _, err := doc.Clinical().SignNote(n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Clinical().AddAddendum(n.ID, "Lab result: Hb 11.2 g/dL received after signing."); err != nil {
		t.Fatal(err)
	}
	add, err := doc.Clinical().Addenda(pt.ID)
	if err != nil || len(add[n.ID]) != 1 || add[n.ID][0].By != "clerk1" {
		t.Fatalf("addenda: %v %+v", err, add)
	}
	ch, _ := doc.Encounters().Chart(pt.ID)
	if ch.Notes[0].Text != "Afebrile. Continue ACT." || ch.Notes[0].SignedBy != "doctor1" {
		t.Fatalf("the signed note changed: %+v", ch.Notes[0])
	}
}

// A registration alert naming an allergy refuses "no known allergies":
// the chart would say both.
func TestNoKnownAllergiesRefusedOverAnAllergyAlert(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	p := samplePatient("Alert", "Amina")
	p.Alerts = []string{"Allergy: penicillin"}
	if err := clerk.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	err := clerk.Clinical().AddAllergy(&clinical.AllergyEntry{PatientID: p.ID, NoneKnown: true})
	if model.CodeOf(err) != model.Conflict || !strings.Contains(err.Error(), "Allergy: penicillin") {
		t.Fatalf("no known allergies over an allergy alert: %v", err)
	}
	if l, _ := clerk.Clinical().Lists(p.ID); len(l.Allergies) != 0 {
		t.Fatalf("something was recorded: %+v", l.Allergies)
	}
	if err := clerk.Clinical().AddAllergy(&clinical.AllergyEntry{PatientID: p.ID, Allergy: clinical.Allergy{Substance: "Penicillin"}}); err != nil {
		t.Fatal(err)
	}
}
