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
		r.h.WithProgress("Reading the register", func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
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
	fmt.Fprintf(&b, "%s.\n\n", plan.Counts())
	for _, e := range plan.Broken {
		fmt.Fprintf(&b, "%s (skipped)\n", e.String())
	}
	for _, row := range plan.Rows {
		switch row.Action {
		case regimport.Existing, regimport.Review:
			fmt.Fprintf(&b, "line %d: %s (%s)\n", row.Line, row.Action, row.OtherMRN)
		case regimport.Folded:
			fmt.Fprintf(&b, "line %d: %s (line %d)\n", row.Line, row.Action, row.SameAsLine)
		case regimport.Broken:
			fmt.Fprintf(&b, "line %d: %s: %s\n", row.Line, row.Action, row.Problem)
		}
	}
	d := dialog.NewCustomConfirm("Import the register?", "Import", "Cancel", container.NewVScroll(kit.WrapLabel(b.String())), func(ok bool) {
		if !ok {
			return
		}
		var rep regimport.Report
		r.h.WithProgress("Registering patients", func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
			var err error
			rep, err = regimport.Apply(ctx, sess, plan, progress)
			return err
		}, func(err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			state := "Done"
			if rep.Cancelled {
				state = "Cancelled (what was registered stays; import the file again to finish)"
			}
			r.status.SetText(fmt.Sprintf("%s: %d patients registered, old chart numbers added to %d registered patients, %d pairs put in duplicate review.",
				state, rep.Created, rep.Added, rep.ToReview))
		})
	}, r.h.Win)
	d.Resize(r.h.Fit(620, 420))
	d.Show()
}
