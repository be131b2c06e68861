package storage

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// The queue entry is written by the transaction that writes the record:
// inside it the entry is already there, and when that transaction fails
// neither the record nor the entry remains. No crash can fall between.
func TestQueueMovesInTheSameTransaction(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	coder := addUser(t, admin, "coder1", model.RoleCoder)
	p := newPatient(t, clerk, "Amina")
	e := model.Encounter{ID: model.NewID(), PatientID: p.ID, Type: model.EncOutpatient, Start: wallNow().AddDate(0, 0, -2), Diagnoses: []string{"malaria"}}
	boom := errors.New("power cut")
	err := clerk.update(func(tx *bolt.Tx) error {
		if err := clerk.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: model.ActCreate, owner: p.ID}); err != nil {
			return err
		}
		if _, ok := clerk.queueTx(tx, QueueToCode, e.ID); !ok {
			t.Error("inside the transaction the encounter is not queued")
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	clerk.view(func(tx *bolt.Tx) error {
		if _, ok := clerk.queueTx(tx, QueueToCode, e.ID); ok {
			t.Error("a rolled-back encounter left its queue entry")
		}
		return nil
	})
	if n, _ := coder.Worklist().Count(QueueToCode, WorkFilter{}); n != 0 {
		t.Fatalf("queue counts %d after a rolled-back write", n)
	}
	if err := clerk.Encounters().Create(&e); err != nil {
		t.Fatal(err)
	}
	q, err := coder.Coding().Queue(0)
	if err != nil || len(q) != 1 || q[0].Encounter.ID != e.ID {
		t.Fatalf("queue %+v %v", q, err)
	}
	items := q[0].Encounter.ItemsToCode()
	items[0].System, items[0].Code = "ICD-10", "B54"
	// Coding it takes it off the queue, and a failed save leaves it on.
	err = coder.update(func(tx *bolt.Tx) error {
		enc := q[0].Encounter
		enc.Coding, enc.CodingStatus = items, model.CodingDone
		if err := coder.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: enc, op: model.ActEdit, owner: p.ID}); err != nil {
			return err
		}
		if _, ok := coder.queueTx(tx, QueueToCode, e.ID); ok {
			t.Error("inside the transaction the coded encounter is still queued")
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if n, _ := coder.Worklist().Count(QueueToCode, WorkFilter{}); n != 1 {
		t.Fatalf("a failed coding moved the queue: %d", n)
	}
	if err := coder.Coding().Save(e.ID, items, true, q[0].Rev); err != nil {
		t.Fatal(err)
	}
	if n, _ := coder.Worklist().Count(QueueToCode, WorkFilter{}); n != 0 {
		t.Fatalf("coded encounter still counted: %d", n)
	}
}

// worklistFixture is a small clinic with something in every queue.
type worklistFixture struct {
	admin, clerk, coder, doc1, doc2, super *Session
	patient                                model.Patient
	old, open, other                       model.Encounter
	lab                                    model.Document
}

func newWorklistFixture(t *testing.T) worklistFixture {
	t.Helper()
	_, admin, _ := newTestStore(t)
	f := worklistFixture{admin: admin, clerk: addUser(t, admin, "clerk1", model.RoleClerk), coder: addUser(t, admin, "coder1", model.RoleCoder),
		doc1: addUser(t, admin, "drokello", model.RoleClinician), doc2: addUser(t, admin, "drnamuli", model.RoleClinician),
		super: addUser(t, admin, "super1", model.RoleSupervisor)}
	f.patient = newPatient(t, f.clerk, "Amina")
	now := wallNow()
	f.old = model.Encounter{PatientID: f.patient.ID, Type: model.EncOutpatient, Start: now.AddDate(0, 0, -30), Ward: "OPD", Clinician: "Dr Okello", Diagnoses: []string{"malaria"}}
	f.open = model.Encounter{PatientID: f.patient.ID, Type: model.EncInpatient, Start: now.AddDate(0, 0, -3), Ward: "Maternity", Clinician: "Dr Namuli", Diagnoses: []string{"pre-eclampsia"}}
	f.other = model.Encounter{PatientID: f.patient.ID, Type: model.EncOutpatient, Start: now.AddDate(0, 0, -10), Ward: "OPD", Clinician: "Dr Namuli", Diagnoses: []string{"cough"}}
	for _, e := range []*model.Encounter{&f.old, &f.open, &f.other} {
		if err := f.clerk.Encounters().Create(e); err != nil {
			t.Fatal(err)
		}
	}
	// A note waits for its author's signature.
	for _, n := range []struct {
		by   *Session
		note model.Note
	}{{f.doc1, model.Note{PatientID: f.patient.ID, Title: "Clinical note", Text: "Fever 3 days.", Written: now.AddDate(0, 0, -2)}},
		{f.doc2, model.Note{PatientID: f.patient.ID, Title: "Discharge summary", Text: "Home.", Written: now.AddDate(0, 0, -1)}}} {
		if err := n.by.Encounters().CreateNote(&n.note); err != nil {
			t.Fatal(err)
		}
	}
	f.lab = model.Document{PatientID: f.patient.ID, Type: model.DocLab, Date: model.DateOf(now.AddDate(0, 0, -4))}
	if err := f.clerk.Documents().Import(&f.lab, []NewPage{fakePage("lab", 9)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.clerk.Pages().Import(model.ZeroID, []NewPage{fakePage("loose", 9)}); err != nil {
		t.Fatal(err)
	}
	if err := f.clerk.Batches().Create(&model.Batch{Label: "Box 7"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.clerk.ChartFiles().CheckOut(f.patient.ID, "Ward 3", model.DateOf(now.AddDate(0, 0, 1)), "ward round"); err != nil {
		t.Fatal(err)
	}
	if err := f.super.Release().CreateRequest(&model.Request{PatientID: f.patient.ID, Requester: model.ReqInsurer, Name: "Jubilee", Address: "Kampala", Purpose: "claim"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestWorklistQueuesByRole(t *testing.T) {
	f := newWorklistFixture(t)
	day := func(n int) time.Time { return wallNow().AddDate(0, 0, n) }
	for _, c := range []struct {
		name string
		sess *Session
		q    WorkQueue
		f    WorkFilter
		want int
	}{
		{"clerk: documents to key", f.clerk, QueueToKey, WorkFilter{}, 1},
		{"clerk: unfiled tray", f.clerk, QueueUnfiled, WorkFilter{}, 1},
		{"clerk: batches", f.clerk, QueueBatches, WorkFilter{}, 1},
		{"clerk: charts out", f.clerk, QueueChartsOut, WorkFilter{}, 1},
		{"clerk: none overdue yet", f.clerk, QueueChartsOut, WorkFilter{OverdueOn: day(0)}, 0},
		{"clerk: overdue in three days", f.clerk, QueueChartsOut, WorkFilter{OverdueOn: day(3)}, 1},
		{"coder: all to code", f.coder, QueueToCode, WorkFilter{}, 3},
		{"coder: by ward", f.coder, QueueToCode, WorkFilter{Ward: "opd"}, 2},
		{"coder: by clinician", f.coder, QueueToCode, WorkFilter{Clinician: "namuli"}, 2},
		{"coder: discharged only", f.coder, QueueToCode, WorkFilter{Discharged: 1}, 2},
		{"coder: stays still open", f.coder, QueueToCode, WorkFilter{Discharged: 2}, 1},
		{"coder: from a date", f.coder, QueueToCode, WorkFilter{From: day(-11)}, 2},
		{"coder: to a date", f.coder, QueueToCode, WorkFilter{To: day(-11)}, 1},
		{"coder: words as written", f.coder, QueueToCode, WorkFilter{Text: "ECLAMP"}, 1},
		{"coder: patient's MRN", f.coder, QueueToCode, WorkFilter{Text: f.patient.MRN}, 3},
		{"coder: patient's name", f.coder, QueueToCode, WorkFilter{Text: f.patient.GivenName}, 3},
		{"coder: patient's name misspelt", f.coder, QueueToCode, WorkFilter{Text: "amena "}, 3},
		{"coder: nobody of that name", f.coder, QueueToCode, WorkFilter{Text: "zzyzx "}, 0},
		{"clinician: own notes only", f.doc1, QueueToSign, WorkFilter{}, 1},
		{"supervisor: a clinician's notes", f.super, QueueToSign, WorkFilter{For: "drnamuli"}, 1},
		{"supervisor: requests", f.super, QueueRequests, WorkFilter{}, 1},
		{"supervisor: coding oversight", f.super, QueueToCode, WorkFilter{}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, err := c.sess.Worklist().Count(c.q, c.f)
			if err != nil || n != c.want {
				t.Fatalf("%d (want %d) %v", n, c.want, err)
			}
		})
	}
	// Oldest first, and the page carries the patient.
	page, err := f.coder.Worklist().List(QueueToCode, WorkFilter{}, 1, 5)
	if err != nil || page.Total != 3 || len(page.Items) != 2 || page.Items[0].ID != f.other.ID || page.Items[0].PatientSummary.MRN != f.patient.MRN {
		t.Fatalf("page %+v %v", page, err)
	}
	// Head reads the same page without counting the rest.
	head, err := f.coder.Worklist().Head(QueueToCode, WorkFilter{}, 1, 5)
	if err != nil || head.Total != -1 || len(head.Items) != 2 || head.Items[0].ID != f.other.ID || head.Items[1].ID != page.Items[1].ID || head.Items[0].PatientSummary.MRN != f.patient.MRN {
		t.Fatalf("head %+v %v", head, err)
	}
	if head, _ := f.coder.Worklist().Head(QueueToCode, WorkFilter{}, 0, 1); len(head.Items) != 1 || head.Items[0].ID != f.old.ID {
		t.Fatalf("head of one %+v", head)
	}
	if pos, _ := f.coder.Worklist().Position(QueueToCode, WorkFilter{}, f.open.ID); pos != 2 {
		t.Fatalf("position %d", pos)
	}
	// Refusals come from storage, whatever a screen shows.
	for _, c := range []struct {
		name string
		sess *Session
		q    WorkQueue
		f    WorkFilter
	}{
		{"clerk reads the coding queue", f.clerk, QueueToCode, WorkFilter{}},
		{"coder reads the documents to key", f.coder, QueueToKey, WorkFilter{}},
		{"clinician reads another's notes", f.doc1, QueueToSign, WorkFilter{For: "drnamuli"}},
		{"coder reads the requests", f.coder, QueueRequests, WorkFilter{}},
	} {
		if _, err := c.sess.Worklist().Count(c.q, c.f); model.CodeOf(err) != model.Denied {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// Keying the document takes it off the list to key.
	first := clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL", "collected": "12/03/2024 08:30", "reported": "13/03/2024"}
	if _, err := f.clerk.Transcripts().Save(f.lab.ID, f.lab.Pages, first); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.clerk.Worklist().Count(QueueToKey, WorkFilter{}); n != 0 {
		t.Fatalf("keyed document still to key: %d", n)
	}
	// Signing the note takes it off the clinician's list.
	page, _ = f.doc1.Worklist().List(QueueToSign, WorkFilter{}, 0, 10)
	if _, err := f.doc1.Clinical().SignNote(page.Items[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.doc1.Worklist().Count(QueueToSign, WorkFilter{}); n != 0 {
		t.Fatalf("signed note still to sign: %d", n)
	}
}

// A store whose queue index is missing (an older file, a key rotation)
// rebuilds it from the records at first use, with the same contents.
func TestQueuesRebuiltFromTheRecords(t *testing.T) {
	f := newWorklistFixture(t)
	before := map[WorkQueue]int{}
	for _, q := range AllQueues {
		before[q], _ = f.super.Worklist().Count(q, WorkFilter{})
	}
	if err := f.super.update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bQueues) }); err != nil {
		t.Fatal(err)
	}
	f.super.store.queues.drop()
	for _, q := range AllQueues {
		if n, err := f.super.Worklist().Count(q, WorkFilter{}); err != nil || n != before[q] {
			t.Errorf("%s: %d after the rebuild, %d before (%v)", q, n, before[q], err)
		}
	}
	if before[QueueToCode] != 3 || before[QueueToKey] != 1 {
		t.Fatalf("fixture counts %v", before)
	}
}

// The queue entries show neither which queue they are in nor what they
// say.
func TestQueuesRevealNothing(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	p := newPatient(t, clerk, "Amina")
	e := model.Encounter{PatientID: p.ID, Type: model.EncInpatient, Start: wallNow(), Ward: "Zebraward", Clinician: "Dr Quixotic", Diagnoses: []string{"xylophonitis"}}
	if err := clerk.Encounters().Create(&e); err != nil {
		t.Fatal(err)
	}
	admin.Lock(model.ActSignOut)
	clerk.Lock(model.ActSignOut)
	raw, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Zebraward", "Quixotic", "xylophonitis", string(QueueToCode)} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the file shows %q", secret)
		}
	}
}

// An entry reads back as it was written, an item with no date included.
func TestWorkItemEncoding(t *testing.T) {
	for _, it := range []WorkItem{
		{Queue: QueueToCode, Patient: model.NewID(), At: time.Date(2024, 3, 12, 8, 30, 0, 0, time.UTC), Who: "Dr Okello", Ward: "OPD", Type: "outpatient", Text: "malaria; anaemia", Discharged: true},
		{Queue: QueueUnfiled, Ref: model.NewID(), Text: "box1-07.jpg"},
		{Queue: QueueDuplicates, Patient: model.NewID(), Ref: model.NewID(), At: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Score: 0.93, Type: "open"},
	} {
		id := model.NewID()
		it.ID = id
		got, err := decodeWorkItem(encodeWorkItem(&it), id)
		if err != nil || got != it {
			t.Errorf("%+v\nread back as %+v (%v)", it, got, err)
		}
	}
	if _, err := decodeWorkItem([]byte{1, 2, 3}, model.NewID()); err == nil {
		t.Error("a short entry parsed")
	}
}

// A key rotation leaves nothing of the queues under the old key; they are
// rebuilt under the new one and read the same.
func TestQueuesAfterKeyRotation(t *testing.T) {
	f := newWorklistFixture(t)
	before := map[WorkQueue]int{}
	for _, q := range AllQueues {
		before[q], _ = f.super.Worklist().Count(q, WorkFilter{})
	}
	oldTag := f.admin.queueTag(QueueToCode)
	for _, s := range []*Session{f.clerk, f.coder, f.doc1, f.doc2, f.super} {
		s.Lock(model.ActSignOut)
	}
	if _, err := f.admin.Admin().RotateKeys(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	f.admin.store.queues.drop()
	super, err := f.admin.store.SignIn("super1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range AllQueues {
		if n, err := super.Worklist().Count(q, WorkFilter{}); err != nil || n != before[q] {
			t.Errorf("%s: %d after the rotation, %d before (%v)", q, n, before[q], err)
		}
	}
	super.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bQueues).ForEach(func(k, v []byte) error {
			if bytes.HasPrefix(k, oldTag) {
				t.Error("a queue entry under the old key is in the file")
			}
			if len(k) == 24 {
				if _, err := super.keys.Records.Open(v, queueAAD(k)); err != nil {
					t.Error("a queue entry does not open with the new key")
				}
			}
			return nil
		})
	})
}
