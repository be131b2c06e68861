package storage

import (
	"context"
	"errors"
	"testing"

	"dossier/model"
	"dossier/model/search"
)

func TestDuplicateCheckAtRegistration(t *testing.T) {
	_, sess, _ := newTestStore(t)
	orig := samplePatient("Amina", "Nakato")
	if err := sess.Patients().Register(&orig); err != nil {
		t.Fatal(err)
	}
	other := samplePatient("Peter", "Okello")
	other.Sex, other.NationalID, other.Phone = model.SexMale, "", ""
	other.BirthDate, other.Address = model.Date{Year: 1961, Month: 8, Day: 30}, []string{"Western", "Kasese", "Bwera"}
	sess.Patients().Register(&other)

	typo := samplePatient("Aminah", "Nakatto")
	typo.NationalID = ""
	cands, err := sess.Duplicates().Likely(typo)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 1 || cands[0].ID != orig.ID || len(cands[0].Agree) == 0 {
		t.Fatalf("candidates %+v", cands)
	}
	if err := sess.Duplicates().RegisterNotDuplicate(&typo, []model.ID{orig.ID}); err != nil {
		t.Fatal(err)
	}
	// Remembered: the scan does not propose the pair.
	sup := addUser(t, sess, "super1", model.RoleSupervisor)
	res, err := sup.Duplicates().Scan(context.Background(), nil)
	if err != nil || res.Open != 0 || res.Capped() {
		t.Fatalf("scan proposed %+v (%v) after not-a-duplicate", res, err)
	}
	e, _ := sess.Admin().Audit(model.AuditFilter{Action: model.ActNotDuplicate}, 0)
	if len(e) != 1 {
		t.Fatalf("confirmation not audited: %+v", e)
	}
}

func TestScanMergeAndUnmerge(t *testing.T) {
	_, sess, _ := newTestStore(t)
	a := samplePatient("Amina", "Nakato")
	b := samplePatient("Aminah", "Nakatto")
	b.NationalID, b.Phone, b.LegacyCharts = "", "0700 111222", []string{"OPD/2010/1"}
	sess.Patients().RegisterMany([]model.Patient{a, b}, nil)
	list, _ := sess.Patients().List(false)
	a.ID, b.ID = list[0].ID, list[1].ID
	clerk := addUser(t, sess, "clerk1", model.RoleClerk)
	enc := model.Encounter{PatientID: b.ID, Type: model.EncOutpatient, Start: wallNow().AddDate(0, 0, -3), Reason: "malaria"}
	clerk.Encounters().Create(&enc)
	note := model.Note{PatientID: b.ID, Title: "Visit", Text: "fever"}
	clerk.Encounters().CreateNote(&note)

	sup := addUser(t, sess, "super1", model.RoleSupervisor)
	if _, err := clerk.Duplicates().Scan(context.Background(), nil); err == nil {
		t.Fatal("a clerk ran the duplicate scan")
	}
	res, err := sup.Duplicates().Scan(context.Background(), nil)
	if err != nil || res.Open != 1 || res.Found != 1 || res.Kept != 1 {
		t.Fatalf("scan: %+v, %v", res, err)
	}
	queue, _ := sup.Duplicates().Queue()
	pa, _, _ := sup.Patients().Get(a.ID)
	pb, _, _ := sup.Patients().Get(b.ID)
	chosen := pa
	chosen.Phone = pb.Phone // field-by-field choice
	mergeID, err := sup.Duplicates().Merge(a.ID, b.ID, chosen, "same woman registered twice", false)
	if err != nil {
		t.Fatal(err)
	}
	got, _, _ := sup.Patients().Get(a.ID)
	if got.Phone != pb.Phone || len(got.FormerMRNs) != 1 || got.FormerMRNs[0] != pb.MRN {
		t.Fatalf("survivor after merge: %+v", got)
	}
	ch, _ := sup.Encounters().Chart(a.ID)
	if len(ch.Encounters) != 1 || len(ch.Notes) != 1 {
		t.Fatalf("chart not moved: %d encounters, %d notes", len(ch.Encounters), len(ch.Notes))
	}
	rs, err := sup.Patients().Search(search.Query{Text: pb.MRN}, false)
	if err != nil || len(rs) != 1 || rs[0].ID != a.ID {
		t.Fatalf("old MRN does not find the survivor: %+v %v", rs, err)
	}
	rs, _ = sup.Patients().Search(search.Query{Text: "OPD/2010/1"}, false)
	if len(rs) != 1 || rs[0].ID != a.ID {
		t.Fatalf("old chart number after merge: %+v", rs)
	}
	if list, _ := sup.Patients().List(false); len(list) != 1 {
		t.Fatalf("merged patient still listed: %d", len(list))
	}
	if q, _ := sup.Duplicates().Queue(); len(q) != 0 {
		t.Fatalf("merged pair still queued: %+v (was %+v)", q, queue)
	}

	if err := sup.Duplicates().Unmerge(mergeID, "they are twins"); err != nil {
		t.Fatal(err)
	}
	ra, _, _ := sup.Patients().Get(a.ID)
	rb, _, _ := sup.Patients().Get(b.ID)
	if ra.Phone != pa.Phone || len(ra.FormerMRNs) != 0 || !rb.MergedInto.IsZero() || rb.Phone != pb.Phone {
		t.Fatalf("unmerge not exact: %+v / %+v", ra, rb)
	}
	chB, _ := sup.Encounters().Chart(b.ID)
	chA, _ := sup.Encounters().Chart(a.ID)
	if len(chB.Encounters) != 1 || len(chB.Notes) != 1 || len(chA.Encounters) != 0 {
		t.Fatalf("records not returned: b %d/%d, a %d", len(chB.Encounters), len(chB.Notes), len(chA.Encounters))
	}
	rs, _ = sup.Patients().Search(search.Query{Text: pb.MRN}, false)
	if len(rs) != 1 || rs[0].ID != b.ID {
		t.Fatalf("MRN after unmerge: %+v", rs)
	}
	if err := sup.Duplicates().Unmerge(mergeID, "again"); err == nil {
		t.Fatal("unmerged twice")
	}
	if q, _ := sup.Duplicates().Queue(); len(q) != 1 {
		t.Fatalf("pair not back in the queue: %d", len(q))
	}
	if _, probs, _ := sup.Admin().VerifyAudit(); len(probs) > 0 {
		t.Fatal(probs)
	}
}

func TestMergeAcrossRestrictionsNeedsConfirmation(t *testing.T) {
	_, sess, _ := newTestStore(t)
	a, b := samplePatient("Amina", "Nakato"), samplePatient("Amina", "Nakato")
	b.Restricted = true
	sess.Patients().RegisterMany([]model.Patient{a, b}, nil)
	sup := addUser(t, sess, "super1", model.RoleSupervisor)
	list, _ := sup.Patients().List(false)
	pa, _, _ := sup.Patients().Get(list[0].ID)
	other := list[1].ID
	if pa.Restricted {
		pa, _, _ = sup.Patients().Get(list[1].ID)
		other = list[0].ID
	}
	if _, err := sup.Duplicates().Merge(pa.ID, other, pa, "duplicate", false); !errors.Is(err, ErrRestrictionDiffers) {
		t.Fatalf("got %v", err)
	}
	if _, err := sup.Duplicates().Merge(pa.ID, other, pa, "duplicate", true); err != nil {
		t.Fatal(err)
	}
	got, _, _ := sup.Patients().Get(pa.ID)
	if !got.Restricted {
		t.Fatal("restriction lost in the merge")
	}
}
