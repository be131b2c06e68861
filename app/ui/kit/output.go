package kit

import (
	"strconv"
	"strings"

	printflow "dossier/app/flow/printing"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
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
	printer.PlaceHolder = lang.X("kit.looking_for_printers", "Looking for printers…")
	copies := widget.NewEntry()
	copies.SetText("1")
	pageRange := widget.NewEntry()
	pageRange.SetPlaceHolder(lang.X("kit.pages_hint", "All {{.Count}}, or e.g. 1-2,{{.Count}}", map[string]any{"Count": pages}))
	if pages == 1 {
		pageRange.SetPlaceHolder(lang.X("kit.pages_hint_one", "All (1 page)"))
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
			fail(lang.X("kit.choose_printer_or_save", "Choose a printer, or save the PDF."))
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(copies.Text))
		if err != nil {
			fail(lang.X("kit.copies_range", "Type how many copies, from 1 to {{.Max}}.", map[string]any{"Max": printflow.MaxPrintCopies}))
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
			done(lang.X("kit.printed_on", "printed on {{.Printer}}", map[string]any{"Printer": o.Printer}))
		})
	}
	copies.OnSubmitted = func(string) { h.Touch(); doPrint() }
	pageRange.OnSubmitted = func(string) { h.Touch(); doPrint() }
	printBtn = widget.NewButtonWithIcon(lang.X("kit.print", "Print"), theme.DocumentPrintIcon(), h.Act(doPrint))
	printBtn.Importance = widget.HighImportance
	printBtn.Disable()
	save := widget.NewButtonWithIcon(lang.X("kit.save_pdf", "Save PDF…"), theme.DocumentSaveIcon(), h.Act(func() {
		h.AskSavePath(j.Name, func(path string) {
			Run(h, func(*storage.Session) (struct{}, error) { return struct{}{}, j.Save(path) }, func(_ struct{}, err error) {
				if err != nil {
					fail(Plain(err))
					return
				}
				dlg.Hide()
				done(lang.X("kit.saved_to", "saved to {{.Path}}", map[string]any{"Path": path}))
			})
		})
	}))
	preview := widget.NewButtonWithIcon(lang.X("kit.preview", "Preview…"), theme.VisibilityIcon(), h.Act(func() { h.ShowPreview(title, j.PDF, pages) }))
	cancel := widget.NewButton(lang.X("common.cancel", "Cancel"), h.Act(func() { dlg.Hide() }))
	what := PagesCount(pages) + "."
	if j.ActualSize {
		what += " " + lang.X("kit.actual_size", "Printed at actual size, as the sheet needs.")
	}
	form := widget.NewForm(widget.NewFormItem(lang.X("kit.printer", "Printer"), printer), widget.NewFormItem(lang.X("kit.copies", "Copies"), copies),
		widget.NewFormItem(lang.X("kit.pages", "Pages"), pageRange))
	body := container.NewVBox(WrapLabel(what), form, status, container.NewHBox(cancel, SpacerH(), preview, save, printBtn))
	dlg = dialog.NewCustomWithoutButtons(title, body, h.Win)
	dlg.Resize(fyne.NewSize(560, body.MinSize().Height+60))
	dlg.Show()
	h.Win.Canvas().Focus(copies)
	copies.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the 1
	Go(h, printflow.Printers, func(ps []printflow.Printer, err error) {
		if err != nil {
			printer.PlaceHolder = lang.X("kit.no_printers", "No printers")
			printer.Refresh()
			fail(Plain(err))
			return
		}
		if len(ps) == 0 {
			printer.PlaceHolder = lang.X("kit.no_printers", "No printers")
			printer.Refresh()
			fail(lang.X("kit.no_printer_set_up", "This computer has no printer set up: save the PDF, or ask for a printer to be added."))
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
		printer.PlaceHolder = lang.X("kit.choose_printer", "Choose a printer")
		printer.SetOptions(names)
		printer.SetSelected(chosen)
		printBtn.Enable()
	})
}
