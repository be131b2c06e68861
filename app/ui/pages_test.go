package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// tinyPage is a small JPEG standing in for a scan.
func tinyPage(t *testing.T, shade uint8) storage.NewPage {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 120, 170))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	for x := 10; x < 110; x++ {
		img.SetGray(x, 40, color.Gray{Y: shade})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return storage.NewPage{Source: "test.jpg", Format: "jpeg", Original: buf.Bytes(), Display: buf.Bytes(), Thumb: buf.Bytes(), Width: 120, Height: 170}
}

func importTinyPages(t *testing.T, ui *UI, n int, batch model.ID) []model.Page {
	t.Helper()
	var nps []storage.NewPage
	for i := 0; i < n; i++ {
		nps = append(nps, tinyPage(t, uint8(i*10)))
	}
	pages, err := ui.h.Session().Pages().Import(batch, nps)
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

func TestFilePagesFromTheTray(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	importTinyPages(t, ui, 4, model.ZeroID)
	tray, err := ui.h.Session().Pages().Unfiled(false)
	if err != nil || len(tray) != 4 {
		t.Fatalf("tray: %v %d", err, len(tray))
	}
	// The tray opens on its first page; filing proposes the pages from it.
	onUI(ui, func() { ui.OpenSection("Scanning") })
	ui.Wait()
	tap(ui, findButton(t, ui, "File pages…"))
	// The form is found through its widgets: the pages entry proposes 1-4.
	var rng *widget.Entry
	walkEntries(ui, func(e *widget.Entry) {
		if e.Text == "1-4" {
			rng = e
		}
	})
	if rng == nil {
		t.Fatalf("no page range proposed: %s", screenText(ui))
	}
	setText(ui, rng, "1-3")
	who := findEntry(t, ui, "MRN or name")
	list, _ := ui.h.Session().Patients().List(false)
	var amina storage.PatientSummary
	for _, p := range list {
		if strings.Contains(p.Name, "Amina") {
			amina = p
		}
	}
	setText(ui, who, amina.MRN)
	onUI(ui, func() { who.OnSubmitted(who.Text) })
	ui.Wait()
	// Saving without a type or date says what is missing and files nothing.
	tap(ui, findButton(t, ui, "File pages (Enter)"))
	wantText(t, ui, "Choose the document type")
	walkSelects(ui, func(s *widget.Select) {
		for _, o := range s.Options {
			if o == model.DocDischarge.Label() {
				onUI(ui, func() { s.SetSelected(o) })
			}
		}
	})
	date := findEntry(t, ui, "date on the document")
	setText(ui, date, "02/05/2019")
	onUI(ui, func() { date.OnSubmitted(date.Text) })
	ui.Wait()
	docs, err := ui.h.Session().Documents().OfPatient(amina.ID)
	if err != nil || len(docs) != 1 || len(docs[0].Pages) != 3 || docs[0].Doc.Type != model.DocDischarge ||
		docs[0].Doc.Date != (model.Date{Year: 2019, Month: 5, Day: 2}) {
		t.Fatalf("filed: %v %+v", err, docs)
	}
	if left, _ := ui.h.Session().Pages().Unfiled(false); len(left) != 1 {
		t.Fatalf("%d pages left in the tray", len(left))
	}
	// The chart's Documents tab shows the document and its pages.
	onUI(ui, func() { ui.h.OpenChart(amina.ID) })
	ui.Wait()
	selectTab(ui, "Documents")
	wantText(t, ui, "1 document scanned, 3 pages")
	wantText(t, ui, "Discharge summary")
	tap(ui, findButton(t, ui, "Later"))
	docs2, _ := ui.h.Session().Documents().OfPatient(amina.ID)
	if docs2[0].Pages[0].ID != docs[0].Pages[1].ID || docs2[0].Pages[1].ID != docs[0].Pages[0].ID {
		t.Fatal("page order did not change")
	}
}

func walkEntries(ui *UI, fn func(*widget.Entry)) {
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if e, ok := kit.EntryOf(o); ok {
			fn(e)
		}
		return true
	})
}

func walkSelects(ui *UI, fn func(*widget.Select)) {
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widget.Select); ok {
			fn(s)
		}
		if c, ok := o.(*kit.Choice); ok {
			fn(&c.Select)
		}
		return true
	})
}
