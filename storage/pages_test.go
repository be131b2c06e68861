package storage

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"

	"dossier/model"
)

// fakePage makes a page whose image bytes carry a marker, so the test can
// look for it in the file. The original spans several chunks.
func fakePage(marker string, size int) NewPage {
	orig := bytes.Repeat([]byte(marker), size/len(marker)+1)[:size]
	return NewPage{Source: "box1.pdf p1", Format: "jpeg", Original: orig,
		Display: []byte(marker + "-display"), Thumb: []byte(marker + "-thumb"), Width: 2480, Height: 3508, DPI: 300, Ink: 0.04}
}

func newPatient(t *testing.T, sess *Session, given string) model.Patient {
	t.Helper()
	p := samplePatient(given, "Okello")
	if err := sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPagesImportFileAndReorder(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	const marker = "SECRET-SCAN-PIXELS"
	pages, err := clerk.Pages().Import(model.ZeroID, []NewPage{fakePage(marker, 3*blobChunk+17), fakePage("second", 10), fakePage("third", 10)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := clerk.Pages().Image(pages[0].Original)
	if err != nil || !bytes.Equal(got, fakePage(marker, 3*blobChunk+17).Original) {
		t.Fatalf("original did not round-trip: %v (%d bytes)", err, len(got))
	}
	tray, _ := clerk.Pages().Unfiled(false)
	if len(tray) != 3 {
		t.Fatalf("tray has %d pages", len(tray))
	}

	doc := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: model.Date{Year: 2019, Month: 5, Day: 2},
		Pages: []model.ID{pages[0].ID, pages[1].ID}}
	if err := clerk.Documents().File(&doc); err != nil {
		t.Fatal(err)
	}
	again := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: doc.Date, Pages: []model.ID{pages[0].ID}}
	if err := clerk.Documents().File(&again); !errors.Is(err, ErrPageFiled) {
		t.Fatalf("filing a filed page: %v", err)
	}
	if tray, _ = clerk.Pages().Unfiled(false); len(tray) != 1 {
		t.Fatalf("tray after filing has %d pages", len(tray))
	}
	// Reorder, add the third page, drop the first: it goes back to the tray.
	docs, _ := clerk.Documents().OfPatient(pt.ID)
	if len(docs) != 1 || len(docs[0].Pages) != 2 {
		t.Fatalf("documents: %+v", docs)
	}
	d := docs[0].Doc
	d.Pages = []model.ID{pages[2].ID, pages[1].ID}
	if err := clerk.Documents().Update(d, docs[0].Rev, ""); !errors.Is(err, ErrReasonRequired) {
		t.Fatalf("no reason: %v", err)
	}
	if err := clerk.Documents().Update(d, docs[0].Rev, "page order"); err != nil {
		t.Fatal(err)
	}
	docs, _ = clerk.Documents().OfPatient(pt.ID)
	if docs[0].Pages[0].ID != pages[2].ID || docs[0].Pages[1].ID != pages[1].ID {
		t.Fatalf("order not saved")
	}
	tray, _ = clerk.Pages().Unfiled(false)
	if len(tray) != 1 || tray[0].ID != pages[0].ID {
		t.Fatalf("dropped page not back in the tray: %+v", tray)
	}
	// Rotation is an edit of the record; discard keeps the page and can be undone.
	if p, err := clerk.Pages().Rotate(pages[1].ID, -1); err != nil || p.Rotation != 270 {
		t.Fatalf("rotate: %v %d", err, p.Rotation)
	}
	if err := clerk.Pages().Discard(pages[1].ID, "blank back"); err != nil {
		t.Fatal(err)
	}
	docs, _ = clerk.Documents().OfPatient(pt.ID)
	if !docs[0].Pages[1].Discarded {
		t.Fatal("discarded page not marked")
	}
	if err := clerk.Pages().Restore(pages[1].ID, "undo"); err != nil {
		t.Fatal(err)
	}
	if docs, _ = clerk.Documents().OfPatient(pt.ID); docs[0].Pages[1].Discarded {
		t.Fatal("restore did not undo")
	}
	s.Close()
	raw, _ := os.ReadFile(s.path)
	for _, sec := range []string{marker, "second-display", "third-thumb", "box1.pdf"} {
		if bytes.Contains(raw, []byte(sec)) {
			t.Errorf("store file contains %q in plaintext", sec)
		}
	}
}

func TestDocumentChecks(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	a, b := newPatient(t, clerk, "Amina"), newPatient(t, clerk, "Brian")
	enc := model.Encounter{PatientID: b.ID, Type: model.EncOutpatient, Start: time.Now().Add(-48 * time.Hour)}
	if err := clerk.Encounters().Create(&enc); err != nil {
		t.Fatal(err)
	}
	pages, _ := clerk.Pages().Import(model.ZeroID, []NewPage{fakePage("x", 5)})
	today := model.DateOf(time.Now())
	cases := []struct {
		name string
		doc  model.Document
	}{
		{"encounter of another patient", model.Document{PatientID: a.ID, EncounterID: enc.ID, Type: model.DocLab, Date: today, Pages: []model.ID{pages[0].ID}}},
		{"future date", model.Document{PatientID: a.ID, Type: model.DocLab, Date: model.DateOf(time.Now().AddDate(0, 0, 3)), Pages: []model.ID{pages[0].ID}}},
		{"no type", model.Document{PatientID: a.ID, Date: today, Pages: []model.ID{pages[0].ID}}},
		{"no pages", model.Document{PatientID: a.ID, Type: model.DocLab, Date: today}},
		{"page twice", model.Document{PatientID: a.ID, Type: model.DocLab, Date: today, Pages: []model.ID{pages[0].ID, pages[0].ID}}},
	}
	for _, c := range cases {
		if err := clerk.Documents().File(&c.doc); err == nil {
			t.Errorf("%s: filed", c.name)
		}
	}
	if tray, _ := clerk.Pages().Unfiled(false); len(tray) != 1 {
		t.Fatal("a refused filing changed the tray")
	}
	coder := addUser(t, admin, "coder1", model.RoleCoder)
	if _, err := coder.Pages().Import(model.ZeroID, []NewPage{fakePage("x", 5)}); err == nil {
		t.Fatal("coder imported pages")
	}
}

func TestImportDocumentAndMerge(t *testing.T) {
	_, admin, _ := newTestStore(t)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	a, b := newPatient(t, super, "Amina"), newPatient(t, super, "Aminah")
	doc := model.Document{PatientID: b.ID, Type: model.DocDischarge, Date: model.Date{Year: 2001, Month: 1, Day: 9}}
	if err := super.Documents().Import(&doc, []NewPage{fakePage("p1", 9), fakePage("p2", 9)}); err != nil {
		t.Fatal(err)
	}
	if _, err := super.Duplicates().Merge(a.ID, b.ID, a, "same person", false); err != nil {
		t.Fatal(err)
	}
	docs, err := super.Documents().OfPatient(a.ID)
	if err != nil || len(docs) != 1 || len(docs[0].Pages) != 2 || docs[0].Pages[0].PatientID != a.ID {
		t.Fatalf("merge did not move the document and its pages: %v %+v", err, docs)
	}
}

func TestRestrictedPagesHidden(t *testing.T) {
	_, admin, _ := newTestStore(t)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	p := samplePatient("Hidden", "Person")
	p.Restricted = true
	if err := super.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	batch := model.Batch{Label: "Box 7"}
	if err := super.Batches().Create(&batch); err != nil {
		t.Fatal(err)
	}
	doc := model.Document{PatientID: p.ID, Type: model.DocLab, Date: model.Date{Year: 2020, Month: 1, Day: 1}, BatchID: batch.ID}
	if err := super.Documents().Import(&doc, []NewPage{fakePage("r", 9)}); err != nil {
		t.Fatal(err)
	}
	if pages, _ := clerk.Pages().OfBatch(batch.ID, false); len(pages) != 0 {
		t.Fatal("clerk sees a restricted patient's pages in the batch")
	}
	if pages, _ := super.Pages().OfBatch(batch.ID, false); len(pages) != 1 {
		t.Fatal("supervisor does not see the page")
	}
	if _, err := clerk.Documents().OfPatient(p.ID); !errors.Is(err, ErrRestricted) {
		t.Fatalf("clerk opened restricted documents: %v", err)
	}
}

func TestBackupCarriesPageImages(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pages, _ := clerk.Pages().Import(model.ZeroID, []NewPage{fakePage("img", 2*blobChunk)})
	dst := t.TempDir() + "/b.dossier-backup"
	if _, err := admin.Admin().BackupToFile(dst); err != nil {
		t.Fatal(err)
	}
	rep, err := VerifyBackup(dst, Credentials{Username: "admin", Password: testPassword})
	if err != nil || !rep.OK() || rep.ImageChunks != 2+1+1 {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	target := t.TempDir() + "/restored.dossier"
	if _, _, err := RestoreBackup(dst, target, Credentials{Username: "admin", Password: testPassword}, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	r, err := Open(target, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rs, err := r.SignIn("clerk1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rs.Pages().Image(pages[0].Original)
	if err != nil || len(got) != 2*blobChunk {
		t.Fatalf("restored image: %v %d", err, len(got))
	}
	_ = s
}
