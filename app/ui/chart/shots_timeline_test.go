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

// TestShotsTimeline renders the chart's Timeline tab:
// DOSSIER_SHOTS=DIR go test -run ShotsTimeline ./app
func TestShotsTimeline(t *testing.T) {
	dir := os.Getenv("DOSSIER_SHOTS")
	if dir == "" {
		t.Skip("set DOSSIER_SHOTS to a folder to render screens")
	}
	ui := openUI(t, newDemoStore(t))
	ui.win.Resize(fyne.NewSize(1280, 800))
	signInAs(t, ui, "clerk1")
	s := seedTimeline(t, ui.sess)
	sess := ui.sess
	day := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.Local) }
	older := model.Encounter{ID: model.NewID(), PatientID: s.pt.ID, Type: model.EncInpatient, Start: day(2022, 8, 2, 14), End: day(2022, 8, 9, 10),
		Ward: "Maternity", Clinician: "Dr Achan", Reason: "labour at term", Diagnoses: []string{"spontaneous vaginal delivery"},
		Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "spontaneous vaginal delivery", System: "ICD-10", Version: "2019",
			Code: "O80", Title: "Single spontaneous delivery", Principal: true}}, CodingStatus: model.CodingDone, CodedBy: "coder1", CodedAt: day(2022, 8, 20, 9)}
	signed := model.Note{PatientID: s.pt.ID, EncounterID: older.ID, Title: "Delivery note", Text: "Live female infant, 3.1 kg, Apgar 9/10. Placenta complete.",
		Author: "Dr Achan", Written: day(2022, 8, 2, 23), SignedBy: "Dr Achan", SignedAt: day(2022, 8, 3, 7)}
	if err := sess.CreateChartItems([]model.Encounter{older}, []model.Note{signed}); err != nil {
		t.Fatal(err)
	}
	adm := model.Document{PatientID: s.pt.ID, EncounterID: s.stay.ID, Type: model.DocAdmission, Date: model.Date{Year: 2024, Month: 3, Day: 10}}
	if err := sess.ImportDocument(&adm, []storage.NewPage{shotPage(t, 22), shotPage(t, 14)}); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.SaveTranscript(adm.ID, adm.Pages, clinical.Entry{"admitted": "10/03/2024 09:15", "ward": "Female Medical", "bed": "12",
		"admitted_by": "Dr Okot", "reason": "Fever for 3 days, vomiting, unable to eat.", "diagnoses": "malaria falciparum; anaemia",
		"allergies": "NKDA", "medications": "paracetamol 1 g oral QDS", "temp": "39.2", "pulse": "112", "bp": "104/66"}); err != nil {
		t.Fatal(err)
	}
	for i, typ := range []model.DocType{model.DocImaging, model.DocNursing, model.DocDischarge} {
		d := model.Document{PatientID: s.pt.ID, EncounterID: older.ID, Type: typ, Date: model.Date{Year: 2022, Month: 8, Day: 3 + 3*i}}
		if err := sess.ImportDocument(&d, []storage.NewPage{shotPage(t, 10+i)}); err != nil {
			t.Fatal(err)
		}
	}
	shot := func(name string) {
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		png.Encode(f, ui.win.Canvas().Capture())
	}
	// As the chart shows it: the banner over the chart's tabs.
	onUI(ui, func() {
		tabs := container.NewAppTabs(container.NewTabItem("Details", container.NewStack()),
			container.NewTabItem("Timeline", ui.timelineTab(s.pt)), container.NewTabItem("Documents", container.NewStack()))
		tabs.SelectIndex(1)
		ui.shell.setContent(container.NewBorder(patientBanner(s.pt, false), nil, nil, nil, tabs))
	})
	ui.Wait()
	shot("timeline-list")
	list := findTimelineList(t, ui)
	open := func(row int) {
		onUI(ui, func() { list.Select(row) })
		ui.Wait()
	}
	open(3) // the admission form
	shot("timeline-document")
	ui.win.Resize(fyne.NewSize(1024, 700))
	shot("timeline-document-small")
	ui.win.Resize(fyne.NewSize(1280, 800))
	open(2) // the stay
	shot("timeline-encounter")
	open(8) // the signed delivery note
	shot("timeline-note")
	types := findSelectWith(t, ui, tlEncounters)
	onUI(ui, func() { types.SetSelected("Lab result") })
	setText(ui, findEntry(t, ui, "From date"), "1/1/2024")
	onUI(ui, func() { list.Select(0) })
	ui.Wait()
	shot("timeline-filtered")
}
