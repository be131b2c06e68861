package ui

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/reports"
)

// wantPDF checks path is a PDF and, when pdftotext is installed, that its
// text holds every one of want.
func wantPDF(t *testing.T, path string, want ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("%s is not a PDF: %v", path, err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	for _, w := range want {
		if !strings.Contains(string(out), w) {
			t.Errorf("%s lacks %q; its text:\n%s", filepath.Base(path), w, out)
		}
	}
}

func layoutNamed(t *testing.T, prefix string) string {
	t.Helper()
	for _, l := range reports.LabelLayouts {
		if strings.HasPrefix(l.Name, prefix) {
			return l.Name
		}
	}
	t.Fatalf("no label layout %s", prefix)
	return ""
}

func TestSaveEveryKindOfLabelAndCoverSheets(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	p := demoPatient(t, ui, "Nakato")
	s := model.Specimen{PatientID: p.ID, Type: "Blood", Tests: "FBC", Collected: time.Now().Add(-time.Hour)}
	if err := ui.sess.Specimens().Log(&s); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, k := range []labelKind{labelFolder, labelID, labelSpecimen} {
		path := filepath.Join(dir, k.short()+".pdf")
		job := labelJob{kind: k, layout: layoutNamed(t, "Avery L7160"), skip: 2, copies: 2, specimens: []model.Specimen{s}}
		onUI(ui, func() { ui.saveLabels(p, job, path) })
		ui.Wait()
		wantText(t, ui, k.String()+" saved to "+path)
		onUI(ui, ui.clearOverlays)
		want := []string{p.MRN}
		if k == labelSpecimen {
			want = append(want, s.Code)
		}
		wantPDF(t, path, want...)
	}
	cover := filepath.Join(dir, "cover.pdf")
	onUI(ui, func() {
		ui.saveCoverSheets(p, model.Cover{MRN: p.MRN, Type: model.DocLab, Date: model.DateOf(time.Now())}, 2, cover)
	})
	ui.Wait()
	wantText(t, ui, "2 cover sheets saved to "+cover)
	wantPDF(t, cover, p.MRN, "Test Clinic", "Clara Clerk")

	super, err := ui.store.SignIn("super1", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer super.Lock("sign-out")
	entries, err := super.Admin().Audit(model.AuditFilter{Action: model.ActPrint, Record: p.ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, e := range entries {
		details = append(details, e.Detail)
	}
	got := strings.Join(details, "\n")
	for _, w := range []string{"labels: folder ×2", "labels: id ×2", "labels: specimen ×2 (" + s.Code + ")", "cover sheets: Lab result"} {
		if !strings.Contains(got, w) {
			t.Errorf("audit lacks %q:\n%s", w, got)
		}
	}
}

func TestLabelsDialogChecksTheSheetAndOffersLoggedSpecimens(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	p := demoPatient(t, ui, "Nakato")
	onUI(ui, func() { ui.showLabelsDialog(p, labelFolder, nil) })
	ui.Wait()
	if got := strings.Join(findRadio(t, ui).Options, ","); got != "Folder labels,Patient ID labels" {
		t.Fatalf("offered %s with no specimens logged", got)
	}
	wantText(t, ui, "Avery L7163")
	skip := findEntry(t, ui, "Labels already used")
	setText(ui, skip, "4")
	wantText(t, ui, "Prints 1 label on label 5 of the sheet (14 labels per sheet).")
	setText(ui, skip, "14")
	pressEnter(ui, skip)
	wantText(t, ui, "A sheet holds 14 labels: at most 13 can be already used.")
	tap(ui, findButton(t, ui, "Cancel"))

	s := model.Specimen{PatientID: p.ID, Type: "Urine", Tests: "Microscopy", Collected: time.Now()}
	if err := ui.sess.Specimens().Log(&s); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.showLabelsDialog(p, labelSpecimen, nil) })
	ui.Wait()
	if r := findRadio(t, ui); r.Selected != "Specimen labels" {
		t.Fatalf("opened on %q", r.Selected)
	}
	wantText(t, ui, s.Code+" · Urine · Microscopy")
	wantText(t, ui, "Prints 1 label on label 1 of the sheet (65 labels per sheet).")
	tap(ui, findButton(t, ui, "Cancel"))

	s2 := model.Specimen{PatientID: p.ID, Type: "Blood", Tests: "FBC", Collected: time.Now()}
	if err := ui.sess.Specimens().Log(&s2); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.showLabelsDialog(p, labelSpecimen, []model.Specimen{s, s2}) })
	ui.Wait()
	wantText(t, ui, "Prints 2 labels on label 1 to 2 of the sheet")
	tap(ui, findButton(t, ui, "Cancel"))

	onUI(ui, func() { ui.showCoverSheetDialog(p) })
	count := findEntry(t, ui, "1 to 20")
	setText(ui, count, "50")
	pressEnter(ui, count)
	wantText(t, ui, "Choose the kind of document.")
	wantText(t, ui, "Type how many sheets, from 1 to 20.")
}
