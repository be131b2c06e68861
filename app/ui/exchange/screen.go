// Package exchange is the Exchange section: FHIR R4 export (one patient's
// Bundle, the clinic or its changes as Bulk Data NDJSON) and import
// (Bundles or NDJSON) with a preview of what will be created, updated and
// matched before anything is written, progress and Cancel. The rules
// (permissions, restricted patients, matching, auditing) are the store's;
// the screen asks through app/flow/exchange.
package exchange

import (
	"context"
	"errors"
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
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the section's name in the navigation.
const Title = "Exchange (FHIR)"

// Export scopes, in the order the choice shows them.
const (
	scopeOne = iota
	scopeAll
	scopeSince
)

// scopeLabels are the scopes in words a clerk knows; the FHIR names stay
// in brackets for whoever sets up the other system.
func scopeLabels() []string {
	return []string{lang.X("exchange.scope_one", "One patient's record (FHIR file)"),
		lang.X("exchange.scope_all", "Whole clinic, one file per kind (FHIR NDJSON, for another system)"),
		lang.X("exchange.scope_since", "Changes since a day, one file per kind (FHIR NDJSON)")}
}

// room is the screen's state; touched only on the UI goroutine.
type room struct {
	h *kit.Host

	scope   *widget.RadioGroup
	scopes  []string
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

func planColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("exchange.col_outcome", "Outcome"), Width: 150, Min: 90}, {Title: lang.X("col.patient", "Patient"), Width: 200, Min: 120},
		{Title: lang.X("col.mrn", "MRN"), Width: 110, Min: 90}, {Title: lang.X("exchange.col_new_records", "New records"), Width: 90, Min: 70},
		{Title: lang.X("exchange.col_skipped", "Skipped"), Width: 64, Min: 56}, {Title: lang.X("exchange.col_note", "Note"), Width: 320, Min: 120}}
}

// Screen is the Exchange section.
func Screen(h *kit.Host) fyne.CanvasObject {
	r := &room{h: h, status: widget.NewLabel(lang.X("exchange.intro", "Export records for another system, or choose files from one to import (FHIR R4)."))}
	r.status.Wrapping = fyne.TextWrapWord
	r.mrn = widget.NewEntry()
	r.mrn.SetPlaceHolder(lang.X("col.mrn", "MRN"))
	r.since = widget.NewEntry()
	r.since.SetPlaceHolder(lang.X("exchange.since_hint", "since (YYYY-MM-DD)"))
	r.forWhom = widget.NewEntry()
	r.forWhom.SetPlaceHolder(lang.X("exchange.for_whom", "Who the records are for (audited)"))
	// One above the other: the plain words are too long to sit side by side.
	r.scopes = scopeLabels()
	r.scope = widget.NewRadioGroup(r.scopes, nil)
	r.scope.SetSelected(r.scopes[scopeAll])
	r.scope.OnChanged = func(string) { r.enable() }
	// Page images leave only when asked, and only with release authority
	// (the store refuses otherwise); the box is offered to those who have it.
	r.images = widget.NewCheck(lang.X("exchange.with_images", "With page images (a disclosure of the scanned pages)"), nil)
	if !h.Can(model.PermReleaseInfo) {
		r.images.Disable()
	}
	r.exportBtn = widget.NewButtonWithIcon(lang.X("exchange.export_button", "Export…"), theme.UploadIcon(), h.Act(r.askExport))
	// Export and Import are headed alike, under the section's title (a
	// card's larger title read as above the section's own).
	export := container.NewVBox(kit.Heading(lang.X("exchange.export", "Export")), r.scope,
		container.NewGridWithColumns(3, r.mrn, r.since, r.forWhom), container.NewHBox(r.exportBtn, r.images))

	r.fileLbl = widget.NewLabel(lang.X("exchange.no_files", "No files chosen."))
	r.fileLbl.Truncation = fyne.TextTruncateEllipsis
	pickFile := widget.NewButtonWithIcon(lang.X("exchange.choose_file", "Choose a file…"), theme.FileIcon(), h.Act(func() {
		h.PickFile("fhir import", []string{".json", ".ndjson"}, func(p string) { r.choose([]string{p}) })
	}))
	pickFolder := widget.NewButtonWithIcon(lang.X("exchange.choose_folder", "Choose files in a folder…"), theme.FolderOpenIcon(), h.Act(func() {
		h.PickFolderFiles("fhir import", lang.X("exchange.files_to_import", "Files to import (FHIR)"), []string{".json", ".ndjson"}, r.choose)
	}))
	r.previewBtn = widget.NewButtonWithIcon(lang.X("exchange.preview", "Preview"), theme.VisibilityIcon(), h.Act(func() { r.run(true) }))
	r.importBtn = widget.NewButtonWithIcon(lang.X("exchange.import_button", "Import"), theme.DownloadIcon(), h.Act(func() { r.run(false) }))
	r.importBtn.Importance = widget.HighImportance
	r.cancelBtn = widget.NewButtonWithIcon(lang.X("common.cancel", "Cancel"), theme.CancelIcon(), h.Act(func() {
		if r.cancel != nil {
			r.cancel()
			r.status.SetText(lang.X("exchange.cancelling", "Cancelling after the patient in hand…"))
		}
	}))
	var planView fyne.CanvasObject
	r.plans, planView = kit.NewColumnTable(planColumns(), func() int { return len(r.preview.Plans) }, r.planCell)
	r.plans.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(r.preview.Plans) {
			r.showPlan(r.preview.Plans[id.Row])
		}
	}
	imp := container.NewBorder(container.NewVBox(kit.Tools(pickFile, pickFolder, r.previewBtn, r.importBtn, r.cancelBtn), r.fileLbl),
		nil, nil, nil, planView)
	r.enable()
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.exchange", "Exchange (FHIR)")), export, kit.Heading(lang.X("exchange.import", "Import"))), r.status, nil, nil, imp)
}

func (r *room) enable() {
	one, since := r.scoped() == scopeOne, r.scoped() == scopeSince
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

// scoped is the scope chosen (scopeAll when none is).
func (r *room) scoped() int {
	for i, s := range r.scopes {
		if s == r.scope.Selected {
			return i
		}
	}
	return scopeAll
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
		r.fileLbl.SetText(lang.XN("exchange.files_first", "{{.Count}} files, first {{.Path}}", len(paths), map[string]any{"Count": len(paths), "Path": paths[0]}))
	}
	r.status.SetText(lang.X("exchange.preview_hint", "Preview shows what the import will create, update and match; nothing is written until Import."))
	r.enable()
}

func (r *room) planCell(row, col int) string {
	p := r.preview.Plans[row]
	switch col {
	case 0:
		return outcomeName(p.Outcome)
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
	fmt.Fprintf(&b, "%s: %s\n\n", p.Name, outcomeName(p.Outcome))
	if p.Note != "" {
		fmt.Fprintf(&b, "%s\n\n", p.Note)
	}
	b.WriteString(lang.X("exchange.plan_new", "New records: encounters {{.Encounters}}, conditions {{.Conditions}}, observations {{.Observations}}, allergies {{.Allergies}}, medicines {{.Medications}}. Already in the store: {{.Already}}.",
		countsData(p.New, p.Already)) + "\n")
	if len(p.Skipped) > 0 {
		b.WriteString("\n" + lang.X("exchange.skipped", "Skipped:") + "\n")
		for _, s := range p.Skipped {
			fmt.Fprintf(&b, "  %s: %s\n", s.Source, s.Reason)
		}
	}
	r.h.ShowLongInfo(lang.X("exchange.import_of", "Import of {{.File}}", map[string]any{"File": p.Source}), b.String())
}

// run previews (dry) or imports the chosen files in the background.
func (r *room) run(dry bool) {
	files := append([]string(nil), r.files...)
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.busy = cancel, true
	r.enable()
	if dry {
		r.status.SetText(lang.X("exchange.previewing_start", "Previewing…"))
	} else {
		r.status.SetText(lang.X("exchange.importing_start", "Importing…"))
	}
	kit.Run(r.h, func(sess *storage.Session) (flow.ImportResult, error) {
		return flow.ImportFiles(ctx, sess, files, dry, func(patients, done, total int) {
			if patients%25 == 0 {
				fyne.Do(func() {
					r.status.SetText(progressText(dry, patients, done, total))
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
			r.status.SetText(importSummary(res))
			r.h.ShowError(err)
			return
		}
		r.status.SetText(importSummary(res))
	})
}

func (r *room) askExport() {
	forWhom := strings.TrimSpace(r.forWhom.Text)
	if forWhom == "" {
		r.status.SetText(lang.X("exchange.say_for_whom", "Say who the records are for: the export is audited with its recipient."))
		return
	}
	switch r.scoped() {
	case scopeOne:
		mrn := strings.TrimSpace(r.mrn.Text)
		if mrn == "" {
			r.status.SetText(lang.X("exchange.enter_mrn", "Enter the patient's MRN."))
			return
		}
		r.h.AskSavePathFor("fhir export", "patient-"+mrn+".json", func(path string) { r.export(path, mrn, time.Time{}, forWhom) })
	default:
		var since time.Time
		if r.scoped() == scopeSince {
			t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(r.since.Text), time.Local)
			if err != nil {
				r.status.SetText(lang.X("exchange.day_format", "Give the day as YYYY-MM-DD."))
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
	r.status.SetText(lang.X("exchange.exporting", "Exporting…"))
	images := r.images.Checked
	kit.Run(r.h, func(sess *storage.Session) (flow.ExportResult, error) {
		if mrn != "" {
			ids, err := sess.Patients().FindByIdentifier(mrn)
			if err != nil {
				return flow.ExportResult{}, err
			}
			if len(ids) != 1 {
				return flow.ExportResult{}, errors.New(lang.XN("exchange.mrn_not_one", "{{.Count}} patients have the MRN {{.MRN}}", len(ids), map[string]any{"Count": len(ids), "MRN": mrn}))
			}
			return flow.ExportPatient(sess, ids[0], path, forWhom, images)
		}
		return flow.ExportBulk(ctx, sess, path, since, forWhom, images, func(n int) {
			fyne.Do(func() {
				r.status.SetText(lang.XN("exchange.exporting_n", "Exporting… {{.Count}} patients", n, map[string]any{"Count": n}))
			})
		})
	}, func(res flow.ExportResult, err error) {
		r.cancel, r.busy = nil, false
		cancel()
		r.enable()
		if err != nil {
			r.status.SetText(lang.X("exchange.export_unfinished", "The export did not finish."))
			r.h.ShowError(err)
			return
		}
		r.status.SetText(lang.X("exchange.written_to", "{{.Summary}}, written to {{.Path}}.", map[string]any{"Summary": exportSummary(res), "Path": path}))
	})
}

// outcomeName is what importing a patient does, in the window's language
// (the flow's words are the command line's).
func outcomeName(o exchange.Outcome) string {
	switch o {
	case exchange.OutCreate:
		return lang.X("exchange.out_create", "new")
	case exchange.OutReview:
		return lang.X("exchange.out_review", "new, sent to duplicate review")
	case exchange.OutLinked:
		return lang.X("exchange.out_linked", "matched to an existing patient")
	case exchange.OutUpdate:
		return lang.X("exchange.out_update", "updated")
	case exchange.OutUnchanged:
		return lang.X("exchange.out_unchanged", "unchanged")
	case exchange.OutRefused:
		return lang.X("exchange.out_refused", "refused")
	}
	return flow.OutcomeWords(o)
}

// countsData are the record counts a text fills in.
func countsData(c exchange.Counts, already int) map[string]any {
	return map[string]any{"Encounters": c.Encounters, "Conditions": c.Conditions, "Observations": c.Observations,
		"Allergies": c.Allergies, "Medications": c.Medications, "Already": already}
}

// progressText says how far a preview or an import is.
func progressText(dry bool, patients, done, total int) string {
	data := map[string]any{"Count": patients, "Done": done, "Total": total}
	if dry {
		return lang.XN("exchange.previewing", "Previewing… {{.Count}} patients, file {{.Done}} of {{.Total}}", patients, data)
	}
	return lang.XN("exchange.importing", "Importing… {{.Count}} patients, file {{.Done}} of {{.Total}}", patients, data)
}

// importSummary is the status line after a preview or an import.
func importSummary(res flow.ImportResult) string {
	n := len(res.Plans)
	head := lang.XN("exchange.imported", "{{.Count}} patients imported", n, map[string]any{"Count": n})
	if res.DryRun {
		head = lang.XN("exchange.would_import", "{{.Count}} patients would be imported (preview: nothing written)", n, map[string]any{"Count": n})
	}
	var parts []string
	for _, o := range []exchange.Outcome{exchange.OutCreate, exchange.OutReview, exchange.OutLinked, exchange.OutUpdate,
		exchange.OutUnchanged, exchange.OutRefused} {
		if k := res.Outcomes[o]; k > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", outcomeName(o), k))
		}
	}
	if len(parts) > 0 {
		head += " (" + strings.Join(parts, ", ") + ")"
	}
	data := countsData(res.New, res.Already)
	data["Skipped"] = res.SkippedCount()
	return head + ". " + lang.X("exchange.import_counts", "Records added: encounters {{.Encounters}}, conditions {{.Conditions}}, observations {{.Observations}}, allergies {{.Allergies}}, medicines {{.Medications}}; already in the store {{.Already}}; skipped {{.Skipped}}.", data)
}

// exportSummary says what an export wrote.
func exportSummary(res flow.ExportResult) string {
	s := []string{lang.XN("exchange.exported", "{{.Count}} patients exported (encounters {{.Encounters}}, observations {{.Observations}})", res.Patients,
		map[string]any{"Count": res.Patients, "Encounters": res.Encounters, "Observations": res.Observations})}
	if res.Restricted > 0 {
		s = append(s, lang.XN("exchange.restricted_in", "{{.Count}} restricted patients included and flagged", res.Restricted, map[string]any{"Count": res.Restricted}))
	}
	if res.Images > 0 || res.Withheld > 0 {
		s = append(s, lang.XN("exchange.images", "{{.Count}} page images", res.Images, map[string]any{"Count": res.Images}))
		if res.Withheld > 0 {
			s = append(s, lang.XN("exchange.withheld", "images of {{.Count}} sensitive documents withheld", res.Withheld, map[string]any{"Count": res.Withheld}))
		}
	}
	if res.LeftOut > 0 {
		s = append(s, lang.XN("exchange.left_out", "{{.Count}} restricted patients left out (exporting them needs release authority)", res.LeftOut, map[string]any{"Count": res.LeftOut}))
	}
	return strings.Join(s, "; ")
}
