// Package interfaces is the Interfaces section: HL7 v2 messages from
// other systems. Records supervisors see the Interface errors queue (the
// messages that could not be applied, with the reason), fix a message's
// text and replay it, or dismiss it with a reason; anyone who registers
// patients imports HL7 files; the MLLP listener is started and watched
// here; administrators set the port, the LAN permission and HL7 out.
package interfaces

import (
	"context"
	"fmt"
	"strings"

	"dossier/app/flow/hl7in"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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

var columns = []kit.Column{{Title: "Received", Width: 130, Min: 110}, {Title: "Type", Width: 80, Min: 70},
	{Title: "Control ID", Width: 110, Min: 80}, {Title: "Reason", Width: 420, Min: 200}}

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
	r.list, listView = kit.NewColumnTable(columns, func() int { return len(r.queue) }, r.cell)
	r.list.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(r.queue) {
			r.sel = id.Row
			m := r.queue[r.sel]
			r.text.SetText(strings.ReplaceAll(m.Raw, "\r", "\n"))
			r.status.SetText(fmt.Sprintf("%s %s, %s, tried %d times: %s", m.Type, m.ControlID, m.Source, m.Attempts, m.Reason))
			r.enable()
		}
	}
	r.text = widget.NewMultiLineEntry()
	r.text.SetPlaceHolder("Choose a message to see its text; correct it here before replaying.")
	r.text.TextStyle = fyne.TextStyle{Monospace: true}
	importBtn := widget.NewButtonWithIcon("Import HL7 file…", theme.FolderOpenIcon(), h.Act(r.importFile))
	r.replay = widget.NewButtonWithIcon("Replay", theme.MediaReplayIcon(), h.Act(r.replayMsg))
	r.dismiss = widget.NewButtonWithIcon("Dismiss…", theme.DeleteIcon(), h.Act(r.dismissMsg))
	r.listen = widget.NewButtonWithIcon("Start listener", theme.MediaPlayIcon(), h.Act(r.toggleListener))
	settings := widget.NewButtonWithIcon("Settings…", theme.SettingsIcon(), h.Act(r.editSettings))
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), h.Act(r.reloadAll))
	register := widget.NewButtonWithIcon("Import register…", theme.ContentAddIcon(), h.Act(r.importRegister))
	tools := []fyne.CanvasObject{importBtn, register, r.listen}
	if h.Can(model.PermSettings) {
		tools = append(tools, settings)
	}
	tools = append(tools, refresh)
	r.enable()
	// The Interface errors status line belongs to its view: the Outbox
	// view has its own, so neither speaks of the other's messages.
	var errorsView fyne.CanvasObject = widget.NewLabel("Interface errors are shown to records supervisors.")
	if h.Can(model.PermReview) {
		split := container.NewVSplit(listView, r.text)
		split.Offset = 0.55
		errorsView = container.NewBorder(kit.Tools(r.replay, r.dismiss), r.status, nil, nil, split)
	}
	var outView fyne.CanvasObject
	r.out, outView = newOutbox(h)
	r.tabs = container.NewAppTabs(container.NewTabItem("Interface errors", errorsView), container.NewTabItem("Outbox", outView))
	r.tabs.OnSelected = func(*container.TabItem) { h.Touch() }
	r.reloadAll()
	return container.NewBorder(container.NewVBox(kit.Heading(Title), kit.Tools(tools...), r.listener), nil, nil, nil, r.tabs)
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
		r.listen.SetText("Start listener")
		r.listen.SetIcon(theme.MediaPlayIcon())
		r.listener.SetText("MLLP listener: off.")
		return
	}
	st := running.l.Status()
	r.listen.SetText("Stop listener")
	r.listen.SetIcon(theme.MediaStopIcon())
	r.listener.SetText(fmt.Sprintf("MLLP listener on %s: %d received, %d applied, %d to Interface errors, %d refused; %d connected.",
		st.Addr, st.Received, st.Applied, st.Errors, st.Refused, st.Connections))
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
			r.status.SetText("No message waits in Interface errors.")
		} else {
			r.status.SetText(kit.CountOf(len(q), "message") + " could not be applied. Choose one to see why; correct the message or the records, then Replay.")
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
		r.h.WithProgress("Importing HL7 messages", func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
			var err error
			sum, err = hl7in.ImportFiles(ctx, sess, []string{path}, false, func(done, total int) { progress(float64(done) / float64(max(total, 1))) })
			return err
		}, func(err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			text := fmt.Sprintf("%d messages: %d applied, %d already applied before, %d kept in Interface errors, %d refused.",
				sum.Messages, sum.Applied, sum.Duplicates, sum.Failed, sum.Refused)
			if len(sum.Problems) > 0 {
				text += "\n\n" + strings.Join(sum.Problems, "\n")
			}
			r.h.ShowLongInfo("HL7 import", text)
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
				r.status.SetText(fmt.Sprintf("%s %s applied.", res.Message.Type, res.Message.ControlID))
			} else {
				r.h.ShowInfo("Still not applied", res.Message.Reason)
			}
		})
	}
	if strings.TrimSpace(fixed) == strings.TrimSpace(m.Raw) {
		run("")
		return
	}
	r.h.AskReason("Replay the corrected message", "Why was the message changed?", "Replay", run)
}

func (r *room) dismissMsg() {
	m, ok := r.selected()
	if !ok {
		return
	}
	r.h.AskReason("Dismiss the message", "Why is this message not applied (a test message, entered by hand since …)?", "Dismiss", func(reason string) {
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
		r.h.ShowInfo("MLLP listener", "No port is set: an administrator sets it with Settings… in this section.")
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
