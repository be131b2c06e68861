package ui

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"dossier/model"
	"dossier/reports/packet"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// accountingYears is how far back the accounting of disclosures reaches.
const accountingYears = 6

// disclosuresTab is the patient's accounting of disclosures: every release
// of their records, never edited, with notes added after the fact.
type disclosuresTab struct {
	ui       *UI
	p        model.Patient
	list     []model.Disclosure
	table    *widget.Table
	status   *widget.Label
	selected int
	root     fyne.CanvasObject
}

var disclosureColumns = []column{{"Date", 130}, {"Recipient", 200}, {"Purpose", 160}, {"What", 260}, {"Pages", 150},
	{"Authority", 240}, {"Released by", 140}, {"Notes", 200}}

func (ui *UI) disclosuresTab(p model.Patient) fyne.CanvasObject { return ui.newDisclosuresTab(p).root }

func (ui *UI) newDisclosuresTab(p model.Patient) *disclosuresTab {
	d := &disclosuresTab{ui: ui, p: p, status: widget.NewLabel("Loading…"), selected: -1}
	d.table = columnTable(disclosureColumns, func() int { return len(d.list) }, d.cell)
	d.table.OnSelected = func(id widget.TableCellID) { d.selected = id.Row }
	bar := container.NewHBox(d.status, spacerH())
	if ui.sess.Can(model.PermReleaseInfo) {
		bar.Add(widget.NewButtonWithIcon("Add note…", theme.DocumentCreateIcon(), ui.act(d.annotate)))
		bar.Add(widget.NewButtonWithIcon(fmt.Sprintf("Print accounting (%d years)…", accountingYears), theme.DocumentPrintIcon(), ui.act(d.print)))
	}
	d.reload()
	d.root = container.NewBorder(bar, nil, nil, nil, d.table)
	return d
}

func (d *disclosuresTab) cell(row, col int) string {
	x := d.list[row]
	switch col {
	case 0:
		return x.Date.Local().Format("2006-01-02 15:04")
	case 1:
		return x.Recipient
	case 2:
		return x.Purpose
	case 3:
		return strings.Join(x.What, "; ")
	case 4:
		if x.BatesFirst == "" {
			return fmt.Sprint(x.Pages, " pages")
		}
		return x.BatesFirst + "–" + x.BatesLast
	case 5:
		return x.Authority
	case 6:
		return x.ReleasedBy
	case 7:
		var notes []string
		for _, a := range x.Annotations {
			notes = append(notes, a.Text)
		}
		return strings.Join(notes, "; ")
	}
	return ""
}

func (d *disclosuresTab) since() time.Time { return time.Now().AddDate(-accountingYears, 0, 0) }

func (d *disclosuresTab) reload() {
	sess, id, since := d.ui.sess, d.p.ID, d.since()
	background(d.ui, func() ([]model.Disclosure, error) { return sess.Release().Disclosures(id, since) },
		func(list []model.Disclosure, err error) {
			if err != nil {
				d.status.SetText(plain(err))
				return
			}
			d.list = list
			d.table.Refresh()
			d.status.SetText(fmt.Sprintf("%s in the last %d years", countOf(len(list), "disclosure"), accountingYears))
		})
}

func (d *disclosuresTab) annotate() {
	if d.selected < 0 || d.selected >= len(d.list) {
		d.ui.showError(fmt.Errorf("select the disclosure to add a note to"))
		return
	}
	x := d.list[d.selected]
	d.ui.askReason("Add a note to the disclosure", "Disclosures are never changed. Write the correction or addition:", "Add note",
		func(text string) {
			sess := d.ui.sess
			background(d.ui, func() (model.Disclosure, error) { return sess.Release().Annotate(x.ID, text) },
				func(_ model.Disclosure, err error) {
					if err != nil {
						d.ui.showError(err)
					}
					d.reload()
				})
		})
}

func (d *disclosuresTab) print() {
	dlg := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		d.printTo(path)
	}, d.ui.win)
	dlg.SetFileName("accounting-" + d.p.MRN + ".pdf")
	dlg.Resize(fyne.NewSize(800, 560))
	dlg.Show()
}

// printTo writes the accounting of disclosures as a PDF.
func (d *disclosuresTab) printTo(path string) {
	sess, p, list, since := d.ui.sess, d.p, d.list, d.since()
	background(d.ui, func() (struct{}, error) {
		clinic, err := sess.Clinic()
		if err != nil {
			return struct{}{}, err
		}
		a := packet.Accounting{Letterhead: packet.Letterhead{Clinic: clinic.Name, Address: clinic.Address},
			Patient: packet.PatientLine{Name: p.DisplayName(), MRN: p.MRN, Born: p.BirthDate.String()},
			From:    since, To: time.Now(), Printed: time.Now(), PrintedBy: sess.User().FullName}
		for _, x := range list {
			var notes []string
			for _, n := range x.Annotations {
				notes = append(notes, fmt.Sprintf("%s %s: %s", n.At.Local().Format("2006-01-02"), n.By, n.Text))
			}
			bates := ""
			if x.BatesFirst != "" {
				bates = x.BatesFirst + "–" + x.BatesLast
			}
			a.Disclosures = append(a.Disclosures, packet.Disclosure{Date: x.Date, Recipient: x.Recipient, Address: x.Address,
				Purpose: x.Purpose, What: strings.Join(x.What, "; "), Bates: bates, SHA256: x.SHA256, Authority: x.Authority,
				ReleasedBy: x.ReleasedBy, Annotations: notes})
		}
		if err := writeFile(path, func(w io.Writer) error { return packet.WriteAccounting(w, a) }); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, sess.LogAction(model.ActPrint, model.KindPatient, p.ID, "accounting of disclosures")
	}, func(_ struct{}, err error) {
		if err != nil {
			d.ui.showError(err)
			return
		}
		d.status.SetText("Accounting of disclosures saved to " + path)
	})
}

// writeFile writes a new file readable only by this user, removing it when
// writing fails.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f.Chmod(0o600) // the save dialog may have created it readable by all
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
