package cli

import (
	"bytes"
	"dossier/app/flow/printing"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLabelsAndCoverSheetCommands(t *testing.T) {
	db := testStore(t)
	out, _, _ := runCLI(t, testPassword, "--db", db, "search", "nakato")
	mrn := strings.Fields(out)[0]
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		ok   bool
	}{
		{"folder labels", []string{"labels", "--mrn", mrn, "--kind", "folder", "--out", filepath.Join(dir, "f.pdf")}, true},
		{"id labels on letter", []string{"labels", "--mrn", mrn, "--kind", "id", "--layout", "Avery 5160 (Letter, 30 per sheet, 66.7 × 25.4 mm)", "--copies", "5", "--out", filepath.Join(dir, "i.pdf")}, true},
		{"unknown layout", []string{"labels", "--mrn", mrn, "--layout", "Avery 9999", "--out", filepath.Join(dir, "x.pdf")}, false},
		{"skip a whole sheet", []string{"labels", "--mrn", mrn, "--skip", "21", "--out", filepath.Join(dir, "y.pdf")}, false},
		{"cover sheet", []string{"coversheet", "--mrn", mrn, "--type", "lab", "--date", "2019-05-02", "--out", filepath.Join(dir, "c.pdf")}, true},
		{"cover sheet of an unknown type", []string{"coversheet", "--mrn", mrn, "--type", "x-ray", "--out", filepath.Join(dir, "z.pdf")}, false},
		{"unknown MRN", []string{"coversheet", "--mrn", "TST-0999999-A", "--type", "lab", "--out", filepath.Join(dir, "w.pdf")}, false},
	}
	for _, c := range cases {
		out, errs, code := runCLI(t, testPassword, append([]string{"--db", db}, c.args...)...)
		if (code == 0) != c.ok {
			t.Errorf("%s: exit %d %q %q", c.name, code, out, errs)
		}
		if path := c.args[len(c.args)-1]; c.ok {
			if data, _ := os.ReadFile(path); !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("%s: no PDF", c.name)
			}
		} else if _, err := os.Stat(path); err == nil {
			t.Errorf("%s: left a file behind", c.name)
		}
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "audit", "list", "--action", "print")
	if !strings.Contains(out, "labels: id ×5") || !strings.Contains(out, "cover sheet: Lab result 2019-05-02") {
		t.Fatalf("prints not audited: %q", out)
	}
}

func TestScanCommand(t *testing.T) {
	db := testStore(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "page.png")
	src, err := os.ReadFile("../../reports/imports/scans/testdata/typewriter.png")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(good, src, 0o600)
	bad := filepath.Join(dir, "notes.txt")
	os.WriteFile(bad, []byte("not a scan"), 0o600)
	if _, errs, code := runCLI(t, testPassword, "--db", db, "scan", good); code == 0 || !strings.Contains(errs, "may not digitize") {
		t.Fatalf("administrator imported pages: %d %q", code, errs)
	}
	out, errs, code := runCLI(t, testPassword, "--db", db, "--user", "clerk1", "scan", "--batch", "Box 9", good, bad)
	if code == 0 || !strings.Contains(out, "1 page imported from 2 files") || !strings.Contains(out, "notes.txt") {
		t.Fatalf("scan: %d %q %q", code, out, errs)
	}
}

// The command line and the window print labels through one flow: an
// estimated birth date reads the same ("~1980") on both.
func TestLabelsShowEstimatedBirthDatesAsTheWindowDoes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "est.dossier")
	s, admin, _, err := storage.Create(db, model.DefaultClinic("CLI Clinic", "CLN"), model.User{Username: "admin", FullName: "A"},
		testPassword, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	p := model.Patient{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale,
		BirthDate: model.Date{Year: 1980, Month: 1, Day: 1}, BirthEstimated: true}
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	s.Close()
	dir := t.TempDir()
	layout := reports.LabelLayouts[0].Name
	for _, k := range []printing.LabelKind{printing.FolderLabels, printing.IDLabels} {
		cliPDF, winPDF := filepath.Join(dir, "cli-"+k.Short()+".pdf"), filepath.Join(dir, "win-"+k.Short()+".pdf")
		if out, errs, code := runCLI(t, testPassword, "--db", db, "labels", "--mrn", p.MRN, "--kind", k.Short(), "--layout", layout, "--out", cliPDF); code != 0 {
			t.Fatalf("labels: %d %q %q", code, out, errs)
		}
		// The window's labels dialog saves through printing.Labels.
		s, err := storage.Open(db, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := s.SignIn("admin", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		_, err = printing.Labels(sess, p.ID, printing.LabelJob{Kind: k, Layout: layout, Copies: 1}, winPDF)
		sess.Lock("sign-out")
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		cliText, winText := pdfText(t, cliPDF), pdfText(t, winPDF)
		if !strings.Contains(cliText, "~1980") || cliText != winText {
			t.Errorf("%s: the command line prints\n%s\nthe window\n%s", k, cliText, winText)
		}
	}
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}
