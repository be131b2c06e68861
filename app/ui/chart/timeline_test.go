package chart

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// timelineSeed gives Amina a small chart: a stay with a keyed lab result
// of two pages and a note, an older visit, and a scanned consent.
type timelineSeed struct {
	pt           model.Patient
	stay, visit  model.Encounter
	lab, consent model.Document
	note         model.Note
}

func seedTimeline(t *testing.T, sess *storage.Session) timelineSeed {
	t.Helper()
	var s timelineSeed
	list, err := sess.Patients().List(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if strings.Contains(p.Name, "Amina") {
			s.pt, _, err = sess.Patients().Get(p.ID)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.Local) }
	s.stay = model.Encounter{PatientID: s.pt.ID, Type: model.EncInpatient, Start: at(2024, 3, 10, 9), End: at(2024, 3, 15, 11),
		Ward: "Female Medical", Clinician: "Dr Okot", Reason: "fever and vomiting", Diagnoses: []string{"malaria falciparum", "anaemia"}}
	s.visit = model.Encounter{PatientID: s.pt.ID, Type: model.EncOutpatient, Start: at(2023, 6, 1, 10), Ward: "OPD", Reason: "cough for two weeks"}
	for _, e := range []*model.Encounter{&s.stay, &s.visit} {
		if err := sess.Encounters().Create(e); err != nil {
			t.Fatal(err)
		}
	}
	s.note = model.Note{PatientID: s.pt.ID, EncounterID: s.stay.ID, Title: "Ward round", Text: "Afebrile since yesterday. Eating well.", Written: at(2024, 3, 12, 8)}
	if err := sess.Encounters().CreateNote(&s.note); err != nil {
		t.Fatal(err)
	}
	s.lab = model.Document{PatientID: s.pt.ID, EncounterID: s.stay.ID, Type: model.DocLab, Date: model.Date{Year: 2024, Month: 3, Day: 11}}
	if err := sess.Documents().Import(&s.lab, []storage.NewPage{tinyPage(t, 20), tinyPage(t, 90)}); err != nil {
		t.Fatal(err)
	}
	s.consent = model.Document{PatientID: s.pt.ID, Type: model.DocConsent, Date: model.Date{Year: 2019, Month: 1, Day: 2}, Title: "Surgery consent"}
	if err := sess.Documents().Import(&s.consent, []storage.NewPage{tinyPage(t, 40)}); err != nil {
		t.Fatal(err)
	}
	keyed := clinical.Entry{"test": "hb", "value": "7.9", "unit": "g/dL", "ref_range": "12-16", "collected": "11/03/2024 08:30", "lab": "District lab"}
	if _, err := sess.Transcripts().Save(s.lab.ID, s.lab.Pages, keyed); err != nil {
		t.Fatal(err)
	}
	return s
}

func (x *harness) findTimelineList(t *testing.T) *timelineList {
	t.Helper()
	var found *timelineList
	x.walk(func(o fyne.CanvasObject) bool {
		if l, ok := o.(*timelineList); ok {
			found = l
			return false
		}
		return true
	})
	if found == nil {
		t.Fatal("no time line on screen")
	}
	return found
}

func (x *harness) shownImage() bool {
	shown := false
	x.walk(func(o fyne.CanvasObject) bool {
		if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Image.Bounds().Dx() == 120 {
			shown = true
		}
		return true
	})
	return shown
}

func TestTimelineFiltersAndOpens(t *testing.T) {
	x := newHarness(t, "clerk1")
	s := seedTimeline(t, x.sess)
	x.show(newTimelineTab(x.h, s.pt))
	list := x.findTimelineList(t)
	x.wantText(t, "5 of 5 items")
	if list.Length() != 5 {
		t.Fatalf("%d rows", list.Length())
	}

	// The type narrows the list to one kind of document, or to encounters.
	types := x.findSelectWith(t, tlEncounters())
	x.onUI(func() { types.SetSelected("Lab result") })
	x.wantText(t, "1 of 5 items")
	x.onUI(func() { types.SetSelected(tlEncounters()) })
	x.wantText(t, "2 of 5 items")
	wards := x.findSelectWith(t, tlAllWards())
	if want := []string{tlAllWards(), "Female Medical", "OPD"}; strings.Join(wards.Options, ",") != strings.Join(want, ",") {
		t.Fatalf("wards offered: %v", wards.Options)
	}
	x.onUI(func() { wards.SetSelected("OPD") })
	x.wantText(t, "1 of 5 items")
	x.onUI(func() { wards.SetSelected(tlAllWards()); types.SetSelected(tlAllTypes()) })

	// Dates narrow it, typed as clerks write them; a bad date says so.
	from, to := x.findEntry(t, "From date"), x.findEntry(t, "To date")
	x.setText(from, "1/3/2024")
	x.wantText(t, "3 of 5 items")
	x.setText(to, "2024-03-11")
	x.wantText(t, "2 of 5 items")
	x.setText(to, "31/02/2024") // no such day; "yesterday" reads as a date now
	x.wantText(t, "the to date is not a date")
	x.setText(from, "")
	x.setText(to, "")
	x.wantText(t, "5 of 5 items")

	// Opening the lab result shows its keyed values with their form
	// labels beside its first page, and the view is in the audit trail.
	x.onUI(func() { types.SetSelected("Lab result") })
	x.onUI(func() { list.Select(0) })
	x.wait()
	for _, want := range []string{"Lab result · 11/03/2024", "Keyed by clerk1", "Result", "7.9", "Reference range", "12-16",
		"Laboratory", "District lab", "Page 1 of 2", "Encounter: 10/03/2024 Inpatient stay"} {
		x.wantText(t, want)
	}
	if !x.shownImage() {
		t.Fatal("the page is not shown")
	}
	var nextPage *widget.Button
	x.walk(func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && b.Icon == theme.NavigateNextIcon() {
			nextPage = b
		}
		return true
	})
	if nextPage == nil {
		t.Fatal("no next page button")
	}
	x.tap(nextPage)
	x.wantText(t, "Page 2 of 2")
	admin, err := x.store.SignIn("admin", pw)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := admin.Admin().Audit(model.AuditFilter{Action: model.ActView, Record: s.lab.ID}, 0)
	if err != nil || len(entries) != 1 || entries[0].User != "clerk1" || entries[0].Detail != "timeline" || entries[0].Kind != model.KindDocument {
		t.Fatalf("audit of the opening: %v %+v", err, entries)
	}

	// The open document stays chosen as the filters change; Down and
	// Enter open the item Down moved to, here the encounter the result
	// came from (the keyboard was on the first row).
	x.onUI(func() { types.SetSelected(tlAllTypes()) })
	if list.selected != 1 {
		t.Fatalf("the open document is row %d after the filter", list.selected)
	}
	x.onUI(func() {
		list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	x.wait()
	for _, want := range []string{"Inpatient stay · 10/03/2024", "Female Medical", "Dr Okot", "malaria falciparum — not coded · principal",
		"fever and vomiting", "1 document, 1 note"} {
		x.wantText(t, want)
	}
	// Enter on the open item opens it again (and audits it again).
	x.onUI(func() { list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	x.wait()
	entries, _ = admin.Admin().Audit(model.AuditFilter{Action: model.ActView, Record: s.stay.ID}, 0)
	if len(entries) != 2 || entries[0].Kind != model.KindEncounter {
		t.Fatalf("audit of the encounter: %+v", entries)
	}
	// The note opens with its author and signature.
	x.onUI(func() { list.Select(0) })
	x.wait()
	for _, want := range []string{"Ward round", "Afebrile since yesterday", "clerk1", "Not signed"} {
		x.wantText(t, want)
	}
	// A scanned-only document says it has no form, and shows its page.
	x.onUI(func() { list.Select(4) })
	x.wait()
	x.wantText(t, "Kept as scanned pages only")
	x.wantText(t, "Page 1 of 1")
}

// The tab is on screen, saying "Loading…", before the time line is read:
// it is built while no background completion can run (onUI holds the
// lock they run under), so it cannot have waited for one.
func TestTimelineFirstPaintDoesNotWait(t *testing.T) {
	x := newHarness(t, "clerk1")
	s := seedTimeline(t, x.sess)
	var before string
	rows := -1
	x.onUI(func() {
		x.win.SetContent(newTimelineTab(x.h, s.pt))
		before = x.screenText()
		rows = x.findTimelineList(t).Length()
	})
	if !strings.Contains(before, "Loading…") || rows != 0 {
		t.Fatalf("the tab waited for its data: %d rows, %s", rows, before)
	}
	x.wait()
	x.wantText(t, "5 of 5 items")
}

func TestTimelineRestrictedPatient(t *testing.T) {
	x := newHarness(t, "clerk1")
	list, _ := x.sess.Patients().List(false)
	var hidden model.ID
	for _, p := range list {
		if p.Restricted {
			hidden = p.ID
		}
	}
	if hidden.IsZero() {
		t.Fatal("the patient list does not name restricted patients: nothing to test")
	}
	x.show(newTimelineTab(x.h, model.Patient{ID: hidden}))
	x.wantText(t, "restricted")
}

// TestTimelineBigChart opens a chart of 200 encounters and 1,000
// documents and times it to its first full paint.
func TestTimelineBigChart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,000-document chart")
	}
	x := newHarness(t, "clerk1")
	s := seedTimeline(t, x.sess)
	base := time.Date(2010, 1, 1, 9, 0, 0, 0, time.UTC)
	encs := make([]model.Encounter, 200)
	for i := range encs {
		encs[i] = model.Encounter{ID: model.NewID(), PatientID: s.pt.ID, Type: model.EncOutpatient, Start: base.AddDate(0, 0, 20*i),
			Ward: fmt.Sprintf("Ward %d", i%6), Reason: "review"}
	}
	if err := x.sess.Encounters().CreateChartItems(encs, nil); err != nil {
		t.Fatal(err)
	}
	page := tinyPage(t, 10)
	for i := 0; i < 1000; i++ {
		doc := model.Document{PatientID: s.pt.ID, EncounterID: encs[i/5].ID, Type: model.DocNursing, Date: model.DateOf(base.AddDate(0, 0, 4*i))}
		pages := []storage.NewPage{page}
		if i%2 == 0 {
			pages = append(pages, page)
		}
		if err := x.sess.Documents().Import(&doc, pages); err != nil {
			t.Fatal(err)
		}
	}
	x.wait()
	start := time.Now()
	var built time.Duration
	x.onUI(func() {
		x.win.SetContent(newTimelineTab(x.h, s.pt))
		built = time.Since(start)
	})
	x.wait()
	full := time.Since(start)
	x.wantText(t, "1,205 of 1,205 items")
	t.Logf("tab built in %v (first paint, \"Loading…\"); filled with 1,205 items in %v", built, full)
	// Figures come from the benchmarks (storage BenchmarkTimeline), never
	// from timed assertions; this test checks the big chart works.
	types := x.findSelectWith(t, tlEncounters())
	start = time.Now()
	x.onUI(func() { types.SetSelected(tlEncounters()) })
	d := time.Since(start)
	t.Logf("filtered to the encounters in %v", d)
	x.wantText(t, "202 of 1,205 items")
}
