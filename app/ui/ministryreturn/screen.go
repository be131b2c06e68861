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

var columns = []kit.Column{{Title: "Row", Width: 330, Min: 160}, {Title: "Data element", Width: 110, Min: 90},
	{Title: "Combo", Width: 110, Min: 90}, {Title: "Value", Width: 70, Min: 56}, {Title: "Since sent", Width: 110, Min: 80}}

// Screen is the page.
func Screen(h *kit.Host, source Source) fyne.CanvasObject {
	r := &room{h: h, source: source, status: widget.NewLabel("Choose the month, then Prepare.")}
	r.status.Wrapping = fyne.TextWrapWord
	r.month = widget.NewEntry()
	r.month.SetText(time.Now().AddDate(0, -1, 0).Format("2006-01"))
	r.month.OnSubmitted = func(string) { r.prepare() }
	var view fyne.CanvasObject
	r.table, view = kit.NewColumnTable(columns, r.rows, r.cell)
	prepare := widget.NewButtonWithIcon("Prepare", theme.ViewRefreshIcon(), h.Act(r.prepare))
	prepare.Importance = widget.HighImportance
	r.save = widget.NewButtonWithIcon("Save JSON…", theme.DocumentSaveIcon(), h.Act(func() { r.saveFile(false) }))
	r.saveADX = widget.NewButtonWithIcon("Save ADX…", theme.DocumentSaveIcon(), h.Act(func() { r.saveFile(true) }))
	r.send = widget.NewButtonWithIcon("Send to the ministry…", theme.MailSendIcon(), h.Act(r.askSend))
	history := widget.NewButtonWithIcon("Returns kept", theme.HistoryIcon(), h.Act(r.showHistory))
	tools := []fyne.CanvasObject{r.save, r.saveADX, r.send, history}
	if h.Can(model.PermSettings) {
		tools = append(tools, widget.NewButtonWithIcon("Import definition…", theme.FolderOpenIcon(), h.Act(r.importDefinition)),
			widget.NewButtonWithIcon("Server…", theme.SettingsIcon(), h.Act(r.editServer)))
	}
	r.enable()
	top := container.NewVBox(kit.Heading(Title),
		container.NewHBox(widget.NewLabel("Month (YYYY-MM)"), container.NewGridWrap(fyne.NewSize(100, r.month.MinSize().Height), r.month), prepare),
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
	r.status.SetText("Computing the figures of " + m.String() + "…")
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
		return "No report definition has been imported yet: choose Import definition… (under More… when the window is narrow) and open the ministry's file."
	}
	return "No report definition has been imported yet: ask an administrator to import the ministry's."
}

func (r *room) show(p flow.Prepared) {
	r.prepared = &p
	r.changed = map[string]string{}
	for _, c := range p.Changes {
		r.changed[c.Cell] = ChangeText(c)
	}
	r.table.Refresh()
	r.enable()
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s: %s.", p.Definition.Name, p.Month, kit.CountOf(len(p.Values), "value"))
	if len(p.Missing) > 0 {
		var names []string
		for _, m := range p.Missing[:min(3, len(p.Missing))] {
			names = append(names, m.Label)
		}
		if more := len(p.Missing) - len(names); more > 0 {
			names = append(names, fmt.Sprintf("and %d more", more))
		}
		fmt.Fprintf(&b, " %s not filled (figures not computed) and left out: %s.", kit.CountOf(len(p.Missing), "row"), strings.Join(names, "; "))
	}
	if p.LastSent == nil {
		b.WriteString(" Not sent before.")
	} else {
		fmt.Fprintf(&b, " Sent by %s on %s; %s since.", p.LastSent.By, p.LastSent.At.Local().Format("2006-01-02 15:04"),
			kit.CountOf(len(p.Changes), "value changed"))
	}
	r.status.SetText(b.String())
}

// ChangeText says a change in words.
func ChangeText(c md.Change) string {
	switch {
	case !c.WasThere:
		return "new"
	case !c.NowThere:
		return "removed (was " + md.FormatValue(c.Was) + ")"
	}
	return "was " + md.FormatValue(c.Was)
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
			r.status.SetText("Saved " + k.File + " (" + string(k.Action) + "); the return is kept.")
		})
	})
}

func (r *room) askSend() {
	if r.prepared == nil {
		return
	}
	p := *r.prepared
	msg := fmt.Sprintf("Send %s for %s to the ministry's server?\n\nThe server first checks it (a dry run); only if it would accept it is it imported.",
		kit.CountOf(len(p.Values), "value"), p.Month)
	if len(p.Missing) > 0 {
		msg += fmt.Sprintf("\n\n%s are not filled and will not be sent.", kit.CountOf(len(p.Missing), "row"))
	}
	dialog.ShowConfirm("Send the return", msg, func(ok bool) {
		if !ok {
			return
		}
		r.status.SetText("Sending to the ministry's server…")
		kit.Run(r.h, func(sess *storage.Session) (flow.Sent, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			return flow.Send(ctx, sess, p, nil)
		}, func(s flow.Sent, err error) {
			r.h.ShowLongInfo("The server's answer", Answer(s, err))
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
		fmt.Fprintf(&b, "Dry run: %s\n", flow.Describe(s.DryRun))
	}
	if s.Import != nil {
		fmt.Fprintf(&b, "Import: %s\n", flow.Describe(*s.Import))
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
			r.h.ShowInfo("Returns kept", "No return has been saved or sent yet.")
			return
		}
		var b strings.Builder
		for _, k := range ks {
			fmt.Fprintf(&b, "%s  %s  %s by %s, %s", k.At.Local().Format("2006-01-02 15:04"), k.Period, k.Action, k.By,
				kit.CountOf(len(k.Values), "value"))
			if where := strings.TrimSpace(k.File + " " + k.Server); where != "" {
				b.WriteString(" — " + where)
			}
			if k.Answer != nil {
				b.WriteString("\n    answer: " + flow.Describe(*k.Answer))
			}
			if k.Failure != "" {
				b.WriteString("\n    failed: " + k.Failure)
			}
			b.WriteString("\n")
		}
		r.h.ShowLongInfo("Returns kept", b.String())
	})
}
