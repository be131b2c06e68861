package kit

import (
	"fmt"
	"strconv"
	"strings"

	printflow "dossier/app/flow/printing"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PrintJob renders a document for the print dialog, off the UI goroutine.
type PrintJob func(sess *storage.Session) (*printflow.Job, error)

// PrintOrSave renders a document and asks where it goes: a printer (with
// copies and pages), a PDF file, or a look at it first. Every "Print…"
// of the window ends here. The output is recorded (audit or disclosure)
// by the printing flow before it leaves; done gets a phrase saying where
// it went ("printed on Office", "saved to /path").
func (h *Host) PrintOrSave(title string, build PrintJob, done func(where string)) {
	Run(h, func(sess *storage.Session) (*printflow.Job, error) { return build(sess) }, func(j *printflow.Job, err error) {
		if err != nil {
			h.ShowError(err)
			return
		}
		h.printDialog(title, j, done)
	})
}

// printDialog is the print-or-save dialog for a rendered job.
func (h *Host) printDialog(title string, j *printflow.Job, done func(where string)) {
	pages := j.Pages()
	printer := widget.NewSelect(nil, func(string) { h.Touch() })
	printer.PlaceHolder = "Looking for printers…"
	copies := widget.NewEntry()
	copies.SetText("1")
	pageRange := widget.NewEntry()
	pageRange.SetPlaceHolder(fmt.Sprintf("All %d, or e.g. 1-2,%d", pages, pages))
	if pages == 1 {
		pageRange.SetPlaceHolder("All (1 page)")
	}
	status := WrapLabel("")
	status.Importance = widget.DangerImportance
	status.Hide()
	fail := func(msg string) {
		status.SetText(msg)
		status.Hidden = msg == ""
		status.Refresh()
	}
	var dlg dialog.Dialog
	var printBtn *widget.Button
	doPrint := func() {
		if printer.Selected == "" {
			fail("Choose a printer, or save the PDF.")
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(copies.Text))
		if err != nil {
			fail(fmt.Sprintf("Type how many copies, from 1 to %d.", printflow.MaxPrintCopies))
			return
		}
		o := printflow.PrintOptions{Printer: printer.Selected, Copies: n, Pages: pageRange.Text}
		printBtn.Disable()
		fail("")
		// Run, not Go: the job records the print with the session it was
		// rendered under, and a lock meanwhile drops the completion.
		Run(h, func(*storage.Session) (struct{}, error) { return struct{}{}, j.Print(o) }, func(_ struct{}, err error) {
			printBtn.Enable()
			if err != nil {
				fail(Plain(err))
				return
			}
			dlg.Hide()
			done("printed on " + o.Printer)
		})
	}
	copies.OnSubmitted = func(string) { h.Touch(); doPrint() }
	pageRange.OnSubmitted = func(string) { h.Touch(); doPrint() }
	printBtn = widget.NewButtonWithIcon("Print", theme.DocumentPrintIcon(), h.Act(doPrint))
	printBtn.Importance = widget.HighImportance
	printBtn.Disable()
	save := widget.NewButtonWithIcon("Save PDF…", theme.DocumentSaveIcon(), h.Act(func() {
		h.AskSavePath(j.Name, func(path string) {
			Run(h, func(*storage.Session) (struct{}, error) { return struct{}{}, j.Save(path) }, func(_ struct{}, err error) {
				if err != nil {
					fail(Plain(err))
					return
				}
				dlg.Hide()
				done("saved to " + path)
			})
		})
	}))
	preview := widget.NewButtonWithIcon("Preview…", theme.VisibilityIcon(), h.Act(func() { h.ShowPreview(title, j.PDF, pages) }))
	cancel := widget.NewButton("Cancel", h.Act(func() { dlg.Hide() }))
	what := CountOf(pages, "page") + "."
	if j.ActualSize {
		what += " Printed at actual size, as the sheet needs."
	}
	form := widget.NewForm(widget.NewFormItem("Printer", printer), widget.NewFormItem("Copies", copies),
		widget.NewFormItem("Pages", pageRange))
	body := container.NewVBox(WrapLabel(what), form, status, container.NewHBox(cancel, SpacerH(), preview, save, printBtn))
	dlg = dialog.NewCustomWithoutButtons(title, body, h.Win)
	dlg.Resize(fyne.NewSize(560, body.MinSize().Height+60))
	dlg.Show()
	h.Win.Canvas().Focus(copies)
	copies.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the 1
	Go(h, printflow.Printers, func(ps []printflow.Printer, err error) {
		if err != nil {
			printer.PlaceHolder = "No printers"
			printer.Refresh()
			fail(Plain(err))
			return
		}
		if len(ps) == 0 {
			printer.PlaceHolder = "No printers"
			printer.Refresh()
			fail("This computer has no printer set up: save the PDF, or ask for a printer to be added.")
			return
		}
		names := make([]string, len(ps))
		chosen := ps[0].Name
		for i, p := range ps {
			names[i] = p.Name
			if p.Default {
				chosen = p.Name
			}
		}
		printer.PlaceHolder = "Choose a printer"
		printer.SetOptions(names)
		printer.SetSelected(chosen)
		printBtn.Enable()
	})
}
