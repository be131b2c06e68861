package tracking

import (
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
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

// specimenColumn is a column of the log: its width, its title in the
// window's language (asked for when the table is made, once the language
// is loaded) and its cells.
type specimenColumn struct {
	kit.Column
	title func() string
	value func(h *kit.Host, r storage.SpecimenRow, now time.Time) string
}

var (
	colCode = specimenColumn{kit.Column{Width: 168, Min: 130}, func() string { return lang.X("tracking.col.code", "Code") },
		func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Code }}
	colMRN = specimenColumn{kit.Column{Width: 125, Min: 125}, func() string { return lang.X("col.mrn", "MRN") },
		func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Patient.MRN }}
	colName = specimenColumn{kit.Column{Width: 150}, func() string { return lang.X("col.name", "Name") },
		func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Patient.Name }}
	colSpecimen = specimenColumn{kit.Column{Width: 82}, func() string { return lang.X("tracking.col.specimen", "Specimen") },
		func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return kit.Word(r.Type) }}
	colTests = specimenColumn{kit.Column{Width: 130}, func() string { return lang.X("tracking.col.tests", "Tests") },
		func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Tests }}
	colCollected = specimenColumn{kit.Column{Width: 135, Min: 135}, func() string { return lang.X("tracking.col.collected", "Collected") },
		func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return h.When(r.Collected) }}
	colLab = specimenColumn{kit.Column{Width: 110}, func() string { return lang.X("tracking.col.lab", "Lab") },
		func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Lab }}
	colStatus = specimenColumn{kit.Column{Width: 135}, func() string { return lang.X("col.status", "Status") },
		func(h *kit.Host, r storage.SpecimenRow, now time.Time) string { return specimenStatus(r.Specimen, now) }}
	colResult = specimenColumn{kit.Column{Width: 200}, func() string { return lang.X("tracking.col.result", "Result") },
		func(h *kit.Host, r storage.SpecimenRow, _ time.Time) string { return r.Result }}
)

// specimenStatus is the status column: "late" spelled out, not only shown
// in red, so it reads the same on any screen. It comes before the lab and
// result columns so it is in view without scrolling on a small screen.
func specimenStatus(s model.Specimen, now time.Time) string {
	switch s.Status {
	case model.SpecimenResulted:
		return lang.X("tracking.specimen.resulted", "result received")
	case model.SpecimenRejected:
		return lang.X("tracking.specimen.rejected", "rejected")
	}
	if s.Awaiting(now, specimenLateDays) {
		days := int(now.Sub(s.Collected).Hours() / 24)
		return lang.XN("tracking.specimen.late", "late: {{.Count}} days", days, map[string]any{"Count": days})
	}
	return lang.X("tracking.specimen.awaiting", "awaiting result")
}

func newSpecimenList(h *kit.Host, patient *model.Patient, cols []specimenColumn) *specimenList {
	sl := &specimenList{h: h, patient: patient, cols: cols, sel: -1, count: widget.NewLabel(lang.X("common.loading", "Loading…")), status: widget.NewLabel("")}
	tc := make([]kit.Column, len(cols))
	for i, c := range cols {
		tc[i] = c.Column
		tc[i].Title = c.title()
	}
	sl.table, sl.view = kit.NewColumnTable(tc, func() int { return len(sl.rows) }, sl.cell)
	kit.WarnRows(sl.table, func(row int) bool { return row < len(sl.rows) && sl.rows[row].Awaiting(sl.now, specimenLateDays) })
	sl.table.OnSelected = func(id widget.TableCellID) { h.Touch(); sl.selectRow(id.Row) }
	if h.Can(model.PermWriteNote) {
		sl.result = widget.NewButton(lang.X("tracking.result_received", "Result received…"), h.Act(func() { sl.showOutcomeForm(model.SpecimenResulted) }))
		sl.reject = widget.NewButton(lang.X("tracking.rejected", "Rejected…"), h.Act(func() { sl.showOutcomeForm(model.SpecimenRejected) }))
	}
	return sl
}

// SpecimensTab is the content of a patient chart's "Specimens" tab.
func SpecimensTab(h *kit.Host, p model.Patient) fyne.CanvasObject {
	sl := newSpecimenList(h, &p, []specimenColumn{colCode, colSpecimen, colTests, colCollected, colStatus, colLab, colResult})
	bar := kit.Tools()
	if h.Can(model.PermWriteNote) {
		add := widget.NewButtonWithIcon(lang.X("tracking.log_specimen", "Log specimen…"), theme.ContentAddIcon(), h.Act(sl.showLogForm))
		add.Importance = widget.HighImportance
		bar.Add(add)
	}
	if h.Can(model.PermPrint) {
		sl.label = widget.NewButtonWithIcon(lang.X("tracking.print_label", "Print label…"), theme.DocumentPrintIcon(), h.Act(sl.printLabel))
	}
	sl.addRowButtons(bar)
	sl.reload("")
	return container.NewBorder(container.NewVBox(bar, sl.count), sl.status, nil, nil, sl.view)
}

// LogScreen is the Specimens section: every specimen sent, so results
// that never came back are chased.
func LogScreen(h *kit.Host) fyne.CanvasObject {
	sl := newSpecimenList(h, nil, []specimenColumn{colCode, colMRN, colName, colSpecimen, colTests, colCollected, colStatus, colLab, colResult})
	sl.awaiting = widget.NewCheck(lang.X("tracking.awaiting_only", "Awaiting results only"), func(bool) { h.Touch(); sl.reload("") })
	sl.awaiting.Checked = true
	sl.open = widget.NewButtonWithIcon(lang.X("tracking.open_chart", "Open chart"), theme.AccountIcon(), h.Act(sl.openChart))
	bar := kit.Tools(sl.awaiting)
	sl.addRowButtons(bar)
	sl.reload("")
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.specimens", "Specimens")), sl.count, bar), sl.status, nil, nil, sl.view)
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
	lateText := lang.XN("tracking.late_no_result", "{{.Late}} late (no result after {{.Count}} days)", specimenLateDays,
		map[string]any{"Late": late, "Count": specimenLateDays})
	switch {
	case len(rows) == 0 && awaitingOnly:
		return lang.X("tracking.none_awaiting", "No specimens are awaiting results.")
	case len(rows) == 0:
		return lang.X("tracking.none_logged", "No specimens logged.")
	case awaitingOnly:
		return lang.XN("tracking.awaiting_count", "{{.Count}} specimens awaiting results, {{.Late}}.", waiting, map[string]any{"Count": waiting, "Late": lateText})
	}
	return lang.XN("tracking.specimens_count", "{{.Count}} specimens, {{.Waiting}} awaiting results, {{.Late}}.", len(rows),
		map[string]any{"Count": len(rows), "Waiting": waiting, "Late": lateText})
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
		sl.status.SetText(lang.X("tracking.selected_specimen", "Selected {{.Code}}: {{.Type}} for {{.Name}}.", map[string]any{"Code": r.Code, "Type": kit.Word(r.Type), "Name": r.Patient.Name}))
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
	f.m = sl.h.NewForm(lang.X("tracking.log_specimen_for", "Log a specimen for {{.Name}}", map[string]any{"Name": sl.patient.DisplayName()}),
		lang.X("tracking.log_specimen_enter", "Log specimen (Enter)"), f.submit)
	f.kind = widget.NewSelectEntry(kit.Words(model.SpecimenTypes))
	f.kind.SetPlaceHolder(lang.X("tracking.specimen_hint", "Blood, Urine… or type another"))
	f.kind.OnChanged = func(string) { sl.h.Touch() }
	f.kind.OnSubmitted = func(string) { sl.h.Touch(); f.submit() }
	f.errKind = f.m.Add(lang.X("tracking.col.specimen", "Specimen"), f.kind)
	f.tests, f.errTests = f.m.Entry(lang.X("tracking.col.tests", "Tests"), lang.X("tracking.tests_hint", "Tests requested, e.g. FBC, malaria RDT"), "", f.submit)
	f.collected, f.errWhen = f.m.Entry(lang.X("tracking.col.collected", "Collected"), lang.X("tracking.collected_hint", "2026-11-22 10:40, 10:40 (today) or now"),
		time.Now().Format("2006-01-02 15:04"), f.submit)
	f.lab, _ = f.m.Entry(lang.X("tracking.laboratory", "Laboratory"), lang.X("tracking.lab_hint", "Optional, e.g. District hospital lab"), "", f.submit)
	f.m.Show(560)
}

func (f *specimenForm) submit() {
	s := model.Specimen{PatientID: f.sl.patient.ID, Type: specimenType(strings.TrimSpace(f.kind.Text)),
		Tests: strings.TrimSpace(f.tests.Text), Lab: strings.TrimSpace(f.lab.Text)}
	when, whenMsg := parseCollected(f.collected.Text, time.Now())
	s.Collected = when
	kindMsg, testsMsg := "", ""
	if s.Type == "" {
		kindMsg = lang.X("tracking.choose_kind", "Choose or type the kind of specimen.")
	}
	if s.Tests == "" {
		testsMsg = lang.X("tracking.enter_tests", "Enter the tests requested.")
	}
	kit.SetError(f.errKind, kindMsg)
	kit.SetError(f.errTests, testsMsg)
	kit.SetError(f.errWhen, whenMsg)
	if kindMsg != "" || testsMsg != "" || whenMsg != "" {
		f.m.Fail(lang.X("patient.correct_red", "Correct the fields marked in red. Nothing was saved yet."))
		return
	}
	var logged model.Specimen
	f.m.Run(func(sess *storage.Session) error {
		logged = s
		return sess.Specimens().Log(&logged)
	}, func() {
		f.sl.reload(lang.X("tracking.logged", "Logged specimen {{.Code}}.", map[string]any{"Code": logged.Code}))
		f.sl.offerLabel(logged)
	})
}

// parseCollected reads the collection time as clerks type it. The message
// is empty when the time is good.
func parseCollected(s string, now time.Time) (time.Time, string) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "now") || strings.EqualFold(s, lang.X("tracking.now", "now")) { // the English word works in every language
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
		return t, lang.X("tracking.enter_collected", "Enter when it was collected, e.g. 2026-11-22 10:40, or now.")
	case !ok:
		return t, lang.X("tracking.type_collected", "Type the date and time as 2026-11-22 10:40, just 10:40 for today, or now.")
	case t.After(now.Add(5 * time.Minute)):
		return t, lang.X("tracking.time_in_future", "That time is in the future.")
	}
	return t, ""
}

// offerLabel tells the clerk the new code and offers its tube label at
// once, while the tube is still in hand.
func (sl *specimenList) offerLabel(s model.Specimen) {
	msg := kit.WrapLabel(lang.X("tracking.specimen_logged_msg", "Specimen {{.Code}} logged: {{.Type}} for {{.Tests}}. Write this code on the request form.",
		map[string]any{"Code": s.Code, "Type": kit.Word(s.Type), "Tests": s.Tests}))
	if !sl.h.Can(model.PermPrint) {
		kit.NewDialog(lang.X("tracking.specimen_logged", "Specimen logged"), msg, sl.h.Win).Show()
		return
	}
	var dlg dialog.Dialog
	closeBtn := widget.NewButton(lang.X("tracking.close", "Close"), sl.h.Act(func() { dlg.Hide() }))
	printBtn := widget.NewButtonWithIcon(lang.X("tracking.print_label_now", "Print label"), theme.DocumentPrintIcon(), sl.h.Act(func() {
		dlg.Hide()
		sl.h.Links.PrintLabels(*sl.patient, []model.Specimen{s})
	}))
	printBtn.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons(lang.X("tracking.specimen_logged", "Specimen logged"), container.NewVBox(msg, container.NewHBox(closeBtn, kit.SpacerH(), printBtn)), sl.h.Win)
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
	title := lang.X("tracking.result_received_for", "Result received for {{.Code}}", map[string]any{"Code": r.Code})
	save, label := lang.X("tracking.save_result", "Save result (Enter)"), lang.X("tracking.col.result", "Result")
	hint := lang.X("tracking.result_hint", "Short result, e.g. Hb 11.2 g/dL, or: filed in chart")
	if outcome == model.SpecimenRejected {
		title = lang.X("tracking.specimen_rejected", "Specimen {{.Code}} rejected", map[string]any{"Code": r.Code})
		save, label = lang.X("dialog.save", "Save (Enter)"), lang.X("tracking.why", "Why")
		hint = lang.X("tracking.rejected_hint", "e.g. haemolysed, unlabelled, leaked")
	}
	f.m = sl.h.NewForm(title, save, f.submit)
	f.text, f.errText = f.m.Entry(label, hint, "", f.submit)
	f.m.Show(520)
}

func (f *outcomeForm) submit() {
	text := strings.TrimSpace(f.text.Text)
	if text == "" {
		msg := lang.X("tracking.enter_result", "Enter the result, or where it is filed.")
		if f.outcome == model.SpecimenRejected {
			msg = lang.X("tracking.enter_why_rejected", "Enter why the lab rejected it.")
		}
		kit.SetError(f.errText, msg)
		f.m.Fail(lang.X("tracking.nothing_saved_yet", "Nothing was saved yet."))
		return
	}
	kit.SetError(f.errText, "")
	done := lang.X("tracking.result_saved", "Result saved for {{.Code}}.", map[string]any{"Code": f.code})
	if f.outcome == model.SpecimenRejected {
		done = lang.X("tracking.marked_rejected", "{{.Code}} marked rejected: collect the specimen again.", map[string]any{"Code": f.code})
	}
	f.m.Run(func(sess *storage.Session) error {
		_, err := sess.Specimens().SetOutcome(f.id, f.outcome, text)
		return err
	},
		func() { f.sl.reload(done) })
}

// specimenType is the stored type for what the form's type field holds: a
// type offered in the window's language is stored as the model's word,
// typed text as typed.
func specimenType(shown string) string {
	for _, t := range model.SpecimenTypes {
		if kit.Word(t) == shown {
			return t
		}
	}
	return shown
}
