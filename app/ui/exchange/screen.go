// Package exchange is the Exchange section: FHIR R4 export (one patient's
// Bundle, the clinic or its changes as Bulk Data NDJSON) and import
// (Bundles or NDJSON) with a preview of what will be created, updated and
// matched before anything is written, progress and Cancel. The rules
// (permissions, restricted patients, matching, auditing) are the store's;
// the screen asks through app/flow/exchange.
package exchange

import (
	"context"
	"fmt"
	"strings"
	"time"

	flow "dossier/app/flow/exchange"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/exchange"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the section's name in the navigation.
const Title = "Exchange (FHIR)"

// Export scopes as the choice shows them.
const (
	scopeOne   = "One patient (Bundle)"
	scopeAll   = "Whole clinic (Bulk NDJSON)"
	scopeSince = "Changes since a day (Bulk NDJSON)"
)

// room is the screen's state; touched only on the UI goroutine.
type room struct {
	h *kit.Host

	scope   *widget.RadioGroup
	mrn     *widget.Entry
	since   *widget.Entry
	forWhom *widget.Entry
	images  *widget.Check

	files   []string
	preview flow.ImportResult
	plans   *widget.Table
	fileLbl *widget.Label

	previewBtn, importBtn, cancelBtn, exportBtn *widget.Button
	status                                      *widget.Label
	cancel                                      context.CancelFunc
	busy                                        bool
}

var planColumns = []kit.Column{{Title: "Outcome", Width: 150, Min: 90}, {Title: "Patient", Width: 200, Min: 120},
	{Title: "MRN", Width: 110, Min: 90}, {Title: "New records", Width: 90, Min: 70}, {Title: "Skipped", Width: 64, Min: 56},
	{Title: "Note", Width: 320, Min: 120}}

// Screen is the Exchange section.
func Screen(h *kit.Host) fyne.CanvasObject {
	r := &room{h: h, status: widget.NewLabel("Export records as FHIR R4, or choose FHIR files to import.")}
	r.status.Wrapping = fyne.TextWrapWord
	r.mrn = widget.NewEntry()
	r.mrn.SetPlaceHolder("MRN")
	r.since = widget.NewEntry()
	r.since.SetPlaceHolder("YYYY-MM-DD")
	r.forWhom = widget.NewEntry()
	r.forWhom.SetPlaceHolder("Who the records are for (audited)")
	r.scope = widget.NewRadioGroup([]string{scopeOne, scopeAll, scopeSince}, nil)
	r.scope.Horizontal = true
	r.scope.SetSelected(scopeAll)
	r.scope.OnChanged = func(string) { r.enable() }
	// Page images leave only when asked, and only with release authority
	// (the store refuses otherwise); the box is offered to those who have it.
	r.images = widget.NewCheck("With page images (a disclosure of the scanned pages)", nil)
	if !h.Can(model.PermReleaseInfo) {
		r.images.Disable()
	}
	r.exportBtn = widget.NewButtonWithIcon("Export…", theme.UploadIcon(), h.Act(r.askExport))
	// Export and Import are headed alike, under the section's title (a
	// card's larger title read as above the section's own).
	export := container.NewVBox(kit.Heading("Export"), r.scope,
		container.NewGridWithColumns(3, r.mrn, r.since, r.forWhom), container.NewHBox(r.exportBtn, r.images))

	r.fileLbl = widget.NewLabel("No files chosen.")
	r.fileLbl.Truncation = fyne.TextTruncateEllipsis
	pickFile := widget.NewButtonWithIcon("Choose a file…", theme.FileIcon(), h.Act(func() {
		h.PickFile("fhir import", []string{".json", ".ndjson"}, func(p string) { r.choose([]string{p}) })
	}))
	pickFolder := widget.NewButtonWithIcon("Choose files in a folder…", theme.FolderOpenIcon(), h.Act(func() {
		h.PickFolderFiles("fhir import", "FHIR files to import", []string{".json", ".ndjson"}, r.choose)
	}))
	r.previewBtn = widget.NewButtonWithIcon("Preview", theme.VisibilityIcon(), h.Act(func() { r.run(true) }))
	r.importBtn = widget.NewButtonWithIcon("Import", theme.DownloadIcon(), h.Act(func() { r.run(false) }))
	r.importBtn.Importance = widget.HighImportance
	r.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), h.Act(func() {
		if r.cancel != nil {
			r.cancel()
			r.status.SetText("Cancelling after the patient in hand…")
		}
	}))
	var planView fyne.CanvasObject
	r.plans, planView = kit.NewColumnTable(planColumns, func() int { return len(r.preview.Plans) }, r.planCell)
	r.plans.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(r.preview.Plans) {
			r.showPlan(r.preview.Plans[id.Row])
		}
	}
	imp := container.NewBorder(container.NewVBox(kit.Tools(pickFile, pickFolder, r.previewBtn, r.importBtn, r.cancelBtn), r.fileLbl),
		nil, nil, nil, planView)
	r.enable()
	return container.NewBorder(container.NewVBox(kit.Heading(Title), export, kit.Heading("Import")), r.status, nil, nil, imp)
}

func (r *room) enable() {
	one, since := r.scope.Selected == scopeOne, r.scope.Selected == scopeSince
	setEnabled(!r.busy && one, r.mrn)
	setEnabled(!r.busy && since, r.since)
	enableBtn(r.exportBtn, !r.busy)
	if r.h.Can(model.PermReleaseInfo) {
		if r.busy {
			r.images.Disable()
		} else {
			r.images.Enable()
		}
	}
	enableBtn(r.previewBtn, !r.busy && len(r.files) > 0)
	enableBtn(r.importBtn, !r.busy && len(r.files) > 0 && r.preview.DryRun && len(r.preview.Plans) > 0)
	enableBtn(r.cancelBtn, r.busy)
}

func setEnabled(on bool, e *widget.Entry) {
	if on {
		e.Enable()
	} else {
		e.Disable()
	}
}

func enableBtn(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func (r *room) choose(paths []string) {
	if len(paths) == 0 {
		return
	}
	r.files, r.preview = paths, flow.ImportResult{}
	r.plans.Refresh()
	if len(paths) == 1 {
		r.fileLbl.SetText(paths[0])
	} else {
		r.fileLbl.SetText(fmt.Sprintf("%d files, first %s", len(paths), paths[0]))
	}
	r.status.SetText("Preview shows what the import will create, update and match; nothing is written until Import.")
	r.enable()
}

func (r *room) planCell(row, col int) string {
	p := r.preview.Plans[row]
	switch col {
	case 0:
		return flow.OutcomeWords(p.Outcome)
	case 1:
		return p.Name
	case 2:
		return p.MRN
	case 3:
		return fmt.Sprint(p.New.Total())
	case 4:
		return fmt.Sprint(len(p.Skipped))
	}
	return p.Note
}

func (r *room) showPlan(p exchange.Plan) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", p.Name, flow.OutcomeWords(p.Outcome))
	if p.Note != "" {
		fmt.Fprintf(&b, "%s\n\n", p.Note)
	}
	fmt.Fprintf(&b, "New: %d encounters, %d conditions, %d observations, %d allergies, %d medications. Already in the store: %d.\n",
		p.New.Encounters, p.New.Conditions, p.New.Observations, p.New.Allergies, p.New.Medications, p.Already)
	if len(p.Skipped) > 0 {
		b.WriteString("\nSkipped:\n")
		for _, s := range p.Skipped {
			fmt.Fprintf(&b, "  %s: %s\n", s.Source, s.Reason)
		}
	}
	r.h.ShowLongInfo("Import of "+p.Source, b.String())
}

// run previews (dry) or imports the chosen files in the background.
func (r *room) run(dry bool) {
	files := append([]string(nil), r.files...)
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.busy = cancel, true
	r.enable()
	verb := "Importing"
	if dry {
		verb = "Previewing"
	}
	r.status.SetText(verb + "…")
	kit.Run(r.h, func(sess *storage.Session) (flow.ImportResult, error) {
		return flow.ImportFiles(ctx, sess, files, dry, func(patients, done, total int) {
			if patients%25 == 0 {
				fyne.Do(func() {
					r.status.SetText(fmt.Sprintf("%s… %d patients, %d of %d files", verb, patients, done, total))
				})
			}
		})
	}, func(res flow.ImportResult, err error) {
		r.cancel, r.busy = nil, false
		cancel()
		r.preview = res
		if !dry {
			r.preview.DryRun = false
		}
		r.plans.Refresh()
		r.enable()
		if err != nil {
			r.status.SetText(res.String())
			r.h.ShowError(err)
			return
		}
		r.status.SetText(res.String())
	})
}

func (r *room) askExport() {
	forWhom := strings.TrimSpace(r.forWhom.Text)
	if forWhom == "" {
		r.status.SetText("Say who the records are for: the export is audited with its recipient.")
		return
	}
	switch r.scope.Selected {
	case scopeOne:
		mrn := strings.TrimSpace(r.mrn.Text)
		if mrn == "" {
			r.status.SetText("Enter the patient's MRN.")
			return
		}
		r.h.AskSavePathFor("fhir export", "patient-"+mrn+".json", func(path string) { r.export(path, mrn, time.Time{}, forWhom) })
	default:
		var since time.Time
		if r.scope.Selected == scopeSince {
			t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(r.since.Text), time.Local)
			if err != nil {
				r.status.SetText("Give the day as YYYY-MM-DD.")
				return
			}
			since = t
		}
		// The folder is made at the name chosen: one NDJSON file per resource type.
		r.h.AskSavePathFor("fhir export", "fhir-export-"+time.Now().Format("2006-01-02"), func(path string) {
			r.export(path, "", since, forWhom)
		})
	}
}

func (r *room) export(path, mrn string, since time.Time, forWhom string) {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.busy = cancel, true
	r.enable()
	r.status.SetText("Exporting…")
	images := r.images.Checked
	kit.Run(r.h, func(sess *storage.Session) (flow.ExportResult, error) {
		if mrn != "" {
			ids, err := sess.Patients().FindByIdentifier(mrn)
			if err != nil {
				return flow.ExportResult{}, err
			}
			if len(ids) != 1 {
				return flow.ExportResult{}, fmt.Errorf("%d patients have the MRN %s", len(ids), mrn)
			}
			return flow.ExportPatient(sess, ids[0], path, forWhom, images)
		}
		return flow.ExportBulk(ctx, sess, path, since, forWhom, images, func(n int) {
			fyne.Do(func() { r.status.SetText(fmt.Sprintf("Exporting… %d patients", n)) })
		})
	}, func(res flow.ExportResult, err error) {
		r.cancel, r.busy = nil, false
		cancel()
		r.enable()
		if err != nil {
			r.status.SetText("The export did not finish.")
			r.h.ShowError(err)
			return
		}
		r.status.SetText(fmt.Sprintf("%s, written to %s.", res, path))
	})
}
