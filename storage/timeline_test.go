package storage

import (
	"errors"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

func TestTimelineOrdersAndAttachesTranscripts(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }
	stay := model.Encounter{PatientID: pt.ID, Type: model.EncInpatient, Start: day(2024, 3, 10), End: day(2024, 3, 15),
		Ward: "Female Medical", Reason: "fever", Diagnoses: []string{"malaria"}}
	visit := model.Encounter{PatientID: pt.ID, Type: model.EncOutpatient, Start: day(2023, 6, 1), Reason: "cough"}
	for _, e := range []*model.Encounter{&stay, &visit} {
		if err := clerk.Encounters().Create(e); err != nil {
			t.Fatal(err)
		}
	}
	note := model.Note{PatientID: pt.ID, EncounterID: stay.ID, Title: "Ward round", Text: "Improving.", Written: day(2024, 3, 12)}
	if err := clerk.Encounters().CreateNote(&note); err != nil {
		t.Fatal(err)
	}
	lab := model.Document{PatientID: pt.ID, EncounterID: stay.ID, Type: model.DocLab, Date: model.Date{Year: 2024, Month: 3, Day: 11}}
	if err := clerk.Documents().Import(&lab, []NewPage{fakePage("lab", 9), fakePage("lab2", 9)}); err != nil {
		t.Fatal(err)
	}
	old := model.Document{PatientID: pt.ID, Type: model.DocConsent, Date: model.Date{Year: 2019, Month: 1, Day: 2}, Title: "Surgery consent"}
	if err := clerk.Documents().Import(&old, []NewPage{fakePage("consent", 9)}); err != nil {
		t.Fatal(err)
	}
	keyed := clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL", "collected": "11/03/2024 08:30"}
	tr, err := clerk.Transcripts().Save(lab.ID, lab.Pages, keyed)
	if err != nil {
		t.Fatal(err)
	}
	// A deleted note stays off the time line.
	gone := model.Note{PatientID: pt.ID, Title: "Wrong patient", Text: "x", Written: day(2024, 1, 1)}
	clerk.Encounters().CreateNote(&gone)
	if err := admin.Delete(model.KindNote, gone.ID, "wrong chart"); err != nil {
		t.Fatal(err)
	}

	tl, err := clerk.Encounters().Timeline(pt.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range tl.Items {
		got = append(got, it.Kind+" "+it.Date().String())
	}
	want := []string{"note 2024-03-12", "document 2024-03-11", "encounter 2024-03-10", "encounter 2023-06-01", "document 2019-01-02"}
	if len(got) != len(want) {
		t.Fatalf("items %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("items %v, want %v", got, want)
		}
	}
	labItem, consent := tl.Items[1], tl.Items[4]
	switch {
	case labItem.Document == nil || labItem.Document.Doc.ID != lab.ID || len(labItem.Document.Pages) != 2:
		t.Fatalf("lab item: %+v", labItem)
	case labItem.Transcript == nil || labItem.Transcript.ID != tr.ID || labItem.Transcript.Final["value"] != "11.2":
		t.Fatalf("the transcript is not attached to its document: %+v", labItem.Transcript)
	case labItem.Ward != "Female Medical" || labItem.Type != "Lab result" || labItem.Title != "hb 11.2 g/dL":
		t.Fatalf("lab item: ward %q type %q title %q", labItem.Ward, labItem.Type, labItem.Title)
	case consent.Transcript != nil || consent.Title != "Surgery consent":
		t.Fatalf("consent item: %+v", consent)
	case tl.Items[0].Note == nil || tl.Items[0].Ward != "Female Medical" || tl.Items[0].Type != "Note":
		t.Fatalf("note item: %+v", tl.Items[0])
	case tl.Items[2].Encounter == nil || tl.Items[2].Encounter.ID != stay.ID || tl.Items[2].Title != "fever":
		t.Fatalf("encounter item: %+v", tl.Items[2])
	}

	// Reading the time line is one audited view of the patient.
	entries, err := admin.Admin().Audit(model.AuditFilter{User: "clerk1", Action: model.ActView, Record: pt.ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Detail == "timeline" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d timeline view entries, want 1: %+v", n, entries)
	}
}

func TestTimelineOfRestrictedPatient(t *testing.T) {
	_, admin, _ := newTestStore(t)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	p := samplePatient("Hidden", "Person")
	p.Restricted = true
	if err := super.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	doc := model.Document{PatientID: p.ID, Type: model.DocLab, Date: model.Date{Year: 2020, Month: 1, Day: 1}}
	if err := super.Documents().Import(&doc, []NewPage{fakePage("r", 9)}); err != nil {
		t.Fatal(err)
	}
	if tl, err := clerk.Encounters().Timeline(p.ID); !errors.Is(err, ErrRestricted) || len(tl.Items) != 0 {
		t.Fatalf("clerk read a restricted time line: %v %d", err, len(tl.Items))
	}
	if tl, err := super.Encounters().Timeline(p.ID); err != nil || len(tl.Items) != 1 {
		t.Fatalf("supervisor: %v %+v", err, tl)
	}
	if err := clerk.Patients().BreakGlass(p.ID, "unconscious in casualty"); err != nil {
		t.Fatal(err)
	}
	if tl, err := clerk.Encounters().Timeline(p.ID); err != nil || len(tl.Items) != 1 {
		t.Fatalf("after breaking the glass: %v %+v", err, tl)
	}
	coder := addUser(t, admin, "coder1", model.RoleCoder)
	if _, err := coder.Encounters().Timeline(model.NewID()); err == nil {
		t.Fatal("a patient that does not exist has a time line")
	}
}

// A clerk who may make the blind second keying does not see the first
// keying's values on the time line; the first clerk and supervisors do.
func TestTimelineKeepsSecondKeyingBlind(t *testing.T) {
	_, admin, _ := newTestStore(t)
	c, _ := admin.Clinic()
	c.DoubleEntry = true
	if err := admin.Admin().UpdateClinic(c, "double-key transcriptions"); err != nil {
		t.Fatal(err)
	}
	clerk1 := addUser(t, admin, "clerk1", model.RoleClerk)
	clerk2 := addUser(t, admin, "clerk2", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	pt := newPatient(t, clerk1, "Amina")
	doc := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: model.Date{Year: 2024, Month: 3, Day: 12}}
	if err := clerk1.Documents().Import(&doc, []NewPage{fakePage("lab", 9)}); err != nil {
		t.Fatal(err)
	}
	first := clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL", "collected": "12/03/2024 08:30"}
	if _, err := clerk1.Transcripts().Save(doc.ID, doc.Pages, first); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sess   *Session
		hidden bool
	}{{clerk1, false}, {clerk2, true}, {super, false}} {
		tl, err := tc.sess.Encounters().Timeline(pt.ID)
		if err != nil || len(tl.Items) != 1 {
			t.Fatalf("%s: %v", tc.sess.User().Username, err)
		}
		it := tl.Items[0]
		if it.ValuesHidden != tc.hidden || (it.Transcript.Final["value"] == "") != tc.hidden ||
			(it.Transcript.First.Fields["value"] == "") != tc.hidden || it.Transcript.Status != clinical.TranscriptAwaitingSecond {
			t.Fatalf("%s: hidden %v, transcript %+v", tc.sess.User().Username, it.ValuesHidden, it.Transcript)
		}
	}
}
