package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png" // scanned originals are JPEG or PNG
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"dossier/model"
	"dossier/reports/packet"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// buildPacket saves the choices, asks where to write the packet (and for
// a password when it is to be protected) and builds it with progress and
// Cancel. A packet that fails is deleted: none is left half-made.
func (rq *requestScreen) buildPacket() {
	rq.saveThen(func() {
		if rq.m.GroundErr != nil {
			rq.ui.showError(rq.m.GroundErr)
			return
		}
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			if rq.m.Request.Encrypt {
				rq.askPacketPassword(func(pw string) { rq.buildPacketTo(path, pw) })
				return
			}
			rq.buildPacketTo(path, "")
		}, rq.ui.win)
		d.SetFileName(rq.m.Request.Number + ".pdf")
		d.Resize(fyne.NewSize(800, 560))
		d.Show()
	})
}

// askPacketPassword asks for the password the recipient will be told
// separately (by phone, never in the same envelope).
func (rq *requestScreen) askPacketPassword(then func(string)) {
	pw, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	msg := errorText()
	var dlg dialog.Dialog
	ok := func() {
		switch {
		case len([]rune(pw.Text)) < 8:
			showError(msg, "Use at least 8 characters")
		case pw.Text != again.Text:
			showError(msg, "The two passwords differ")
		default:
			dlg.Hide()
			then(pw.Text)
		}
	}
	pw.OnSubmitted = func(string) { ok() }
	again.OnSubmitted = func(string) { ok() }
	form := widget.NewForm(widget.NewFormItem("Password", pw), widget.NewFormItem("Again", again))
	help := widget.NewLabel("Give the password to the recipient separately, by phone, never with the packet.")
	help.Wrapping = fyne.TextWrapWord
	dlg = dialog.NewCustomWithoutButtons("Password for the packet", container.NewVBox(help, form, msg,
		container.NewHBox(spacerH(), widget.NewButton("Cancel", func() { dlg.Hide() }), widget.NewButton("Build (Enter)", ok))), rq.ui.win)
	dlg.Resize(fyne.NewSize(480, 260))
	dlg.Show()
	rq.ui.win.Canvas().Focus(pw)
}

// buildPacketTo builds the packet into path and records it on the request.
func (rq *requestScreen) buildPacketTo(path, password string) {
	clinic, _ := rq.ui.sess.Clinic()
	rel := packetRelease(rq.ui.sess, rq.m, clinic, rq.ui.sess.User().FullName, password)
	var res packet.Result
	rq.ui.withProgress("Building the release packet", func(ctx context.Context, progress func(float64)) error {
		var err error
		res, err = writePacket(ctx, path, rel, func(done, total int) { progress(float64(done) / float64(max(total, 1))) })
		return err
	}, func(err error) {
		if err != nil {
			rq.ui.showError(fmt.Errorf("the packet was not made: %w", err))
			return
		}
		info := model.PacketInfo{BatesFirst: res.BatesFirst, BatesLast: res.BatesLast, Pages: res.Pages, SHA256: res.SHA256,
			Encrypted: password != ""}
		for _, it := range rel.Items {
			info.What = append(info.What, it.Title)
		}
		sess, id, rev := rq.ui.sess, rq.id, rq.m.Rev
		background(rq.ui, func() (model.Request, error) {
			r, _, err := sess.SetPacket(id, rev, info)
			return r, err
		}, func(_ model.Request, err error) {
			if err != nil {
				os.Remove(path)
				rq.ui.showError(err)
				return
			}
			dialog.ShowInformation("Packet ready", fmt.Sprintf("%d pages, %s to %s, saved to %s.\nLook through every page, then release it.",
				res.Pages, res.BatesFirst, res.BatesLast, path), rq.ui.win)
			rq.reload()
		})
	})
}

// writePacket writes the packet to a new private file; a packet that
// fails is removed, never left half-made.
func writePacket(ctx context.Context, path string, rel packet.Release, progress func(done, total int)) (packet.Result, error) {
	var res packet.Result
	err := writeFile(path, func(w io.Writer) error {
		var err error
		res, err = packet.Build(ctx, w, rel, progress)
		return err
	})
	return res, err
}

// packetRelease turns the chosen records into the packet's items: scanned
// documents at full resolution with their redactions, then typed
// encounters and notes with the text to leave out.
func packetRelease(sess *storage.Session, m storage.Material, clinic model.Clinic, by, password string) packet.Release {
	r := m.Request
	rel := packet.Release{
		Letterhead: packet.Letterhead{Clinic: clinic.Name, Address: clinic.Address},
		RequestNo:  r.Number, Recipient: r.Name, RecipientAddress: r.Address, Purpose: r.Purpose,
		Date: time.Now(), ReleasedBy: by,
		Patient:     packet.PatientLine{Name: m.Patient.DisplayName(), MRN: m.Patient.MRN, Born: m.Patient.BirthDate.String()},
		BatesPrefix: clinic.MRNPrefix + "-" + strings.ReplaceAll(strings.TrimPrefix(r.Number, "ROI-"), "-", "") + "-",
		BatesStart:  1, Password: password, Authority: m.Ground,
	}
	if r.Watermark {
		rel.Watermark = "CONFIDENTIAL COPY"
	}
	for _, dv := range m.ChosenDocuments() {
		doc := &packet.ScannedDoc{}
		for _, p := range dv.Pages {
			if !p.Discarded {
				doc.Pages = append(doc.Pages, scannedPage(sess, p, r.Redactions[p.ID.String()]))
			}
		}
		rel.Items = append(rel.Items, packet.Item{Title: fmt.Sprintf("%s, %s (scanned, %s)", dv.Doc.Type.Label(), dv.Doc.Date, countOf(len(doc.Pages), "page")), Scanned: doc})
	}
	for _, e := range m.Encounters {
		if slices.Contains(r.Encounters, e.ID) {
			rel.Items = append(rel.Items, packet.Item{Title: fmt.Sprintf("%s, %s", storage.EncounterDocType(e).Label(), e.Start.Local().Format("2006-01-02")),
				Typed: encounterRecord(e, r.Omit)})
		}
	}
	for _, n := range m.Notes {
		if slices.Contains(r.Notes, n.ID) {
			rel.Items = append(rel.Items, packet.Item{Title: fmt.Sprintf("Note, %s: %s", n.Written.Local().Format("2006-01-02"), n.Title),
				Typed: &packet.TypedRecord{Heading: n.Title, Fields: [][2]string{{"Written", n.Written.Local().Format("2006-01-02 15:04")},
					{"Author", n.Author}, {"Signed by", n.SignedBy}}, Text: n.Text, Omit: r.Omit}})
		}
	}
	return rel
}

// scannedPage opens the original scan only when the packet places it.
func scannedPage(sess *storage.Session, p storage.PageView, boxes []model.Rect) packet.ScannedPage {
	w, h := p.Width, p.Height
	if p.Rotation == 90 || p.Rotation == 270 {
		w, h = h, w
	}
	sp := packet.ScannedPage{Rotation: p.Rotation, Source: p.Source,
		Open: func() (image.Image, error) {
			data, err := sess.PageImage(p.Original)
			if err != nil {
				return nil, err
			}
			img, _, err := image.Decode(bytes.NewReader(data))
			return img, err
		}}
	if p.DPI > 0 {
		sp.WidthMM, sp.HeightMM = float64(w)/float64(p.DPI)*25.4, float64(h)/float64(p.DPI)*25.4
	}
	for _, b := range boxes {
		sp.Redact = append(sp.Redact, packet.Rect{X: b.X * w / 1000, Y: b.Y * h / 1000, W: (b.W*w + 999) / 1000, H: (b.H*h + 999) / 1000})
	}
	return sp
}

func encounterRecord(e model.Encounter, omit []string) *packet.TypedRecord {
	tr := &packet.TypedRecord{Heading: storage.EncounterDocType(e).Label(), Omit: omit}
	add := func(label, value string) {
		if value != "" {
			tr.Fields = append(tr.Fields, [2]string{label, value})
		}
	}
	add("Type", string(e.Type))
	add("From", e.Start.Local().Format("2006-01-02 15:04"))
	if !e.End.IsZero() {
		add("To", e.End.Local().Format("2006-01-02 15:04"))
	}
	add("Ward", e.Ward)
	add("Clinician", e.Clinician)
	add("Reason", e.Reason)
	for _, it := range e.ItemsToCode() {
		v := it.Text
		if it.Coded() {
			v += fmt.Sprintf(" — %s %s (%s)", it.System, it.Code, it.Title)
		}
		label := "Diagnosis"
		if it.Kind == model.ItemProcedure {
			label = "Procedure"
		}
		if it.Principal {
			label = "Principal " + strings.ToLower(label)
		}
		add(label, v)
	}
	return tr
}
