package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/app/ui/printing"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestShotsTracking renders the paper chart, specimen and label screens:
// DOSSIER_SHOTS=DIR go test -run ShotsTracking ./app
func TestShotsTracking(t *testing.T) {
	dir := os.Getenv("DOSSIER_SHOTS")
	if dir == "" {
		t.Skip("set DOSSIER_SHOTS to a folder to render screens")
	}
	ui := openUI(t, newDemoStore(t))
	ui.win.Resize(fyne.NewSize(1200, 760))
	signInAs(t, ui, "clerk1")
	shot := func(name string) {
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		png.Encode(f, ui.win.Canvas().Capture())
	}
	amina, jose := demoPatient(t, ui, "Nakato"), demoPatient(t, ui, "Muñoz")
	soon := model.DateOf(time.Now().AddDate(0, 0, 2))
	must := func(_ model.ChartFile, err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(ui.sess.ShelveChart(amina.ID, "B-12", "new folder"))
	must(ui.sess.CheckOutChart(amina.ID, "Female Medical ward", soon, "admitted"))
	must(ui.sess.ReturnChart(amina.ID, ""))
	must(ui.sess.CheckOutChart(amina.ID, "Dr. Okello (review clinic)", soon, ""))
	must(ui.sess.ShelveChart(jose.ID, "C-4", ""))
	must(ui.sess.CheckOutChart(jose.ID, "Casualty", model.DateOf(time.Now().AddDate(0, 0, 1)), ""))
	showScreen(ui, func() fyne.CanvasObject { return ui.paperChartTab(amina) })
	shot("paperchart")
	tap(ui, findButton(t, ui, "Return to shelf"))
	tap(ui, findButton(t, ui, "Check out…"))
	shot("paperchart-checkout")
	onUI(ui, ui.clearOverlays)
	tap(ui, findButton(t, ui, "Set shelf…"))
	setText(ui, findEntry(t, ui, "Shelf or cabinet"), "")
	pressEnter(ui, findEntry(t, ui, "Shelf or cabinet"))
	shot("paperchart-shelf-refused")
	onUI(ui, ui.clearOverlays)
	showScreen(ui, ui.chartsOutScreen)
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 1}) })
	shot("chartsout")

	for _, s := range []model.Specimen{
		{PatientID: amina.ID, Type: "Urine", Tests: "Culture and sensitivity", Lab: "District hospital lab", Collected: time.Now().AddDate(0, 0, -10)},
		{PatientID: jose.ID, Type: "Sputum", Tests: "GeneXpert", Lab: "Regional TB lab", Collected: time.Now().AddDate(0, 0, -3)},
		{PatientID: amina.ID, Type: "Blood", Tests: "FBC, malaria RDT", Lab: "District hospital lab", Collected: time.Now().Add(-2 * time.Hour)},
	} {
		if err := ui.sess.LogSpecimen(&s); err != nil {
			t.Fatal(err)
		}
	}
	showScreen(ui, func() fyne.CanvasObject { return ui.specimensTab(amina) })
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 1, Col: 0}) })
	shot("specimens-tab")
	tap(ui, findButton(t, ui, "Log specimen…"))
	pressEnter(ui, findEntry(t, ui, "Tests requested"))
	shot("specimens-log-form")
	onUI(ui, ui.clearOverlays)
	showScreen(ui, ui.specimenLogScreen)
	shot("specimen-log")

	onUI(ui, func() { printing.Labels(ui.h, amina, printing.SpecimenLabels, nil) })
	ui.Wait()
	shot("labels-specimen")
	onUI(ui, ui.clearOverlays)
	onUI(ui, func() { ui.h.Links.PrintLabels(amina, nil) })
	ui.Wait()
	setText(ui, findEntry(t, ui, "Labels already used"), "30")
	tap(ui, findButton(t, ui, "Save PDF…"))
	shot("labels-folder-refused")
	onUI(ui, ui.clearOverlays)
	onUI(ui, func() { ui.h.Links.PrintCoverSheets(amina) })
	shot("coversheets")
}
