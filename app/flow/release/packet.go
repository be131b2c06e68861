// Package releaseflow turns a release request's chosen records into the
// packet PDF: the window and the command line build packets through here.
package release

import (
	"bytes"
	"context"
	"dossier/app/flow/privatefile"
	"fmt"
	"image"
	_ "image/jpeg" // page images are JPEG or PNG
	_ "image/png"
	"io"
	"slices"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	scanin "dossier/reports/imports/scans"
	"dossier/reports/packet"
	"dossier/reports/printed"
	"dossier/storage"
)

// WritePacket writes the packet to a new private file; a packet that
// fails is removed, never left half-made.
func WritePacket(ctx context.Context, path string, rel packet.Release, progress func(done, total int)) (packet.Result, error) {
	var res packet.Result
	err := privatefile.Write(path, func(w io.Writer) error {
		var err error
		res, err = packet.Build(ctx, w, rel, progress)
		return err
	})
	return res, err
}

// PacketRelease turns the chosen records into the packet's items: scanned
// documents at full resolution with their redactions, then typed
// encounters and notes with the text to leave out.
func PacketRelease(sess *storage.Session, m storage.Material, clinic model.Clinic, by, password string) packet.Release {
	r := m.Request
	rel := packet.Release{
		Letterhead: packet.Letterhead{Clinic: clinic.Name, Address: clinic.Address},
		RequestNo:  r.Number, Recipient: r.Name, RecipientAddress: r.Address, Purpose: r.Purpose,
		Date: time.Now(), ReleasedBy: by,
		Patient:     packet.PatientLine{Name: m.Patient.DisplayName(), MRN: m.Patient.MRN, Born: m.Patient.BirthDate.String()},
		BatesPrefix: clinic.MRNPrefix + "-" + strings.ReplaceAll(strings.TrimPrefix(r.Number, "ROI-"), "-", "") + "-",
		BatesStart:  1, Password: password, Authority: m.Ground,
		ToPatient: r.Requester == model.ReqPatient,
		Words:     printed.For(clinic.Language), DateOrder: clinical.ClinicOrder(clinic),
	}
	if r.Watermark {
		rel.Watermark = rel.Words.T("packet.watermark")
	}
	order := clinical.ClinicOrder(clinic)
	for _, dv := range m.ChosenDocuments() {
		doc := &packet.ScannedDoc{}
		for _, p := range dv.Pages {
			if !p.Discarded {
				doc.Pages = append(doc.Pages, scannedPage(sess, p, r.Redactions[p.ID.String()]))
			}
		}
		rel.Items = append(rel.Items, packet.Item{Title: fmt.Sprintf("%s, %s (scanned, %s)", dv.Doc.Type.Label(), documentDate(dv.Doc, m.Keyed, order), pages(len(doc.Pages))), Scanned: doc})
	}
	for _, e := range m.Encounters {
		if slices.Contains(r.Encounters, e.ID) {
			rel.Items = append(rel.Items, packet.Item{Title: fmt.Sprintf("%s, %s", storage.EncounterDocType(e).Label(), encounterDate(e)),
				Typed: encounterRecord(e, m.Keyed, r.Omit)})
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
	// Packets place scans at 200 dpi; the display image is enough when it
	// has that many pixels, and decoding it is far cheaper than the
	// 300 dpi original.
	src := p.Original
	if long := max(p.Width, p.Height); p.DPI*min(long, scanin.DisplayMax) >= 190*long || p.DPI == 0 && long <= scanin.DisplayMax {
		src = p.Display
	}
	sp := packet.ScannedPage{Rotation: p.Rotation, Source: p.Source,
		Open: func() (image.Image, error) {
			data, err := sess.Pages().Image(src)
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

// documentDate is the one date a document goes by: the date keyed from it
// (a discharge summary's discharge), which a clerk read carefully, or else
// the date it was filed under. The packet never shows one paper under two
// dates.
func documentDate(doc model.Document, keyed []clinical.Transcript, order clinical.DateOrder) model.Date {
	for _, tr := range keyed {
		if tr.DocumentID == doc.ID && tr.Settled() {
			if d, ok := tr.Dated(order); ok {
				return d
			}
		}
	}
	return doc.Date
}

// encounterDate dates a typed encounter as its paper would be dated: a
// stay that has ended is a discharge summary, dated by the discharge; a
// visit, or a stay still open, by its start.
func encounterDate(e model.Encounter) string {
	if e.Type == model.EncInpatient && !e.End.IsZero() {
		return e.End.Local().Format("2006-01-02")
	}
	return e.Start.Local().Format("2006-01-02")
}

// encounterRecord is an encounter as a typed record: the encounter's own
// fields, how a stay ended, then every field keyed from the documents
// filed to it (outcome, medicines, follow-up …) whose values are of record.
func encounterRecord(e model.Encounter, keyed []clinical.Transcript, omit []string) *packet.TypedRecord {
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
	if e.Type == model.EncInpatient && !e.End.IsZero() {
		how := "not recorded"
		if e.Disposition != "" {
			how = clinical.Disposition(e.Disposition).Label()
		}
		add("How the stay ended", how)
	}
	add("Discharge note", e.DischargeNote)
	for _, k := range keyed {
		t, ok := clinical.TemplateFor(k.Template)
		if k.EncounterID != e.ID || !k.Settled() || !ok {
			continue
		}
		rows, narrative := t.Rows(k.Final)
		tr.Fields = append(tr.Fields, [2]string{"Keyed from", t.Title + " (scanned)"})
		tr.Fields = append(tr.Fields, rows...)
		if len(narrative) > 0 {
			if tr.Text != "" {
				tr.Text += "\n"
			}
			tr.Text += strings.Join(narrative, "\n")
		}
	}
	return tr
}

func pages(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}
