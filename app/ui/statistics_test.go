package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

func TestStatisticsAlertsFiguresAndDrillDown(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	sess := ui.h.Session()
	ps, err := sess.Patients().List(false)
	if err != nil || len(ps) < 2 {
		t.Fatal(len(ps), err)
	}
	now := time.Now()
	stay := model.Encounter{PatientID: ps[0].ID, Start: now.Add(-2 * time.Hour), Ward: "Stats Ward", AdmittedBy: "Dr Achieng"}
	if err := sess.Admissions().Admit(&stay); err != nil {
		t.Fatal(err)
	}
	visit := model.Encounter{PatientID: ps[1].ID, Type: model.EncOutpatient, Start: now.Add(-time.Hour),
		Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "cholera", Code: "A00.9", Principal: true}}}
	if err := sess.Encounters().Create(&visit); err != nil {
		t.Fatal(err)
	}
	openSection(t, ui, "Statistics")
	ui.Wait()
	wantText(t, ui, "Notifiable disease alert — Cholera: 1 this week")
	wantText(t, ui, "Choose a number to see the patients it counts")
	if strings.Contains(screenText(ui), "Wards and beds") {
		t.Error("a clerk is offered the wards and beds editor")
	}
	wantText(t, ui, "Inpatients by ward")
	table := firstTable(t, ui)
	// The grouped table opens first: its first row is the admissions, its
	// first number the facility's: the one stay.
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	ui.Wait()
	wantText(t, ui, "Admissions, ")
	wantText(t, ui, "1 encounter")
	onUI(ui, func() { ui.win.Canvas().Overlays().Remove(ui.win.Canvas().Overlays().Top()) })

	// Every figure, one per line, is one Show choice away; its first line
	// is the same number.
	var show *widget.Select
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widget.Select); ok && slices.Contains(s.Options, "All figures, one per line") {
			show = s
		}
		return show == nil
	})
	if show == nil {
		t.Fatal("no Show list offering every figure")
	}
	if !slices.Contains(show.Options, "Diagnoses, commonest first") {
		t.Errorf("Show offers %v: the coded cholera visit has no diagnoses table", show.Options)
	}
	onUI(ui, func() { show.SetSelected("All figures, one per line") })
	table = firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 6}) })
	ui.Wait()
	wantText(t, ui, "Admissions, ")
}

func TestStatisticsWardsEditor(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Statistics")
	tap(ui, findButton(t, ui, "Wards and beds"))
	wantText(t, ui, "0 wards")
	tap(ui, findButton(t, ui, "Add ward"))
	es := dialogEntries(ui)
	if len(es) != 5 {
		t.Fatalf("the add-ward form has %d entries, want 5 (code, name, beds, bassinets, from)", len(es))
	}
	setText(ui, es[0], "MED")
	setText(ui, es[1], "Medical")
	setText(ui, es[2], "12")
	setText(ui, es[4], "2026-01-01")
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "Saved: ward MED added")
	set, err := ui.h.Session().Statistics().Settings()
	if err != nil || len(set.Wards) != 1 || set.Wards[0].ID != "MED" || set.Wards[0].Beds[0].Beds != 12 {
		t.Fatalf("after adding: %+v %v", set.Wards, err)
	}
}

// An administrator sets the ministry's age groups and the notifiable list
// as text; a line that does not read is named and nothing is saved, and a
// clerk is not offered the editor.
func TestStatisticsSettingsEditor(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Statistics")
	tap(ui, findButton(t, ui, "Statistics settings"))
	wantText(t, ui, "Age groups")
	es := dialogEntries(ui)
	if len(es) != 3 {
		t.Fatalf("the settings form has %d entries, want 3 (age groups, diseases, reason)", len(es))
	}
	if !strings.Contains(es[0].Text, "50+: 50+") || !strings.Contains(es[1].Text, "Cholera; A00; 1") {
		t.Fatalf("the form does not start from the groups and list in force:\n%s\n%s", es[0].Text, es[1].Text)
	}
	before, _ := ui.h.Session().Statistics().Settings()
	setText(ui, es[0], "<5: 0-4\n5-9: 6-9\n10+: 10+")
	setText(ui, es[2], "the ministry's new groups")
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "line 2")
	if got, _ := ui.h.Session().Statistics().Settings(); len(got.AgeGroups) != len(before.AgeGroups) {
		t.Fatalf("a refused form saved age groups %v", got.AgeGroups)
	}
	setText(ui, es[0], "<5: 0-4\n5-14: 5-14\n15+: 15+")
	setText(ui, es[1], es[1].Text+"Anthrax; A22; 1\n")
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "Statistics settings saved: the ministry's new groups.")
	got, err := ui.h.Session().Statistics().Settings()
	if err != nil || len(got.AgeGroups) != 3 || got.AgeGroups[1] != (model.AgeBand{Label: "5-14", Min: 5, Max: 15}) || got.AgeGroups[2].Max != 0 {
		t.Fatalf("age groups saved: %+v %v", got.AgeGroups, err)
	}
	if n := got.Notifiable[len(got.Notifiable)-1]; n.Name != "Anthrax" || n.Codes[0] != "A22" || n.Threshold != 1 {
		t.Errorf("the added notifiable disease was saved as %+v", n)
	}
	if len(got.Notifiable) != len(before.Notifiable)+1 {
		t.Errorf("%d notifiable diseases after adding one to %d", len(got.Notifiable), len(before.Notifiable))
	}

	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "clerk1")
	openSection(t, ui, "Statistics")
	if strings.Contains(screenText(ui), "Statistics settings") {
		t.Error("a clerk is offered the statistics settings")
	}
}
