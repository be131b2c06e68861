package ui

import (
	"strings"
	"testing"
	"time"

	"dossier/app/ui/tracking"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// demoPatient is a patient of the demo store, read the way a chart reads it.
func demoPatient(t *testing.T, ui *UI, family string) model.Patient {
	t.Helper()
	list, err := ui.h.Session().Patients().List(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if p, _, err := ui.h.Session().Patients().Get(s.ID); err == nil && p.FamilyName == family {
			return p
		}
	}
	t.Fatalf("no demo patient %s", family)
	return model.Patient{}
}

// showScreen puts a screen or chart tab in the window and lets it load.
func showScreen(ui *UI, build func() fyne.CanvasObject) {
	onUI(ui, func() { ui.shell.setContent(build()) })
	ui.Wait()
}

// pressEnter submits an entry the way the keyboard does.
func pressEnter(ui *UI, e *widget.Entry) {
	onUI(ui, func() { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	ui.Wait()
}

func tableRows(t *testing.T, ui *UI) int {
	t.Helper()
	rows, _ := firstTable(t, ui).Length()
	return rows
}

func TestPaperChartShelveCheckOutAndReturnFromChartsOut(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	p := demoPatient(t, ui, "Nakato")
	showScreen(ui, func() fyne.CanvasObject { return tracking.PaperChartTab(ui.h, p) })
	wantText(t, ui, "never been given a shelf")
	if !findButton(t, ui, "Return to shelf").Disabled() {
		t.Fatal("Return to shelf offered for a chart that is not out")
	}

	tap(ui, findButton(t, ui, "Set shelf…"))
	shelf := findEntry(t, ui, "Shelf or cabinet")
	pressEnter(ui, shelf)
	wantText(t, ui, "Enter the shelf or cabinet where the chart is kept.")
	setText(ui, shelf, "B-12")
	pressEnter(ui, shelf)
	wantText(t, ui, "On shelf B-12 since")

	tap(ui, findButton(t, ui, "Check out…"))
	due := findEntry(t, ui, "2026-11-25 or")
	if want := model.DateOf(time.Now().AddDate(0, 0, 3)).String(); due.Text != want {
		t.Fatalf("default due date %q, want %q", due.Text, want)
	}
	setText(ui, due, "31/02/2020")
	pressEnter(ui, due)
	wantText(t, ui, "Enter who is taking the chart")
	wantText(t, ui, "Type the date as")
	holder := findEntry(t, ui, "Person or ward")
	setText(ui, holder, "Female Medical ward")
	back := time.Now().AddDate(0, 0, 5)
	setText(ui, due, back.Format("2/1/2006"))
	pressEnter(ui, holder)
	wantText(t, ui, "Out with Female Medical ward since")
	wantText(t, ui, "due back "+ui.h.Date(model.DateOf(back)))

	showScreen(ui, func() fyne.CanvasObject { return tracking.ChartsOutScreen(ui.h) })
	wantText(t, ui, "1 chart out, 0 overdue")
	wantText(t, ui, "Female Medical ward")
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 1}) })
	tap(ui, findButton(t, ui, "Mark returned"))
	wantText(t, ui, "file it on shelf B-12")
	wantText(t, ui, "No charts are out")

	showScreen(ui, func() fyne.CanvasObject { return tracking.PaperChartTab(ui.h, p) })
	wantText(t, ui, "3 movements recorded.")
	wantText(t, ui, "On shelf B-12 since")
	if n := tableRows(t, ui); n != 3 {
		t.Fatalf("%d movements in the table, want 3", n)
	}
}

func TestRefusedCheckOutKeepsTheForm(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	p := demoPatient(t, ui, "Nakato")
	if _, err := ui.h.Session().ChartFiles().Shelve(p.ID, "A-1", ""); err != nil {
		t.Fatal(err)
	}
	showScreen(ui, func() fyne.CanvasObject { return tracking.PaperChartTab(ui.h, p) })
	tap(ui, findButton(t, ui, "Check out…"))
	holder := findEntry(t, ui, "Person or ward")
	setText(ui, holder, "Dr. Okello")
	// Another clerk lends the chart out while this form is open.
	if _, err := ui.h.Session().ChartFiles().CheckOut(p.ID, "Ward 3", model.DateOf(time.Now().AddDate(0, 0, 2)), ""); err != nil {
		t.Fatal(err)
	}
	pressEnter(ui, holder)
	wantText(t, ui, "already out with Ward 3")
	if findEntry(t, ui, "Person or ward").Text != "Dr. Okello" {
		t.Fatal("the refused form lost what was typed")
	}
}

func TestPaperChartWithoutDigitizeShowsNoButtons(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	p := demoPatient(t, ui, "Nakato")
	showScreen(ui, func() fyne.CanvasObject { return tracking.PaperChartTab(ui.h, p) })
	wantText(t, ui, "This paper chart has never been given a shelf.")
	if s := screenText(ui); strings.Contains(s, "Set shelf") || strings.Contains(s, "Check out") {
		t.Fatalf("chart movement buttons shown to a user who may not move charts:\n%s", s)
	}
	showScreen(ui, func() fyne.CanvasObject { return tracking.ChartsOutScreen(ui.h) })
	if strings.Contains(screenText(ui), "Mark returned") {
		t.Fatal("Mark returned shown to a user who may not move charts")
	}
}
