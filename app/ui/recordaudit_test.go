package ui

import (
	"testing"
	"time"

	printflow "dossier/app/flow/printing"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// radioGroups lists the radio groups on screen in order.
func radioGroups(ui *UI) []*widget.RadioGroup {
	var out []*widget.RadioGroup
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*widget.RadioGroup); ok {
			out = append(out, x)
		}
		return true
	})
	return out
}

func TestRecordAuditDrawReviewCompareAndPrint(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	sess := ui.h.Session()
	ps, err := sess.Patients().List(false)
	if err != nil || len(ps) < 2 {
		t.Fatal(len(ps), err)
	}
	now := time.Now()
	for i, p := range ps[:2] {
		e := model.Encounter{PatientID: p.ID, Start: now.AddDate(0, 0, -9-i), Ward: "Audit Ward", AdmittedBy: "Dr Achieng"}
		if err := sess.Admissions().Admit(&e); err != nil {
			t.Fatal(err)
		}
		if _, err := sess.Admissions().Discharge(e.ID, now.AddDate(0, 0, -3-i), "Discharged home", ""); err != nil {
			t.Fatal(err)
		}
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "super1")
	openSection(t, ui, "Record audits")
	wantText(t, ui, "0 audits kept")

	// An earlier audit of the same ward, every answer No, to compare with.
	early, err := ui.h.Session().RecordAudits().Draw(now.AddDate(0, 0, -30), now.AddDate(0, 0, 1), "Audit Ward", 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	no := make([]model.AuditAnswer, len(early.Questions))
	for i := range no {
		no[i] = model.AnswerNo
	}
	if _, err := ui.h.Session().RecordAudits().Answer(early.ID, 0, no); err != nil {
		t.Fatal(err)
	}

	// New audit: two stays of the ward; the review opens on the first.
	tap(ui, findButton(t, ui, "New audit…"))
	setText(ui, findEntry(t, ui, "first day"), now.AddDate(0, 0, -30).Format("2006-01-02"))
	setText(ui, findEntry(t, ui, "last day"), now.Format("2006-01-02"))
	setText(ui, findEntry(t, ui, "every ward"), "audit ward")
	setText(ui, findEntry(t, ui, "how many"), "5")
	tap(ui, findButton(t, ui, "Save (Enter)"))
	ui.Wait()
	wantText(t, ui, "Stay 1 of 2")
	radios := radioGroups(ui)
	if len(radios) != len(model.DefaultAuditChecklist().Questions) {
		t.Fatalf("%d radio groups, want one per question", len(radios))
	}
	answer := func(all string, naFirst bool) {
		onUI(ui, func() {
			for i, g := range radioGroups(ui) {
				g.SetSelected(all)
				if i == 0 && naFirst {
					g.SetSelected("N/A")
				}
			}
		})
	}
	answer("Yes", true)
	tap(ui, findButton(t, ui, "Save & next stay"))
	ui.Wait()
	wantText(t, ui, "Stay 2 of 2")
	// The second stay by keyboard: N for every question, Enter saves (and
	// closes the review after the last stay).
	wantText(t, ui, "for question 1 (Admission note present)")
	press := func(k fyne.KeyName) {
		onUI(ui, func() { ui.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) })
		ui.Wait()
	}
	for range radios {
		press(fyne.KeyN)
	}
	press(fyne.KeyReturn)
	// 9 yes, 10 no (the N/A not counted): 47%.
	wantText(t, ui, "2 of 2 stays reviewed, 47% overall")

	tap(ui, findButton(t, ui, "Compare with…"))
	tap(ui, findButton(t, ui, "Save (Enter)"))
	ui.Wait()
	wantText(t, ui, "change in points since")

	audits, err := ui.h.Session().RecordAudits().List()
	if err != nil || len(audits) != 2 {
		t.Fatalf("%d audits, %v", len(audits), err)
	}
	j, err := printflow.RecordAuditJob(ui.h.Session(), audits[0], &early)
	if err != nil || j.Pages() < 1 {
		t.Fatalf("report: %v", err)
	}
}
