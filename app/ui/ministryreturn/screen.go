// Package ministryreturn is the "Return to the ministry" page: a month's
// return under the imported report definition, what changed since it was
// last sent, saving it as dataValueSet JSON or ADX XML, sending it to the
// ministry's DHIS2 server with the import summary shown, and the returns
// kept. Administrators import the definition and set the server here. The
// Statistics section can host it (Screen takes the figures' source).
package ministryreturn

import (
	"context"
	"fmt"
	"strings"
	"time"

	flow "dossier/app/flow/ministryreturn"
	"dossier/app/ui/kit"
	"dossier/model"
	md "dossier/model/dhis2"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the page's name in the navigation.
const Title = "Return to the ministry"

// Source gives the figures' source for a session: the statistics engine
// once merged (the Statistics section passes it), else the stand-in.
type Source func(sess *storage.Session) flow.FigureSource

// room is the page's state; touched only on the UI goroutine.
type room struct {
	h        *kit.Host
	source   Source
	prepared *flow.Prepared
	changed  map[string]string // cell → change since sent, in words
	month    *widget.Entry
	table    *widget.Table
	status   *widget.Label
	save     *widget.Button
	saveADX  *widget.Button
	send     *widget.Button
}

func columns() []kit.Column {
	return []kit.Column{{Title: lang.X("ministryreturn.col_row", "Row"), Width: 330, Min: 160}, {Title: lang.X("ministryreturn.col_data_element", "Data element"), Width: 110, Min: 90},
		{Title: lang.X("ministryreturn.col_combo", "Combo"), Width: 110, Min: 90}, {Title: lang.X("ministryreturn.col_value", "Value"), Width: 70, Min: 56},
		{Title: lang.X("ministryreturn.col_since_sent", "Since sent"), Width: 110, Min: 80}}
}

// Screen is the page.
func Screen(h *kit.Host, source Source) fyne.CanvasObject {
	r := &room{h: h, source: source, status: widget.NewLabel(lang.X("ministryreturn.intro", "Choose the month, then Prepare."))}
	r.status.Wrapping = fyne.TextWrapWord
	r.month = widget.NewEntry()
	r.month.SetText(time.Now().AddDate(0, -1, 0).Format("2006-01"))
	r.month.OnSubmitted = func(string) { r.prepare() }
	var view fyne.CanvasObject
	r.table, view = kit.NewColumnTable(columns(), r.rows, r.cell)
	prepare := widget.NewButtonWithIcon(lang.X("ministryreturn.prepare", "Prepare"), theme.ViewRefreshIcon(), h.Act(r.prepare))
	prepare.Importance = widget.HighImportance
	r.save = widget.NewButtonWithIcon(lang.X("ministryreturn.save_json", "Save JSON…"), theme.DocumentSaveIcon(), h.Act(func() { r.saveFile(false) }))
	r.saveADX = widget.NewButtonWithIcon(lang.X("ministryreturn.save_adx", "Save ADX…"), theme.DocumentSaveIcon(), h.Act(func() { r.saveFile(true) }))
	r.send = widget.NewButtonWithIcon(lang.X("ministryreturn.send_button", "Send to the ministry…"), theme.MailSendIcon(), h.Act(r.askSend))
	history := widget.NewButtonWithIcon(lang.X("ministryreturn.returns_kept", "Returns kept"), theme.HistoryIcon(), h.Act(r.showHistory))
	tools := []fyne.CanvasObject{r.save, r.saveADX, r.send, history}
	if h.Can(model.PermSettings) {
		tools = append(tools, widget.NewButtonWithIcon(lang.X("ministryreturn.import_definition", "Import definition…"), theme.FolderOpenIcon(), h.Act(r.importDefinition)),
			widget.NewButtonWithIcon(lang.X("ministryreturn.server_button", "Server…"), theme.SettingsIcon(), h.Act(r.editServer)))
	}
	r.enable()
	top := container.NewVBox(kit.Heading(lang.X("nav.ministry_return", "Return to the ministry")),
		container.NewHBox(widget.NewLabel(lang.X("ministryreturn.month", "Month (YYYY-MM)")), container.NewGridWrap(fyne.NewSize(100, r.month.MinSize().Height), r.month), prepare),
		kit.Tools(tools...))
	return container.NewBorder(top, r.status, nil, nil, view)
}

func (r *room) rows() int {
	if r.prepared == nil {
		return 0
	}
	return len(r.prepared.Values)
}

func (r *room) cell(row, col int) string {
	if r.prepared == nil || row >= len(r.prepared.Values) {
		return ""
	}
	v := r.prepared.Values[row]
	switch col {
	case 0:
		return v.Label
	case 1:
		return v.DataElement
	case 2:
		return v.CategoryOptionCombo
	case 3:
		return v.Text()
	case 4:
		return r.changed[v.Cell()]
	}
	return ""
}

func (r *room) enable() {
	ok := r.prepared != nil && len(r.prepared.Values) > 0
	kit.SetEnabled(r.save, ok)
	kit.SetEnabled(r.saveADX, ok)
	kit.SetEnabled(r.send, ok)
}

func (r *room) prepare() {
	m, err := md.ParseMonth(r.month.Text)
	if err != nil {
		r.status.SetText(kit.Plain(err))
		return
	}
	r.status.SetText(lang.X("ministryreturn.computing", "Computing the figures of {{.Month}}…", map[string]any{"Month": m.String()}))
	source := r.source
	kit.Run(r.h, func(sess *storage.Session) (flow.Prepared, error) {
		return flow.Prepare(sess, source(sess), m, "")
	}, func(p flow.Prepared, err error) {
		if err != nil {
			r.prepared = nil
			r.table.Refresh()
			r.enable()
			r.status.SetText(r.prepareError(err))
			return
		}
		r.show(p)
	})
}

// prepareError says what to do on this screen (the flow's message names
// the command line too).
func (r *room) prepareError(err error) string {
	if model.CodeOf(err) != model.NotFound {
		return kit.Plain(err)
	}
	if r.h.Can(model.PermSettings) {
		return lang.X("ministryreturn.no_definition_admin", "No report definition has been imported yet: choose Import definition… (under More… when the window is narrow) and open the ministry's file.")
	}
	return lang.X("ministryreturn.no_definition", "No report definition has been imported yet: ask an administrator to import the ministry's.")
}

func (r *room) show(p flow.Prepared) {
	r.prepared = &p
	r.changed = map[string]string{}
	for _, c := range p.Changes {
		r.changed[c.Cell] = ChangeText(c)
	}
	r.table.Refresh()
	r.enable()
	text := []string{lang.XN("ministryreturn.values", "{{.Return}}, {{.Month}}: {{.Count}} values.", len(p.Values),
		map[string]any{"Return": p.Definition.Name, "Month": p.Month.String(), "Count": len(p.Values)})}
	if len(p.Missing) > 0 {
		var names []string
		for _, m := range p.Missing[:min(3, len(p.Missing))] {
			names = append(names, m.Label)
		}
		if more := len(p.Missing) - len(names); more > 0 {
			names = append(names, lang.XN("ministryreturn.and_more", "and {{.Count}} more", more, map[string]any{"Count": more}))
		}
		text = append(text, lang.XN("ministryreturn.not_filled", "{{.Count}} rows not filled (figures not computed) and left out: {{.Rows}}.", len(p.Missing),
			map[string]any{"Count": len(p.Missing), "Rows": strings.Join(names, "; ")}))
	}
	if p.LastSent == nil {
		text = append(text, lang.X("ministryreturn.not_sent", "Not sent before."))
	} else {
		text = append(text, lang.XN("ministryreturn.sent_by", "Sent by {{.User}} on {{.When}}; {{.Count}} values changed since.", len(p.Changes),
			map[string]any{"User": p.LastSent.By, "When": p.LastSent.At.Local().Format("2006-01-02 15:04"), "Count": len(p.Changes)}))
	}
	r.status.SetText(strings.Join(text, " "))
}

// ChangeText says a change in words.
func ChangeText(c md.Change) string {
	switch {
	case !c.WasThere:
		return lang.X("ministryreturn.change_new", "new")
	case !c.NowThere:
		return lang.X("ministryreturn.change_removed", "removed (was {{.Value}})", map[string]any{"Value": md.FormatValue(c.Was)})
	}
	return lang.X("ministryreturn.change_was", "was {{.Value}}", map[string]any{"Value": md.FormatValue(c.Was)})
}

func (r *room) saveFile(adx bool) {
	if r.prepared == nil {
		return
	}
	p := *r.prepared
	name := "return-" + p.Month.String() + ".json"
	if adx {
		name = "return-" + p.Month.String() + ".adx.xml"
	}
	r.h.AskSavePath(name, func(path string) {
		kit.Run(r.h, func(sess *storage.Session) (md.Kept, error) {
			return flow.SaveFile(sess, p, adx, path)
		}, func(k md.Kept, err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			r.status.SetText(lang.X("ministryreturn.saved", "Saved {{.File}} ({{.Action}}); the return is kept.", map[string]any{"File": k.File, "Action": actionName(k.Action)}))
		})
	})
}

func (r *room) askSend() {
	if r.prepared == nil {
		return
	}
	p := *r.prepared
	msg := lang.XN("ministryreturn.send_question", "Send {{.Count}} values for {{.Month}} to the ministry's server?", len(p.Values),
		map[string]any{"Count": len(p.Values), "Month": p.Month.String()}) + "\n\n" +
		lang.X("ministryreturn.dry_run_first", "The server first checks it (a dry run); only if it would accept it is it imported.")
	if len(p.Missing) > 0 {
		msg += "\n\n" + lang.XN("ministryreturn.send_missing", "{{.Count}} rows are not filled and will not be sent.", len(p.Missing), map[string]any{"Count": len(p.Missing)})
	}
	dialog.ShowConfirm(lang.X("ministryreturn.send_title", "Send the return"), msg, func(ok bool) {
		if !ok {
			return
		}
		r.status.SetText(lang.X("ministryreturn.sending", "Sending to the ministry's server…"))
		kit.Run(r.h, func(sess *storage.Session) (flow.Sent, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			return flow.Send(ctx, sess, p, nil)
		}, func(s flow.Sent, err error) {
			r.h.ShowLongInfo(lang.X("ministryreturn.answer_title", "The server's answer"), Answer(s, err))
			if err == nil {
				r.prepare()
			}
		})
	}, r.h.Win)
}

// Answer is the server's answer for people: the dry run, the import and
// every conflict with its reason.
func Answer(s flow.Sent, err error) string {
	var b strings.Builder
	if s.DryRun.Status != "" {
		b.WriteString(lang.X("ministryreturn.dry_run", "Dry run: {{.Summary}}", map[string]any{"Summary": describe(s.DryRun)}) + "\n")
	}
	if s.Import != nil {
		b.WriteString(lang.X("ministryreturn.import", "Import: {{.Summary}}", map[string]any{"Summary": describe(*s.Import)}) + "\n")
		if s.Import.Description != "" {
			fmt.Fprintf(&b, "%s\n", s.Import.Description)
		}
	}
	conflicts := s.DryRun.Conflicts
	if s.Import != nil {
		conflicts = s.Import.Conflicts
	}
	for _, c := range conflicts {
		fmt.Fprintf(&b, "  • %s: %s\n", c.Object, c.Value)
	}
	if err != nil {
		fmt.Fprintf(&b, "\n%s\n", kit.Plain(err))
	}
	return strings.TrimSpace(b.String())
}

func (r *room) showHistory() {
	kit.Run(r.h, func(sess *storage.Session) ([]md.Kept, error) {
		return sess.Returns().Kept("")
	}, func(ks []md.Kept, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		if len(ks) == 0 {
			r.h.ShowInfo(lang.X("ministryreturn.returns_kept", "Returns kept"), lang.X("ministryreturn.none_kept", "No return has been saved or sent yet."))
			return
		}
		var b strings.Builder
		for _, k := range ks {
			b.WriteString(lang.XN("ministryreturn.kept_line", "{{.When}}  {{.Period}}  {{.Action}} by {{.User}}, {{.Count}} values", len(k.Values),
				map[string]any{"When": k.At.Local().Format("2006-01-02 15:04"), "Period": k.Period, "Action": actionName(k.Action), "User": k.By, "Count": len(k.Values)}))
			if where := strings.TrimSpace(k.File + " " + k.Server); where != "" {
				b.WriteString(" — " + where)
			}
			if k.Answer != nil {
				b.WriteString("\n    " + lang.X("ministryreturn.kept_answer", "answer: {{.Summary}}", map[string]any{"Summary": describe(*k.Answer)}))
			}
			if k.Failure != "" {
				b.WriteString("\n    " + lang.X("ministryreturn.kept_failed", "failed: {{.Why}}", map[string]any{"Why": k.Failure}))
			}
			b.WriteString("\n")
		}
		r.h.ShowLongInfo(lang.X("ministryreturn.returns_kept", "Returns kept"), b.String())
	})
}

// actionName is what was done with a kept return, in the window's
// language (the stored words are the command line's).
func actionName(a md.Action) string {
	switch a {
	case md.ActSavedJSON:
		return lang.X("ministryreturn.act_saved_json", "saved as JSON (dataValueSet)")
	case md.ActSavedADX:
		return lang.X("ministryreturn.act_saved_adx", "saved as ADX (XML)")
	case md.ActDryRun:
		return lang.X("ministryreturn.act_dry_run", "checked by the server (dry run)")
	case md.ActSent:
		return lang.X("ministryreturn.act_sent", "sent to the server")
	}
	return string(a)
}

// describe is the server's import summary in one line (its status word,
// SUCCESS, WARNING or ERROR, is the server's own).
func describe(s md.ImportSummary) string {
	line := lang.X("ministryreturn.summary", "{{.Status}}: imported {{.Imported}}, updated {{.Updated}}, ignored {{.Ignored}}",
		map[string]any{"Status": s.Status, "Imported": s.Imported, "Updated": s.Updated, "Ignored": s.Ignored})
	if len(s.Conflicts) > 0 {
		line += "; " + lang.XN("ministryreturn.conflicts", "{{.Count}} conflicts (first: {{.Object}}: {{.Reason}})", len(s.Conflicts),
			map[string]any{"Count": len(s.Conflicts), "Object": s.Conflicts[0].Object, "Reason": s.Conflicts[0].Value})
	}
	return line
}
