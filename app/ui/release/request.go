package release

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"slices"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// requestScreen works one release request from check to release: the
// authority, the records chosen (only what was asked for, by default),
// redactions, the packet, its quality check and the release.
type requestScreen struct {
	h      *kit.Host
	id     model.ID
	m      storage.Material
	auths  []model.Authorization
	items  []releaseItem
	chosen map[model.ID]bool
	dirty  bool

	header, ground, packetInfo *widget.Label
	list                       *widget.List
	authSel, exemption         *widget.Select
	courtDoc                   *widget.Select
	omit                       *widget.Entry
	watermark, encrypt         *widget.Check
	actions                    *fyne.Container
	root                       *fyne.Container
	// changes are the buttons that change the request: a closed
	// (released or refused) request offers none of them.
	changes []*widget.Button
}

// exemptions are the exception select's choices, in its order.
var exemptions = []model.Exemption{model.ExemptNone, model.ExemptContinuingCare, model.ExemptCourtOrder}

// exemptionName is an exemption as the exception select shows it.
func exemptionName(e model.Exemption) string {
	switch e {
	case model.ExemptContinuingCare:
		return lang.X("release.exemption_continuing_care", "Continuing care")
	case model.ExemptCourtOrder:
		return lang.X("release.exemption_court_order", "Court order")
	}
	return lang.X("release.exemption_none", "No exemption")
}

func noAuth() string { return lang.X("release.no_authorization", "No authorization") }

func noCourtCopy() string {
	return lang.X("release.choose_the_filed_copy_of_the_order", "(choose the filed copy of the order)")
}

// OpenRequest shows one request in the section's place (the desk's rows,
// a new request, and other features through kit.Links).
func OpenRequest(h *kit.Host, id model.ID) {
	if h.Shell != nil {
		h.Shell.SetContent(newRequestScreen(h, id))
	}
}

func newRequestScreen(h *kit.Host, id model.ID) fyne.CanvasObject {
	rq := &requestScreen{h: h, id: id, chosen: map[model.ID]bool{},
		header: widget.NewLabel(lang.X("release.loading_the_request", "Loading the request…")), ground: widget.NewLabel(""), packetInfo: widget.NewLabel("")}
	rq.header.Wrapping, rq.ground.Wrapping, rq.packetInfo.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord, fyne.TextWrapWord
	rq.list = widget.NewList(func() int { return len(rq.items) },
		func() fyne.CanvasObject { return widget.NewCheck(lang.X("release.record", "record"), nil) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*widget.Check)
			it := rq.items[i]
			c.OnChanged = nil
			c.SetText(it.label)
			c.SetChecked(rq.chosen[it.id])
			c.OnChanged = func(on bool) { rq.choose(it.id, on) }
			if rq.m.Request.Status.Closed() {
				c.Disable()
			} else {
				c.Enable()
			}
		})
	rq.authSel = widget.NewSelect(nil, func(string) { rq.dirty = true })
	exNames := make([]string, len(exemptions))
	for i, e := range exemptions {
		exNames[i] = exemptionName(e)
	}
	rq.exemption = widget.NewSelect(exNames, func(s string) {
		rq.dirty = true
		if rq.courtDoc != nil {
			rq.courtDoc.Hidden = s != exemptionName(model.ExemptCourtOrder)
			rq.courtDoc.Refresh()
		}
	})
	rq.courtDoc = widget.NewSelect(nil, func(string) { rq.dirty = true })
	rq.omit = widget.NewMultiLineEntry()
	rq.omit.SetPlaceHolder(lang.X("release.text_to_leave_out", "text to leave out of typed records, one per line (names of third parties…)"))
	rq.omit.SetMinRowsVisible(2)
	rq.omit.OnChanged = func(string) { rq.dirty = true }
	rq.watermark = widget.NewCheck(lang.X("release.watermark_confidential_copy", "Watermark \"CONFIDENTIAL COPY\""), func(bool) { rq.dirty = true })
	rq.encrypt = widget.NewCheck(lang.X("release.protect_the_pdf_with", "Protect the PDF with a password (AES-256)"), func(bool) { rq.dirty = true })
	rq.actions = kit.Tools()
	back := widget.NewButtonWithIcon(lang.X("release.requests", "Requests"), theme.NavigateBackIcon(), h.Act(func() { h.Shell.OpenSection(section) }))
	record := widget.NewButton(lang.X("release.record_authorization", "Record authorization…"), h.Act(rq.recordAuthorization))
	revoke := widget.NewButton(lang.X("release.revoke_2", "Revoke…"), h.Act(rq.revokeAuthorization))
	authority := widget.NewForm(
		widget.NewFormItem(lang.X("release.authorization", "Authorization"), rq.authSel),
		widget.NewFormItem("", container.NewHBox(record, revoke)),
		widget.NewFormItem(lang.X("release.exemption", "Exemption"), container.NewGridWithColumns(2, rq.exemption, rq.courtDoc)),
		widget.NewFormItem(lang.X("release.leave_out", "Leave out"), rq.omit),
		// One under the other: side by side they are wider than the pane in French.
		widget.NewFormItem(lang.X("release.packet", "Packet"), container.NewVBox(rq.watermark, rq.encrypt)))
	save := widget.NewButtonWithIcon(lang.X("release.save_choices", "Save choices"), theme.DocumentSaveIcon(), h.Act(rq.save))
	title := widget.NewLabelWithStyle(lang.X("release.records_to_release_ticked", "Records to release (ticked: what was asked for)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	left := container.NewBorder(title, nil, nil, nil, rq.list)
	redact := widget.NewButton(lang.X("release.redact_pages_2", "Redact pages…"), h.Act(rq.redact))
	rq.changes = []*widget.Button{record, revoke, save, redact}
	right := container.NewVBox(authority, container.NewHBox(save, redact), rq.ground, rq.packetInfo)
	split := container.NewHSplit(left, container.NewVScroll(right))
	split.Offset = 0.45
	rq.root = container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, back, nil, rq.actions), rq.header, widget.NewSeparator()),
		nil, nil, nil, split)
	rq.reload()
	return rq.root
}

type requestLoad struct {
	m     storage.Material
	auths []model.Authorization
}

func (rq *requestScreen) reload() { rq.reloadThen(nil) }

func (rq *requestScreen) show(m storage.Material, auths []model.Authorization) {
	rq.m, rq.auths, rq.dirty = m, auths, false
	r := m.Request
	rq.header.SetText(fmt.Sprintf(lang.X("release.records_of_asked_for", "%s · %s · %s\nRecords of %s (%s), asked for by %s (%s), %s\nPurpose: %s · received %s · due %s%s"),
		r.Number, kit.RequestStatusName(r.Status), ageText(r), m.Patient.DisplayName(), m.Patient.MRN, r.Name,
		r.Requester.Short(), oneLine(r.Address), r.Purpose, rq.h.Day(r.Received), rq.h.Date(r.Due), askedText(rq.h, r)))
	rq.items = releaseItems(rq.h, m)
	rq.chosen = map[model.ID]bool{}
	nothingChosen := len(r.Documents)+len(r.Encounters)+len(r.Notes) == 0
	for _, it := range rq.items {
		if nothingChosen && !r.Status.Closed() {
			rq.chosen[it.id] = asked(r, it, m)
		} else {
			rq.chosen[it.id] = slices.Contains(r.Documents, it.id) || slices.Contains(r.Encounters, it.id) || slices.Contains(r.Notes, it.id)
		}
	}
	rq.dirty = nothingChosen && !r.Status.Closed()
	rq.list.Refresh()
	opts := []string{noAuth()}
	sel := noAuth()
	for _, a := range auths {
		l := authLabel(rq.h, a, time.Now())
		opts = append(opts, l)
		if a.ID == r.AuthorizationID {
			sel = l
		}
	}
	rq.authSel.SetOptions(opts)
	rq.authSel.SetSelected(sel)
	if i := slices.Index(exemptions, r.Exemption); i >= 0 {
		rq.exemption.SetSelectedIndex(i)
	} else {
		rq.exemption.ClearSelected()
	}
	courts := []string{noCourtCopy()}
	courtSel := noCourtCopy()
	for _, d := range m.Documents {
		l := rq.h.DocLine(d)
		courts = append(courts, l)
		if d.Doc.ID == r.ExemptionDoc {
			courtSel = l
		}
	}
	rq.courtDoc.SetOptions(courts)
	rq.courtDoc.SetSelected(courtSel)
	rq.omit.SetText(strings.Join(r.Omit, "\n"))
	rq.watermark.SetChecked(r.Watermark)
	rq.encrypt.SetChecked(r.Encrypt)
	rq.dirty = nothingChosen && !r.Status.Closed()
	rq.showClosed(r.Status.Closed())
	rq.showGround()
	rq.showActions()
}

func (rq *requestScreen) choose(id model.ID, on bool) {
	rq.chosen[id] = on
	rq.dirty = true
	rq.showGround()
}

func (rq *requestScreen) showGround() {
	r := rq.m.Request
	switch {
	case r.Status == model.ReqRefused:
		rq.ground.Importance = widget.MediumImportance
		rq.ground.SetText(lang.X("release.refused_because", "Refused: {{.Reason}}", map[string]any{"Reason": r.Refusal}))
	case r.Status.Closed():
		rq.ground.SetText("")
	case rq.dirty && len(r.Documents)+len(r.Encounters)+len(r.Notes) == 0:
		rq.ground.Importance = widget.WarningImportance
		rq.ground.SetText(lang.X("release.the_records_asked_for", "The records asked for are ticked. Change the ticks if needed, then save the choices to check the authority."))
	case rq.dirty:
		rq.ground.Importance = widget.WarningImportance
		rq.ground.SetText(lang.X("release.choices_changed_save_them", "Choices changed: save them to check the authority again."))
	case rq.m.GroundErr != nil:
		rq.ground.Importance = widget.DangerImportance
		rq.ground.SetText(lang.X("release.may_not_be_released", "May not be released: {{.Why}}", map[string]any{"Why": rq.m.GroundErr.Error()}))
	default:
		rq.ground.Importance = widget.SuccessImportance
		rq.ground.SetText(lang.X("release.may_be_released_authority", "May be released. Authority: {{.Authority}}", map[string]any{"Authority": rq.m.Ground}))
	}
	rq.ground.Refresh()
	if p := r.Packet; p != nil {
		rq.packetInfo.SetText(fmt.Sprintf(lang.X("release.packet_built_by_to", "Packet built %s by %s: %s, %s to %s, SHA-256 %s…"),
			rq.h.When(p.BuiltAt), p.BuiltBy, kit.PagesCount(p.Pages), p.BatesFirst, p.BatesLast, p.SHA256[:16]))
	} else {
		rq.packetInfo.SetText("")
	}
}

// work reads the screen into the request.
func (rq *requestScreen) work() model.Request {
	r := rq.m.Request
	r.Documents, r.Encounters, r.Notes = nil, nil, nil
	for _, it := range rq.items {
		if !rq.chosen[it.id] {
			continue
		}
		switch it.kind {
		case model.KindDocument:
			r.Documents = append(r.Documents, it.id)
		case model.KindEncounter:
			r.Encounters = append(r.Encounters, it.id)
		case model.KindNote:
			r.Notes = append(r.Notes, it.id)
		}
	}
	r.AuthorizationID = model.ZeroID
	if i := rq.authSel.SelectedIndex() - 1; i >= 0 && i < len(rq.auths) {
		r.AuthorizationID = rq.auths[i].ID
	}
	r.Exemption = model.ExemptNone
	if i := rq.exemption.SelectedIndex(); i >= 0 && i < len(exemptions) {
		r.Exemption = exemptions[i]
	}
	r.ExemptionDoc = model.ZeroID
	if i := rq.courtDoc.SelectedIndex() - 1; i >= 0 && i < len(rq.m.Documents) {
		r.ExemptionDoc = rq.m.Documents[i].Doc.ID
	}
	r.Omit = nil
	for _, l := range strings.Split(rq.omit.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			r.Omit = append(r.Omit, l)
		}
	}
	r.Watermark, r.Encrypt = rq.watermark.Checked, rq.encrypt.Checked
	return r
}

func (rq *requestScreen) save() { rq.saveThen(nil) }

// saveThen saves the choices (when changed) and then runs next.
func (rq *requestScreen) saveThen(next func()) {
	if !rq.dirty {
		if next != nil {
			next()
		}
		return
	}
	r, rev := rq.work(), rq.m.Rev
	kit.Run(rq.h, func(sess *storage.Session) (uint32, error) {
		return sess.Release().SaveWork(r, rev, "records and authority chosen")
	},
		func(_ uint32, err error) {
			if err != nil {
				rq.h.ShowError(err)
				return
			}
			rq.dirty = false
			rq.reloadThen(next)
		})
}

func (rq *requestScreen) reloadThen(next func()) {
	id := rq.id
	kit.Run(rq.h, func(sess *storage.Session) (requestLoad, error) {
		m, err := sess.Release().Material(id)
		if err != nil {
			return requestLoad{}, err
		}
		auths, err := sess.Release().Authorizations(m.Request.PatientID)
		return requestLoad{m, auths}, err
	}, func(l requestLoad, err error) {
		if err != nil {
			rq.header.SetText(kit.Plain(err))
			return
		}
		rq.show(l.m, l.auths)
		if next != nil {
			next()
		}
	})
}

// showClosed takes away what would change a released or refused request:
// its choices are the record of what went out, or of the refusal.
func (rq *requestScreen) showClosed(closed bool) {
	for _, b := range rq.changes {
		b.Hidden = closed
		b.Refresh()
	}
	for _, w := range []fyne.Disableable{rq.authSel, rq.exemption, rq.courtDoc, rq.omit, rq.watermark, rq.encrypt} {
		if closed {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}

// showActions offers the steps the request can take now.
func (rq *requestScreen) showActions() {
	r := rq.m.Request
	var items []fyne.CanvasObject
	add := func(label string, f func()) *widget.Button {
		b := widget.NewButton(label, rq.h.Act(f))
		items = append(items, b)
		return b
	}
	switch r.Status {
	case model.ReqReceived:
		add(lang.X("release.requester_and_authority_checked", "Requester and authority checked"), func() { rq.move(model.ReqChecked, "") })
	case model.ReqChecked:
		add(lang.X("release.start_preparing", "Start preparing"), func() { rq.move(model.ReqPreparing, "") })
	case model.ReqPreparing:
		b := add(lang.X("release.build_packet", "Build packet…"), rq.buildPacket)
		b.Importance = widget.HighImportance
	case model.ReqQC:
		add(lang.X("release.back_to_preparation", "Back to preparation"), func() { rq.move(model.ReqPreparing, "") })
		add(lang.X("release.build_packet_again", "Build packet again…"), rq.buildPacket)
		b := add(lang.X("release.release_the_packet_has_been_checked", "Release: the packet has been checked"), rq.confirmRelease)
		b.Importance = widget.HighImportance
	case model.ReqReleased:
		items = append(items, widget.NewLabel(lang.X("release.released_see_the_patient", "Released; see the patient's accounting of disclosures.")))
	case model.ReqRefused:
		items = append(items, widget.NewLabel(lang.X("release.refused_why_below", "Refused (why: below).")))
	}
	if !r.Status.Closed() {
		add(lang.X("release.refuse_2", "Refuse…"), rq.refuse)
	}
	kit.SetTools(rq.actions, items...)
}

func (rq *requestScreen) move(to model.RequestStatus, note string) {
	rq.saveThen(func() {
		id := rq.id
		kit.Run(rq.h, func(sess *storage.Session) (model.Request, error) { return sess.Release().Move(id, to, note) }, func(_ model.Request, err error) {
			if err != nil {
				rq.h.ShowError(err)
				return
			}
			rq.reload()
		})
	})
}

func (rq *requestScreen) refuse() {
	rq.h.AskReason(lang.X("release.refuse_the_request", "Refuse the request"), lang.X("release.why_is_the_request", "Why is the request refused? The reason is kept and told to the requester."), lang.X("release.refuse", "Refuse"),
		func(reason string) { rq.move(model.ReqRefused, reason) })
}

func (rq *requestScreen) confirmRelease() {
	r := rq.m.Request
	if rq.m.GroundErr != nil {
		rq.h.ShowError(rq.m.GroundErr)
		return
	}
	dialog.ShowConfirm(lang.X("release.release_the_records", "Release the records"),
		fmt.Sprintf(lang.X("release.send_the_packet_to", "Send the packet (%s, %s to %s) to %s?\nThe release is recorded in the patient's accounting of disclosures and cannot be undone."),
			kit.PagesCount(r.Packet.Pages), r.Packet.BatesFirst, r.Packet.BatesLast, r.Name),
		func(ok bool) {
			if ok {
				rq.release()
			}
		}, rq.h.Win)
}

func (rq *requestScreen) release() {
	id, rev := rq.id, rq.m.Rev
	kit.Run(rq.h, func(sess *storage.Session) (model.Disclosure, error) { return sess.Release().Disclose(id, rev) }, func(d model.Disclosure, err error) {
		if err != nil {
			rq.h.ShowError(err)
			rq.reload()
			return
		}
		rq.h.ShowInfo(lang.X("request.released", "Released"), fmt.Sprintf(lang.X("release.recorded_as_a_disclosure", "Recorded as a disclosure to %s on %s."), d.Recipient, rq.h.When(d.Date)))
		rq.reload()
	})
}

// revokeAuthorization records that the patient withdrew the chosen
// authorization; it stays on file, marked revoked.
func (rq *requestScreen) revokeAuthorization() {
	i := rq.authSel.SelectedIndex() - 1
	if i < 0 || i >= len(rq.auths) {
		rq.h.ShowError(fmt.Errorf("choose the authorization the patient withdrew"))
		return
	}
	a := rq.auths[i]
	rq.h.AskReason(lang.X("release.revoke_the_authorization", "Revoke the authorization"), lang.X("release.how_did_the_patient", "How did the patient withdraw it (letter, in person…)?"), lang.X("release.revoke", "Revoke"), func(why string) {
		kit.Run(rq.h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Release().Revoke(a.ID, model.DateOf(time.Now()), why)
		}, func(_ struct{}, err error) {
			if err != nil {
				rq.h.ShowError(err)
			}
			rq.reload()
		})
	})
}
