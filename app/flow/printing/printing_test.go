package printing

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/reports"
	"dossier/storage"
)

const pw = "a long password"

// testSession signs a clerk into a new store holding p.
func testSession(t *testing.T, p *model.Patient) (*storage.Store, *storage.Session) {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "print.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, u := range []model.User{{Username: "clerk1", FullName: "Clara", Role: model.RoleClerk},
		{Username: "super1", FullName: "Sam", Role: model.RoleSupervisor}} {
		if _, err := admin.Admin().CreateUser(u, pw); err != nil {
			t.Fatal(err)
		}
	}
	if err := admin.Patients().Register(p); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	sess, err := s.SignIn("clerk1", pw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Lock("sign-out") })
	return s, sess
}

func amina() model.Patient {
	return model.Patient{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale,
		BirthDate: model.Date{Year: 1980, Month: 1, Day: 1}, BirthEstimated: true}
}

// pdfText is the text of a PDF (pdftotext is part of the test tools).
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

func wantPrivate(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %v, want 0600", filepath.Base(path), fi.Mode().Perm())
	}
}

func wantNoFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("%s was left behind (%v)", filepath.Base(path), err)
	}
}

func TestCaseNotesArePrivateAndAccounted(t *testing.T) {
	p := amina()
	s, sess := testSession(t, &p)
	path := filepath.Join(t.TempDir(), "notes.pdf")
	// The save dialog may have made the file already, readable by all.
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := CaseNotes(sess, p.ID, "Ward 3", path)
	if err != nil {
		t.Fatal(err)
	}
	if got.MRN != p.MRN {
		t.Fatalf("printed %s, want %s", got.MRN, p.MRN)
	}
	wantPrivate(t, path)
	if text := pdfText(t, path); !strings.Contains(text, p.MRN) || !strings.Contains(text, "Ward 3") {
		t.Fatalf("the notes lack the MRN or the recipient:\n%s", text)
	}
	super, err := s.SignIn("super1", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer super.Lock("sign-out")
	ds, err := super.Release().Disclosures(p.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if len(ds) != 1 || ds[0].Recipient != "Ward 3" || ds[0].Pages != reports.PageCount(data) || ds[0].Pages == 0 {
		t.Fatalf("disclosures %+v", ds)
	}
}

// failingRelease is a session whose disclosures cannot be saved (a full
// disk, a store gone read-only).
type failingRelease struct{ sessionCaseNotes }

var errNoSave = errors.New("the disk is full")

func (failingRelease) RecordInternal(model.ID, string, []string, int, string) (model.Disclosure, error) {
	return model.Disclosure{}, errNoSave
}

func TestCaseNotesWithoutTheirDisclosureLeaveNoFile(t *testing.T) {
	p := amina()
	s, sess := testSession(t, &p)
	dir := t.TempDir()
	path := filepath.Join(dir, "notes.pdf")
	if _, err := caseNotes(failingRelease{sessionCaseNotes{sess}}, p.ID, "Ward 3", path, time.Now()); !errors.Is(err, errNoSave) {
		t.Fatalf("got %v, want the failed save", err)
	}
	wantNoFile(t, path)
	// Nor a file the save dialog had already made.
	os.WriteFile(path, nil, 0o600)
	caseNotes(failingRelease{sessionCaseNotes{sess}}, p.ID, "Ward 3", path, time.Now())
	wantNoFile(t, path)
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("left %v", left)
	}
	// A path that cannot be written records no disclosure either.
	if _, err := CaseNotes(sess, p.ID, "Ward 3", filepath.Join(dir, "no such folder", "notes.pdf")); err == nil {
		t.Fatal("wrote into a missing folder")
	}
	super, err := s.SignIn("super1", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer super.Lock("sign-out")
	if ds, err := super.Release().Disclosures(p.ID, time.Time{}); err != nil || len(ds) != 0 {
		t.Fatalf("disclosures recorded for no file: %+v %v", ds, err)
	}
}

func TestBornText(t *testing.T) {
	for _, c := range []struct {
		name string
		p    model.Patient
		want string
	}{
		{"known", model.Patient{BirthDate: model.Date{Year: 1980, Month: 5, Day: 2}}, "1980-05-02"},
		{"estimated", model.Patient{BirthDate: model.Date{Year: 1980, Month: 1, Day: 1}, BirthEstimated: true}, "~1980"},
		{"estimated, mid-year", model.Patient{BirthDate: model.Date{Year: 1975, Month: 7, Day: 1}, BirthEstimated: true}, "~1975"},
		{"unknown", model.Patient{}, model.Date{}.String()},
		{"unknown, flagged estimated", model.Patient{BirthEstimated: true}, model.Date{}.String()},
	} {
		if got := BornText(c.p); got != c.want {
			t.Errorf("%s: BornText = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEveryLabelShowsTheEstimatedBirthYear(t *testing.T) {
	p := amina()
	_, sess := testSession(t, &p)
	s := model.Specimen{PatientID: p.ID, Type: "Blood", Tests: "FBC", Collected: time.Now()}
	if err := sess.Specimens().Log(&s); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, k := range []LabelKind{FolderLabels, IDLabels, SpecimenLabels} {
		path := filepath.Join(dir, k.Short()+".pdf")
		j := LabelJob{Kind: k, Layout: reports.LabelLayouts[0].Name, Copies: 1, Specimens: []model.Specimen{s}}
		if _, err := Labels(sess, p.ID, j, path); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		wantPrivate(t, path)
		text := pdfText(t, path)
		if !strings.Contains(text, "~1980") || strings.Contains(text, "1980-01-01") {
			t.Errorf("%s show the estimated birth date otherwise than ~1980:\n%s", k, text)
		}
	}
}

func TestRefusedLabelsAreNeitherWrittenNorAudited(t *testing.T) {
	p := amina()
	s, sess := testSession(t, &p)
	dir := t.TempDir()
	l := reports.LabelLayouts[0]
	for name, j := range map[string]LabelJob{
		"unknown sheet":     {Kind: FolderLabels, Layout: "Avery 9999", Copies: 1},
		"whole sheet used":  {Kind: FolderLabels, Layout: l.Name, Skip: l.PerSheet(), Copies: 1},
		"no copies":         {Kind: IDLabels, Layout: l.Name},
		"too many copies":   {Kind: IDLabels, Layout: l.Name, Copies: MaxLabelCopies + 1},
		"no specimen given": {Kind: SpecimenLabels, Layout: l.Name, Copies: 1},
	} {
		path := filepath.Join(dir, "labels.pdf")
		if _, err := Labels(sess, p.ID, j, path); err == nil {
			t.Errorf("%s: printed", name)
		}
		wantNoFile(t, path)
	}
	for _, n := range []int{0, MaxCoverSheets + 1} {
		path := filepath.Join(dir, "cover.pdf")
		if _, err := CoverSheets(sess, p.ID, model.DocLab, model.DateOf(time.Now()), n, path); err == nil {
			t.Errorf("%d cover sheets printed", n)
		}
		wantNoFile(t, path)
	}
	super, err := s.SignIn("super1", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer super.Lock("sign-out")
	if es, err := super.Admin().Audit(model.AuditFilter{Action: model.ActPrint, Record: p.ID}, 0); err != nil || len(es) != 0 {
		t.Fatalf("refused prints audited: %v %v", es, err)
	}
}

func TestCoverSheetsArePrivateAndAudited(t *testing.T) {
	p := amina()
	s, sess := testSession(t, &p)
	path := filepath.Join(t.TempDir(), "cover.pdf")
	if _, err := CoverSheets(sess, p.ID, model.DocLab, model.Date{Year: 2019, Month: 5, Day: 2}, 1, path); err != nil {
		t.Fatal(err)
	}
	wantPrivate(t, path)
	if text := pdfText(t, path); !strings.Contains(text, p.MRN) || !strings.Contains(text, "Test Clinic") {
		t.Fatalf("cover sheet text:\n%s", text)
	}
	super, err := s.SignIn("super1", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer super.Lock("sign-out")
	es, err := super.Admin().Audit(model.AuditFilter{Action: model.ActPrint, Record: p.ID}, 0)
	if err != nil || len(es) != 1 || es[0].Detail != "cover sheet: Lab result 2019-05-02 ×1" {
		t.Fatalf("audit %+v %v", es, err)
	}
}

// Issue 20, item 4: what the flows print follows the clinic's language
// (Settings), read from the store as each document is made, so the window
// and the command line, which both come here, print the same words.
func TestPrintsFollowTheClinicsLanguage(t *testing.T) {
	p := amina()
	s, sess := testSession(t, &p)
	admin, err := s.SignIn("admin", pw)
	if err != nil {
		t.Fatal(err)
	}
	c, err := admin.Clinic()
	if err != nil {
		t.Fatal(err)
	}
	c.Language = "pt"
	if err := admin.Admin().UpdateClinic(c, "Portuguese"); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	path := filepath.Join(t.TempDir(), "notes.pdf")
	if _, err := CaseNotes(sess, p.ID, "Enfermaria 3", path); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, path)), " ")
	for _, want := range []string{"Processo clínico", "Episódios (0)", "Nenhuma nota registada.", "cerca de 1980 (estimada)", "Feminino",
		"para Enfermaria 3", "Página 1 de 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the case notes lack %q:\n%s", want, text)
		}
	}
}
