package storage

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// openRules lists the rules of the open deficiencies a supervisor sees for
// an encounter.
func openRules(t *testing.T, sess *Session, enc model.ID) map[model.RuleCode]model.Deficiency {
	t.Helper()
	rows, err := sess.Deficiencies().Open(DeficiencyFilter{Encounter: enc})
	if err != nil {
		t.Fatal(err)
	}
	out := map[model.RuleCode]model.Deficiency{}
	for _, r := range rows {
		out[r.Rule] = r.Deficiency
	}
	return out
}

func TestDischargeOpensDeficienciesAndFilingClosesThem(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	doc := addUser(t, admin, "drachieng", model.RoleClinician)
	pt := newPatient(t, clerk, "Amina")

	e := model.Encounter{PatientID: pt.ID, Start: stayDay(20, 10, 0), Ward: "Medical", AdmittedBy: "drachieng",
		Reason: "fever", Diagnoses: []string{"malaria"}}
	if err := clerk.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	if e.ClinicianID != doc.User().ID {
		t.Errorf("the attending typed as a clinician's username was not linked to the user: %+v", e)
	}
	if got := openRules(t, super, e.ID); len(got) != 1 || got[model.RuleAdmissionForm].Role != model.RoleClerk {
		t.Fatalf("after admission want only the admission form missing, got %v", got)
	}
	if _, err := clerk.Admissions().Discharge(e.ID, stayDay(18, 0, 1), "Discharged home", ""); err != nil {
		t.Fatal(err)
	}
	got := openRules(t, super, e.ID)
	for _, r := range []model.RuleCode{model.RuleAdmissionForm, model.RuleDischargeSummary, model.RulePrincipalCoded} {
		if _, ok := got[r]; !ok {
			t.Errorf("after discharge %s is not open: %v", r, got)
		}
	}
	ds := got[model.RuleDischargeSummary]
	if ds.UserID != doc.User().ID || ds.Discharge.IsZero() {
		t.Errorf("the discharge summary is not the attending's, ageing from discharge: %+v", ds)
	}
	// The clinician sees their own; the clerk sees the clerk's.
	mine, err := doc.Deficiencies().Open(DeficiencyFilter{})
	if err != nil || len(mine) != 1 || mine[0].Rule != model.RuleDischargeSummary {
		t.Fatalf("clinician's list %+v %v", mine, err)
	}
	if mine[0].Age != 18 {
		t.Errorf("age %d days, want 18 (from discharge)", mine[0].Age)
	}
	clerks, _ := clerk.Deficiencies().Open(DeficiencyFilter{})
	if len(clerks) != 1 || clerks[0].Rule != model.RuleAdmissionForm {
		t.Fatalf("clerk's list %+v", clerks)
	}

	// Filing the admission form to the stay closes its deficiency, late.
	adm := model.Document{PatientID: pt.ID, EncounterID: e.ID, Type: model.DocAdmission, Date: model.DateOf(stayDay(20, 0, 0))}
	if err := clerk.Documents().Import(&adm, []NewPage{fakePage("adm", 9)}); err != nil {
		t.Fatal(err)
	}
	if _, open := openRules(t, super, e.ID)[model.RuleAdmissionForm]; open {
		t.Fatal("the admission form is filed but its deficiency is still open")
	}
	d, _, err := super.Deficiencies().Get(clerks[0].ID)
	if err != nil || d.Status != model.DefDone || !d.Late || d.ClosedBy != "" {
		t.Fatalf("closed deficiency %+v %v", d, err)
	}
	hist, err := super.History(model.KindDeficiency, d.ID)
	if err != nil || len(hist) < 2 || hist[len(hist)-1].Reason != "completed: file the admission form (late)" {
		t.Fatalf("history %+v %v", hist, err)
	}
	// Checked by the supervisor, refused to the clerk.
	if _, err := clerk.Deficiencies().Check(d.ID); model.CodeOf(err) != model.Denied {
		t.Errorf("a clerk checked a deficiency: %v", err)
	}
	if d, err = super.Deficiencies().Check(d.ID); err != nil || d.Status != model.DefChecked {
		t.Fatalf("check: %+v %v", d, err)
	}

	// A discharge summary note, unsigned, still waits for its signature;
	// signing it closes the deficiency.
	n := model.Note{PatientID: pt.ID, EncounterID: e.ID, Title: "Discharge summary", Text: "home on ACT"}
	if err := doc.Encounters().CreateNote(&n); err != nil {
		t.Fatal(err)
	}
	got = openRules(t, super, e.ID)
	if got[model.RuleDischargeSummary].Target != n.ID || got[model.RuleDischargeSummary].Missing != "sign the discharge summary" {
		t.Fatalf("unsigned summary: %+v", got[model.RuleDischargeSummary])
	}
	if _, err := doc.Clinical().SignNote(n.ID); err != nil {
		t.Fatal(err)
	}
	if _, open := openRules(t, super, e.ID)[model.RuleDischargeSummary]; open {
		t.Fatal("signed summary still open")
	}

	// The coder's deficiency: waived by the supervisor with a reason.
	pc := openRules(t, super, e.ID)[model.RulePrincipalCoded]
	if _, err := super.Deficiencies().Waive(pc.ID, " "); !errors.Is(err, model.ErrWaiverReason) {
		t.Errorf("waived without a reason: %v", err)
	}
	if _, err := super.Deficiencies().Waive(pc.ID, "coded on paper before Dossier"); err != nil {
		t.Fatal(err)
	}
	if got := openRules(t, super, e.ID); len(got) != 0 {
		t.Fatalf("left open: %v", got)
	}
}

func TestRaiseByHandFromAPage(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	addUser(t, admin, "drachieng", model.RoleClinician)
	pt := newPatient(t, clerk, "Amina")
	e := model.Encounter{PatientID: pt.ID, Start: stayDay(3, 10, 0), Ward: "Medical", AdmittedBy: "drachieng"}
	if err := clerk.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	adm := model.Document{PatientID: pt.ID, EncounterID: e.ID, Type: model.DocAdmission, Date: model.DateOf(stayDay(3, 0, 0))}
	if err := clerk.Documents().Import(&adm, []NewPage{fakePage("adm", 9)}); err != nil {
		t.Fatal(err)
	}
	d := model.Deficiency{Target: adm.Pages[0], Problem: model.ProblemSignature}
	if err := clerk.Deficiencies().Raise(&d); err != nil {
		t.Fatal(err)
	}
	if d.Role != model.RoleClinician || d.UserName == "" || d.EncounterID != e.ID || d.Status != model.DefOpen {
		t.Fatalf("raised %+v", d)
	}
	if _, err := clerk.Deficiencies().MarkDone(d.ID, "signed"); model.CodeOf(err) != model.Denied {
		t.Errorf("a clerk marked the clinician's deficiency done: %v", err)
	}
	// Re-evaluating the encounter leaves a hand-raised one alone, and
	// writes nothing when nothing it looks at changed.
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	before := map[model.ID]int{}
	rows, _ := super.Deficiencies().Open(DeficiencyFilter{Encounter: e.ID})
	for _, r := range rows {
		h, _ := super.History(model.KindDeficiency, r.ID)
		before[r.ID] = len(h)
	}
	if _, err := clerk.Admissions().Transfer(e.ID, "Surgical", "2", stayDay(2, 10, 0)); err != nil {
		t.Fatal(err)
	}
	for id, n := range before {
		if h, _ := super.History(model.KindDeficiency, id); len(h) != n {
			t.Errorf("a transfer rewrote a deficiency it does not change: %d revisions, was %d", len(h), n)
		}
	}
	got, _, _ := clerk.Deficiencies().Get(d.ID)
	if got.Status != model.DefOpen {
		t.Fatalf("evaluation touched a hand-raised deficiency: %+v", got)
	}
}

// A change and its deficiencies commit together: when the evaluation
// fails, the discharge is not saved either, and the other way round.
func TestDeficienciesInTheTransactionOfTheChange(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	e := admit(t, clerk, pt, stayDay(5, 10, 0), "Medical", "1")
	queued := func() int {
		n := 0
		s.db.View(func(tx *bolt.Tx) error { n = tx.Bucket(bDefQueue).Stats().KeyN; return nil })
		return n
	}
	before := queued()
	if before != 1 {
		t.Fatalf("queue holds %d after admission, want 1", before)
	}
	reviewFault = func() error { return errors.New("power cut") }
	_, err := clerk.Admissions().Discharge(e.ID, stayDay(1, 11, 0), "Discharged home", "")
	reviewFault = nil
	if err == nil {
		t.Fatal("the discharge saved although its deficiencies were not")
	}
	ch, _ := clerk.Encounters().Chart(pt.ID)
	if !ch.Encounters[0].End.IsZero() || queued() != before {
		t.Fatalf("half a change committed: end %v, queue %d", ch.Encounters[0].End, queued())
	}
	if _, err := clerk.Admissions().Discharge(e.ID, stayDay(1, 11, 0), "Discharged home", ""); err != nil {
		t.Fatal(err)
	}
	if queued() <= before {
		t.Fatalf("the discharge saved without its deficiencies (queue %d)", queued())
	}
}

func TestDeficiencyQueueReadFromTheFile(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	pt := newPatient(t, clerk, "Amina")
	e := admit(t, clerk, pt, stayDay(5, 10, 0), "Medical", "1")
	// A fresh session reads the queue from the file, not memory.
	s.defMu.Lock()
	s.defQueue = nil
	s.defMu.Unlock()
	rows, err := super.Deficiencies().Open(DeficiencyFilter{})
	if err != nil || len(rows) != 1 || rows[0].EncounterID != e.ID || rows[0].Patient.Name == "" {
		t.Fatalf("rows %+v %v", rows, err)
	}
}

// After a key rotation the queue still reads, and a change still finds
// its encounter's deficiencies and items (links re-keyed).
func TestDeficienciesAfterKeyRotation(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	e := admit(t, clerk, pt, stayDay(5, 10, 0), "Medical", "1")
	n := model.Note{PatientID: pt.ID, EncounterID: e.ID, Title: "Ward round", Text: "seen"}
	if err := clerk.Encounters().CreateNote(&n); err != nil {
		t.Fatal(err)
	}
	clerk.Lock(model.ActSignOut)
	if _, err := admin.Admin().RotateKeys(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	clerk, err := s.SignIn("clerk1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	s.defMu.Lock()
	s.defQueue = nil
	s.defMu.Unlock()
	if got := openRules(t, super, e.ID); len(got) != 2 {
		t.Fatalf("after rotation: %v", got)
	}
	adm := model.Document{PatientID: pt.ID, EncounterID: e.ID, Type: model.DocAdmission, Date: model.DateOf(stayDay(5, 0, 0))}
	if err := clerk.Documents().Import(&adm, []NewPage{fakePage("adm", 9)}); err != nil {
		t.Fatal(err)
	}
	got := openRules(t, super, e.ID)
	if _, open := got[model.RuleAdmissionForm]; open || len(got) != 1 {
		t.Fatalf("after filing, rotated store: %v", got)
	}
	var count int
	s.db.View(func(tx *bolt.Tx) error { count = tx.Bucket(bDefLinks).Stats().KeyN; return nil })
	if count < 3 {
		t.Fatalf("links lost in rotation: %d", count)
	}
}

func TestQueuedCodecRoundTrip(t *testing.T) {
	at := time.Date(2026, 6, 5, 11, 0, 0, 0, time.UTC)
	d := model.Deficiency{ID: model.NewID(), PatientID: model.NewID(), EncounterID: model.NewID(), Target: model.NewID(),
		UserID: model.NewID(), Rule: model.RuleManual, Problem: model.ProblemDate, Missing: "date the page — ñ", Role: model.RoleClinician,
		UserName: "Dr Okot", Ward: "Maternity", Since: at, Due: at.AddDate(0, 0, 7), Discharge: at, Status: model.DefDone,
		Late: true, ClosedAt: at.AddDate(0, 0, 9), ClosedBy: "super1", Reason: "r", RaisedBy: "clerk1"}
	got, err := decodeQueued(encodeQueued(d))
	if err != nil || !reflect.DeepEqual(got, d) {
		t.Fatalf("round trip:\n%+v\n%+v\n%v", got, d, err)
	}
	b := encodeQueued(d)
	for _, cut := range []int{0, 1, 20, len(b) - 1} {
		if _, err := decodeQueued(b[:cut]); err == nil {
			t.Errorf("a cut entry (%d bytes) decoded", cut)
		}
	}
}

// A merge moves a patient's deficiencies to the survivor, queue included.
func TestMergeMovesQueuedDeficiencies(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	a, b := newPatient(t, clerk, "Amina"), newPatient(t, clerk, "Aminah")
	e := admit(t, clerk, b, stayDay(5, 10, 0), "Medical", "1")
	if _, err := super.Duplicates().Merge(a.ID, b.ID, a, "registered twice", false); err != nil {
		t.Fatal(err)
	}
	rows, err := super.Deficiencies().Open(DeficiencyFilter{Encounter: e.ID})
	if err != nil || len(rows) != 1 || rows[0].PatientID != a.ID || rows[0].Patient.ID != a.ID {
		t.Fatalf("after merge: %+v %v", rows, err)
	}
}

// A keyed document filed to no visit waits for the clerks; attaching it to
// its stay closes that.
func TestKeyedDocumentAttachedToItsEncounter(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	pt := newPatient(t, clerk, "Amina")
	e := admit(t, clerk, pt, stayDay(5, 10, 0), "Medical", "1")
	d := model.DateOf(stayDay(4, 0, 0))
	doc := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: d}
	if err := clerk.Documents().Import(&doc, []NewPage{fakePage("lab", 9)}); err != nil {
		t.Fatal(err)
	}
	keyed := clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL",
		"collected": fmt.Sprintf("%02d/%02d/%d 08:30", d.Day, int(d.Month), d.Year)}
	if _, err := clerk.Transcripts().Save(doc.ID, doc.Pages, keyed); err != nil {
		t.Fatal(err)
	}
	rows, _ := super.Deficiencies().Open(DeficiencyFilter{Patient: pt.ID, Role: model.RoleClerk})
	var found *DeficiencyRow
	for i := range rows {
		if rows[i].Rule == model.RuleDocumentAttached && rows[i].Target == doc.ID {
			found = &rows[i]
		}
	}
	if found == nil {
		t.Fatalf("keyed document with no visit not listed: %+v", rows)
	}
	views, _ := clerk.Documents().OfPatient(pt.ID)
	doc2 := views[0].Doc
	doc2.EncounterID = e.ID
	if err := clerk.Documents().Update(doc2, views[0].Rev, "belongs to the stay"); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := super.Deficiencies().Get(found.ID); got.Status != model.DefDone {
		t.Fatalf("attached, still %s", got.Status)
	}
}
