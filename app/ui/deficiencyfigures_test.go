package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

func TestDeficiencyFiguresViewShowsChartAndExports(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	sess := ui.h.Session()
	ps, err := sess.Patients().List(false)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	e := model.Encounter{PatientID: ps[0].ID, Start: now.AddDate(0, 0, -45), Ward: "Medical", AdmittedBy: "Dr Achieng",
		Diagnoses: []string{"malaria"}}
	if err := sess.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Admissions().Discharge(e.ID, now.AddDate(0, 0, -40), "Discharged home", ""); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "super1")
	openSection(t, ui, "Deficiencies")
	ui.Wait()
	tap(ui, findButton(t, ui, "Figures…"))
	ui.Wait()
	// Discharged 40 days ago with the summary missing: delinquent now, one
	// discharge in six months, so this month's rate is well over the limit.
	wantText(t, ui, "delinquency rate")
	wantText(t, ui, "(the limit is 50%)")

	var chart *canvas.Image
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*canvas.Image); ok && x.Image != nil && x.Image.Bounds().Dx() > 100 {
			chart = x
		}
		return true
	})
	if chart == nil {
		t.Fatal("no chart drawn in the Figures view")
	}
	tables := allTables(ui)
	if len(tables) != 3 {
		t.Fatalf("%d tables with the Figures view open, want the desk's two and the figures", len(tables))
	}
	for _, o := range ui.win.Canvas().Overlays().List() {
		if s, c := o.Size(), ui.win.Canvas().Size(); s.Width > c.Width || s.Height > c.Height {
			t.Errorf("the Figures view (%v) does not fit the window (%v)", s, c)
		}
	}

	out := filepath.Join(t.TempDir(), "figures.csv")
	ui.h.PickSavePath = func(_ string, chosen func(string)) { chosen(out) }
	tap(ui, findButton(t, ui, "Export CSV…"))
	ui.Wait()
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.HasPrefix(s, "\ufeffSection,Item,Measure,Value") || !strings.Contains(s, "Delinquency rate") {
		t.Fatalf("the CSV: %q", s)
	}
	entries, err := ui.h.Session().Admin().Audit(model.AuditFilter{Action: model.ActExport}, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, en := range entries {
		found = found || strings.Contains(en.Detail, "deficiency figures")
	}
	if !found {
		t.Error("the figures export is not audited")
	}
}
