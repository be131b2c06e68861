package printing

import (
	"fmt"
	"strconv"
	"strings"

	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"
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
		return "Choose the label sheet in the printer."
	case n == 0:
		return "Tick the specimens to print labels for."
	case j.Skip < 0 || j.Skip >= per:
		return fmt.Sprintf("A sheet of this kind holds %d labels.", per)
	case j.Skip+n <= per:
		return fmt.Sprintf("Prints %s on label %s of the sheet (%d labels per sheet).", kit.CountOf(n, "label"), span(j.Skip+1, j.Skip+n), per)
	}
	sheets := (j.Skip + n + per - 1) / per
	return fmt.Sprintf("Prints %s from label %d of the first sheet onwards: %s.", kit.CountOf(n, "label"), j.Skip+1, kit.CountOf(sheets, "sheet"))
}

func span(a, b int) string {
	if a == b {
		return strconv.Itoa(a)
	}
	return fmt.Sprintf("%d to %d", a, b)
}

// outputLabels prints or saves the labels (audited by the printing flow)
// and remembers the sheet for next time.
func outputLabels(h *kit.Host, p model.Patient, j printflow.LabelJob) {
	h.App.Preferences().SetString("labels.layout."+j.Kind.Short(), j.Layout)
	h.PrintOrSave(j.Kind.String()+" for "+p.DisplayName(), func(sess *storage.Session) (*printflow.Job, error) {
		job, _, err := printflow.LabelsJob(sess, p.ID, j)
		return job, err
	}, func(where string) {
		if strings.HasPrefix(where, "printed") {
			h.Notice(fmt.Sprintf("%s %s, at actual size, for the sheet %s.", j.Kind, where, j.Layout))
			return
		}
		h.Notice(fmt.Sprintf("%s %s. Load the sheet %s and print at actual size (100%%), not \"fit to page\".", j.Kind, where, j.Layout))
	})
}
