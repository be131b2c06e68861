package interfaces

import (
	"context"
	"fmt"
	"os"
	"strings"

	regimport "dossier/app/flow/register"
	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// importRegister brings an old patient register (CSV) in: the file is
// read and checked against the store with progress and Cancel, the
// preview is shown, and only then, if the clerk confirms, registered.
// Broken rows are skipped and listed in the preview.
func (r *room) importRegister() {
	dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		var plan regimport.Plan
		r.h.WithProgress(lang.X("interfaces.reading_register", "Reading the register"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			plan, err = regimport.Prepare(ctx, sess, f, nil, true, progress)
			return err
		}, func(err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			r.confirmRegister(plan)
		})
	}, r.h.Win).Show()
}

func (r *room) confirmRegister(plan regimport.Plan) {
	var b strings.Builder
	var parts []string
	counts := plan.Counts()
	for a := regimport.Create; a <= regimport.Broken; a++ {
		if counts[a] > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", actionName(a), counts[a]))
		}
	}
	b.WriteString(strings.Join(parts, "; ") + ".\n\n")
	for _, e := range plan.Broken {
		b.WriteString(lang.X("interfaces.line_skipped", "line {{.Line}}: {{.Problem}} (skipped)", map[string]any{"Line": e.Line, "Problem": e.Problem}) + "\n")
	}
	for _, row := range plan.Rows {
		data := map[string]any{"Line": row.Line, "Action": actionName(row.Action), "MRN": row.OtherMRN, "Other": row.SameAsLine, "Problem": row.Problem}
		switch row.Action {
		case regimport.Existing, regimport.Review:
			b.WriteString(lang.X("interfaces.line_mrn", "line {{.Line}}: {{.Action}} ({{.MRN}})", data) + "\n")
		case regimport.Folded:
			b.WriteString(lang.X("interfaces.line_folded", "line {{.Line}}: {{.Action}} (line {{.Other}})", data) + "\n")
		case regimport.Broken:
			b.WriteString(lang.X("interfaces.line_broken", "line {{.Line}}: {{.Action}}: {{.Problem}}", data) + "\n")
		}
	}
	d := dialog.NewCustomConfirm(lang.X("interfaces.import_register_title", "Import the register?"), lang.X("interfaces.import", "Import"), lang.X("common.cancel", "Cancel"), container.NewVScroll(kit.WrapLabel(b.String())), func(ok bool) {
		if !ok {
			return
		}
		var rep regimport.Report
		r.h.WithProgress(lang.X("interfaces.registering", "Registering patients"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
			var err error
			rep, err = regimport.Apply(ctx, sess, plan, progress)
			return err
		}, func(err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			data := map[string]any{"Created": rep.Created, "Added": rep.Added, "Review": rep.ToReview}
			if rep.Cancelled {
				r.status.SetText(lang.X("interfaces.register_cancelled", "Cancelled (what was registered stays; import the file again to finish). Patients registered: {{.Created}}; registered patients given old chart numbers: {{.Added}}; pairs put in duplicate review: {{.Review}}.", data))
			} else {
				r.status.SetText(lang.X("interfaces.register_done", "Done. Patients registered: {{.Created}}; registered patients given old chart numbers: {{.Added}}; pairs put in duplicate review: {{.Review}}.", data))
			}
		})
	}, r.h.Win)
	d.Resize(r.h.Fit(620, 420))
	d.Show()
}

// actionName is what importing a register row does, in the window's
// language (the flow's words are the command line's).
func actionName(a regimport.Action) string {
	switch a {
	case regimport.Create:
		return lang.X("interfaces.row_new", "new patient")
	case regimport.Review:
		return lang.X("interfaces.row_review", "new patient, to review as a possible duplicate")
	case regimport.Existing:
		return lang.X("interfaces.row_existing", "added to the registered patient")
	case regimport.Folded:
		return lang.X("interfaces.row_folded", "same person as an earlier row")
	case regimport.Already:
		return lang.X("interfaces.row_already", "already imported")
	case regimport.Broken:
		return lang.X("interfaces.row_broken", "not imported")
	}
	return a.String()
}
