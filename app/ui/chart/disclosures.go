package chart

import (
	"bytes"
	printflow "dossier/app/flow/printing"
	"fmt"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/packet"
	"dossier/reports/printed"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// accountingYears is how far back the accounting of disclosures reaches.
const accountingYears = 6

// disclosuresTab is the patient's accounting of disclosures: every release
// of their records, never edited, with notes added after the fact.
type disclosuresTab struct {
	h        *kit.Host
	p        model.Patient
	list     []model.Disclosure
	table    *widget.Table
	status   *widget.Label
	selected int
	root     fyne.CanvasObject
}

func disclosureColumns() []kit.Column {
	return []kit.Column{
		{Title: lang.X("col.date", "Date"), Width: 130}, {Title: lang.X("chart.disclosures.col_recipient", "Recipient"), Width: 200}, {Title: lang.X("chart.disclosures.col_purpose", "Purpose"), Width: 160},
		{Title: lang.X("col.what", "What"), Width: 260}, {Title: lang.X("chart.disclosures.col_pages", "Pages"), Width: 150}, {Title: lang.X("chart.disclosures.col_authority", "Authority"), Width: 240},
		{Title: lang.X("chart.disclosures.col_released_by", "Released by"), Width: 140}, {Title: lang.X("chart.disclosures.col_notes", "Notes"), Width: 200},
	}
}

func newDisclosuresTab(h *kit.Host, p model.Patient) *disclosuresTab {
	d := &disclosuresTab{h: h, p: p, status: widget.NewLabel(lang.X("common.loading", "Loading…")), selected: -1}
	var view fyne.CanvasObject
	d.table, view = kit.NewColumnTable(disclosureColumns(), func() int { return len(d.list) }, d.cell)
	d.table.OnSelected = func(id widget.TableCellID) { d.selected = id.Row }
	bar := container.NewHBox(d.status, kit.SpacerH())
	if h.Can(model.PermReleaseInfo) {
		bar.Add(widget.NewButtonWithIcon(lang.X("chart.disclosures.add_note_button", "Add note…"), theme.DocumentCreateIcon(), h.Act(d.annotate)))
		bar.Add(widget.NewButtonWithIcon(lang.XN("chart.disclosures.print", "Print accounting ({{.Count}} years)…", accountingYears, map[string]any{"Count": accountingYears}), theme.DocumentPrintIcon(), h.Act(d.print)))
	}
	d.reload()
	d.root = container.NewBorder(bar, nil, nil, nil, view)
	return d
}

func (d *disclosuresTab) cell(row, col int) string {
	x := d.list[row]
	switch col {
	case 0:
		return d.h.When(x.Date)
	case 1:
		return x.Recipient
	case 2:
		return x.Purpose
	case 3:
		return strings.Join(x.What, "; ")
	case 4:
		if x.BatesFirst == "" {
			return kit.PagesCount(x.Pages)
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
	id, since := d.p.ID, d.since()
	kit.Run(d.h, func(sess *storage.Session) ([]model.Disclosure, error) { return sess.Release().Disclosures(id, since) },
		func(list []model.Disclosure, err error) {
			if err != nil {
				d.status.SetText(kit.Plain(err))
				return
			}
			d.list = list
			d.table.Refresh()
			d.status.SetText(lang.XN("chart.disclosures.count", "{{.Count}} disclosures in the last {{.Years}} years", len(list), map[string]any{"Count": len(list), "Years": accountingYears}))
		})
}

func (d *disclosuresTab) annotate() {
	if d.selected < 0 || d.selected >= len(d.list) {
		d.h.Notice(lang.X("chart.disclosures.select_first", "Select the disclosure to add a note to first."))
		return
	}
	x := d.list[d.selected]
	d.h.AskReason(lang.X("chart.disclosures.add_note_title", "Add a note to the disclosure"), lang.X("chart.disclosures.add_note_prompt", "Disclosures are never changed. Write the correction or addition:"), lang.X("chart.disclosures.add_note", "Add note"),
		func(text string) {
			kit.Run(d.h, func(sess *storage.Session) (model.Disclosure, error) { return sess.Release().Annotate(x.ID, text) },
				func(_ model.Disclosure, err error) {
					if err != nil {
						d.h.ShowError(err)
					}
					d.reload()
				})
		})
}

func (d *disclosuresTab) print() {
	p, list, since := d.p, d.list, d.since()
	d.h.PrintOrSave(lang.X("chart.disclosures.print_title", "Accounting of disclosures for {{.Name}}", map[string]any{"Name": p.DisplayName()}), func(sess *storage.Session) (*printflow.Job, error) {
		clinic, err := sess.Clinic()
		if err != nil {
			return nil, err
		}
		a := packet.Accounting{Letterhead: packet.Letterhead{Clinic: clinic.Name, Address: clinic.Address},
			Patient: packet.PatientLine{Name: p.DisplayName(), MRN: p.MRN, Born: p.BirthDate.String()},
			From:    since, To: time.Now(), Printed: time.Now(), PrintedBy: sess.User().FullName}
		a.Words, a.DateOrder = printed.For(clinic.Language), clinical.ClinicOrder(clinic) // the clinic's language and calendar
		for _, x := range list {
			var notes []string
			for _, n := range x.Annotations {
				notes = append(notes, fmt.Sprintf("%s %s: %s", d.h.Day(n.At), n.By, n.Text))
			}
			bates := ""
			if x.BatesFirst != "" {
				bates = x.BatesFirst + "–" + x.BatesLast
			}
			a.Disclosures = append(a.Disclosures, packet.Disclosure{Date: x.Date, Recipient: x.Recipient, Address: x.Address,
				Purpose: x.Purpose, What: strings.Join(x.What, "; "), Bates: bates, SHA256: x.SHA256, Authority: x.Authority,
				ReleasedBy: x.ReleasedBy, Annotations: notes})
		}
		var buf bytes.Buffer
		if err := packet.WriteAccounting(&buf, a); err != nil {
			return nil, err
		}
		return printflow.NewJob("accounting-"+p.MRN+".pdf", lang.X("chart.disclosures.job", "Dossier accounting of disclosures"), false, buf.Bytes(), func(to string) error {
			return sess.Outputs().RecordPrint(model.KindPatient, p.ID, printflow.AuditDetail("accounting of disclosures", to))
		}), nil
	}, func(where string) {
		d.status.SetText(lang.X("chart.disclosures.done", "Accounting of disclosures {{.Where}}", map[string]any{"Where": where}))
	})
}
