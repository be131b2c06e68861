package model

import (
	"strings"
	"testing"
	"time"
)

func TestSensitiveOfCode(t *testing.T) {
	cases := []struct {
		code string
		want Sensitive
		ok   bool
	}{
		{"B20", SensHIV, true}, {"Z21", SensHIV, true}, {"O98.7", SensHIV, true},
		{"F32.9", SensMentalHealth, true}, {"F10.20", SensSubstanceUse, true}, {"F17.210", SensSubstanceUse, true},
		{"A54.9", SensSexualRepro, true}, {"O80", SensSexualRepro, true}, {"Z30.0", SensSexualRepro, true},
		{"B54", "", false}, {"J18.9", "", false}, {"A09", "", false}, {"", "", false},
	}
	for _, c := range cases {
		got, ok := SensitiveOfCode(c.code)
		if ok != c.ok || got != c.want {
			t.Errorf("%s: %q %v", c.code, got, ok)
		}
	}
}

func TestReleaseGround(t *testing.T) {
	today := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	pt := NewID()
	auth := Authorization{PatientID: pt, Signer: "Amina Nakato", Relationship: "self", Recipient: "Jubilee Insurance",
		Signed: Date{2026, 10, 1}, Expires: Date{2027, 10, 1}, DocTypes: []DocType{DocDischarge, DocLab}, From: Date{2015, 1, 1}}
	expired := auth
	expired.Expires = Date{2026, 11, 1}
	revoked := auth
	revoked.Revoked, revoked.RevokedWhy = Date{2026, 11, 10}, "patient asked"
	consented := auth
	consented.Sensitive = []Sensitive{SensHIV}
	req := func(k RequesterKind, name string) Request {
		return Request{PatientID: pt, Requester: k, Name: name, Address: "x", Purpose: "claim"}
	}
	insurer := req(ReqInsurer, "Jubilee Insurance Ltd")
	dis := []DocType{DocDischarge}
	period := [2]Date{{2016, 1, 1}, {2016, 12, 31}}
	court := req(ReqCourt, "High Court Kampala")
	court.Exemption = ExemptCourtOrder
	courtWithCopy := court
	courtWithCopy.ExemptionDoc = NewID()
	care := req(ReqClinician, "Dr. Okot")
	care.Exemption = ExemptContinuingCare
	careByInsurer := insurer
	careByInsurer.Exemption = ExemptContinuingCare
	cases := []struct {
		name      string
		r         Request
		a         *Authorization
		types     []DocType
		period    [2]Date
		sens      []Sensitive
		wantError string
	}{
		{"patient's own request", req(ReqPatient, "Amina"), nil, dis, period, []Sensitive{SensHIV}, ""},
		{"insurer with authorization", insurer, &auth, dis, period, nil, ""},
		{"insurer without authorization", insurer, nil, dis, period, nil, "signed authorization or a recorded exemption"},
		{"expired", insurer, &expired, dis, period, nil, "expired on 2026-11-01"},
		{"revoked", insurer, &revoked, dis, period, nil, "revoked on 2026-11-10"},
		{"other recipient", req(ReqInsurer, "AAR Health"), &auth, dis, period, nil, "names \"Jubilee Insurance\""},
		{"type out of scope", insurer, &auth, []DocType{DocImaging}, period, nil, "does not cover imaging report"},
		{"period before scope", insurer, &auth, dis, [2]Date{{2010, 1, 1}, {2016, 1, 1}}, nil, "records from 2015-01-01"},
		{"HIV without consent", insurer, &auth, dis, period, []Sensitive{SensHIV}, "HIV information"},
		{"HIV with consent", insurer, &consented, dis, period, []Sensitive{SensHIV}, ""},
		{"continuing care", care, nil, dis, period, nil, ""},
		{"continuing care with HIV", care, nil, dis, period, []Sensitive{SensHIV}, "explicit consent"},
		{"continuing care claimed by insurer", careByInsurer, nil, dis, period, nil, "for clinicians and facilities"},
		{"court order without copy", court, nil, dis, period, nil, "court order's copy"},
		{"court order", courtWithCopy, nil, dis, period, nil, ""},
	}
	for _, c := range cases {
		ground, err := ReleaseGround(c.r, c.a, c.types, c.period, c.sens, today)
		switch {
		case c.wantError == "" && (err != nil || ground == ""):
			t.Errorf("%s: refused: %v", c.name, err)
		case c.wantError != "" && (err == nil || !strings.Contains(err.Error(), c.wantError)):
			t.Errorf("%s: got %v, want %q", c.name, err, c.wantError)
		}
	}
}

func TestRequestSteps(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	r := Request{PatientID: NewID(), Requester: ReqInsurer, Name: "Jubilee", Address: "Box 1", Purpose: "claim", Status: ReqReceived}
	r.DueFrom(now)
	if r.Due != (Date{2026, 12, 22}) || r.Overdue(now) || !r.Overdue(now.AddDate(0, 2, 0)) {
		t.Fatalf("due %s", r.Due)
	}
	if err := r.Move(ReqPreparing, "s", "", now); err == nil {
		t.Fatal("skipped the check")
	}
	for _, s := range []RequestStatus{ReqChecked, ReqPreparing, ReqQC, ReqPreparing, ReqQC} {
		if err := r.Move(s, "s", "", now); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := r.Move(ReqReleased, "s", "", now); err == nil {
		t.Fatal("released without a packet")
	}
	if err := r.Move(ReqRefused, "s", " ", now); err == nil {
		t.Fatal("refused without a reason")
	}
	if err := r.Move(ReqRefused, "s", "not the patient's representative", now); err != nil || r.Refusal == "" {
		t.Fatal(err)
	}
	if err := r.Move(ReqChecked, "s", "", now); err == nil {
		t.Fatal("a closed request moved")
	}
	bad := Request{PatientID: NewID(), Requester: ReqInsurer, Name: "x", Purpose: "y"}
	if err := bad.Validate(now); err == nil || !strings.Contains(err.Error(), "address") {
		t.Fatalf("no address: %v", err)
	}
}
