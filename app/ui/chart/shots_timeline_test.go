package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// shotPage is a page-shaped JPEG with lines standing in for handwriting.
func shotPage(t *testing.T, lines int) storage.NewPage {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 850, 1100))
	for i := range img.Pix {
		img.Pix[i] = 246
	}
	for l := 0; l < lines; l++ {
		y := 120 + l*38
		for x := 80; x < 80+(l*97%560)+180; x++ {
			for dy := 0; dy < 3; dy++ {
				img.SetGray(x, y+dy, color.Gray{Y: 60})
			}
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return storage.NewPage{Source: "box3.pdf p1", Format: "jpeg", Original: buf.Bytes(), Display: buf.Bytes(), Thumb: buf.Bytes(), Width: 850, Height: 1100}
}

// TestShotsTimeline renders the chart's Timeline tab and checks what each
// picture shows; with DOSSIER_SHOTS set it also saves the pictures:
// DOSSIER_SHOTS=DIR go test -run ShotsTimeline ./app/ui/chart
func TestShotsTimeline(t *testing.T) {
	dir := os.Getenv("DOSSIER_SHOTS")
	x := newHarness(t, "clerk1")
	x.win.Resize(fyne.NewSize(1280, 800))
	s := seedTimeline(t, x.sess)
	sess := x.sess
	day := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.Local) }
	older := model.Encounter{ID: model.NewID(), PatientID: s.pt.ID, Type: model.EncInpatient, Start: day(2022, 8, 2, 14), End: day(2022, 8, 9, 10),
		Ward: "Maternity", Clinician: "Dr Achan", Reason: "labour at term", Diagnoses: []string{"spontaneous vaginal delivery"},
		Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "spontaneous vaginal delivery", System: "ICD-10", Version: "2019",
			Code: "O80", Title: "Single spontaneous delivery", Principal: true}}, CodingStatus: model.CodingDone, CodedBy: "coder1", CodedAt: day(2022, 8, 20, 9)}
	signed := model.Note{PatientID: s.pt.ID, EncounterID: older.ID, Title: "Delivery note", Text: "Live female infant, 3.1 kg, Apgar 9/10. Placenta complete.",
		Author: "Dr Achan", Written: day(2022, 8, 2, 23), SignedBy: "Dr Achan", SignedAt: day(2022, 8, 3, 7)}
	if err := sess.Encounters().CreateChartItems([]model.Encounter{older}, []model.Note{signed}); err != nil {
		t.Fatal(err)
	}
	adm := model.Document{PatientID: s.pt.ID, EncounterID: s.stay.ID, Type: model.DocAdmission, Date: model.Date{Year: 2024, Month: 3, Day: 10}}
	if err := sess.Documents().Import(&adm, []storage.NewPage{shotPage(t, 22), shotPage(t, 14)}); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Transcripts().Save(adm.ID, adm.Pages, clinical.Entry{"admitted": "10/03/2024 09:15", "ward": "Female Medical", "bed": "12",
		"admitted_by": "Dr Okot", "reason": "Fever for 3 days, vomiting, unable to eat.", "diagnoses": "malaria falciparum; anaemia",
		"allergies": "NKDA", "medications": "paracetamol 1 g oral QDS", "temp": "39.2", "pulse": "112", "bp": "104/66"}); err != nil {
		t.Fatal(err)
	}
	for i, typ := range []model.DocType{model.DocImaging, model.DocNursing, model.DocDischarge} {
		d := model.Document{PatientID: s.pt.ID, EncounterID: older.ID, Type: typ, Date: model.Date{Year: 2022, Month: 8, Day: 3 + 3*i}}
		if err := sess.Documents().Import(&d, []storage.NewPage{shotPage(t, 10+i)}); err != nil {
			t.Fatal(err)
		}
	}
	shot := func(name string) {
		if dir == "" {
			return
		}
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, x.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	// As the chart shows it: the banner over the chart's tabs.
	x.onUI(func() {
		tabs := container.NewAppTabs(container.NewTabItem("Details", container.NewStack()),
			container.NewTabItem("Timeline", newTimelineTab(x.h, s.pt)), container.NewTabItem("Documents", container.NewStack()))
		tabs.SelectIndex(1)
		x.win.SetContent(container.NewBorder(patientBanner(x.h, s.pt, false), nil, nil, nil, tabs))
	})
	x.wait()
	for _, want := range []string{"NAKATO, Amina", "⚠ Allergy: penicillin", "11 of 11 items",
		"Choose an item to open it here."} {
		x.wantText(t, want)
	}
	list := x.findTimelineList(t)
	if list.Length() != 11 {
		t.Fatalf("%d rows on the time line", list.Length())
	}
	shot("timeline-list")
	open := func(row int) {
		x.onUI(func() { list.Select(row) })
		x.wait()
	}
	open(3) // the admission form
	for _, want := range []string{"Keyed by clerk1", "Fever for 3 days, vomiting, unable to eat.", "paracetamol 1 g oral QDS",
		"Page 1 of 2", "Encounter: 10/03/2024 Inpatient stay"} {
		x.wantText(t, want)
	}
	shown := false
	x.walk(func(o fyne.CanvasObject) bool {
		if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Image.Bounds().Dx() == 850 {
			shown = true
		}
		return true
	})
	if !shown {
		t.Fatal("the admission form's page is not shown")
	}
	shot("timeline-document")
	x.win.Resize(fyne.NewSize(1024, 700))
	x.wantText(t, "Fever for 3 days, vomiting, unable to eat.")
	shot("timeline-document-small")
	x.win.Resize(fyne.NewSize(1280, 800))
	open(2) // the stay
	for _, want := range []string{"Inpatient stay · 10/03/2024", "Female Medical", "Dr Okot", "fever and vomiting"} {
		x.wantText(t, want)
	}
	shot("timeline-encounter")
	open(8) // the signed delivery note
	for _, want := range []string{"Delivery note", "Live female infant, 3.1 kg", "Signed by Dr Achan on 03/08/2022",
		"Encounter", "02/08/2022 Inpatient stay to 09/08/2022 · Maternity"} {
		x.wantText(t, want)
	}
	shot("timeline-note")
	types := x.findSelectWith(t, tlEncounters())
	x.onUI(func() { types.SetSelected("Lab result") })
	x.setText(x.findEntry(t, "From date"), "1/1/2024")
	x.wantText(t, "1 of 11 items")
	if list.Length() != 1 {
		t.Fatalf("%d rows after filtering", list.Length())
	}
	open(0)
	for _, want := range []string{"Lab result · 11/03/2024", "7.9", "Page 1 of 2"} {
		x.wantText(t, want)
	}
	shot("timeline-filtered")
}
