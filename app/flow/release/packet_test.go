package release

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/packet"
	"dossier/storage"
)

// Issue 13, defect 5: the typed discharge summary of a packet shows how the
// stay ended and every field keyed from its paper (medicines, follow-up …),
// and the scanned summary and the typed one go by the same date.
func TestPacketTypedStayShowsEveryKeyedField(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.dossier")
	s, sess, _, err := storage.Create(path, model.DefaultClinic("Test Clinic", "TST"), model.User{Username: "admin", FullName: "Ada Admin"},
		pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	user := func(name string, role model.Role) *storage.Session {
		if _, err := sess.Admin().CreateUser(model.User{Username: name, FullName: name, Role: role}, pw); err != nil {
			t.Fatal(err)
		}
		u, err := s.SignIn(name, pw)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	clerk, super := user("clerk1", model.RoleClerk), user("super1", model.RoleSupervisor)
	sess = clerk
	p := model.Patient{GivenName: "Amina", FamilyName: "Okello", Sex: model.SexFemale, BirthDate: model.Date{Year: 1990, Month: 4, Day: 21}}
	if err := sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	day := func(n, h, m int) time.Time {
		y, mo, d := time.Now().Date()
		return time.Date(y, mo, d-n, h, m, 0, 0, time.Local)
	}
	stay := model.Encounter{PatientID: p.ID, Start: day(6, 9, 0), Ward: "Female medical", AdmittedBy: "Dr Achieng", Reason: "fever"}
	if err := sess.Admissions().Admit(&stay); err != nil {
		t.Fatal(err)
	}
	// Filed under the date it was scanned, not the date it bears.
	doc := model.Document{PatientID: p.ID, EncounterID: stay.ID, Type: model.DocDischarge, Date: model.DateOf(day(0, 0, 0))}
	if err := sess.Documents().Import(&doc, []storage.NewPage{page(t)}); err != nil {
		t.Fatal(err)
	}
	keyed := clinical.Entry{"discharged": day(1, 14, 30).Format("02/01/2006 15:04"), "disposition": "home", "principal_diagnosis": "Severe malaria",
		"discharge_medications": "artemether-lumefantrine 4 tabs BD 3 days", "follow_up": "MCH clinic in 2 weeks",
		"summary": "Improved on IV artesunate."}
	if _, err := sess.Transcripts().Save(doc.ID, doc.Pages, keyed); err != nil {
		t.Fatal(err)
	}
	sess = super
	r := model.Request{PatientID: p.ID, Requester: model.ReqPatient, Name: "Amina Okello", Purpose: "own records"}
	if err := sess.Release().CreateRequest(&r); err != nil {
		t.Fatal(err)
	}
	r.Documents, r.Encounters = []model.ID{doc.ID}, []model.ID{stay.ID}
	if _, err := sess.Release().SaveWork(r, 1, "records chosen"); err != nil {
		t.Fatal(err)
	}
	m, err := sess.Release().Material(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	clinic, _ := sess.Clinic()
	rel := PacketRelease(sess, m, clinic, "Ada Admin", "")
	dated := model.DateOf(day(1, 0, 0)).String()
	var titles []string
	var typed string
	for _, it := range rel.Items {
		titles = append(titles, it.Title)
		if it.Typed != nil {
			for _, f := range it.Typed.Fields {
				typed += f[0] + ": " + f[1] + "\n"
			}
			typed += it.Typed.Text
		}
	}
	want := []string{"Discharge summary, " + dated + " (scanned, 1 page)", "Discharge summary, " + dated}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("items %q, want %q", titles, want)
	}
	for _, w := range []string{"How the stay ended: Discharged home", "Outcome: Discharged home", "Medications on discharge: artemether-lumefantrine 4 tabs BD 3 days",
		"Follow-up: MCH clinic in 2 weeks", "Summary: Improved on IV artesunate.", "Principal diagnosis: Severe malaria"} {
		if !strings.Contains(typed, w) {
			t.Errorf("the typed stay lacks %q:\n%s", w, typed)
		}
	}

	// And the packet itself prints them.
	var buf bytes.Buffer
	if _, err := packet.Build(t.Context(), &buf, rel, nil); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "packet.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (apt-get install poppler-utils; CI installs it): %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, w := range []string{"How the stay ended Discharged home", "Outcome Discharged home", "artemether-lumefantrine 4 tabs BD 3 days",
		"Follow-up MCH clinic in 2 weeks", "Summary: Improved on IV artesunate."} {
		if !strings.Contains(text, w) {
			t.Errorf("the packet PDF lacks %q:\n%s", w, text)
		}
	}

	// A correction of the keying changes what the packet prints: the
	// selection no longer matches a packet built before it.
	before := m.Selection
	keyed["follow_up"] = "MCH clinic in 1 week"
	if _, err := clerk.Transcripts().Save(doc.ID, doc.Pages, keyed); err != nil {
		t.Fatal(err)
	}
	if m, _ = sess.Release().Material(r.ID); m.Selection == before {
		t.Error("a corrected keying left the selection as it was")
	}
}

const pw = "correct horse battery staple"

func page(t *testing.T) storage.NewPage {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 120, 170))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return storage.NewPage{Source: "test.jpg", Format: "jpeg", Original: buf.Bytes(), Display: buf.Bytes(), Thumb: buf.Bytes(), Width: 120, Height: 170}
}
