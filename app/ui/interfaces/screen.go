// Package interfaces is the Interfaces section: HL7 v2 messages from
// other systems. Records supervisors see the Interface errors queue (the
// messages that could not be applied, with the reason), fix a message's
// text and replay it, or dismiss it with a reason; anyone who registers
// patients imports HL7 files; the MLLP listener is started and watched
// here; administrators set the port, the LAN permission and HL7 out.
package interfaces

import (
	"context"
	"strings"

	"dossier/app/flow/hl7in"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the section's name in the navigation.
const Title = "Interfaces"

// room is the screen's state; touched only on the UI goroutine.
type room struct {
	h     *kit.Host
	queue []model.InboundMessage
	sel   int

	list     *widget.Table
	text     *widget.Entry
	status   *widget.Label
	listener *widget.Label
	replay   *widget.Button
	dismiss  *widget.Button
	listen   *widget.Button
	tabs     *container.AppTabs
	out      *outbox
}

func columns() []kit.Column {
	return []kit.Column{{Title: lang.X("interfaces.col_received", "Received"), Width: 130, Min: 110}, {Title: lang.X("interfaces.col_type", "Type"), Width: 80, Min: 70},
		{Title: lang.X("interfaces.col_control_id", "Control ID"), Width: 110, Min: 80}, {Title: lang.X("dialog.reason", "Reason"), Width: 420, Min: 200}}
}

// the listener runs in the window's process until stopped or the window
// closes; one per process.
var running struct {
	l      *hl7in.Listener
	cancel context.CancelFunc
}

// Screen is the Interfaces section.
func Screen(h *kit.Host) fyne.CanvasObject {
	r := &room{h: h, sel: -1, status: widget.NewLabel(""), listener: widget.NewLabel("")}
	r.status.Wrapping = fyne.TextWrapWord
	var listView fyne.CanvasObject
	r.list, listView = kit.NewColumnTable(columns(), func() int { return len(r.queue) }, r.cell)
	r.list.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(r.queue) {
			r.sel = id.Row
			m := r.queue[r.sel]
			r.text.SetText(strings.ReplaceAll(m.Raw, "\r", "\n"))
			r.status.SetText(lang.XN("interfaces.error_status", "{{.Message}}, {{.Source}}, tried {{.Count}} times: {{.Reason}}", m.Attempts,
				map[string]any{"Message": m.Type + " " + m.ControlID, "Source": m.Source, "Count": m.Attempts, "Reason": m.Reason}))
			r.enable()
		}
	}
	r.text = widget.NewMultiLineEntry()
	r.text.SetPlaceHolder(lang.X("interfaces.text_hint", "Choose a message to see its text; correct it here before replaying."))
	r.text.TextStyle = fyne.TextStyle{Monospace: true}
	importBtn := widget.NewButtonWithIcon(lang.X("interfaces.import_hl7", "Import HL7 file…"), theme.FolderOpenIcon(), h.Act(r.importFile))
	r.replay = widget.NewButtonWithIcon(lang.X("interfaces.replay", "Replay"), theme.MediaReplayIcon(), h.Act(r.replayMsg))
	r.dismiss = widget.NewButtonWithIcon(lang.X("interfaces.dismiss_button", "Dismiss…"), theme.DeleteIcon(), h.Act(r.dismissMsg))
	r.listen = widget.NewButtonWithIcon(lang.X("interfaces.start_listener", "Start listener"), theme.MediaPlayIcon(), h.Act(r.toggleListener))
	settings := widget.NewButtonWithIcon(lang.X("interfaces.settings", "Settings…"), theme.SettingsIcon(), h.Act(r.editSettings))
	refresh := widget.NewButtonWithIcon(lang.X("interfaces.refresh", "Refresh"), theme.ViewRefreshIcon(), h.Act(r.reloadAll))
	register := widget.NewButtonWithIcon(lang.X("interfaces.import_register", "Import register…"), theme.ContentAddIcon(), h.Act(r.importRegister))
	tools := []fyne.CanvasObject{importBtn, register, r.listen}
	if h.Can(model.PermSettings) {
		tools = append(tools, settings)
	}
	tools = append(tools, refresh)
	r.enable()
	// The Interface errors status line belongs to its view: the Outbox
	// view has its own, so neither speaks of the other's messages.
	var errorsView fyne.CanvasObject = widget.NewLabel(lang.X("interfaces.errors_for_supervisors", "Interface errors are shown to records supervisors."))
	if h.Can(model.PermReview) {
		split := container.NewVSplit(listView, r.text)
		split.Offset = 0.55
		errorsView = container.NewBorder(kit.Tools(r.replay, r.dismiss), r.status, nil, nil, split)
	}
	var outView fyne.CanvasObject
	r.out, outView = newOutbox(h)
	r.tabs = container.NewAppTabs(container.NewTabItem(lang.X("interfaces.errors_tab", "Interface errors"), errorsView), container.NewTabItem(lang.X("interfaces.outbox_tab", "Outbox"), outView))
	r.tabs.OnSelected = func(*container.TabItem) { h.Touch() }
	r.reloadAll()
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.interfaces", "Interfaces")), kit.Tools(tools...), r.listener), nil, nil, nil, r.tabs)
}

func (r *room) reloadAll() {
	r.reload()
	r.out.reload()
}

func (r *room) cell(row, col int) string {
	m := r.queue[row]
	switch col {
	case 0:
		return m.Received.Local().Format("2006-01-02 15:04")
	case 1:
		return m.Type
	case 2:
		return m.ControlID
	case 3:
		return m.Reason
	}
	return ""
}

func (r *room) selected() (model.InboundMessage, bool) {
	if r.sel < 0 || r.sel >= len(r.queue) {
		return model.InboundMessage{}, false
	}
	return r.queue[r.sel], true
}

func (r *room) enable() {
	_, ok := r.selected()
	kit.SetEnabled(r.replay, ok)
	kit.SetEnabled(r.dismiss, ok)
	r.showListener()
}

func (r *room) showListener() {
	if running.l == nil {
		r.listen.SetText(lang.X("interfaces.start_listener", "Start listener"))
		r.listen.SetIcon(theme.MediaPlayIcon())
		r.listener.SetText(lang.X("interfaces.listener_off", "MLLP listener: off."))
		return
	}
	st := running.l.Status()
	r.listen.SetText(lang.X("interfaces.stop_listener", "Stop listener"))
	r.listen.SetIcon(theme.MediaStopIcon())
	r.listener.SetText(lang.X("interfaces.listener_on", "MLLP listener on {{.Addr}}: received {{.Received}}, applied {{.Applied}}, to Interface errors {{.Errors}}, refused {{.Refused}}; connected {{.Connections}}.",
		map[string]any{"Addr": st.Addr, "Received": st.Received, "Applied": st.Applied, "Errors": st.Errors, "Refused": st.Refused, "Connections": st.Connections}))
}

func (r *room) reload() {
	r.enable()
	if !r.h.Can(model.PermReview) {
		return
	}
	kit.Run(r.h, func(sess *storage.Session) ([]model.InboundMessage, error) {
		return sess.Interfaces().InterfaceQueue()
	}, func(q []model.InboundMessage, err error) {
		if err != nil {
			r.status.SetText(kit.Plain(err))
			return
		}
		r.queue, r.sel = q, -1
		r.list.UnselectAll()
		r.list.Refresh()
		r.text.SetText("")
		r.enable()
		if len(q) == 0 {
			r.status.SetText(lang.X("interfaces.no_errors", "No message waits in Interface errors."))
		} else {
			r.status.SetText(lang.XN("interfaces.errors_waiting", "{{.Count}} messages could not be applied. Choose one to see why; correct the message or the records, then Replay.", len(q), map[string]any{"Count": len(q)}))
		}
	})
}

func (r *room) importFile() {
	dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		var sum hl7in.Summary
		r.h.WithProgress(lang.X("interfaces.importing_hl7", "Importing HL7 messages"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
			var err error
			sum, err = hl7in.ImportFiles(ctx, sess, []string{path}, false, func(done, total int) { progress(float64(done) / float64(max(total, 1))) })
			return err
		}, func(err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			text := lang.XN("interfaces.import_summary", "{{.Count}} messages: applied {{.Applied}}, already applied before {{.Duplicates}}, kept in Interface errors {{.Failed}}, refused {{.Refused}}.", sum.Messages,
				map[string]any{"Count": sum.Messages, "Applied": sum.Applied, "Duplicates": sum.Duplicates, "Failed": sum.Failed, "Refused": sum.Refused})
			if len(sum.Problems) > 0 {
				text += "\n\n" + strings.Join(sum.Problems, "\n")
			}
			r.h.ShowLongInfo(lang.X("interfaces.hl7_import", "HL7 import"), text)
			r.reload()
		})
	}, r.h.Win).Show()
}

func (r *room) replayMsg() {
	m, ok := r.selected()
	if !ok {
		return
	}
	fixed := strings.ReplaceAll(strings.TrimSpace(r.text.Text), "\n", "\r") + "\r"
	run := func(reason string) {
		kit.Run(r.h, func(sess *storage.Session) (hl7in.Result, error) {
			return hl7in.Replay(sess, m.ID, fixed, reason)
		}, func(res hl7in.Result, err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			r.reload()
			if res.Message.Status == model.InboundApplied {
				r.status.SetText(lang.X("interfaces.applied", "{{.Message}} applied.", map[string]any{"Message": res.Message.Type + " " + res.Message.ControlID}))
			} else {
				r.h.ShowInfo(lang.X("interfaces.still_not_applied", "Still not applied"), res.Message.Reason)
			}
		})
	}
	if strings.TrimSpace(fixed) == strings.TrimSpace(m.Raw) {
		run("")
		return
	}
	r.h.AskReason(lang.X("interfaces.replay_title", "Replay the corrected message"), lang.X("interfaces.replay_prompt", "Why was the message changed?"), lang.X("interfaces.replay", "Replay"), run)
}

func (r *room) dismissMsg() {
	m, ok := r.selected()
	if !ok {
		return
	}
	r.h.AskReason(lang.X("interfaces.dismiss_title", "Dismiss the message"), lang.X("interfaces.dismiss_prompt", "Why is this message not applied (a test message, entered by hand since …)?"), lang.X("interfaces.dismiss", "Dismiss"), func(reason string) {
		kit.Run(r.h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Interfaces().Dismiss(m.ID, reason)
		}, func(_ struct{}, err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			r.reload()
		})
	})
}

func (r *room) toggleListener() {
	if running.l != nil {
		running.cancel()
		running.l = nil
		r.showListener()
		return
	}
	sess := r.h.Session()
	if sess == nil {
		return
	}
	c, err := sess.Clinic()
	if err != nil {
		r.h.ShowError(err)
		return
	}
	if c.Interfaces.MLLPPort == 0 {
		r.h.ShowInfo(lang.X("interfaces.mllp_listener", "MLLP listener"), lang.X("interfaces.no_port", "No port is set: an administrator sets it with Settings… in this section."))
		return
	}
	l, err := hl7in.Listen(sess, c.Interfaces.MLLPPort, c.Interfaces.AllowLAN)
	if err != nil {
		r.h.ShowError(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	running.l, running.cancel = l, cancel
	go l.Serve(ctx)
	r.showListener()
}
