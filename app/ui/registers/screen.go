// Package registers is the Registers page: the disease, procedure and
// clinician indexes and the admission and discharge, death and birth
// registers of a month or any range, on screen, printed or saved as a
// landscape PDF, and exported as CSV. The Statistics section can host it
// (Screen); until then the navigation lists it on its own.
package registers

import (
	"errors"
	"io"
	"strings"
	"time"

	"dossier/app/flow/printing"
	regflow "dossier/app/flow/registers"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the page's name in the navigation.
const Title = "Registers"

// room is the page's state; touched only on the UI goroutine.
type room struct {
	h       *kit.Host
	kind    regflow.Kind
	reg     regflow.Register
	shown   bool
	choose  *kit.Choice
	from    *widget.Entry
	to      *widget.Entry
	code    *widget.Entry
	tableAt *fyne.Container
	status  *widget.Label
	print   *widget.Button
	export  *widget.Button
}

// Screen is the Registers page.
func Screen(h *kit.Host) fyne.CanvasObject {
	r := &room{h: h, kind: regflow.DiseaseIndex, status: widget.NewLabel(lang.X("registers.choose", "Choose a register and a period, then Show (a register shown or exported is recorded in the audit trail)."))}
	r.status.Wrapping = fyne.TextWrapWord // the register's note is a long line
	r.code = widget.NewEntry()
	r.code.SetPlaceHolder(lang.X("registers.all_codes", "all codes"))
	var titles []string
	for _, k := range regflow.Kinds {
		titles = append(titles, kindName(k))
	}
	r.choose = kit.NewChoice(titles, func(s string) {
		h.Touch()
		if k, ok := kindByName(s); ok {
			r.kind = k
			if k == regflow.DiseaseIndex || k == regflow.ProcedureIndex {
				r.code.Enable()
			} else {
				r.code.Disable()
			}
		}
	})
	r.choose.SetSelected(kindName(r.kind))
	last := time.Now().AddDate(0, -1, 0)
	first := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.Local)
	r.from, r.to = widget.NewEntry(), widget.NewEntry()
	r.from.SetText(first.Format("2006-01-02"))
	r.to.SetText(first.AddDate(0, 1, -1).Format("2006-01-02"))
	show := widget.NewButtonWithIcon(lang.X("registers.show", "Show"), theme.SearchIcon(), h.Act(r.load))
	show.Importance = widget.HighImportance
	r.code.OnSubmitted = func(string) { r.load() }
	r.to.OnSubmitted = func(string) { r.load() }
	r.print = widget.NewButtonWithIcon(lang.X("registers.print_or_save", "Print or save PDF…"), theme.DocumentPrintIcon(), h.Act(r.printPDF))
	r.export = widget.NewButtonWithIcon(lang.X("registers.export_csv", "Export CSV…"), theme.DocumentSaveIcon(), h.Act(r.exportCSV))
	r.export.Hidden = !h.Can(model.PermExport)
	r.enable()
	r.tableAt = container.NewStack(widget.NewLabel(""))
	form := container.NewHBox(sized(r.choose, 220), widget.NewLabel(lang.X("registers.from", "From")), sized(r.from, 110),
		widget.NewLabel(lang.X("registers.to", "to")), sized(r.to, 110), widget.NewLabel(lang.X("registers.code", "Code")), sized(r.code, 80), show)
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.registers", "Registers")), form, kit.Tools(r.print, r.export)), r.status, nil, nil, r.tableAt)
}

func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

func (r *room) enable() {
	kit.SetEnabled(r.print, r.shown)
	kit.SetEnabled(r.export, r.shown)
}

func (r *room) filter() (regflow.Filter, error) {
	a, err1 := time.ParseInLocation("2006-01-02", strings.TrimSpace(r.from.Text), time.Local)
	b, err2 := time.ParseInLocation("2006-01-02", strings.TrimSpace(r.to.Text), time.Local)
	if err1 != nil || err2 != nil {
		return regflow.Filter{}, errors.New(lang.X("registers.write_days", "Write the days as YYYY-MM-DD (2026-11-30)."))
	}
	if b.Before(a) {
		return regflow.Filter{}, errors.New(lang.X("registers.last_before_first", "The last day is before the first."))
	}
	return regflow.Filter{From: a, To: b.AddDate(0, 0, 1), Code: r.code.Text}, nil
}

func (r *room) load() {
	f, err := r.filter()
	if err != nil {
		r.status.SetText(err.Error())
		return
	}
	kind := r.kind
	r.status.SetText(lang.X("registers.reading", "Reading: {{.Register}}…", map[string]any{"Register": kindName(kind)}))
	kit.Run(r.h, func(sess *storage.Session) (regflow.Register, error) {
		return regflow.Build(sess, kind, f)
	}, func(reg regflow.Register, err error) {
		if err != nil {
			r.status.SetText(kit.Plain(err))
			return
		}
		r.reg, r.shown = reg, true
		cols := make([]kit.Column, len(reg.Table.Header))
		for i, h := range reg.Table.Header {
			w := max(float32(reg.Weights[i]*75), 40)
			cols[i] = kit.Column{Title: headerName(h), Width: w, Min: min(w, 95)} // dates and codes stay whole; names give way
		}
		_, view := kit.NewColumnTable(cols, func() int { return len(r.reg.Table.Rows) }, func(row, col int) string {
			if row < len(r.reg.Table.Rows) && col < len(r.reg.Table.Rows[row]) {
				return r.reg.Table.Rows[row][col]
			}
			return ""
		})
		r.tableAt.Objects = []fyne.CanvasObject{view}
		r.tableAt.Refresh()
		n := len(reg.Table.Rows)
		r.status.SetText(lang.XN("registers.shown", "{{.Register}} — {{.Period}}: {{.Count}} entries. {{.Note}}", n,
			map[string]any{"Register": kindName(kind), "Period": periodName(f), "Count": n, "Note": kindNote(kind)}))
		r.enable()
	})
}

func (r *room) printPDF() {
	if !r.shown {
		return
	}
	reg := r.reg
	r.h.PrintOrSave(kindName(reg.Kind), func(sess *storage.Session) (*printing.Job, error) {
		return regflow.Job(sess, reg)
	}, func(where string) {
		r.status.SetText(lang.X("registers.printed", "{{.Register}} {{.Where}}.", map[string]any{"Register": kindName(reg.Kind), "Where": where}))
	})
}

func (r *room) exportCSV() {
	if !r.shown {
		return
	}
	reg := r.reg
	name := strings.ReplaceAll(strings.ToLower(reg.Kind.Title()), " ", "-") + ".csv"
	r.h.AskSavePath(name, func(path string) {
		kit.Run(r.h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, kit.WritePrivateFile(path, func(w io.Writer) error { return regflow.WriteCSV(sess, reg, w, path) })
		}, func(_ struct{}, err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			r.status.SetText(lang.X("registers.exported", "{{.Register}} exported to {{.Path}}.", map[string]any{"Register": kindName(reg.Kind), "Path": path}))
		})
	})
}
