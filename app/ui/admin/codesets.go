package admin

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/coding"
	codeimport "dossier/reports/imports/codes"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

var importFormats = []codeimport.Format{codeimport.CMSOrder, codeimport.CMSPCSTables, codeimport.WHOClaML,
	codeimport.ICD11MMS, codeimport.ICPC2, codeimport.Table}

// CodeSetsScreen is the Code sets section: it lists the code sets coders
// search and imports new ones.
func CodeSetsScreen(h *kit.Host) fyne.CanvasObject {
	list := kit.WrapLabel(lang.X("common.loading", "Loading…")) // the shipped index line is long: wrapped, it fits 1024 px
	reload := func() {
		kit.Run(h, func(sess *storage.Session) ([]model.CodeSet, error) { return sess.CodeSets().List() }, func(sets []model.CodeSet, err error) {
			if err != nil {
				list.SetText(kit.Plain(err))
				return
			}
			var lines []string
			for _, name := range []string{"ICD-10-CM 2021", "ICD-10-PCS 2020",
				"ICD-10-CM FY2025 Alphabetic Index, Table of Drugs and Chemicals, Neoplasm Table, External Cause Index; ICD-10-PCS FY2025 Index"} {
				lines = append(lines, lang.X("admin.codesets.shipped", "{{.Name}} — shipped with Dossier", map[string]any{"Name": name}))
			}
			for _, s := range sets {
				what := lang.XN("admin.codesets.codes", "{{.Count}} codes", s.Codes, map[string]any{"Count": s.Codes})
				if _, book := storage.IndexKindOf(s); book {
					what = lang.XN("admin.codesets.lines", "{{.Count}} lines", s.Codes, map[string]any{"Count": s.Codes})
				}
				lines = append(lines, lang.X("admin.codesets.line", "{{.Name}} {{.Version}} — {{.What}}, imported {{.Day}} from {{.Format}}", map[string]any{"Name": s.Name, "Version": s.Version, "What": what,
					"Day": h.Day(s.Installed), "Format": s.Format}))
			}
			list.SetText(strings.Join(lines, "\n"))
		})
	}
	imp := widget.NewButtonWithIcon(lang.X("admin.codesets.import_button", "Import a code set or index…"), theme.FolderOpenIcon(), h.Act(func() { chooseCodeSetFile(h, reload) }))
	imp.Importance = widget.HighImportance
	short := widget.NewButton(lang.X("admin.codesets.shorthand_button", "Clinic shorthand…"), h.Act(func() { editShorthand(h) }))
	explain := kit.WrapLabel(lang.X("admin.codesets.explain", "Coders search the newest version of each system. Every coded item keeps the system and version it was coded with, so installing a new release changes no old record. Accepted: CMS ICD-10-CM order file (with its tabular list for notes and 7th characters), CMS ICD-10-PCS tables, WHO ICD-10 ClaML, ICD-11 MMS tabulation, ICPC-2, and local lists as CSV or TSV; and the official index XML files of a CMS release (Alphabetic Index, Table of Drugs and Chemicals, Neoplasm Table, External Cause Index, ICD-10-PCS Index), which replace the FY2025 indexes shipped. A file with any bad row installs nothing, and a CMS file whose release is not the version typed is refused. The clinic shorthand is the list of register abbreviations (CCF, T2DM, NND) the search reads before it looks anything up."))
	reload()
	return container.NewVBox(kit.Heading(lang.X("nav.code_sets", "Code sets")), list, explain, container.NewHBox(imp, short))
}

// editShorthand edits the clinic's abbreviation list (administrators): one
// abbreviation a line, saved whole with a reason, refused whole with the
// bad lines named.
func editShorthand(h *kit.Host) {
	kit.Run(h, func(sess *storage.Session) (string, error) {
		text, _, err := sess.CodeSets().ShorthandText()
		return text, err
	}, func(text string, err error) {
		if err != nil {
			h.ShowError(err)
			return
		}
		list := widget.NewMultiLineEntry()
		list.SetText(text)
		list.SetMinRowsVisible(12)
		list.Wrapping = fyne.TextWrapOff
		reason := widget.NewEntry()
		reason.SetPlaceHolder(lang.X("admin.codesets.why_it_changes", "Why it changes (kept in the audit trail)"))
		defaults := widget.NewButton(lang.X("admin.codesets.start_again", "Start again from the shipped list"), func() { list.SetText(coding.DefaultShorthand) })
		// The refusal names every bad line: a wrapping label, so a long
		// message grows the dialog down, never wider than the window.
		problem := kit.WrapLabel("")
		problem.Importance = widget.DangerImportance
		problem.Hide()
		var dlg dialog.Dialog
		save := widget.NewButton(lang.X("common.save", "Save"), h.Act(func() {
			t, r := list.Text, reason.Text
			kit.Run(h, func(sess *storage.Session) (struct{}, error) {
				return struct{}{}, sess.CodeSets().SaveShorthand(t, r)
			}, func(_ struct{}, err error) {
				if err != nil {
					problem.SetText(kit.Plain(err))
					problem.Show()
					return
				}
				dlg.Hide()
				if h.Links.CodeSetsChanged != nil {
					h.Links.CodeSetsChanged()
				}
				h.Notice(lang.X("admin.codesets.shorthand_saved", "The clinic shorthand is saved. Coders' searches read it from now on."))
			})
		}))
		save.Importance = widget.HighImportance
		help := kit.WrapLabel(lang.X("admin.codesets.shorthand_help", "One abbreviation a line: ABBREVIATION = what it means. The search reads the meaning before it looks anything up, and shows it in \"Matched\"."))
		body := container.NewBorder(help, container.NewVBox(widget.NewForm(widget.NewFormItem(lang.X("admin.reason", "Reason"), reason)), problem,
			container.NewHBox(defaults, kit.SpacerH(), widget.NewButton(lang.X("common.cancel", "Cancel"), func() { dlg.Hide() }), save)), nil, nil, list)
		dlg = dialog.NewCustomWithoutButtons(lang.X("admin.codesets.clinic_shorthand", "Clinic shorthand"), body, h.Win)
		dlg.Resize(fyne.NewSize(720, 560))
		dlg.Show()
		h.Win.Canvas().Focus(list)
	})
}

func chooseCodeSetFile(h *kit.Host, done func()) {
	dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			h.ShowError(fmt.Errorf("%s: %w", lang.X("admin.codesets.cannot_read", "Cannot read {{.File}}", map[string]any{"File": filepath.Base(path)}), err))
			return
		}
		importCodeSetForm(h, path, data, done)
	}, h.Win).Show()
}

// importCodeSetForm asks for the format, name and version, then imports.
func importCodeSetForm(h *kit.Host, path string, data []byte, done func()) {
	var names []string
	for _, f := range importFormats {
		names = append(names, string(f))
	}
	for _, k := range []string{"cms-index-disease", "cms-index-drug", "cms-index-neoplasm", "cms-index-external", "cms-index-pcs"} {
		names = append(names, k)
	}
	format := widget.NewSelect(names, nil)
	if kind, ok := codeimport.DetectIndex(data[:min(len(data), 4096)]); ok {
		format.SetSelected("cms-index-" + kind.String())
	} else if f := codeimport.Detect(filepath.Base(path), data[:min(len(data), 4096)]); f != "" {
		format.SetSelected(string(f))
	}
	name, version, mapping := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	name.SetPlaceHolder(lang.X("admin.codesets.name_hint", "e.g. ICD-10-CM, ICPC-2, Clinic list"))
	version.SetPlaceHolder(lang.X("admin.codesets.version_hint", "e.g. {{.Example}}", map[string]any{"Example": "2026"}))
	mapping.SetPlaceHolder(lang.X("admin.codesets.columns_hint", "CSV only: {{.Example}}", map[string]any{"Example": "Column=code,Description=title"}))
	var tabular string
	tabBtn := widget.NewButton(lang.X("admin.codesets.tabular", "Tabular list (optional)…"), nil)
	tabBtn.OnTapped = func() {
		dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				tabular = r.URI().Path()
				r.Close()
				tabBtn.SetText(filepath.Base(tabular))
			}
		}, h.Win).Show()
	}
	items := []*widget.FormItem{widget.NewFormItem(lang.X("admin.codesets.file", "File"), widget.NewLabel(filepath.Base(path))),
		widget.NewFormItem(lang.X("admin.codesets.format", "Format"), format), widget.NewFormItem(lang.X("col.name", "Name"), name), widget.NewFormItem(lang.X("admin.codesets.version", "Version"), version),
		widget.NewFormItem(lang.X("admin.codesets.columns", "Columns"), mapping), widget.NewFormItem(lang.X("admin.codesets.notes", "{{.System}} notes", map[string]any{"System": "ICD-10-CM"}), tabBtn)}
	d := dialog.NewForm(lang.X("admin.codesets.import_title", "Import a code set"), lang.X("admin.codesets.import", "Import"), lang.X("common.cancel", "Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		importCodeSet(h, path, data, tabular, format.Selected, name.Text, version.Text, mapping.Text, done)
	}, h.Win)
	d.Resize(fyne.NewSize(560, 420))
	d.Show()
}

// importCodeSet checks the form's fields, then imports.
func importCodeSet(h *kit.Host, path string, data []byte, tabular, format, name, version, mapping string, done func()) {
	if kind, ok := codeimport.IndexFormats[format]; ok {
		runIndexImport(h, path, data, kind, strings.TrimSpace(version), done)
		return
	}
	opt := codeimport.Options{Format: codeimport.Format(format), Name: strings.TrimSpace(name), Version: strings.TrimSpace(version),
		FileName: filepath.Base(path)}
	var err error
	if opt.Mapping, err = codeimport.ParseMapping(mapping); err != nil {
		h.ShowError(err)
		return
	}
	runCodeSetImport(h, path, data, tabular, opt, done)
}

type importResult struct {
	rowErrs []codeimport.RowError
	codes   int
	opt     codeimport.Options
}

func runCodeSetImport(h *kit.Host, path string, data []byte, tabular string, opt codeimport.Options, done func()) {
	kit.Run(h, func(sess *storage.Session) (importResult, error) {
		if tabular != "" {
			f, err := os.Open(tabular)
			if err != nil {
				return importResult{}, err
			}
			defer f.Close()
			opt.Tabular = f
		}
		packed, set, rowErrs, err := codeimport.Import(bytes.NewReader(data), opt)
		res := importResult{rowErrs: rowErrs, opt: opt}
		if err != nil {
			return res, err
		}
		res.codes = set.Len()
		return res, sess.CodeSets().Install(model.CodeSet{Name: opt.Name, Version: opt.Version, Format: string(opt.Format),
			Codes: set.Len(), Data: packed})
	}, func(res importResult, err error) {
		if err != nil {
			var lines []string
			for i, re := range res.rowErrs {
				if i == 30 {
					lines = append(lines, lang.X("admin.codesets.and_more", "… and {{.Count}} more", map[string]any{"Count": len(res.rowErrs) - 30}))
					break
				}
				lines = append(lines, re.String())
			}
			text := kit.Plain(err) + " " + lang.X("admin.codesets.nothing_installed", "Nothing was installed.")
			if len(lines) > 0 {
				text += "\n\n" + strings.Join(lines, "\n")
			}
			l := kit.WrapLabel(text)
			dlg := dialog.NewCustom(lang.X("admin.codesets.refused", "Import of {{.File}} refused", map[string]any{"File": filepath.Base(path)}), lang.X("admin.codesets.ok", "OK"), container.NewVScroll(l), h.Win)
			dlg.Resize(fyne.NewSize(640, 420))
			dlg.Show()
			return
		}
		if h.Links.CodeSetsChanged != nil {
			h.Links.CodeSetsChanged()
		}
		done()
		h.Notice(lang.X("admin.codesets.installed", "{{.Name}} {{.Version}} installed: {{.What}}. Coders search it from now on.", map[string]any{"Name": res.opt.Name, "Version": res.opt.Version, "What": lang.XN("admin.codesets.codes", "{{.Count}} codes", res.codes, map[string]any{"Count": res.codes})}))
	})
}

// runIndexImport reads an official index XML file and installs the book.
func runIndexImport(h *kit.Host, path string, data []byte, kind coding.IndexKind, version string, done func()) {
	type result struct {
		rows    int
		version string
	}
	kit.Run(h, func(sess *storage.Session) (result, error) {
		packed, ix, err := codeimport.PackIndex(bytes.NewReader(data), kind, version)
		if err != nil {
			return result{}, err
		}
		return result{len(ix.Rows), ix.Version}, sess.CodeSets().InstallIndex(kind, ix.Version, len(ix.Rows), packed)
	}, func(r result, err error) {
		if err != nil {
			h.ShowError(fmt.Errorf("%s: %w", lang.X("admin.codesets.not_installed", "{{.File}} was not installed", map[string]any{"File": filepath.Base(path)}), err))
			return
		}
		if h.Links.CodeSetsChanged != nil {
			h.Links.CodeSetsChanged()
		}
		done()
		h.Notice(lang.X("admin.codesets.index_installed", "{{.Name}} {{.Version}} installed: {{.What}}. Coders' searches read it from now on.", map[string]any{"Name": kind.Title(), "Version": r.version, "What": lang.XN("admin.codesets.lines", "{{.Count}} lines", r.rows, map[string]any{"Count": r.rows})}))
	})
}
