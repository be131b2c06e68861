package ui

import (
	"testing"
	"time"

	"dossier/app/ui/printing"
	"dossier/app/ui/tracking"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestShotsTracking renders the paper chart, specimen and label screens,
// and checks each shows what its picture is for:
// DOSSIER_SHOTS=DIR go test -run ShotsTracking ./app/ui
func TestShotsTracking(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	ui.win.Resize(fyne.NewSize(1200, 760))
	signInAs(t, ui, "clerk1")
	shot := func(name string, want ...string) {
		t.Helper()
		shotOf(t, ui, name, want...)
	}
	amina, jose := demoPatient(t, ui, "Nakato"), demoPatient(t, ui, "Muñoz")
	soon := model.DateOf(time.Now().AddDate(0, 0, 2))
	must := func(_ model.ChartFile, err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(ui.h.Session().ChartFiles().Shelve(amina.ID, "B-12", "new folder"))
	must(ui.h.Session().ChartFiles().CheckOut(amina.ID, "Female Medical ward", soon, "admitted"))
	must(ui.h.Session().ChartFiles().Return(amina.ID, ""))
	must(ui.h.Session().ChartFiles().CheckOut(amina.ID, "Dr. Okello (review clinic)", soon, ""))
	must(ui.h.Session().ChartFiles().Shelve(jose.ID, "C-4", ""))
	must(ui.h.Session().ChartFiles().CheckOut(jose.ID, "Casualty", model.DateOf(time.Now().AddDate(0, 0, 1)), ""))
	showScreen(ui, func() fyne.CanvasObject { return tracking.PaperChartTab(ui.h, amina) })
	shot("paperchart", "Out with Dr. Okello (review clinic) since", "Its shelf is B-12.", "4 movements recorded.")
	tap(ui, findButton(t, ui, "Return to shelf"))
	tap(ui, findButton(t, ui, "Check out…"))
	shot("paperchart-checkout", "Check out the chart of NAKATO, Amina", "On shelf B-12 since", "5 movements recorded.")
	onUI(ui, ui.clearOverlays)
	tap(ui, findButton(t, ui, "Set shelf…"))
	setText(ui, findEntry(t, ui, "Shelf or cabinet"), "")
	pressEnter(ui, findEntry(t, ui, "Shelf or cabinet"))
	shot("paperchart-shelf-refused", "Enter the shelf or cabinet where the chart is kept.", "Nothing was saved yet.")
	onUI(ui, ui.clearOverlays)
	showScreen(ui, func() fyne.CanvasObject { return tracking.ChartsOutScreen(ui.h) })
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 1}) })
	shot("chartsout", "1 chart out, 0 overdue", "Selected the chart of MUÑOZ, José (TST-0000001-U), out with Casualty.")

	for _, s := range []model.Specimen{
		{PatientID: amina.ID, Type: "Urine", Tests: "Culture and sensitivity", Lab: "District hospital lab", Collected: time.Now().AddDate(0, 0, -10)},
		{PatientID: jose.ID, Type: "Sputum", Tests: "GeneXpert", Lab: "Regional TB lab", Collected: time.Now().AddDate(0, 0, -3)},
		{PatientID: amina.ID, Type: "Blood", Tests: "FBC, malaria RDT", Lab: "District hospital lab", Collected: time.Now().Add(-2 * time.Hour)},
	} {
		if err := ui.h.Session().Specimens().Log(&s); err != nil {
			t.Fatal(err)
		}
	}
	showScreen(ui, func() fyne.CanvasObject { return tracking.SpecimensTab(ui.h, amina) })
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 1, Col: 0}) })
	shot("specimens-tab", "2 specimens, 2 awaiting results, 1 late (no result after 7 days).", "late: 10 days",
		": Urine for NAKATO, Amina.")
	tap(ui, findButton(t, ui, "Log specimen…"))
	pressEnter(ui, findEntry(t, ui, "Tests requested"))
	shot("specimens-log-form", "Log a specimen for NAKATO, Amina", "Choose or type the kind of specimen.", "Enter the tests requested.")
	onUI(ui, ui.clearOverlays)
	showScreen(ui, func() fyne.CanvasObject { return tracking.LogScreen(ui.h) })
	shot("specimen-log", "3 specimens awaiting results, 1 late (no result after 7 days).", "GeneXpert") // the lab column is cut on a small screen

	onUI(ui, func() { printing.Labels(ui.h, amina, printing.SpecimenLabels, nil) })
	ui.Wait()
	shot("labels-specimen", "Labels for NAKATO, Amina", "Avery L7651", "Tick the specimens to print labels for.")
	onUI(ui, ui.clearOverlays)
	onUI(ui, func() { ui.h.Links.PrintLabels(amina, nil) })
	ui.Wait()
	setText(ui, findEntry(t, ui, "Labels already used"), "30")
	tap(ui, findButton(t, ui, "Print or save…"))
	shot("labels-folder-refused", "A sheet holds 14 labels: at most 13 can be already used.")
	onUI(ui, ui.clearOverlays)
	onUI(ui, func() { ui.h.Links.PrintCoverSheets(amina) })
	shot("coversheets", "Cover sheets for NAKATO, Amina")
}
