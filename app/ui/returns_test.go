package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/app/flow/ministryreturn"
	"dossier/assets"
	"dossier/model"
	md "dossier/model/dhis2"
	"dossier/model/stats"
)

func TestMinistryReturnPrepareAndSaveADX(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	d, err := md.ParseDefinition(strings.NewReader(string(assets.ExampleReturnDefinition)))
	if err != nil {
		t.Fatal(err)
	}
	if err := ui.h.Session().Returns().SetDefinition(d, "example.json"); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()

	signInAs(t, ui, "clerk1")
	if slices.Contains(ui.SectionTitles(), "Return to the ministry") {
		t.Fatal("a clerk sees the ministry's return")
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()

	signInAs(t, ui, "super1")
	openSection(t, ui, "Return to the ministry")
	tap(ui, findButton(t, ui, "Prepare"))
	wantText(t, ui, "Not sent before.")
	wantText(t, ui, "not filled")
	// Every count row is filled (0 when nothing happened); only a rate
	// whose denominator is 0 in the demo month (no discharges, no beds
	// set) may be left out, and the screen says so.
	m := time.Now().AddDate(0, -1, 0)
	p, err := ministryreturn.Prepare(ui.h.Session(), ministryreturn.EngineFigures(ui.h.Session()), md.Month{Year: m.Year(), Month: m.Month()}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, miss := range p.Missing {
		if miss.Key.Figure != stats.FigAvgLengthOfStay && miss.Key.Figure != stats.FigBedOccupancyRate {
			t.Errorf("not filled: %s", miss.Label)
		}
	}
	if rows, _ := firstTable(t, ui).Length(); rows != len(p.Values) || rows < 20 {
		t.Fatalf("%d rows shown, %d prepared", rows, len(p.Values))
	}
	path := filepath.Join(t.TempDir(), "nov.adx.xml")
	ui.h.PickSavePath = func(_ string, chosen func(string)) { chosen(path) }
	tap(ui, findButton(t, ui, "Save ADX…"))
	ui.Wait()
	b, err := os.ReadFile(path)
	month := time.Now().AddDate(0, -1, 0).Format("2006-01")
	if err != nil || !strings.Contains(string(b), `period="`+month+`-01/P1M"`) {
		t.Fatalf("saved %s: %v", b, err)
	}
	wantText(t, ui, "the return is kept")
	ks, err := ui.h.Session().Returns().Kept(month)
	if err != nil || len(ks) != 1 || ks[0].By != "super1" || ks[0].Action != md.ActSavedADX {
		t.Fatalf("kept %+v %v", ks, err)
	}
}

func TestRegistersPageShowsARegister(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	sess := ui.h.Session()
	ps, err := sess.Patients().List(false)
	if err != nil {
		t.Fatal(err)
	}
	last := time.Now().AddDate(0, -1, 0)
	first := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.Local)
	e := model.Encounter{PatientID: ps[0].ID, Start: first.Add(10 * time.Hour), Ward: "Ward 9"}
	if err := sess.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	openSection(t, ui, "Registers")
	onUI(ui, func() { dropDown(t, ui, "(Select one)").SetSelected("Admission and discharge register") })
	tap(ui, findButton(t, ui, "Show"))
	wantText(t, ui, "Admission and discharge register — "+first.Format("January 2006")+": 1 entry")
	if findButton(t, ui, "Export CSV…").Visible() {
		t.Fatal("a clerk is offered the CSV export")
	}
}

func TestChartsPageDrawsAMonth(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	sess := ui.h.Session()
	ps, err := sess.Patients().List(false)
	if err != nil {
		t.Fatal(err)
	}
	last := time.Now().AddDate(0, -1, 0)
	first := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.Local)
	e := model.Encounter{PatientID: ps[0].ID, Start: first.Add(10 * time.Hour), Ward: "Ward 9"}
	if err := sess.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	openSection(t, ui, "Charts")
	tap(ui, findButton(t, ui, "Show"))
	// Admissions by month and the census; no coded diagnoses, no outpatients.
	wantText(t, ui, "2 charts for "+first.Format("2006-01"))
}
