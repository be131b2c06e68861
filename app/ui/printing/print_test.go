package printing

import (
	"os"
	"strings"
	"testing"
	"time"

	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// dialogSelect is the first drop-down in the open dialogs.
func dialogSelect(h interface{ Canvas() fyne.Canvas }) *widget.Select {
	var found *widget.Select
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found != nil {
			return
		}
		if s, ok := o.(*widget.Select); ok {
			found = s
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, ch := range c.Objects {
				visit(ch)
			}
			return
		}
		if wd, ok := o.(fyne.Widget); ok {
			for _, ch := range test.WidgetRenderer(wd).Objects() {
				visit(ch)
			}
		}
	}
	for _, o := range h.Canvas().Overlays().List() {
		visit(o)
	}
	return found
}

// The print dialog lists the system's printers and prints on the one
// chosen; the print is audited with the printer. Through the cups-pdf
// queue .ci/cups.sh makes (DOSSIER_NO_CUPS=1 skips it for a developer
// without CUPS; CI has it).
func TestPrintCoverSheetsOnAPrinter(t *testing.T) {
	if os.Getenv("DOSSIER_NO_CUPS") == "1" {
		t.Skip("DOSSIER_NO_CUPS=1: printing through CUPS not tested")
	}
	queue := os.Getenv("DOSSIER_TEST_PRINTER")
	if queue == "" {
		queue = "DossierPDF"
	}
	h, store, p := testHost(t)
	h.Serialized(func() {
		outputCoverSheets(h, p, model.Cover{MRN: p.MRN, Type: model.DocLab, Date: model.DateOf(time.Now())}, 2)
	})
	h.Wait()
	sel := dialogSelect(h.Win)
	if sel == nil {
		t.Fatalf("no printer list; the dialogs say:\n%s", dialogText(h))
	}
	found := false
	for _, o := range sel.Options {
		found = found || o == queue
	}
	if !found {
		t.Fatalf("the printer list %v lacks %s (run .ci/cups.sh, or set DOSSIER_NO_CUPS=1); the dialog says:\n%s", sel.Options, queue, dialogText(h))
	}
	h.Serialized(func() { sel.SetSelected(queue) })
	b := dialogButton(h, "Print")
	h.Serialized(func() { test.Tap(b) })
	h.Wait()
	wantDialog(t, h, "2 cover sheets printed on "+queue)
	super, err := store.SignIn("super1", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer super.Lock("sign-out")
	es, err := super.Admin().Audit(model.AuditFilter{Action: model.ActPrint, Record: p.ID}, 0)
	if err != nil || len(es) != 1 || !strings.HasSuffix(es[0].Detail, "×2, printed on "+queue) {
		t.Fatalf("audit %+v %v", es, err)
	}
}
