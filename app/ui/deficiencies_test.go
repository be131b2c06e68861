package ui

import (
	"testing"
	"time"

	"dossier/app/flow/completion"
	printflow "dossier/app/flow/printing"
	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// allTables lists the tables on screen in order.
func allTables(ui *UI) []*widget.Table {
	var out []*widget.Table
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*widget.Table); ok {
			out = append(out, x)
		}
		return true
	})
	return out
}

func TestDeficiencyDeskListsWaivesAndPrints(t *testing.T) {
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
	wantText(t, ui, "Dr Achieng")
	wantText(t, ui, "3 deficiencies on 1 record for everyone")

	tables := allTables(ui)
	if len(tables) != 2 {
		t.Fatalf("%d tables on the desk, want people and list", len(tables))
	}
	// Choose the clinician: the list keeps only theirs.
	rows, err := ui.h.Session().Deficiencies().Open(storage.DeficiencyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	groups := completion.Groups(rows)
	var achieng int
	for i, g := range groups {
		if g.Name == "Dr Achieng" {
			achieng = i
		}
	}
	onUI(ui, func() { tables[0].Select(widget.TableCellID{Row: achieng + 1, Col: 0}) })
	ui.Wait()
	wantText(t, ui, "1 deficiency on 1 record for Dr Achieng")

	// Waive it with a reason.
	onUI(ui, func() { tables[1].Select(widget.TableCellID{Row: 0, Col: 2}) })
	ui.Wait()
	tap(ui, findButton(t, ui, "Waive…"))
	setText(ui, reasonBox(t, ui), "summary written on the paper chart")
	tap(ui, findButton(t, ui, "Waive"))
	ui.Wait()
	wantText(t, ui, "Waived.")
	left, _ := ui.h.Session().Deficiencies().Open(storage.DeficiencyFilter{Role: model.RoleClinician})
	if len(left) != 0 {
		t.Fatalf("still open after waiving: %+v", left)
	}

	// The supervisor changes the rules: a reason is needed, then they save.
	tap(ui, findButton(t, ui, "Rules…"))
	ui.Wait()
	setText(ui, findEntry(t, ui, "why the rules change"), "bylaws of 2027")
	tap(ui, findButton(t, ui, "Save (Enter)"))
	ui.Wait()
	wantText(t, ui, "Rules saved")
	// and offer to check the charts already in the store now.
	wantText(t, ui, "Check the charts of the last 90 days against them now?")
	tap(ui, findButton(t, ui, "Yes"))
	ui.Wait()
	wantText(t, ui, "checked against the rules.")
	if _, err := ui.h.Session().Deficiencies().Rules(); err != nil {
		t.Fatal(err)
	}

	// Slips and letters render for what is left (the clerk's and coder's).
	j, err := printflow.DeficiencySlipsJob(ui.h.Session(), completion.Groups(rows))
	if err != nil || j.Pages() < 1 {
		t.Fatalf("slips: %v", err)
	}
	if _, n, err := printflow.DelinquencyLettersJob(ui.h.Session(), completion.Groups(rows)); err != nil || n != 1 {
		t.Fatalf("letters: %d %v", n, err)
	}
}

// A clerk raises a deficiency on a page from the viewer: it is listed for
// whoever must act (the clerks, for a document filed to no visit).
func TestRaiseDeficiencyOnAPage(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	_, doc := labDocument(t, ui)
	page := doc.Pages[0].Page
	onUI(ui, func() { pages.RaiseDeficiency(ui.h, page) })
	ui.Wait()
	setText(ui, findEntry(t, ui, "what to do"), "date the lab request")
	tap(ui, findButton(t, ui, "Save (Enter)"))
	ui.Wait()
	rows, err := ui.h.Session().Deficiencies().Open(storage.DeficiencyFilter{})
	if err != nil || len(rows) != 1 || rows[0].Problem != model.ProblemSignature || rows[0].Missing != "date the lab request" ||
		rows[0].Target != page.ID || rows[0].RaisedBy != "clerk1" {
		t.Fatalf("raised: %+v %v", rows, err)
	}
}
