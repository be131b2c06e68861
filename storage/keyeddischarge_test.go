package storage

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// Defect 5 of issue 13: outcome and time keyed from a discharge summary
// reach the stay, in the save's transaction, without silently overwriting
// a discharge recorded otherwise.
func TestKeyedDischargeReachesTheStay(t *testing.T) {
	keyedAt := func(n, h, m int) string { return stayDay(n, h, m).Format("02/01/2006 15:04") }
	for _, c := range []struct {
		name string
		// the stay before the keying: discharged at end (zero: open) with how
		end  time.Time
		how  string
		file bool // the summary is filed to the stay
		// keyed
		discharged, disposition string
		admitted                string // keyed admission date: finds the stay of a summary not filed to one
		// the stay after, and what the clerk is told
		wantEnd  time.Time
		wantHow  string
		wantNote string
		wantRevs int // revisions of the stay written by the keying
	}{
		{name: "an open stay is discharged", file: true, discharged: keyedAt(1, 14, 30), disposition: "home",
			wantEnd: stayDay(1, 14, 30), wantHow: "home", wantNote: "The stay is discharged: Discharged home", wantRevs: 1},
		{name: "unrecorded outcome and time are filled", end: stayDay(1, 0, 0), file: true, discharged: keyedAt(1, 14, 30), disposition: "home",
			wantEnd: stayDay(1, 14, 30), wantHow: "home", wantNote: "The stay now records how the patient left (Discharged home) and the time of discharge (14:30)", wantRevs: 1},
		{name: "a summary giving the day only keeps the recorded time", end: stayDay(1, 9, 15), how: "home", file: true, discharged: keyedAt(1, 0, 0), disposition: "home",
			wantEnd: stayDay(1, 9, 15), wantHow: "home"},
		{name: "a different outcome is left and reported", end: stayDay(1, 14, 30), how: "referred", file: true, discharged: keyedAt(1, 14, 30), disposition: "died",
			wantEnd: stayDay(1, 14, 30), wantHow: "referred", wantNote: "The stay keeps its recorded how the patient left: the stay says Referred to another facility, the summary Died. If the summary is right, correct the stay in Admissions."},
		{name: "a different day is left and reported, the missing outcome filled", end: stayDay(2, 0, 0), file: true, discharged: keyedAt(1, 14, 30), disposition: "home",
			wantEnd: stayDay(2, 0, 0), wantHow: "home", wantNote: "the discharge: the stay says", wantRevs: 1},
		{name: "a summary not filed to a stay finds it by the keyed admission date", admitted: stayDay(4, 0, 0).Format("02/01/2006"),
			discharged: keyedAt(1, 14, 30), disposition: "home", wantEnd: stayDay(1, 14, 30), wantHow: "home", wantNote: "The stay is discharged", wantRevs: 1},
		{name: "no stay: the summary is not filed to one", discharged: keyedAt(1, 14, 30), disposition: "home",
			wantHow: "", wantNote: "No stay was discharged: the summary is not filed to an inpatient stay"},
		{name: "a discharge before the admission is refused for the stay, the keying kept", file: true, discharged: keyedAt(9, 14, 30), disposition: "home",
			wantNote: "The stay was not discharged: the discharge"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, admin, _ := newTestStore(t)
			clerk := addUser(t, admin, "clerk1", model.RoleClerk)
			pt := newPatient(t, clerk, "Amina")
			// A stay entered from the ward register, as old stays are.
			e := model.Encounter{PatientID: pt.ID, Type: model.EncInpatient, Start: stayDay(4, 10, 0), Ward: "Female medical", End: c.end, Disposition: c.how}
			if err := clerk.Encounters().Create(&e); err != nil {
				t.Fatal(err)
			}
			doc := model.Document{PatientID: pt.ID, Type: model.DocDischarge, Date: model.DateOf(stayDay(1, 0, 0))}
			if c.file {
				doc.EncounterID = e.ID
			}
			if err := clerk.Documents().Import(&doc, []NewPage{fakePage("d", 9)}); err != nil {
				t.Fatal(err)
			}
			before := revisions(t, clerk, e.ID)
			tr, err := clerk.Transcripts().Save(doc.ID, doc.Pages, clinical.Entry{"discharged": c.discharged, "disposition": c.disposition, "admitted": c.admitted,
				"principal_diagnosis": "Severe malaria", "discharge_medications": "artemether-lumefantrine 4 tabs BD 3 days", "follow_up": "MCH clinic in 2 weeks"})
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := getEncounter(clerk, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.End.Equal(c.wantEnd) || got.Disposition != c.wantHow {
				t.Errorf("stay ends %s %q, want %s %q", got.End, got.Disposition, c.wantEnd, c.wantHow)
			}
			note := strings.Join(tr.Effects, " ")
			if !strings.Contains(note, c.wantNote) || c.wantNote == "" && note != "" {
				t.Errorf("the clerk is told %q, want %q", note, c.wantNote)
			}
			// The diagnoses keyed make a revision of their own.
			var discharges []string
			for _, r := range revisions(t, clerk, e.ID)[len(before):] {
				if strings.HasPrefix(r.Reason, "discharge") {
					discharges = append(discharges, r.Reason)
				}
			}
			if len(discharges) != c.wantRevs {
				t.Fatalf("stay revisions for the discharge %q, want %d", discharges, c.wantRevs)
			}
			for _, r := range discharges {
				if !strings.Contains(r, "discharge summary") {
					t.Errorf("the stay's revision does not name the summary: %q", r)
				}
			}
		})
	}
}

// A correction of the same keying moves what that keying put on the
// stay; a double-keyed summary reaches the stay only once the keyings agree.
func TestKeyedDischargeCorrectedAndDoubleKeyed(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	e := admit(t, clerk, pt, stayDay(4, 10, 0), "Female medical", "12")
	doc := model.Document{PatientID: pt.ID, EncounterID: e.ID, Type: model.DocDischarge, Date: model.DateOf(stayDay(1, 0, 0))}
	if err := clerk.Documents().Import(&doc, []NewPage{fakePage("d", 9)}); err != nil {
		t.Fatal(err)
	}
	fields := clinical.Entry{"discharged": stayDay(1, 14, 30).Format("02/01/2006 15:04"), "disposition": "home", "principal_diagnosis": "Severe malaria"}
	if _, err := clerk.Transcripts().Save(doc.ID, doc.Pages, fields); err != nil {
		t.Fatal(err)
	}
	fields["discharged"], fields["disposition"] = stayDay(1, 16, 45).Format("02/01/2006 15:04"), "referred"
	if _, err := clerk.Transcripts().Save(doc.ID, doc.Pages, fields); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := getEncounter(clerk, e.ID); !got.End.Equal(stayDay(1, 16, 45)) || got.Disposition != "referred" {
		t.Fatalf("after the correction the stay ends %s %q", got.End, got.Disposition)
	}

	c, _ := admin.Clinic()
	c.DoubleEntry = true
	if err := admin.Admin().UpdateClinic(c, "double-key transcriptions"); err != nil {
		t.Fatal(err)
	}
	clerk2 := addUser(t, admin, "clerk2", model.RoleClerk)
	e2 := admit(t, clerk, newPatient(t, clerk, "Beatrice"), stayDay(4, 10, 0), "Female medical", "13")
	doc2 := model.Document{PatientID: e2.PatientID, EncounterID: e2.ID, Type: model.DocDischarge, Date: model.DateOf(stayDay(1, 0, 0))}
	if err := clerk.Documents().Import(&doc2, []NewPage{fakePage("d2", 9)}); err != nil {
		t.Fatal(err)
	}
	fields = clinical.Entry{"discharged": stayDay(1, 14, 30).Format("02/01/2006 15:04"), "disposition": "home", "principal_diagnosis": "Severe malaria"}
	tr, err := clerk.Transcripts().Save(doc2.ID, doc2.Pages, fields)
	if err != nil || !strings.Contains(strings.Join(tr.Effects, " "), "once the two keyings agree") {
		t.Fatalf("first of two keyings: %v %q", err, tr.Effects)
	}
	if got, _, _ := getEncounter(clerk, e2.ID); !got.End.IsZero() {
		t.Fatal("the stay took a keying not yet checked")
	}
	tr, err = clerk2.Transcripts().KeySecond(tr.ID, fields)
	if err != nil || tr.Status != clinical.TranscriptVerified {
		t.Fatalf("second keying: %v %s", err, tr.Status)
	}
	if got, _, _ := getEncounter(clerk, e2.ID); !got.End.Equal(stayDay(1, 14, 30)) || got.Disposition != "home" {
		t.Fatalf("after the keyings agree the stay ends %s %q", got.End, got.Disposition)
	}
}

func getEncounter(sess *Session, id model.ID) (model.Encounter, bool, error) {
	var e model.Encounter
	var m model.Revision
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		e, m, err = getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
		return err
	})
	return e, m.Deleted, err
}

func revisions(t *testing.T, sess *Session, id model.ID) []model.Revision {
	t.Helper()
	revs, err := sess.History(model.KindEncounter, id)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}
