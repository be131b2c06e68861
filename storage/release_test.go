package storage

import (
	"errors"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

type releaseFixture struct {
	admin   *Session
	super   *Session
	patient model.Patient
	consent model.Document
	lab     model.Document
}

func newReleaseFixture(t *testing.T) releaseFixture {
	t.Helper()
	_, admin, _ := newTestStore(t)
	f := releaseFixture{admin: admin, super: addUser(t, admin, "super1", model.RoleSupervisor)}
	f.patient = newPatient(t, f.super, "Amina")
	f.consent = model.Document{PatientID: f.patient.ID, Type: model.DocConsent, Date: model.DateOf(time.Now())}
	if err := f.super.Documents().Import(&f.consent, []NewPage{fakePage("c", 9)}); err != nil {
		t.Fatal(err)
	}
	f.lab = model.Document{PatientID: f.patient.ID, Type: model.DocLab, Date: model.Date{Year: 2020, Month: 4, Day: 1}}
	if err := f.super.Documents().Import(&f.lab, []NewPage{fakePage("l", 9), fakePage("m", 9)}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f releaseFixture) authorization(t *testing.T, expires model.Date, sens ...model.Sensitive) model.Authorization {
	t.Helper()
	a := model.Authorization{PatientID: f.patient.ID, Signer: "Amina Okello", Relationship: "self", Recipient: "Jubilee Insurance",
		Purpose: "claim", Signed: model.DateOf(time.Now().AddDate(-1, 0, 0)), Expires: expires, DocumentID: f.consent.ID, Sensitive: sens}
	if err := f.super.Release().Authorize(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

// toQC takes a request for the lab document through the checks.
func (f releaseFixture) toQC(t *testing.T, auth model.ID, extra func(*model.Request)) model.Request {
	t.Helper()
	r, err := f.toPacket(t, auth, extra)
	if err != nil || r.Status != model.ReqQC {
		t.Fatalf("packet: %v %s", err, r.Status)
	}
	return r
}

// packetOf is the packet facts for what the request holds now, as the
// release flow records them after building the packet.
func (f releaseFixture) packetOf(t *testing.T, id model.ID) (model.PacketInfo, uint32) {
	t.Helper()
	m, err := f.super.Release().Material(id)
	if err != nil {
		t.Fatal(err)
	}
	p := facts
	p.Selection = m.Selection
	return p, m.Rev
}

// toPacket prepares a request and records its packet, returning
// SetPacket's answer.
func (f releaseFixture) toPacket(t *testing.T, auth model.ID, extra func(*model.Request)) (model.Request, error) {
	t.Helper()
	r := model.Request{PatientID: f.patient.ID, Requester: model.ReqInsurer, Name: "Jubilee Insurance Ltd", Address: "P.O. Box 10, Kampala", Purpose: "claim"}
	if err := f.super.Release().CreateRequest(&r); err != nil {
		t.Fatal(err)
	}
	r.AuthorizationID, r.Documents = auth, []model.ID{f.lab.ID}
	if extra != nil {
		extra(&r)
	}
	if _, err := f.super.Release().SaveWork(r, 1, "records chosen"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []model.RequestStatus{model.ReqChecked, model.ReqPreparing} {
		if _, err := f.super.Release().Move(r.ID, s, ""); err != nil {
			t.Fatal(err)
		}
	}
	p, rev := f.packetOf(t, r.ID)
	got, _, err := f.super.Release().SetPacket(r.ID, rev, p)
	if err != nil {
		return r, err
	}
	return got, nil
}

var facts = model.PacketInfo{What: []string{"Lab result, 2020-04-01"}, BatesFirst: "KDH-000001", BatesLast: "KDH-000004", Pages: 4, SHA256: strings.Repeat("ab", 32)}

func TestReleaseWithAuthorizationIsAccounted(t *testing.T) {
	f := newReleaseFixture(t)
	a := f.authorization(t, model.DateOf(time.Now().AddDate(1, 0, 0)))
	r := f.toQC(t, a.ID, nil)
	if !strings.HasPrefix(r.Number, "ROI-") || r.Due.IsZero() {
		t.Fatalf("number %q due %s", r.Number, r.Due)
	}
	m, err := f.super.Release().Material(r.ID)
	if err != nil || m.GroundErr != nil || !strings.Contains(m.Ground, "Authorization signed by Amina Okello") || len(m.ChosenDocuments()) != 1 {
		t.Fatalf("material: %v %v %q", err, m.GroundErr, m.Ground)
	}
	_, rev, _ := f.super.Release().Request(r.ID)
	if _, err := f.super.Release().Disclose(r.ID, rev.Rev-1); !errors.Is(err, ErrStale) {
		t.Fatalf("stale release: %v", err)
	}
	d, err := f.super.Release().Disclose(r.ID, rev.Rev)
	if err != nil || d.Recipient != "Jubilee Insurance Ltd" || d.SHA256 != facts.SHA256 {
		t.Fatalf("release: %v %+v", err, d)
	}
	if _, err := f.super.Release().Disclose(r.ID, rev.Rev+1); err == nil {
		t.Fatal("released twice")
	}
	if err := f.super.Delete(model.KindDisclosure, d.ID, "mistake"); err == nil {
		t.Fatal("a disclosure was deleted")
	}
	if _, err := f.super.Release().Annotate(d.ID, "Recipient confirmed receipt by phone"); err != nil {
		t.Fatal(err)
	}
	list, err := f.super.Release().Disclosures(f.patient.ID, time.Now().AddDate(-6, 0, 0))
	if err != nil || len(list) != 1 || len(list[0].Annotations) != 1 || list[0].What[0] != facts.What[0] {
		t.Fatalf("accounting: %v %+v", err, list)
	}
	got, _, _ := f.super.Release().Request(r.ID)
	if got.Status != model.ReqReleased || got.Disclosure != d.ID {
		t.Fatalf("request after release: %+v", got)
	}
}

func TestReleaseRefusedWithTheReason(t *testing.T) {
	f := newReleaseFixture(t)
	expired := f.authorization(t, model.DateOf(time.Now().AddDate(0, 0, -1)))
	valid := f.authorization(t, model.DateOf(time.Now().AddDate(1, 0, 0)))
	enc := model.Encounter{PatientID: f.patient.ID, Type: model.EncOutpatient, Start: time.Now().AddDate(-1, 0, 0),
		Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "HIV disease", Code: "B20", Principal: true}}}
	if err := f.super.Encounters().Create(&enc); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		auth  model.ID
		extra func(*model.Request)
		want  string
	}{
		{"expired", expired.ID, nil, "expired on"},
		{"no ground", model.ZeroID, nil, "signed authorization or a recorded exemption"},
		{"HIV without consent", valid.ID, func(r *model.Request) { r.Encounters = []model.ID{enc.ID} }, "HIV information"},
	}
	for _, c := range cases {
		// The packet is refused when it is recorded: its selection has no
		// ground.
		if _, err := f.toPacket(t, c.auth, c.extra); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	r := f.toQC(t, valid.ID, nil)
	if err := f.super.Release().Revoke(valid.ID, model.DateOf(time.Now()), "patient withdrew consent"); err != nil {
		t.Fatal(err)
	}
	_, rev, _ := f.super.Release().Request(r.ID)
	if _, err := f.super.Release().Disclose(r.ID, rev.Rev); err == nil || !strings.Contains(err.Error(), "revoked") {
		t.Fatalf("released on a revoked authorization: %v", err)
	}
	m, _ := f.super.Release().Material(r.ID)
	if m.GroundErr == nil || !strings.Contains(m.GroundErr.Error(), "revoked") {
		t.Fatalf("revoked: %v", m.GroundErr)
	}
	if list, _ := f.super.Release().Disclosures(f.patient.ID, time.Time{}); len(list) != 0 {
		t.Fatal("a refused release was accounted")
	}
}

func TestRequestPermissionsAndRefusal(t *testing.T) {
	f := newReleaseFixture(t)
	clerk := addUser(t, f.admin, "clerk1", model.RoleClerk)
	r := model.Request{PatientID: f.patient.ID, Requester: model.ReqPatient, Name: "Amina", Purpose: "own copy"}
	if err := clerk.Release().CreateRequest(&r); err == nil {
		t.Fatal("clerk took a release request")
	}
	if err := f.super.Release().CreateRequest(&r); err != nil {
		t.Fatal(err)
	}
	if _, err := f.super.Release().Move(r.ID, model.ReqRefused, ""); err == nil {
		t.Fatal("refused without a reason")
	}
	got, err := f.super.Release().Move(r.ID, model.ReqRefused, "identity could not be confirmed")
	if err != nil || got.Refusal != "identity could not be confirmed" {
		t.Fatalf("refuse: %v", err)
	}
	rows, _ := f.super.Release().Requests(true)
	if len(rows) != 0 {
		t.Fatal("a refused request is still open")
	}
	d, err := f.super.Release().RecordInternal(f.patient.ID, "Ward 3", []string{"Case notes"}, 3, strings.Repeat("0", 64))
	if err != nil || d.Requester != model.ReqInternal {
		t.Fatalf("internal: %v", err)
	}
}

// Issue 11, defect 2: a packet holding an HIV encounter without consent was
// released after the encounter was unticked, because the release checked
// the ticks and accounted the packet. Now the packet's selection is checked
// when it is recorded, a changed selection voids it, and the release
// accounts only a packet built from the selection as it stands.
func TestReleaseChecksExactlyWhatThePacketHolds(t *testing.T) {
	f := newReleaseFixture(t)
	a := f.authorization(t, model.DateOf(time.Now().AddDate(1, 0, 0))) // no HIV consent
	enc := model.Encounter{PatientID: f.patient.ID, Type: model.EncOutpatient, Start: time.Now().AddDate(-1, 0, 0),
		Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "HIV disease", Code: "B20", Principal: true}}}
	if err := f.super.Encounters().Create(&enc); err != nil {
		t.Fatal(err)
	}
	withHIV := func(r *model.Request) { r.Encounters = []model.ID{enc.ID} }

	// 1. The reproduction: a packet built with the HIV encounter ticked.
	r, err := f.toPacket(t, a.ID, withHIV)
	if err == nil {
		// Before the fix the packet was taken; untick the encounter and
		// release, as in the report.
		_, rev, _ := f.super.Release().Request(r.ID)
		cur, _, _ := f.super.Release().Request(r.ID)
		cur.Encounters = nil
		if _, err := f.super.Release().SaveWork(cur, rev.Rev, "untick"); err != nil {
			t.Fatal(err)
		}
		_, rev, _ = f.super.Release().Request(r.ID)
		d, err := f.super.Release().Disclose(r.ID, rev.Rev)
		t.Fatalf("a packet holding an HIV encounter without consent was recorded; release after unticking: %v %v", err, d.What)
	}
	if model.CodeOf(err) != model.Invalid || !strings.Contains(err.Error(), "HIV information") {
		t.Fatalf("HIV packet: %v", err)
	}

	// 2. A packet built from the lab result alone, then the HIV encounter
	// ticked at quality check: the packet is void and nothing is released.
	r = f.toQC(t, a.ID, nil)
	cur, rev, _ := f.super.Release().Request(r.ID)
	cur.Encounters = []model.ID{enc.ID}
	if _, err := f.super.Release().SaveWork(cur, rev.Rev, "add the visit"); err != nil {
		t.Fatal(err)
	}
	cur, rev, _ = f.super.Release().Request(r.ID)
	if cur.Packet != nil || cur.Status != model.ReqPreparing {
		t.Fatalf("a changed selection kept the packet: %+v %s", cur.Packet, cur.Status)
	}
	if _, err := f.super.Release().Disclose(r.ID, rev.Rev); err == nil {
		t.Fatal("released with no packet")
	}

	// 3. A packet whose selection hash is not the request's selection
	// (built from an older material) is refused when recorded.
	cur.Encounters = nil
	if _, err := f.super.Release().SaveWork(cur, rev.Rev, "untick"); err != nil {
		t.Fatal(err)
	}
	p, rev2 := f.packetOf(t, r.ID)
	p.Selection = strings.Repeat("0", 64)
	if _, _, err := f.super.Release().SetPacket(r.ID, rev2, p); model.CodeOf(err) != model.Conflict {
		t.Fatalf("packet of another selection: %v", err)
	}

	// 4. The record behind a packet changes after it is built (the lab
	// document is re-indexed): the release is refused.
	p, rev2 = f.packetOf(t, r.ID)
	if _, _, err := f.super.Release().SetPacket(r.ID, rev2, p); err != nil {
		t.Fatal(err)
	}
	docs, err := f.super.Documents().OfPatient(f.patient.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, dv := range docs {
		if dv.Doc.ID == f.lab.ID {
			dv.Doc.Sensitive = []model.Sensitive{model.SensHIV}
			if err := f.super.Documents().Update(dv.Doc, dv.Rev, "HIV result"); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, rev, _ = f.super.Release().Request(r.ID)
	if _, err := f.super.Release().Disclose(r.ID, rev.Rev); model.CodeOf(err) != model.Conflict {
		t.Fatalf("released a packet whose record changed: %v", err)
	}
	if list, _ := f.super.Release().Disclosures(f.patient.ID, time.Time{}); len(list) != 0 {
		t.Fatalf("a refused release was accounted: %+v", list)
	}
}
