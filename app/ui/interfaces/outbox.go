package interfaces

import (
	"context"
	"fmt"

	"dossier/app/flow/hl7out"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The Outbox view: the ADT messages Dossier sends (when the clinic sends
// ADT), newest first, with where each stands. A message the peer refused,
// or one whose last try failed, is tried again with Retry; one that will
// never go (and holds back the messages after it) is cancelled by a
// supervisor with a reason. The rules are the store's (storage/outbox.go).

// outboxShown is how many of the last messages the view lists.
const outboxShown = 500

// adtType begins an HL7 message type (ADT^A01): a name of the standard,
// the same in every language.
const adtType = "ADT^"

// The status and the time must read whole; the control ID may be cut
// (its start says little, the whole is in the status line when chosen).
func outboxColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("interfaces.col_made", "Made"), Width: 140, Min: 135}, {Title: lang.X("interfaces.col_message", "Message"), Width: 85, Min: 85},
		{Title: lang.X("interfaces.col_control_id", "Control ID"), Width: 90, Min: 70}, {Title: lang.X("col.status", "Status"), Width: 180, Min: 180},
		{Title: lang.X("interfaces.col_tries", "Tries"), Width: 48, Min: 45},
		{Title: lang.X("interfaces.col_answer", "Peer's answer, error or reason"), Width: 300, Min: 160}}
}

// outbox is the view's state; touched only on the UI goroutine.
type outbox struct {
	h      *kit.Host
	msgs   []model.OutboundMessage
	sel    int
	list   *widget.Table
	status *widget.Label
	retry  *widget.Button
	cancel *widget.Button
}

func newOutbox(h *kit.Host) (*outbox, fyne.CanvasObject) {
	o := &outbox{h: h, sel: -1, status: widget.NewLabel("")}
	o.status.Wrapping = fyne.TextWrapWord
	if !h.Can(model.PermRegisterPatient) {
		return o, widget.NewLabel(lang.X("interfaces.outbox_for_registrars", "The outbox is shown to those who register patients."))
	}
	var listView fyne.CanvasObject
	o.list, listView = kit.NewColumnTable(outboxColumns(), func() int { return len(o.msgs) }, o.cell)
	o.list.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(o.msgs) {
			o.sel = id.Row
			m := o.msgs[o.sel]
			data := map[string]any{"Message": adtType + m.Trigger + " " + m.ControlID, "Status": outboundStatus(m), "Count": m.Attempts, "Detail": o.detail(m)}
			if data["Detail"] == "" {
				o.status.SetText(lang.XN("interfaces.message_status", "{{.Message}}: {{.Status}} after {{.Count}} attempts.", m.Attempts, data))
			} else {
				o.status.SetText(lang.XN("interfaces.message_status_detail", "{{.Message}}: {{.Status}} after {{.Count}} attempts: {{.Detail}}.", m.Attempts, data))
			}
			o.enable()
		}
	}
	o.retry = widget.NewButtonWithIcon(lang.X("interfaces.retry", "Retry"), theme.MediaReplayIcon(), h.Act(o.retryMsg))
	o.cancel = widget.NewButtonWithIcon(lang.X("interfaces.cancel_message", "Cancel message…"), theme.CancelIcon(), h.Act(o.cancelMsg))
	tools := []fyne.CanvasObject{o.retry}
	if h.Can(model.PermReview) {
		tools = append(tools, o.cancel)
	}
	o.enable()
	return o, container.NewBorder(kit.Tools(tools...), o.status, nil, nil, listView)
}

func (o *outbox) cell(row, col int) string {
	m := o.msgs[row]
	switch col {
	case 0:
		return o.h.When(m.Created)
	case 1:
		return adtType + m.Trigger
	case 2:
		return m.ControlID
	case 3:
		return outboundStatus(m)
	case 4:
		return fmt.Sprint(m.Attempts)
	case 5:
		return o.detail(m)
	}
	return ""
}

// detail is the peer's answer or the error of the last try, where a sent
// message went, or why it was cancelled.
func (o *outbox) detail(m model.OutboundMessage) string {
	switch m.Status {
	case model.OutboundSent:
		return lang.X("interfaces.sent_to", "to {{.Where}}, {{.When}}", map[string]any{"Where": m.SentTo, "When": o.h.When(m.SentAt)})
	case model.OutboundCancelled:
		return lang.X("interfaces.cancelled_because", "cancelled: {{.Reason}}", map[string]any{"Reason": m.Reason})
	}
	return m.LastError
}

// outboundStatus is where a message stands, in the window's language (the
// model's Label is the command line's).
func outboundStatus(m model.OutboundMessage) string {
	switch m.Status {
	case model.OutboundPending:
		if m.LastError != "" {
			return lang.X("interfaces.out_waiting_failed", "Waiting: last try failed")
		}
		return lang.X("interfaces.out_waiting", "Waiting")
	case model.OutboundSent:
		return lang.X("interfaces.out_sent", "Sent")
	case model.OutboundRejected:
		return lang.X("interfaces.out_refused", "Failed: refused")
	case model.OutboundCancelled:
		return lang.X("interfaces.out_cancelled", "Cancelled")
	}
	return m.Label()
}

func (o *outbox) selected() (model.OutboundMessage, bool) {
	if o.sel < 0 || o.sel >= len(o.msgs) {
		return model.OutboundMessage{}, false
	}
	return o.msgs[o.sel], true
}

func (o *outbox) enable() {
	m, ok := o.selected()
	open := ok && (m.Status == model.OutboundPending || m.Status == model.OutboundRejected)
	kit.SetEnabled(o.retry, open && (m.Status == model.OutboundRejected || m.LastError != ""))
	kit.SetEnabled(o.cancel, open)
}

func (o *outbox) reload() {
	if o.list == nil {
		return
	}
	kit.Run(o.h, func(sess *storage.Session) ([]model.OutboundMessage, error) {
		return sess.Outbox().Recent(outboxShown)
	}, func(msgs []model.OutboundMessage, err error) {
		if err != nil {
			o.status.SetText(kit.Plain(err))
			return
		}
		o.msgs, o.sel = msgs, -1
		o.list.UnselectAll()
		o.list.Refresh()
		o.enable()
		o.status.SetText(o.summary())
	})
}

// summary counts what waits and what failed in the messages listed.
func (o *outbox) summary() string {
	if len(o.msgs) == 0 {
		if !o.h.Clinic().Interfaces.SendADT {
			return lang.X("interfaces.outbox_empty_no_adt", "The outbox is empty: this clinic does not send ADT (an administrator turns it on with Settings…).")
		}
		return lang.X("interfaces.outbox_empty", "The outbox is empty.")
	}
	var waiting, afterFailure, refused int
	for _, m := range o.msgs {
		switch {
		case m.Status == model.OutboundRejected:
			refused++
		case m.Status == model.OutboundPending && m.LastError != "":
			afterFailure++
		case m.Status == model.OutboundPending:
			waiting++
		}
	}
	if waiting+afterFailure+refused == 0 {
		return lang.X("interfaces.all_sent", "Every message listed has been sent or cancelled.")
	}
	data := map[string]any{"Waiting": waiting + afterFailure, "Failed": afterFailure, "Refused": refused}
	text := lang.X("interfaces.outbox_counts", "{{.Waiting}} waiting to be sent; {{.Refused}} refused by the other system.", data)
	if afterFailure > 0 {
		text = lang.X("interfaces.outbox_counts_failed", "{{.Waiting}} waiting to be sent ({{.Failed}} after a failed try); {{.Refused}} refused by the other system.", data)
	}
	if afterFailure+refused > 0 {
		if o.h.Can(model.PermReview) {
			text += " " + lang.X("interfaces.retry_or_cancel", "Choose a failed message to Retry it now, or Cancel it with a reason.")
		} else {
			text += " " + lang.X("interfaces.retry_hint", "Choose a failed message to Retry it now.")
		}
	}
	return text
}

// retryMsg puts the message back to wait and delivers the outbox now.
func (o *outbox) retryMsg() {
	m, ok := o.selected()
	if !ok {
		return
	}
	kit.Run(o.h, func(sess *storage.Session) (model.OutboundMessage, error) {
		return sess.Outbox().Retry(m.ID)
	}, func(_ model.OutboundMessage, err error) {
		if err != nil {
			o.h.ShowError(err)
			return
		}
		o.deliverNow()
	})
}

func (o *outbox) deliverNow() {
	var rep hl7out.Report
	o.h.WithProgress(lang.X("interfaces.sending", "Sending HL7 messages"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		var err error
		rep, err = hl7out.Deliver(ctx, sess)
		progress(1)
		return err
	}, func(err error) {
		o.reload()
		if err != nil {
			o.h.ShowError(err)
			return
		}
		text := lang.X("interfaces.delivered", "{{.Sent}} sent, {{.Refused}} refused, {{.Waiting}} still waiting.",
			map[string]any{"Sent": rep.Sent, "Refused": rep.Rejected, "Waiting": rep.Waiting})
		if rep.Problem != "" {
			text += "\n\n" + rep.Problem
		}
		o.h.ShowInfo(lang.X("interfaces.hl7_out", "HL7 out"), text)
	})
}

func (o *outbox) cancelMsg() {
	m, ok := o.selected()
	if !ok {
		return
	}
	o.h.AskReason(lang.X("interfaces.cancel_title", "Cancel {{.Message}}", map[string]any{"Message": adtType + m.Trigger + " " + m.ControlID}),
		lang.X("interfaces.cancel_prompt", "Why will this message not be sent (keyed in error, the other system has it already …)?"),
		lang.X("interfaces.do_not_send", "Do not send it"), func(reason string) {
			kit.Run(o.h, func(sess *storage.Session) (struct{}, error) {
				return struct{}{}, sess.Outbox().Cancel(m.ID, reason)
			}, func(_ struct{}, err error) {
				if err != nil {
					o.h.ShowError(err)
					return
				}
				o.reload()
			})
		})
}
