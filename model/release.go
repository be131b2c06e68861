package model

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RequesterKind is who asks for records. Stored: append-only.
type RequesterKind string

const (
	ReqPatient    RequesterKind = "patient"    // the patient, or their legal representative
	ReqClinician  RequesterKind = "clinician"  // a clinician, for continuing care
	ReqFacility   RequesterKind = "facility"   // another hospital or clinic
	ReqInsurer    RequesterKind = "insurer"    //
	ReqCourt      RequesterKind = "court"      // court or police
	ReqResearcher RequesterKind = "researcher" //
	ReqOther      RequesterKind = "other"      //
	ReqInternal   RequesterKind = "internal"   // a ward or clinician of this clinic (case notes)
)

// RequesterKinds in the order forms offer them (internal releases are made
// by printing case notes, not by a request).
var RequesterKinds = []RequesterKind{ReqPatient, ReqClinician, ReqFacility, ReqInsurer, ReqCourt, ReqResearcher, ReqOther}

var requesterLabels = map[RequesterKind]string{
	ReqPatient: "The patient (or legal representative)", ReqClinician: "Clinician, for continuing care",
	ReqFacility: "Another facility", ReqInsurer: "Insurer", ReqCourt: "Court or police",
	ReqResearcher: "Researcher", ReqOther: "Other", ReqInternal: "Ward or clinician of this clinic",
}

// Label is the name forms show.
func (k RequesterKind) Label() string {
	if l, ok := requesterLabels[k]; ok {
		return l
	}
	return string(k)
}

// Short is the kind in a word or two, for lists.
func (k RequesterKind) Short() string {
	if k == ReqCourt {
		return "court or police"
	}
	return string(k)
}

// RequesterByLabel finds a kind from its label.
func RequesterByLabel(l string) (RequesterKind, bool) {
	for k, v := range requesterLabels {
		if v == l {
			return k, true
		}
	}
	return "", false
}

// ResponseDays is the clinic's default time to answer each kind of
// requester. Patients' own requests follow the common 30-day rule;
// continuing care cannot wait.
func ResponseDays(k RequesterKind) int {
	switch k {
	case ReqClinician:
		return 2
	case ReqFacility, ReqCourt:
		return 7
	case ReqResearcher:
		return 60
	}
	return 30
}

// RequestStatus is where a request stands. Stored: append-only.
type RequestStatus string

const (
	ReqReceived  RequestStatus = "received"
	ReqChecked   RequestStatus = "checked"        // requester and authority checked
	ReqPreparing RequestStatus = "in-preparation" // records being selected and redacted
	ReqQC        RequestStatus = "quality-check"  // a packet is built and awaits a second look
	ReqReleased  RequestStatus = "released"
	ReqRefused   RequestStatus = "refused"
)

// RequestStatuses is the path of a request.
var RequestStatuses = []RequestStatus{ReqReceived, ReqChecked, ReqPreparing, ReqQC, ReqReleased, ReqRefused}

// Label is the name shown.
func (s RequestStatus) Label() string {
	switch s {
	case ReqPreparing:
		return "In preparation"
	case ReqQC:
		return "Quality check"
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Closed reports a request that is released or refused.
func (s RequestStatus) Closed() bool { return s == ReqReleased || s == ReqRefused }

// Exemption is a lawful ground for release without the patient's
// authorization. Stored: append-only.
type Exemption string

const (
	ExemptNone           Exemption = ""
	ExemptContinuingCare Exemption = "continuing-care"
	ExemptCourtOrder     Exemption = "court-order" // needs the order's copy filed as a document
)

// Sensitive is a category of information that needs the patient's explicit
// consent to leave the clinic. Stored: append-only.
type Sensitive string

const (
	SensHIV          Sensitive = "hiv"
	SensMentalHealth Sensitive = "mental-health"
	SensSubstanceUse Sensitive = "substance-use"
	SensSexualRepro  Sensitive = "sexual-reproductive"
)

// SensitiveCategories lists them in display order.
var SensitiveCategories = []Sensitive{SensHIV, SensMentalHealth, SensSubstanceUse, SensSexualRepro}

// Label is the name shown.
func (s Sensitive) Label() string {
	switch s {
	case SensHIV:
		return "HIV"
	case SensMentalHealth:
		return "Mental health"
	case SensSubstanceUse:
		return "Substance use"
	case SensSexualRepro:
		return "Sexual and reproductive health"
	}
	return string(s)
}

// sensitiveCodes are ICD-10 code starts that mark each category. They are
// deliberately broad: a false flag costs a question, a missed one a breach.
var sensitiveCodes = []struct {
	prefix string
	cat    Sensitive
}{
	{"B20", SensHIV}, {"B21", SensHIV}, {"B22", SensHIV}, {"B23", SensHIV}, {"B24", SensHIV},
	{"Z21", SensHIV}, {"R75", SensHIV}, {"O987", SensHIV}, {"Z206", SensHIV},
	{"F10", SensSubstanceUse}, {"F11", SensSubstanceUse}, {"F12", SensSubstanceUse}, {"F13", SensSubstanceUse},
	{"F14", SensSubstanceUse}, {"F15", SensSubstanceUse}, {"F16", SensSubstanceUse}, {"F17", SensSubstanceUse},
	{"F18", SensSubstanceUse}, {"F19", SensSubstanceUse}, {"Z714", SensSubstanceUse}, {"Z715", SensSubstanceUse},
	{"F", SensMentalHealth},
	{"A5", SensSexualRepro}, {"A60", SensSexualRepro}, {"A63", SensSexualRepro}, {"A64", SensSexualRepro},
	{"O", SensSexualRepro}, {"Z30", SensSexualRepro}, {"Z31", SensSexualRepro}, {"Z32", SensSexualRepro},
	{"Z33", SensSexualRepro}, {"Z34", SensSexualRepro}, {"Z35", SensSexualRepro}, {"Z36", SensSexualRepro},
	{"Z37", SensSexualRepro}, {"Z39", SensSexualRepro}, {"N97", SensSexualRepro},
}

// SensitiveOfCode returns the category an ICD-10 code falls in, if any.
// The first matching prefix wins, so substance use is not reported as
// general mental health.
func SensitiveOfCode(code string) (Sensitive, bool) {
	c := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), ".", ""))
	for _, s := range sensitiveCodes {
		if strings.HasPrefix(c, s.prefix) {
			return s.cat, true
		}
	}
	return "", false
}

// SensitiveOfEncounter lists the categories an encounter's codes fall in.
func SensitiveOfEncounter(e Encounter) []Sensitive {
	var out []Sensitive
	for _, it := range e.Coding {
		if s, ok := SensitiveOfCode(it.Code); ok && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// StatusChange is one step of a request.
type StatusChange struct {
	Status RequestStatus `json:"status"`
	At     time.Time     `json:"at"`
	By     string        `json:"by"`
	Note   string        `json:"note,omitempty"`
}

// Rect is a region of a page as shown (after rotation), in thousandths of
// the page's width and height, so it holds for the display image, the
// original scan and the printed page alike.
type Rect struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// Request is a request for copies of a patient's records.
type Request struct {
	ID        ID            `json:"id"`
	Number    string        `json:"number"` // ROI-2026-0042
	PatientID ID            `json:"patient"`
	Requester RequesterKind `json:"requester"`
	Name      string        `json:"name"`
	Address   string        `json:"address"`
	Purpose   string        `json:"purpose"`
	// What is asked for: a period and document types (none: all).
	From     Date           `json:"from,omitempty"`
	To       Date           `json:"to,omitempty"`
	DocTypes []DocType      `json:"docTypes,omitempty"`
	Received time.Time      `json:"received"`
	Due      Date           `json:"due"`
	Status   RequestStatus  `json:"status"`
	History  []StatusChange `json:"history"`
	Refusal  string         `json:"refusal,omitempty"`
	// The ground for release: an authorization, or an exemption.
	AuthorizationID ID        `json:"authorization,omitempty"`
	Exemption       Exemption `json:"exemption,omitempty"`
	ExemptionDoc    ID        `json:"exemptionDoc,omitempty"` // the court order's copy
	// What will go: chosen records, redactions and options.
	Documents  []ID              `json:"documents,omitempty"`
	Encounters []ID              `json:"encounters,omitempty"`
	Notes      []ID              `json:"notes,omitempty"`
	Redactions map[string][]Rect `json:"redactions,omitempty"` // page ID (hex) → regions
	Omit       []string          `json:"omit,omitempty"`       // text left out of typed records
	Watermark  bool              `json:"watermark,omitempty"`
	Encrypt    bool              `json:"encrypt,omitempty"`
	Disclosure ID                `json:"disclosure,omitempty"`
	// Packet describes the packet last built for this request; it is what
	// the quality check looks at and what the release accounts for.
	Packet *PacketInfo `json:"packet,omitempty"`
}

// PacketInfo is what a built packet says about itself.
type PacketInfo struct {
	What       []string `json:"what"`
	BatesFirst string   `json:"batesFirst"`
	BatesLast  string   `json:"batesLast"`
	Pages      int      `json:"pages"`
	SHA256     string   `json:"sha256"`
	Encrypted  bool     `json:"encrypted,omitempty"`
	// Selection is the SelectionHash of the chosen records, revisions,
	// redactions and omissions the packet was built from.
	Selection string    `json:"selection,omitempty"`
	BuiltAt   time.Time `json:"builtAt"`
	BuiltBy   string    `json:"builtBy"`
}

// Validate checks a request at intake.
func (r Request) Validate(now time.Time) error {
	switch {
	case r.PatientID.IsZero():
		return errors.New("choose the patient whose records are asked for")
	case requesterLabels[r.Requester] == "" || r.Requester == ReqInternal:
		return errors.New("choose who is asking")
	case strings.TrimSpace(r.Name) == "":
		return errors.New("enter the requester's name")
	case strings.TrimSpace(r.Address) == "" && r.Requester != ReqPatient:
		return errors.New("enter the requester's address: the release is sent there and recorded")
	case strings.TrimSpace(r.Purpose) == "":
		return errors.New("enter the purpose of the request")
	case !r.From.IsZero() && !r.To.IsZero() && r.To.Time().Before(r.From.Time()):
		return errors.New("the period ends before it starts")
	case !r.From.IsZero() && r.From.Time().After(now):
		return errors.New("the period starts in the future")
	}
	return nil
}

// DueFrom sets the due date from the received date and policy.
func (r *Request) DueFrom(received time.Time) {
	r.Received = received
	r.Due = DateOf(received.AddDate(0, 0, ResponseDays(r.Requester)))
}

// AgeDays is how long the request has been open on today.
func (r Request) AgeDays(today time.Time) int {
	return int(today.Sub(r.Received).Hours() / 24)
}

// Overdue reports an open request past its due date.
func (r Request) Overdue(today time.Time) bool {
	return !r.Status.Closed() && r.Due.Time().Before(DateOf(today).Time())
}

// CanMove checks a status change. Requests go forward one step at a time;
// they can be refused (with a reason) at any step before release; a packet
// in quality check can go back to preparation.
func (r Request) CanMove(to RequestStatus, note string) error {
	if r.Status.Closed() {
		return fmt.Errorf("the request is already %s", strings.ToLower(r.Status.Label()))
	}
	switch {
	case to == ReqRefused:
		if strings.TrimSpace(note) == "" {
			return errors.New("give the reason for refusing: it is sent to the requester and kept")
		}
		return nil
	case to == ReqPreparing && r.Status == ReqQC:
		return nil
	case to == ReqReleased:
		return errors.New("a request is released by releasing its packet")
	}
	cur, next := slices.Index(RequestStatuses, r.Status), slices.Index(RequestStatuses, to)
	if next != cur+1 {
		return fmt.Errorf("a request at %q moves to the next step, not to %q", r.Status.Label(), to.Label())
	}
	return nil
}

// Move changes the status after CanMove.
func (r *Request) Move(to RequestStatus, by, note string, at time.Time) error {
	if err := r.CanMove(to, note); err != nil {
		return err
	}
	r.Status = to
	if to == ReqRefused {
		r.Refusal = strings.TrimSpace(note)
	}
	r.History = append(r.History, StatusChange{Status: to, At: at, By: by, Note: strings.TrimSpace(note)})
	return nil
}

// Authorization is a patient's signed permission to release records,
// recorded with its scanned pages.
type Authorization struct {
	ID           ID          `json:"id"`
	PatientID    ID          `json:"patient"`
	Signer       string      `json:"signer"`
	Relationship string      `json:"relationship"` // self, mother, guardian…
	Recipient    string      `json:"recipient"`    // who may receive the records
	Purpose      string      `json:"purpose"`
	DocTypes     []DocType   `json:"docTypes,omitempty"` // none: all types
	From         Date        `json:"from,omitempty"`     // period of records covered
	To           Date        `json:"to,omitempty"`
	Sensitive    []Sensitive `json:"sensitive,omitempty"` // categories explicitly consented to
	Signed       Date        `json:"signed"`
	Expires      Date        `json:"expires"`
	DocumentID   ID          `json:"document,omitempty"` // the scanned, signed form
	Revoked      Date        `json:"revoked,omitempty"`
	RevokedWhy   string      `json:"revokedWhy,omitempty"`
}

// Validate checks an authorization when it is recorded.
func (a Authorization) Validate(today time.Time) error {
	switch {
	case a.PatientID.IsZero():
		return errors.New("the authorization has no patient")
	case strings.TrimSpace(a.Signer) == "":
		return errors.New("enter who signed the authorization")
	case strings.TrimSpace(a.Relationship) == "":
		return errors.New("enter the signer's relationship to the patient (self, parent, guardian…)")
	case strings.TrimSpace(a.Recipient) == "":
		return errors.New("enter who the patient authorizes to receive the records")
	case a.Signed.IsZero():
		return errors.New("enter the date it was signed")
	case a.Signed.Time().After(today):
		return errors.New("the signing date is in the future")
	case a.Expires.IsZero():
		return errors.New("enter the expiry date written on the form")
	case a.Expires.Time().Before(a.Signed.Time()):
		return errors.New("the authorization expires before it was signed")
	case a.DocumentID.IsZero():
		return errors.New("attach the scanned, signed authorization (file it as a Consent or authorization document)")
	}
	return nil
}

// Covers checks that the authorization allows this release on today: not
// revoked or expired, to this recipient, for the kinds of documents and
// period chosen, and with consent for every sensitive category in it. The
// error says exactly which condition fails.
func (a Authorization) Covers(r Request, types []DocType, period [2]Date, sensitive []Sensitive, today time.Time) error {
	t := DateOf(today).Time()
	switch {
	case !a.Revoked.IsZero():
		return fmt.Errorf("the authorization was revoked on %s (%s)", a.Revoked, a.RevokedWhy)
	case a.Expires.Time().Before(t):
		return fmt.Errorf("the authorization expired on %s", a.Expires)
	case a.PatientID != r.PatientID:
		return errors.New("the authorization is for another patient")
	case !strings.Contains(fold(r.Name), fold(a.Recipient)) && !strings.Contains(fold(a.Recipient), fold(r.Name)):
		return fmt.Errorf("the authorization names %q as recipient, not %q", a.Recipient, r.Name)
	}
	if len(a.DocTypes) > 0 {
		for _, dt := range types {
			if !slices.Contains(a.DocTypes, dt) {
				return fmt.Errorf("the authorization does not cover %s documents", strings.ToLower(dt.Label()))
			}
		}
	}
	if !a.From.IsZero() && !period[0].IsZero() && period[0].Time().Before(a.From.Time()) {
		return fmt.Errorf("the authorization covers records from %s, but records from %s are chosen", a.From, period[0])
	}
	if !a.To.IsZero() && !period[1].IsZero() && period[1].Time().After(a.To.Time()) {
		return fmt.Errorf("the authorization covers records up to %s, but records to %s are chosen", a.To, period[1])
	}
	for _, s := range sensitive {
		if !slices.Contains(a.Sensitive, s) {
			return fmt.Errorf("the records include %s information, which this authorization does not explicitly consent to", s.Label())
		}
	}
	return nil
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// ReleaseGround decides whether the chosen records may go to the requester
// and on what authority; the returned text is what the disclosure records.
// The patient's own request needs no authorization; continuing care and
// court orders are exemptions; anyone else needs an authorization that
// covers the release. Sensitive categories need explicit consent in the
// authorization whoever asks, except the patient.
func ReleaseGround(r Request, auth *Authorization, types []DocType, period [2]Date, sensitive []Sensitive, today time.Time) (string, error) {
	if r.Requester == ReqPatient {
		return "Request by the patient for their own records", nil
	}
	if auth != nil {
		if err := auth.Covers(r, types, period, sensitive, today); err != nil {
			return "", err
		}
		return fmt.Sprintf("Authorization signed by %s (%s) on %s, expires %s", auth.Signer, auth.Relationship, auth.Signed, auth.Expires), nil
	}
	if len(sensitive) > 0 {
		var names []string
		for _, s := range sensitive {
			names = append(names, s.Label())
		}
		return "", fmt.Errorf("the records include %s information: release needs the patient's explicit consent in a signed authorization", strings.Join(names, ", "))
	}
	switch r.Exemption {
	case ExemptContinuingCare:
		if r.Requester != ReqClinician && r.Requester != ReqFacility {
			return "", errors.New("the continuing-care exemption is for clinicians and facilities treating the patient")
		}
		return "Exemption: continuing care by " + r.Name, nil
	case ExemptCourtOrder:
		if r.ExemptionDoc.IsZero() {
			return "", errors.New("file the court order's copy as a document and attach it to the request")
		}
		return "Exemption: court order (copy filed in the chart)", nil
	}
	return "", errors.New("releasing to a third party needs the patient's signed authorization or a recorded exemption")
}

// Annotation is a note added to a disclosure after the fact. Disclosures
// are never edited; this is how they are corrected or completed.
type Annotation struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Text string    `json:"text"`
}

// Disclosure is the permanent account of one release.
type Disclosure struct {
	ID          ID            `json:"id"`
	PatientID   ID            `json:"patient"`
	RequestID   ID            `json:"request,omitempty"`
	RequestNo   string        `json:"requestNo,omitempty"`
	Date        time.Time     `json:"date"`
	Requester   RequesterKind `json:"requester"`
	Recipient   string        `json:"recipient"`
	Address     string        `json:"address"`
	Purpose     string        `json:"purpose"`
	What        []string      `json:"what"`
	BatesFirst  string        `json:"batesFirst,omitempty"`
	BatesLast   string        `json:"batesLast,omitempty"`
	Pages       int           `json:"pages"`
	SHA256      string        `json:"sha256"`
	Authority   string        `json:"authority"`
	ReleasedBy  string        `json:"releasedBy"`
	Annotations []Annotation  `json:"annotations,omitempty"`
}

// SelectedItem is one record chosen for release at the revision it was
// chosen at: a packet is built from, and accounted for, exactly these.
type SelectedItem struct {
	Kind Kind   `json:"kind"`
	ID   ID     `json:"id"`
	Rev  uint32 `json:"rev"`
}

// SelectionHash is the SHA-256 (hex) of a release selection: the chosen
// records with their revisions, the redactions and the text left out. A
// packet records the hash of the selection it was built from; a release
// goes ahead only while the request's selection still has that hash.
func SelectionHash(items []SelectedItem, redactions map[string][]Rect, omit []string) string {
	items = slices.Clone(items)
	slices.SortFunc(items, func(a, b SelectedItem) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		if c := bytes.Compare(a.ID[:], b.ID[:]); c != 0 {
			return c
		}
		return cmp.Compare(a.Rev, b.Rev)
	})
	items = slices.Compact(items)
	omit = slices.Clone(omit)
	slices.Sort(omit)
	red := map[string][]Rect{}
	for k, v := range redactions {
		if len(v) > 0 {
			red[k] = v
		}
	}
	// encoding/json writes map keys sorted, so the encoding is canonical.
	b, err := json.Marshal(struct {
		Items      []SelectedItem    `json:"items"`
		Redactions map[string][]Rect `json:"redactions"`
		Omit       []string          `json:"omit"`
	}{items, red, omit})
	if err != nil {
		panic(err) // plain values always encode
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
