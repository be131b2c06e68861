package printing

import (
	"strconv"
	"strings"

	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
)

// LabelKind is what a sheet of labels is for (see the printing flow).
type LabelKind = printflow.LabelKind

// The kinds of label, for Labels' preset.
const (
	FolderLabels   = printflow.FolderLabels
	IDLabels       = printflow.IDLabels
	SpecimenLabels = printflow.SpecimenLabels
)

// defaultLayouts are the sheets a clinic most likely has for each kind
// until someone picks another: wide folder labels, the common 21-up
// sticker sheet, and small tube labels.
var defaultLayouts = map[LabelKind]string{FolderLabels: "Avery L7163", IDLabels: "Avery L7160", SpecimenLabels: "Avery L7651"}

// layoutFor is the sheet last used for kind on this computer (the label
// stock is a property of the machine's printer, not of the user).
func layoutFor(h *kit.Host, k LabelKind) string {
	if name := h.App.Preferences().String("labels.layout." + k.Short()); name != "" {
		if _, ok := reports.LayoutByName(name); ok {
			return name
		}
	}
	for _, l := range reports.LabelLayouts {
		if strings.HasPrefix(l.Name, defaultLayouts[k]) {
			return l.Name
		}
	}
	return reports.LabelLayouts[0].Name
}

// summary tells the clerk where on the sheet the labels will land, so a
// part-used sheet is loaded the right way before printing.
func summary(j printflow.LabelJob) string {
	l, ok := reports.LayoutByName(j.Layout)
	n, per := j.Count(), l.PerSheet()
	switch {
	case !ok || per == 0:
		return lang.X("printing.choose_label_sheet", "Choose the label sheet in the printer.")
	case n == 0:
		return lang.X("printing.tick_specimens", "Tick the specimens to print labels for.")
	case j.Skip < 0 || j.Skip >= per:
		return lang.XN("printing.sheet_holds", "A sheet of this kind holds {{.Count}} labels.", per, map[string]any{"Count": per})
	case j.Skip+n <= per:
		return lang.XN("printing.prints_on_label", "Prints {{.Count}} labels on label {{.Span}} of the sheet ({{.PerSheet}} labels per sheet).",
			n, map[string]any{"Count": n, "Span": span(j.Skip+1, j.Skip+n), "PerSheet": per})
	}
	sheets := (j.Skip + n + per - 1) / per
	return lang.XN("printing.prints_from_label", "Prints {{.Count}} labels from label {{.First}} of the first sheet onwards: {{.Sheets}}.",
		n, map[string]any{"Count": n, "First": j.Skip + 1, "Sheets": lang.XN("printing.count_sheets", "{{.Count}} sheets", sheets, map[string]any{"Count": sheets})})
}

func span(a, b int) string {
	if a == b {
		return strconv.Itoa(a)
	}
	return lang.X("printing.span", "{{.From}} to {{.To}}", map[string]any{"From": a, "To": b})
}

// labelKindName is a kind of label in the window's language (the
// printing flow names it in English for the audit trail).
func labelKindName(k LabelKind) string {
	switch k {
	case FolderLabels:
		return lang.X("printing.kind.folder", "Folder labels")
	case IDLabels:
		return lang.X("printing.kind.id", "Patient ID labels")
	case SpecimenLabels:
		return lang.X("printing.kind.specimen", "Specimen labels")
	}
	return k.String()
}

// outputLabels prints or saves the labels (audited by the printing flow)
// and remembers the sheet for next time.
func outputLabels(h *kit.Host, p model.Patient, j printflow.LabelJob) {
	h.App.Preferences().SetString("labels.layout."+j.Kind.Short(), j.Layout)
	kind := labelKindName(j.Kind)
	h.PrintOrSave(lang.X("printing.labels_for", "{{.Kind}} for {{.Name}}", map[string]any{"Kind": kind, "Name": p.DisplayName()}), func(sess *storage.Session) (*printflow.Job, error) {
		job, _, err := printflow.LabelsJob(sess, p.ID, j)
		return job, err
	}, func(where string) {
		if strings.HasPrefix(where, "printed") {
			h.Notice(lang.X("printing.labels_printed", "{{.Kind}} {{.Where}}, at actual size, for the sheet {{.Layout}}.", map[string]any{"Kind": kind, "Where": where, "Layout": j.Layout}))
			return
		}
		h.Notice(lang.X("printing.labels_saved", "{{.Kind}} {{.Where}}. Load the sheet {{.Layout}} and print at actual size (100%), not \"fit to page\".", map[string]any{"Kind": kind, "Where": where, "Layout": j.Layout}))
	})
}
