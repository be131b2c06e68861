package tracking

import (
	"fmt"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// specimenLateDays is how long a result may take before the log marks the
// specimen late: most district labs answer within a week.
const specimenLateDays = 7

// specimenList is a table of logged specimens: one patient's (the chart
// tab) or the whole clinic's (the Specimens section).
type specimenList struct {
	h       *kit.Host
	patient *model.Patient // nil: the whole log
	cols    []specimenColumn
	rows    []storage.SpecimenRow
	now     time.Time
	sel     int // selected row, -1 for none
	table   *widget.Table
	view    fyne.CanvasObject // the table as placed
	count   *widget.Label
	status  *widget.Label
	// awaiting filters the whole log; nil on a patient's tab.
	awaiting *widget.Check
	// Buttons that act on the selected row; nil when the user may not.
	result, reject, label, open *widget.Button
}

type specimenColumn struct {
	kit.Column
	value func(h *kit.Host, r storage.SpecimenRow, now time.Time) string
}

var (
	colCode      = specimenColumn{kit.Column{Title: "Code", Width: 168, Min: 130}, func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Code }}
	colMRN       = specimenColumn{kit.Column{Title: "MRN", Width: 125, Min: 125}, func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Patient.MRN }}
	colName      = specimenColumn{kit.Column{Title: "Name", Width: 150}, func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Patient.Name }}
	colSpecimen  = specimenColumn{kit.Column{Title: "Specimen", Width: 82}, func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Type }}
	colTests     = specimenColumn{kit.Column{Title: "Tests", Width: 130}, func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Tests }}
	colCollected = specimenColumn{kit.Column{Title: "Collected", Width: 135, Min: 135}, func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string {
		return h.When(r.Collected)
	}}
	colLab    = specimenColumn{kit.Column{Title: "Lab", Width: 110}, func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Lab }}
	colStatus = specimenColumn{kit.Column{Title: "Status", Width: 135}, func(h *kit.Host, r storage.SpecimenRow, now time.Time) string {
		return specimenStatus(r.Specimen, now)
	}}
	colResult = specimenColumn{kit.Column{Title: "Result", Width: 200}, func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Result }}
)

// specimenStatus is the status column: "late" spelled out, not only shown
// in red, so it reads the same on any screen. It comes before the lab and
// result columns so it is in view without scrolling on a small screen.
func specimenStatus(s model.Specimen, now time.Time) string {
	switch s.Status {
	case model.SpecimenResulted:
		return "result received"
	case model.SpecimenRejected:
		return "rejected"
	}
	if s.Awaiting(now, specimenLateDays) {
		return fmt.Sprintf("late: %s", kit.CountOf(int(now.Sub(s.Collected).Hours()/24), "day"))
	}
	return "awaiting result"
}

func newSpecimenList(h *kit.Host, patient *model.Patient, cols []specimenColumn) *specimenList {
	sl := &specimenList{h: h, patient: patient, cols: cols, sel: -1, count: widget.NewLabel("Loading…"), status: widget.NewLabel("")}
	tc := make([]kit.Column, len(cols))
	for i, c := range cols {
		tc[i] = c.Column
	}
	sl.table, sl.view = kit.NewColumnTable(tc, func() int { return len(sl.rows) }, sl.cell)
	kit.WarnRows(sl.table, func(row int) bool { return row < len(sl.rows) && sl.rows[row].Awaiting(sl.now, specimenLateDays) })
	sl.table.OnSelected = func(id widget.TableCellID) { h.Touch(); sl.selectRow(id.Row) }
	if h.Can(model.PermWriteNote) {
		sl.result = widget.NewButton("Result received…", h.Act(func() { sl.showOutcomeForm(model.SpecimenResulted) }))
		sl.reject = widget.NewButton("Rejected…", h.Act(func() { sl.showOutcomeForm(model.SpecimenRejected) }))
	}
	return sl
}

// SpecimensTab is the content of a patient chart's "Specimens" tab.
func SpecimensTab(h *kit.Host, p model.Patient) fyne.CanvasObject {
	sl := newSpecimenList(h, &p, []specimenColumn{colCode, colSpecimen, colTests, colCollected, colStatus, colLab, colResult})
	bar := kit.Tools()
	if h.Can(model.PermWriteNote) {
		add := widget.NewButtonWithIcon("Log specimen…", theme.ContentAddIcon(), h.Act(sl.showLogForm))
		add.Importance = widget.HighImportance
		bar.Add(add)
	}
	if h.Can(model.PermPrint) {
		sl.label = widget.NewButtonWithIcon("Print label…", theme.DocumentPrintIcon(), h.Act(sl.printLabel))
	}
	sl.addRowButtons(bar)
	sl.reload("")
	return container.NewBorder(container.NewVBox(bar, sl.count), sl.status, nil, nil, sl.view)
}

// LogScreen is the Specimens section: every specimen sent, so results
// that never came back are chased.
func LogScreen(h *kit.Host) fyne.CanvasObject {
	sl := newSpecimenList(h, nil, []specimenColumn{colCode, colMRN, colName, colSpecimen, colTests, colCollected, colStatus, colLab, colResult})
	sl.awaiting = widget.NewCheck("Awaiting results only", func(bool) { h.Touch(); sl.reload("") })
	sl.awaiting.Checked = true
	sl.open = widget.NewButtonWithIcon("Open chart", theme.AccountIcon(), h.Act(sl.openChart))
	bar := kit.Tools(sl.awaiting)
	sl.addRowButtons(bar)
	sl.reload("")
	return container.NewBorder(container.NewVBox(kit.Heading("Specimens"), sl.count, bar), sl.status, nil, nil, sl.view)
}

// addRowButtons adds the selected-row actions, disabled until a row is
// chosen.
func (sl *specimenList) addRowButtons(bar *fyne.Container) {
	for _, b := range []*widget.Button{sl.result, sl.reject, sl.label, sl.open} {
		if b != nil {
			b.Disable()
			bar.Add(b)
		}
	}
}

func (sl *specimenList) cell(row, col int) string {
	return sl.cols[col].value(sl.h, sl.rows[row], sl.now)
}

// reload reads the log again; done is the message to show once it is on
// screen (what was just saved).
func (sl *specimenList) reload(done string) {
	awaitingOnly := sl.awaiting != nil && sl.awaiting.Checked
	var patient model.ID
	if sl.patient != nil {
		patient = sl.patient.ID
	}
	kit.Run(sl.h, func(sess *storage.Session) ([]storage.SpecimenRow, error) {
		rows, err := sess.Specimens().List(awaitingOnly)
		if err != nil || patient.IsZero() {
			return rows, err
		}
		mine := rows[:0]
		for _, r := range rows {
			if r.PatientID == patient {
				mine = append(mine, r)
			}
		}
		return mine, nil
	}, func(rows []storage.SpecimenRow, err error) {
		if err != nil {
			sl.status.SetText(kit.Plain(err))
			return
		}
		sl.rows, sl.now = rows, time.Now()
		sl.table.UnselectAll()
		sl.selectRow(-1)
		sl.table.Refresh()
		sl.count.SetText(specimenCount(rows, sl.now, awaitingOnly))
		sl.status.SetText(done)
	})
}

// specimenCount is the line above the table: how many, and how many late.
func specimenCount(rows []storage.SpecimenRow, now time.Time, awaitingOnly bool) string {
	waiting, late := 0, 0
	for _, r := range rows {
		if r.Status == model.SpecimenSent {
			waiting++
		}
		if r.Awaiting(now, specimenLateDays) {
			late++
		}
	}
	lateText := fmt.Sprintf("%d late (no result after %d days)", late, specimenLateDays)
	switch {
	case len(rows) == 0 && awaitingOnly:
		return "No specimens are awaiting results."
	case len(rows) == 0:
		return "No specimens logged."
	case awaitingOnly:
		return fmt.Sprintf("%s awaiting results, %s.", kit.CountOf(waiting, "specimen"), lateText)
	}
	return fmt.Sprintf("%s, %d awaiting results, %s.", kit.CountOf(len(rows), "specimen"), waiting, lateText)
}

func (sl *specimenList) selectRow(row int) {
	if row < 0 || row >= len(sl.rows) {
		row = -1
	}
	sl.sel = row
	waiting := row >= 0 && sl.rows[row].Status == model.SpecimenSent
	kit.SetEnabled(sl.result, waiting)
	kit.SetEnabled(sl.reject, waiting)
	kit.SetEnabled(sl.label, row >= 0)
	kit.SetEnabled(sl.open, row >= 0)
	if row >= 0 {
		r := sl.rows[row]
		sl.status.SetText(fmt.Sprintf("Selected %s: %s for %s.", r.Code, r.Type, r.Patient.Name))
	}
}

func (sl *specimenList) selected() (storage.SpecimenRow, bool) {
	if sl.sel < 0 || sl.sel >= len(sl.rows) {
		return storage.SpecimenRow{}, false
	}
	return sl.rows[sl.sel], true
}

func (sl *specimenList) openChart() {
	if r, ok := sl.selected(); ok {
		sl.h.OpenChart(r.PatientID)
	}
}

func (sl *specimenList) printLabel() {
	if r, ok := sl.selected(); ok && sl.patient != nil {
		sl.h.Links.PrintLabels(*sl.patient, []model.Specimen{r.Specimen})
	}
}

// specimenForm logs a specimen sent to the laboratory.
type specimenForm struct {
	sl                         *specimenList
	m                          *kit.Form
	kind                       *widget.SelectEntry
	tests, collected, lab      *widget.Entry
	errKind, errTests, errWhen *canvas.Text
}

func (sl *specimenList) showLogForm() {
	f := &specimenForm{sl: sl}
	f.m = sl.h.NewForm("Log a specimen for "+sl.patient.DisplayName(), "Log specimen (Enter)", f.submit)
	f.kind = widget.NewSelectEntry(model.SpecimenTypes)
	f.kind.SetPlaceHolder("Blood, Urine… or type another")
	f.kind.OnChanged = func(string) { sl.h.Touch() }
	f.kind.OnSubmitted = func(string) { sl.h.Touch(); f.submit() }
	f.errKind = f.m.Add("Specimen", f.kind)
	f.tests, f.errTests = f.m.Entry("Tests", "Tests requested, e.g. FBC, malaria RDT", "", f.submit)
	f.collected, f.errWhen = f.m.Entry("Collected", "2026-11-22 10:40, 10:40 (today) or now", time.Now().Format("2006-01-02 15:04"), f.submit)
	f.lab, _ = f.m.Entry("Laboratory", "Optional, e.g. District hospital lab", "", f.submit)
	f.m.Show(560)
}

func (f *specimenForm) submit() {
	s := model.Specimen{PatientID: f.sl.patient.ID, Type: strings.TrimSpace(f.kind.Text),
		Tests: strings.TrimSpace(f.tests.Text), Lab: strings.TrimSpace(f.lab.Text)}
	when, whenMsg := parseCollected(f.collected.Text, time.Now())
	s.Collected = when
	kindMsg, testsMsg := "", ""
	if s.Type == "" {
		kindMsg = "Choose or type the kind of specimen."
	}
	if s.Tests == "" {
		testsMsg = "Enter the tests requested."
	}
	kit.SetError(f.errKind, kindMsg)
	kit.SetError(f.errTests, testsMsg)
	kit.SetError(f.errWhen, whenMsg)
	if kindMsg != "" || testsMsg != "" || whenMsg != "" {
		f.m.Fail("Correct the fields marked in red. Nothing was saved yet.")
		return
	}
	var logged model.Specimen
	f.m.Run(func(sess *storage.Session) error {
		logged = s
		return sess.Specimens().Log(&logged)
	}, func() {
		f.sl.reload("Logged specimen " + logged.Code + ".")
		f.sl.offerLabel(logged)
	})
}

// parseCollected reads the collection time as clerks type it. The message
// is empty when the time is good.
func parseCollected(s string, now time.Time) (time.Time, string) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "now") {
		return now, ""
	}
	var t time.Time
	ok := false
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2/1/2006 15:04", "2.1.2006 15:04"} {
		if v, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			t, ok = v, true
			break
		}
	}
	if v, err := time.ParseInLocation("15:04", s, time.Local); err == nil && !ok {
		y, m, d := now.Date()
		t, ok = time.Date(y, m, d, v.Hour(), v.Minute(), 0, 0, time.Local), true
	}
	switch {
	case s == "":
		return t, "Enter when it was collected, e.g. 2026-11-22 10:40, or now."
	case !ok:
		return t, "Type the date and time as 2026-11-22 10:40, just 10:40 for today, or now."
	case t.After(now.Add(5 * time.Minute)):
		return t, "That time is in the future."
	}
	return t, ""
}

// offerLabel tells the clerk the new code and offers its tube label at
// once, while the tube is still in hand.
func (sl *specimenList) offerLabel(s model.Specimen) {
	msg := kit.WrapLabel(fmt.Sprintf("Specimen %s logged: %s for %s. Write this code on the request form.", s.Code, s.Type, s.Tests))
	if !sl.h.Can(model.PermPrint) {
		kit.NewDialog("Specimen logged", msg, sl.h.Win).Show()
		return
	}
	var dlg dialog.Dialog
	closeBtn := widget.NewButton("Close", sl.h.Act(func() { dlg.Hide() }))
	printBtn := widget.NewButtonWithIcon("Print label", theme.DocumentPrintIcon(), sl.h.Act(func() {
		dlg.Hide()
		sl.h.Links.PrintLabels(*sl.patient, []model.Specimen{s})
	}))
	printBtn.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons("Specimen logged", container.NewVBox(msg, container.NewHBox(closeBtn, kit.SpacerH(), printBtn)), sl.h.Win)
	dlg.Resize(fyne.NewSize(480, dlg.MinSize().Height))
	dlg.Show()
	sl.h.Win.Canvas().Focus(printBtn)
}

// outcomeForm records that a result came back or the lab rejected the
// specimen.
type outcomeForm struct {
	sl      *specimenList
	m       *kit.Form
	id      model.ID
	code    string
	outcome model.SpecimenStatus
	text    *widget.Entry
	errText *canvas.Text
}

func (sl *specimenList) showOutcomeForm(outcome model.SpecimenStatus) {
	r, ok := sl.selected()
	if !ok {
		return
	}
	f := &outcomeForm{sl: sl, id: r.ID, code: r.Code, outcome: outcome}
	title, save, label, hint := "Result received for "+r.Code, "Save result (Enter)", "Result", "Short result, e.g. Hb 11.2 g/dL, or: filed in chart"
	if outcome == model.SpecimenRejected {
		title, save, label, hint = "Specimen "+r.Code+" rejected", "Save (Enter)", "Why", "e.g. haemolysed, unlabelled, leaked"
	}
	f.m = sl.h.NewForm(title, save, f.submit)
	f.text, f.errText = f.m.Entry(label, hint, "", f.submit)
	f.m.Show(520)
}

func (f *outcomeForm) submit() {
	text := strings.TrimSpace(f.text.Text)
	if text == "" {
		msg := "Enter the result, or where it is filed."
		if f.outcome == model.SpecimenRejected {
			msg = "Enter why the lab rejected it."
		}
		kit.SetError(f.errText, msg)
		f.m.Fail("Nothing was saved yet.")
		return
	}
	kit.SetError(f.errText, "")
	done := "Result saved for " + f.code + "."
	if f.outcome == model.SpecimenRejected {
		done = f.code + " marked rejected: collect the specimen again."
	}
	f.m.Run(func(sess *storage.Session) error {
		_, err := sess.Specimens().SetOutcome(f.id, f.outcome, text)
		return err
	},
		func() { f.sl.reload(done) })
}
