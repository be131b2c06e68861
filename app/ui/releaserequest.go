package ui

import (
	"fmt"
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

// releaseItem is one record that can go in a packet.
type releaseItem struct {
	kind      model.Kind // document, encounter or note
	id        model.ID
	label     string
	sensitive []model.Sensitive
}

// requestScreen works one release request from check to release: the
// authority, the records chosen (only what was asked for, by default),
// redactions, the packet, its quality check and the release.
type requestScreen struct {
	ui     *UI
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
}

const (
	noAuth      = "No authorization"
	exNone      = "No exemption"
	exCare      = "Continuing care"
	exCourt     = "Court order"
	noCourtCopy = "(choose the filed copy of the order)"
)

func (ui *UI) openRequest(id model.ID) {
	if ui.shell != nil {
		ui.shell.setContent(ui.requestScreen(id))
	}
}

func (ui *UI) requestScreen(id model.ID) fyne.CanvasObject {
	rq := &requestScreen{ui: ui, id: id, chosen: map[model.ID]bool{},
		header: widget.NewLabel("Loading the request…"), ground: widget.NewLabel(""), packetInfo: widget.NewLabel("")}
	rq.header.Wrapping, rq.ground.Wrapping, rq.packetInfo.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord, fyne.TextWrapWord
	rq.list = widget.NewList(func() int { return len(rq.items) },
		func() fyne.CanvasObject { return widget.NewCheck("record", nil) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*widget.Check)
			it := rq.items[i]
			c.OnChanged = nil
			c.SetText(it.label)
			c.SetChecked(rq.chosen[it.id])
			c.OnChanged = func(on bool) { rq.choose(it.id, on) }
		})
	rq.authSel = widget.NewSelect(nil, func(string) { rq.dirty = true })
	rq.exemption = widget.NewSelect([]string{exNone, exCare, exCourt}, func(s string) {
		rq.dirty = true
		if rq.courtDoc != nil {
			rq.courtDoc.Hidden = s != exCourt
			rq.courtDoc.Refresh()
		}
	})
	rq.courtDoc = widget.NewSelect(nil, func(string) { rq.dirty = true })
	rq.omit = widget.NewMultiLineEntry()
	rq.omit.SetPlaceHolder("text to leave out of typed records, one per line (names of third parties…)")
	rq.omit.SetMinRowsVisible(2)
	rq.omit.OnChanged = func(string) { rq.dirty = true }
	rq.watermark = widget.NewCheck("Watermark \"CONFIDENTIAL COPY\"", func(bool) { rq.dirty = true })
	rq.encrypt = widget.NewCheck("Protect the PDF with a password (AES-256)", func(bool) { rq.dirty = true })
	rq.actions = container.NewHBox()
	back := widget.NewButtonWithIcon("Requests", theme.NavigateBackIcon(), ui.act(func() { ui.OpenSection("Release of information") }))
	authority := widget.NewForm(
		widget.NewFormItem("Authorization", container.NewBorder(nil, nil, nil,
			container.NewHBox(widget.NewButton("Record authorization…", ui.act(rq.recordAuthorization)),
				widget.NewButton("Revoke…", ui.act(rq.revokeAuthorization))), rq.authSel)),
		widget.NewFormItem("Exemption", container.NewGridWithColumns(2, rq.exemption, rq.courtDoc)),
		widget.NewFormItem("Leave out", rq.omit),
		widget.NewFormItem("Packet", container.NewHBox(rq.watermark, rq.encrypt)))
	save := widget.NewButtonWithIcon("Save choices", theme.DocumentSaveIcon(), ui.act(rq.save))
	left := container.NewBorder(widget.NewLabelWithStyle("Records to release (ticked: what was asked for)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, rq.list)
	right := container.NewVBox(authority, container.NewHBox(save, widget.NewButton("Redact pages…", ui.act(rq.redact))), rq.ground, rq.packetInfo)
	split := container.NewHSplit(left, container.NewVScroll(right))
	split.Offset = 0.45
	rq.root = container.NewBorder(container.NewVBox(container.NewHBox(back, spacerH(), rq.actions), rq.header, widget.NewSeparator()),
		nil, nil, nil, split)
	ui.request = rq
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
	rq.header.SetText(fmt.Sprintf("%s · %s · %s\nRecords of %s (%s), asked for by %s (%s), %s\nPurpose: %s · received %s · due %s%s",
		r.Number, r.Status.Label(), ageText(r), m.Patient.DisplayName(), m.Patient.MRN, r.Name,
		r.Requester.Short(), oneLine(r.Address), r.Purpose, r.Received.Local().Format("2006-01-02"), r.Due, askedText(r)))
	rq.items = releaseItems(m)
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
	opts := []string{noAuth}
	sel := noAuth
	for _, a := range auths {
		l := authLabel(a, time.Now())
		opts = append(opts, l)
		if a.ID == r.AuthorizationID {
			sel = l
		}
	}
	rq.authSel.SetOptions(opts)
	rq.authSel.SetSelected(sel)
	rq.exemption.SetSelected(map[model.Exemption]string{model.ExemptNone: exNone, model.ExemptContinuingCare: exCare, model.ExemptCourtOrder: exCourt}[r.Exemption])
	courts := []string{noCourtCopy}
	courtSel := noCourtCopy
	for _, d := range m.Documents {
		l := docLine(d)
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
	rq.showGround()
	rq.showActions()
}

func ageText(r model.Request) string {
	if r.Status.Closed() {
		return "closed"
	}
	if r.Overdue(time.Now()) {
		return fmt.Sprintf("%d days open, OVERDUE", r.AgeDays(time.Now()))
	}
	return fmt.Sprintf("%d days open", r.AgeDays(time.Now()))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func askedText(r model.Request) string {
	var parts []string
	if !r.From.IsZero() || !r.To.IsZero() {
		parts = append(parts, fmt.Sprintf("records %s to %s", orDash(r.From.String()), orDash(r.To.String())))
	}
	for _, t := range r.DocTypes {
		parts = append(parts, strings.ToLower(t.Label()))
	}
	if len(parts) == 0 {
		return "\nAsked for: the whole record"
	}
	return "\nAsked for: " + strings.Join(parts, ", ")
}

func authLabel(a model.Authorization, today time.Time) string {
	state := "valid"
	switch {
	case !a.Revoked.IsZero():
		state = "REVOKED " + a.Revoked.String()
	case a.Expires.Time().Before(model.DateOf(today).Time()):
		state = "EXPIRED " + a.Expires.String()
	}
	return fmt.Sprintf("Signed %s by %s (%s) for %s, until %s — %s", a.Signed, a.Signer, a.Relationship, a.Recipient, a.Expires, state)
}

// releaseItems lists what the patient has, newest first, with the
// sensitive categories each carries.
func releaseItems(m storage.Material) []releaseItem {
	encs := map[model.ID]model.Encounter{}
	for _, e := range m.Encounters {
		encs[e.ID] = e
	}
	sensText := func(ss []model.Sensitive) string {
		if len(ss) == 0 {
			return ""
		}
		var names []string
		for _, s := range ss {
			names = append(names, s.Label())
		}
		return "  ⚠ " + strings.Join(names, ", ")
	}
	var out []releaseItem
	for _, d := range m.Documents {
		ss := slices.Clone(d.Doc.Sensitive)
		if e, ok := encs[d.Doc.EncounterID]; ok {
			ss = append(ss, model.SensitiveOfEncounter(e)...)
		}
		out = append(out, releaseItem{model.KindDocument, d.Doc.ID, "Scanned: " + docLine(d) + sensText(ss), ss})
	}
	for _, e := range m.Encounters {
		ss := model.SensitiveOfEncounter(e)
		out = append(out, releaseItem{model.KindEncounter, e.ID, "Typed: " + storage.EncounterDocType(e).Label() + " " + kit.EncounterLabel(e) + sensText(ss), ss})
	}
	for _, n := range m.Notes {
		var ss []model.Sensitive
		if e, ok := encs[n.EncounterID]; ok {
			ss = model.SensitiveOfEncounter(e)
		}
		out = append(out, releaseItem{model.KindNote, n.ID, fmt.Sprintf("Typed: note %s %s%s", n.Written.Local().Format("2006-01-02"), n.Title, sensText(ss)), ss})
	}
	return out
}

// asked reports whether an item falls within what the request asked for,
// the default selection.
func asked(r model.Request, it releaseItem, m storage.Material) bool {
	var t model.DocType
	var d model.Date
	switch it.kind {
	case model.KindDocument:
		for _, x := range m.Documents {
			if x.Doc.ID == it.id {
				t, d = x.Doc.Type, x.Doc.Date
			}
		}
	case model.KindEncounter:
		for _, e := range m.Encounters {
			if e.ID == it.id {
				t, d = storage.EncounterDocType(e), model.DateOf(e.Start)
			}
		}
	case model.KindNote:
		for _, n := range m.Notes {
			if n.ID == it.id {
				t, d = model.DocCaseNote, model.DateOf(n.Written)
			}
		}
	}
	if len(r.DocTypes) > 0 && !slices.Contains(r.DocTypes, t) {
		return false
	}
	if !r.From.IsZero() && d.Time().Before(r.From.Time()) {
		return false
	}
	return r.To.IsZero() || !d.Time().After(r.To.Time())
}

func (rq *requestScreen) choose(id model.ID, on bool) {
	rq.chosen[id] = on
	rq.dirty = true
	rq.showGround()
}

func (rq *requestScreen) showGround() {
	r := rq.m.Request
	switch {
	case r.Status.Closed():
		rq.ground.SetText("")
	case rq.dirty && len(r.Documents)+len(r.Encounters)+len(r.Notes) == 0:
		rq.ground.Importance = widget.WarningImportance
		rq.ground.SetText("The records asked for are ticked. Change the ticks if needed, then save the choices to check the authority.")
	case rq.dirty:
		rq.ground.Importance = widget.WarningImportance
		rq.ground.SetText("Choices changed: save them to check the authority again.")
	case rq.m.GroundErr != nil:
		rq.ground.Importance = widget.DangerImportance
		rq.ground.SetText("May not be released: " + rq.m.GroundErr.Error())
	default:
		rq.ground.Importance = widget.SuccessImportance
		rq.ground.SetText("May be released. Authority: " + rq.m.Ground)
	}
	rq.ground.Refresh()
	if p := r.Packet; p != nil {
		rq.packetInfo.SetText(fmt.Sprintf("Packet built %s by %s: %d pages, %s to %s, SHA-256 %s…",
			p.BuiltAt.Local().Format("2006-01-02 15:04"), p.BuiltBy, p.Pages, p.BatesFirst, p.BatesLast, p.SHA256[:16]))
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
	r.Exemption = map[string]model.Exemption{exNone: model.ExemptNone, exCare: model.ExemptContinuingCare, exCourt: model.ExemptCourtOrder}[rq.exemption.Selected]
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
	r, rev, sess := rq.work(), rq.m.Rev, rq.ui.sess
	background(rq.ui, func() (uint32, error) { return sess.SaveRequestWork(r, rev, "records and authority chosen") },
		func(_ uint32, err error) {
			if err != nil {
				rq.ui.showError(err)
				return
			}
			rq.dirty = false
			rq.reloadThen(next)
		})
}

func (rq *requestScreen) reloadThen(next func()) {
	sess, id := rq.ui.sess, rq.id
	background(rq.ui, func() (requestLoad, error) {
		m, err := sess.ReleaseMaterial(id)
		if err != nil {
			return requestLoad{}, err
		}
		auths, err := sess.PatientAuthorizations(m.Request.PatientID)
		return requestLoad{m, auths}, err
	}, func(l requestLoad, err error) {
		if err != nil {
			rq.header.SetText(plain(err))
			return
		}
		rq.show(l.m, l.auths)
		if next != nil {
			next()
		}
	})
}

// showActions offers the steps the request can take now.
func (rq *requestScreen) showActions() {
	r := rq.m.Request
	rq.actions.Objects = nil
	add := func(label string, f func()) *widget.Button {
		b := widget.NewButton(label, rq.ui.act(f))
		rq.actions.Add(b)
		return b
	}
	switch r.Status {
	case model.ReqReceived:
		add("Requester and authority checked", func() { rq.move(model.ReqChecked, "") })
	case model.ReqChecked:
		add("Start preparing", func() { rq.move(model.ReqPreparing, "") })
	case model.ReqPreparing:
		b := add("Build packet…", rq.buildPacket)
		b.Importance = widget.HighImportance
	case model.ReqQC:
		add("Back to preparation", func() { rq.move(model.ReqPreparing, "") })
		add("Build packet again…", rq.buildPacket)
		b := add("Release: the packet has been checked", rq.confirmRelease)
		b.Importance = widget.HighImportance
	case model.ReqReleased:
		rq.actions.Add(widget.NewLabel("Released; see the patient's accounting of disclosures."))
	case model.ReqRefused:
		rq.actions.Add(widget.NewLabel("Refused: " + r.Refusal))
	}
	if !r.Status.Closed() {
		add("Refuse…", rq.refuse)
	}
	rq.actions.Refresh()
}

func (rq *requestScreen) move(to model.RequestStatus, note string) {
	rq.saveThen(func() {
		sess, id := rq.ui.sess, rq.id
		background(rq.ui, func() (model.Request, error) { return sess.MoveRequest(id, to, note) }, func(_ model.Request, err error) {
			if err != nil {
				rq.ui.showError(err)
				return
			}
			rq.reload()
		})
	})
}

func (rq *requestScreen) refuse() {
	rq.ui.askReason("Refuse the request", "Why is the request refused? The reason is kept and told to the requester.", "Refuse",
		func(reason string) { rq.move(model.ReqRefused, reason) })
}

func (rq *requestScreen) confirmRelease() {
	r := rq.m.Request
	if rq.m.GroundErr != nil {
		rq.ui.showError(rq.m.GroundErr)
		return
	}
	dialog.ShowConfirm("Release the records",
		fmt.Sprintf("Send the packet (%d pages, %s to %s) to %s?\nThe release is recorded in the patient's accounting of disclosures and cannot be undone.",
			r.Packet.Pages, r.Packet.BatesFirst, r.Packet.BatesLast, r.Name),
		func(ok bool) {
			if ok {
				rq.release()
			}
		}, rq.ui.win)
}

func (rq *requestScreen) release() {
	sess, id, rev := rq.ui.sess, rq.id, rq.m.Rev
	background(rq.ui, func() (model.Disclosure, error) { return sess.Release(id, rev) }, func(d model.Disclosure, err error) {
		if err != nil {
			rq.ui.showError(err)
			rq.reload()
			return
		}
		dialog.ShowInformation("Released", fmt.Sprintf("Recorded as a disclosure to %s on %s.", d.Recipient, d.Date.Local().Format("2006-01-02 15:04")), rq.ui.win)
		rq.reload()
	})
}

// revokeAuthorization records that the patient withdrew the chosen
// authorization; it stays on file, marked revoked.
func (rq *requestScreen) revokeAuthorization() {
	i := rq.authSel.SelectedIndex() - 1
	if i < 0 || i >= len(rq.auths) {
		rq.ui.showError(fmt.Errorf("choose the authorization the patient withdrew"))
		return
	}
	a := rq.auths[i]
	rq.ui.askReason("Revoke the authorization", "How did the patient withdraw it (letter, in person…)?", "Revoke", func(why string) {
		sess := rq.ui.sess
		background(rq.ui, func() (struct{}, error) {
			return struct{}{}, sess.RevokeAuthorization(a.ID, model.DateOf(time.Now()), why)
		}, func(_ struct{}, err error) {
			if err != nil {
				rq.ui.showError(err)
			}
			rq.reload()
		})
	})
}
